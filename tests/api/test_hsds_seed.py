"""The HSDS API on the seed content: every list, every record, in both languages, validates
against the official HSDS 3.0 schemas, unchanged; nothing the sources do not give is written."""

import pytest
from django.test import Client

from api.hsds.taxonomies import KIND_TERM_IDS, TAXONOMY_IDS
from centers.models import Center
from core.models import TriState
from tests.api.hsds_schemas import META, errors, validator
from tests.api.test_hsds import API, DETAIL, LIST_ITEM, every_page, get


@pytest.mark.usefixtures("seeded")
class TestOnTheSeedContent:
    """Every endpoint, every record of the seed, in both languages: valid HSDS 3.0."""

    pytestmark = pytest.mark.django_db

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_every_list_and_every_record_validate_against_the_official_schemas(self, lang):
        client = Client()
        meta = get(client, f"{API}/?lang={lang}").json()
        assert errors(META, meta) == [] and meta["version"] == "3.0"
        for path in LIST_ITEM:
            items = every_page(client, path, f"&lang={lang}")
            assert items, path
            for extra in ("&full=true", "&minimal=true", "&full_service=true"):
                if path in ("services", "organizations", "service_at_locations"):
                    response = get(client, f"{API}/{path}?per_page=100&lang={lang}{extra}")
                    if response.status_code == 200:
                        for item in response.json()["contents"]:
                            assert errors(validator(LIST_ITEM[path]), item) == []
            detail = validator(DETAIL[path])
            for item in items:
                response = get(client, f"{API}/{path}/{item['id']}?lang={lang}")
                assert response.status_code == 200
                assert errors(detail, response.json()) == [], (path, item["id"])

    def test_the_seed_places_are_all_there_as_services_locations_and_both(self):
        client = Client()
        services = every_page(client, "services")
        public = Center.objects.public()
        assert {s["id"] for s in services} == {str(c.uuid) for c in public}
        sals = every_page(client, "service_at_locations")
        assert {s["id"] for s in sals} == {str(c.service_at_location_uuid) for c in public}
        assert {s["location_id"] for s in sals} == {str(c.location_uuid) for c in public}

    def test_a_service_names_its_terms_which_the_taxonomies_list(self):
        client = Client()
        place = Center.objects.public().exclude(audiences=None).first()
        service = get(client, f"{API}/services/{place.uuid}").json()
        term_ids = {a["taxonomy_term_id"] for a in service["attributes"]}
        assert str(KIND_TERM_IDS[place.kind]) in term_ids
        assert {str(g.uuid) for g in place.audiences.public()} <= term_ids
        terms = {t["id"] for t in every_page(client, "taxonomy_terms")}
        assert term_ids <= terms
        taxonomies = {t["id"] for t in every_page(client, "taxonomies")}
        assert {str(i) for i in TAXONOMY_IDS.values()} == taxonomies

    def test_nothing_the_sources_do_not_give_is_written(self):
        """The seed gives no street address, phone, fees or verification date."""
        client = Client()
        for item in every_page(client, "services"):
            service = get(client, f"{API}/services/{item['id']}").json()
            place = Center.objects.get(uuid=item["id"])
            assert ("phones" in service) == bool(place.phone)
            assert ("assured_date" in service) == bool(place.last_verified_on)
            if place.free_of_charge == TriState.NOT_STATED:
                assert "cost_options" not in service and "fees_description" not in service
            location = service["service_at_locations"][0]["location"]
            assert ("addresses" in location) == bool(place.address and place.postcode)
            text = str(service).lower()
            assert "not stated" not in text and "non précisé" not in text
