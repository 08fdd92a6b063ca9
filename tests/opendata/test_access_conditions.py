"""The access conditions in the open data: the data·inclusion service records (in French, in
the schema's free-text fields, only what a source states) and the places' CSV and XLSX."""

import csv
import io
import json

import openpyxl
import pytest
from data_inclusion.schema.v1 import Service

from core.models import TriState
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db

ACCESLIBRE = "https://acceslibre.beta.gouv.fr/app/69-lyon/a/centre-de-sante/erp/caso-lyon/"


@pytest.fixture
def place():
    return CenterFactory(
        summary="Consultations médicales.",
        conditions="Venir avec une pièce d'identité si possible.",
        appointment_needed=TriState.NO,
        referral_needed=TriState.YES,
        call_first=TriState.YES,
        step_free_access=TriState.YES,
        acceslibre_url=ACCESLIBRE,
        animals_accepted=TriState.NO,
    )


def test_data_inclusion_says_them_in_french_and_validates(client, place):
    services = json.loads(client.get("/data/data-inclusion/services.json").content)
    (row,) = services
    Service.model_validate(row, context={"ignore_warnings": False})
    assert row["mobilisation_precisions"] == (
        "Sur rendez-vous : non. Sur orientation d'un médecin ou d'un travailleur social : oui. "
        "Appeler avant de venir : oui."
    )
    assert row["conditions_acces"] == (
        "Venir avec une pièce d'identité si possible. "
        "Accès de plain-pied (fauteuil roulant) : oui. Animaux acceptés : non. "
        f"Accessibilité : {ACCESLIBRE}"
    )


def test_data_inclusion_says_nothing_unstated(client):
    CenterFactory(summary="Consultations médicales.")
    (row,) = json.loads(client.get("/data/data-inclusion/services.json").content)
    assert "mobilisation_precisions" not in row
    assert "conditions_acces" not in row


def test_the_places_csv_and_xlsx_carry_them(client, place):
    CenterFactory()
    text = client.get("/en/places/download.csv").content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    stated = next(r for r in rows if r["Name"] == place.name)
    unstated = next(r for r in rows if r["Name"] != place.name)
    assert stated["Call before coming"] == "Yes"
    assert stated["Step-free access"] == "Yes"
    assert stated["Acceslibre page"] == ACCESLIBRE
    assert stated["Animals accepted"] == "No"
    assert unstated["Animals accepted"] == "not stated by the source"
    assert unstated["Acceslibre page"] == ""
    response = client.get("/fr/places/download.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for title in ("Appeler avant de venir", "Accès de plain-pied", "Page Acceslibre"):
        assert title in header
    assert "Animaux acceptés" in header
