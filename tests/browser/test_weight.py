"""Page weight with full pages: every kind of page, its lists full (more rows than a page shows)
and its details filled in, weighs under 100 KB for everything the browser fetches (HTML, CSS,
scripts, fonts, the site's own images), uncompressed; and still fits a 320-pixel-wide screen."""

import datetime
from decimal import Decimal

import pytest

from centers.models import Center, Language, OpeningHours, Territory
from centers.views import CenterListView
from core.dates import DatePrecision
from core.models import KeyFigureUnit, TriState
from core.qualifiers import Qualifier
from history.models import Event, EventCategory
from history.views import TimelineView
from network.seeding import seed_network
from partners.models import OrganizationKind, RelationshipKind
from partners.views import OrganizationListView
from programs.views import ProgramListView
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    NoticeFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    ProgramFactory,
    ReferenceFactory,
    RelationshipFactory,
    ServiceFactory,
    TargetGroupFactory,
    ThemeFactory,
)

from .conftest import LANGS, Guard, Site, close_connections, flush
from .pages import PAGE_TYPES, expected_status, page_path

BUDGET = 100_000  # bytes
WIDE = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}
SEARCH_WORD = "solidaire"


def rows_for(view):
    """More rows than one page of the list shows, and at least 60."""
    return max(60, (view.paginate_by or 0) + 10)


LONG_FR = (
    "L'équipe de bénévoles et de salariés accueille sans rendez-vous les personnes qui n'ont pas "
    "accès aux soins : médecine générale, soins infirmiers, dépistage, prévention, aide aux "
    "démarches pour ouvrir des droits à l'assurance maladie et orientation vers les structures de "
    "droit commun. "
)
LONG_EN = (
    "The team of volunteers and staff receives people with no access to care without an "
    "appointment: general medicine, nursing care, screening, prevention, help with the procedures "
    "to open health insurance rights and guidance towards mainstream services. "
)


# Arabic letters for the Arabic columns: the heaviest language (two bytes a letter in UTF-8).
ARABIC_WORDS = "نص عربي بطول النص الفرنسي "


def in_arabic_letters(text):
    """A stand-in as long as the text, in Arabic letters: the weight of an Arabic translation."""
    return (ARABIC_WORDS * (len(text) // len(ARABIC_WORDS) + 1))[: len(text)]


def fill(**values):
    """French, English and Arabic values of translated fields: name="…" gives name, name_en
    and name_ar (Arabic letters as long as the French text)."""
    out = {}
    for name, (fr, en) in values.items():
        out[name] = fr
        out[f"{name}_en"] = en
        out[f"{name}_ar"] = in_arabic_letters(fr)
    return out


def build_full_site():
    """The seed content, plus enough published rows, every relation filled, to fill every list."""
    seed_network()
    today = datetime.date.today()
    metropole = Territory.objects.get(slug="metropolitan-france")
    languages = [
        Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("ar", "arabe"), ("ro", "roumain"), ("ps", "pachto"), ("ti", "tigrigna"))
    ]
    groups = [
        TargetGroupFactory(**fill(name=(f"Public {SEARCH_WORD} {i}", f"Group {i}")))
        for i in range(4)
    ]
    themes = [ThemeFactory() for _ in range(3)]
    services = [
        ServiceFactory(**fill(name=(f"Service de santé {i}", f"Health service {i}")))
        for i in range(5)
    ]

    heavy_org = OrganizationFactory(
        slug="full-organisation",
        kind=OrganizationKind.NGO,
        acronym="ASSF",
        founded_on=datetime.date(1970, 2, 19),
        founded_precision=DatePrecision.DAY,
        **fill(
            name=(
                f"Association {SEARCH_WORD} de santé de France",
                "Solidarity health association of France",
            ),
            legal_form=("Association loi 1901", "Association under the French law of 1901"),
            summary=(LONG_FR[:290], LONG_EN[:290]),
            description=(LONG_FR * 4, LONG_EN * 4),
        ),
    )
    orgs = [heavy_org] + [
        OrganizationFactory(
            **fill(
                name=(
                    f"Association {SEARCH_WORD} numéro {i}",
                    f"Solidarity association number {i}",
                ),
                summary=(LONG_FR[:290], LONG_EN[:290]),
            )
        )
        for i in range(rows_for(OrganizationListView))
    ]
    funder = OrganizationFactory(
        kind=OrganizationKind.FOUNDATION, **fill(name=("Fondation Espoir", "Hope Foundation"))
    )
    for i, org in enumerate(orgs[1:6]):
        RelationshipFactory(
            source=heavy_org,
            target=org,
            kind=RelationshipKind.PARTNERS_WITH,
            since=datetime.date(1990 + i, 1, 1),
            duration_years=Decimal(15),
            duration_qualifier=Qualifier.ALMOST,
        )
    RelationshipFactory(source=funder, target=heavy_org, kind=RelationshipKind.FUNDS)
    for i in range(2):
        OrganizationNameFactory(
            organization=heavy_org,
            name=f"Comité médical {i}",
            acronym=f"CM{i}",
            used_from=datetime.date(1970 + i, 1, 1),
        )
    for i in range(3):
        KeyFigureFactory(subject=heavy_org, position=i)

    programs = []
    for i in range(rows_for(ProgramListView)):
        program = ProgramFactory(
            slug="full-program" if i == 0 else f"full-program-{i}",
            lead_organization=heavy_org,
            starts_on=datetime.date(2011, 1, 1),
            ongoing=True,
            **fill(
                title=(
                    f"Programme {SEARCH_WORD} d'accès aux soins "
                    f"des personnes en grande précarité {i}",
                    f"Access to care for people in great precarity, program {i}",
                ),
                summary=(LONG_FR[:390], LONG_EN[:390]),
                description=(LONG_FR * 4, LONG_EN * 4),
                area=(
                    "Lyon, Toulouse, Montpellier et Paris",
                    "Lyon, Toulouse, Montpellier and Paris",
                ),
            ),
        )
        program.partners.set(orgs[1:4])
        program.themes.set(themes)
        program.target_groups.set(groups)
        for n in range(5 if i == 0 else 2):
            GrantFactory(
                program=program,
                funder=funder,
                recipient=heavy_org,
                duration_months=36,
                starts_on=datetime.date(2011 + n, 1, 1),
            )
        for n in range(4 if i == 0 else 1):
            KeyFigureFactory(
                subject=program,
                position=n,
                unit=KeyFigureUnit.PERCENT if n % 2 else KeyFigureUnit.NUMBER,
            )
        programs.append(program)

    centers = []
    for i in range(rows_for(CenterListView)):
        center = CenterFactory(
            slug="full-place" if i == 0 else f"full-place-{i}",
            operator=heavy_org,
            territory=metropole,
            city="Saint-Denis",
            postcode="93200",
            department="Seine-Saint-Denis",
            department_code="93",
            region="Île-de-France",
            address=f"{i + 1} boulevard de la Libération, bâtiment B, 2e étage",
            phone="01 23 45 67 89",
            email="accueil@example.org",
            website="https://example.org/accueil",
            latitude=Decimal("48.93"),
            longitude=Decimal("2.35"),
            min_age=0,
            max_age=18,
            free_of_charge=TriState.YES,
            no_residence_permit_needed=TriState.YES,
            no_health_coverage_needed=TriState.YES,
            appointment_needed=TriState.NO,
            referral_needed=TriState.NO,
            call_first=TriState.YES,
            step_free_access=TriState.YES,
            acceslibre_url="https://acceslibre.beta.gouv.fr/app/93-saint-denis/a/centre-de-sante/erp/plaine/",
            animals_accepted=TriState.NO,
            last_verified_on=today,
            **fill(
                name=(
                    f"Centre de soins {SEARCH_WORD} de la Plaine-Saint-Denis, permanence {i}",
                    f"Solidarity care centre of the Plaine-Saint-Denis, permanence {i}",
                ),
                summary=(LONG_FR[:390], LONG_EN[:390]),
                description=(LONG_FR * 3, LONG_EN * 3),
                conditions=(LONG_FR[:300], LONG_EN[:300]),
            ),
        )
        centers.append(center)
        if i == 0:
            NoticeFactory(
                center=center,
                starts_on=today,
                ends_on=today + datetime.timedelta(days=30),
                **fill(message=(LONG_FR[:200], LONG_EN[:200])),
            )
            for n in range(3):
                KeyFigureFactory(subject=center, position=n)

    # Many-to-many rows and opening hours in bulk: thousands of single inserts would slow the
    # module.
    link(Center.programs.through, centers, "center", programs[:2], "program")
    link(Center.audiences.through, centers, "center", groups, "targetgroup")
    link(Center.services.through, centers, "center", services, "service")
    link(Center.languages.through, centers, "center", languages, "language")
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(center=center, weekday=weekday, opens=opens, closes=closes)
            for center in centers
            for weekday in range(6)
            for opens, closes in (
                (datetime.time(9), datetime.time(12, 30)),
                (datetime.time(14), datetime.time(18)),
            )
        ]
    )

    references = [ReferenceFactory() for _ in range(3)]
    categories = [c for c, _label in EventCategory.choices]
    events = []
    for i in range(rows_for(TimelineView)):
        event = EventFactory(
            organization=heavy_org,
            category=categories[i % len(categories)],
            starts_on=datetime.date(1960 + i % 60, 1 + i % 12, 1 + i % 28),
            starts_precision=DatePrecision.DAY,
            **fill(
                title=(
                    f"Un nouveau réseau {SEARCH_WORD} de santé est créé {i}",
                    f"A new health network is created {i}",
                ),
                text=(LONG_FR, LONG_EN),
            ),
        )
        events.append(event)
    link(Event.related_organizations.through, events, "event", orgs[1:3], "organization")
    link(Event.references.through, events[::10], "event", references, "reference")


def link(through, objects, left, targets, right):
    """Each object linked to every target, in one insert."""
    through.objects.bulk_create(
        [
            through(**{f"{left}_id": obj.pk, f"{right}_id": target.pk})
            for obj in objects
            for target in targets
        ]
    )


@pytest.fixture(scope="module")
def full_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_full_site()
        close_connections()
    yield
    flush(django_db_blocker)


FULL = {"place": "full-place", "program": "full-program", "partner": "full-organisation"}
QUERIES = {
    "search": f"q={SEARCH_WORD}",
    "places list filtered": "territory=metropolitan-france&free=yes",
}


@pytest.fixture(scope="module")
def uncached(live_server, browser, axe_source):
    """A browser context without JavaScript and without HTTP cache (Playwright turns the cache
    off where requests are routed), so every page load fetches everything, like a first visit."""
    site = Site(live_server, browser, axe_source)
    guard = Guard(site.origin)
    context = site.context(guard, javascript=False)
    context.route("**/*", lambda route: route.continue_())
    yield site, guard, context
    site.close()


def weigh(uncached, path):
    """Load a page in a new tab; return (response, total bytes, one line per resource, page)."""
    site, guard, context = uncached
    guard.reset()
    page = guard.watch(context.new_page())
    responses = []
    page.on("response", lambda r: responses.append(r))
    response = page.goto(site.url(path))
    total, lines = 0, []
    for r in responses:
        kind = r.request.resource_type
        if kind == "image" and "/static/" not in r.url:
            continue  # content images aside
        size = 0 if r.status in (301, 302, 303, 304, 307, 308) else len(r.body())
        total += size
        lines.append(f"{size:>8} B  {kind:<10} {r.status} {r.url}")
    return response, total, lines, page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_a_full_page_weighs_under_100_kb_and_fits_320px(full_site, uncached, page_type, lang):
    path = page_path(page_type, lang, FULL, QUERIES.get(page_type))
    response, total, lines, page = weigh(uncached, path)
    guard = uncached[1]
    assert response.status == expected_status(page_type), f"{path} answered {response.status}"
    problems = []
    if total >= BUDGET:
        problems.append(f"{path} weighs {total:,} bytes (budget {BUDGET:,}):\n" + "\n".join(lines))
    page.set_viewport_size(NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        problems.append(
            f"{path} with full content scrolls sideways at 320px (document {width}px wide)"
        )
    guard.check(path, page)
    page.close()
    assert not problems, "\n".join(problems)


def test_the_lists_are_full(full_site, uncached):
    """The data really fills the lists: each shows a whole page and has a next page."""
    for page_type in ("places list", "programs list", "partners list", "timeline"):
        path = page_path(page_type, "en", FULL)
        _response, _total, _lines, page = weigh(uncached, path)
        assert page.locator('a[rel="next"]').count() >= 1, (
            f"{path} has no next page: the data does not fill it"
        )
        page.close()
    uncached[1].check("lists")


def test_nothing_is_served_from_the_cache(full_site, uncached):
    """Each load weighs its style sheet again: the budget counts a first visit."""
    for _ in range(2):
        _response, _total, lines, page = weigh(uncached, page_path("home", "en"))
        page.close()
        assert any("stylesheet" in line for line in lines), "the style sheet came from the cache"
