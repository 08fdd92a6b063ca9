"""Grants: the index with its totals and charts, a page per grant, the data-quality page, and the
360Giving open data files."""

from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, JsonResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.views.generic import DetailView, ListView
from modeltranslation.utils import build_localized_fieldname

from centers.models import PLACE_LINE, Center
from core.fallback import fallback_language, in_page_language
from core.filters import FilteredListMixin, ListedOptions, query_without, url_with
from core.html import key_figures_html
from core.models import KeyFigure
from core.prepared import (
    AT,
    KEY,
    SLICE,
    PreparedSlice,
    prefetches,
    prepared,
    public_record,
    read_lists,
)
from core.preview import PreviewDetailMixin
from programs.jsonld import grant_jsonld
from programs.models import Grant, TargetGroup

from . import charts, figures, threesixtygiving
from .filters import GrantFilter, listed_options
from .html import cards_html, chart_html, total_html, totals_html
from .threesixtygiving import missing

# How many of its program's places a grant's page lists before linking to them all.
PLACES_SHOWN = 10


class GrantMixin:
    """Public grants (the grant, its program, its funder and named recipient all published)."""

    paginate_by = 20

    def records(self):
        return Grant.objects.public()

    def get_base_queryset(self):
        # Only the columns a page in its language reads (core.fallback.in_page_language).
        return in_page_language(self.records().select_related("program", "funder", "recipient"))


def chart(data, *, chart_id, title, what):
    """A bar chart of the stated amounts of some totals (a figures.Chart), with its text
    alternative and table rows."""
    if not data.bars:
        return None
    description = charts.summary(data.bars, data.left_out_count, what=what, more=data.more)
    return {
        "id": chart_id,
        "title": title,
        "bars": data.bars,
        "more": data.more,
        "left_out": data.left_out,
        "left_out_count": data.left_out_count,
        "left_out_more": max(0, data.left_out_count - charts.NAMES_SHOWN),
        "kinds": {bar.kind for bar in data.bars},
        "svg": charts.bar_chart(data.bars, chart_id=chart_id, title=title, description=description),
    }


def untranslated_titles(grants):
    """Whether one of these grants' program titles has no translation in the visitor's
    language: a list of them then says so once (a note per title weighed 15 KB on the index at
    national size in Russian, issue 13), each title keeping its language."""
    # A title in the page's language is translated: fallback_language is asked of the others only.
    column = build_localized_fieldname("title", get_language())
    return any(
        not getattr(grant.program, column, None) and fallback_language(grant.program, "title")
        for grant in grants
    )


def named_in_totals(totals):
    """The grants whose program titles a list of totals shows (grants/includes/total.html)."""
    for total in totals:
        if total.cannot_add:
            yield from total.stated_named
        yield from total.undisclosed_named


def named_in_chart(data):
    """The grants whose program titles a chart's table and text show
    (grants/includes/chart.html)."""
    if data:
        for bar in data["bars"]:
            if bar.grant_count == 1:
                yield bar.grants[0]
        yield from data["left_out"]


def open_data_counts():
    """How many public grants the 360Giving files hold, and how many they leave out."""
    counts = Grant.objects.public().aggregate(
        total=Count("pk"), ready=Count("pk", filter=threesixtygiving.READY)
    )
    return {"ready": counts["ready"], "left_out": counts["total"] - counts["ready"]}


# A filtered index's open-data line counts every public grant, not the filtered ones: kept by
# this process while no record changes and until the next scheduled publication or withdrawal,
# as the filters' options are (core.filters.ListedOptions; an unfiltered index counts them with
# its totals). A scan of every grant less on each filtered page.
kept_open_data_counts = ListedOptions(open_data_counts).get


def open_data_context(counts=None):
    return {
        "open_data": counts or open_data_counts(),
        "license_name": settings.OPEN_DATA_LICENSE_NAME,
        "license_url": settings.OPEN_DATA_LICENSE_URL,
    }


# What a card of the index reads of its grant (grants/includes/grant_card.html, html.card_html):
# not the sources, purposes and other texts of the grant, its program and organisations.
CARD_FIELDS = [
    "slug",
    "amount",
    "amount_qualifier",
    "currency",
    "duration_months",
    "starts_on",
    "starts_precision",
    "ends_on",
    "ends_precision",
    "ongoing",
    "awarded_on",
    "program__slug",
    "program__title",
    "funder__name",
    "recipient__name",
]


def _every_public_card():
    """The cards of every public grant at the instant AT, as GrantListView.get_base_queryset()
    reads them: the unfiltered index's list."""
    return in_page_language(
        Grant.objects.public(AT).select_related("program", "funder", "recipient").only(*CARD_FIELDS)
    )


class EveryPublicPaginator(Paginator):
    """The unfiltered index's pages: each page's cards read by SQL compiled once per process and
    language (core.prepared.PreparedSlice), not compiled again for each request as the
    queryset's slice was (some 2 ms of the page's 30 ms of Python)."""

    def __init__(self, *args, at, **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at

    def page(self, number):
        # Paginator.page()'s slice, read by the prepared statement.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        statement = prepared("grants.list.every_public", _every_public_card, PreparedSlice)
        grants = statement.run({AT: self.at, SLICE: (bottom, top - bottom)})
        return self._get_page(grants, number, self)


def every_public_figures(at):
    """The unfiltered index's figures: every public grant at `at`, their totals linking to the
    index as the view's _url_with does from the index asked with no parameter."""
    index_url_with = partial(url_with, QueryDict(), reverse("grants:grant-list"))
    return figures.figures(Grant.objects.public(at), url_with=index_url_with, every_public_at=at)


# The unfiltered index's figures, kept by this process while no record changes and until the
# next scheduled publication or withdrawal, as the filters' options are
# (core.filters.ListedOptions: the page cache's generation, bumped by every change the public
# could see). Adding up 10,000 grants in three ways was four fifths of the page's time (some
# 80 ms of 120 here at national size); a page of cards and the rendering remain. A filtered
# index adds up its own grants at each request.
kept_every_public_figures = ListedOptions(every_public_figures, at=True).get


class GrantListView(FilteredListMixin, GrantMixin, ListView):
    template_name = "grants/grant_list.html"
    context_object_name = "grants"
    filterset_class = GrantFilter

    def records(self):
        # Public at the instant of this page (`at`: its figures read them at the same one).
        return Grant.objects.public(self.at)

    def get_base_queryset(self):
        # Only the columns a card reads, in the page's language (in_page_language).
        return in_page_language(
            self.records().select_related("program", "funder", "recipient").only(*CARD_FIELDS)
        )

    def get_queryset(self):
        self.at = timezone.now()
        # The themes' and territories' options, kept while no record changes (filters.py).
        self.filterset = self.filterset_class(
            self.request.GET or None,
            queryset=self.get_base_queryset(),
            request=self.request,
            options=listed_options(self.at),
        )
        return self.filterset.qs

    def unfiltered(self):
        """No filter applies: the list is every public grant."""
        filterset = self.filterset
        if not filterset.is_bound:
            return True
        form = filterset.form
        return form.is_valid() and not any(
            value not in (None, "", [], ()) for value in form.cleaned_data.values()
        )

    def get_paginator(self, queryset, *args, **kwargs):
        # Totals and charts cover every grant the filters keep, not only this page; the
        # database adds them up, and their count is the paginator's.
        unfiltered = self.unfiltered()
        if unfiltered and not query_without(self.request.GET):
            # Every public grant, asked with no parameter but the page: the figures kept.
            self.figures = kept_every_public_figures(self.at)
        else:
            self.figures = figures.figures(
                queryset,
                url_with=self._url_with,
                # Unfiltered, the list is every public grant: the statement compiled once.
                every_public_at=self.at if unfiltered else None,
            )
        if unfiltered:
            # And so is its page's.
            self.paginator_class = partial(EveryPublicPaginator, at=self.at)
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = self.figures.count
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.figures
        recipient_chart = chart(
            data.recipient_chart,
            chart_id="chart-recipients",
            title=gettext("Stated amounts by recipient"),
            what=gettext("Stated amounts by recipient:"),
        )
        year_chart = chart(
            data.year_chart,
            chart_id="chart-years",
            title=gettext("Stated amounts by year"),
            what=gettext("Stated amounts by year (awarded, or else starting):"),
        )
        context.update(
            matching=data.count,
            totals_by_funder=data.totals_by_funder,
            more_funders=data.more_funders,
            totals_by_recipient=data.totals_by_recipient,
            more_recipients=data.more_recipients,
            recipient_chart=recipient_chart,
            year_chart=year_chart,
            totals_untranslated=untranslated_titles(
                named_in_totals([*data.totals_by_funder, *data.totals_by_recipient])
            ),
            charts_untranslated=untranslated_titles(
                [*named_in_chart(recipient_chart), *named_in_chart(year_chart)]
            ),
            # The cards and totals written in Python (grants/html.py): their templates' loops
            # were two thirds of the page's rendering.
            cards_html=cards_html(context["grants"]),
            totals_by_funder_html=totals_html(data.totals_by_funder),
            totals_by_recipient_html=totals_html(data.totals_by_recipient),
            # And the charts' tables (grants/includes/chart.html): half of what the template
            # wrote.
            recipient_chart_html=recipient_chart
            and chart_html(recipient_chart, gettext("Recipient"), titles_noted=True),
            year_chart_html=year_chart
            and chart_html(year_chart, gettext("Year"), titles_noted=True),
            year_totals=data.year_totals,
            no_year_count=data.no_year_count,
            # Unfiltered, the figures cover every public grant: their counts are the files'.
            **open_data_context(
                {"ready": data.ready_count, "left_out": data.count - data.ready_count}
                if self.unfiltered()
                else kept_open_data_counts(timezone.now())
            ),
        )
        return context


def _funder_grants():
    return in_page_language(
        Grant.objects.public(AT)
        .filter(funder=KEY)
        .select_related("program")
        .only(*figures.NAMED_FIELDS)
    )


class _Amount:
    """What a total reads of a grant it adds but does not name."""

    __slots__ = ("amount", "amount_qualifier", "currency")

    def __init__(self, amount, amount_qualifier, currency):
        self.amount, self.amount_qualifier, self.currency = amount, amount_qualifier, currency


def funder_grants(funder_id, at):
    """Every public grant of the funder at `at`, as its total adds them (one query, SQL compiled
    once per process): the grants the total names (the first NAMES_SHOWN stated and the first
    NAMES_SHOWN undisclosed, as charts.Total picks them) as records with their program, the
    others as their amount only. Making a record and its program of each of a large funder's
    hundreds of grants was a fifth of the page."""
    statement = prepared("grants.detail.funder_grants", _funder_grants, on_server=True)
    amount, qualifier, currency = (
        statement.position(name) for name in ("amount", "amount_qualifier", "currency")
    )
    named = {True: 0, False: 0}
    grants = []
    for row in statement.rows({AT: at, KEY: funder_id}):
        grant = _Amount(row[amount], row[qualifier], row[currency])
        stated = charts.is_stated(grant)
        if named[stated] < charts.NAMES_SHOWN:
            named[stated] += 1
            grant = statement.instance(row)
        grants.append(grant)
    return grants


class GrantDetailView(PreviewDetailMixin, GrantMixin, DetailView):
    template_name = "grants/grant_detail.html"
    context_object_name = "grant"
    preview_model = Grant

    @staticmethod
    def program_lists(at):
        """What the page lists of the grant's program (see core.prepared.read_lists): the first
        places, and one more that tells the page there are others."""
        places = in_page_language(Center.objects.public(at).only(*PLACE_LINE))
        groups = in_page_language(TargetGroup.objects.public(at))
        figures = in_page_language(KeyFigure.objects.public(at))
        return (
            ("centers", "public_places", places, "programs", PLACES_SHOWN + 1),
            ("target_groups", "public_target_groups", groups, "programs", None),
            ("key_figures", "public_key_figures", figures, None, None),
        )

    @staticmethod
    def grants(at):
        return in_page_language(
            Grant.objects.public(at).select_related("program", "funder", "recipient")
        )

    def get_queryset(self):
        # A staff preview only: the public page reads the same by get_object().
        lists = self.program_lists(timezone.now())
        return self.get_base_queryset().prefetch_related(*prefetches(lists, through="program__"))

    def get_object(self, queryset=None):
        if queryset is not None or getattr(self, "previewing", False):
            return super().get_object(queryset)
        at = timezone.now()
        slug = self.kwargs[self.slug_url_kwarg]
        grant = public_record("grants.detail", Grant, self.grants, slug, at)
        read_lists("grants.detail.program", self.program_lists, grant.program, at)
        return grant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grant = self.object
        program_url = self.request.build_absolute_uri(grant.program.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            **grant_jsonld(grant, f"{program_url}#program", self.request),
        }
        places = grant.program.public_places
        # Every public grant of the same funder, for its total (one query), with what the total
        # reads and names of each: its amount and its program's title, not the texts.
        funder_total = charts.Total(
            label=grant.funder.name,
            grants=funder_grants(grant.funder_id, timezone.now()),
            organization=grant.funder,
            list_url=reverse("grants:grant-list") + f"?funder={quote(grant.funder.slug)}",
        )
        context.update(
            places=places[:PLACES_SHOWN],
            more_places=len(places) > PLACES_SHOWN,
            jsonld=data,
            funder_total=funder_total,
            # The total written in Python (grants/html.py), as on the index: its template was a
            # fifth of the page's rendering.
            funder_total_html=total_html(funder_total),
            # The program's key figures written in Python, as on a program's page.
            key_figures_html=key_figures_html(grant.program.public_key_figures),
            missing=missing(grant),
        )
        return context


class DataQualityView(ListView):
    """Every public grant the 360Giving files leave out, and what it lacks, in words."""

    template_name = "grants/data_quality.html"
    context_object_name = "grants"
    paginate_by = 50

    def get_queryset(self):
        return threesixtygiving.left_out(Grant.objects.public()).select_related(
            "program", "funder", "recipient"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            left_out=[(grant, missing(grant)) for grant in context["grants"]],
            **open_data_context(),
        )
        return context


# -- Open data (the files themselves: opendata/views.py) ------------------------------------------


def _open(response):
    # Open data: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def nothing_to_publish(request, *, as_json):
    """404, saying why: no grant has an exact amount and an award date yet."""
    quality = request.build_absolute_uri(reverse("grants:data-quality"))
    title = gettext("No grant can be published in the 360Giving format yet")
    count = open_data_counts()["left_out"]
    if count:
        detail = ngettext(
            "The 360Giving Data Standard needs an exact amount, an award date and a named "
            "recipient for every grant. The %(count)s grant recorded on this site lacks one of "
            "them: it is left out rather than published with made-up figures.",
            "The 360Giving Data Standard needs an exact amount, an award date and a named "
            "recipient for every grant. None of the %(count)s grants recorded on this site "
            "has all three: they are left out rather than published with made-up figures.",
            count,
        ) % {"count": count}
    else:
        detail = gettext("No grant is recorded on this site yet.")
    if as_json:
        body = {"error": {"status": 404, "title": title, "detail": detail, "dataQuality": quality}}
        return _open(
            JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False, "indent": 2})
        )
    see = gettext("What each grant lacks: %(url)s") % {"url": quality}
    text = f"{title}.\n\n{detail}\n\n{see}\n"
    return _open(HttpResponse(text, status=404, content_type="text/plain; charset=utf-8"))
