"""Nothing that is not public ever shows on the public site.

In every content model (each subclass of core.models.ContentModel) a record is planted in each
state that is not public: draft, in review, archived, published but scheduled for later,
published but already taken offline. Each carries a marker of its own (zqx<model><state>qzx) in
all its translated fields, French and English, and in its slug, and is linked to published
records so that it WOULD show if a queryset forgot `.published()`: a draft grant on a published
program, a draft key figure on a published place, a draft event of a published organisation…

Then every public address is fetched in both languages: every URL name of the public apps
(reversed, with the slug of every record, planted ones included), each list with its filters
set to the planted records and to published values, a search for each marker (and for a word
all planted records share), the sitemap and every address it lists, robots.txt, the open data
files. No marker may appear in any of them, HTML, JSON-LD or data. Where the
requested address itself holds a marker (a search, a filter value, a draft's own address), the
page may only echo it as often as it echoes an unknown value of the same shape.

A published twin of each model carries a control marker (zqc<model>qcz): each must show
somewhere, which proves the planted records are linked where a leak would show them.
"""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from unittest import mock
from urllib.parse import urlencode, urlsplit

import django_filters
import openpyxl
import pytest
from django.core.exceptions import FieldError
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, get_resolver, resolve, reverse
from django.utils import timezone, translation
from modeltranslation.translator import NotRegistered, translator

from centers.filters import CenterFilter
from centers.models import Center, Notice, Service
from centers.views import CenterListView
from core.models import KeyFigure, Status
from core.workflow import content_models
from history.models import Event, Reference
from opendata import catalogue, spreadsheets
from partners.models import (
    Organization,
    OrganizationKind,
    OrganizationName,
    Relationship,
    RelationshipKind,
)
from programs.models import Grant, Program, TargetGroup, Theme
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    LanguageFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    ProgramFactory,
    ReferenceFactory,
    RelationshipFactory,
    ServiceFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "en")
MARKER = re.compile(r"zqx[a-z]+qzx")
# In every planted record too: one search for it would list them all, were search to leak.
SHARED_WORD = "glorbnak"


def marker(model, state):
    return f"zqx{model._meta.model_name}{state}qzx"


def control(model):
    return f"zqc{model._meta.model_name}qcz"


def hidden_states(now):
    """Every way for a record not to be public."""
    return {
        "draft": {"status": Status.DRAFT},
        "review": {"status": Status.IN_REVIEW},
        "archived": {"status": Status.ARCHIVED},
        "future": {"status": Status.PUBLISHED, "publish_at": now + datetime.timedelta(days=30)},
        "expired": {
            "status": Status.PUBLISHED,
            "publish_at": now - datetime.timedelta(days=30),
            "unpublish_at": now - datetime.timedelta(days=1),
        },
    }


def decoy(index):
    """A value of a marker's shape that is planted nowhere (the index-th of a page's address)."""
    return f"zqydecoy{chr(ord('a') + index)}qzy"


def stamp(obj, text, words=""):
    """Write `text` into every translated field (French and English) and the slug of a record."""
    model = type(obj)
    try:
        fields = translator.get_options_for_model(model).fields
    except NotRegistered:
        fields = ()
    values = {f"{name}_{lang}": f"{text} {words}{lang}" for name in fields for lang in LANGUAGES}
    if any(f.name == "slug" for f in model._meta.fields):
        values["slug"] = text
    model._default_manager.filter(pk=obj.pk).update(**values)
    obj.refresh_from_db()
    return obj


# -- the published world the planted records hang on ----------------------------------------


class World:
    """Published records, one of each model stamped with its control marker."""

    def __init__(self):
        self.funder = OrganizationFactory(kind=OrganizationKind.FOUNDATION)
        self.org = stamp(OrganizationFactory(), control(Organization))
        self.partner = OrganizationFactory()
        self.theme = stamp(ThemeFactory(), control(Theme))
        self.group = stamp(TargetGroupFactory(), control(TargetGroup))
        self.service = stamp(ServiceFactory(), control(Service))
        self.language = LanguageFactory(code="ar", name="arabe")
        self.reference = stamp(ReferenceFactory(), control(Reference))
        self.program = stamp(ProgramFactory(lead_organization=self.org), control(Program))
        self.program.partners.add(self.partner)
        self.program.themes.add(self.theme)
        self.program.target_groups.add(self.group)
        self.grant = stamp(
            GrantFactory(program=self.program, funder=self.funder, recipient=self.org),
            control(Grant),
        )
        self.center = stamp(CenterFactory(operator=self.org, city="Lyon"), control(Center))
        self.center.programs.add(self.program)
        self.center.audiences.add(self.group)
        self.center.services.add(self.service)
        self.center.languages.add(self.language)
        OpeningHoursFactory(center=self.center)
        NoticeFactory(center=self.center)
        self.event = stamp(
            EventFactory(organization=self.org, starts_on=datetime.date(1972, 1, 1)), control(Event)
        )
        self.event.related_organizations.add(self.partner)
        self.event.references.add(self.reference)
        self.reference.organizations.add(self.org)
        stamp(OrganizationNameFactory(organization=self.org), control(OrganizationName))
        stamp(
            RelationshipFactory(source=self.funder, target=self.org, kind=RelationshipKind.FUNDS),
            control(Relationship),
        )
        stamp(KeyFigureFactory(subject=self.program), control(KeyFigure))
        for subject in (self.center, self.org, self.event):
            KeyFigureFactory(subject=subject)
        self.hidden = []  # (model, state, marker, record)

    @property
    def subjects(self):
        """The published records a key figure may describe."""
        return (self.program, self.center, self.org, self.event)


# One function per content model: plant a record in a hidden state, linked to published ones.


def plant_organization(w, state, m):
    org = OrganizationFactory(**state, parent=w.org, acronym=m[:30])
    w.program.partners.add(org)
    w.event.related_organizations.add(org)
    w.reference.organizations.add(org)
    RelationshipFactory(source=w.funder, target=org)
    RelationshipFactory(source=org, target=w.partner)
    # Published rows that name it: grants it gives or gets, a program it leads, its own event.
    GrantFactory(program=w.program, funder=w.funder, recipient=org)
    GrantFactory(program=w.program, funder=org, recipient=w.partner)
    ProgramFactory(lead_organization=org).centers.add(w.center)
    EventFactory(organization=org, starts_on=datetime.date(2025, 1, 1))
    return org


def plant_organizationname(w, state, m):
    return OrganizationNameFactory(organization=w.org, **state)


RELATIONSHIP_PAIRS = {
    "draft": ("funder", "partner"),
    "review": ("partner", "funder"),
    "archived": ("org", "partner"),
    "future": ("partner", "org"),
    "expired": ("org", "funder"),
}


def plant_relationship(w, state, m, name):
    source, target = RELATIONSHIP_PAIRS[name]
    return RelationshipFactory(source=getattr(w, source), target=getattr(w, target), **state)


def plant_theme(w, state, m):
    theme = ThemeFactory(**state)
    w.program.themes.add(theme)
    return theme


def plant_targetgroup(w, state, m):
    group = TargetGroupFactory(**state)
    w.program.target_groups.add(group)
    w.center.audiences.add(group)
    return group


def plant_program(w, state, m):
    program = ProgramFactory(**state, lead_organization=w.org)
    program.partners.add(w.partner)
    program.themes.add(w.theme)
    program.target_groups.add(w.group)
    w.center.programs.add(program)
    # Published rows hanging on it: a grant, a key figure (the home page lists program figures).
    GrantFactory(program=program, funder=w.funder, recipient=w.org)
    KeyFigureFactory(subject=program)
    return program


def plant_grant(w, state, m):
    return GrantFactory(program=w.program, funder=w.funder, recipient=w.partner, **state)


def plant_service(w, state, m):
    service = ServiceFactory(**state)
    w.center.services.add(service)
    return service


def plant_center(w, state, m):
    center = CenterFactory(**state, operator=w.org, city=m, territory=w.center.territory)
    center.programs.add(w.program)
    center.audiences.add(w.group)
    center.services.add(w.service)
    center.languages.add(w.language)
    OpeningHoursFactory(center=center)
    notice = NoticeFactory(center=center)
    Notice.objects.filter(pk=notice.pk).update(message_fr=f"{m} avis", message_en=f"{m} notice")
    KeyFigureFactory(subject=center)
    return center


def plant_reference(w, state, m):
    reference = ReferenceFactory(**state)
    reference.organizations.add(w.org)
    w.event.references.add(reference)
    return reference


def plant_event(w, state, m):
    # Recent: the home page shows the latest events first.
    event = EventFactory(organization=w.org, starts_on=datetime.date(2025, 6, 1), **state)
    event.related_organizations.add(w.partner)
    event.references.add(w.reference)
    KeyFigureFactory(subject=event)
    return event


def plant_keyfigure(w, state, m):
    # One on each kind of subject; all carry the same marker.
    return [KeyFigureFactory(subject=subject, **state) for subject in w.subjects]


PLANTERS = {
    Organization: plant_organization,
    OrganizationName: plant_organizationname,
    Relationship: plant_relationship,
    Theme: plant_theme,
    TargetGroup: plant_targetgroup,
    Program: plant_program,
    Grant: plant_grant,
    Service: plant_service,
    Center: plant_center,
    Reference: plant_reference,
    Event: plant_event,
    KeyFigure: plant_keyfigure,
}


def plant(world, now):
    for model, planter in PLANTERS.items():
        for name, state in hidden_states(now).items():
            m = marker(model, name)
            if planter is plant_relationship:
                records = planter(world, state, m, name)
            else:
                records = planter(world, state, m)
            for record in records if isinstance(records, list) else [records]:
                world.hidden.append((model, name, m, stamp(record, m, f"{SHARED_WORD} ")))


# -- the public addresses ---------------------------------------------------------------------

# Signed-in areas, not the public site: the admin, and the funders' and operators' private
# spaces; and an organisation's campaign page, reached only through the signed link it was
# e-mailed.
PRIVATE_NAMESPACES = {"admin", "funders", "operators", "campaigns"}
# Open data files say "nothing to publish yet" with a 404 until some grant qualifies.
MAY_BE_EMPTY_NAMESPACES = {"data"}
# Lists whose view builds its filter set itself.
LIST_FILTERS = {CenterListView: CenterFilter}


def model_of(view_class, url_name):
    """The model whose slug fills a public URL: the one its view's queryset lists."""
    view = view_class()
    view.setup(RequestFactory().get("/"), slug="x")
    get_queryset = getattr(view, "get_queryset", None)
    assert get_queryset is not None, f"{url_name}: teach this test which records fill its <slug>"
    return get_queryset().model


def public_url_names():
    """(namespace, URLPattern) for every URL of the public apps (every namespace but the admin)."""
    resolver = get_resolver()
    names = []
    for namespace, (_prefix, sub_resolver) in sorted(resolver.namespace_dict.items()):
        if namespace in PRIVATE_NAMESPACES:
            continue
        for pattern in sub_resolver.url_patterns:
            assert isinstance(pattern, URLPattern), (
                f"{namespace}: nested URLs, teach this test about them"
            )
            names.append((namespace, pattern))
    return names


def published_row(model):
    """A published row to filter by: the control record where there is one."""
    rows = model._default_manager.all()
    if hasattr(rows, "published"):
        rows = rows.published()
    fields = {f.name for f in model._meta.fields}
    if "slug" in fields and rows.filter(slug=control(model)).exists():
        return rows.get(slug=control(model))
    return rows.order_by("pk").first()


def filter_queries(filterset_class, world):
    """The queries worth trying on a list, from its filters.

    For each hidden state, one query sets every filter to the planted record of that state (a
    planted place's city for a text filter): a filter that accepted it would name it. Then each
    filter alone with a published value (and each choice some record has): the list it gives
    must not show what hangs on that value and is hidden.
    """
    listed = filterset_class._meta.model
    hidden = {}  # state -> {filter name: value}
    alone = []
    for name, f in filterset_class.base_filters.items():
        if isinstance(f, django_filters.ModelChoiceFilter):
            model = f.get_queryset(None).model
            field = f.extra.get("to_field_name") or "pk"
            for kind, state, _m, record in world.hidden:
                if kind is model:
                    hidden.setdefault(state, {})[name] = str(getattr(record, field))
            row = published_row(model)
            if row is not None:
                alone.append({name: str(getattr(row, field))})
        elif isinstance(f, django_filters.ChoiceFilter):
            choices = f.extra["choices"]
            choices = [
                str(value) for value, _label in (choices() if callable(choices) else choices)
            ]
            try:
                used = {
                    str(v) for v in listed._default_manager.values_list(f.field_name, flat=True)
                }
            except FieldError:  # a filter with a method of its own: try every choice
                used = set(choices)
            alone += [{name: value} for value in choices if value in used]
        elif isinstance(f, django_filters.BooleanFilter):
            alone.append({name: "on"})
        elif isinstance(f, django_filters.NumberFilter):
            alone.append({name: "30"})
        elif isinstance(f, django_filters.CharFilter):
            for kind, state, m, _r in world.hidden:
                if kind is listed:
                    hidden.setdefault(state, {})[name] = m
            alone.append({name: "Lyon"})
        else:
            pytest.fail(f"{filterset_class.__name__}.{name}: teach this test which values to try")
    return [*hidden.values(), *alone]


# The HSDS API's records by id (api/hsds/): the UUID field of each model a path reads.
HSDS_IDS = {
    "hsds:service": [(Center, "uuid")],
    "hsds:service-at-location": [(Center, "service_at_location_uuid")],
    "hsds:organization": [(Organization, "uuid")],
    "hsds:taxonomy-term": [(TargetGroup, "uuid"), (Service, "uuid")],
}
# Its lists, whole (a page of 100) and filtered by each hidden record's id.
HSDS_LISTS = {
    "hsds:services": ("full=true", "minimal=true"),
    "hsds:service-at-locations": ("full=true",),
    "hsds:organizations": ("full=true", "full_service=true"),
    "hsds:taxonomy-terms": (),
}
HSDS_FILTERS = {Organization: "organization_id", TargetGroup: "taxonomy_term_id"}


def hsds_addresses(world, name):
    """Every record's own address in the HSDS API: a planted one's is "not found"."""
    if name == "hsds:taxonomy":
        from api.hsds.taxonomies import TAXONOMY_IDS

        return [(reverse(name, kwargs={"id": str(i)}), {200}) for i in TAXONOMY_IDS.values()]
    assert name in HSDS_IDS, f"{name}: teach this test which records fill its <id>"
    found = []
    planted = {(kind, record.pk) for kind, _s, _m, record in world.hidden}
    for model, field in HSDS_IDS[name]:
        for record in model._default_manager.all():
            url = reverse(name, kwargs={"id": str(getattr(record, field))})
            found.append((url, {404} if (model, record.pk) in planted else {200, 404}))
    return found


def hsds_list_queries(world, name):
    queries = ["per_page=100", *(f"per_page=100&{extra}" for extra in HSDS_LISTS.get(name, ()))]
    if name in ("hsds:services", "hsds:service-at-locations"):
        for kind, _state, _m, record in world.hidden:
            if kind in HSDS_FILTERS:
                queries.append(f"per_page=100&{HSDS_FILTERS[kind]}={record.uuid}")
    return queries


def addresses(world, language):
    """(address, expected statuses) for every public page in a language.

    A planted record's own page must be "not found"; any other record's page may be either
    (a published grant of a draft program has no page), but must not show what is hidden.
    """
    hidden_markers = sorted({m for _model, _s, m, _r in world.hidden})
    found = []
    with translation.override(language):
        for namespace, pattern in public_url_names():
            name = f"{namespace}:{pattern.name}"
            params = set(pattern.pattern.converters)
            if not params:
                url = reverse(name)
                found.append((url, {200, 404} if namespace in MAY_BE_EMPTY_NAMESPACES else {200}))
                if namespace == "hsds":
                    found += [(f"{url}?{q}", {200, 400}) for q in hsds_list_queries(world, name)]
                view_class = getattr(resolve(url).func, "view_class", None)
                filterset = getattr(view_class, "filterset_class", None) or LIST_FILTERS.get(
                    view_class
                )
                if filterset is not None:
                    found += [
                        (f"{url}?{urlencode(q)}", {200, 400})
                        for q in filter_queries(filterset, world)
                    ]
                continue
            if params == {"id"}:
                found += hsds_addresses(world, name)
                continue
            if params == {"name"}:  # the data·inclusion files
                found += [
                    (reverse(name, kwargs={"name": file}), {200})
                    for file in catalogue.GROUPS["data-inclusion"].names
                    if file != catalogue.LEFT_OUT
                ]
                continue
            if params == {"list_key", "fmt"}:  # each list's spreadsheets, full and filtered
                for key, spec in spreadsheets.LISTS.items():
                    for fmt in spreadsheets.FORMATS:
                        url = reverse(name, kwargs={"list_key": key, "fmt": fmt})
                        found.append((url, {200}))
                        found += [
                            (f"{url}?{urlencode(q)}", {200, 400})
                            for q in filter_queries(spec.filterset, world)
                        ]
                continue
            assert params == {"slug"}, f"{name}: teach this test its parameters {params}"
            model = model_of(pattern.callback.view_class, name)
            planted = {record.pk for kind, _s, _m, record in world.hidden if kind is model}
            for record in model._default_manager.all():
                url = reverse(name, kwargs={"slug": record.slug})
                found.append((url, {404} if record.pk in planted else {200, 404}))
        # Each marker once, in one language or the other; the shared word in both.
        search = reverse("network:search")
        for m in hidden_markers[LANGUAGES.index(language) :: len(LANGUAGES)]:
            found.append((f"{search}?{urlencode({'q': m})}", {200}))
        found.append((f"{search}?{urlencode({'q': SHARED_WORD})}", {200}))
    return found


# -- fetching and looking for markers ---------------------------------------------------------


def text_of(response):
    """What a response says: its text, or every cell of a spreadsheet."""
    if response.get("Content-Type") == spreadsheets.XLSX_TYPE:
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return response.content.decode("utf-8", "replace")


class Crawl:
    def __init__(self):
        self.client = Client()
        self.pages = {}  # address -> (status, lower-case text)
        self.decoys = {}

    def get(self, url):
        if url not in self.pages:
            response = self.client.get(url)
            self.pages[url] = (response.status_code, text_of(response).lower())
        return self.pages[url]

    def echoes(self, url):
        """How often a page echoes unknown values put where the markers are in its address."""
        in_url = list(dict.fromkeys(MARKER.findall(url)))
        decoy_url = url
        for index, m in enumerate(in_url):
            decoy_url = decoy_url.replace(m, decoy(index))
        _status, text = self.get(decoy_url)
        return {m: text.count(decoy(index)) for index, m in enumerate(in_url)}

    def leaks(self, url):
        """The markers a page shows, beyond echoing its own address."""
        _status, text = self.get(url)
        found = Counter(MARKER.findall(text))
        for m, echoed in self.echoes(url).items():
            if found.get(m) == echoed:
                del found[m]
        return dict(found)


def sitemap_addresses(crawl, url="/sitemap.xml"):
    """Every address the sitemap lists: the index's section files and what they list."""
    status, text = crawl.get(url)
    assert status == 200
    root = ET.fromstring(text)  # noqa: S314 - our own response
    urls = set()
    for element in root.iter():
        href = element.text if element.tag.endswith("}loc") else element.get("href")
        if href:
            parts = urlsplit(href.strip())
            urls.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    if root.tag.endswith("}sitemapindex"):
        for section in list(urls):
            urls |= sitemap_addresses(crawl, section)
    return urls


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The world, the planted records, and every public page fetched once (all rolled back)."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        translation.override("fr"),
        # Every filtered download is fetched: no rate limit for this crawl.
        mock.patch("opendata.views.DOWNLOADS_PER_WINDOW", 10**6),
    ):
        world = World()
        plant(world, timezone.now())
        crawl = Crawl()
        expected = {}
        for language in LANGUAGES:
            for url, statuses in addresses(world, language):
                expected[url] = statuses
        sitemap = sitemap_addresses(crawl)
        for url in [*sitemap, "/robots.txt"]:
            expected.setdefault(url, {200})
        for url in expected:
            crawl.get(url)
        leaks = {url: found for url in expected if (found := crawl.leaks(url))}
        yield world, crawl, expected, sitemap, leaks
        transaction.set_rollback(True)


# -- the tests ----------------------------------------------------------------------------------


def test_every_content_model_has_hidden_records_in_every_state(site):
    world, *_ = site
    assert set(PLANTERS) == set(content_models()), "a new content model: plant it here"
    planted = {(model, state) for model, state, _m, _r in world.hidden}
    assert planted == {
        (model, state) for model in PLANTERS for state in hidden_states(timezone.now())
    }
    for model, state, m, record in world.hidden:
        assert not model._default_manager.published().filter(pk=record.pk).exists(), (model, state)
        assert not record.is_public
        for field in translator.get_options_for_model(model).fields:
            for language in LANGUAGES:
                assert m in getattr(record, f"{field}_{language}"), (model, field, language)


# A value each URL parameter that is not a slug or a name takes (the lists' downloads).
SAMPLE_VALUES = {"list_key": "places", "fmt": "csv"}


def test_the_crawl_covers_every_public_url_name_in_both_languages(site):
    _world, _crawl, expected, sitemap, _leaks = site
    for language in LANGUAGES:
        with translation.override(language):
            for namespace, pattern in public_url_names():
                prefix = reverse(
                    f"{namespace}:{pattern.name}",
                    kwargs={k: SAMPLE_VALUES.get(k, "x") for k in pattern.pattern.converters},
                )
                prefix = re.split(r"/x(?:/|$)", prefix)[0]
                assert any(url.startswith(prefix) for url in expected), (
                    namespace,
                    pattern.name,
                    language,
                )
    assert sitemap and all(url in expected for url in sitemap)


def test_every_public_page_answers_as_expected(site):
    _world, crawl, expected, _sitemap, _leaks = site
    wrong = {
        url: crawl.pages[url][0]
        for url, statuses in expected.items()
        if crawl.pages[url][0] not in statuses
    }
    assert wrong == {}


def test_a_hidden_record_has_no_page_of_its_own(site):
    world, crawl, expected, _sitemap, _leaks = site
    own_pages = [url for url, statuses in expected.items() if statuses == {404}]
    assert all(crawl.pages[url][0] == 404 for url in own_pages)
    with_pages = {
        m for model, _s, m, _r in world.hidden if model in (Center, Program, Organization)
    }
    assert with_pages <= {m for url in own_pages for m in MARKER.findall(url)}
    # Their published twins do have one.
    for model in (Center, Program, Organization):
        pages = [url for url in expected if f"/{control(model)}/" in url]
        assert pages and all(crawl.pages[url][0] == 200 for url in pages), model


def test_no_hidden_record_shows_anywhere_html_or_json_ld(site):
    _world, _crawl, _expected, _sitemap, leaks = site
    assert leaks == {}


def test_the_sitemap_lists_no_hidden_record(site):
    world, crawl, _expected, sitemap, _leaks = site
    assert not any(MARKER.search(url) for url in sitemap)
    for url in ["/sitemap.xml", *(url for url in sitemap if url.startswith("/sitemap-"))]:
        _status, text = crawl.get(url)
        assert not MARKER.search(text)
    for record in (world.center, world.program, world.org):
        assert any(record.slug in url for url in sitemap)


# Controls that show nowhere on the public site, by design.
NOT_SHOWN = set()


def test_published_twins_do_show_so_the_hidden_ones_would_have(site):
    """The harness is not blind: each model's published control record shows somewhere."""
    _world, crawl, expected, _sitemap, _leaks = site
    text = "\n".join(
        crawl.pages[url][1] for url in expected if crawl.pages[url][0] == 200 and "?q=" not in url
    )
    unseen = {model._meta.model_name for model in PLANTERS if control(model) not in text}
    assert unseen == NOT_SHOWN


def test_the_hsds_api_shows_the_published_twins(site):
    """The HSDS API's answers are part of the crawl, and would show a leak: the published
    place, organisation, group of people and service appear in them."""
    _world, crawl, expected, _sitemap, _leaks = site
    api = [url for url in expected if url.startswith("/api/hsds/")]
    text = "\n".join(crawl.pages[url][1] for url in api if crawl.pages[url][0] == 200)
    for model in (Center, Organization, TargetGroup, Service):
        assert control(model) in text, model
