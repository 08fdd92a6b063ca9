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
key when its second factor is accepted. The code step also takes one of the account's ten
recovery codes, or, with JavaScript, one of its passkeys (accounts/passkeys.py,
`PasskeysView` lists them) (accounts.models.RecoveryCodes, shown once by `TwoFactorSetupView` and
`RecoveryCodesView`). `ReauthenticateView` asks for the password and the second factor again
before a sensitive change (accounts.sessions); `SessionsView` lists the account's sessions and
ends the others. Every step writes a line of the security log (accounts/security.py).

The pages are `templates/accounts/<page>.html`, shared, in the frame
`accounts/<entrance>/base.html`, or `accounts/<entrance>/<page>.html` where an entrance's page
says something of its own.
"""

import logging
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import select_template
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import ratelimit
from core.client import client_ip
from core.qr import qr_svg

from . import security, sessions
from .entrances import safe_next, with_next
from .forms import BoundedSetPasswordForm, MailPreferenceForm, ReauthenticationForm
from .models import MailPreference, RecoveryCodes
from .otp import (
    WRONG_CODE,
    CodeForm,
    VerifyCodeForm,
    check_code,
    check_recovery_code,
    confirmed_devices,
    grouped_secret,
    is_verified,
    needs_code,
    passkeys_of,
    recovery_codes_of,
    requires_two_factor,
    verification_context,
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
        # The entrance's own page (the admin's), else a space's (funders, operators), else one
        # for every entrance.
        return [
            f"accounts/{self.entrance.name}/{self.page}.html",
            f"accounts/space/{self.page}.html",
            f"accounts/{self.page}.html",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **self.entrance.frame(self.request),
            # The frame of the pages that ask for a code: the entrance's own (the admin's),
            # else a space's (templates/accounts/space/base.html, in the space's look).
            "frame": select_template(
                [f"accounts/{self.entrance.name}/base.html", "accounts/space/base.html"]
            ).template,
            "space_frame": f"{self.entrance.name}/base.html",
            "entrance": self.entrance,
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


class FullySignedInMixin:
    """Pages for an account signed in with every factor it has: first the code of its app (if
    it has one), and the app itself where the entrance requires one."""

    def unfinished_sign_in(self):
        request = self.request
        if needs_code(request.user):
            return redirect(self.entrance.verify_url(request.get_full_path()))
        required = not self.entrance.two_factor_optional and requires_two_factor(request.user)
        if required and not is_verified(request.user):
            return redirect(
                with_next(reverse(self.entrance.two_factor_setup), request.get_full_path())
            )
        return None


class TwoFactorSetupView(TwoFactorView):
    """Add an authenticator app: a secret (QR code and text), confirmed by a first code; then the
    account's ten recovery codes, shown once.

    Replacing the app takes a code from the current one (or a recovery code) and a recent
    re-authentication; one app per account. Where two-factor is optional, the page also turns it
    off.
    """

    page = "two_factor_setup"

    def guard(self):
        request = self.request
        if needs_code(request.user):
            return redirect(self.entrance.verify_url(request.get_full_path()))
        return sessions.reauthentication_redirect(request, self.entrance)

    def get(self, request, *args, **kwargs):
        return self.guard() or self.render(CodeForm())

    def post(self, request, *args, **kwargs):
        refusal = self.guard()
        if refusal:
            return refusal
        user = request.user
        if self.entrance.two_factor_optional and "turn_off" in request.POST:
            TOTPDevice.objects.filter(user=user).delete()
            RecoveryCodes.objects.filter(user=user).delete()
            # A passkey comes beside the app (accounts/passkeys.py): it goes with it.
            passkeys_of(user).delete()
            ended = sessions.end_other_sessions(request)
            security.log("two_factor_disabled", request, sessions_ended=ended)
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
                sessions.second_factor_given(request)
                codes = RecoveryCodes.generate(user)
                # A changed second factor ends the account's other sessions (ASVS 7.4.3).
                ended = sessions.end_other_sessions(request)
                security.log("two_factor_enabled", request, sessions_ended=ended)
                security.log("recovery_codes_generated", request)
                messages.success(request, _("Two-factor authentication is on for your account."))
                return show_recovery_codes(
                    self, codes, safe_next(request, reverse(self.entrance.home))
                )
            security.log("two_factor_failed", request, step="setup", level=logging.WARNING)
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


def show_recovery_codes(view, codes, next_url):
    """The page that shows new recovery codes: the only time they are shown."""
    view.page = "recovery_codes"
    # Never stored by a cache (TwoFactorView: never_cache).
    return view.render_to_response(
        view.get_context_data(title=_("Your recovery codes"), codes=codes, next=next_url)
    )


class TwoFactorVerifyView(TwoFactorView):
    """Ask for the current code of the account's authenticator app, or one of its recovery
    codes: the second step of signing in.

    Wrong codes count with wrong passwords (django-axes): at the limit, the session ends and
    the lockout page is shown.
    """

    page = "two_factor_verify"

    def get(self, request, *args, **kwargs):
        return self.handle(VerifyCodeForm())

    def post(self, request, *args, **kwargs):
        return self.handle(VerifyCodeForm(request.POST))

    def handle(self, form):
        request = self.request
        user = request.user
        next_url = safe_next(request, reverse(self.entrance.home))
        device = confirmed_devices(user).first()
        # A passkey without an app: an administrator removed the app, the passkey still works.
        has_factor = device is not None or passkeys_of(user).exists()
        if not has_factor and not self.entrance.two_factor_optional:
            return redirect(with_next(reverse(self.entrance.two_factor_setup), next_url))
        if not has_factor or is_verified(user):
            return redirect(next_url)
        if form.is_bound and form.is_valid():
            code = form.cleaned_data["code"]
            if form.is_recovery_code:
                device, error = check_recovery_code(user, code)
            elif device is None:
                error = WRONG_CODE
            else:
                device, error = check_code(device, code)
            if error is None:
                request.session.cycle_key()
                otp_login(request, device)
                sessions.second_factor_given(request)
                if form.is_recovery_code:
                    return self.recovered(device, next_url)
                security.log("two_factor_verified", request, method_used="totp")
                return redirect(next_url)
            form.add_error("code", error)
            if error is not WRONG_CODE and not form.is_recovery_code:
                return self.render_page(form, next_url)  # throttled by django-otp: not counted
            return wrong_code(self, form, next_url, step="sign_in")
        return self.render_page(form, next_url)

    def recovered(self, device, next_url):
        request = self.request
        left = device.remaining()
        security.log("two_factor_verified", request, method_used="recovery_code", codes_left=left)
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code: %(count)d code is left. If you lost your "
                "phone, set up a new authenticator app now; it gives you new recovery codes.",
                "You signed in with a recovery code: %(count)d codes are left. If you lost your "
                "phone, set up a new authenticator app now; it gives you new recovery codes.",
                left,
            )
            % {"count": left},
        )
        return redirect(self.entrance.two_factor_setup)

    def render_page(self, form, next_url):
        return self.render_to_response(
            self.get_context_data(
                title=_("Two-factor authentication"),
                form=form,
                next=next_url,
                # The passkey button (django-otp-webauthn's script), if the account has one.
                **verification_context(self.request, self.entrance),
            )
        )


def wrong_code(view, form, next_url, step):
    """A wrong second factor: logged, and counted by django-axes with the wrong passwords of
    this username and address; at the limit the session ends (the lockout page)."""
    request = view.request
    user = request.user
    security.log("two_factor_failed", request, step=step, level=logging.WARNING)
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)
        # AxesMiddleware replaces this response with the lockout page.
        return redirect(view.entrance.login)
    return view.render_page(form, next_url)


# -- re-authentication, recovery codes, sessions ----------------------------------------------


class ReauthenticateView(FullySignedInMixin, TwoFactorView):
    """The password, then the code of the app (or a recovery code), again: before a sensitive
    change (accounts.sessions.reauthentication_redirect). Throttled like signing in."""

    page = "reauthenticate"

    def get(self, request, *args, **kwargs):
        return self.unfinished_sign_in() or self.render_page(self.form(), self.next_url())

    def post(self, request, *args, **kwargs):
        refusal = self.unfinished_sign_in()
        if refusal:
            return refusal
        form = self.form(request.POST)
        next_url = self.next_url()
        if not form.is_valid():
            return self.render_page(form, next_url)
        user = request.user
        # authenticate(): django-axes counts a wrong password, and refuses while locked out.
        if (
            authenticate(
                request, username=user.get_username(), password=form.cleaned_data["password"]
            )
            is None
        ):
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return redirect(self.entrance.login)
            security.log("reauthentication_failed", request, step="password", level=logging.WARNING)
            form.add_error("password", _("This is not your password."))
            return self.render_page(form, next_url)
        if "code" in form.fields:
            code = form.cleaned_data["code"]
            if form.is_recovery_code:
                _device, error = check_recovery_code(user, code)
            else:
                _device, error = check_code(confirmed_devices(user).first(), code)
            if error is not None:
                form.add_error("code", error)
                if error is not WRONG_CODE and not form.is_recovery_code:
                    return self.render_page(form, next_url)
                return wrong_code(self, form, next_url, step="reauthentication")
            sessions.second_factor_given(request)
        sessions.password_given(request)
        # A new session key at each authentication, re-authentication included (ASVS 7.2.4).
        request.session.cycle_key()
        security.log("reauthenticated", request)
        return redirect(next_url)

    def form(self, data=None):
        return ReauthenticationForm(data, with_code=confirmed_devices(self.request.user).exists())

    def next_url(self):
        return safe_next(self.request, reverse(self.entrance.home))

    def render_page(self, form, next_url):
        return self.render_to_response(
            self.get_context_data(
                title=_("Confirm it is you"),
                form=form,
                next=next_url,
                minutes=settings.REAUTHENTICATION_MINUTES,
            )
        )


class RecoveryCodesView(FullySignedInMixin, TwoFactorView):
    """How many recovery codes are left; new ones (after re-authentication), shown once."""

    page = "recovery_codes"

    def get(self, request, *args, **kwargs):
        return self.unfinished_sign_in() or self.render_page()

    def post(self, request, *args, **kwargs):
        refusal = self.unfinished_sign_in() or sessions.reauthentication_redirect(
            request, self.entrance
        )
        if refusal:
            return refusal
        if not confirmed_devices(request.user).exists():
            return redirect(self.entrance.recovery_codes)
        codes = RecoveryCodes.generate(request.user)
        ended = sessions.end_other_sessions(request)
        security.log("recovery_codes_generated", request, sessions_ended=ended)
        return show_recovery_codes(self, codes, reverse(self.entrance.recovery_codes))

    def render_page(self):
        user = self.request.user
        device = recovery_codes_of(user)
        return self.render_to_response(
            self.get_context_data(
                title=_("Recovery codes"),
                has_app=confirmed_devices(user).exists(),
                remaining=device.remaining() if device else 0,
            )
        )


class SessionsView(FullySignedInMixin, TwoFactorView):
    """The account's open sessions (when, from where, which browser), and a button that ends
    all but this one (ASVS 7.4.3, 7.5.2)."""

    page = "sessions"

    def get(self, request, *args, **kwargs):
        refusal = self.unfinished_sign_in()
        if refusal:
            return refusal
        rows = sessions.open_sessions(request.user)
        return self.render_to_response(
            self.get_context_data(
                title=_("Your sessions"),
                rows=rows,
                current=request.session.session_key,
            )
        )

    def post(self, request, *args, **kwargs):
        """End one session (`end`: its row's id) or all the others, after a recent
        re-authentication (ASVS 7.5.2)."""
        refusal = self.unfinished_sign_in() or sessions.reauthentication_redirect(
            request, self.entrance
        )
        if refusal:
            return refusal
        one = request.POST.get("end", "")
        if one:
            if not one.isdigit():
                return redirect(self.entrance.sessions)
            ended = sessions.end_session(request, int(one))
        else:
            ended = sessions.end_other_sessions(request)
        security.log("sessions_ended", request, count=ended)
        messages.success(
            request,
            ngettext(
                "%(count)d other session was ended.", "%(count)d other sessions were ended.", ended
            )
            % {"count": ended},
        )
        return redirect(self.entrance.sessions)


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

    def form_valid(self, form):
        """A new password ends every session of the account (ASVS 7.4.3)."""
        response = super().form_valid(form)
        ended = sessions.end_sessions(form.user)
        security.log("password_reset", self.request, user=form.user, sessions_ended=ended)
        return response

    def get_success_url(self):
        return reverse(self.entrance.reset_complete)


class PasswordResetCompleteView(EntranceMixin, auth_views.PasswordResetCompleteView):
    page = "password_reset_complete"


class MailPreferenceView(FullySignedInMixin, TwoFactorView):
    """The account's e-mails: the publishers' daily digest on or off, and their language."""

    page = "mail_preference"

    def get(self, request, *args, **kwargs):
        refusal = self.unfinished_sign_in()
        if refusal:
            return refusal
        form = MailPreferenceForm(instance=MailPreference.for_user(request.user))
        return self.render_to_response(self.get_context_data(title=_("Your e-mails"), form=form))

    def post(self, request, *args, **kwargs):
        refusal = self.unfinished_sign_in()
        if refusal:
            return refusal
        form = MailPreferenceForm(request.POST, instance=MailPreference.for_user(request.user))
        if not form.is_valid():
            context = self.get_context_data(title=_("Your e-mails"), form=form)
            return self.render_to_response(context, status=400)
        form.save()
        messages.success(request, _("Your e-mail preferences were saved."))
        return redirect("mail_preference")
