"""The data·inclusion export: every row validates with the official package, nothing invented."""

import csv
import datetime
import io
import json

import pytest
from data_inclusion.schema.v1 import Service, Structure
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import Delivery
from core import page_cache
from core.models import Status, TriState
from network.seeding import seed_network
from opendata import datainclusion
from tests.factories import (
    CenterFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    ServiceFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

STRUCTURES = "/data/data-inclusion/structures.json"
SERVICES = "/data/data-inclusion/services.json"


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def get_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def validate_all(client):
    structures = get_json(client, STRUCTURES)
    services = get_json(client, SERVICES)
    for row in structures:
        Structure.model_validate(row, context={"ignore_warnings": False})
    for row in services:
        Service.model_validate(row, context={"ignore_warnings": False})
    return structures, services


def test_every_row_of_the_seed_content_validates_with_the_official_package(client):
    seed_network()
    structures, services = validate_all(client)
    assert len(services) == 11  # every seeded care place: each has a summary
    assert {s["structure_id"] for s in services} == {s["id"] for s in structures}
    assert all("sante--acces-aux-soins" in s["thematiques"] for s in services)
    # The CSV twins hold the same records, headed by the schema's field names.
    rows = get_csv(client, "/data/data-inclusion/services.csv")
    assert [r["id"] for r in rows] == [s["id"] for s in services]
    assert list(rows[0]) == list(Service.model_fields)
    assert [r["id"] for r in get_csv(client, "/data/data-inclusion/structures.csv")] == [
        s["id"] for s in structures
    ]


def test_a_full_place_is_exported_with_what_its_sources_say(client):
    operator = OrganizationFactory(name="Médecins du Monde", website="https://www.example.org/")
    minors = TargetGroupFactory(slug="children-and-minors", name="Enfants et mineurs")
    women = TargetGroupFactory(slug="women", name="Femmes")
    place = CenterFactory(
        operator=operator,
        name="Centre de soins – Bobigny",
        summary="Consultations médicales gratuites sans rendez-vous.",
        city="Bobigny",
        postcode="93000",
        department="Seine-Saint-Denis",
        department_code="93",
        phone="+33 1 23 45 67 89",
        free_of_charge=TriState.YES,
        no_residence_permit_needed=TriState.YES,
        delivery=Delivery.FIXED,
        min_age=0,
        max_age=18,
        open_on_public_holidays=TriState.NO,
    )
    place.audiences.add(minors, women)
    place.services.add(ServiceFactory(slug="help-with-administrative-procedures"))
    for weekday in range(5):
        OpeningHoursFactory(center=place, weekday=weekday)
    OpeningHoursFactory(center=place, weekday=5, opens=datetime.time(22), closes=datetime.time(2))
    _structures, services = validate_all(client)
    (row,) = [s for s in services if s["id"] == f"acces-sante-place-{place.pk}"]
    assert row["structure_id"] == f"acces-sante-organization-{operator.pk}"
    assert row["frais"] == "gratuit"
    assert row["publics"] == ["femmes"]
    # What the schema cannot say, in words.
    assert "Enfants et mineurs" in row["publics_precisions"]
    assert "de 0 à 18 ans" in row["publics_precisions"]
    assert "titre de séjour" in row["publics_precisions"]
    assert row["zone_eligibilite"] == ["93"]
    assert row["horaires_accueil"] == "Mo-Fr 09:00-17:00; Sa 22:00-02:00; PH off"
    assert row["telephone"] == "+33 1 23 45 67 89"
    assert row["code_postal"] == "93000"
    assert row["modes_accueil"] == ["en-presentiel"]
    assert set(row["thematiques"]) == {
        "sante--acces-aux-soins",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    }
    assert row["date_maj"] == datetime.date.today().isoformat()
    assert row["lien_source"].endswith(f"/fr/places/{place.slug}/")


def test_nothing_is_stated_that_no_source_states(client):
    place = CenterFactory(summary="Consultations médicales.", department_code="")
    _structures, services = validate_all(client)
    (row,) = services
    assert place.free_of_charge == TriState.NOT_STATED
    for field in ("frais", "publics", "publics_precisions", "zone_eligibilite", "horaires_accueil"):
        assert field not in row, field


def test_a_code_that_is_not_an_insee_departement_is_left_out():
    assert {"01", "2A", "2B", "75", "976"} <= datainclusion.department_codes()
    assert "20" not in datainclusion.department_codes()  # Corsica is 2A and 2B
    assert "99" not in datainclusion.department_codes()


def test_a_place_the_schema_cannot_take_is_listed_on_the_data_quality_page(client):
    kept = CenterFactory(summary="Consultations médicales.")
    bare = CenterFactory(name="Centre sans description", summary="", description="")
    _structures, services = validate_all(client)
    assert [s["id"] for s in services] == [f"acces-sante-place-{kept.pk}"]
    page = client.get("/en/open-data/data-quality/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Centre sans description" in text
    assert "no description" in text
    assert f"/en/places/{bare.slug}/" in text
    assert "Consultations" not in text


def test_the_places_of_an_organisation_left_out_are_left_out_too(client):
    operator = OrganizationFactory(name="AB")  # the schema wants 3 characters at least
    CenterFactory(operator=operator, name="Centre AB", summary="Consultations médicales.")
    structures, services = validate_all(client)
    assert structures == [] and services == []
    text = client.get("/fr/open-data/data-quality/").content.decode()
    assert "Centre AB" in text
    assert "l'organisation qui le gère n'est pas dans les fichiers" in text.replace("&#x27;", "'")


def test_a_hidden_place_or_organisation_is_in_no_file(client):
    CenterFactory(name="Brouillon", summary="Consultations.", status=Status.DRAFT)
    # A published place of an archived organisation: no structure to attach it to.
    CenterFactory(
        name="Centre d'une archivée",
        summary="Consultations.",
        operator=OrganizationFactory(name="Archivée", status=Status.ARCHIVED),
    )
    structures, services = validate_all(client)
    assert structures == [] and services == []
    text = client.get("/en/open-data/data-quality/").content.decode()
    assert "not published, or left out" in text
    assert "Archivée" not in text and "Brouillon" not in text


def test_the_ids_are_stable_when_a_slug_changes(client):
    place = CenterFactory(summary="Consultations médicales.")
    before = get_json(client, SERVICES)[0]["id"]
    place.slug = "nouvelle-adresse"
    place.save()
    after = get_json(client, SERVICES)[0]
    assert after["id"] == before == datainclusion.stable_id("place", place.pk)
    assert after["lien_source"].endswith("/nouvelle-adresse/")


def test_building_the_files_makes_a_flat_number_of_queries(client):
    def places(n):
        for _ in range(n):
            place = CenterFactory(summary="Consultations médicales.")
            place.audiences.add(TargetGroupFactory())
            place.services.add(ServiceFactory())
            OpeningHoursFactory(center=place)

    def count():
        page_cache.bump()  # a change: the next request builds the files again
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SERVICES).status_code == 200
        return len(queries)

    places(2)
    count()  # the stored rows are created once, then updated
    few = count()
    places(40)
    assert count() == few
    assert len(get_json(client, SERVICES)) == 42
