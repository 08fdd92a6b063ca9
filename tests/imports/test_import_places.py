"""Importing places from the project's template: the preview names every refused row and saves
nothing; the fixed file creates its rows as drafts, once; a published place is never
overwritten."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from centers.models import Center, OpeningHours
from core.models import PendingChange, Status
from imports.models import ImportBatch, ImportState
from tests.factories import CenterFactory

from .conftest import PLACE_HEADER, confirm, csv_bytes, outcomes, place_rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def bad_file():
    rows = place_rows(6)
    rows[1][4] = "99"  # line 3: no such département
    rows[3][6] = "Lundi 9h-12h"  # line 5: hours not in the syntax
    rows[5][3] = "nobody"  # line 7: no such organisation
    return [PLACE_HEADER, *rows]


def test_a_file_with_three_bad_rows_saves_nothing_and_names_the_three_rows(operator, editor_client):
    response = upload(editor_client, csv_bytes(bad_file()))
    page = response.content.decode()
    assert outcomes(response) == [
        (2, "created"),
        (3, "refused"),
        (4, "created"),
        (5, "refused"),
        (6, "created"),
        (7, "refused"),
    ]
    assert "“99” is not a French département code" in page
    assert "“Lundi 9h-12h” could not be read as opening hours" in page
    assert "no organisation “nobody” exists" in page
    assert "Confirm: save every row" not in page
    assert Center.objects.count() == 0
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.REFUSED
    # Pressing confirm anyway (an old tab, a crafted request) saves nothing.
    assert confirm(editor_client, response).status_code == 403
    assert Center.objects.count() == 0


def test_the_preview_speaks_french_on_the_french_admin(operator, editor_client):
    response = upload(editor_client, csv_bytes(bad_file()), lang="fr")
    page = response.content.decode()
    assert "n’est pas un code de département français" in page
    assert "n’existe" in page


def test_the_fixed_file_creates_exactly_its_rows_as_drafts(operator, editor_client, editor):
    fixed = [PLACE_HEADER, *place_rows(6)]
    preview = upload(editor_client, csv_bytes(fixed), name="reseau-sud.csv")
    assert [outcome for _line, outcome in outcomes(preview)] == ["created"] * 6
    assert Center.objects.count() == 0  # the preview wrote nothing
    done = confirm(editor_client, preview)
    assert "Import saved: 6 created" in done.content.decode()
    places = Center.objects.order_by("external_id")
    assert [p.external_id for p in places] == [f"P{n}" for n in range(1, 7)]
    assert {p.status for p in places} == {Status.DRAFT}
    assert {p.external_source for p in places} == {"reseau-sud"}
    place = places[0]
    assert place.source_entered_by == editor
    assert "reseau-sud.csv" in place.source_verification
    assert "editor" in place.source_verification
    assert (place.department, place.region, place.territory.slug) == (
        "Paris",
        "Île-de-France",
        "metropolitan-france",
    )
    assert OpeningHours.objects.filter(center=place).count() == 5
    assert Version.objects.get_for_object(place).count() == 1
    assert ImportBatch.objects.get().state == ImportState.CONFIRMED
    # Not public: a draft's page is a 404 to visitors.
    assert Client().get(place.get_absolute_url()).status_code == 404


def test_the_same_file_again_creates_nothing(operator, editor_client):
    data = csv_bytes([PLACE_HEADER, *place_rows(4)])
    confirm(editor_client, upload(editor_client, data))
    versions = Version.objects.count()
    again = upload(editor_client, data)
    assert [outcome for _line, outcome in outcomes(again)] == ["unchanged"] * 4
    confirm(editor_client, again)
    assert Center.objects.count() == 4
    assert Version.objects.count() == versions


def test_a_changed_row_updates_its_draft_as_a_new_version(operator, editor_client):
    confirm(editor_client, upload(editor_client, csv_bytes([PLACE_HEADER, *place_rows(2)])))
    rows = place_rows(2)
    rows[0][5] = "Saint-Denis"
    rows[0][4] = "93"
    preview = upload(editor_client, csv_bytes([PLACE_HEADER, *rows]))
    assert outcomes(preview) == [(2, "updated"), (3, "unchanged")]
    confirm(editor_client, preview)
    place = Center.objects.get(external_id="P1")
    assert (place.city, place.department) == ("Saint-Denis", "Seine-Saint-Denis")
    assert Version.objects.get_for_object(place).count() == 2


def test_an_editor_cannot_import_published_records(operator, editor_client, publisher_client):
    rows = [[*PLACE_HEADER, "status"], *[[*row, "published"] for row in place_rows(2)]]
    response = upload(editor_client, csv_bytes(rows))
    assert [outcome for _line, outcome in outcomes(response)] == ["refused", "refused"]
    assert "Only publishers can publish" in response.content.decode()
    assert Center.objects.count() == 0
    # A publisher may.
    done = confirm(publisher_client, upload(publisher_client, csv_bytes(rows)))
    assert done.status_code == 200
    assert set(Center.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_a_row_matching_a_published_place_becomes_a_change_for_review(operator, editor_client):
    place = CenterFactory(
        name="CASO de Lyon", operator=operator, external_source="reseau-sud", external_id="P1"
    )
    public_before = Client().get(place.get_absolute_url())
    assert "CASO de Lyon" in public_before.content.decode()
    rows = [PLACE_HEADER, ["P1", "CASO de Lyon-Gerland", "caso", "mdm", "69", "Lyon", ""]]
    preview = upload(editor_client, csv_bytes(rows))
    assert outcomes(preview) == [(2, "for_review")]
    confirm(editor_client, preview)
    change = PendingChange.objects.get()
    assert change.target == place
    assert change.data["fields"]["name_fr"] == "CASO de Lyon-Gerland"
    place.refresh_from_db()
    assert place.name_fr == "CASO de Lyon"
    public_after = Client().get(place.get_absolute_url()).content.decode()
    assert "CASO de Lyon-Gerland" not in public_after
    assert "CASO de Lyon" in public_after
    # The same file again proposes nothing new.
    again = upload(editor_client, csv_bytes(rows))
    assert outcomes(again) == [(2, "unchanged")]
    confirm(editor_client, again)
    assert PendingChange.objects.count() == 1


def test_a_duplicate_id_is_refused_and_names_the_first_row(operator, editor_client):
    rows = place_rows(3)
    rows[2][0] = "P1"
    response = upload(editor_client, csv_bytes([PLACE_HEADER, *rows]))
    assert outcomes(response)[2] == (4, "refused")
    assert "row 2 already has the id “P1”" in response.content.decode()


def test_a_missing_required_column_refuses_the_file(operator, editor_client):
    header = [c for c in PLACE_HEADER if c != "operator"]
    rows = [[cell for i, cell in enumerate(row) if i != 3] for row in place_rows(2)]
    response = upload(editor_client, csv_bytes([header, *rows]))
    assert "“operator”" in response.content.decode()
    assert Center.objects.count() == 0
    assert ImportBatch.objects.get().state == ImportState.REFUSED


def test_a_500_row_spreadsheet_imports(operator, editor_client):
    data = xlsx_bytes([PLACE_HEADER, *place_rows(500)])
    preview = upload(editor_client, data, name="reseau.xlsx")
    assert len(outcomes(preview)) == 500
    confirm(editor_client, preview)
    assert Center.objects.filter(status=Status.DRAFT, external_source="reseau-sud").count() == 500
    assert len(set(Center.objects.values_list("slug", flat=True))) == 500


def test_imported_drafts_show_on_the_review_dashboard(operator, editor_client):
    confirm(editor_client, upload(editor_client, csv_bytes([PLACE_HEADER, *place_rows(3)])))
    with translation.override("en"):
        page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Places: 3 imported drafts to review" in " ".join(page.split())


def test_a_place_named_map_does_not_take_the_maps_address(operator, editor_client):
    rows = [PLACE_HEADER, ["P1", "Map", "consultation", "mdm", "93", "Saint-Denis", ""]]
    confirm(editor_client, upload(editor_client, csv_bytes(rows)))
    place = Center.objects.get()
    assert place.slug == "map-2"
    assert (place.department, place.department_code) == ("Seine-Saint-Denis", "93")


def test_a_place_named_selection_does_not_take_the_selection_sheets_address(
    operator, editor_client
):
    """/places/selection/ is the selection sheet (issue 14): the slug goes to the next one."""
    row = ["P1", "Sélection", "consultation", "mdm", "75", "Paris", "Mo-Fr 09:00-12:00"]
    confirm(editor_client, upload(editor_client, csv_bytes([PLACE_HEADER, row])))
    assert Center.objects.get(external_id="P1").slug == "selection-2"
