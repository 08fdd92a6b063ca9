"""Export → correct in a spreadsheet program → import: what was not corrected does not change."""

import datetime

import pytest

from centers.models import Center
from core.models import PendingChange
from imports import exporting
from partners.models import Organization
from tests.factories import (
    CenterFactory,
    LanguageFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    ProgramFactory,
    ServiceFactory,
    TargetGroupFactory,
)

from .conftest import admin_url, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(operator):
    first = CenterFactory(
        name="Permanence d'accès aux soins",
        operator=operator,
        city="Marseille",
        department="Bouches-du-Rhône",
        department_code="13",
        region="Provence-Alpes-Côte d'Azur",
        summary="Consultations\nsans rendez-vous, « gratuites ».",
        latitude="43.29650",
        longitude="5.36978",
        min_age=0,
        max_age=18,
        free_of_charge="yes",
        referral_needed="no",
        open_on_public_holidays="no",
        phone="+33 4 91 00 00 00",
    )
    first.programs.add(ProgramFactory(slug="caso"))
    first.audiences.add(TargetGroupFactory(slug="women"))
    first.services.add(ServiceFactory(slug="medical"))
    first.languages.add(LanguageFactory(code="ar"))
    OpeningHoursFactory(center=first, weekday=4, opens=datetime.time(22), closes=datetime.time(2))
    OpeningHoursFactory(center=first, weekday=0)
    draft = CenterFactory(operator=operator, status="draft", external_source="x", external_id="7")
    OrganizationFactory(parent=operator, slug="mdm-sud")
    return [first, draft]


def download(client, what, file_format):
    response = client.get(admin_url("export", what, file_format))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_file_imports_back_unchanged(places, editor_client, file_format):
    for what, kind in (("organizations", "organizations"), ("places", "places")):
        data = download(editor_client, what, file_format)
        before = {
            obj.pk: exporting.place_row(obj)
            if what == "places"
            else exporting.organization_row(obj)
            for obj in (Center if what == "places" else Organization).objects.all()
        }
        preview = upload(editor_client, data, name=f"{what}.{file_format}", kind=kind)
        rows = preview.context["rows"]
        assert rows and {r["outcome"] for r in rows} == {"unchanged"}, rows
        assert preview.context["may_confirm"]
        after = {
            obj.pk: exporting.place_row(obj)
            if what == "places"
            else exporting.organization_row(obj)
            for obj in (Center if what == "places" else Organization).objects.all()
        }
        assert after == before
    assert PendingChange.objects.count() == 0


def test_a_correction_made_in_the_spreadsheet_comes_back(places, editor_client):
    data = download(editor_client, "places", "csv").decode("utf-8-sig")
    corrected = data.replace("+33 4 91 00 00 00", "+33 4 91 11 11 11")
    preview = upload(editor_client, corrected.encode("utf-8"))
    outcomes = sorted(r["outcome"] for r in preview.context["rows"])
    # The published place's correction waits for review; the draft is unchanged.
    assert outcomes == ["for_review", "unchanged"]


def test_the_templates_hold_the_documented_columns(editor_client):
    data = download(editor_client, "places", "csv").decode("utf-8-sig")
    assert data.splitlines()[0].startswith("source,id,status,name_fr,name_en,kind,")
    response = editor_client.get(admin_url("template", "organizations", "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
