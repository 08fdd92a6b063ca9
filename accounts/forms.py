"""The sign-in forms and the forms that set a password, with a length limit on every field they
read.

Django's AuthenticationForm shows the username's limit to the browser (maxlength) but never
checks it: a longer username reached `authenticate()`, and django-axes, storing it in a
255-character column, failed with a server error. Here the limit is checked before anyone
authenticates: a too-long username or password is a form error like any other.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.forms import AdminPasswordChangeForm as OwnPasswordChangeForm
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    AuthenticationForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .otp import VerifyCodeForm

# Far above any password a person or a password manager uses; hashing stays cheap below it.
PASSWORD_MAX_LENGTH = 4096


def bound(field, limit):
    """Check `limit` on the server (a form error) and show it to the browser (maxlength)."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class BoundedCredentialsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound(self.fields["username"], self.fields["username"].max_length)
        bound(self.fields["password"], PASSWORD_MAX_LENGTH)


class BoundedPasswordsMixin:
    """Every password field of a form gets the sign-in's limit (Django's set none: a password
    of any length was hashed and kept)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.PasswordInput):
                bound(field, PASSWORD_MAX_LENGTH)


class LoginForm(BoundedCredentialsMixin, AuthenticationForm):
    """The funders' space's sign-in (and any entrance's by default)."""


class AdminLoginForm(BoundedCredentialsMixin, AdminAuthenticationForm):
    """The admin's own login page (set as admin.site.login_form in accounts/apps.py)."""


class BoundedSetPasswordForm(BoundedPasswordsMixin, SetPasswordForm):
    """The new password a reset link asks for (both entrances)."""


class BoundedOwnPasswordChangeForm(BoundedPasswordsMixin, OwnPasswordChangeForm):
    """The admin's "Change password" of one's own account (accounts/admin.py)."""


class BoundedUserPasswordForm(BoundedPasswordsMixin, AdminPasswordChangeForm):
    """An administrator setting another account's password (accounts/admin.py)."""


class BoundedUserCreationForm(BoundedPasswordsMixin, AdminUserCreationForm):
    """An administrator adding an account (accounts/admin.py); the username's limit is the
    model's, checked by the form."""


class ReauthenticationForm(VerifyCodeForm):
    """The password, and the second factor when the account has an app (accounts.views)."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    field_order = ["password", "code"]

    def __init__(self, *args, with_code=True, **kwargs):
        super().__init__(*args, **kwargs)
        bound(self.fields["password"], PASSWORD_MAX_LENGTH)
        if with_code:
            self.fields["code"].widget.attrs.pop("autofocus", None)
        else:
            del self.fields["code"]


class MailPreferenceForm(forms.ModelForm):
    class Meta:
        from .models import MailPreference

        model = MailPreference
        fields = ["daily_digest", "language"]
