"""Public pages do not grow with the data: the same queries and about the same HTML at 40 and 400.

The data is built once for the module, 40 of each kind of record and then 360 more, every
relation filled (hours, notices, audiences, services, languages, programs, grants, events, key
figures, relationships), so that both sizes fill a page of every list. Each page is rendered at
both sizes: the number of queries must be the same, the HTML within 10%, and the queries at most
PAGE_QUERIES. A filter whose options are records (organisations) or years would make a page grow:
those filters are typed (core.filters.NamedChoiceFilter), never listed.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from centers.models import Center, Notice, OpeningHours
from core.dates import DatePrecision
from core.models import KeyFigure
from core.qualifiers import Qualifier
from history.models import Event
from partners.models import Organization, OrganizationKind, Relationship
from programs.models import Grant, Program
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    LanguageFactory,
    NoticeFactory,
    OrganizationFactory,
    ProgramFactory,
    ReferenceFactory,
    RelationshipFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
    ThemeFactory,
)

SMALL, LARGE = 40, 400
# What a public page may ask the database, the request's transaction aside (BEGIN and COMMIT, or
# SAVEPOINT and RELEASE here, since the data is built in a transaction).
PAGE_QUERIES = 12
TRANSACTION = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
GROWTH = 0.10
# Few organisations lead programs, fund them, run places and have a history: each of them gets more
# with the data, and org-0 enough to fill a page of each list at both sizes.
ACTIVE_ORGANIZATIONS = 2
EVENTS_PER_RECORD = 3

PAGES = {
    "home": "/en/",
    "search": "/en/search/?q=solidarity",
    "places": "/en/places/",
    "places filtered": "/en/places/?territory=metropolitan-france&service=svc-0&free=on",
    "places run by": "/en/places/?operator=org-0",
    "places run by, typed": "/en/places/?operator=association+0",
    "places of a program": "/en/places/?program=program-0",
    "places of a département": "/en/places/?department=69",
    "map of places": "/en/places/map/",
    "place": "/en/places/place-0/",
    "programs": "/en/programs/",
    "programs of an organisation": "/en/programs/?organization=org-0",
    "program": "/en/programs/program-0/",
    "organisations": "/en/partners/",
    "organisation": "/en/partners/org-0/",
    "organisations linked to one": "/en/partners/?related=org-0",
    "grants": "/en/grants/",
    "grants of a funder": "/en/grants/?funder=org-0",
    "grants of a year": "/en/grants/?year=2013",
    "grant": "/en/grants/grant-0-0/",
    "data quality": "/en/grants/data-quality/",
    "timeline": "/en/history/",
    "timeline of an organisation": "/en/history/?organization=org-0",
}


class Vocabulary:
    """What every size shares: fixed lists (territory, groups, themes, services, languages)."""

    def __init__(self):
        self.territory = TerritoryFactory()
        self.groups = [TargetGroupFactory(slug=f"group-{i}") for i in range(4)]
        self.themes = [ThemeFactory(slug=f"theme-{i}") for i in range(4)]
        self.services = [ServiceFactory(slug=f"svc-{i}") for i in range(4)]
        self.languages = [LanguageFactory(code=f"l{i}", name=f"Langue {i}") for i in range(4)]
        self.references = [ReferenceFactory(slug=f"ref-{i}") for i in range(3)]


def _link(through, left, right, pairs):
    through.objects.bulk_create([through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs])


def _key_figures(objects):
    KeyFigure.objects.bulk_create([KeyFigureFactory.build(subject=obj) for obj in objects])


def grow(vocabulary, start, stop):
    """Records start..stop-1 of every kind, each linked to earlier records only (so that the
    records of the small size keep the same relations at the large one)."""
    numbers = range(start, stop)
    orgs = Organization.objects.bulk_create(
        [
            OrganizationFactory.build(
                slug=f"org-{i}",
                name=f"Association {i}",
                name_fr=f"Association {i}",
                name_en=f"Solidarity association {i}",
                acronym=f"A{i}",
                kind=OrganizationKind.FOUNDATION if i < ACTIVE_ORGANIZATIONS else "association",
            )
            for i in numbers
        ]
    )
    every_org = {o.slug: o for o in Organization.objects.all()}

    def org(i):
        return every_org[f"org-{i}"]

    Relationship.objects.bulk_create(  # every other organisation partners with both active ones
        [
            RelationshipFactory.build(source=o, target=org(k))
            for i, o in zip(numbers, orgs, strict=True)
            if i >= ACTIVE_ORGANIZATIONS
            for k in range(ACTIVE_ORGANIZATIONS)
        ]
    )
    _key_figures(orgs)
    active = [org(i % ACTIVE_ORGANIZATIONS) for i in numbers]
    programs = Program.objects.bulk_create(
        [
            ProgramFactory.build(
                slug=f"program-{i}",
                lead_organization=active[n],
                starts_on=datetime.date(2010 + i % 8, 1, 1),
            )
            for n, i in enumerate(numbers)
        ]
    )
    _link(
        Program.partners.through,
        "program",
        "organization",
        [(p.pk, o.pk) for p, o in zip(programs, orgs, strict=True)],
    )
    _link(
        Program.themes.through,
        "program",
        "theme",
        [(p.pk, t.pk) for p in programs for t in vocabulary.themes[:2]],
    )
    _link(
        Program.target_groups.through,
        "program",
        "targetgroup",
        [(p.pk, g.pk) for p in programs for g in vocabulary.groups[:2]],
    )
    _key_figures(programs)
    grants = []
    for n, (i, program) in enumerate(zip(numbers, programs, strict=True)):
        funder = org((i + 1) % ACTIVE_ORGANIZATIONS)  # never its own recipient
        grants.append(  # ready for the open data files
            GrantFactory.build(
                slug=f"grant-{i}-0",
                program=program,
                funder=funder,
                recipient=orgs[n],
                amount=Decimal(10000 * (1 + i % 7)),
                amount_qualifier=Qualifier.EXACT,
                awarded_on=datetime.date(2012 + i % 2, 3, 1),
                starts_on=program.starts_on,
            )
        )
        grants += [  # left out of them: no amount stated (enough to fill their page)
            GrantFactory.build(
                slug=f"grant-{i}-{k}",
                program=program,
                funder=funder,
                recipient=orgs[n],
                amount=None,
                amount_qualifier=Qualifier.NOT_DISCLOSED,
                starts_on=program.starts_on,
            )
            for k in (1, 2)
        ]
    Grant.objects.bulk_create(grants)
    places = Center.objects.bulk_create(
        [
            CenterFactory.build(
                slug=f"place-{i}",
                name=f"Centre solidaire {i}",
                name_en=f"Solidarity centre {i}",
                operator=active[n],
                territory=vocabulary.territory,
                city="Lyon",
                postcode="69003",
                department="Rhône",
                department_code="69",
                region="Auvergne-Rhône-Alpes",
                free_of_charge="yes",
            )
            for n, i in enumerate(numbers)
        ]
    )
    first_programs = Program.objects.order_by("pk")[:ACTIVE_ORGANIZATIONS]
    _link(
        Center.programs.through,
        "center",
        "program",
        # Its own program, and one of the active organisations' first programs: those serve more
        # places as the data grows.
        [
            (c.pk, p.pk)
            for i, c, own in zip(numbers, places, programs, strict=True)
            for p in {own, first_programs[i % ACTIVE_ORGANIZATIONS]}
        ],
    )
    for relation, right, rows in (
        ("audiences", "targetgroup", vocabulary.groups),
        ("services", "service", vocabulary.services),
        ("languages", "language", vocabulary.languages),
    ):
        _link(
            getattr(Center, relation).through,
            "center",
            right,
            [(c.pk, r.pk) for c in places for r in rows[:3]],
        )
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(center=c, weekday=day, opens=datetime.time(9), closes=datetime.time(17))
            for c in places
            for day in range(5)
        ]
    )
    Notice.objects.bulk_create([NoticeFactory.build(center=c) for c in places])
    _key_figures(places)
    events = Event.objects.bulk_create(
        [
            EventFactory.build(
                slug=f"event-{i}-{n}",
                organization=active[k],
                starts_on=datetime.date(1960 + i % 60, 1, 1),
                starts_precision=DatePrecision.YEAR,
            )
            for k, i in enumerate(numbers)
            for n in range(EVENTS_PER_RECORD)
        ]
    )
    _link(
        Event.related_organizations.through,
        "event",
        "organization",
        [(e.pk, orgs[k // EVENTS_PER_RECORD].pk) for k, e in enumerate(events)],
    )
    _link(
        Event.references.through,
        "event",
        "reference",
        [(e.pk, vocabulary.references[0].pk) for e in events[::5]],
    )
    _key_figures(events)


def render_all(client):
    """Each page's status, queries (all, and those the transaction aside) and HTML size, after
    one render to warm the caches (content types, translations)."""
    measured = {}
    for name, url in PAGES.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        asked = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION)]
        measured[name] = (response.status_code, len(queries), len(asked), len(response.content))
    return measured


@pytest.fixture(scope="module")
def sizes(django_db_setup, django_db_blocker):
    """The pages measured at 40 and at 400 records; the data is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        language = translation.get_language()
        vocabulary = Vocabulary()
        grow(vocabulary, 0, SMALL)
        client = Client()
        small = render_all(client)
        grow(vocabulary, SMALL, LARGE)
        large = render_all(client)
        translation.activate(language)
        transaction.set_rollback(True)
    return small, large


@pytest.mark.parametrize("name", PAGES)
def test_a_page_makes_the_same_queries_at_40_and_400_records(sizes, name):
    small, large = sizes
    assert small[name][0] == large[name][0] == 200
    assert large[name][1] == small[name][1]
    assert large[name][2] <= PAGE_QUERIES


@pytest.mark.parametrize("name", PAGES)
def test_a_page_weighs_about_the_same_at_40_and_400_records(sizes, name):
    small, large = sizes
    assert abs(large[name][3] - small[name][3]) <= GROWTH * small[name][3]
