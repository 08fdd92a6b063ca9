from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """Machine-readable APIs for other directories: the Open Referral HSDS 3.0 read API
    (`api/hsds/`). No models of its own: it reads the public records of the other apps."""

    name = "api"
    verbose_name = _("APIs")
