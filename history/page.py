"""A public page of the timeline: its events and what they list, by SQL compiled once per process
and language (core.prepared).

The timeline's page read its events with select_related() and three prefetch_related() lists
(the other organisations, the laws and publications, the key figures): four querysets built,
filtered and compiled for every page, their every column read (an organisation's summary and
description, its seven languages' names), and the lists' rows matched to their events by
prefetch_related()'s machinery. That was half the page's Python time (16 of 31 ms at 5,000
events). `page_events` sends the same four queries, compiled once, reading only the columns
`history/events.py` writes: the events' query holds the query of the page's ids as a subquery
(the filters and the page are in it, compiled for each page), so it is still one query; the
lists read the rows of the page's ids. A staff preview, whose page says which events are not
public yet, and databases without arrays (SQLite) read them as before (TimelineView.page_rows).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL

from core.fallback import in_page_language
from core.models import KeyFigure
from core.prepared import (
    AT,
    KEY_TYPE,
    KEYS,
    PAGE_IDS,
    Prepared,
    _params,
    prepared,
    with_ids_query,
)
from partners.models import Organization

from .models import Event, Reference

# The columns history/events.py reads (and the keys rows are matched by). A column it starts
# reading must be added here: a deferred one is read with a query per record (the tests count).
EVENT_SHOWN = (
    "organization",
    "title",
    "slug",
    "text",
    "starts_on",
    "starts_precision",
    "ends_on",
    "ends_precision",
    "ongoing",
    "planned",
    "source_document",
    "source_passage",
    "source_entered_on",
    "source_verification",
    "organization__name",
    "organization__slug",
)
ORGANIZATION_SHOWN = ("name", "slug")
REFERENCE_SHOWN = ("kind", "title", "dated", "dated_precision")
KEY_FIGURE_SHOWN = ("object_id", "value", "qualifier", "unit", "label", "period", "scope")

# Where the query of the page's ids goes: a value no event's id is (core.prepared's KEY is
# another placeholder). Their key among a run's values is PAGE_IDS: (their query's SQL, params).
_IDS_SLOT = 9_007_199_254_740_777
_IDS_SQL = "IN (SELECT %s)"


class _PageEvents(Prepared):
    """The page's events, compiled once with `id IN (SELECT _IDS_SLOT)`; `run(values)` puts the
    query of their ids (`values[PAGE_IDS]`) in the place of that SELECT (as ForPage does)."""

    def __init__(self, queryset):
        super().__init__(queryset)
        [self.slot] = [i for i, value in enumerate(self.params) if value == _IDS_SLOT]

    def _fetch(self, values):
        params = _params(self.params, self.slots, values)
        sql = with_ids_query(self.sql, params, _IDS_SQL, self.slot, 1, values[PAGE_IDS])
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _events():
    """The public events at AT whose ids the page's query gives, in timeline order, with their
    organisation."""
    events = Event.objects.public(AT).timeline().select_related("organization")
    events = in_page_language(events.only(*EVENT_SHOWN))
    return events.filter(pk__in=RawSQL("SELECT %s", [_IDS_SLOT]))


def _of_events(queryset, relation):
    """`queryset`'s records linked to the events KEYS by the event's many-to-many `relation`,
    each with the id of its event (`_event`), in the queryset's order (prefetch_related()'s)."""
    field = Event._meta.get_field(relation)
    quote = connections[queryset.db].ops.quote_name
    through = field.remote_field.through._meta.db_table
    column = f"{quote(through)}.{quote(field.m2m_column_name())}"
    linked = queryset.annotate(_event=F(field.related_query_name()))
    keys = RawSQL(f"{column} = ANY(%s)", [KEYS], output_field=BooleanField())  # noqa: S611 - names
    return linked.filter(keys)


def _organizations():
    shown = in_page_language(Organization.objects.public(AT).only(*ORGANIZATION_SHOWN))
    return _of_events(shown, "related_organizations")


def _references():
    shown = in_page_language(Reference.objects.public(AT).only(*REFERENCE_SHOWN))
    return _of_events(shown, "references")


def _key_figures():
    shown = in_page_language(KeyFigure.objects.public(AT).only(*KEY_FIGURE_SHOWN))
    keys = RawSQL('"core_keyfigure"."object_id" = ANY(%s)', [KEYS], output_field=BooleanField())
    return shown.filter(keys, content_type_id=KEY_TYPE)


def page_events(ids, at):
    """The public events at `at` whose ids the query `ids` (a sliced values("pk") queryset)
    gives, in timeline order, each with its organisation and its public
    `public_related_organizations`, `public_references` and `public_key_figures`, as
    TimelineView.page_rows() and its prefetches give them."""
    try:
        ids_query = ids.query.sql_with_params()
    except EmptyResultSet:
        return []
    events = prepared("history.page.events", _events, _PageEvents).run(
        {AT: at, PAGE_IDS: ids_query}
    )
    if not events:
        return events
    found = {}
    for event in events:
        event.public_related_organizations = []
        event.public_references = []
        event.public_key_figures = []
        found[event.pk] = event
    values = {AT: at, KEYS: list(found), KEY_TYPE: _event_type()}
    for organization in prepared("history.page.organizations", _organizations).run(values):
        found[organization._event].public_related_organizations.append(organization)
    for reference in prepared("history.page.references", _references).run(values):
        found[reference._event].public_references.append(reference)
    for figure in prepared("history.page.key_figures", _key_figures).run(values):
        found[figure.object_id].public_key_figures.append(figure)
    return events


def _event_type():
    return ContentType.objects.get_for_model(Event).pk
