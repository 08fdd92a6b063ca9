"""build_bench_data at a tiny size: every relation filled, every record public, search documents
written, a re-run replacing what the previous one built."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from centers.models import Center, Notice, NoticeKind, OpeningHours
from core.models import KeyFigure
from grants.threesixtygiving import publishable
from history.models import Event, Reference
from network.management.commands.build_bench_data import PREFIX
from network.models import SearchDocument
from network.search import SEARCH_CONFIGS, rebuild_documents, search
from partners.models import Organization, OrganizationName, Relationship
from programs.models import Grant, Program
from tests.factories import (
    CenterFactory,
    EventFactory,
    OrganizationFactory,
    ProgramFactory,
    ReferenceFactory,
)

# One search document per record and language of the site (network.search).
LANGUAGES = len(SEARCH_CONFIGS)

pytestmark = pytest.mark.django_db

SIZES = {"places": 60, "programs": 8, "grants": 30, "organizations": 16, "events": 12}


def build(**sizes):
    call_command("build_bench_data", force=True, stdout=io.StringIO(), **sizes)


@pytest.fixture
def bench():
    build(**SIZES)
    return {
        "places": Center.objects.filter(slug__startswith=PREFIX),
        "programs": Program.objects.filter(slug__startswith=PREFIX),
        "grants": Grant.objects.filter(slug__startswith=PREFIX),
        "organizations": Organization.objects.filter(slug__startswith=PREFIX),
        "events": Event.objects.filter(slug__startswith=PREFIX),
    }


def test_the_sizes_asked_for_all_public(bench):
    for name, rows in bench.items():
        assert rows.count() == SIZES[name], name
        assert rows.model.objects.public().filter(slug__startswith=PREFIX).count() == SIZES[name]


def test_every_place_has_its_relations(bench):
    places = bench["places"]
    for relation in ("programs", "audiences", "services", "languages", "key_figures"):
        assert not places.filter(**{f"{relation}__isnull": True}).exists(), relation
    assert all(place.operator.is_public for place in places.select_related("operator"))
    assert places.filter(territory__overseas=True).exists()
    assert places.values("city").distinct().count() > 10


def test_places_with_hours_are_known_to_have_them(bench):
    """The "hours known" flag (kept by triggers the bulk load switches off) is set afterwards:
    "open now" counts as unknown only the places that really have no hours."""
    places = bench["places"]
    with_hours = places.filter(opening_hours__isnull=False).distinct()
    assert with_hours.exists() and places.filter(opening_hours__isnull=True).exists()
    assert set(places.filter(hours_known=True)) == set(with_hours)
    assert set(places.hours_unknown()) == set(places.filter(opening_hours__isnull=True))


def test_the_triggers_left_on_give_the_same_flags_and_documents():
    """--keep-triggers (the slow path: triggers and indexes kept, which set the flag and the
    week of hours and write the documents row by row) and the default (triggers off, the flag
    and the week set at insert, the documents written in one pass) build the same data."""

    def built():
        places = Center.objects.filter(slug__startswith=PREFIX)
        return {
            "known": set(places.filter(hours_known=True).values_list("slug", flat=True)),
            # Each place's week of hours ("open now"), by the triggers or by week_hours().
            "weeks": set(places.values_list("slug", "open_days", "open_nights")),
            "with hours": set(
                places.filter(opening_hours__isnull=False).values_list("slug", flat=True)
            ),
            "documents": set(
                SearchDocument.objects.filter(
                    kind="places", object_id__in=places.values("pk")
                ).values_list("language", "center__slug", "title", "document")
            ),
        }

    build(**SIZES, keep_triggers=True)
    slow = built()
    assert slow["known"] == slow["with hours"]
    assert len({nights for _slug, _days, nights in slow["weeks"]}) > 1  # night windows too
    assert len(slow["documents"]) == LANGUAGES * SIZES["places"]
    build(**SIZES)
    assert built() == slow


def test_the_rebuild_writes_the_documents_the_triggers_write():
    """rebuild_documents() reads the columns in SQL of its own, not through the triggers'
    functions: for every kind, translated or not, with empty fields, accents, several words and
    repeated texts, its documents are byte for byte the triggers' (normal saves)."""
    org = OrganizationFactory(
        name="Médecins du Monde",
        name_en="Doctors of the World",
        name_uk="Лікарі світу",
        acronym="MdM",
        legal_form="Association loi 1901",
        summary="Soins et plaidoyer.",
        summary_ar="رعاية",
        description="",
    )
    OrganizationFactory(name="Comité", name_en="", acronym="", summary="Soins et plaidoyer.")
    CenterFactory(
        name="Centre d'accueil, de soins et d'orientation",
        name_fa="مرکز",
        operator=org,
        city="Saint-Étienne",
        postcode="42000",
        department="Loire",
        department_code="42",
        region="Auvergne-Rhône-Alpes",
        area_served="Loire et Haute-Loire",
        area_served_en="",
        summary="Consultations gratuites, sans rendez-vous.",
        summary_ru="Бесплатные консультации",
        description="L'équipe reçoit les personnes. L'équipe reçoit les personnes.",
        conditions="Sans papiers : bienvenue.",
    )
    CenterFactory(operator=org, city="", summary="Consultations gratuites, sans rendez-vous.")
    ProgramFactory(
        title="Accès aux droits", title_ps="لاسرسی", lead_organization=org, area="Île-de-France"
    )
    EventFactory(organization=org, text="Création du réseau.", text_en="The network is founded.")
    ReferenceFactory(title="Loi n° 98-657", short_title="loi contre les exclusions")

    def documents():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT kind, language, object_id, title, document::text "
                "FROM network_searchdocument"
            )
            return sorted(cursor.fetchall())

    written = documents()
    kinds = {"places", "programs", "partners", "history", "references"}
    assert {kind for kind, *_rest in written} == kinds
    assert rebuild_documents() == len(written)
    assert documents() == written


def test_the_indexes_set_aside_during_the_build_are_all_back():
    """The build drops the secondary indexes of the tables it fills and builds them again at
    the end: afterwards the schema has exactly the indexes the migrations made."""

    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            )
            return dict(cursor.fetchall())

    before = indexes()
    assert "centers_center_place_words" in before
    assert "network_searchdocument_document_places_fr" in before
    build(**SIZES)
    assert indexes() == before


def test_hours_of_every_kind(bench):
    places = bench["places"]
    hours = OpeningHours.objects.filter(center__in=places)
    assert places.filter(opening_hours__isnull=True).exists(), "some places' hours are unknown"
    assert places.filter(opening_hours__isnull=False).distinct().count() > SIZES["places"] // 2
    assert any(window.crosses_midnight for window in hours)
    assert {window.weekday for window in hours} == set(range(7))


def test_notices_current_past_and_to_come(bench):
    notices = Notice.objects.filter(center__in=bench["places"])
    today = timezone.localdate()
    closures = notices.filter(kind=NoticeKind.CLOSURE)
    assert closures.current(today).exists()
    assert closures.filter(ends_on__lt=today).exists()
    assert closures.filter(starts_on__gt=today).exists()
    assert closures.current(today).filter(ends_on__isnull=True).exists()
    assert {notice.kind for notice in notices} == set(NoticeKind.values)


def test_programs_grants_organisations_events(bench):
    programs, grants, orgs = bench["programs"], bench["grants"], bench["organizations"]
    for relation in ("partners", "themes", "target_groups", "grants", "key_figures"):
        assert not programs.filter(**{f"{relation}__isnull": True}).exists(), relation
    assert all(grant.recipient_id != grant.funder_id for grant in grants)
    assert grants.filter(recipient__isnull=True).exists()
    assert grants.filter(amount__isnull=True).exists(), "some amounts are not disclosed"
    assert grants.values("amount_qualifier").distinct().count() >= 4
    assert publishable(grants).exists(), "some grants go into the 360Giving files"
    assert grants.values("funder").distinct().count() > 1
    assert Relationship.objects.public().filter(source__in=orgs).exists()
    assert OrganizationName.objects.filter(organization__in=orgs).exists()
    assert orgs.filter(parent__isnull=False).exists()
    assert KeyFigure.objects.public().filter(organization__in=orgs).count() == orgs.count()
    events = bench["events"]
    assert not events.filter(related_organizations__isnull=True).exists()
    assert Reference.objects.filter(slug__startswith=PREFIX, events__in=events).exists()


def test_search_documents_are_written(bench):
    documents = SearchDocument.objects.filter(kind="places", object_id__in=bench["places"])
    assert documents.count() == LANGUAGES * SIZES["places"]
    for kind, rows in (("programs", "programs"), ("partners", "organizations")):
        assert SearchDocument.objects.filter(kind=kind, object_id__in=bench[rows]).count() == (
            LANGUAGES * SIZES[rows]
        )
    groups = {group.key: group for group in search("centre de soins solidaire 42", "fr")}
    assert "/fr/places/bench-place-42/" in [result.url for result in groups["places"].results]


def test_a_rerun_replaces_what_the_previous_one_built(bench):
    kept = CenterFactory(slug="not-bench")
    build(**{**SIZES, "places": 20})
    assert bench["places"].count() == 20
    assert bench["grants"].count() == SIZES["grants"]
    assert Center.objects.filter(pk=kept.pk).exists()
    assert (
        not OpeningHours.objects.filter(center__slug__startswith=PREFIX)
        .filter(center__isnull=True)
        .exists()
    )


def test_bad_sizes_are_refused():
    with pytest.raises(CommandError, match="--places must be at least 1"):
        build(**{**SIZES, "places": 0})
    with pytest.raises(CommandError, match="at least 2"):
        build(**{**SIZES, "organizations": 1})


def test_bench_pages_reports_status_size_and_queries(client):
    CenterFactory(slug="a-place")
    out = io.StringIO()
    call_command("bench_pages", "/robots.txt", "/fr/places/a-place/", "/fr/nowhere/", stdout=out)
    rows = {row["path"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert rows["/robots.txt"]["queries"] == 0
    assert rows["/robots.txt"]["status"] == 200
    place = rows["/fr/places/a-place/"]
    expected = client.get("/fr/places/a-place/")
    # The same page (its absolute links name the first allowed host rather than testserver).
    assert place["status"] == 200
    assert abs(place["bytes"] - len(expected.content)) < 100
    assert 0 < place["queries"] <= 12
    assert rows["/fr/nowhere/"]["status"] == 404
