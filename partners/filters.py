"""Filters of the organisation list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import NamedChoiceFilter, unknown_value

from .models import ORGANIZATION_NAMES, Organization, OrganizationKind, Relationship


def organizations(request):
    return Organization.objects.public()


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=OrganizationKind.choices,
        error_messages=unknown_value(
            _("“%(value)s” is not a kind of organisation this site knows.")
        ),
    )
    # The full list an organisation's page links to when it has more relations than it shows.
    related = NamedChoiceFilter(
        label=_("Linked to"),
        queryset=organizations,
        match_fields=ORGANIZATION_NAMES,
        method="filter_related",
        help_text=_("An organisation: its antennas and members, and those it has a link with."),
        error_messages=unknown_value(_("There is no organisation “%(value)s” on this site.")),
    )
    empty_labels = {"kind": _("All kinds")}

    class Meta:
        model = Organization
        fields = ["kind"]

    def filter_related(self, queryset, name, value):
        """Its antennas and members, and the organisations at the other end of a public
        relationship with it."""
        relationships = Relationship.objects.public()
        return queryset.filter(
            Q(parent=value)
            | Q(pk__in=relationships.filter(target=value).values("source"))
            | Q(pk__in=relationships.filter(source=value).values("target"))
        )
