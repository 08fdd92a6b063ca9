"""Organisation pages: what each organisation is, its names, relationships, programs, places,
history."""

import datetime
from decimal import Decimal

import pytest

from centers.models import CenterKind
from core.dates import DatePrecision
from core.models import Status
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from partners.models import OrganizationKind, RelationshipKind
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    ProgramFactory,
    RelationshipFactory,
)
from tests.helpers import count_queries, en, jsonld, page

pytestmark = pytest.mark.django_db


D = datetime.date


def org(name, **kwargs):
    return OrganizationFactory(
        name=name, name_fr=kwargs.pop("name_fr", name), name_en=name, **kwargs
    )


@pytest.fixture
def msf():
    """Migrations Santé France as its page tells it."""
    msf = org(
        "Migrations Santé France",
        slug="migrations-sante-france",
        kind=OrganizationKind.ASSOCIATION,
        legal_form="association under the French law of 1901",
        legal_form_fr="association loi de 1901",
        legal_form_en="association under the French law of 1901",
        founded_on=D(1970, 2, 19),
        founded_precision=DatePrecision.DAY,
        summary_fr="Association née en 1970.",
        summary_en="An association founded in 1970.",
        source_document=SourceDocument.MSF_PAGE,
        source_passage="Declaration of the association of Law 1901 on February 19, 1970",
    )
    OrganizationNameFactory(
        organization=msf,
        name="Medical and Medico-Social Committee for Aid to Migrants",
        name_fr="Comité médical et médico-social d'aide aux migrants",
        name_en="Medical and Medico-Social Committee for Aid to Migrants",
        acronym="CMMSAM",
        used_from=D(1970, 2, 19),
        used_from_precision=DatePrecision.DAY,
    )
    antennas = org("Regional antennas", slug="antennas", parent=msf)
    mrap = org("MRAP movement", slug="mrap", kind=OrganizationKind.MOVEMENT, acronym="MRAP")
    RelationshipFactory(
        source=msf, target=mrap, kind=RelationshipKind.COLLABORATES_WITH, since=D(1972, 1, 1)
    )
    RelationshipFactory(
        source=antennas,
        target=msf,
        kind=RelationshipKind.AFFILIATED_TO,
        since=D(1970, 1, 1),
        since_precision=DatePrecision.DECADE,
    )
    return {"msf": msf, "antennas": antennas, "mrap": mrap}


class TestOrganizationList:
    def test_cards_show_name_acronym_kind_founding_and_parent(self, client, msf):
        html = page(client, "/en/partners/")
        assert '<a href="/en/partners/migrations-sante-france/">Migrations Santé France</a>' in html
        assert '<span class="acronym">(MRAP)</span>' in html
        assert "Association · founded 19 February 1970" in html
        assert (
            'part of <a href="/en/partners/migrations-sante-france/">Migrations Santé France</a>'
            in html
        )
        assert "3 organisations" in html

    def test_french(self, client, msf):
        html = page(client, "/fr/partners/")
        assert '<html lang="fr"' in html
        assert "19 février 1970" in html
        assert 'href="/fr/partners/migrations-sante-france/"' in html

    def test_drafts_are_absent(self, client, msf):
        org("Hidden NGO", slug="hidden", status=Status.DRAFT)
        child = org(
            "Child of a draft",
            slug="child",
            parent=org("Draft parent", slug="draft-parent", status=Status.IN_REVIEW),
        )
        html = page(client, "/en/partners/")
        assert "Hidden NGO" not in html
        assert "Draft parent" not in html
        assert child.name in html

    def test_filter_by_kind_and_its_plain_links(self, client, msf):
        html = page(client, "/en/partners/?kind=movement")
        assert "MRAP movement" in html
        assert "Regional antennas" not in html
        assert "Kind of organisation: <strong>movement</strong>" in html
        assert '<a href="?kind=movement" aria-current="true">movement</a>' in html
        assert '<option value="movement" selected>movement</option>' in html

    def test_an_unknown_kind_gives_a_clear_message(self, client, msf):
        html = page(client, "/en/partners/?kind=%3Cscript%3E", status=400)
        assert "“&lt;script&gt;” is not a kind of organisation this site knows." in html
        assert "<script>" not in html
        assert "Migrations Santé France" in html

    def test_pagination(self, client):
        for n in range(31):
            org(f"Org {n:02d}", slug=f"org-{n:02d}")
        html = page(client, "/en/partners/?page=2")
        assert "Page 2 of 2" in html
        assert 'href="?page=1" rel="prev"' in html
        page(client, "/en/partners/?page=abc", status=404)

    def test_the_list_costs_the_same_with_2_or_50_organisations(self, client):
        parent = org("Parent", slug="parent")
        for n in range(2):
            org(f"Org {n}", parent=parent)
        few = count_queries(client, "/en/partners/")
        for n in range(48):
            org(f"More {n}", parent=parent)
        assert count_queries(client, "/en/partners/") == few


class TestOrganizationDetail:
    def test_what_the_organisation_is(self, client, msf):
        html = page(client, "/en/partners/migrations-sante-france/")
        assert "<h1>Migrations Santé France</h1>" in html
        assert "<dt>Kind</dt><dd>Association</dd>" in html
        assert "<dt>Legal form</dt><dd>association under the French law of 1901</dd>" in html
        assert (
            '<dt>Founded</dt><dd><time datetime="1970-02-19">19 February 1970</time></dd>' in html
        )
        assert '<a href="/en/partners/antennas/">Regional antennas</a>' in html
        assert "An association founded in 1970." in html
        assert "“Declaration of the association of Law 1901 on February 19, 1970”" in html

    def test_french_dates_and_legal_form(self, client, msf):
        html = page(client, "/fr/partners/migrations-sante-france/")
        assert '<time datetime="1970-02-19">19 février 1970</time>' in html
        assert "association loi de 1901" in html

    def test_unknown_facts_say_not_stated(self, client, msf):
        html = page(client, "/en/partners/mrap/")
        assert (
            '<dt>Legal form</dt><dd><span class="unknown">not stated by the source</span></dd>'
            in html
        )
        assert (
            '<dt>Founded</dt><dd><span class="unknown">not stated by the source</span></dd>' in html
        )
        assert "<dt>Acronym</dt><dd>MRAP</dd>" in html

    def test_a_founding_year_is_a_year(self, client):
        org(
            "Founded in 1972",
            slug="y1972",
            founded_on=D(1972, 1, 1),
            founded_precision=DatePrecision.YEAR,
        )
        html = page(client, "/en/partners/y1972/")
        assert '<time datetime="1972">1972</time>' in html
        assert jsonld(html)["foundingDate"] == "1972"

    def test_a_founding_decade_has_no_false_precision(self, client):
        org(
            "Founded in the 1970s",
            slug="d1970",
            founded_on=D(1970, 1, 1),
            founded_precision=DatePrecision.DECADE,
        )
        html = page(client, "/en/partners/d1970/")
        assert "<dt>Founded</dt><dd>the 1970s</dd>" in html
        assert "foundingDate" not in jsonld(html)

    def test_former_names_with_their_period(self, client, msf):
        OrganizationNameFactory(
            organization=msf["msf"], name="the Committee", name_en="the Committee"
        )
        html = page(client, "/en/partners/migrations-sante-france/")
        assert (
            "<strong>Medical and Medico-Social Committee for Aid to Migrants</strong> (CMMSAM) — "
            "from 19 February 1970 (end not stated by the source)"
        ) in html
        assert (
            "<strong>the Committee</strong> — "
            '<span class="unknown">dates not stated by the source</span>'
        ) in html

    def test_relationships_both_ways(self, client, msf):
        html = page(client, "/en/partners/migrations-sante-france/")
        assert (
            "Migrations Santé France collaborates with "
            '<a href="/en/partners/mrap/">MRAP movement</a>, '
            "since 1972"
        ) in html
        assert (
            '<a href="/en/partners/antennas/">Regional antennas</a> '
            "is affiliated to Migrations Santé France, "
            "since the 1970s"
        ) in html
        assert (
            '<a href="/en/partners/migrations-sante-france/">Migrations Santé France</a> '
            "collaborates with "
            "MRAP movement, since 1972"
        ) in page(client, "/en/partners/mrap/")

    def test_a_qualified_duration(self, client):
        foundation = org("Foundation", slug="foundation", kind=OrganizationKind.FOUNDATION)
        samu = org("Samusocial", slug="samusocial")
        RelationshipFactory(
            source=foundation,
            target=samu,
            kind=RelationshipKind.PARTNERS_WITH,
            duration_years=Decimal("15"),
            duration_qualifier=Qualifier.ALMOST,
        )
        html = page(client, "/en/partners/samusocial/")
        assert (
            '<a href="/en/partners/foundation/">Foundation</a> partners with Samusocial, '
            "for almost 15 years"
        ) in html

    def test_programs_places_grants_key_figures(self, client, msf):
        mdm = org("Médecins du Monde", slug="mdm", kind=OrganizationKind.NGO)
        foundation = org("Foundation", slug="foundation", kind=OrganizationKind.FOUNDATION)
        led = ProgramFactory(title_en="CASO program", slug="caso", lead_organization=mdm)
        partnered = ProgramFactory(title_en="ENFAMS survey", slug="enfams")
        partnered.partners.add(mdm)
        CenterFactory(name_en="CASO Lyon", slug="caso-lyon", operator=mdm)
        GrantFactory(
            program=led,
            slug="caso-grant",
            funder=foundation,
            recipient=mdm,
            amount=Decimal("600000"),
            amount_qualifier=Qualifier.ALMOST,
            duration_months=36,
        )
        GrantFactory(
            program=partnered,
            slug="enfams-grant",
            funder=foundation,
            recipient=None,
            amount=None,
            amount_qualifier=Qualifier.NOT_DISCLOSED,
            starts_on=D(2011, 1, 1),
            ongoing=True,
        )
        KeyFigureFactory(
            subject=mdm,
            value=Decimal("6000"),
            qualifier=Qualifier.MORE_THAN,
            label_en="consultations",
            period_en="a year",
        )
        html = page(client, "/en/partners/mdm/")
        assert '<a href="/en/programs/caso/">CASO program</a>' in html
        assert '<a href="/en/programs/enfams/">ENFAMS survey</a>' in html
        assert '<a href="/en/places/caso-lyon/">CASO Lyon</a>' in html
        assert (
            '<a href="/en/grants/caso-grant/"><strong>almost €600,000</strong></a> from '
            '<a href="/en/partners/foundation/">Foundation</a>'
        ) in html
        assert '<strong class="kf-value">more than 6,000</strong> consultations a year' in html
        funder = page(client, "/en/partners/foundation/")
        assert "Grants it made" in funder
        assert (
            "<strong>amount not disclosed</strong></a> to "
            '<span class="unknown">a recipient not stated by the source</span>'
        ) in funder
        assert "from 2011 to today" in funder
        assert '<a href="/en/partners/mdm/">Médecins du Monde</a>, for' in funder

    def test_long_boxes_show_ten_rows_and_link_to_the_full_lists(self, client, msf):
        m = msf["msf"]
        for n in range(12):
            ProgramFactory(title_en=f"Led {n:02d}", lead_organization=m)
            GrantFactory(funder=m, recipient=None, slug=f"made-{n:02d}")
            EventFactory(organization=m, title_en=f"Event {n:02d}", starts_on=D(1980 + n, 1, 1))
        html = page(client, "/en/partners/migrations-sante-france/")
        assert html.count(">Led ") == 10
        assert html.count("/en/grants/made-") == 10
        assert "Event 09" in html and "Event 10" not in html
        assert "The first 10 events." in html
        assert (
            '<a href="/en/programs/?organization=migrations-sante-france">'
            "All the programs of Migrations Santé France</a>"
        ) in html
        assert "All the programs Migrations Santé France funds, runs or takes part in" in html
        assert "The first 10 events." not in page(client, "/en/partners/mrap/")

    def test_antennas_and_relationships_show_ten_and_link_to_all_the_linked_ones(self, client, msf):
        m = msf["msf"]
        html = page(client, "/en/partners/migrations-sante-france/")
        assert "All the organisations linked to" not in html
        for n in range(11):
            org(f"Antenna {n:02d}", slug=f"antenna-{n:02d}", parent=m)
            RelationshipFactory(source=org(f"Partner {n:02d}", slug=f"partner-{n:02d}"), target=m)
        RelationshipFactory(source=org("Hidden partner", status=Status.DRAFT), target=m)
        html = page(client, "/en/partners/migrations-sante-france/")
        assert html.count('href="/en/partners/antenna-') == 10
        assert html.count('href="/en/partners/partner-') == 10
        link = (
            '<a href="/en/partners/?related=migrations-sante-france">'
            "All the organisations linked to Migrations Santé France</a>"
        )
        assert html.count(link) == 2
        # The full list: antennas, and both ends of its relationships, paginated.
        listed = page(client, "/en/partners/?related=migrations-sante-france")
        assert "Antenna 10" in listed and "Partner 10" in listed
        assert "MRAP movement" in listed  # it collaborates with the MRAP
        assert "Linked to: <strong>Migrations Santé France</strong>" in listed
        assert "Hidden partner" not in listed
        response = client.get("/en/partners/?related=nobody")
        assert response.status_code == 400
        assert "There is no organisation “nobody” on this site." in response.content.decode()

    def test_places_show_ten_and_link_to_all_the_places_it_runs(self, client, msf):
        m = msf["msf"]
        for n in range(11):
            CenterFactory(name_en=f"Place {n:02d}", operator=m)
        html = page(client, "/en/partners/migrations-sante-france/")
        assert html.count(">Place ") == 10
        link = '<a href="/en/places/?operator=migrations-sante-france">All places it runs</a>'
        assert link in html
        # The link leads to exactly these places.
        places = page(client, "/en/places/?operator=migrations-sante-france")
        assert "11 places match your filters" in places
        french = page(client, "/fr/partners/migrations-sante-france/")
        assert (
            '<a href="/fr/places/?operator=migrations-sante-france">'
            "Tous les lieux qu'elle gère</a>"
        ) in french

    def test_ten_places_or_fewer_need_no_link(self, client, msf):
        for n in range(10):
            CenterFactory(name_en=f"Place {n:02d}", operator=msf["msf"])
        html = page(client, "/en/partners/migrations-sante-france/")
        assert html.count(">Place ") == 10
        assert "All places it runs" not in html

    def test_only_care_places_as_on_the_places_list(self, client, msf):
        # A documentation centre has no page of its own (it is not a care place): no dead link.
        CenterFactory(
            name_en="Documentation centre", operator=msf["msf"], kind=CenterKind.DOCUMENTATION
        )
        CenterFactory(name_en="CASO", slug="caso", operator=msf["msf"])
        html = page(client, "/en/partners/migrations-sante-france/")
        assert '<a href="/en/places/caso/">CASO</a>' in html
        assert "Documentation centre" not in html

    def test_dates_in_french_with_their_time_elements(self, client, msf):
        EventFactory(
            organization=msf["msf"],
            title_fr="Depuis 2016",
            slug="today",
            starts_on=D(2016, 1, 1),
            ongoing=True,
        )
        EventFactory(
            organization=msf["msf"],
            title_fr="Les associations",
            slug="1970s",
            starts_on=D(1970, 1, 1),
            starts_precision=DatePrecision.DECADE,
            ongoing=True,
        )
        html = page(client, "/fr/partners/migrations-sante-france/")
        assert '<dd><time datetime="1970-02-19">19 février 1970</time></dd>' in html
        assert (
            '<span class="event-when">de <time datetime="2016">2016</time> '
            "à aujourd&#x27;hui</span>"
        ) in html
        assert '<span class="event-when">des années 1970 à aujourd&#x27;hui</span>' in html

    def test_its_timeline_links_to_the_full_filtered_timeline(self, client, msf):
        EventFactory(
            organization=msf["msf"],
            title_en="Creation of the CMMSAM",
            slug="cmmsam",
            starts_on=D(1970, 2, 19),
            starts_precision=DatePrecision.DAY,
        )
        EventFactory(organization=msf["mrap"], title_en="Joint book", slug="book")
        EventFactory(
            organization=msf["msf"],
            title_en="Today",
            slug="today",
            starts_on=D(2016, 1, 1),
            ongoing=True,
        )
        html = page(client, "/en/partners/migrations-sante-france/")
        assert (
            '<time datetime="1970-02-19">19 February 1970</time></span> '
            '<a href="/en/history/?organization=migrations-sante-france#event-cmmsam">'
            "Creation of the CMMSAM</a>"
        ) in html
        assert 'from <time datetime="2016">2016</time> to today' in html
        assert "Joint book" not in html
        assert (
            '<a href="/en/history/?organization=migrations-sante-france">'
            "The full timeline of Migrations Santé France</a>"
        ) in html

    def test_an_event_it_took_part_in_is_on_its_timeline(self, client, msf):
        event = EventFactory(organization=msf["msf"], title_en="Joint book", slug="book")
        event.related_organizations.add(msf["mrap"])
        assert "Joint book" in page(client, "/en/partners/mrap/")

    def test_jsonld(self, client, msf):
        data = jsonld(page(client, "/en/partners/migrations-sante-france/"))
        assert data["@type"] == "NGO"
        assert data["name"] == "Migrations Santé France"
        assert data["foundingDate"] == "1970-02-19"
        assert "Medical and Medico-Social Committee for Aid to Migrants" in data["alternateName"]
        assert "CMMSAM" in data["alternateName"]
        assert data["subOrganization"][0]["name"] == "Regional antennas"
        child = jsonld(page(client, "/en/partners/antennas/"))
        assert child["parentOrganization"]["url"].endswith("/en/partners/migrations-sante-france/")
        mrap = jsonld(page(client, "/en/partners/mrap/"))
        assert mrap["alternateName"] == ["MRAP"]

    def test_a_university_is_a_college(self, client):
        org("Faculty", slug="faculty", kind=OrganizationKind.UNIVERSITY)
        assert jsonld(page(client, "/en/partners/faculty/"))["@type"] == "CollegeOrUniversity"

    def test_a_draft_organisation_is_not_found(self, client):
        page(client, en(org("Hidden", slug="hidden", status=Status.DRAFT)), status=404)
        page(client, en(org("Archived", slug="archived", status=Status.ARCHIVED)), status=404)

    def test_drafts_are_absent_from_every_box(self, client, msf):
        m = msf["msf"]
        OrganizationNameFactory(organization=m, name_en="Draft former name", status=Status.DRAFT)
        hidden = org("Hidden partner", slug="hidden-partner", status=Status.DRAFT)
        RelationshipFactory(source=m, target=hidden, kind=RelationshipKind.FUNDS)
        RelationshipFactory(
            source=m,
            target=org("Visible", slug="visible"),
            kind=RelationshipKind.FUNDS,
            status=Status.DRAFT,
        )
        org("Draft antenna", slug="draft-antenna", parent=m, status=Status.DRAFT)
        ProgramFactory(title_en="Draft program", lead_organization=m, status=Status.DRAFT)
        ProgramFactory(title_en="Program of a draft partner", lead_organization=m).partners.add(
            hidden
        )
        CenterFactory(name_en="Draft place", operator=m, status=Status.DRAFT)
        GrantFactory(funder=m, recipient=hidden, slug="to-hidden")
        GrantFactory(
            funder=m,
            slug="draft-grant",
            status=Status.DRAFT,
            amount=Decimal("31337"),
            amount_qualifier=Qualifier.EXACT,
        )
        EventFactory(organization=m, title_en="Draft event", status=Status.DRAFT)
        KeyFigureFactory(subject=m, value=Decimal("4242"), status=Status.DRAFT)
        html = page(client, "/en/partners/migrations-sante-france/")
        for text in (
            "Draft former name",
            "Hidden partner",
            "hidden-partner",
            "funds",
            "Draft antenna",
            "Draft program",
            "Draft place",
            "grant-to-hidden",
            "31,337",
            "Draft event",
            "4,242",
        ):
            assert text not in html, text
        assert "Program of a draft partner" in html

    def test_the_detail_costs_the_same_with_2_or_50_rows_of_each_relation(self, client):
        def build(n, slug):
            subject = org(f"Subject {slug}", slug=slug)
            for i in range(n):
                other = org(f"Other {slug} {i}")
                OrganizationNameFactory(organization=subject)
                org(f"Child {slug} {i}", parent=subject)
                RelationshipFactory(source=subject, target=other)
                RelationshipFactory(source=other, target=subject, kind=RelationshipKind.FUNDS)
                led = ProgramFactory(lead_organization=subject)
                ProgramFactory(lead_organization=other).partners.add(subject)
                CenterFactory(operator=subject)
                GrantFactory(program=led, funder=other, recipient=subject)
                GrantFactory(funder=subject, recipient=None if i % 2 else other)
                event = EventFactory(organization=subject)
                EventFactory(organization=other).related_organizations.add(subject)
                KeyFigureFactory(subject=subject)
                KeyFigureFactory(subject=event)
            return en(subject)

        small, big = build(2, "small"), build(50, "big")
        assert count_queries(client, small) == count_queries(client, big)
