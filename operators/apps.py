from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators' space")

    def ready(self):
        # A pending change of a place may hold new opening hours and notices: say how they
        # apply and how the review page shows them (core.workflow knows no place).
        from . import proposals

        proposals.register_row_kinds()
