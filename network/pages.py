"""Pages that combine domains: an organisation's page (its names and relationships, the programs
it leads or joins, its places, the grants it makes and receives, its timeline) and a program's
page (its partners, grants and places). Their lists stay in `partners` and `programs`, which may
not import the apps these pages read; the pages keep the lists' addresses and URL namespaces
(see `urls.py` here and in `config`)."""

from django.db import connection
from django.db.models import Value
from django.utils import timezone
from django.views.generic import DetailView

from centers.models import PLACE_LINE, Center
from core.fallback import in_page_language as localized
from core.html import key_figures_html
from core.models import KeyFigure
from core.prepared import (
    AT,
    KEY,
    per_process,
    prefetches,
    prepared,
    public_record,
    read_lists,
    record_values,
)
from core.preview import PreviewDetailMixin
from history.models import Event
from network.html import organization_boxes_html, place_lines_html, program_grants_html
from partners.jsonld import organization_jsonld
from partners.models import Organization, OrganizationName, Relationship
from partners.views import OrganizationMixin
from programs.jsonld import program_jsonld
from programs.models import Grant, Program, TargetGroup
from programs.views import ProgramMixin

# The long boxes of an organisation page show this many rows, then link to the full list.
BOX_LIMIT = 10
CAPPED = (
    "public_children",
    "public_relationships_from",
    "public_relationships_to",
    "public_led_programs",
    "public_partner_programs",
    "public_centers",
    "public_grants_made",
    "public_grants_received",
)


# What a line of the grants boxes shows: the amount, the other party, the program, the duration
# and the period (each union part compiles and reads every column it selects: the long texts of
# the grant, its program and two organisations were most of them).
GRANT_LINE = [
    "slug",
    "amount",
    "amount_qualifier",
    "duration_months",
    "starts_on",
    "starts_precision",
    "ends_on",
    "ends_precision",
    "ongoing",
    "program",
    "program__slug",
    "program__title",
    "funder",
    "funder__slug",
    "funder__name",
    "recipient",
    "recipient__slug",
    "recipient__name",
]

# What a line of the relationships box shows: the other organisation's name and link, the kind,
# the dates and the description (not the two organisations' long texts).
RELATIONSHIP_LINE = [
    "kind",
    "description",
    "since",
    "since_precision",
    "until",
    "until_precision",
    "duration_years",
    "duration_qualifier",
    "source",
    "source__slug",
    "source__name",
    "target",
    "target__slug",
    "target__name",
]


def _organization_lists(at):
    """What an organisation's page lists beside its record and its pairs of boxes (see
    core.prepared.read_lists); each reads only the columns a page in its language shows."""
    # One row more than shown tells the page that there are more.
    extra = BOX_LIMIT + 1
    names = localized(OrganizationName.objects.public(at))
    return (
        ("former_names", "public_former_names", names, "organization", None),
        (
            "children",
            "public_children",
            localized(Organization.objects.public(at)),
            "parent",
            extra,
        ),
        (
            # Care places only, as on the places list its "all places" link leads to; with the
            # operator, by which each is attached to the organisation.
            "centers",
            "public_centers",
            localized(Center.objects.public(at).only(*PLACE_LINE, "operator")),
            "operator",
            extra,
        ),
        ("key_figures", "public_key_figures", localized(KeyFigure.objects.public(at)), None, None),
    )


def _organization_pairs(org, at):
    """The boxes that go in pairs: (their attributes, their queries). Each pair is one query,
    UNION ALL of the two capped lists (each part keeps its order, and a row says which box it is
    for), where the database allows a LIMIT in each part of a compound query (PostgreSQL); two
    queries where it does not (SQLite, `make run`)."""
    extra = BOX_LIMIT + 1
    pairs = (
        (
            Relationship.objects.select_related("source", "target").only(*RELATIONSHIP_LINE),
            ("public_relationships_from", {"via": "source", "source": org}),
            ("public_relationships_to", {"via": "target", "target": org}),
        ),
        (
            # A line of the programs boxes: the title, the link and the kind.
            Program.objects.only("slug", "title", "kind"),
            ("public_led_programs", {"lead_organization": org}),
            ("public_partner_programs", {"partners": org}),
        ),
        (
            Grant.objects.select_related("program", "funder", "recipient").only(*GRANT_LINE),
            ("public_grants_made", {"via": "funder", "funder": org}),
            ("public_grants_received", {"via": "recipient", "recipient": org}),
        ),
    )
    for records, *boxes in pairs:
        parts = []
        for attr, lookups in boxes:
            lookups = dict(lookups)
            via = lookups.pop("via", None)
            parts.append(
                localized(records.public(at, via=via).filter(**lookups)).annotate(box=Value(attr))[
                    :extra
                ]
            )
        if connection.features.supports_slicing_ordering_in_compound:
            parts = [parts[0].union(parts[1], all=True)]
        yield tuple(attr for attr, _lookups in boxes), parts


def _organization_events(org, at):
    return localized(Event.objects.public(at).for_organization(org).timeline())[: BOX_LIMIT + 1]


def _fill_pairs(org, pairs):
    """`pairs`: (the boxes' attributes, each query's rows)."""
    for attrs, results in pairs:
        for attr in attrs:
            setattr(org, attr, [])
        for rows in results:
            for row in rows:
                getattr(org, row.box).append(row)


def _organizations(at):
    return localized(Organization.objects.public(at).select_related("parent"))


def _pair_statements():
    """Each pair's attributes and Prepared queries, built once (building the six querysets
    and their public() conditions again at every request cost a fifth of the page)."""
    return tuple(
        (
            attrs,
            tuple(
                prepared(
                    f"network.organization.{attrs[0]}.{part}/{len(queries)}",
                    lambda query=query: query,
                    on_server=True,
                )
                for part, query in enumerate(queries)
            ),
        )
        for attrs, queries in _organization_pairs(KEY, AT)
    )


def public_organization(slug):
    """The public organisation with this slug and what its page lists, by SQL compiled once per
    process and language (core.prepared): the same queries as OrganizationDetailView's
    get_queryset() and get_object() (Http404 when there is none)."""
    at = timezone.now()
    org = public_record("network.organization", Organization, _organizations, slug, at)
    read_lists("network.organization", _organization_lists, org, at)
    values = record_values(org, at)
    pairs = per_process("network.organization.pairs", _pair_statements)
    _fill_pairs(org, [(attrs, [part.run(values) for part in parts]) for attrs, parts in pairs])
    org.public_events = prepared(
        "network.organization.events", lambda: _organization_events(KEY, AT), on_server=True
    ).run(values)
    return org


class OrganizationDetailView(PreviewDetailMixin, OrganizationMixin, DetailView):
    template_name = "network/organization_detail.html"
    context_object_name = "organization"
    preview_model = Organization

    def get_queryset(self):
        # What the page lists is read from the organisation, shown (or previewed) already: the
        # relation it arrives through is not tested again (`via`).
        # Each reads only the columns a page in its language shows (`localized`).
        # A staff preview only: the public page reads the same by public_organization().
        return localized(self.get_base_queryset()).prefetch_related(
            *prefetches(_organization_lists(timezone.now()))
        )

    def get_object(self, queryset=None):
        if queryset is None and not getattr(self, "previewing", False):
            return public_organization(self.kwargs[self.slug_url_kwarg])
        org = super().get_object(queryset)
        at = timezone.now()
        _fill_pairs(org, _organization_pairs(org, at))
        org.public_events = list(_organization_events(org, at))
        return org

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        parent = org.parent if org.parent is not None and org.parent.is_public else None
        # The long boxes: their first rows, and whether there are more (plain data, the
        # prefetched lists stay as they were read).
        boxes, more = {}, {}
        for attr in CAPPED:
            rows = getattr(org, attr)
            name = attr.removeprefix("public_")
            boxes[name], more[name] = rows[:BOX_LIMIT], len(rows) > BOX_LIMIT
        events = org.public_events
        more["events"] = len(events) > BOX_LIMIT
        events = events[:BOX_LIMIT]
        context.update(
            parent=parent,
            boxes=boxes,
            events=events,
            more=more,
            # The lists written in Python (network/html.py): their template's loops were most
            # of the page's rendering.
            boxes_html=organization_boxes_html(org, boxes, more, events),
            key_figures_html=key_figures_html(org.public_key_figures),
            jsonld=organization_jsonld(
                org,
                self.request,
                former_names=org.public_former_names,
                children=boxes["children"],
                parent=parent,
            ),
        )
        return context


class ProgramDetailView(PreviewDetailMixin, ProgramMixin, DetailView):
    template_name = "network/program_detail.html"
    context_object_name = "program"
    preview_model = Program

    def lists(self, at):
        # Each reads only the columns a page in its language shows (`localized`); one place
        # more than shown tells the page that there are more.
        return (
            *self.program_lists(at),
            (
                "partners",
                "public_partners",
                localized(Organization.objects.public(at)),
                "partner_programs",
                None,
            ),
            (
                "target_groups",
                "public_target_groups",
                localized(TargetGroup.objects.public(at)),
                "programs",
                None,
            ),
            (
                "centers",
                "public_centers",
                localized(Center.objects.public(at).only(*PLACE_LINE)),
                "programs",
                BOX_LIMIT + 1,
            ),
            (
                "key_figures",
                "public_key_figures",
                localized(KeyFigure.objects.public(at)),
                None,
                None,
            ),
        )

    def get_queryset(self):
        # A staff preview only: the public page reads the same by get_object().
        records = localized(self.records().select_related("lead_organization"))
        return records.prefetch_related(*prefetches(self.lists(timezone.now())))

    def get_object(self, queryset=None):
        if queryset is not None or getattr(self, "previewing", False):
            return super().get_object(queryset)
        at = timezone.now()
        slug = self.kwargs[self.slug_url_kwarg]
        program = public_record("network.program", Program, self.programs, slug, at)
        read_lists("network.program", self.lists, program, at)
        return program

    @staticmethod
    def programs(at):
        return localized(Program.objects.public(at).select_related("lead_organization"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        lead = program.lead_organization
        lead = lead if lead is not None and lead.is_public else None
        context.update(
            lead=lead,
            # The grants written in Python (network/html.py): their template's loop was most of
            # the page's rendering.
            grants_html=program_grants_html(program.public_grants),
            places=program.public_centers[:BOX_LIMIT],
            places_html=place_lines_html(program.public_centers[:BOX_LIMIT]),
            key_figures_html=key_figures_html(program.public_key_figures),
            more_places=len(program.public_centers) > BOX_LIMIT,
            jsonld=program_jsonld(
                program,
                self.request,
                lead=lead,
                grants=program.public_grants,
                themes=program.public_themes,
            ),
        )
        return context
