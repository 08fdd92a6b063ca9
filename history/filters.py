"""Filters of the timeline: the events of one organisation (its own, and those it took part in)."""

import django_filters
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.filters import NamedChoiceFilter, unknown_value
from partners.models import EVERY_ORGANIZATION, ORGANIZATION_NAMES, Organization

from .models import Event


def organizations(request):
    """Published organisations with at least one published event (computed per request).

    Each organisation's first own event and first event it took part in (subqueries with
    LIMIT 1), not a DISTINCT over the join of every event (16 ms at 5,000 events).
    """
    events = Event.objects.public().order_by()
    own = events.filter(organization=OuterRef("pk")).values("pk")[:1]
    took_part = events.filter(related_organizations=OuterRef("pk")).values("pk")[:1]
    return (
        Organization.objects.public()
        .alias(_own_event=Subquery(own), _event_taken_part=Subquery(took_part))
        .filter(Q(_own_event__isnull=False) | Q(_event_taken_part__isnull=False))
    )


class EventFilter(django_filters.FilterSet):
    organization = NamedChoiceFilter(
        label=_("Organisation"),
        queryset=organizations,
        match_fields=ORGANIZATION_NAMES,
        list_url=reverse_lazy("partners:organization-list"),
        list_label=EVERY_ORGANIZATION,
        method="filter_organization",
        error_messages=unknown_value(
            _("There is no organisation “%(value)s” with events on this site.")
        ),
    )
    empty_labels = {"organization": _("All organisations")}

    class Meta:
        model = Event
        fields = ["organization"]

    def filter_organization(self, queryset, name, value):
        return queryset.for_organization(value)
