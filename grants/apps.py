from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    """The grants' public pages, totals, charts and 360Giving open data; no models of its own
    (grants are `programs.Grant`, edited in the programs' admin)."""

    name = "grants"
    verbose_name = _("Grants")
