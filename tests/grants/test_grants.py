"""Grant pages: the index with its filters, a page per grant, the data-quality page; published
content only, in both languages, without inline script or style, flat query counts."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.models import Status
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from tests.factories import (
    CenterFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    ProgramFactory,
    TargetGroupFactory,
    TerritoryFactory,
    ThemeFactory,
)
from tests.helpers import page

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


@pytest.fixture
def caso():
    foundation = OrganizationFactory(
        name="Fondation Sanofi Espoir",
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
        kind="ngo",
    )
    theme = ThemeFactory(
        name="Accès aux soins",
        name_fr="Accès aux soins",
        name_en="Access to care",
        slug="access-to-care",
    )
    women = TargetGroupFactory(name="Femmes", name_fr="Femmes", name_en="Women", slug="women")
    program = ProgramFactory(
        title="Développer l'activité des CASO",
        title_fr="Développer l'activité des CASO",
        title_en="Developing the activities of CASOs",
        slug="caso-four-cities",
        lead_organization=mdm,
    )
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
        purpose="Soutien financier.",
        purpose_fr="Soutien financier.",
        purpose_en="Financial support.",
        source_document=SourceDocument.FOUNDATION_PAGE,
        source_passage=(
            "The partnership with the Foundation includes financial support worth almost "
            "600,000 euros over three years"
        ),
    )
    lyon = CenterFactory(
        name="CASO de Lyon",
        name_fr="CASO de Lyon",
        name_en="CASO Lyon",
        slug="caso-lyon",
        operator=mdm,
        city="Lyon",
    )
    lyon.programs.add(program)
    KeyFigureFactory(
        subject=program,
        value=Decimal("6000"),
        qualifier=Qualifier.MORE_THAN,
        label="consultations médicales",
        label_fr="consultations médicales",
        label_en="medical consultations",
        period="par an",
        period_fr="par an",
        period_en="a year",
    )
    return {"grant": grant, "program": program, "foundation": foundation, "mdm": mdm, "place": lyon}


@pytest.fixture
def koungou(caso):
    """A second grant: not disclosed, to a program serving a place in Mayotte, started 2011."""
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", name_en="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    program = ProgramFactory(
        title="Koungou", title_fr="Koungou", title_en="Koungou minors", slug="koungou-minors"
    )
    CenterFactory(
        name="Koungou", city="Koungou", territory=mayotte, operator=caso["mdm"]
    ).programs.add(program)
    return GrantFactory(
        program=program,
        slug="sanofi-espoir-koungou",
        funder=caso["foundation"],
        recipient=None,
        amount=None,
        amount_qualifier=Qualifier.NOT_DISCLOSED,
        duration_months=None,
        starts_on=datetime.date(2011, 1, 1),
        ongoing=True,
    )


class TestIndex:
    def test_a_row_shows_funder_recipient_amount_duration_period_and_program(
        self, client, caso, koungou
    ):
        html = page(client, "/en/grants/")
        assert "2 grants" in html
        assert 'href="/en/grants/sanofi-espoir-caso/">Sanofi Espoir Foundation' in html
        assert "<strong>almost €600,000</strong>" in html
        assert "<strong>amount not disclosed</strong>" in html
        assert "recipient not stated by the source" in html
        assert "3 years" in html
        assert "from 2011 to today" in html
        assert (
            'href="/en/programs/caso-four-cities/">Developing the activities of CASOs</a>' in html
        )

    def test_french(self, client, caso):
        html = page(client, "/fr/grants/")
        assert '<html lang="fr"' in html
        assert f"600{NBSP}000{NBSP}€" in html
        assert 'href="/fr/grants/sanofi-espoir-caso/"' in html

    def test_only_public_grants_appear(self, client, caso):
        GrantFactory(
            program=caso["program"],
            slug="draft-grant",
            status=Status.DRAFT,
            amount=Decimal("123456"),
            amount_qualifier=Qualifier.EXACT,
        )
        GrantFactory(
            program=ProgramFactory(status=Status.DRAFT, title_en="Draft program"),
            slug="draft-program-grant",
            amount=Decimal("234567"),
            amount_qualifier=Qualifier.EXACT,
        )
        hidden = OrganizationFactory(
            name="Hidden funder", name_en="Hidden funder", status=Status.IN_REVIEW
        )
        GrantFactory(
            program=caso["program"],
            funder=hidden,
            slug="hidden-funder-grant",
            amount=Decimal("345678"),
            amount_qualifier=Qualifier.EXACT,
        )
        GrantFactory(
            program=caso["program"],
            recipient=OrganizationFactory(status=Status.DRAFT),
            slug="hidden-recipient-grant",
            amount=Decimal("456789"),
            amount_qualifier=Qualifier.EXACT,
        )
        html = page(client, "/en/grants/")
        assert "1 grant" in html
        for hidden_text in (
            "123,456",
            "234,567",
            "345,678",
            "456,789",
            "Hidden funder",
            "Draft program",
            "draft-grant",
        ):
            assert hidden_text not in html
        for slug in (
            "draft-grant",
            "draft-program-grant",
            "hidden-funder-grant",
            "hidden-recipient-grant",
        ):
            page(client, f"/en/grants/{slug}/", status=404)

    def test_filters_by_funder_recipient_theme_territory_and_year(self, client, caso, koungou):
        other = GrantFactory(
            program=ProgramFactory(title_en="Other program"),
            slug="other",
            awarded_on=datetime.date(2019, 6, 1),
        )
        cases = {
            "funder=sanofi-espoir-foundation": {"sanofi-espoir-caso", "sanofi-espoir-koungou"},
            "recipient=medecins-du-monde": {"sanofi-espoir-caso"},
            "theme=access-to-care": {"sanofi-espoir-caso"},
            "territory=mayotte": {"sanofi-espoir-koungou"},
            "territory=metropolitan-france": {"sanofi-espoir-caso"},
            "year=2011": {"sanofi-espoir-koungou"},
            "year=2019": {"other"},
        }
        for query, expected in cases.items():
            html = page(client, f"/en/grants/?{query}")
            results = html[html.index('id="results-title"') : html.index('id="totals-title"')]
            found = set(re.findall(r'href="/en/grants/([a-z0-9-]+)/"', results))
            assert found == expected, query
        assert other  # used above

    def test_the_year_filter_says_grants_with_no_known_year_are_not_matched(
        self, client, caso, koungou
    ):
        html = page(client, "/en/grants/")
        assert "A grant whose year is not known is not matched by a year filter." in html
        # Typed, not listed (years grow with the data); the year totals link to each year.
        assert 'name="year" value=""' in html
        assert "1 grant" in page(client, "/en/grants/?year=2011")
        # A decade is not a year.
        GrantFactory(
            slug="seventies", starts_on=datetime.date(1970, 1, 1), starts_precision="decade"
        )
        response = client.get("/en/grants/?year=1970")
        assert response.status_code == 400
        assert (
            "No grant recorded on this site starts or was awarded in “1970”."
            in response.content.decode()
        )

    def test_funders_and_recipients_are_typed_not_listed(self, client, caso):
        other = OrganizationFactory(
            name="Fondation Abbé Pierre",
            name_fr="Fondation Abbé Pierre",
            name_en="Abbé Pierre Foundation",
            slug="abbe-pierre",
        )
        GrantFactory(funder=other, recipient=caso["mdm"], slug="abbe-pierre-grant")
        html = page(client, "/en/grants/")
        assert '<option value="sanofi-espoir-foundation"' not in html
        assert 'type="text" id="filter-funder" name="funder" value=""' in html
        # One match is chosen, and shown by its name in the box.
        html = page(client, "/en/grants/?funder=sanofi")
        assert "Funder: <strong>Sanofi Espoir Foundation</strong>" in html
        assert 'name="funder" value="Sanofi Espoir Foundation"' in html
        # Several: each is offered as a link that keeps the other filters.
        response = client.get("/en/grants/?funder=foundation&theme=access-to-care")
        assert response.status_code == 400
        html = response.content.decode()
        assert "Several names match “foundation”: choose one of them below." in html
        assert "Funder: which one?" in html
        for slug in ("abbe-pierre", "sanofi-espoir-foundation"):
            assert f'<a href="?theme=access-to-care&amp;funder={slug}">' in html

    def test_an_unknown_filter_value_is_explained_and_left_out(self, client, caso):
        response = client.get("/en/grants/?funder=nobody&year=1850")
        assert response.status_code == 400
        html = response.content.decode()
        assert "No organisation “nobody” makes a grant recorded on this site." in html
        assert "1 grant" in html

    def test_open_data_is_not_linked_while_no_grant_qualifies(self, client, caso):
        html = page(client, "/en/grants/")
        assert "/data/grants.360giving.json" not in html
        assert "No grant can be published in the 360Giving format yet." in html
        assert 'href="/en/grants/data-quality/"' in html
        assert "Creative Commons Attribution 4.0 International" in html
        assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html

    def test_open_data_is_linked_beside_the_data_quality_page_once_a_grant_qualifies(
        self, client, caso
    ):
        GrantFactory(
            slug="complete",
            amount=Decimal("1000"),
            amount_qualifier=Qualifier.EXACT,
            awarded_on=datetime.date(2024, 1, 1),
        )
        html = page(client, "/en/grants/")
        box = html[html.index('id="open-data-title"') :]
        assert 'href="/data/grants.360giving.json"' in box
        assert 'href="/data/grants.360giving.csv"' in box
        assert 'href="/en/grants/data-quality/">Data quality: 1 grant left out, and why</a>' in box
        assert "1 grant is published in the 360Giving Data Standard (version 1.4)" in box

    def test_flat_query_count_and_light_page(self, client):
        def grants(n):
            for _ in range(n):
                program = ProgramFactory()
                program.themes.add(ThemeFactory())
                CenterFactory().programs.add(program)
                GrantFactory(program=program, amount_qualifier=Qualifier.UP_TO)
                GrantFactory(
                    program=program,
                    amount=None,
                    amount_qualifier=Qualifier.NOT_DISCLOSED,
                    recipient=None,
                )

        grants(1)
        few, _size = count_queries(client, "/en/grants/")
        grants(24)
        many, size = count_queries(client, "/en/grants/")
        assert many == few
        assert size < 100_000

    def test_many_grants_stay_light_counted_and_say_what_is_left_out(self, client):
        funder = OrganizationFactory(name="Big funder", name_en="Big funder", slug="big-funder")
        for i in range(60):
            stated = i % 2 == 0
            GrantFactory(
                funder=funder,
                amount_qualifier=Qualifier.UP_TO if stated else Qualifier.NOT_DISCLOSED,
                amount=Decimal(1000 * (i + 1)) if stated else None,
            )
        html = page(client, "/en/grants/")
        assert len(html.encode()) < 100_000
        totals = html[html.index('id="totals-title"') : html.index('id="charts-title"')]
        # Every grant is counted, even where not every one is named.
        assert "Big funder</a></strong>: 60 grants" in totals
        assert "And 30 grants whose amount is not disclosed:" in totals
        assert "; and 25 more (" in totals
        assert 'href="?funder=big-funder">list them all</a>' in totals
        assert "50 more recipients are not listed here" in totals
        charts_html = html[html.index('id="charts-title"') :]
        assert charts_html.count('class="chart-row"') == 12
        assert "18 more are left out of the chart and its table" in charts_html
        assert "Not in the chart: 30 grants whose amount is not disclosed:" in charts_html

    def test_list_them_all_keeps_the_other_filters(self, client):
        funder = OrganizationFactory(slug="funder")
        theme = ThemeFactory(slug="health")
        for _ in range(7):
            program = ProgramFactory()
            program.themes.add(theme)
            GrantFactory(
                funder=funder,
                program=program,
                amount=None,
                amount_qualifier=Qualifier.NOT_DISCLOSED,
            )
        GrantFactory(
            funder=funder, amount=None, amount_qualifier=Qualifier.NOT_DISCLOSED
        )  # another theme
        html = page(client, "/en/grants/?theme=health")
        assert "The amounts of its 7 grants are not disclosed:" in html
        assert 'href="?theme=health&amp;funder=funder">list them all</a>' in html


class TestGrantPage:
    def test_shows_the_grant_with_its_qualifier_currency_and_unknowns(self, client, caso):
        html = page(client, "/en/grants/sanofi-espoir-caso/")
        assert "<h1>Sanofi Espoir Foundation" in html
        assert "<strong>almost €600,000</strong> over 3 years" in html
        assert "an upper bound: the amount may be lower" in html
        assert "euro (EUR)" in html
        assert "Financial support." in html
        award = html[html.index("Award date") :]
        assert award.index("not stated by the source") < 120
        assert 'href="/en/partners/medecins-du-monde/">Médecins du Monde</a>' in html
        assert (
            'href="/en/programs/caso-four-cities/">Developing the activities of CASOs</a>' in html
        )

    def test_shows_the_program_places_groups_and_key_figures(self, client, caso):
        CenterFactory(name="Draft place", name_en="Draft place", status=Status.DRAFT).programs.add(
            caso["program"]
        )
        html = page(client, "/en/grants/sanofi-espoir-caso/")
        assert 'href="/en/places/caso-lyon/">CASO Lyon</a>' in html
        assert "Draft place" not in html
        assert "Women" in html
        assert "more than 6,000" in html and "medical consultations" in html and "a year" in html

    def test_shows_the_source_the_last_update_and_the_funders_total(self, client, caso, koungou):
        html = page(client, "/en/grants/sanofi-espoir-caso/")
        assert (
            "“The partnership with the Foundation includes financial support worth almost "
            "600,000 euros over three years”"
        ) in html
        assert "Last updated on" in html
        assert "All grants from Sanofi Espoir Foundation" in html
        assert "And 1 grant whose amount is not disclosed:" in html
        assert 'href="/en/grants/?funder=sanofi-espoir-foundation"' in html

    def test_says_what_keeps_it_out_of_open_data(self, client, caso):
        html = page(client, "/en/grants/sanofi-espoir-caso/")
        assert "amount stated as “almost €600,000”, not as an exact amount" in html
        assert "award date not stated" in html

    def test_an_unnamed_recipient_says_so(self, client, koungou):
        html = page(client, "/en/grants/sanofi-espoir-koungou/")
        assert "recipient not stated by the source" in html
        assert "amount not disclosed" in html

    def test_json_ld_never_presents_a_qualified_amount_as_exact(self, client, caso):
        html = page(client, "/en/grants/sanofi-espoir-caso/")
        (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MonetaryGrant"
        assert data["amount"] == {"@type": "MonetaryAmount", "currency": "EUR", "maxValue": 600000}
        assert "value" not in data["amount"]
        assert data["funder"]["name"] == "Sanofi Espoir Foundation"
        assert data["fundedItem"][0] == {
            "@id": "http://testserver/en/programs/caso-four-cities/#program"
        }

    def test_json_ld_has_no_amount_when_not_disclosed(self, client, koungou):
        html = page(client, "/en/grants/sanofi-espoir-koungou/")
        data = json.loads(
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[0]
        )
        assert "amount" not in data

    def test_the_funders_total_names_its_first_five_grants_of_each_kind_and_counts_the_rest(
        self, client
    ):
        funder = OrganizationFactory(name="Big Foundation", name_en="Big Foundation")
        for n in range(7):
            # An upper bound beside a lower one: no honest sum, each stated amount is listed.
            qualifier = Qualifier.UP_TO if n % 2 else Qualifier.MORE_THAN
            program = ProgramFactory(title=f"Stated {n}", title_en=f"Stated {n}")
            GrantFactory(funder=funder, program=program, amount_qualifier=qualifier)
            program = ProgramFactory(title=f"Undisclosed {n}", title_en=f"Undisclosed {n}")
            GrantFactory(
                funder=funder,
                program=program,
                amount=None,
                amount_qualifier=Qualifier.NOT_DISCLOSED,
                slug=f"undisclosed-{n}",
            )
        html = page(client, "/en/grants/undisclosed-0/")
        total = html[html.index('class="total-head"') : html.index("List the grants from")]
        assert "14 grants" in total
        assert "no honest total exists" in total
        for kind in ("Stated", "Undisclosed"):
            named = re.findall(rf">\s*({kind} \d)\s*</a>", total)
            assert named == [f"{kind} {n}" for n in range(5)]
        assert total.count("and 2 more") == 2

    def test_flat_query_count(self, client, caso):
        few, _size = count_queries(client, "/en/grants/sanofi-espoir-caso/")
        for _ in range(25):
            CenterFactory().programs.add(caso["program"])
            KeyFigureFactory(subject=caso["program"])
            caso["program"].target_groups.add(TargetGroupFactory())
            GrantFactory(funder=caso["foundation"])
        many, size = count_queries(client, "/en/grants/sanofi-espoir-caso/")
        assert many == few
        assert size < 100_000


class TestDataQuality:
    def test_lists_each_public_grant_left_out_and_what_it_lacks(self, client, caso, koungou):
        complete = GrantFactory(
            slug="complete",
            amount=Decimal("1000"),
            amount_qualifier=Qualifier.EXACT,
            awarded_on=datetime.date(2024, 1, 1),
        )
        GrantFactory(slug="draft-incomplete", status=Status.DRAFT)
        html = page(client, "/en/grants/data-quality/")
        assert "1 grant is in the open data files." in html
        assert "2 grants are left out:" in html
        rows = dict(
            re.findall(
                r'href="/en/grants/([a-z0-9-]+)/">.*?<ul class="reasons">(.*?)</ul>', html, re.S
            )
        )
        assert set(rows) == {"sanofi-espoir-caso", "sanofi-espoir-koungou"}
        assert (
            "amount stated as “almost €600,000”, not as an exact amount"
            in rows["sanofi-espoir-caso"]
        )
        assert "award date not stated" in rows["sanofi-espoir-caso"]
        assert "amount not disclosed" in rows["sanofi-espoir-koungou"]
        assert "recipient not stated by the source" in rows["sanofi-espoir-koungou"]
        assert complete.slug not in rows
        assert "draft-incomplete" not in html
        assert 'href="/data/grants.360giving.json"' in html

    def test_a_long_list_is_paginated(self, client):
        for _ in range(55):
            GrantFactory()
        first = page(client, "/en/grants/data-quality/")
        assert "55 grants are left out:" in first
        assert first.count('<ul class="reasons">') == 50
        assert "Page 1 of 2" in first
        assert page(client, "/en/grants/data-quality/?page=2").count('<ul class="reasons">') == 5

    def test_french(self, client, caso):
        html = page(client, "/fr/grants/data-quality/")
        assert '<html lang="fr"' in html
        assert 'href="/fr/grants/sanofi-espoir-caso/"' in html

    def test_flat_query_count(self, client, caso):
        few, _size = count_queries(client, "/en/grants/data-quality/")
        for _ in range(48):
            GrantFactory()
        many, size = count_queries(client, "/en/grants/data-quality/")
        assert many == few
        assert size < 100_000


class TestRegisteredIdentifier:
    def test_is_empty_by_default_and_checked_against_the_org_id_pattern(self):
        organization = OrganizationFactory()
        assert organization.registered_identifier == ""
        for good in ("FR-RNA-W751234567", "FR-SIREN-123456789"):
            organization.registered_identifier = good
            organization.full_clean()
        for bad in ("W751234567", "fr-rna-W751234567", "FR-RNA-W75 1234567", "FR RNA W751234567"):
            organization.registered_identifier = bad
            with pytest.raises(ValidationError) as error, translation.override("en"):
                organization.full_clean()
            assert "org-id.guide" in str(error.value)

    def test_two_organisations_cannot_share_one(self):
        OrganizationFactory(registered_identifier="FR-RNA-W751234567")
        OrganizationFactory(registered_identifier="")
        OrganizationFactory(registered_identifier="")  # empty is not an identifier
        with pytest.raises(IntegrityError), transaction.atomic():
            OrganizationFactory(registered_identifier="FR-RNA-W751234567")

    def test_the_admin_shows_it(self, admin_client):
        organization = OrganizationFactory(registered_identifier="FR-RNA-W751234567")
        html = admin_client.get(
            f"/en/admin/partners/organization/{organization.pk}/change/"
        ).content.decode()
        assert 'name="registered_identifier"' in html
        assert 'value="FR-RNA-W751234567"' in html
        assert "org-id.guide" in html
