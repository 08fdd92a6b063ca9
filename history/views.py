from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from core.fallback import in_page_language
from core.filters import FilteredListMixin
from core.models import KeyFigure
from core.preview import PreviewListMixin
from partners.models import Organization

from .events import events_html
from .filters import EventFilter
from .models import Event, Reference
from .page import page_events


def decade_groups(events):
    """Consecutive events grouped by decade ('1960s'); undated events come last, in their own
    group."""
    groups = []
    for event in events:
        decade = event.decade
        if not groups or groups[-1]["decade"] != decade:
            groups.append(
                {
                    "decade": decade,
                    "id": f"decade-{decade}" if decade is not None else "decade-undated",
                    "label": _("%(decade)ss") % {"decade": decade}
                    if decade is not None
                    else _("Date not stated by the source"),
                    "events": [],
                }
            )
        groups[-1]["events"].append(event)
    return groups


class RowsPaginator(Paginator):
    """Pages chosen on narrow rows: counting and ordering read the events' ids and sort keys
    (`object_list` is `values("pk")`); only the page's own rows are then read whole, with their
    relations (`rows(ids)`, given the query of the page's ids: in one query, id IN (that
    query)). At 5,000 events, sorting the whole rows joined to their organisations cost 30 ms
    for a page of 50.
    """

    def __init__(self, object_list, per_page, *, rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(self.rows(object_list), number, paginator)


class TimelineView(PreviewListMixin, FilteredListMixin, ListView):
    template_name = "history/timeline.html"
    context_object_name = "events"
    filterset_class = EventFilter
    # 40: a full page in Arabic, every event still in French with its "not yet translated"
    # note, stays under 100 KB with its style sheet (50 weighed 105 KB).
    paginate_by = 40
    paginator_class = RowsPaginator
    preview_model = Event

    def get_base_queryset(self):
        return self.records().timeline()

    def page_rows(self):
        """The shown events, whole, with what the page reads of them, in timeline order."""
        # Each reads only the columns a page in its language shows (in_page_language).
        orgs = in_page_language(Organization.objects.public())
        return in_page_language(
            self.records().timeline().select_related("organization")
        ).prefetch_related(
            Prefetch("related_organizations", orgs, to_attr="public_related_organizations"),
            Prefetch(
                "references",
                in_page_language(Reference.objects.public()),
                to_attr="public_references",
            ),
            Prefetch(
                "key_figures",
                in_page_language(KeyFigure.objects.public()),
                to_attr="public_key_figures",
            ),
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.previewing or connections[queryset.db].vendor != "postgresql":
            # A preview's page says which events are not public yet (it reads their state).
            rows = self.page_rows()
            return self.paginator_class(
                queryset.values("pk"), per_page, rows=lambda ids: rows.filter(pk__in=ids), **kwargs
            )
        # The public page: the same rows by SQL compiled once (history/page.py).
        at = timezone.now()
        return self.paginator_class(
            queryset.values("pk"), per_page, rows=lambda ids: page_events(ids, at), **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decades"] = decade_groups(context["events"])
        # The events written in Python (history/events.py): the template's loop was most of
        # the page's rendering.
        for group in context["decades"]:
            group["html"] = events_html(group["events"])
        return context
