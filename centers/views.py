import datetime
import re
from html import unescape
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView
from modeltranslation.utils import build_localized_fieldname

from core import page_cache
from core.client import client_hash
from core.fallback import in_page_language
from core.models import RECORD_ONLY, TriState, record_only
from core.prepared import (
    AT,
    FIRST_DAY,
    LAST_DAY,
    PAGE_IDS,
    PAGE_SLOTS,
    ForPage,
    prefetches,
    prepared,
)
from core.preview import PreviewDetailMixin
from core.qr import qr_svg
from partners.models import Organization
from programs.models import TargetGroup

from . import maps
from .cards import cards_html
from .detail import place_holidays, place_lists, public_place
from .filter_form import filter_form_html
from .filters import CenterFilter, listed_options
from .forms import CorrectionReportForm
from .jsonld import center_jsonld
from .models import Center, CorrectionReport, Notice, OpeningHours
from .opening import HORIZON_DAYS, holidays_around, opening_state
from .selection import MAX_SELECTED, Selection
from .selection import PARAMETER as SELECTION_PARAMETER
from .timing import next_change

PARIS = "Europe/Paris"
# The note core_tags.translated() puts after a text shown in another language.
UNTRANSLATED_NOTE = re.compile(r'\s*<span class="untranslated">.*?</span>', re.S)
# Reports a client may send in an hour; more is a robot or a loop.
REPORTS_PER_HOUR = 5
REPORTS_WINDOW = datetime.timedelta(hours=1)


def _unread(model, *translated, prefix=""):
    """The columns a list's cards never read: the record's own (core.models.RECORD_ONLY), its
    source notes and seed, and every language's column of the `translated` fields (the SQL
    compiler's work grows with each column selected, and these are the long texts)."""
    names = [*RECORD_ONLY, "source_passage", "source_verification", "seed_key", "seed_snapshot"]
    for name in translated:
        names += [name, *(build_localized_fieldname(name, code) for code, _ in settings.LANGUAGES)]
    return record_only(model, prefix, names)


# The place's and its operator's columns the list's cards (centers/cards.py), their state
# (centers/opening.py) and the page's expiry (centers/timing.py) never read.
CARD_UNREAD = [
    *_unread(Center, "description", "conditions"),
    "location_uuid",
    "service_at_location_uuid",
    "last_verified_on",
    "last_verified_by",
    "update_every_months",
    "place_words",
    "address",
    "phone",
    "email",
    "website",
    "acceslibre_url",
    "latitude",
    "longitude",
    "open_days",  # read by "open now" in the database only (OpenAt)
    "open_nights",
    *_unread(Organization, "description", "summary", "legal_form", prefix="operator__"),
    # The operator's name is all a card shows of it.
    *(
        f"operator__{name}"
        for name in (
            "status",
            "publish_at",
            "unpublish_at",
            "acronym",
            "kind",
            "parent",
            "founded_on",
            "founded_precision",
            "website",
            "registered_identifier",
        )
    ),
]


def public_prefetch(name, model):
    return Prefetch(name, queryset=model.objects.public())


# Places a page of the list shows: as many as a query about a page's records has slots for
# (core.prepared.ForPage).
PAGE_SIZE = len(PAGE_SLOTS)


def _page_places():
    """The page's places with what their cards read (see CenterListView.page_rows), in the
    list's order (Meta.ordering)."""
    # CenterMixin's public places, at the instant AT.
    places = Center.objects.public(AT).select_related("operator", "territory")
    return in_page_language(places.defer(*CARD_UNREAD)).filter(pk__in=PAGE_SLOTS)


def _page_audiences():
    """The public audiences of a page's places, each with its place (`_place`), in their
    Meta.ordering (by name in the page's language)."""
    return (
        in_page_language(TargetGroup.objects.public(AT).defer(*_unread(TargetGroup, "description")))
        .filter(centers__in=PAGE_SLOTS)
        .annotate(_place=F("centers"))
    )


def _page_hours():
    # Each place's rows in their Meta.ordering, without the places' own (Meta.ordering starts
    # with "center", which reads the places and territories again to sort by city and name):
    # the rows are grouped by place anyway.
    rows = OpeningHours.objects.filter(center__in=PAGE_SLOTS).defer(*record_only(OpeningHours))
    return rows.order_by("center_id", *OpeningHours._meta.ordering[1:])


def _page_notices():
    """The notices of a page's places that apply on some day from FIRST_DAY to LAST_DAY."""
    rows = in_page_language(
        Notice.objects.current(LAST_DAY, since=FIRST_DAY)
        .filter(center__in=PAGE_SLOTS)
        .defer(*record_only(Notice))
    )
    return rows.order_by("center_id", *Notice._meta.ordering[1:])


class CenterMixin:
    """Public places (`Center.objects.public()`): a draft or a documentation centre is not found."""

    def records(self):
        return Center.objects.public()

    def get_queryset(self):
        return self.records().select_related("operator", "territory")


class PagePaginator(Paginator):
    """Pages of a list chosen on narrow rows, at most MAX_PAGES of them.

    `object_list` is the filtered list (in Meta.ordering: metropolitan places first, overseas
    ones last, then by city and name). Counting and choosing a page's ids read the places'
    list index alone; only the page's own rows are then read whole, with their relations
    (`rows(ids)`: the page's places, given the query of their ids, or a list of them where the
    database cannot put the page in one query).

    The order starts with the territory's `overseas`, which the list index does not carry: it
    starts with the territory (territory, city, name). So the list is read as its two groups,
    the metropolitan territories' places and the overseas ones, each a range of the index in
    its order (`territories`: the territories, read once by the view). Each group is counted
    on its own part of the index and a page takes its ids from the group(s) it falls in,
    reading no further than its last row. Counting the whole list in one pass, then the
    metropolitan group again to find where the overseas pages start, read the index twice
    when the matches are few (at 50,000 places, "open now" on a Sunday morning: 28,000 rows).

    Beyond MAX_PAGES a list is too long to leaf through, and an offset that deep costs the
    database more than the page is worth: the page asks to narrow the search instead. For the
    same reason each group is counted only up to one place more than the pages can show
    (`limit`): counting the 50,000 places of the whole list cost more than the rest of the
    page. `capped` then says the list is longer, and the page says "more than" `limit - 1`.
    """

    MAX_PAGES = 50
    # A group of at most this many places has its ids read with its count (`slice`).
    FEW = 200

    def __init__(self, object_list, per_page, *, rows, territories, also_count=None, **kwargs):
        """`also_count`: {a name: a queryset} counted, whole, in the same query as the list's
        groups (`also_counted`)."""
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        self.also_count = also_count or {}
        first, *self.within = object_list.model._meta.ordering
        assert first == "territory__overseas", "the groups below follow Meta.ordering"
        self.territories = [
            [t.pk for t in territories if t.overseas == overseas] for overseas in (False, True)
        ]

    def group(self, index):
        """The ids of a group's places in list order (0: metropolitan, 1: overseas): built for
        the group(s) a page falls in only (a copy of the filtered query each)."""
        return (
            self.object_list.filter(territory__in=self.territories[index])
            .order_by(*self.within)
            .values("pk")
        )

    def slice(self, index, start, stop):
        """The ids of places `start` to `stop` of a group, in list order: read from the list
        index in order, or, for a group of few places, among their ids (which the count read:
        `_counts`). The planner expected more matches than a program's or an operator's few
        places open now, and walked the list index in order for the page's first ones: it read
        all 14,000 places of the group to find 4 (69 ms; among their ids: under 1 ms)."""
        ids = self._counts["ids"][index]
        if ids is None:
            return self.group(index)[start:stop]
        places = self.object_list.model._base_manager.filter(pk__in=ids)
        return places.order_by(*self.within).values("pk")[start:stop]

    @property
    def limit(self):
        """How many places are counted at most: one more than the pages can show."""
        return self.MAX_PAGES * self.per_page + 1

    @cached_property
    def _counts(self):
        """Each group's places counted up to `limit`, in one query.

        The total is exact below `limit`; so is the metropolitan group's number, which tells
        where the overseas pages start.
        """
        connection = connections[self.object_list.db]
        qn = connection.ops.quote_name
        territory, place = qn("_territory"), qn("_place")
        # The ids of a group of few places come with its count (PostgreSQL's array_agg).
        with_ids = connection.vendor == "postgresql"
        sources, source_params = [], []
        # The list's places and their territory, its SQL written once for both groups (the
        # database reads each group's part of the list index as before: the subquery is merged
        # into each count's).
        try:
            places, places_params = (
                self.object_list.order_by()
                .annotate(_territory=F("territory"), _place=F("pk"))
                .values("_territory", "_place")
                .query.sql_with_params()
            )
        except EmptyResultSet:  # nothing can match
            places = None
        for index, pks in enumerate(self.territories):
            alias = qn(f"_group{index}")
            if places is None or not pks:  # no territory in this group
                sources.append(f"(SELECT 0 AS n, NULL AS ids) {alias}")
                continue
            ids = f"CASE WHEN COUNT(*) <= %s THEN array_agg(g.{place}) END" if with_ids else "NULL"
            # Only the SQL Django wrote for the list goes into the text; values are params.
            sources.append(
                f"(SELECT COUNT(*) AS n, {ids} AS ids FROM (SELECT l.{place} FROM ({places}) l"  # noqa: S608
                f" WHERE l.{territory} IN ({', '.join(['%s'] * len(pks))}) LIMIT %s) g) {alias}"
            )
            source_params += [
                *([self.FEW] if with_ids else []),
                *places_params,
                *pks,
                self.limit,
            ]
        columns = [f"{qn(f'_group{i}')}.{name}" for i in (0, 1) for name in ("n", "ids")]
        params = []
        for queryset in self.also_count.values():
            try:
                sql, also_params = queryset.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:
                columns.append("0")
                continue
            columns.append(f"(SELECT COUNT(*) FROM ({sql}) a)")  # noqa: S608 - as above
            params += also_params
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {', '.join(sources)}",  # noqa: S608
                [*params, *source_params],
            )
            metropolitan, metropolitan_ids, overseas, overseas_ids, *also = cursor.fetchone()
        return {
            "total": min(metropolitan + overseas, self.limit),
            "metropolitan": metropolitan,
            "ids": (metropolitan_ids, overseas_ids),
            "also": dict(zip(self.also_count, also, strict=True)),
        }

    @property
    def also_counted(self):
        """{each name of `also_count`: its number}."""
        return self._counts["also"]

    @cached_property
    def count(self):
        """The number of places, or `limit` when there are more (see `capped`)."""
        return self._counts["total"]

    @property
    def num_pages(self):
        return min(super().num_pages, self.MAX_PAGES)

    @property
    def capped(self):
        """More places match than the pages show: `count` stopped at `limit`."""
        return self.count >= self.limit

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        split = self._counts["metropolitan"]
        if top <= split:
            ids = self.slice(0, bottom, top)
        elif bottom >= split:
            ids = self.slice(1, bottom - split, top - split)
        elif connections[self.object_list.db].features.supports_slicing_ordering_in_compound:
            ids = self.slice(0, bottom, split).union(self.slice(1, 0, top - split), all=True)
        else:  # SQLite: no LIMIT inside a UNION; the page that straddles the groups reads twice
            ids = [row["pk"] for row in self.slice(0, bottom, split)] + [
                row["pk"] for row in self.slice(1, 0, top - split)
            ]
        return self._get_page(self.rows(ids), number, self)


class CenterListView(CenterMixin, ListView):
    template_name = "centers/center_list.html"
    context_object_name = "centers"
    paginate_by = PAGE_SIZE
    paginator_class = PagePaginator

    def get(self, request, *args, **kwargs):
        self.now = timezone.now()
        # The listed filters' options, kept while no record changes (centers.filters); among
        # them every territory: "open now"'s time zones, the list's groups.
        options = listed_options(self.now)
        self.territories = options["territory"]
        self.public = super().get_queryset()
        self.filterset = CenterFilter(
            request.GET or None,
            queryset=self.public,
            request=request,
            at=self.now,
            options=options,
        )
        self.page_error = None
        self.selection = Selection.from_request(request)
        self.selected = self.selected_places()
        response = super().get(request, *args, **kwargs)
        if self.filterset.invalid_filters() or self.page_error or self.selection.unreadable:
            response.status_code = 400
        return response

    def selected_places(self):
        """The selection's public places, in the order they were picked, in one query; the
        ids of others are dropped from the links (`dropped`: how many)."""
        if not self.selection.ids:
            self.dropped = 0
            return []
        found = {center.pk: center for center in self.public.filter(pk__in=self.selection.ids)}
        self.dropped = len(self.selection.keep_only(found))
        return [found[pk] for pk in self.selection.ids]

    def get_queryset(self):
        return self.filterset.qs

    def page_rows(self, ids):
        """The shown places' rows, with what their cards read of them, in the list's order; the
        filtered list (`get_queryset`, public places only) chooses which (PagePaginator:
        `ids`, a query of their ids or a list of them). Their audiences, hours and notices:
        `with_relations`."""
        # Neither the columns the cards never read (CARD_UNREAD) nor the other languages'
        # (core.fallback.in_page_language): 75 of the place's, its operator's and territory's
        # columns were selected, compiled and read for each page, 21 of them one text in seven
        # languages. The SQL is compiled once per process and language (`_page_places`): only
        # the query of the ids, which holds the filters, is compiled for each page.
        if not isinstance(ids, list):
            try:
                ids = ids.query.sql_with_params()
            except EmptyResultSet:  # an empty page
                return []
        elif not ids:
            return []
        statement = prepared("centers.list.places", _page_places, ForPage)
        return statement.run({AT: self.now, PAGE_IDS: ids})

    def with_relations(self, centers):
        """Give the page's places their public audiences, hours and notices, as
        prefetch_related() would (`center.opening_hours.all()` reads them): one query each,
        by SQL compiled once per process and language (`ForPage`).

        prefetch_related() also built, for each place and relation, a queryset filtered to the
        place to hold its rows (60 a page, each a filter() through modeltranslation and a copy
        of the audiences' public() conditions), which nothing here reads: the rows are kept as
        a list instead. Building and compiling the three querysets was then about a fifth of
        the page's Python time.
        """
        if not centers:
            return
        ids = [center.pk for center in centers]
        # The notices of the days "open now" may read, in any time zone: from the day before
        # yesterday (a night window opened yesterday may still be running) to the end of the
        # days the next opening is looked for (centers/opening.py).
        day = datetime.timedelta(days=1)
        values = {
            AT: self.now,
            FIRST_DAY: (self.now - 2 * day).date(),
            LAST_DAY: (self.now + (HORIZON_DAYS + 1) * day).date(),
            PAGE_IDS: ids,
        }
        found = {pk: {"audiences": [], "opening_hours": [], "notices": []} for pk in ids}
        for group in prepared("centers.list.audiences", _page_audiences, ForPage).run(values):
            found[group._place]["audiences"].append(group)
        for name, build in (("opening_hours", _page_hours), ("notices", _page_notices)):
            for row in prepared(f"centers.list.{name}", build, ForPage).run(values):
                found[row.center_id][name].append(row)
        for center in centers:
            center._prefetched_objects_cache = found[center.pk]
            for row in (*found[center.pk]["opening_hours"], *found[center.pk]["notices"]):
                row._state.fields_cache["center"] = center

    def list_territories(self):
        """The territories the list's places can be in: the one chosen, else every one. The
        paginator counts only the group(s) they are in: the other group's count matched
        nothing, but was planned and run (with "open now", in parallel workers: 10 ms)."""
        chosen = getattr(self.filterset.form, "cleaned_data", {}).get("territory")
        return self.territories if chosen is None else [chosen]

    def get_paginator(self, queryset, per_page, **kwargs):
        # "Open now"'s places of unknown hours counted with the list (one query less).
        unknown = self.filterset.unknown_hours
        return self.paginator_class(
            queryset,
            per_page,
            rows=self.page_rows,
            territories=self.list_territories(),
            also_count={} if unknown is None else {"unknown_hours": unknown},
            **kwargs,
        )

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            # A page that does not exist: say so, and show the first one.
            paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
            self.page_error = _(
                "There is no page “%(page)s” in this list. Here is page 1 of %(pages)s."
            ) % {
                "page": self.request.GET.get("page", ""),
                "pages": paginator.num_pages,
            }
            page = paginator.page(1)
            return paginator, page, page.object_list, page.has_other_pages()

    def card(self, center, url, holidays, toggle=None):
        """What a place's card shows, computed once (center_card.html). `toggle`: `_Toggles`
        for the page, or the selection's own toggle()."""
        toggle = toggle or self.selection.toggle
        return {
            "center": center,
            "state": opening_state(center, self.now, holidays.get(center.department_code, {})),
            "url": url,
            "audiences": "; ".join(group.name for group in center.audiences.all()),
            "age": center.age_display,
            "selected": center.pk in self.selection.ids,
            "toggle": toggle(self.request.GET, center.pk),
        }

    def selection_context(self):
        """The selection box above the cards, the filter form's hidden field, the links."""
        selection, data = self.selection, self.request.GET
        urls = _detail_urls([center.slug for center in self.selected])
        return {
            "selection": selection,
            "selection_max": MAX_SELECTED,
            "selected_places": [
                {"center": center, "url": url, "remove": selection.toggle(data, center.pk)}
                for center, url in zip(self.selected, urls, strict=True)
            ],
            "selection_value": selection.value(),
            # "Clear all filters" keeps the selection.
            "clear_filters_url": _with_query(reverse("centers:center-list"), selection.query(None)),
            "selection_clear": selection.query(data, []),
            "selection_sheet": _with_query(
                reverse("centers:center-selection"), selection.query(None)
            ),
            "selection_dropped": self.dropped,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        self.with_relations(list(ctx["centers"]))
        urls = _detail_urls([center.slug for center in ctx["centers"]])
        holidays = holidays_around(ctx["centers"], self.now)  # one query for the page
        toggle = _Toggles(self.selection, self.request.GET).toggle
        cards = [
            self.card(center, url, holidays, toggle)
            for center, url in zip(ctx["centers"], urls, strict=True)
        ]
        ctx.update(
            cards=cards,
            cards_html=cards_html(cards),
            filter=self.filterset,
            form=self.filterset.form,
            active_filters=self.filterset.active_filters(),
            invalid_filters=self.filterset.invalid_filters(),
            unknown_hours_count=ctx["paginator"].also_counted.get("unknown_hours"),
            page_error=self.page_error,
            total=ctx["paginator"].count,
            # More places match than the pages show: the page says "more than 1,000 places".
            more_than=(
                number_format(ctx["paginator"].limit - 1, force_grouping=True)
                if ctx["paginator"].capped
                else None
            ),
            max_pages=ctx["paginator"].MAX_PAGES if ctx["paginator"].capped else None,
        )
        ctx["stated_only"] = any(f["stated_only"] for f in ctx["active_filters"])
        ctx.update(self.selection_context())
        # The filter form written in Python (centers/filter_form.py): the template's tags and
        # its loop over the form's fields were most of the page's rendering after the cards.
        ctx["filter_form_html"] = filter_form_html(
            self.filterset.form,
            self.filterset.STATED_CONDITIONS,
            selection_value=ctx["selection_value"],
            filtered=bool(ctx["active_filters"] or ctx["invalid_filters"]),
            clear_filters_url=ctx["clear_filters_url"],
        )
        page_cache.expires_at(self.request, *(next_change(c, self.now) for c in ctx["centers"]))
        if "open_now" in self.request.GET:  # any place's window may open or close
            page_cache.expires_at(self.request, page_cache.next_minute(self.now))
        return ctx


class CenterMapView(CenterMixin, TemplateView):
    """Every département with its number of public places, as a tile map and as a table."""

    template_name = "centers/center_map.html"

    def get_context_data(self, **kwargs):
        counts = maps.place_counts(self.records())
        tiles = maps.tiles(counts, reverse("centers:center-list"))
        on_map = sum(tile.count for tile in tiles)
        total = sum(counts.values())
        title = _("Care places by département")
        points = maps.points(maps.coordinate_cells(self.records()))
        return super().get_context_data(
            points=points,
            points_svg=maps.points_svg(points, label=maps.points_label(points)),
            grid=number_format(points.grid),
            tiles=tiles,
            svg=maps.tile_map_svg(tiles, title=title),
            map_title=title,
            shade_key=maps.shade_key(),
            total=total,
            # Places with no département, or one the map does not know (a hotline, a mobile team).
            not_on_map=total - on_map,
            **kwargs,
        )


class _Toggles:
    """`Selection.toggle(data, pk)` for each card of a page, the same query strings, with the
    page's query copied and encoded once around the selection's value instead of once a card."""

    MARKER = "\x00selection\x00"

    def __init__(self, selection, data):
        self.selection, self.data = selection, data
        query = data.copy()
        query[SELECTION_PARAMETER] = self.MARKER
        # The page's other parameters before and after the selection's, as query() writes them.
        self.around = query.urlencode(safe=",").split(quote(self.MARKER, safe=","))
        self.empty = selection.query(data, [])  # without any selection

    def toggle(self, data, pk):
        ids = self.selection.ids
        if data is not self.data or len(self.around) != 2:  # the marker in a value sent
            return self.selection.toggle(data, pk)
        if pk in ids:
            kept = [i for i in ids if i != pk]
        elif self.selection.full:
            return None
        else:
            kept = [*ids, pk]
        if not kept:
            return self.empty
        before, after = self.around
        return f"{before}{self.selection.value(kept)}{after}"


def _with_query(path, query):
    return f"{path}?{query}" if query else path


def _detail_urls(slugs):
    """The places' page addresses: one reverse() for them all (reversing in the language's URL
    prefix is slow, and a slug is written in an address as it is)."""
    if not slugs:
        return []
    marker = "slug-marker"
    pattern = reverse("centers:center-detail", kwargs={"slug": marker})
    before, after = pattern.split(marker)
    return [f"{before}{slug}{after}" for slug in slugs]


class CenterDetailMixin(CenterMixin):
    def get_queryset(self):
        # Only the columns a page in its language reads (core.fallback.in_page_language).
        # The same lists as the public page's (centers.detail), by prefetch_related().
        return in_page_language(super().get_queryset()).prefetch_related(
            *prefetches(place_lists(timezone.now()))
        )

    def get_object(self, queryset=None):
        # The public place: the same queries as get_queryset()'s, compiled once (centers.detail).
        # A staff preview reads every state through get_queryset().
        if queryset is None and not getattr(self, "previewing", False):
            return public_place(self.kwargs[self.slug_url_kwarg])
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        center = self.object
        now = timezone.now()
        local = center.local_time(now)
        zone = center.territory.time_zone
        hours = list(center.opening_hours.all())
        conditions = _conditions(center)
        ctx.update(
            now=now,
            # A string: the template's time filter would turn an aware time back into Paris time.
            local_time=local.strftime("%H:%M"),
            other_time_zone=zone != PARIS,
            utc_offset=_utc_offset(local),
            opening=opening_state(center, now, place_holidays(center, now)),
            hours_by_day=_hours_by_day(hours),
            hours_grouped=_hours_grouped(hours),
            current_notices=[n for n in center.notices.all() if n.applies_on(local.date())],
            operator_is_public=_is_public(center.operator),
            has_contact=any((center.address, center.phone, center.email, center.website)),
            conditions=conditions,
            unstated_conditions=[c["short"] for c in conditions if not c["stated"]],
            absolute_url=self.request.build_absolute_uri(center.get_absolute_url()),
        )
        page_cache.expires_at(self.request, next_change(center, now, shows_time=zone != PARIS))
        # How fresh its information is, by the site's date: the page changes (an "out of date"
        # warning) at the start of the day the state changes.
        today = timezone.localdate(now)
        ctx["freshness"] = center.freshness(today)
        changes_on = center.freshness_changes_on(today)
        if changes_on is not None:
            page_cache.expires_at(self.request, page_cache.start_of_day(changes_on))
        return ctx


def _conditions(center):
    """The access conditions, in plain words, each yes / no / not stated by the source; step-free
    access with the place's Acceslibre page when staff entered one."""
    return [
        {
            "label": label,
            "short": short,
            "value": getattr(center, field),
            "stated": getattr(center, field) != TriState.NOT_STATED,
            "acceslibre_url": center.acceslibre_url if field == "step_free_access" else "",
        }
        for field, label, short in (
            ("free_of_charge", _("Free of charge"), _("free of charge")),
            (
                "no_residence_permit_needed",
                _("Open to people without a residence permit"),
                _("without a residence permit"),
            ),
            (
                "no_health_coverage_needed",
                _("Open to people without health coverage"),
                _("without health coverage"),
            ),
            ("appointment_needed", _("Appointment needed"), _("appointment needed")),
            (
                "referral_needed",
                _("Referral needed (sent by a doctor or a social worker)"),
                _("referral needed"),
            ),
            ("call_first", _("Call before coming"), _("call before coming")),
            ("step_free_access", _("Step-free access (wheelchair)"), _("step-free access")),
            ("animals_accepted", _("Animals accepted"), _("animals accepted")),
        )
    ]


def _is_public(record):
    return record is not None and record.is_public


def _utc_offset(local):
    """'UTC+3', 'UTC+1', 'UTC+5:30' for a local datetime."""
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _hours_by_day(hours, names=WEEKDAYS):
    """Seven rows, Monday first: (day name, [windows]); an empty list means closed that day."""
    if not hours:
        return []
    days = [(names[day], []) for day in range(7)]
    for row in hours:
        days[row.weekday][1].append(row)
    return days


def _hours_grouped(hours, names=WEEKDAYS):
    """Days in a row with the same hours share a line: ("Monday–Thursday", [windows])."""
    groups = []
    for day, windows in _hours_by_day(hours, names):
        key = [(w.opens, w.closes) for w in windows]
        if groups and groups[-1]["key"] == key:
            groups[-1]["last"] = day
        else:
            groups.append({"key": key, "first": day, "last": None, "windows": windows})
    return [
        (f"{g['first']}–{g['last']}" if g["last"] else str(g["first"]), g["windows"])
        for g in groups
    ]


class CenterDetailView(PreviewDetailMixin, CenterDetailMixin, DetailView):
    template_name = "centers/center_detail.html"
    context_object_name = "center"
    preview_model = Center

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        absolute = self.request.build_absolute_uri
        ctx["jsonld"] = center_jsonld(self.object, ctx["absolute_url"], absolute)
        ctx["share"] = share_links(self.object, ctx["absolute_url"])
        return ctx


def share_message(center, url):
    """A place in one short message, in the visitor's language: name, what, where, address."""
    if center.city or center.department or center.region:
        html = render_to_string("centers/includes/where.html", {"center": center})
        # A message is plain text: an untranslated name stays, its "not yet translated" note goes.
        where = unescape(strip_tags(UNTRANSLATED_NOTE.sub("", html)))
    else:
        where = center.area_served
    what = str(center.get_kind_display())
    if where.strip():
        what = _("%(kind)s, %(where)s") % {"kind": what, "where": " ".join(where.split())}
    return _("%(name)s – %(what)s: %(url)s") % {"name": center.name, "what": what, "url": url}


def share_links(center, url):
    """The message as a text message, a WhatsApp message and an e-mail: plain links, opened
    only when chosen (nothing is fetched from another host before)."""
    text = quote(share_message(center, url), safe="")
    return {
        "sms": f"sms:?body={text}",
        "whatsapp": f"https://wa.me/?text={text}",
        "email": f"mailto:?subject={quote(center.name, safe='')}&body={text}",
    }


class CenterSheetView(CenterDetailMixin, DetailView):
    """One A4 page a social worker prints and hands over."""

    template_name = "centers/center_sheet.html"
    context_object_name = "center"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        label = _("QR code: the address of this place's page, %(url)s") % {
            "url": ctx["absolute_url"]
        }
        ctx["qr_svg"] = qr_svg(ctx["absolute_url"], label, title=True)
        page_cache.expires_at(self.request, page_cache.next_midnight(ctx["now"]))  # its date
        return ctx


class CenterSelectionView(TemplateView):
    """The places of a selection (?sel=3,8,12) as condensed cards, ten on at most three A4
    pages, optionally with a second language under the first (?also=ar)."""

    template_name = "centers/center_selection.html"

    def get(self, request, *args, **kwargs):
        self.selection = Selection.from_request(request)
        self.also, self.unknown_language = self.second_language(request.GET.get("also", ""))
        context = self.get_context_data(**kwargs)
        bad = self.selection.unreadable or self.unknown_language
        return self.render_to_response(context, status=400 if bad else 200)

    @staticmethod
    def second_language(code):
        """(the second language, ""), or (None, the code) when the site has no such language.
        The page's own language again is no second language."""
        if not code or code == get_language():
            return None, ""
        if code in dict(settings.LANGUAGES):
            return code, ""
        return None, code[:20]

    def places(self):
        """The selection's public places, in the order they were picked: one query, and one
        per relation the cards read (audiences, hours), whatever their number."""
        if not self.selection.ids:
            return [], 0
        # The notices that may apply today somewhere: a place's own date is the day before or
        # after the site's in some time zones.
        day = datetime.timedelta(days=1)
        today = timezone.localdate()
        notices = Notice.objects.current(today + day, since=today - day)
        rows = (
            Center.objects.public()
            .filter(pk__in=self.selection.ids)
            .select_related("operator", "territory")
            .prefetch_related(
                public_prefetch("audiences", TargetGroup),
                "opening_hours",
                Prefetch("notices", queryset=notices),
            )
        )
        found = {center.pk: center for center in rows}
        missing = self.selection.keep_only(found)
        return [found[pk] for pk in self.selection.ids], len(missing)

    def texts(self, center, code, second):
        """A card's facts rendered in one language (centers/includes/selection_facts.html)."""
        heading = center.name  # in the page's language, above both
        with translation.override(code):
            hours = list(center.opening_hours.all())
            conditions = _conditions(center)
            html = render_to_string(
                "centers/includes/selection_facts.html",
                {
                    "center": center,
                    "heading": heading,
                    "second": second,
                    "own": {
                        field: getattr(center, build_localized_fieldname(field, code)) or ""
                        for field in ("name", "area_served", "conditions")
                    },
                    "kind": center.get_kind_display(),
                    "conditions": [c for c in conditions if c["stated"]],
                    "unstated_conditions": [c["short"] for c in conditions if not c["stated"]],
                    "hours": [(days, w) for days, w in _hours_grouped(hours, WEEKDAYS_ABBR) if w],
                    "hours_known": bool(hours),
                    "current_notices": [
                        n for n in center.notices.all() if n.applies_on(center.local_time().date())
                    ],
                },
            )
            direction = "rtl" if translation.get_language_bidi() else "ltr"
        return {"code": code, "dir": direction, "html": html}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        places, missing = self.places()
        languages = [get_language(), *([self.also] if self.also else [])]
        # The codes lead to the places' pages in the language of the person handed the sheet.
        with translation.override(languages[-1]):
            urls = _detail_urls([center.slug for center in places])
        cards = []
        for center, url in zip(places, urls, strict=True):
            absolute = self.request.build_absolute_uri(url)
            label = _("QR code: the address of this place's page, %(url)s") % {"url": absolute}
            cards.append(
                {
                    "center": center,
                    "url": absolute,
                    "qr_svg": qr_svg(absolute, label),
                    "texts": [
                        self.texts(center, code, second=i > 0) for i, code in enumerate(languages)
                    ],
                }
            )
        now = timezone.now()
        ctx.update(
            cards=cards,
            now=now,
            selection=self.selection,
            selection_max=MAX_SELECTED,
            missing=missing,
            also=self.also,
            unknown_language=self.unknown_language,
            second_languages=[
                (code, name) for code, name in settings.LANGUAGES if code != get_language()
            ],
            list_url=_with_query(reverse("centers:center-list"), self.selection.query(None)),
        )
        # Its date, and the notices: each place's own date changes at its own midnight.
        zones = {center.territory.zone for center in places}
        page_cache.expires_at(
            self.request, min(page_cache.next_midnight(now, zone) for zone in {None, *zones})
        )
        return ctx


def client_key(request):
    """A keyed hash of the client's address (core.client), for the rate limit only: the
    address is never kept."""
    return client_hash(request, "centers.report.client")


def recent_reports(key):
    """The reports sent from one client in the last hour: counted in the database, where
    every accepted report is, so the limit holds with the cache down, on every node."""
    since = timezone.now() - REPORTS_WINDOW
    return CorrectionReport.objects.filter(client_hash=key, created_at__gte=since).count()


class CenterReportView(CenterMixin, FormView):
    """Report wrong information about a place. The network's staff read it in the admin."""

    template_name = "centers/center_report.html"
    form_class = CorrectionReportForm
    # With the database away, the 503 page gives these back, ready to send again (network.errors).
    kept_on_outage = ("message", "contact", "started")

    def dispatch(self, request, *args, **kwargs):
        self.center = get_object_or_404(self.get_queryset(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "center": self.center}

    def get_context_data(self, **kwargs):
        return super().get_context_data(center=self.center, **kwargs)

    def post(self, request, *args, **kwargs):
        if recent_reports(client_key(request)) >= REPORTS_PER_HOUR:
            form = self.get_form()
            form.is_valid()  # to show the text back, untouched
            context = self.get_context_data(form=form, rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        report = form.save(commit=False)
        report.center = self.center
        report.client_hash = client_key(self.request)
        # Kept no longer than the limit needs it (the privacy page says an hour).
        since = timezone.now() - REPORTS_WINDOW
        CorrectionReport.objects.filter(created_at__lt=since).exclude(client_hash="").update(
            client_hash=""
        )
        report.save()
        return redirect("centers:center-report-thanks", slug=self.center.slug)


class CenterReportThanksView(CenterMixin, TemplateView):
    template_name = "centers/center_report_thanks.html"

    def get_context_data(self, **kwargs):
        center = get_object_or_404(self.get_queryset(), slug=kwargs["slug"])
        return super().get_context_data(center=center, **kwargs)
