"""Two-factor authentication: django-otp's TOTP devices (authenticator apps) and their codes."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCodes, normalize_recovery_code

PUBLISHERS = "Publishers"


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


def needs_code(user):
    """Signed in with a password, but not yet with the code of the account's authenticator app."""
    return not is_verified(user) and confirmed_devices(user).exists()


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
