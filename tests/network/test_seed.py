"""The seed content: every fact of the two documents, traceable, and nothing invented."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from centers.models import Center, CenterKind, Delivery, Notice, OpeningHours, Service
from core.models import KeyFigure, Status, TriState
from core.qualifiers import Qualifier, format_qualified, sum_qualified
from core.sources import SEED_DOCUMENTS, document_text, fragments, passage_is_verbatim
from history.models import Event, Reference
from network import seed_content
from network.seeding import SeedLoader
from partners.models import Organization, OrganizationName, Relationship
from programs.models import Grant, Program, TargetGroup, Theme

CONTENT_MODELS = [
    Organization,
    OrganizationName,
    Relationship,
    Theme,
    TargetGroup,
    Program,
    Grant,
    Service,
    Center,
    Reference,
    Event,
    KeyFigure,
]
WORDS = {
    Decimal(15): "fifteen",
    Decimal(20): "twenty",
    Decimal("33.3"): "a third",
    Decimal(36): "three years",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Load the seed once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = SeedLoader().load()
        yield report
        transaction.set_rollback(True)


def all_seeded():
    for model in CONTENT_MODELS:
        yield from model.objects.exclude(seed_key=None)


def stated_in(number, passage):
    """Is a number stated in a passage: as digits (6,000 / 6000 / 12.5) or in words?"""
    number = Decimal(number).normalize()
    plain = format(number, "f")
    candidates = {plain, f"{int(number):,}" if number == int(number) else plain}
    if number in WORDS:
        candidates.add(WORDS[number])
    return any(re.search(rf"(?<![\d.,]){re.escape(c)}(?![\d])", passage) for c in candidates)


def test_the_project_keeps_its_own_copy_of_both_documents():
    for document in SEED_DOCUMENTS:
        assert len(document_text(document)) > 2000


def test_page_furniture_is_not_loaded(seeded, db):
    for obj in all_seeded():
        for furniture in ("Adobe Flash", "Scroll to Top", "Our funders and partners"):
            assert furniture not in obj.source_passage


def test_every_record_quotes_a_verbatim_passage_of_its_document(seeded, db):
    records = list(all_seeded())
    assert len(records) == len(seeded.created) == 97
    for obj in records:
        assert obj.source_document in SEED_DOCUMENTS, obj
        assert obj.source_passage, obj
        assert passage_is_verbatim(obj.source_document, obj.source_passage), (
            obj.seed_key,
            obj.source_passage,
        )
        assert obj.status == Status.PUBLISHED


def test_every_seed_spec_passage_is_verbatim_before_loading():
    """The content module itself, so a bad edit fails here before any database work."""
    groups = [
        getattr(seed_content, n)
        for n in dir(seed_content)
        if n.isupper() and isinstance(getattr(seed_content, n), list)
    ]
    specs = [s for g in groups for s in g if isinstance(s, dict) and "cite" in s]
    assert len(specs) == 97
    for spec in specs:
        doc, text = spec["cite"]["source_document"], spec["cite"]["source_passage"]
        for fragment in fragments(text):
            assert fragment in document_text(doc), (spec["key"], fragment)


def test_each_number_a_record_states_appears_in_its_passage(seeded, db):
    checked = 0
    for grant in Grant.objects.exclude(seed_key=None):
        for number in (
            grant.amount,
            grant.duration_months,
            grant.starts_on and grant.starts_on.year,
        ):
            if number:
                assert stated_in(number, grant.source_passage), (grant.slug, number)
                checked += 1
    for figure in KeyFigure.objects.exclude(seed_key=None):
        assert stated_in(figure.value, figure.source_passage), (figure.seed_key, figure.value)
        checked += 1
    for rel in Relationship.objects.exclude(duration_years=None):
        assert stated_in(rel.duration_years, rel.source_passage)
        checked += 1
    for center in Center.objects.exclude(max_age=None):
        assert stated_in(center.max_age, center.source_passage) and stated_in(
            center.min_age, center.source_passage
        )
        checked += 1
    dated = [
        *((e.starts_on, e.source_passage) for e in Event.objects.exclude(starts_on=None)),
        *((r.dated, r.source_passage) for r in Reference.objects.exclude(dated=None)),
        *((o.founded_on, o.source_passage) for o in Organization.objects.exclude(founded_on=None)),
        *((p.starts_on, p.source_passage) for p in Program.objects.exclude(starts_on=None)),
    ]
    for date, text in dated:
        assert str(date.year) in text, (date, text[:80])
        checked += 1
    assert checked >= 40


def test_facts_the_documents_do_not_give_are_empty(seeded, db):
    for center in Center.objects.all():
        assert (center.address, center.phone, center.email, center.website, center.postcode) == (
            "",
            "",
            "",
            "",
            "",
        )
        assert center.latitude is None and center.longitude is None
        assert center.last_verified_on is None and center.last_verified_by is None
        for condition in (
            "no_residence_permit_needed",
            "no_health_coverage_needed",
            "appointment_needed",
            "referral_needed",
            "call_first",
            "step_free_access",
            "animals_accepted",
        ):
            assert getattr(center, condition) == TriState.NOT_STATED, (center.slug, condition)
        assert center.acceslibre_url == ""
    assert not OpeningHours.objects.exists()
    assert not Notice.objects.exists()
    assert not Grant.objects.exclude(awarded_on=None).exists()
    assert Grant.objects.get(slug="sanofi-espoir-enfams").recipient is None


def test_only_a_place_whose_passage_says_free_is_free(seeded, db):
    free = Center.objects.free_of_charge()
    assert [c.slug for c in free] == ["koungou-consultation-for-minors"]
    for center in free:
        assert "free" in center.source_passage
    assert Center.objects.filter(free_of_charge=TriState.NO).count() == 0


def test_the_decided_places_are_loaded(seeded, db):
    care = Center.objects.public()
    assert care.count() == 11
    kinds = {k: care.filter(kind=k).count() for k in CenterKind.values}
    assert kinds == {
        "caso": 4,
        "consultation": 1,
        "mobile_unit": 2,
        "hotline": 2,
        "street_team": 1,
        "mediation": 1,
        "documentation": 0,
    }
    assert sorted(care.filter(kind="caso").values_list("city", flat=True)) == [
        "Lyon",
        "Montpellier",
        "Paris",
        "Toulouse",
    ]
    assert sorted(care.filter(kind="hotline").values_list("city", flat=True)) == [
        "Roubaix",
        "Tourcoing",
    ]
    truck = care.get(slug="red-cross-medical-truck-ain")
    assert (truck.city, truck.department, truck.delivery) == ("", "Ain", Delivery.MOBILE)
    dieppe = care.get(slug="red-cross-dieppe-mobile")
    with translation.override("en"):
        assert "Three sensitive urban areas" in dieppe.area_served
    # The documentation in Paris and Saint-Denis is premises, not a care place.
    premises = Center.objects.filter(kind=CenterKind.DOCUMENTATION)
    assert sorted(premises.values_list("city", flat=True)) == ["Paris", "Saint-Denis"]
    assert not care.filter(pk__in=premises).exists()


def test_koungou_is_a_free_place_for_minors_in_mayotte(seeded, db):
    koungou = Center.objects.get(slug="koungou-consultation-for-minors")
    assert koungou.territory.time_zone == "Indian/Mayotte"
    assert (koungou.min_age, koungou.max_age) == (0, 18)
    assert koungou.free_of_charge == TriState.YES
    assert koungou.delivery == Delivery.FIXED_AND_MOBILE
    assert koungou.operator.slug == "medecins-du-monde"
    assert list(koungou.programs.values_list("slug", flat=True)) == ["koungou-minors"]
    assert (
        Center.objects.for_age(12).free_of_charge().filter(territory__slug="mayotte").get()
        == koungou
    )
    # In Mayotte it is 3 hours later than UTC all year round.
    winter = datetime.datetime(2026, 1, 15, 21, 30, tzinfo=datetime.UTC)
    assert koungou.local_time(winter).strftime("%a %H:%M") == "Fri 00:30"
    # The seed writes the public holidays of Mayotte with the rest: 27 April, each coming year.
    # The documents do not say whether the place opens on public holidays.
    assert koungou.open_on_public_holidays == TriState.NOT_STATED
    year = datetime.date.today().year
    for day in (datetime.date(year, 4, 27), datetime.date(year + 2, 4, 27)):
        assert koungou.public_holidays(day, day) == {day: "Abolition de l'esclavage"}


def test_grants_keep_their_qualifiers(seeded, db):
    caso = Grant.objects.get(slug="sanofi-espoir-caso")
    red_cross = Grant.objects.get(slug="sanofi-espoir-red-cross-branches")
    assert (caso.amount, caso.amount_qualifier, caso.duration_months) == (
        Decimal(600000),
        Qualifier.ALMOST,
        36,
    )
    assert (red_cross.amount, red_cross.amount_qualifier) == (Decimal(600000), Qualifier.UP_TO)
    undisclosed = Grant.objects.filter(amount_qualifier=Qualifier.NOT_DISCLOSED)
    assert sorted(undisclosed.values_list("slug", flat=True)) == [
        "sanofi-espoir-enfams",
        "sanofi-espoir-koungou",
        "sanofi-espoir-samusocial-mobile-teams",
    ]
    assert not undisclosed.exclude(amount=None).exists()
    with translation.override("en"):
        assert caso.amount_display == "almost €600,000"
        assert red_cross.amount_display == "up to €600,000"
        assert undisclosed.first().amount_display == "amount not disclosed"
        total, qualifier, missing = sum_qualified(
            [(g.amount, g.amount_qualifier) for g in Grant.objects.all()]
        )
        assert format_qualified(total, qualifier, money=True) == "up to €1,200,000"
        assert missing == 3
    with translation.override("fr"):
        assert caso.amount_display.endswith("600\xa0000\xa0€")


def test_key_figures_keep_value_qualifier_period_and_scope(seeded, db):
    caso = Program.objects.get(slug="caso-four-cities")
    figures = {f.seed_key: f for f in caso.key_figures.all()}
    consultations = figures["figure:caso-consultations"]
    assert (consultations.value, consultations.qualifier) == (Decimal(6000), Qualifier.MORE_THAN)
    with translation.override("en"):
        assert str(consultations) == (
            "more than 6,000 medical consultations a year in the four CASOs, half of them in Paris"
        )
        assert figures["figure:caso-women"].display_value == "39%"
        assert figures["figure:caso-children"].display_value == "12.5%"
    with translation.override("fr"):
        assert figures["figure:caso-children"].display_value == "12,5\xa0%"
    fifteen = KeyFigure.objects.get(seed_key="figure:msf-affiliated-1970s")
    assert (fifteen.value, fifteen.qualifier, fifteen.subject.slug) == (
        15,
        Qualifier.ABOUT,
        "1970s-affiliated-associations",
    )
    assert KeyFigure.objects.get(seed_key="figure:msf-network-1986").qualifier == Qualifier.EXACT
    assert KeyFigure.objects.get(seed_key="figure:koungou-excluded").qualifier == Qualifier.ABOUT
    premises = KeyFigure.objects.get(seed_key="figure:msf-premises-2010")
    assert premises.value == 300 and premises.unit == "m2"


def test_organisations_names_and_relationships(seeded, db):
    msf = Organization.objects.get(slug="migrations-sante-france")
    with translation.override("en"):
        assert (
            msf.legal_form == "association under the French law of 1901, with a national vocation"
        )
        assert msf.founded_display == "19 February 1970"
    former = msf.former_names.get(acronym="CMMSAM")
    assert former.name_en == "Medical and Medico-Social Committee for Aid to Migrants"
    antennas = Organization.objects.get(slug="migrations-sante-regional-antennas")
    assert antennas.parent == msf
    assert Relationship.objects.filter(source=antennas, target=msf, kind="affiliated_to").exists()
    samusocial = Relationship.objects.get(target__slug="samusocial-de-paris")
    assert (samusocial.kind, samusocial.duration_years, samusocial.duration_qualifier) == (
        "partners_with",
        15,
        Qualifier.ALMOST,
    )
    with translation.override("en"):
        assert samusocial.duration_display == "almost 15"
    kinds = dict(Organization.objects.values_list("slug", "kind"))
    assert kinds["sanofi-espoir-foundation"] == "foundation"
    assert kinds["solipam"] == "network"
    assert kinds["mrap"] == "movement"
    assert kinds["faculty-of-medicine-paris-vi"] == "university"
    assert len(kinds) == 9


def test_history_keeps_date_precision_and_planned_events(seeded, db):
    events = Event.objects.published().timeline()
    with translation.override("en"):
        shown = {e.slug: e.date_display for e in events}
        assert shown["1970-creation-of-the-cmmsam"] == "19 February 1970"
        assert shown["1972-the-health-of-migrants"] == "1972"
        assert shown["1970s-affiliated-associations"] == "the 1970s"
        assert shown["2000s-structural-changes"] == "the 2000s"
        assert shown["2016-to-today-commitment-and-combat"] == "from 2016 to today"
    with translation.override("fr"):
        assert (
            Event.objects.get(slug="1970-creation-of-the-cmmsam").date_display == "19 février 1970"
        )
    planned = Event.objects.get(planned=True)
    assert planned.slug == "2014-enfams-lessons-for-training" and planned.starts_on.year == 2014
    assert "will provide input" in planned.source_passage
    hpst = Reference.objects.get(slug="hpst-law")
    assert (hpst.kind, hpst.dated, hpst.dated_precision) == (
        "law",
        datetime.date(2009, 7, 21),
        "day",
    )
    assert hpst.events.get().slug == "2010-reduction-of-financial-means"
    assert Reference.objects.get(slug="the-health-of-migrants").dated.year == 1972
    assert Reference.objects.get(slug="journal-migrations-sante").dated.year == 1974
    years = [e.starts_on.year for e in events.filter(organization__slug="migrations-sante-france")]
    assert years == sorted(years) and years[0] == 1968


def test_every_translated_text_exists_in_french_and_english(seeded, db):
    pairs = [
        (Organization, "name"),
        (Program, "title"),
        (Program, "summary"),
        (Center, "name"),
        (Event, "title"),
        (Event, "text"),
        (TargetGroup, "name"),
        (Theme, "name"),
        (KeyFigure, "label"),
        (Grant, "purpose"),
    ]
    for model, field in pairs:
        for obj in model.objects.exclude(seed_key=None):
            assert getattr(obj, f"{field}_fr") and getattr(obj, f"{field}_en"), (obj, field)
    french = Program.objects.get(slug="caso-four-cities").title_fr
    assert "CASO" in french and "villes" in french


def test_a_second_run_changes_nothing(seeded, db):
    before = {
        m: list(m.objects.order_by("pk").values_list("pk", "updated_at")) for m in CONTENT_MODELS
    }
    out = StringIO()
    call_command("seed_network", stdout=out)
    assert "0 created, 0 updated, 97 unchanged, 0 left alone" in out.getvalue()
    after = {
        m: list(m.objects.order_by("pk").values_list("pk", "updated_at")) for m in CONTENT_MODELS
    }
    assert before == after


def test_a_rerun_keeps_what_staff_changed_and_lists_it(seeded, db):
    center = Center.objects.get(slug="caso-lyon")
    center.summary_fr = "Horaires vérifiés par téléphone."
    center.save()
    grant = Grant.objects.get(slug="sanofi-espoir-red-cross-branches")
    grant.status = Status.ARCHIVED
    grant.save()
    out = StringIO()
    call_command("seed_network", stdout=out)
    assert "2 left alone (changed by staff)" in out.getvalue()
    assert "center:caso-lyon" in out.getvalue() and "grant:red-cross" in out.getvalue()
    center.refresh_from_db()
    grant.refresh_from_db()
    assert center.summary_fr == "Horaires vérifiés par téléphone."
    assert grant.status == Status.ARCHIVED


def test_a_rerun_updates_a_record_nobody_changed(seeded, db, monkeypatch):
    spec = next(s for s in seed_content.SERVICES if s["key"] == "service:social-support")
    monkeypatch.setitem(
        spec, "name", ("Accompagnement social renforcé", "Reinforced social support")
    )
    loader = SeedLoader()
    report = loader.load()
    assert report.updated == ["service: service:social-support"]
    assert not report.created and not report.kept
    assert loader.objects["service:social-support"].name_en == "Reinforced social support"


def test_a_rerun_after_staff_removed_an_m2m_link_keeps_it_removed(seeded, db):
    koungou = Center.objects.get(slug="koungou-consultation-for-minors")
    koungou.services.remove(koungou.services.get(slug="social-support"))
    report = SeedLoader().load()
    assert any("center:koungou-minors" in line for line in report.kept)
    assert not koungou.services.filter(slug="social-support").exists()
