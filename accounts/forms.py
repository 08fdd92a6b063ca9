"""The sign-in forms, with a length limit on every field they read.

Django's AuthenticationForm shows the username's limit to the browser (maxlength) but never
checks it: a longer username reached `authenticate()`, and django-axes, storing it in a
255-character column, failed with a server error. Here the limit is checked before anyone
authenticates: a too-long username or password is a form error like any other.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

# Far above any password a person or a password manager uses; hashing stays cheap below it.
PASSWORD_MAX_LENGTH = 4096


class BoundedCredentialsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in (
            ("username", self.fields["username"].max_length),
            ("password", PASSWORD_MAX_LENGTH),
        ):
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)


class LoginForm(BoundedCredentialsMixin, AuthenticationForm):
    """The funders' space's sign-in (and any entrance's by default)."""


class AdminLoginForm(BoundedCredentialsMixin, AdminAuthenticationForm):
    """The admin's own login page (set as admin.site.login_form in accounts/apps.py)."""
