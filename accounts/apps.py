from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib import admin

        # The security log's and the sessions' receivers of the sign-in signals.
        from . import security, sessions  # noqa: F401
        from .forms import AdminLoginForm

        # The admin's own login page, with its fields' lengths checked (accounts/forms.py).
        admin.site.login_form = AdminLoginForm
