"""The access conditions in the HSDS API: call before coming with the other ways in
(application_process), animals accepted with who is welcome (eligibility_description), step-free
access as the location's accessibility with the place's Acceslibre page; nothing unstated."""

import pytest

from core.models import TriState
from tests.api.hsds_schemas import errors, validator
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db

API = "/api/hsds"
ACCESLIBRE = "https://acceslibre.beta.gouv.fr/app/69-lyon/a/centre-de-sante/erp/caso-lyon/"


def service_of(client, place):
    response = client.get(f"{API}/services/{place.uuid}?lang=en")
    assert response.status_code == 200
    service = response.json()
    assert errors(validator("compiled/service.json"), service) == []
    return service


def test_stated_conditions_are_in_the_service_and_its_location(client):
    place = CenterFactory(
        appointment_needed=TriState.NO,
        call_first=TriState.YES,
        animals_accepted=TriState.NO,
        step_free_access=TriState.YES,
        acceslibre_url=ACCESLIBRE,
    )
    service = service_of(client, place)
    assert service["application_process"] == ("Appointment needed: no\nCall before coming: yes")
    assert "Animals accepted: no" in service["eligibility_description"]
    (accessibility,) = service["service_at_locations"][0]["location"]["accessibility"]
    assert accessibility["description"] == "Step-free access: yes"
    assert accessibility["url"] == ACCESLIBRE
    assert accessibility["location_id"] == str(place.location_uuid)


def test_unstated_conditions_are_left_out(client):
    service = service_of(client, CenterFactory())
    assert "application_process" not in service
    assert "eligibility_description" not in service
    assert "accessibility" not in service["service_at_locations"][0]["location"]
