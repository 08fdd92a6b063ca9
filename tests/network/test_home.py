"""The home page: what the network does, find care, key figures, programs, latest events."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centers.models import CenterKind
from core.dates import DatePrecision
from core.models import Status
from core.qualifiers import Qualifier
from tests.factories import (
    CenterFactory,
    EventFactory,
    KeyFigureFactory,
    OrganizationFactory,
    ProgramFactory,
    ReferenceFactory,
    TargetGroupFactory,
    TerritoryFactory,
    ThemeFactory,
)

# Factories write translated fields in the active language: French, as in the admin.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def home(client, lang="en"):
    with translation.override(lang):
        response = client.get(reverse("network:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html, title_id):
    """The HTML of the <section> whose heading has this id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', html, re.S)
    assert match, f"no section {title_id}"
    return match.group(0)


def test_says_what_the_network_does_and_offers_find_care_form(client):
    minors = TargetGroupFactory(
        name="Enfants", name_en="Children and minors", slug="children-and-minors"
    )
    women = TargetGroupFactory(name="Femmes", name_en="Women", slug="women")
    TargetGroupFactory(name="Unused group", slug="unused")  # no care place welcomes it
    TargetGroupFactory(name="Draft group", slug="draft-group", status=Status.DRAFT)
    center = CenterFactory()
    center.audiences.add(minors, women)
    CenterFactory(kind=CenterKind.DOCUMENTATION)

    html = home(client)
    assert "can see a doctor" in html and "programs that fund these places" in html
    form = section(html, "find-care-title")
    assert 'action="/en/places/"' in form
    assert 'method="get"' in form and "csrfmiddlewaretoken" not in form
    assert re.search(
        r'<label for="find-place">[^<]+</label>\s*<input type="text" id="find-place" name="place"',
        form,
    )
    assert '<select id="find-audience" name="audience">' in form
    assert '<option value="children-and-minors">Children and minors</option>' in form
    assert '<option value="women">Women</option>' in form
    assert "unused" not in form and "draft-group" not in form
    assert '<select id="find-kind" name="kind">' in form
    assert '<option value="caso">' in form and '<option value="mobile_unit">' in form
    assert 'value="documentation"' not in form
    # Only the published care place is counted, not the documentation centre.
    assert "The network lists 1 place where" in form


def test_shortcuts_follow_the_published_data(client):
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", name_en="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    guyane = TerritoryFactory(
        slug="guyane",
        name="Guyane",
        name_en="French Guiana",
        time_zone="America/Cayenne",
        overseas=True,
    )
    minors = TargetGroupFactory(name_en="Children and minors", slug="children-and-minors")
    CenterFactory(territory=mayotte).audiences.add(minors)
    CenterFactory(territory=guyane, status=Status.DRAFT)

    shortcuts = section(home(client), "find-care-title")
    places = url("centers:center-list")
    assert f'href="{places}?free=yes"' in shortcuts
    assert (
        f'href="{places}?audience=children-and-minors&amp;free=yes">'
        "Free places for children and minors"
    ) in shortcuts
    assert f'href="{places}?territory=mayotte">Places in Mayotte' in shortcuts
    # A territory with only a draft place gets no shortcut.
    assert "territory=guyane" not in shortcuts


def test_no_minors_shortcut_without_such_a_group(client):
    CenterFactory()
    assert "Free places for children and minors" not in home(client)


def test_key_figures_keep_their_qualifier_label_period_and_scope(client):
    program = ProgramFactory(title="Développer les CASO", title_en="Developing CASOs", slug="caso")
    KeyFigureFactory(
        subject=program,
        value=Decimal("6000"),
        qualifier=Qualifier.MORE_THAN,
        label="consultations médicales",
        label_en="medical consultations",
        period="par an",
        period_en="a year",
        scope="dont la moitié à Paris",
        scope_en="half of them in Paris",
    )
    KeyFigureFactory(
        subject=program, value=Decimal("777"), label_en="draft figure", status=Status.DRAFT
    )
    hidden = ProgramFactory(title_en="Hidden program", status=Status.DRAFT)
    KeyFigureFactory(subject=hidden, value=Decimal("888"), label_en="figure of a draft program")
    place = CenterFactory()
    KeyFigureFactory(subject=place, value=Decimal("999"), label_en="figure of a place")

    figures = section(home(client, "en"), "figures-title")
    assert "more than 6,000" in figures
    assert "medical consultations a year, half of them in Paris" in figures
    assert 'href="/en/programs/caso/">Developing CASOs</a>' in figures
    for absent in ("777", "888", "999", "draft figure", "figure of a place"):
        assert absent not in figures

    figures_fr = section(home(client, "fr"), "figures-title")
    assert "6\xa0000" in figures_fr
    assert "consultations médicales par an, dont la moitié à Paris" in figures_fr
    assert 'href="/fr/programs/caso/"' in figures_fr


def test_no_key_figure_section_without_figures(client):
    ProgramFactory()
    assert 'id="figures-title"' not in home(client)


def test_programs_as_cards_published_only(client):
    ProgramFactory(
        title_en="Mobile teams",
        summary_en="Teams that go to people in the street.",
        slug="mobile-teams",
    )
    ProgramFactory(title_en="Secret draft", status=Status.DRAFT)
    ProgramFactory(
        title_en="Not yet",
        publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )

    programs = section(home(client), "programs-title")
    assert '<h3><a href="/en/programs/mobile-teams/">Mobile teams</a></h3>' in programs
    assert "Teams that go to people in the street." in programs
    assert "Secret draft" not in programs and "Not yet" not in programs
    assert "All programs (1)" in programs


def test_latest_events_dated_at_their_precision_and_linked_to_the_timeline(client):
    EventFactory(
        title_en="Founding",
        slug="founding",
        starts_on=datetime.date(1970, 2, 19),
        starts_precision=DatePrecision.DAY,
    )
    EventFactory(title_en="Book", slug="book", starts_on=datetime.date(1972, 1, 1))
    EventFactory(
        title_en="Affiliates",
        slug="affiliates",
        starts_on=datetime.date(1980, 1, 1),
        starts_precision=DatePrecision.DECADE,
    )
    EventFactory(
        title_en="Survey", slug="survey", starts_on=datetime.date(2011, 1, 1), ongoing=True
    )
    EventFactory(
        title_en="Lessons", slug="lessons", starts_on=datetime.date(2014, 1, 1), planned=True
    )
    EventFactory(title_en="Draft event", starts_on=datetime.date(2020, 1, 1), status=Status.DRAFT)
    EventFactory(title_en="Undated", starts_on=None)

    latest = section(home(client, "en"), "history-title")
    timeline = url("history:timeline")
    # The four most recent, newest first: the 1970 founding is left for the timeline.
    titles = re.findall(r'href="[^"]*#event-([a-z-]+)"', latest)
    assert titles == ["lessons", "survey", "affiliates", "book"]
    assert f'href="{timeline}#event-lessons">Lessons</a> <span class="tag">planned</span>' in latest
    assert "from 2011 to today" in latest
    assert "the 1980s" in latest
    assert "1972" in latest
    assert "Draft event" not in latest and "Undated" not in latest and "Founding" not in latest

    latest_fr = section(home(client, "fr"), "history-title")
    assert 'href="/fr/history/#event-book"' in latest_fr


def test_day_precision_in_both_languages(client):
    EventFactory(
        title_en="Founding",
        starts_on=datetime.date(1970, 2, 19),
        starts_precision=DatePrecision.DAY,
    )
    assert "19 February 1970" in section(home(client, "en"), "history-title")
    assert "19 février 1970" in section(home(client, "fr"), "history-title")


def test_french_page_is_french_with_title_description_and_jsonld(client):
    CenterFactory()
    html = home(client, "fr")
    assert '<html lang="fr"' in html
    assert 'action="/fr/places/"' in html
    assert 'action="/fr/search/"' in html
    assert re.search(r'<meta name="description" content="[^"]{40,}">', html)
    assert (
        '<meta property="og:title" content="Free care for people in precarity – Accès Santé">'
        in home(client, "en")
    )
    assert '"@type":"SearchAction"' in html
    assert '"urlTemplate":"http://testserver/fr/search/?q={search_term_string}"' in html


def build(n):
    """n of everything the home page shows, every relation filled."""
    territory = TerritoryFactory(
        slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    for i in range(n):
        org = OrganizationFactory()
        group = TargetGroupFactory()
        program = ProgramFactory(lead_organization=org)
        program.partners.add(OrganizationFactory())
        program.themes.add(ThemeFactory())
        program.target_groups.add(group)
        KeyFigureFactory(subject=program, value=Decimal(100 + i))
        center = CenterFactory(operator=org, territory=territory if i % 2 else TerritoryFactory())
        center.audiences.add(group)
        center.programs.add(program)
        event = EventFactory(organization=org, starts_on=datetime.date(1970 + i, 1, 1))
        event.related_organizations.add(OrganizationFactory())
        event.references.add(ReferenceFactory())


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        home(client)
    return len(queries)


def test_query_count_does_not_grow_with_the_data(client):
    build(2)
    few = count_queries(client)
    build(48)
    assert count_queries(client) == few
    assert few <= 10


def test_choices_each_once_each_found_from_its_first_place(client):
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", name_en="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    women = TargetGroupFactory(name="Femmes", name_en="Women", slug="women")
    drafted = TargetGroupFactory(name="Brouillon", name_en="Only a draft place", slug="drafted")
    documented = TargetGroupFactory(
        name="Documentation", name_en="Only a documentation centre", slug="documented"
    )
    for _ in range(3):
        CenterFactory(territory=mayotte).audiences.add(women)
    CenterFactory(status=Status.DRAFT).audiences.add(drafted)
    CenterFactory(kind=CenterKind.DOCUMENTATION).audiences.add(documented)

    with CaptureQueriesContext(connection) as queries:
        form = section(home(client), "find-care-title")
    assert form.count('<option value="women">Women</option>') == 1
    assert "drafted" not in form and "documented" not in form
    assert form.count("territory=mayotte") == 1
    choices = [
        q["sql"]
        for q in queries
        if 'FROM "programs_targetgroup"' in q["sql"] or 'FROM "centers_territory"' in q["sql"]
    ]
    assert len(choices) == 2
    # Each choice stops at its first place (a subquery with LIMIT 1, or EXISTS), never a
    # DISTINCT over the join of every place.
    assert all("LIMIT 1" in sql and "DISTINCT" not in sql for sql in choices)
