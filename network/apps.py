import unicodedata

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def strip_accents(text):
    """'Médecins' -> 'Medecins': NFKD, then drop the combining marks. None stays None."""
    if text is None:
        return None
    return "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c))


def register_sqlite_unaccent(sender, connection, **kwargs):
    """Give SQLite the unaccent() function PostgreSQL has, so one search query fits both."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, strip_accents, deterministic=True)


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("The network")

    def ready(self):
        connection_created.connect(register_sqlite_unaccent, dispatch_uid="network_sqlite_unaccent")
