"""Two-factor authentication: django-otp's TOTP devices (authenticator apps) and their codes, and
the account's passkeys (django-otp-webauthn's credentials; accounts/passkeys.py)."""

from django import forms
from django.db import transaction
from django.middleware import csrf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .models import RecoveryCodes, normalize_recovery_code

PUBLISHERS = "Publishers"


def requires_two_factor(user):
    """Publishers and superusers: they can put content online and change who may."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=PUBLISHERS).exists()


def confirmed_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk")


def passkeys_of(user):
    """The account's passkeys, the oldest first."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def has_second_factor(user):
    """An authenticator app, or a passkey (left alone when an administrator removed the app)."""
    return confirmed_devices(user).exists() or passkeys_of(user).exists()


def is_verified(user):
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_code(user):
    """Signed in with a password, but not yet with the second factor of the account (the code of
    its authenticator app, or one of its passkeys)."""
    return not is_verified(user) and has_second_factor(user)


def grouped_secret(secret):
    """A TOTP key in groups of four characters, easier to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


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
    """(device, None) when `code` is accepted, else (device, the error to show).

    Throttled by django-otp; the device returned is the one read again under the lock.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        throttled = _throttled_message(device)
        if throttled:
            return device, throttled
        if device.verify_token(code):
            return device, None
    return device, WRONG_CODE


# -- recovery codes (accounts.models.RecoveryCodes) ---------------------------------------------


class VerifyCodeForm(CodeForm):
    """The second step of signing in: a code of the app, or one of the account's recovery codes."""

    code = forms.CharField(
        label=CodeForm.base_fields["code"].label,
        # A recovery code with its dashes or spaces, or six digits.
        max_length=20,
        help_text=_("The six digits your app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "size": 16}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_recovery_code = False

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if code.isdigit() and len(code) == 6:
            return code
        recovery = normalize_recovery_code(code)
        if recovery is None:
            raise forms.ValidationError(
                _("Enter the six digits your authenticator app shows, or a recovery code.")
            )
        self.is_recovery_code = True
        return recovery


WRONG_RECOVERY_CODE = _("This recovery code is not one of yours, or it was already used.")


def recovery_codes_of(user):
    return RecoveryCodes.objects.filter(user=user, confirmed=True).first()


def check_recovery_code(user, code):
    """(device, None) when `code` is an unused recovery code of `user` (now used), else
    (device or None, the error to show)."""
    device = recovery_codes_of(user)
    if device is not None and device.verify_token(code):
        return device, None
    return device, WRONG_RECOVERY_CODE


# -- passkeys (accounts/passkeys.py) ------------------------------------------------------------


def passkey_config(request, entrance):
    """The library script's configuration (a JSON data block): the entrance's addresses."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginRegistrationUrl": entrance.passkey_url("register_begin"),
        "completeRegistrationUrl": entrance.passkey_url("register_complete"),
        "beginAuthenticationUrl": entrance.passkey_url("verify_begin"),
        "completeAuthenticationUrl": entrance.passkey_url("verify_complete"),
    }


def verification_context(request, entrance):
    """What a page that asks for the second factor adds when the account has passkeys: the
    configuration of django-otp-webauthn's script and the address of its translations."""
    if not passkeys_of(request.user).exists():
        return {}
    return {
        "passkey_config": passkey_config(request, entrance),
        "jsi18n": entrance.passkey_url("jsi18n"),
    }
