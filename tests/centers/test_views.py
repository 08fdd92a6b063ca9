"""The public "find care" pages: list, place page, orientation sheet."""

import datetime
import json
import re
from urllib.parse import quote, unquote

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from centers.models import CenterKind, NoticeKind
from core.models import Status, TriState
from core.sources import SourceDocument
from tests.factories import (
    CenterFactory,
    KeyFigureFactory,
    LanguageFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    ProgramFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french_fields():
    """Factories write the French fields: a request to /en/ leaves English active otherwise."""
    translation.activate("fr")
    yield
    translation.activate("fr")


LIST = "/{lang}/places/"
SEED_PASSAGE = (
    "Photo : For minors up to the age of 18, MdM has opened a cost-free medico-social "
    "consultation service in Koungou."
)


def mayotte():
    return TerritoryFactory(
        slug="mayotte", name="Mayotte", name_en="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )


def full_center(**kwargs):
    """A place with every relation filled: hours, audiences, languages, services, programs,
    notices."""
    center = CenterFactory(**kwargs)
    center.audiences.add(TargetGroupFactory(), TargetGroupFactory())
    center.languages.add(LanguageFactory(), LanguageFactory())
    center.services.add(ServiceFactory(), ServiceFactory())
    center.programs.add(ProgramFactory(), ProgramFactory())
    OpeningHoursFactory(center=center, weekday=0)
    OpeningHoursFactory(center=center, weekday=4, opens=datetime.time(22), closes=datetime.time(2))
    NoticeFactory(center=center)
    KeyFigureFactory(subject=center)
    return center


def html_of(response):
    return response.content.decode()


def without_whitespace(text):
    return " ".join(text.split())


def assert_clean_page(body):
    """Strict CSP holds: no inline style, no script but JSON-LD data blocks."""
    assert "style=" not in body
    assert "<style" not in body
    for tag in re.findall(r"<script[^>]*>", body):
        assert 'type="application/ld+json"' in tag


def jsonld_of(body):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


class TestList:
    def test_lists_published_care_places_only(self, client):
        CenterFactory(name="Centre ouvert", name_en="Open centre")
        CenterFactory(name="Centre brouillon", status=Status.DRAFT)
        CenterFactory(name="Fonds documentaire", kind=CenterKind.DOCUMENTATION)
        response = client.get(LIST.format(lang="en"))
        body = html_of(response)
        assert response.status_code == 200
        assert "Open centre" in body
        assert "Centre brouillon" not in body
        assert "Fonds documentaire" not in body
        assert "1 care place" in body
        assert_clean_page(body)

    def test_a_card_says_kind_place_audience_free_and_operator(self, client):
        group = TargetGroupFactory(name="Mineurs", name_en="Minors")
        hidden_group = TargetGroupFactory(name="Groupe brouillon", status=Status.DRAFT)
        center = CenterFactory(
            name_en="Koungou consultation",
            kind=CenterKind.CONSULTATION,
            city="Koungou",
            department="Mayotte",
            department_code="976",
            territory=mayotte(),
            min_age=0,
            max_age=18,
            free_of_charge=TriState.YES,
            operator=OrganizationFactory(name="Médecins du Monde"),
        )
        center.audiences.add(group, hidden_group)
        body = without_whitespace(html_of(client.get(LIST.format(lang="en"))))
        assert f'href="/en/places/{center.slug}/"' in body
        assert "Consultation service" in body
        assert "Koungou, Mayotte (976)" in body
        assert "Minors – from 0 to 18 years old" in body
        assert '<span class="yes">Yes</span>' in body
        assert "Médecins du Monde" in body
        assert "Groupe brouillon" not in body

    def test_an_unstated_condition_says_so(self, client):
        CenterFactory()
        body = html_of(client.get(LIST.format(lang="en")))
        assert "not stated by the source" in body

    def test_french_page_shows_the_french_data(self, client):
        CenterFactory(
            name="Consultation pour mineurs", name_en="Consultation for minors", slug="koungou"
        )
        response = client.get(LIST.format(lang="fr"))
        body = html_of(response)
        assert '<html lang="fr"' in body
        assert "Consultation pour mineurs" in body
        assert 'href="/fr/places/koungou/"' in body

    def test_the_koungou_scenario_territory_minors_free(self, client):
        minors = TargetGroupFactory(
            slug="children-and-minors", name="Enfants et mineurs", name_en="Children and minors"
        )
        koungou = CenterFactory(
            name="Consultation Koungou",
            name_en="Koungou consultation",
            territory=mayotte(),
            free_of_charge=TriState.YES,
            city="Koungou",
        )
        koungou.audiences.add(minors)
        paris_minors = CenterFactory(
            name="CASO Paris", name_en="Paris CASO", free_of_charge=TriState.YES, city="Paris"
        )
        paris_minors.audiences.add(minors)
        not_stated = CenterFactory(
            name="Autre Mayotte", name_en="Other Mayotte", territory=mayotte()
        )
        not_stated.audiences.add(minors)
        for lang in ("fr", "en"):
            response = client.get(
                LIST.format(lang=lang),
                {"territory": "mayotte", "audience": "children-and-minors", "free": "on"},
            )
            body = html_of(response)
            assert response.status_code == 200
            assert f'href="/{lang}/places/{koungou.slug}/"' in body
            assert f"/places/{paris_minors.slug}/" not in body
            assert f"/places/{not_stated.slug}/" not in body
        assert "1 place matches your filters" in body
        # The form keeps the choices (values live in the URL), with no CSRF token: a GET form.
        assert 'value="mayotte" selected' in body
        assert "csrfmiddlewaretoken" not in body
        assert 'method="get"' in body

    def test_the_free_filter_says_it_matches_only_what_a_source_states(self, client):
        CenterFactory(free_of_charge=TriState.YES)
        body = html_of(client.get(LIST.format(lang="en"), {"free": "on"}))
        assert "A condition filter matches only what a source states" in body
        body = html_of(client.get(LIST.format(lang="en")))
        assert "A condition filter matches only what a source states" not in body

    def test_active_filters_each_have_a_remove_link_and_there_is_a_clear_all(self, client):
        CenterFactory(kind=CenterKind.HOTLINE, city="Roubaix", free_of_charge=TriState.YES)
        body = html_of(
            client.get(
                LIST.format(lang="en"), {"kind": "hotline", "free": "on", "place": "Roubaix"}
            )
        )
        summary = body[body.index('class="active-filters"') :]
        summary = summary[: summary.index("</div>")]
        assert "Kind of place: medical hotline" in summary
        assert "City, département or postcode: Roubaix" in summary
        assert 'href="?free=on&amp;place=Roubaix"' in summary  # removes the kind only
        assert 'href="?kind=hotline&amp;place=Roubaix"' in summary  # removes "free"
        assert 'href="/en/places/">Clear all filters' in summary

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"kind": "documentation"}, "“documentation” is not a kind of place we list"),
            ({"kind": "spaceship"}, "“spaceship” is not a kind of place we list"),
            ({"age": "abc"}, "Give the age as a whole number of years"),
            ({"age": "-3"}, "An age cannot be below 0"),
            ({"age": "500"}, "Give an age of 120 or less"),
            ({"territory": "atlantis"}, "We list no territory called “atlantis”"),
            ({"audience": "martians"}, "No place lists “martians”"),
            ({"service": "teleportation"}, "No place lists the service “teleportation”"),
            ({"language": "xx"}, "No place lists the language “xx”"),
            ({"page": "999"}, "There is no page “999” in this list"),
            ({"page": "abc"}, "There is no page “abc” in this list"),
        ],
    )
    def test_a_value_that_makes_no_sense_gets_a_clear_message(self, client, query, message):
        center = CenterFactory()
        response = client.get(LIST.format(lang="en"), query)
        body = html_of(response)
        assert response.status_code == 400
        assert message in body
        # The other filters still apply and the places still show.
        assert (
            center.get_absolute_url().replace("/fr/", "/en/") in body
            or f"/en/places/{center.slug}/" in body
        )

    def test_a_bad_value_can_be_removed_with_a_link(self, client):
        CenterFactory()
        body = html_of(client.get(LIST.format(lang="en"), {"kind": "spaceship", "free": "on"}))
        assert 'href="?free=on">Remove “Kind of place”' in body

    def test_pagination_keeps_the_filters(self, client):
        for _ in range(23):
            CenterFactory(free_of_charge=TriState.YES)
        response = client.get(LIST.format(lang="en"), {"free": "on"})
        body = html_of(response)
        assert "23 places match your filters" in body
        assert "Page 1 of 2" in body
        assert 'href="?free=on&amp;page=2" rel="next"' in body
        page_two = html_of(client.get(LIST.format(lang="en"), {"free": "on", "page": 2}))
        assert "Page 2 of 2" in page_two
        assert page_two.count('class="card center-card"') == 3

    def test_no_cookie_for_an_anonymous_visitor(self, client):
        CenterFactory()
        response = client.get(LIST.format(lang="en"), {"free": "on"})
        assert not response.cookies

    def test_query_count_stays_flat(self, client):
        def count_queries(query):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(LIST.format(lang="en"), query)
            assert response.status_code == 200
            return len(ctx.captured_queries)

        for _ in range(2):
            full_center()
        queries = [{}, {"open_now": "on", "free": "", "place": "lyon", "age": "30"}]
        small = [count_queries(q) for q in queries]
        for _ in range(48):
            full_center()
        large = [count_queries(q) for q in queries]
        assert small == large


class TestDetail:
    def url(self, center, lang="en", suffix=""):
        return f"/{lang}/places/{center.slug}/{suffix}"

    def test_drafts_and_documentation_premises_are_not_found(self, client):
        for center in (
            CenterFactory(status=Status.DRAFT),
            CenterFactory(kind=CenterKind.DOCUMENTATION),
            CenterFactory(unpublish_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)),
        ):
            for suffix in ("", "sheet/", "report/"):
                assert client.get(self.url(center, suffix=suffix)).status_code == 404

    def test_what_you_get_and_on_what_conditions(self, client):
        center = CenterFactory(
            kind=CenterKind.CONSULTATION,
            min_age=0,
            max_age=18,
            free_of_charge=TriState.YES,
            appointment_needed=TriState.NO,
            conditions="Gratuit.",
            conditions_en="Free of charge. Open to all children from 0 to 18.",
        )
        center.services.add(
            ServiceFactory(name="Consultation médicale", name_en="Medical consultation"),
            ServiceFactory(name="Service brouillon", status=Status.DRAFT),
        )
        center.audiences.add(TargetGroupFactory(name="Mineurs", name_en="Children and minors"))
        body = without_whitespace(html_of(client.get(self.url(center))))
        assert "<li>Medical consultation</li>" in body
        assert "Service brouillon" not in body
        assert "Children and minors" in body
        assert "from 0 to 18 years old" in body
        assert '<dt>Free of charge</dt> <dd><span class="yes">Yes</span></dd>' in body
        assert '<dt>Appointment needed</dt> <dd><span class="no">No</span></dd>' in body
        assert (
            "<dt>Open to people without a residence permit</dt> "
            '<dd><span class="unknown">not stated by the source</span></dd>'
        ) in body
        assert "Free of charge. Open to all children from 0 to 18." in body

    def test_who_runs_it_and_which_program_funds_it(self, client):
        operator = OrganizationFactory(
            name="Médecins du Monde", name_en="Médecins du Monde", slug="medecins-du-monde"
        )
        center = CenterFactory(operator=operator)
        program = ProgramFactory(title="Koungou", title_en="Koungou program", slug="koungou-minors")
        center.programs.add(
            program, ProgramFactory(title="Programme brouillon", status=Status.DRAFT)
        )
        body = html_of(client.get(self.url(center)))
        assert '<a href="/en/partners/medecins-du-monde/">Médecins du Monde</a>' in body
        assert '<a href="/en/programs/koungou-minors/">Koungou program</a>' in body
        assert "Programme brouillon" not in body

    def test_an_unpublished_operator_is_named_but_not_linked(self, client):
        center = CenterFactory(
            operator=OrganizationFactory(name="Association cachée", status=Status.DRAFT)
        )
        body = html_of(client.get(self.url(center)))
        assert "Association cachée" in body
        assert f'href="{center.operator.get_absolute_url()}"'.replace("/fr/", "/en/") not in body

    def test_how_to_reach_it_when_the_source_gives_nothing(self, client):
        center = CenterFactory(city="Lyon", department="Rhône", department_code="69")
        body = without_whitespace(html_of(client.get(self.url(center))))
        assert "Lyon, Rhône (69)" in body
        assert "Address, phone number and e-mail: not stated by the source." in body
        # The only numbers to call are the urgent ones, in the footer.
        assert "tel:" not in body.split('<footer class="site-footer">')[0]

    def test_how_to_reach_it_falls_back_to_the_operator_website(self, client):
        center = CenterFactory(
            operator=OrganizationFactory(website="https://www.medecinsdumonde.org/")
        )
        body = html_of(client.get(self.url(center)))
        assert "You can contact the organisation that runs it" in body
        assert '<a href="https://www.medecinsdumonde.org/">' in body

    def test_how_to_reach_it_with_known_details(self, client):
        center = CenterFactory(
            address="8 rue des Fleurs",
            postcode="69003",
            phone="04 78 00 00 00",
            email="caso@example.org",
            website="https://example.org/caso",
        )
        body = html_of(client.get(self.url(center)))
        # Left to right, isolated, also in an Arabic, Dari or Pashto page.
        assert '<a href="tel:0478000000" class="ltr" dir="ltr">04 78 00 00 00</a>' in body
        assert (
            '<a href="mailto:caso@example.org" class="ltr" dir="ltr">caso@example.org</a>' in body
        )
        assert "8 rue des Fleurs, 69003 Lyon" in body
        assert "Address, phone number and e-mail: not stated" not in body

    def test_area_served_for_a_mobile_unit(self, client):
        center = CenterFactory(
            kind=CenterKind.MOBILE_UNIT,
            city="",
            department="Ain",
            department_code="01",
            area_served="Département de l'Ain",
            area_served_en="The Ain département",
        )
        body = without_whitespace(html_of(client.get(self.url(center))))
        assert re.search(r"<dt>Area served</dt> ?<dd> ?The Ain département ?</dd>", body)
        assert "Ain (01)" in body

    def test_hours_table_and_across_midnight(self, client):
        center = CenterFactory()
        OpeningHoursFactory(
            center=center, weekday=0, opens=datetime.time(9), closes=datetime.time(12, 30)
        )
        OpeningHoursFactory(
            center=center, weekday=4, opens=datetime.time(22), closes=datetime.time(2)
        )
        body = without_whitespace(html_of(client.get(self.url(center))))
        assert "<caption>Opening hours</caption>" in body
        assert '<th scope="row">Monday</th><td>09:00–12:30</td>' in body
        assert (
            '22:00–02:00 <span class="next-day">(ends after midnight, the next day)</span>' in body
        )
        assert '<th scope="row">Sunday</th><td>closed</td>' in body

    def test_hours_not_stated(self, client):
        body = html_of(client.get(self.url(CenterFactory())))
        assert "Hours not stated by the source." in body
        assert "Open now" not in body and "Closed now" not in body
        assert '<strong class="opening-unknown">Hours unknown</strong>' in body

    def test_a_current_notice_shows_and_an_old_one_does_not(self, client):
        center = CenterFactory()
        today = datetime.date.today()
        NoticeFactory(
            center=center,
            kind=NoticeKind.CLOSURE,
            message="Fermé",
            message_en="Closed for works",
            starts_on=today - datetime.timedelta(days=1),
            ends_on=today + datetime.timedelta(days=3),
        )
        NoticeFactory(
            center=center,
            message="Ancien",
            message_en="An old message",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today - datetime.timedelta(days=20),
        )
        body = html_of(client.get(self.url(center)))
        assert "Closed for works" in body
        assert "Temporary closure" in body
        assert "An old message" not in body

    def test_seed_source_is_undated_and_not_verified_since(self, client):
        center = CenterFactory(
            source_document=SourceDocument.FOUNDATION_PAGE, source_passage=SEED_PASSAGE
        )
        body = html_of(client.get(self.url(center)))
        assert "This document is undated" in body
        assert SEED_PASSAGE in body
        assert (
            "This information comes from its source document, Sanofi Espoir Foundation page "
            "(undated, c. 2013–2014), and has not been checked since."
        ) in body
        assert "out of date" not in body

    def test_a_verified_place_says_when(self, client):
        center = CenterFactory(last_verified_on=datetime.date(2025, 3, 14))
        assert "Last verified on March 14, 2025." in html_of(client.get(self.url(center)))
        assert "14 mars 2025" in html_of(client.get(self.url(center, lang="fr")))

    def test_report_print_and_share_links(self, client):
        center = CenterFactory(name_en="Lyon CASO", city="Lyon", department="Rhône")
        body = html_of(client.get(self.url(center)))
        page = f"http://testserver/en/places/{center.slug}/"
        assert f'href="/en/places/{center.slug}/report/">Report wrong information' in body
        assert f'href="/en/places/{center.slug}/sheet/">Print an orientation sheet' in body
        # The address to copy, in a field a keyboard and a screen reader reach, no script.
        assert '<label for="share-url">Address of this page, to copy:</label>' in body
        assert f'id="share-url" class="share-url" type="url" dir="ltr" readonly value="{page}"' in (
            body
        )
        # Each link carries the message: name, what, where, and the page's address.
        message = quote(f"Lyon CASO – care and orientation centre (CASO), Lyon, Rhône: {page}", "")
        assert f'href="sms:?body={message}"' in body
        assert f'href="https://wa.me/?text={message}"' in body
        assert f'href="mailto:?subject=Lyon%20CASO&amp;body={message}"' in body

    def test_share_message_is_in_the_visitors_language(self, client):
        center = CenterFactory(name="Camion santé", name_en="Health van", city="", area_served="")
        center.area_served_en = "Seine-Saint-Denis"
        center.area_served = "la Seine-Saint-Denis"
        center.save()
        body = html_of(client.get(self.url(center, lang="fr")))
        page = f"http://testserver/fr/places/{center.slug}/"
        kind = "centre d'accueil, de soins et d'orientation (CASO)"
        message = quote(f"Camion santé – {kind}, la Seine-Saint-Denis : {page}", "")
        assert f'href="https://wa.me/?text={message}"' in body.replace("&#x27;", "'")

    def test_share_message_leaves_out_the_not_yet_translated_note(self, client):
        territory = TerritoryFactory(slug="guyane", name="Guyane française", overseas=True)
        center = CenterFactory(
            name="Permanence", city="Cayenne", department="Guyane", territory=territory
        )
        body = html_of(client.get(self.url(center, lang="ar")))
        sms = body[body.index('href="sms:?body=') :]
        message = unquote(sms[: sms.index('"', 7)])
        assert "Cayenne, Guyane – Guyane française" in message
        assert "(" not in message.replace("(CASO)", "")

    def test_page_is_clean_and_sets_no_cookie(self, client):
        response = client.get(self.url(full_center()))
        assert_clean_page(html_of(response))
        assert not response.cookies

    def test_french_page(self, client):
        center = CenterFactory(
            name="Consultation pour mineurs", last_verified_on=datetime.date(2025, 3, 14)
        )
        body = html_of(client.get(self.url(center, lang="fr")))
        assert '<html lang="fr"' in body
        assert "<h1>Consultation pour mineurs</h1>" in body
        assert f'href="/fr/places/{center.slug}/sheet/"' in body
        assert "14 mars 2025" in body

    def test_query_count_stays_flat(self, client):
        def count_queries(center, suffix):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(self.url(center, suffix=suffix)).status_code == 200
            return len(ctx.captured_queries)

        small = full_center()
        big = full_center()
        for _ in range(48):
            big.audiences.add(TargetGroupFactory())
            big.services.add(ServiceFactory())
            big.languages.add(LanguageFactory())
            big.programs.add(ProgramFactory())
            OpeningHoursFactory(
                center=big, weekday=_ % 7, opens=datetime.time(_ % 12), closes=datetime.time(23)
            )
            NoticeFactory(center=big)
        for suffix in ("", "sheet/"):
            assert count_queries(small, suffix) == count_queries(big, suffix)


class TestJsonLd:
    def url(self, center):
        return f"/en/places/{center.slug}/"

    def test_a_consultation_is_a_medical_clinic_with_what_is_known(self, client):
        center = CenterFactory(
            name_en="Koungou consultation",
            kind=CenterKind.CONSULTATION,
            city="Koungou",
            region="Mayotte",
            territory=mayotte(),
            free_of_charge=TriState.YES,
            operator=OrganizationFactory(
                name="Médecins du Monde", name_en="Médecins du Monde", slug="mdm"
            ),
        )
        center.languages.add(LanguageFactory(code="fr", name="français", name_en="French"))
        OpeningHoursFactory(
            center=center, weekday=2, opens=datetime.time(8, 30), closes=datetime.time(12)
        )
        data = jsonld_of(html_of(client.get(self.url(center))))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalClinic"
        assert data["name"] == "Koungou consultation"
        assert data["url"] == f"http://testserver/en/places/{center.slug}/"
        assert data["address"] == {
            "@type": "PostalAddress",
            "addressLocality": "Koungou",
            "addressRegion": "Mayotte",
            "addressCountry": "YT",
        }
        assert data["isAccessibleForFree"] is True
        assert data["availableLanguage"] == ["French"]
        assert data["parentOrganization"] == {
            "@type": "Organization",
            "name": "Médecins du Monde",
            "url": "http://testserver/en/partners/mdm/",
        }
        assert data["openingHoursSpecification"] == [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": "https://schema.org/Wednesday",
                "opens": "08:30",
                "closes": "12:00",
            }
        ]

    def test_nothing_unknown_is_stated(self, client):
        center = CenterFactory(
            kind=CenterKind.MOBILE_UNIT,
            city="",
            free_of_charge=TriState.NOT_STATED,
            area_served="Ain",
            area_served_en="The Ain département",
        )
        data = jsonld_of(html_of(client.get(self.url(center))))
        assert data["@type"] == "MedicalOrganization"
        assert data["areaServed"] == "The Ain département"
        for key in (
            "address",
            "isAccessibleForFree",
            "openingHoursSpecification",
            "availableLanguage",
            "telephone",
        ):
            assert key not in data

    def test_free_is_stated_only_when_a_source_says_yes(self, client):
        center = CenterFactory(free_of_charge=TriState.NO)
        assert "isAccessibleForFree" not in jsonld_of(html_of(client.get(self.url(center))))

    def test_a_mediation_permanence_is_a_service_provided_by_the_operator(self, client):
        center = CenterFactory(kind=CenterKind.MEDIATION, city="", region="Île-de-France")
        data = jsonld_of(html_of(client.get(self.url(center))))
        assert data["@type"] == "Service"
        assert data["provider"]["name"] == center.operator.name
        assert data["address"]["addressCountry"] == "FR"


class TestSheet:
    def url(self, center, lang="en"):
        return f"/{lang}/places/{center.slug}/sheet/"

    def test_a_standalone_page_with_the_essentials(self, client):
        center = CenterFactory(
            name_en="Koungou consultation",
            summary_en="Cost-free medical consultations.",
            min_age=0,
            max_age=18,
            free_of_charge=TriState.YES,
            operator=OrganizationFactory(name="Médecins du Monde"),
            source_document=SourceDocument.FOUNDATION_PAGE,
            source_passage=SEED_PASSAGE,
        )
        body = without_whitespace(html_of(client.get(self.url(center))))
        assert '<link rel="stylesheet" href="/static/css/site.css">' in body
        assert 'class="site-header"' not in body  # no site navigation
        assert "<nav" not in body
        assert "<h1>Koungou consultation</h1>" in body
        assert "Cost-free medical consultations." in body
        assert "from 0 to 18 years old" in body
        assert 'Free of charge: <span class="yes">Yes</span>' in body
        assert (
            "Not stated by the source: without a residence permit; without health coverage; "
            "appointment needed; referral needed; call before coming; step-free access; "
            "animals accepted."
        ) in body
        assert "Address, phone number and e-mail: not stated by the source." in body
        assert "Hours not stated by the source." in body
        assert "Médecins du Monde" in body
        assert "and has not been checked since." in body
        assert "out of date" not in body
        assert "Print command" in body
        assert f"http://testserver/en/places/{center.slug}/" in body
        assert_clean_page(body)

    def test_the_qr_code_links_back_to_the_place_page(self, client):
        center = CenterFactory()
        body = html_of(client.get(self.url(center)))
        svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S).group(0)
        assert 'role="img"' in svg
        assert (
            f'aria-label="QR code: the address of this place&#x27;s page, http://testserver/en/places/{center.slug}/"'
            in svg
        )
        assert "<title>" in svg
        assert "style=" not in svg
        expected = segno.make(f"http://testserver/en/places/{center.slug}/", error="m").svg_inline(
            scale=4
        )
        path = re.search(r' d="([^"]+)"', expected.split('class="qrline"')[1]).group(1)
        assert path in svg

    def test_hours_grouped_by_days_with_the_same_hours(self, client):
        center = CenterFactory()
        for day in range(4):
            OpeningHoursFactory(
                center=center, weekday=day, opens=datetime.time(9), closes=datetime.time(17)
            )
        body = without_whitespace(html_of(client.get(self.url(center))))
        assert '<th scope="row">Monday–Thursday</th><td>09:00–17:00</td>' in body
        assert '<th scope="row">Friday–Sunday</th><td>closed</td>' in body

    def test_french_sheet(self, client):
        center = CenterFactory(name="Consultation pour mineurs")
        body = html_of(client.get(self.url(center, lang="fr")))
        assert '<html lang="fr"' in body
        assert "Consultation pour mineurs" in body
        assert f"http://testserver/fr/places/{center.slug}/" in body
