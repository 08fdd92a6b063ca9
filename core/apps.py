from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared building blocks")

    def ready(self):
        from . import checks, signals  # noqa: F401 - checks registers itself
        from .text import register_sqlite_unaccent

        signals.connect()
        connection_created.connect(register_sqlite_unaccent, dispatch_uid="core_sqlite_unaccent")
