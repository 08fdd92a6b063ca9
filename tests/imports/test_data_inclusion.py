"""data·inclusion's structures and services (schema v1): each row checked by the official
package, structures become organisations, services places."""

import datetime

import pytest

from centers.models import Center
from core.models import Status, TriState
from partners.models import Organization

from .conftest import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today().isoformat()
STRUCTURES = [
    ["source", "id", "nom", "date_maj", "description", "site_web"],
    ["dora", "dora--s1", "Centre social Le Tournesol", TODAY, "Accueil social.", "https://a.fr"],
    ["dora", "dora--s2", "Association Santé Pour Tous", TODAY, "", ""],
]
SERVICES = [
    [
        "source",
        "structure_id",
        "id",
        "nom",
        "description",
        "date_maj",
        "code_postal",
        "code_insee",
        "commune",
        "frais",
        "modes_accueil",
        "horaires_accueil",
        "thematiques",
    ],
    [
        "dora",
        "dora--s1",
        "dora--v1",
        "Consultation médicale gratuite",
        "Une consultation de médecine générale pour les personnes sans couverture maladie.",
        TODAY,
        "13003",
        "13203",
        "Marseille",
        "gratuit",
        '["en-presentiel"]',
        "Mo-Fr 09:00-12:00; PH off",
        "sante--acces-aux-soins",
    ],
]


def import_structures(client):
    from .conftest import confirm

    preview = upload(
        client, csv_bytes(STRUCTURES), "structures.csv", "di_structures", record_kind="association"
    )
    assert [r["outcome"] for r in preview.context["rows"]] == ["created", "created"]
    confirm(client, preview)


def test_structures_then_services_create_drafts(operator, editor_client):
    from .conftest import confirm

    import_structures(editor_client)
    organization = Organization.objects.get(external_id="dora--s1")
    assert (organization.external_source, organization.kind, organization.status) == (
        "dora",
        "association",
        Status.DRAFT,
    )
    preview = upload(
        editor_client,
        xlsx_bytes(SERVICES),
        "services.xlsx",
        "di_services",
        record_kind="consultation",
    )
    assert [r["outcome"] for r in preview.context["rows"]] == ["created"]
    confirm(editor_client, preview)
    place = Center.objects.get(external_id="dora--v1")
    assert place.operator == organization
    assert (place.city, place.department_code, place.department) == (
        "Marseille",
        "13",
        "Bouches-du-Rhône",
    )
    assert place.free_of_charge == TriState.YES
    assert place.delivery == "fixed"
    assert place.opening_hours.count() == 5
    # "PH off": closed on public holidays, which "open now" then reads.
    assert place.open_on_public_holidays == TriState.NO
    assert place.status == Status.DRAFT


def test_a_row_the_schema_refuses_is_refused_in_plain_words(operator, editor_client):
    rows = [row[:] for row in STRUCTURES]
    rows[2][2] = "AB"  # nom: 3 characters at least
    preview = upload(
        editor_client, csv_bytes(rows), "structures.csv", "di_structures", record_kind="association"
    )
    assert [r["outcome"] for r in preview.context["rows"]] == ["created", "refused"]
    assert "Column “nom”: at least 3 characters are needed" in preview.content.decode()
    assert Organization.objects.filter(external_source="dora").count() == 0


def test_a_service_of_an_unknown_structure_is_refused(operator, editor_client):
    preview = upload(
        editor_client,
        csv_bytes(SERVICES),
        "services.csv",
        "di_services",
        record_kind="consultation",
    )
    assert [r["outcome"] for r in preview.context["rows"]] == ["refused"]
    assert "The structure “dora--s1”" in preview.content.decode()


def test_the_kind_of_the_records_must_be_stated(operator, editor_client):
    response = upload(editor_client, csv_bytes(STRUCTURES), "s.csv", "di_structures")
    assert "data·inclusion does not say what kind of organisation" in response.content.decode()
    assert Organization.objects.filter(external_source="dora").count() == 0
