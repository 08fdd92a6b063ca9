"""Staff accounts: login throttling, two-factor authentication, password reset.

- Login throttling is django-axes' (settings AXES_*): `lockout_response` renders its lockout
  page in the admin's style, `client_ip` tells it who the client is behind a proxy.
- Two-factor authentication is django-otp's TOTP devices (authenticator apps).
  `TwoFactorMiddleware` keeps publishers and superusers out of every admin page until their
  session is verified with a code: to the setup page if they have no confirmed device yet,
  to the verify page otherwise. Editors may set it up; they are not forced to, but once they
  have, they are asked for a code like the others. Wrong codes are slowed down by django-otp
  (exponential delay) and counted by django-axes like wrong passwords: at the limit the
  session ends and the lockout page is shown.
- Password reset by e-mail: Django's views, with the admin's look (`templates/registration/`).
"""

from base64 import b32encode
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .qr import qr_svg

PUBLISHERS = "Publishers"
SITE_NAME = "Accès Santé"


# -- who must use a second factor -----------------------------------------------------------


def requires_two_factor(user):
    """Publishers and superusers: they can put content online and change who may."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=PUBLISHERS).exists()


def confirmed_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk")


def is_verified(user):
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def safe_next(request, fallback=None):
    """The `next` address of a sign-in step if it stays on this site, else `fallback` (the admin)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback or reverse("admin:index")


def _with_next(url, next_url):
    return f"{url}?next={quote(next_url)}" if next_url else url


# Admin views that must stay open without a second factor: signing in and out.
OPEN_ADMIN_VIEWS = {"login", "logout"}


class TwoFactorMiddleware:
    """Guards the admin (URL namespace "admin") only; the public site is never affected.

    Must come after django_otp.middleware.OTPMiddleware, which sets user.is_verified().
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespaces[:1] != ["admin"] or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None  # the admin sends them to its login page
        if is_verified(user):
            return None
        next_url = request.get_full_path()
        # Whoever has set up an app is asked for a code, editors included.
        if confirmed_devices(user).exists():
            return redirect(_with_next(reverse("two_factor_verify"), next_url))
        if requires_two_factor(user):
            return redirect(_with_next(reverse("two_factor_setup"), next_url))
        return None


# -- forms ------------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("The six digits your app shows now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits your authenticator app shows."))
        return code


WRONG_CODE = _(
    "This code is not the right one. Enter the six digits your app shows now "
    "(check the time on your phone if it keeps happening)."
)


def _throttled_message(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    seconds = 1
    if data and data.get("locked_until"):
        seconds = max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
    return ngettext(
        "Too many wrong codes: wait %(seconds)d second, then try again.",
        "Too many wrong codes: wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def check_code(device, code):
    """(device, None) when `code` is accepted, else (device, the error to show). Throttled by django-otp."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        throttled = _throttled_message(device)
        if throttled:
            return device, throttled
        if device.verify_token(code):
            return device, None
    return device, WRONG_CODE


# -- pages ------------------------------------------------------------------------------------


def admin_frame(request):
    """The admin's context (header, user tools) without its list of models: the user may not
    be allowed to reach them yet."""
    return {
        **admin.site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "available_apps": [],
    }


def _admin_page(request, template, context):
    return TemplateResponse(request, template, {**admin_frame(request), **context})


def grouped_secret(secret):
    """A TOTP key in groups of four characters, easier to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def two_factor_setup(request):
    """Add an authenticator app: a secret (QR code and text), confirmed by a first code."""
    user = request.user
    next_url = safe_next(request)
    has_device = confirmed_devices(user).exists()
    if has_device and not is_verified(user):
        # Replacing the app takes a code from the current one.
        return redirect(_with_next(reverse("two_factor_verify"), request.get_full_path()))

    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by(
        "-pk"
    ).first() or TOTPDevice.objects.create(
        user=user, name=str(_("Authenticator app")), confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = check_code(device, form.cleaned_data["code"])
        if error:
            form.add_error("code", error)
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # One app per account: a new one replaces the old.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            request.session.cycle_key()
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(next_url)

    secret = b32encode(device.bin_key).decode()
    return _admin_page(
        request,
        "accounts/two_factor_setup.html",
        {
            "title": _("Set up two-factor authentication"),
            "form": form,
            "next": next_url,
            "secret": grouped_secret(secret),
            "qr_code": qr_svg(device.config_url, _("QR code to scan with your authenticator app")),
            "required": requires_two_factor(user),
            "replacing": has_device,
        },
    )


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def two_factor_verify(request):
    """Ask for the current code of the account's authenticator app."""
    user = request.user
    next_url = safe_next(request)
    device = confirmed_devices(user).first()
    if device is None:
        return redirect(_with_next(reverse("two_factor_setup"), next_url))
    if is_verified(user):
        return redirect(next_url)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = check_code(device, form.cleaned_data["code"])
        if error is None:
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("code", error)
        if error is WRONG_CODE:
            # Counted by django-axes with the wrong passwords of this username and address.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
            if getattr(request, "axes_locked_out", False):
                logout(request)
                # AxesMiddleware replaces this response with the lockout page.
                return redirect("admin:login")
    return _admin_page(
        request,
        "accounts/two_factor_verify.html",
        {"title": _("Two-factor authentication"), "form": form, "next": next_url},
    )


# -- login throttling (django-axes) -----------------------------------------------------------


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address are locked out."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    response = _admin_page(
        request,
        "accounts/lockout.html",
        {
            "title": _("Too many failed attempts"),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": minutes,
        },
    )
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    # Built in a middleware (AxesMiddleware), after Django renders template responses.
    return response.render()


def client_ip(request):
    """The client's address: the connection's, or the one the nearest trusted proxy saw."""
    count = settings.ACCOUNTS_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


# -- password reset (Django's views in the admin's frame) -------------------------------------


class AdminFrameMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**admin_frame(self.request), **context}


class PasswordResetView(AdminFrameMixin, auth_views.PasswordResetView):
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self):
        return {
            "site_name": SITE_NAME,
            "link_minutes": max(1, settings.PASSWORD_RESET_TIMEOUT // 60),
        }


class PasswordResetDoneView(AdminFrameMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminFrameMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(AdminFrameMixin, auth_views.PasswordResetCompleteView):
    pass


# Included under the admin's prefix (/<lang>/admin/) in config/urls.py, before the admin's own.
urlpatterns = [
    path("two-factor/setup/", two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor_verify, name="two_factor_verify"),
    # The admin's login page links to the URL named admin_password_reset.
    path("password-reset/", PasswordResetView.as_view(), name="admin_password_reset"),
    path("password-reset/sent/", PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/", PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]
