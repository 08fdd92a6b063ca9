"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn.

A passkey is a django-otp device (the library's `WebAuthnCredential`): a session verified with
one is verified like a session verified with the code of an authenticator app. It comes beside
the app, never instead of it: the app's codes and the recovery codes stay the way in that needs
no JavaScript, so a passkey is added only by an account that has an app.

The ceremonies are the library's views, served at each entrance (`passkey_urls`) with its door:
- registration (`RegisterBeginView`, `RegisterCompleteView`): a signed-in account of the
  entrance, verified with its second factor, with an app, after a recent re-authentication
  (accounts.sessions), at most MAX_PASSKEYS passkeys; the account's other sessions end, as when
  its app changes;
- verification (`VerifyBeginView`, `VerifyCompleteView`): the second step of signing in, for an
  account signed in with its password; the session gets a new key. A refused passkey counts
  with wrong passwords and wrong codes (django-axes): at the limit the session ends.
The library's script (its own static file, `django_otp_webauthn/otp_webauthn_*.js`) reads its
configuration from a JSON data block (`<script type="application/json">`, never run: the
strict CSP allows it) and shows the passkey button only where JavaScript and WebAuthn work.

`PasskeysView` lists the account's passkeys, renames one, removes one (after re-authentication).
Every step writes a line of the security log: passkey_registered, passkey_renamed,
passkey_removed, passkey_used, passkey_failed (with the library's reason, never the data).
"""

import json
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn

from . import security, sessions
from .entrances import safe_next, with_next
from .otp import confirmed_devices, passkey_config, passkeys_of
from .views import FullySignedInMixin, TwoFactorView

# Enough for a phone, a computer and a few security keys.
MAX_PASSKEYS = 10
NAME_MAX_LENGTH = 64


# What the library's script shows when the server refuses (its own texts are in English only).
REFUSED_PASSKEY = _(
    "This passkey is not one of this account's, or its answer is not valid. Use another "
    "passkey, or the code of your app."
)
STALE_ATTEMPT = _("This attempt is no longer valid: try again.")
REFUSED_CODES = {
    "credential_not_found",
    "credential_user_mismatch",
    "credential_disabled",
    "invalid_authentication_response",
    "unprocessable_request",
}


class Refused(exceptions.OTPWebAuthnApiError):
    """A ceremony this account may not start here (the text is shown by the library's script)."""

    status_code = 403
    default_code = "refused"


# -- the ceremonies (django-otp-webauthn's views, behind the entrance's door) -------------------


class CeremonyMixin:
    """A signed-in account the entrance admits; a refusal is logged (never the data sent)."""

    entrance = None
    step = ""

    def initial(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        try:
            admitted = self.entrance.admit(request)
        except PermissionDenied:
            admitted = None
        if not isinstance(admitted, dict):
            raise Refused(_("This account may not sign in here."))
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            security.log(
                "passkey_failed",
                self.request,
                step=self.step,
                reason=exc.code,
                level=logging.WARNING,
            )
            if exc.code == "invalid_state":
                exc.detail = STALE_ATTEMPT
            elif self.step == "sign_in" and exc.code in REFUSED_CODES:
                exc.detail = REFUSED_PASSKEY
        return super().handle_exception(exc)


class RegistrationMixin(CeremonyMixin):
    step = "registration"

    def check_can_register(self):
        request = self.request
        user = request.user
        if not confirmed_devices(user).exists():
            raise Refused(_("Set up an authenticator app first: a passkey comes beside it."))
        if not sessions.recently_authenticated(request):
            raise Refused(_("Confirm it is you first: reload the page and follow its link."))
        if passkeys_of(user).count() >= MAX_PASSKEYS:
            raise Refused(_("Your account has as many passkeys as it may: remove one first."))


class RegisterBeginView(RegistrationMixin, webauthn.BeginCredentialRegistrationView):
    pass


class RegisterCompleteView(RegistrationMixin, webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        request = self.request
        device = passkeys_of(request.user).filter(pk=_json(response).get("id")).first()
        if device is None:  # pragma: no cover - the library answered with the device it saved
            return response
        number = passkeys_of(request.user).count()
        device.name = str(_("Passkey %(number)d") % {"number": number})[:NAME_MAX_LENGTH]
        device.save(update_fields=["name"])
        # A new way to sign in ends the account's other sessions (ASVS 7.4.3), as a new app does.
        ended = sessions.end_other_sessions(request)
        security.log("passkey_registered", request, passkey_id=device.pk, sessions_ended=ended)
        messages.success(
            request, _("Your passkey is added. Give it a name you will recognise, below.")
        )
        return response


def _json(response):
    try:
        return json.loads(response.content)
    except ValueError:  # pragma: no cover
        return {}


class VerificationMixin(CeremonyMixin):
    step = "sign_in"

    def check_can_authenticate(self):
        if not passkeys_of(self.request.user).exists():
            raise exceptions.CredentialNotFound()
        super().check_can_authenticate()


class VerifyBeginView(VerificationMixin, webauthn.BeginCredentialAuthenticationView):
    pass


class VerifyCompleteView(VerificationMixin, webauthn.CompleteCredentialAuthenticationView):
    """The passkey's answer: the second factor given, or a failure counted like a wrong code."""

    def get_success_url(self):
        return safe_next(self.request, reverse(self.entrance.home))

    def complete_auth(self, device):
        request = self.request
        # A new session key at each authentication (ASVS 7.2.4), as for a code.
        request.session.cycle_key()
        otp_login(request, device)
        sessions.second_factor_given(request)
        security.log("passkey_used", request, passkey_id=device.pk, step=self.step)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        request = self.request
        user = request.user
        if not user.is_authenticated or not isinstance(exc, exceptions.OTPWebAuthnApiError):
            return response
        # Counted by django-axes with the wrong passwords and codes of this username and address.
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            logout(request)
            # AxesMiddleware replaces this answer with the lockout page; the script reloads.
            return JsonResponse({"detail": str(_("Too many failed attempts"))}, status=403)
        return response


def passkey_urls(entrance):
    """The passkeys page and the ceremonies of an entrance, named `<passkeys>_<step>`."""
    name = entrance.passkeys.rpartition(":")[2]
    ceremonies = [
        ("register/begin/", RegisterBeginView, "register_begin"),
        ("register/complete/", RegisterCompleteView, "register_complete"),
        ("verify/begin/", VerifyBeginView, "verify_begin"),
        ("verify/complete/", VerifyCompleteView, "verify_complete"),
    ]
    return [
        path("passkeys/", PasskeysView.as_view(entrance=entrance), name=name),
        *(
            path(f"passkeys/{url}", view.as_view(entrance=entrance), name=f"{name}_{step}")
            for url, view, step in ceremonies
        ),
        # The library script's messages, in the page's language where the library has them.
        path(
            "passkeys/jsi18n/",
            JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
            name=f"{name}_jsi18n",
        ),
    ]


# -- the account's passkeys -----------------------------------------------------------------


class PasskeyNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(
            # Not a person's name: no autofill (Chromium's styles its suggestions inline).
            {"maxlength": str(NAME_MAX_LENGTH), "autocomplete": "off"}
        )


class PasskeysView(FullySignedInMixin, TwoFactorView):
    """The account's passkeys: when each was added and last used; rename one; remove one (after
    a recent re-authentication); add one (the library's script, after re-authentication)."""

    page = "passkeys"

    def get(self, request, *args, **kwargs):
        return self.unfinished_sign_in() or self.render_page()

    def post(self, request, *args, **kwargs):
        refusal = self.unfinished_sign_in()
        if refusal:
            return refusal
        if "remove" in request.POST:
            refusal = sessions.reauthentication_redirect(request, self.entrance)
            if refusal:
                return refusal
            device = self.passkey(request.POST["remove"])
            if device is None:
                return redirect(self.entrance.passkeys)
            device_id = device.pk
            device.delete()
            ended = sessions.end_other_sessions(request)
            security.log("passkey_removed", request, passkey_id=device_id, sessions_ended=ended)
            messages.success(request, _("The passkey is removed from your account."))
            return redirect(self.entrance.passkeys)
        device = self.passkey(request.POST.get("rename", ""))
        if device is None:
            return redirect(self.entrance.passkeys)
        form = PasskeyNameForm(request.POST)
        if not form.is_valid():
            return self.render_page(renaming=(device.pk, form), status=400)
        device.name = form.cleaned_data["name"]
        device.save(update_fields=["name"])
        security.log("passkey_renamed", request, passkey_id=device.pk)
        messages.success(request, _("The passkey is renamed."))
        return redirect(self.entrance.passkeys)

    def passkey(self, value):
        if not str(value).isdigit():
            return None
        return passkeys_of(self.request.user).filter(pk=int(value)).first()

    def render_page(self, renaming=None, status=200):
        request = self.request
        user = request.user
        has_app = confirmed_devices(user).exists()
        rows = []
        for device in passkeys_of(user):
            if renaming and renaming[0] == device.pk:
                form = renaming[1]
            else:
                form = PasskeyNameForm(initial={"name": device.name})
            form.fields["name"].widget.attrs["id"] = f"passkey-name-{device.pk}"
            rows.append((device, form))
        count = len(rows)
        recent = sessions.recently_authenticated(request)
        response = self.render_to_response(
            self.get_context_data(
                title=_("Passkeys"),
                rows=rows,
                has_app=has_app,
                can_add=has_app and count < MAX_PASSKEYS,
                recent=recent,
                reauthenticate_url=with_next(
                    reverse(self.entrance.reauthenticate), request.get_full_path()
                ),
                passkey_config=passkey_config(request, self.entrance) if has_app else None,
                jsi18n=self.entrance.passkey_url("jsi18n"),
                maximum=MAX_PASSKEYS,
            )
        )
        response.status_code = status
        return response
