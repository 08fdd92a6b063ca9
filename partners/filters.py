"""Filters of the organisation list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import unknown_value

from .models import Organization, OrganizationKind


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=OrganizationKind.choices,
        error_messages=unknown_value(
            _("“%(value)s” is not a kind of organisation this site knows.")
        ),
    )
    empty_labels = {"kind": _("All kinds")}

    class Meta:
        model = Organization
        fields = ["kind"]
