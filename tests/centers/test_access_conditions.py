"""Access conditions (issue 14, item 4): call before coming, step-free access with the place's
Acceslibre page, and animals accepted, each yes / no / not stated, beside "appointment needed"
and "referral needed": on the page, the sheet, the filters and the JSON-LD."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation

from centers.filters import CenterFilter
from centers.models import Center
from core.models import TriState
from tests.centers.test_admin import new_center_data
from tests.conftest import in_french
from tests.core.test_admin import admin_url, errors_in
from tests.factories import CenterFactory
from tests.helpers import jsonld

pytestmark = pytest.mark.django_db

ACCESLIBRE = "https://acceslibre.beta.gouv.fr/app/69-lyon/a/centre-de-sante/erp/caso-lyon/"
YES, NO, NOT_STATED = TriState.YES, TriState.NO, TriState.NOT_STATED


def body_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.fixture
def stated():
    """A place whose sources state every access condition."""
    return CenterFactory(
        slug="stated",
        name_en="Lyon care centre",
        appointment_needed=NO,
        referral_needed=NO,
        call_first=YES,
        step_free_access=YES,
        acceslibre_url=ACCESLIBRE,
        animals_accepted=NO,
    )


class TestAcceslibreAddress:
    @pytest.mark.parametrize(
        "url",
        [
            "https://example.org/acceslibre.beta.gouv.fr/",
            "http://acceslibre.beta.gouv.fr/app/erp/x/",
            "https://acceslibre.beta.gouv.fr.example.org/app/",
            "https://acceslibre.beta.gouv.fr/",
        ],
    )
    def test_only_a_page_on_acceslibre_is_taken(self, url):
        place = CenterFactory.build(acceslibre_url=url)
        with translation.override("en"):
            with pytest.raises(ValidationError) as error:
                place.full_clean(exclude=["operator", "territory", "slug"])
            (message,) = error.value.message_dict["acceslibre_url"]
        assert "page on Acceslibre, starting with https://acceslibre.beta.gouv.fr/" in message

    def test_a_page_on_acceslibre_is_valid(self):
        place = CenterFactory.build(acceslibre_url=ACCESLIBRE)
        place.full_clean(exclude=["operator", "territory", "slug"])


class TestPage:
    def test_each_condition_in_plain_words_with_the_acceslibre_link(self, client, stated):
        body = body_of(client, f"/en/places/{stated.slug}/")
        assert '<dt>Call before coming</dt> <dd><span class="yes">Yes</span></dd>' in body
        assert '<dt>Animals accepted</dt> <dd><span class="no">No</span></dd>' in body
        assert '<dt>Appointment needed</dt> <dd><span class="no">No</span></dd>' in body
        assert (
            '<dt>Step-free access (wheelchair)</dt> <dd><span class="yes">Yes</span> – '
            f'<a href="{ACCESLIBRE}">details on Acceslibre</a></dd>'
        ) in body

    def test_unstated_conditions_say_so_and_no_link_is_made_up(self, client):
        place = CenterFactory()
        body = body_of(client, f"/en/places/{place.slug}/")
        for label in ("Call before coming", "Step-free access (wheelchair)", "Animals accepted"):
            assert (
                f'<dt>{label}</dt> <dd><span class="unknown">not stated by the source</span></dd>'
            ) in body
        assert "acceslibre" not in body

    def test_in_french_and_arabic(self, client, stated):
        french = body_of(client, f"/fr/places/{stated.slug}/")
        assert "<dt>Appeler avant de venir</dt>" in french
        assert "détails sur Acceslibre" in french
        arabic = body_of(client, f"/ar/places/{stated.slug}/")
        assert "<dt>الحيوانات مقبولة</dt>" in arabic

    def test_the_sheet_states_them_and_lists_the_unstated_ones(self, client, stated):
        body = body_of(client, f"/en/places/{stated.slug}/sheet/")
        assert 'Call before coming: <span class="yes">Yes</span>' in body
        assert 'Animals accepted: <span class="no">No</span>' in body
        assert (
            'Step-free access (wheelchair): <span class="yes">Yes</span> – '
            f'<a href="{ACCESLIBRE}">details on Acceslibre</a>'
        ) in body
        assert "Not stated by the source: free of charge; without a residence permit;" in body
        unstated = body.split("Not stated by the source:")[1].split("</span>")[0]
        assert "call before coming" not in unstated


class TestFilters:
    @pytest.fixture
    def places(self):
        for slug, value in (("yes", YES), ("no", NO), ("unknown", NOT_STATED)):
            CenterFactory(
                slug=slug,
                step_free_access=value,
                animals_accepted=value,
                appointment_needed={YES: NO, NO: YES}.get(value, NOT_STATED),
                referral_needed={YES: NO, NO: YES}.get(value, NOT_STATED),
                call_first={YES: NO, NO: YES}.get(value, NOT_STATED),
            )

    def slugs(self, query):
        filterset = CenterFilter(QueryDict(query), queryset=Center.objects.public())
        assert filterset.is_valid(), filterset.errors
        return sorted(filterset.qs.values_list("slug", flat=True))

    @pytest.mark.parametrize(
        "name", ["step_free", "animals", "no_appointment", "no_referral", "no_call"]
    )
    def test_each_matches_only_what_a_source_states(self, places, name):
        assert self.slugs(f"{name}=on") == ["yes"]
        assert self.slugs("") == ["no", "unknown", "yes"]

    def test_they_combine(self, places):
        CenterFactory(slug="step-free-only", step_free_access=YES)
        assert self.slugs("step_free=on") == ["step-free-only", "yes"]
        assert self.slugs("step_free=on&animals=on&no_appointment=on") == ["yes"]

    def test_on_the_list_page_among_the_stated_conditions(self, client, places):
        body = body_of(client, "/en/places/?step_free=on")
        stated = body.split("Conditions a source states")[1].split("</fieldset>")[0]
        for label in (
            "Step-free access",
            "Animals accepted",
            "No appointment needed",
            "No referral needed",
            "No need to call first",
        ):
            assert f">{label}</label>" in stated, label
        assert "1 place matches your filters" in body
        assert "Step-free access" in body.split("results-title")[0]  # the summary of filters


class TestJsonLd:
    def test_the_stated_conditions_are_amenity_features(self, client, stated):
        data = jsonld(client.get(f"/en/places/{stated.slug}/").content.decode())
        features = {f["name"]: f for f in data["amenityFeature"]}
        assert set(features) == {
            "Appointment needed",
            "Referral needed",
            "Call before coming",
            "Step-free access",
            "Animals accepted",
        }
        assert features["Call before coming"]["value"] is True
        assert features["Animals accepted"]["value"] is False
        assert features["Step-free access"]["url"] == ACCESLIBRE
        assert {f["@type"] for f in features.values()} == {"LocationFeatureSpecification"}

    def test_nothing_unstated_is_said(self, client):
        place = CenterFactory()
        data = jsonld(client.get(f"/en/places/{place.slug}/").content.decode())
        assert "amenityFeature" not in data


class TestAdmin:
    """Staff enter the conditions with the others; an address that is not Acceslibre's is a
    form error, not a 500."""

    @pytest.fixture(autouse=True)
    def _french_admin(self, french):
        pass

    def test_saved_from_the_form(self, admin_client):
        data = new_center_data(
            admin_client,
            call_first="yes",
            step_free_access="no",
            acceslibre_url=ACCESLIBRE,
            animals_accepted="yes",
        )
        response = admin_client.post(admin_url("centers_center_add"), data)
        assert response.status_code == 302, errors_in(response)
        place = Center.objects.get(slug="permanence-toulouse")
        assert (place.call_first, place.step_free_access, place.animals_accepted) == (YES, NO, YES)
        assert place.acceslibre_url == ACCESLIBRE

    def test_another_address_is_a_form_error(self, admin_client):
        data = new_center_data(admin_client, acceslibre_url="https://www.example.org/erp/")
        response = admin_client.post(admin_url("centers_center_add"), data)
        assert response.status_code == 200
        assert in_french(
            "Give the address of the place's page on Acceslibre, starting with %(start)s."
        ) % {"start": "https://acceslibre.beta.gouv.fr/"} in errors_in(response)
        assert not Center.objects.exists()
