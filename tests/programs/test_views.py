"""Program pages: the list with its filters, and the detail a funder reads in ten seconds."""

import datetime
import re
from decimal import Decimal

import pytest

from core.models import Status
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from programs.models import ProgramKind
from tests.factories import (
    CenterFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    ProgramFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.helpers import count_queries, en, jsonld, page

pytestmark = pytest.mark.django_db


NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def caso():
    """The CASO program as the seeds give it: almost €600,000 over three years to MdM."""
    foundation = OrganizationFactory(
        name="Sanofi Espoir Foundation",
        name_fr="Fondation Sanofi Espoir",
        name_en="Sanofi Espoir Foundation",
        slug="sanofi-espoir-foundation",
        kind="foundation",
    )
    mdm = OrganizationFactory(
        name="Médecins du Monde",
        name_fr="Médecins du Monde",
        name_en="Médecins du Monde",
        slug="medecins-du-monde",
        acronym="MdM",
        kind="ngo",
    )
    theme = ThemeFactory(
        name="Access to care",
        name_fr="Accès aux soins",
        name_en="Access to care",
        slug="access-to-care",
    )
    women = TargetGroupFactory(name="Women", name_fr="Femmes", name_en="Women", slug="women")
    program = ProgramFactory(
        title="Developing the activities of CASOs",
        title_fr="Développer l'activité des CASO",
        title_en="Developing the activities of CASOs",
        slug="caso-four-cities",
        lead_organization=mdm,
        summary="Free consultations.",
        summary_fr="Des consultations gratuites.",
        summary_en="",
        area="Lyon and Paris",
        area_fr="Lyon et Paris",
        area_en="Lyon and Paris",
        description="More than 6,000 consultations.",
        description_fr="Plus de 6 000 consultations.",
        description_en="More than 6,000 consultations.",
        source_document=SourceDocument.FOUNDATION_PAGE,
        source_passage=(
            "Developing the activities of CASOs (Reception, Guidance and Care Centers) "
            "in four French cities."
        ),
    )
    program.partners.add(foundation)
    program.themes.add(theme)
    program.target_groups.add(women)
    grant = GrantFactory(
        program=program,
        slug="sanofi-espoir-caso",
        funder=foundation,
        recipient=mdm,
        amount=Decimal("600000"),
        amount_qualifier=Qualifier.ALMOST,
        duration_months=36,
        source_document=SourceDocument.FOUNDATION_PAGE,
        source_passage=(
            "The partnership with the Foundation includes financial support worth almost "
            "600,000 euros over three years"
        ),
    )
    place = CenterFactory(
        name="CASO Lyon",
        name_fr="CASO de Lyon",
        name_en="CASO Lyon",
        slug="caso-lyon",
        operator=mdm,
    )
    place.programs.add(program)
    KeyFigureFactory(
        subject=program,
        value=Decimal("6000"),
        qualifier=Qualifier.MORE_THAN,
        label="medical consultations",
        label_fr="consultations médicales",
        label_en="medical consultations",
        period="a year",
        period_fr="par an",
        period_en="a year",
        scope="half of them in Paris",
        scope_fr="dont la moitié à Paris",
        scope_en="half of them in Paris",
    )
    return {
        "program": program,
        "grant": grant,
        "foundation": foundation,
        "mdm": mdm,
        "theme": theme,
        "women": women,
        "place": place,
    }


class TestProgramList:
    def test_a_card_shows_title_summary_lead_area_and_the_qualified_grant(self, client, caso):
        html = page(client, "/en/programs/")
        assert 'href="/en/programs/caso-four-cities/"' in html
        assert "Developing the activities of CASOs" in html
        assert "Des consultations gratuites." in html  # no English summary: French fallback
        assert 'href="/en/partners/medecins-du-monde/">Médecins du Monde</a>' in html
        assert "Lyon and Paris" in html
        assert "<strong>almost €600,000</strong>" in html
        assert "from Sanofi Espoir Foundation over 3 years" in html
        assert 'href="/en/grants/sanofi-espoir-caso/"' in html

    def test_french_formats_the_amount_the_french_way(self, client, caso):
        html = page(client, "/fr/programs/")
        assert '<html lang="fr"' in html
        assert f"600{NBSP}000{NBSP}€" in html
        assert "Développer l&#x27;activité des CASO" in html
        assert 'href="/fr/programs/caso-four-cities/"' in html

    def test_unknown_funding_and_lead_say_not_stated(self, client):
        ProgramFactory(title="Enquête", slug="enfams", lead_organization=None)
        html = page(client, "/en/programs/")
        card = html[html.index("Enquête") :]
        assert "Run by" in card
        assert card.count("not stated by the source") >= 2  # who runs it, and its funding

    def test_drafts_and_what_hangs_from_them_stay_hidden(self, client, caso):
        ProgramFactory(
            title="Brouillon", title_en="Draft program", slug="draft-program", status=Status.DRAFT
        )
        GrantFactory(
            program=caso["program"],
            slug="draft-grant",
            status=Status.DRAFT,
            amount=Decimal("123456"),
            amount_qualifier=Qualifier.EXACT,
        )
        hidden_funder = OrganizationFactory(
            name="Hidden funder", slug="hidden-funder", status=Status.IN_REVIEW
        )
        GrantFactory(
            program=caso["program"],
            slug="grant-from-hidden",
            funder=hidden_funder,
            amount=Decimal("777777"),
            amount_qualifier=Qualifier.EXACT,
        )
        html = page(client, "/en/programs/")
        assert "Draft program" not in html
        assert "123,456" not in html
        assert "777,777" not in html
        assert "Hidden funder" not in html
        assert "1 program" in html

    def test_filter_by_organization_matches_the_lead_and_the_partners(self, client, caso):
        other = ProgramFactory(title="Autre", title_en="Other program", slug="other")
        led = page(client, "/en/programs/?organization=medecins-du-monde")
        partnered = page(client, "/en/programs/?organization=sanofi-espoir-foundation")
        elsewhere = page(client, f"/en/programs/?organization={other.lead_organization.slug}")
        for html in (led, partnered):
            assert "Developing the activities of CASOs" in html
            assert "Other program" not in html
        assert (
            "Other program" in elsewhere and "Developing the activities of CASOs" not in elsewhere
        )

    def test_filter_by_organization_also_matches_a_funder(self, client):
        funder = OrganizationFactory(slug="funder-only", name_en="Funder only")
        funded = GrantFactory(
            funder=funder, program=ProgramFactory(title_en="Funded program")
        ).program
        GrantFactory(
            funder=funder,
            status=Status.DRAFT,
            program=ProgramFactory(title_en="Draft-grant program"),
        )
        ProgramFactory(title_en="Unrelated program")
        html = page(client, "/en/programs/?organization=funder-only")
        assert funded.title_en in html
        assert "Draft-grant program" not in html
        assert "Unrelated program" not in html

    def test_filter_by_theme_and_target_group_with_an_active_filters_summary(self, client, caso):
        ProgramFactory(title="Autre", title_en="Other program", slug="other")
        html = page(client, "/en/programs/?theme=access-to-care&target_group=women")
        assert "Developing the activities of CASOs" in html
        assert "Other program" not in html
        assert "Showing only:" in html
        assert "Theme: <strong>Access to care</strong>" in html
        assert "People served: <strong>Women</strong>" in html
        # Each active filter can be removed on its own, keeping the other.
        assert 'href="?target_group=women">remove' in html
        assert 'href="?theme=access-to-care">remove' in html
        assert 'href="/en/programs/">Clear all filters</a>' in html
        assert '<option value="access-to-care" selected>Access to care</option>' in html

    def test_filters_are_also_plain_links_and_a_get_form(self, client, caso):
        html = page(client, "/en/programs/")
        assert '<form class="filters" method="get" action="/en/programs/">' in html
        assert '<label for="filter-theme">Theme</label>' in html
        assert '<a href="?theme=access-to-care">Access to care</a>' in html
        assert '<a href="?target_group=women">Women</a>' in html
        # Organisations grow with the data: typed, not listed; the list of them all is linked.
        assert '<a href="?organization=medecins-du-monde">' not in html
        assert 'type="text" id="filter-organization" name="organization" value=""' in html
        assert '<a href="/en/partners/">See the list of every organisation.</a>' in html
        assert "csrfmiddlewaretoken" not in html

    def test_an_organisation_typed_by_name_or_acronym_filters_as_its_slug(self, client, caso):
        by_slug = page(client, "/en/programs/?organization=medecins-du-monde")
        for typed in ("mdm", "medecins+du", "Médecins+du+Monde"):
            html = page(client, f"/en/programs/?organization={typed}")
            # The same page; its "Download this list" links keep the query as typed (the
            # download's filter reads it the same way).
            assert without_downloads(html.split('id="results-title"')[1]) == without_downloads(
                by_slug.split('id="results-title"')[1]
            )
            assert "Médecins du Monde" in html.split('name="organization" value="')[1][:30]

    def test_options_list_only_what_published_programs_use(self, client, caso):
        ThemeFactory(name_en="Unused theme", slug="unused-theme")
        ThemeFactory(name_en="Draft theme", slug="draft-theme", status=Status.DRAFT)
        html = page(client, "/en/programs/")
        assert "Unused theme" not in html
        assert "Draft theme" not in html

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("theme=no-such-theme", "There is no theme “no-such-theme” on this site."),
            ("target_group=%3Cb%3E", "There is no group of people “&lt;b&gt;” on this site."),
            (
                "organization=nobody",
                "No organisation “nobody” runs, funds or takes part in a program on this site.",
            ),
            ("theme=draft-theme", "There is no theme “draft-theme” on this site."),
        ],
    )
    def test_an_invalid_filter_value_gives_a_clear_message_not_a_500(
        self, client, caso, query, message
    ):
        ThemeFactory(slug="draft-theme", status=Status.DRAFT)
        html = page(client, f"/en/programs/?{query}", status=400)
        assert "A filter was not understood" in html
        assert message in html
        assert "Developing the activities of CASOs" in html  # the rest of the page still works

    def test_a_valid_filter_still_applies_beside_an_invalid_one(self, client, caso):
        ProgramFactory(title_en="Other program", slug="other")
        html = page(client, "/en/programs/?theme=access-to-care&target_group=nope", status=400)
        assert "Developing the activities of CASOs" in html
        assert "Other program" not in html

    def test_pagination_uses_the_shared_include_and_keeps_the_filters(self, client):
        theme = ThemeFactory(slug="care")
        for n in range(23):
            ProgramFactory(slug=f"p-{n:02d}").themes.add(theme)
        html = page(client, "/en/programs/?theme=care")
        assert "Page 1 of 2" in html
        assert 'href="?theme=care&amp;page=2" rel="next"' in html
        assert "23 programs" in html
        page(client, "/en/programs/?theme=care&page=9", status=404)


def make_program(n, funder, recipient, places_operator):
    """A published program with n of each relation, all published."""
    program = ProgramFactory()
    for i in range(n):
        partner = OrganizationFactory()
        program.partners.add(partner)
        program.themes.add(ThemeFactory())
        program.target_groups.add(TargetGroupFactory())
        GrantFactory(program=program, funder=funder, recipient=recipient if i % 2 else None)
        KeyFigureFactory(subject=program)
        CenterFactory(operator=places_operator).programs.add(program)
    return program


class TestQueryCounts:
    def test_the_list_costs_the_same_with_2_or_50_programs(self, client):
        funder, recipient, operator = (
            OrganizationFactory(),
            OrganizationFactory(),
            OrganizationFactory(),
        )
        for _ in range(2):
            make_program(2, funder, recipient, operator)
        few = count_queries(client, "/en/programs/")
        for _ in range(48):
            make_program(2, funder, recipient, operator)
        many = count_queries(client, "/en/programs/")
        assert few == many

    def test_the_filtered_list_costs_the_same_with_2_or_50_programs(self, client):
        funder, recipient, operator = (
            OrganizationFactory(slug="funder"),
            OrganizationFactory(),
            OrganizationFactory(),
        )
        url = "/en/programs/?organization=funder"
        for _ in range(2):
            make_program(1, funder, recipient, operator).partners.add(funder)
        few = count_queries(client, url)
        for _ in range(48):
            make_program(1, funder, recipient, operator).partners.add(funder)
        many = count_queries(client, url)
        assert few == many

    def test_the_detail_costs_the_same_with_2_or_50_rows_of_each_relation(self, client):
        funder, recipient, operator = (
            OrganizationFactory(),
            OrganizationFactory(),
            OrganizationFactory(),
        )
        small = make_program(2, funder, recipient, operator)
        big = make_program(50, funder, recipient, operator)
        assert count_queries(client, en(small)) == count_queries(client, en(big))


class TestProgramDetail:
    def test_places_show_ten_and_link_to_all_the_places_it_serves(self, client, caso):
        program = caso["program"]
        html = page(client, "/en/programs/caso-four-cities/")
        assert "All the places it serves" not in html
        for n in range(10):
            CenterFactory(name_en=f"Served {n:02d}", slug=f"served-{n:02d}").programs.add(program)
        for url in ("/en/programs/caso-four-cities/", "/en/grants/sanofi-espoir-caso/"):
            html = page(client, url)
            places = html.split('id="places"' if "programs" in url else "Places it serves")[1]
            places = places.split("</ul>")[0]
            assert places.count("<li>") == 10  # of 11
            assert (
                '<a href="/en/places/?program=caso-four-cities">All the places it serves</a>'
                in html
            )
        # The full list, also found by typing part of the program's title.
        for query in ("program=caso-four-cities", "program=developing+the+activ"):
            listed = page(client, f"/en/places/?{query}")
            assert "11 places match your filters" in listed
            assert "Program: Developing the activities of CASOs" in listed
        response = client.get("/en/places/?program=nothing-like-it")
        assert response.status_code == 400
        assert (
            "No place we list takes part in a program “nothing-like-it”."
            in response.content.decode()
        )

    def test_the_grant_box_reads_funder_recipient_amount_duration(self, client, caso):
        html = page(client, "/en/programs/caso-four-cities/")
        box = html[html.index('id="grant-sanofi-espoir-caso"') :]
        box = box[: box.index("</section>")]
        assert "Sanofi Espoir Foundation" in box and "Médecins du Monde" in box
        assert '<p class="grant-amount"><strong>almost €600,000</strong> over 3 years</p>' in box
        assert '<dt>Funder</dt><dd><a href="/en/partners/sanofi-espoir-foundation/">' in box
        assert '<dt>Recipient</dt><dd><a href="/en/partners/medecins-du-monde/">' in box
        assert "<dt>Duration</dt><dd>3 years</dd>" in box
        # What the source does not give is said, not guessed.
        assert '<dt>Period</dt><dd><span class="unknown">not stated by the source</span>' in box
        assert '<dt>Award date</dt><dd><span class="unknown">not stated by the source</span>' in box
        # The grant's own passage, verbatim.
        assert "financial support worth almost 600,000 euros over three years" in box

    def test_each_grant_box_has_an_anchor_and_links_to_the_grant_page(self, client, caso):
        grant = caso["grant"]
        html = page(client, en(caso["program"]))
        assert f'id="grant-{grant.slug}"' in html
        assert f'href="{en(grant)}"' in html
        assert client.get(en(grant)).status_code == 200

    def test_undisclosed_amount_unknown_recipient_and_an_open_period(self, client):
        grant = GrantFactory(
            slug="enfams-grant",
            recipient=None,
            amount=None,
            amount_qualifier=Qualifier.NOT_DISCLOSED,
            duration_months=None,
            starts_on=datetime.date(2011, 1, 1),
            ongoing=True,
        )
        html = page(client, en(grant.program))
        assert "<strong>amount not disclosed</strong>" in html
        assert "recipient not stated by the source" in html
        assert "<dt>Period</dt><dd>from 2011 to today</dd>" in html
        assert '<dt>Duration</dt><dd><span class="unknown">not stated by the source</span>' in html
        data = jsonld(html)
        assert "amount" not in data["funding"][0]
        assert data["funding"][0]["description"].startswith("amount not disclosed")

    def test_up_to_and_award_date_in_both_languages(self, client):
        grant = GrantFactory(
            slug="red-cross",
            amount=Decimal("600000"),
            amount_qualifier=Qualifier.UP_TO,
            awarded_on=datetime.date(2013, 2, 19),
        )
        english = page(client, en(grant.program))
        fr = page(client, en(grant.program).replace("/en/", "/fr/", 1))
        assert "<strong>up to €600,000</strong>" in english
        assert "<dt>Award date</dt><dd>19 February 2013</dd>" in english
        assert f"600{NBSP}000{NBSP}€" in fr
        assert "19 février 2013" in fr

    def test_facts_places_key_figures_and_source(self, client, caso):
        html = page(client, "/en/programs/caso-four-cities/")
        assert "<h1>Developing the activities of CASOs</h1>" in html
        assert "<dt>Kind</dt><dd>Funded program</dd>" in html
        assert (
            '<a href="/en/partners/sanofi-espoir-foundation/">Sanofi Espoir Foundation</a>' in html
        )
        assert '<a href="/en/programs/?theme=access-to-care">Access to care</a>' in html
        assert '<a href="/en/programs/?target_group=women">Women</a>' in html
        assert "<dt>Where</dt><dd>Lyon and Paris</dd>" in html
        assert '<dt>When</dt><dd><span class="unknown">not stated by the source</span>' in html
        assert "More than 6,000 consultations." in html
        assert '<a href="/en/places/caso-lyon/">CASO Lyon</a>' in html
        assert (
            '<strong class="kf-value">more than 6,000</strong> medical consultations a year '
            '<span class="scope">half of them in Paris</span>'
        ) in html
        assert "Source" in html
        assert (
            "“Developing the activities of CASOs (Reception, Guidance and Care Centers) "
            "in four French cities.”"
        ) in html

    def test_french_key_figures_use_french_number_format(self, client, caso):
        html = page(client, "/fr/programs/caso-four-cities/")
        assert f"6{NBSP}000</strong> consultations médicales par an" in html
        assert '<html lang="fr"' in html

    def test_a_period_at_its_precision(self, client):
        program = ProgramFactory(
            starts_on=datetime.date(2016, 1, 1), ongoing=True, kind=ProgramKind.STANDING
        )
        html = page(client, en(program))
        assert "<dt>When</dt><dd>from 2016 to today</dd>" in html
        assert "<dt>Kind</dt><dd>Standing activity</dd>" in html

    def test_a_draft_program_is_not_found(self, client):
        program = ProgramFactory(status=Status.DRAFT)
        page(client, en(program), status=404)
        scheduled = ProgramFactory(publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC))
        page(client, en(scheduled), status=404)

    def test_drafts_are_absent_from_every_box(self, client, caso):
        program = caso["program"]
        GrantFactory(
            program=program,
            slug="draft-grant",
            status=Status.DRAFT,
            amount=Decimal("111111"),
            amount_qualifier=Qualifier.EXACT,
        )
        hidden = OrganizationFactory(
            name="Hidden partner", slug="hidden-partner", status=Status.DRAFT
        )
        program.partners.add(hidden)
        GrantFactory(program=program, slug="to-hidden", recipient=hidden)
        program.themes.add(ThemeFactory(name_en="Draft theme", status=Status.DRAFT))
        program.target_groups.add(TargetGroupFactory(name_en="Draft group", status=Status.ARCHIVED))
        CenterFactory(name_en="Draft place", status=Status.DRAFT).programs.add(program)
        CenterFactory(name_en="Documentation centre", kind="documentation").programs.add(program)
        KeyFigureFactory(subject=program, value=Decimal("4242"), status=Status.DRAFT)
        html = page(client, "/en/programs/caso-four-cities/")
        for text in (
            "111,111",
            "Hidden partner",
            "hidden-partner",
            "grant-to-hidden",
            "Draft theme",
            "Draft group",
            "Draft place",
            "Documentation centre",
            "4,242",
        ):
            assert text not in html, text
        assert 'id="grant-sanofi-espoir-caso"' in html

    def test_a_draft_lead_organization_is_not_shown(self, client):
        program = ProgramFactory(
            lead_organization=OrganizationFactory(name="Secret lead", status=Status.DRAFT)
        )
        html = page(client, en(program))
        assert "Secret lead" not in html
        assert "parentOrganization" not in html

    def test_jsonld_never_presents_a_qualified_amount_as_exact(self, client, caso):
        GrantFactory(
            program=caso["program"],
            slug="exact",
            amount=Decimal("1000"),
            amount_qualifier=Qualifier.EXACT,
            funder=caso["foundation"],
        )
        GrantFactory(
            program=caso["program"],
            slug="more",
            amount=Decimal("5000"),
            amount_qualifier=Qualifier.MORE_THAN,
            funder=caso["foundation"],
        )
        GrantFactory(
            program=caso["program"],
            slug="about",
            amount=Decimal("7000"),
            amount_qualifier=Qualifier.ABOUT,
            funder=caso["foundation"],
        )
        data = jsonld(page(client, "/en/programs/caso-four-cities/"))
        assert data["@type"] == "Project"
        assert data["name"] == "Developing the activities of CASOs"
        assert data["parentOrganization"]["name"] == "Médecins du Monde"
        assert [f["name"] for f in data["funder"]] == ["Sanofi Espoir Foundation"]
        grants = {g["identifier"]: g for g in data["funding"]}
        assert grants["sanofi-espoir-caso"]["@type"] == "MonetaryGrant"
        assert grants["sanofi-espoir-caso"]["amount"] == {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "maxValue": 600000,
        }
        assert grants["sanofi-espoir-caso"]["description"] == "almost €600,000 over 3 years"
        assert grants["exact"]["amount"]["value"] == 1000
        assert grants["more"]["amount"] == {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "minValue": 5000,
        }
        assert "amount" not in grants["about"]
        assert grants["about"]["description"].startswith("about €7,000")
        assert grants["sanofi-espoir-caso"]["fundedItem"][1]["name"] == "Médecins du Monde"

    def test_the_page_stays_small(self, client, caso):
        response = client.get("/en/programs/caso-four-cities/")
        assert len(response.content) < 60_000


def without_downloads(html):
    return re.sub(r'href="/[a-z]+/programs/download\.[a-z]+\?[^"]*"', 'href=""', html)
