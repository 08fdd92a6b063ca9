"""An organisation's lists and a program's grants written by network/html.py are their templates'
HTML, byte for byte (network/includes/organization_boxes.html and program_grants.html, loaded as
the pages load them)."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import get_template
from django.utils import translation

from core.dates import DatePrecision
from core.html import key_figures_html
from core.models import KeyFigureUnit
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from network.html import organization_boxes_html, place_lines_html, program_grants_html
from partners.models import RelationshipKind
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    ProgramFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en", "ar", "ru"]


@pytest.fixture
def hub():
    """An organisation with more of each list than its page shows, every kind of line among
    them: escaped and untranslated names, missing recipients, durations and dates."""
    org = OrganizationFactory(slug="hub", name="Hub <&> « réseau »", name_en="Hub <&>")
    odd = OrganizationFactory(name="Fondation <l'Espoir> & co", name_en="", slug="odd")
    for i in range(12):
        RelationshipFactory(
            source=org,
            target=odd if i == 0 else OrganizationFactory(name=f"Cible {i:02}"),
            kind=list(RelationshipKind)[i % 4],
            since=datetime.date(2000 + i, 1, 1) if i % 3 else None,
            since_precision=DatePrecision.YEAR,
            until=datetime.date(2020, 5, 1) if i % 4 == 1 else None,
            until_precision=DatePrecision.MONTH,
            duration_years=i if i % 2 else None,
            duration_qualifier=Qualifier.ALMOST,
            description="Une <b>aide</b> & un suivi" if i % 5 == 0 else "",
        )
        RelationshipFactory(target=org, source=OrganizationFactory(name=f"Source {i:02}"))
        ProgramFactory(lead_organization=org, title=f"Mené {i:02}", title_en="", kind="study")
        joined = ProgramFactory(title=f"Rejoint <{i:02}>", title_en=f"Joined {i:02}")
        joined.partners.add(org)
        GrantFactory(
            funder=org,
            program=joined,
            recipient=None if i % 3 == 0 else odd if i == 1 else OrganizationFactory(),
            duration_months=None if i % 2 else 12 * (i // 2 + 1) + 6 * (i % 4 == 2),
            starts_on=datetime.date(2010 + i, 3, 1) if i % 4 else None,
            starts_precision=DatePrecision.MONTH,
            ongoing=i % 4 == 1,
            amount=None if i == 4 else Decimal("45000"),
            amount_qualifier=Qualifier.NOT_DISCLOSED if i == 4 else Qualifier.UP_TO,
        )
        GrantFactory(recipient=org, funder=odd if i == 2 else OrganizationFactory())
        CenterFactory(operator=org, name=f"Centre <{i:02}>", city="" if i % 3 else "Saint-Ouen")
        EventFactory(
            organization=org,
            title=f"Fondation {i} & <suite>",
            title_en="" if i % 2 else f"Founding {i}",
            starts_on=datetime.date(1960 + 3 * i, 1 + i, 1),
            starts_precision=[DatePrecision.DAY, DatePrecision.YEAR, DatePrecision.DECADE][i % 3],
            ends_on=datetime.date(2000, 1, 1) if i % 5 == 1 else None,
            ends_precision=DatePrecision.YEAR,
            ongoing=i % 5 == 2,
            planned=i % 4 == 3,
        )
    return org


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", ["hub", "odd"])
def test_an_organisations_lists_are_their_templates_html(client, hub, language, slug):
    template = get_template("network/includes/organization_boxes.html")
    response = client.get(f"/{language}/partners/{slug}/")
    context = response.context
    with translation.override(language):
        names = ("organization", "boxes", "more", "events")
        expected = template.render({name: context[name] for name in names})
        written = organization_boxes_html(*(context[name] for name in names))
    assert written == expected
    assert expected in response.content.decode()
    if slug == "hub":
        # Every list full, and more of it than the page shows (children are not among them).
        lists = set(context["more"]) - {"children"}
        assert len(lists) == 8
        assert all(context["more"][name] for name in lists)


def test_the_lists_say_what_each_line_lacks(client, hub):
    html = client.get("/en/partners/hub/").content.decode()
    assert "a recipient not stated by the source" in html
    assert "until May 2020" in html
    assert "All the programs of Hub &lt;&amp;&gt;" in html
    assert "All the organisations linked to Hub &lt;&amp;&gt;" in html
    assert 'class="planned-label"' in html
    assert "The first 10 events." in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_programs_grants_are_their_templates_html(client, language):
    program = ProgramFactory(slug="funded", title="Financé", title_en="")
    odd = OrganizationFactory(name="Fondation <l'Espoir> & co", name_en="", slug="odd")
    GrantFactory(program=program, funder=odd, recipient=None, duration_months=None, slug="g-1")
    GrantFactory(
        program=program,
        recipient=odd,
        slug="g-2",
        duration_months=18,
        starts_on=datetime.date(2015, 1, 1),
        starts_precision=DatePrecision.YEAR,
        ends_on=datetime.date(2016, 6, 1),
        ends_precision=DatePrecision.MONTH,
        awarded_on=datetime.date(2014, 12, 3),
        amount=Decimal("1500.5"),
        amount_qualifier=Qualifier.EXACT,
        purpose="Des <soins> & du suivi",
        purpose_en="",
        source_entered_on=None,
        source_verification="",
    )
    GrantFactory(
        program=program,
        slug="g-3",
        amount=None,
        amount_qualifier=Qualifier.NOT_DISCLOSED,
        source_document=SourceDocument.FOUNDATION_PAGE,
        source_passage="La Fondation <Sanofi> […] Espoir & co",
    )
    ProgramFactory(slug="unfunded")
    template = get_template("network/includes/program_grants.html")
    for slug, count in (("funded", 3), ("unfunded", 0)):
        response = client.get(f"/{language}/programs/{slug}/")
        grants = response.context["program"].public_grants
        assert len(grants) == count
        with translation.override(language):
            expected = template.render({"grants": grants})
            assert program_grants_html(grants) == expected
        assert expected in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_programs_places_and_key_figures_are_their_templates_html(client, language):
    program = ProgramFactory(slug="served", title="Servi", title_en="")
    for i in range(12):
        center = CenterFactory(
            name=f"Centre <{i:02}> & co", name_en="" if i % 2 else f"Centre {i:02}", city=""
        )
        if i % 3:
            center.city = "Saint-Denis <93>"
            center.save()
        center.programs.add(program)
    units = [
        KeyFigureUnit.NUMBER,
        KeyFigureUnit.PERCENT,
        KeyFigureUnit.EUR,
        KeyFigureUnit.SQUARE_METRES,
    ]
    for i, unit in enumerate(units):
        KeyFigureFactory(
            subject=program,
            unit=unit,
            label=f"consultations <{i}>",
            label_en="" if i % 2 else f"consultations {i}",
            period="en 2013" if i % 2 else "",
            scope="" if i == 1 else "à Paris & ailleurs",
        )
    GrantFactory(program=program)
    response = client.get(f"/{language}/programs/served/")
    context = response.context
    places, figures = context["places"], context["program"].public_key_figures
    assert len(places) == 10 and len(figures) == 4
    place_lines = get_template("network/includes/place_lines.html")
    figure = get_template("includes/key_figure.html")
    with translation.override(language):
        expected_places = place_lines.render({"places": places})
        expected_figures = "".join(f"<li>{figure.render({'figure': f})}</li>" for f in figures)
        assert place_lines_html(places) == expected_places
        assert key_figures_html(figures) == expected_figures
    html = response.content.decode()
    assert f"<ul>{expected_places}</ul>" in html
    assert f'<ul class="key-figures">{expected_figures}</ul>' in html
    # The same key figures on a grant's page.
    grant = context["program"].public_grants[0]
    assert expected_figures in client.get(f"/{language}/grants/{grant.slug}/").content.decode()
