"""Signing in, for staff and for funders: one set of views, two entrances (accounts/entrances.py).

How staff sign in (`ADMIN`, addresses under /<lang>/admin/):
1. the admin's own login page (`admin:login`, django.contrib.admin), throttled by django-axes;
2. `TwoFactorMiddleware` (accounts/middleware.py) then keeps publishers and superusers out of
   every admin page until their session is verified with a code: to `TwoFactorSetupView` if
   they have no confirmed authenticator app yet, to `TwoFactorVerifyView` otherwise. Editors
   may set one up; once they have, they are asked for a code like the others;
3. a forgotten password: the `PasswordReset*` views, in the admin's look (accounts/urls.py).

How a funder signs in (`funders.views.FUNDERS`, addresses under /<lang>/funders/, URL names in
funders/urls.py): `LoginView` with a form that only accepts funder accounts; if the account
has an authenticator app, `TwoFactorVerifyView` before any page of the space (two-factor is
optional for funders: `TwoFactorSetupView` turns it on or off); `LogoutView` (POST only); a
forgotten password: the same `PasswordReset*` views, in the space's look, for funder accounts
only.

For both: wrong passwords and wrong codes are counted together by django-axes (hooks in
accounts/throttling.py); wrong codes are also slowed down by django-otp; a session gets a new
key when its second factor is accepted. The pages are `templates/accounts/<page>.html`, shared,
in the frame `accounts/<entrance>/base.html`, or `accounts/<entrance>/<page>.html` where an
entrance's page says something of its own.
"""

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import ratelimit
from core.client import client_ip
from core.qr import qr_svg

from .entrances import safe_next, with_next
from .forms import BoundedSetPasswordForm
from .otp import (
    WRONG_CODE,
    CodeForm,
    check_code,
    confirmed_devices,
    grouped_secret,
    is_verified,
    needs_code,
    requires_two_factor,
)

# Reset links asked for in an hour, from one client address and for one e-mail address: enough
# for a person who mistypes, too few to flood a mailbox or to probe for accounts.
RESETS_PER_CLIENT = 10
RESETS_PER_EMAIL = 3
RESETS_WINDOW = 60 * 60


class EntranceMixin:
    """A page of an entrance (given to as_view): its template and the context of its look."""

    entrance = None
    page = None

    def get_template_names(self):
        return [f"accounts/{self.entrance.name}/{self.page}.html", f"accounts/{self.page}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **self.entrance.frame(self.request),
            "frame": f"accounts/{self.entrance.name}/base.html",
            **context,
        }


# -- sign in and out (the funders' space; the admin has its own) ------------------------------


class LoginView(EntranceMixin, auth_views.LoginView):
    """Django's LoginView: authenticate(request, …), so django-axes throttles it."""

    page = "login"
    redirect_authenticated_user = True

    def get_form_class(self):
        return self.entrance.authentication_form

    def get_default_redirect_url(self):
        return reverse(self.entrance.home)

    def get_success_url(self):
        url = super().get_success_url()
        if needs_code(self.request.user):
            return self.entrance.verify_url(url)
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # LoginView names the site after the request's host; the pages say the site's name.
        context.pop("site_name", None)
        return context


class LogoutView(EntranceMixin, auth_views.LogoutView):
    """Sign out (POST only, as Django's LogoutView), back to the sign-in page."""

    def get_default_redirect_url(self):
        return reverse(self.entrance.login)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


# -- two-factor authentication ----------------------------------------------------------------


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class TwoFactorView(EntranceMixin, TemplateView):
    """Behind the entrance's door; never stored by a cache, never indexed."""

    def dispatch(self, request, *args, **kwargs):
        admitted = self.entrance.gate(request)
        if isinstance(admitted, HttpResponseBase):
            return admitted
        self.admitted = admitted
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{**self.admitted, **kwargs})


class TwoFactorSetupView(TwoFactorView):
    """Add an authenticator app: a secret (QR code and text), confirmed by a first code.

    Replacing the app takes a code from the current one; one app per account. Where two-factor
    is optional, the page also turns it off.
    """

    page = "two_factor_setup"

    def get(self, request, *args, **kwargs):
        if needs_code(request.user):
            return redirect(self.entrance.verify_url(request.get_full_path()))
        return self.render(CodeForm())

    def post(self, request, *args, **kwargs):
        user = request.user
        if needs_code(user):
            return redirect(self.entrance.verify_url(request.get_full_path()))
        if self.entrance.two_factor_optional and "turn_off" in request.POST:
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor authentication is off for your account."))
            return redirect(self.entrance.two_factor_setup)
        form = CodeForm(request.POST)
        if form.is_valid():
            device, error = check_code(self.device(), form.cleaned_data["code"])
            if error is None:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                # One app per account: a new one replaces the old.
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                request.session.cycle_key()
                otp_login(request, device)
                messages.success(request, _("Two-factor authentication is on for your account."))
                return redirect(safe_next(request, reverse(self.entrance.home)))
            form.add_error("code", error)
        return self.render(form)

    def device(self):
        """The app being set up: kept across reloads (the app may already have its key)."""
        user = self.request.user
        return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by(
            "-pk"
        ).first() or TOTPDevice.objects.create(
            user=user, name=str(_("Authenticator app")), confirmed=False
        )

    def render(self, form):
        user = self.request.user
        device = self.device()
        optional = self.entrance.two_factor_optional
        return self.render_to_response(
            self.get_context_data(
                # Where it is optional, the page says whether it is on: named for the feature.
                title=_("Two-factor authentication")
                if optional
                else _("Set up two-factor authentication"),
                form=form,
                next=safe_next(self.request, reverse(self.entrance.home)),
                secret=grouped_secret(b32encode(device.bin_key).decode()),
                qr_code=qr_svg(device.config_url, _("QR code to scan with your authenticator app")),
                required=requires_two_factor(user),
                replacing=confirmed_devices(user).exists(),
                optional=optional,
            )
        )


class TwoFactorVerifyView(TwoFactorView):
    """Ask for the current code of the account's authenticator app: the second step of signing in.

    Wrong codes count with wrong passwords (django-axes): at the limit, the session ends and
    the lockout page is shown.
    """

    page = "two_factor_verify"

    def get(self, request, *args, **kwargs):
        return self.handle(CodeForm())

    def post(self, request, *args, **kwargs):
        return self.handle(CodeForm(request.POST))

    def handle(self, form):
        request = self.request
        user = request.user
        next_url = safe_next(request, reverse(self.entrance.home))
        device = confirmed_devices(user).first()
        if device is None and not self.entrance.two_factor_optional:
            return redirect(with_next(reverse(self.entrance.two_factor_setup), next_url))
        if device is None or is_verified(user):
            return redirect(next_url)
        if form.is_bound and form.is_valid():
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
                    return redirect(self.entrance.login)
        return self.render_to_response(
            self.get_context_data(title=_("Two-factor authentication"), form=form, next=next_url)
        )


# -- password reset by e-mail (Django's views) ------------------------------------------------


class PasswordResetView(EntranceMixin, auth_views.PasswordResetView):
    """Says the same whatever the address; mails a link to the accounts the entrance's form
    finds (Django's: active accounts with a usable password)."""

    page = "password_reset_form"

    @property
    def email_template_name(self):
        return f"accounts/{self.entrance.name}/password_reset_email.txt"

    @property
    def subject_template_name(self):
        return f"accounts/{self.entrance.name}/password_reset_subject.txt"

    @property
    def extra_email_context(self):
        return {
            "site_name": settings.SITE_NAME,
            "link_minutes": max(1, settings.PASSWORD_RESET_TIMEOUT // 60),
        }

    def get_form_class(self):
        return self.entrance.password_reset_form

    def get_success_url(self):
        return reverse(self.entrance.reset_done)

    def form_valid(self, form):
        """Mails a link unless this client or this address asked too often: the same page
        again, answered 429, with the address kept and what to do."""
        address = form.cleaned_data["email"].strip().lower()
        allowed = ratelimit.attempt(
            "password-reset:client", client_ip(self.request), RESETS_PER_CLIENT, RESETS_WINDOW
        ) and ratelimit.attempt("password-reset:email", address, RESETS_PER_EMAIL, RESETS_WINDOW)
        if not allowed:
            form.add_error(
                "email",
                _(
                    "Too many reset links were asked for from your connection or for this "
                    "address. Please wait an hour before asking again; a link already sent "
                    "works for %(minutes)d minutes."
                )
                % {"minutes": max(1, settings.PASSWORD_RESET_TIMEOUT // 60)},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(EntranceMixin, auth_views.PasswordResetDoneView):
    page = "password_reset_done"


class PasswordResetConfirmView(EntranceMixin, auth_views.PasswordResetConfirmView):
    page = "password_reset_confirm"
    form_class = BoundedSetPasswordForm

    def get_success_url(self):
        return reverse(self.entrance.reset_complete)


class PasswordResetCompleteView(EntranceMixin, auth_views.PasswordResetCompleteView):
    page = "password_reset_complete"
