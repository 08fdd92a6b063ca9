"""A file that is not what an import reads is refused as a whole, with a message that says what
to do, and nothing is saved."""

import io

import pytest
from django.test import override_settings
from openpyxl import Workbook

from centers.models import Center
from core.limits import body_limit
from imports.models import ImportBatch, ImportState

from .conftest import PLACE_HEADER, admin_url, csv_bytes, place_rows, upload

pytestmark = pytest.mark.django_db


def refused(response, words):
    page = " ".join(response.content.decode().split())
    assert "The file is refused as a whole; nothing was saved" in page
    assert words in page
    assert Center.objects.count() == 0
    assert ImportBatch.objects.get().state == ImportState.REFUSED


def test_a_file_in_another_encoding(operator, editor_client):
    data = "\n".join(",".join(r) for r in [PLACE_HEADER, *place_rows(2)]).replace("Lieu", "Léa")
    response = upload(editor_client, data.encode("latin-1"))
    refused(response, "The file is not in UTF-8")


def test_a_file_that_is_not_a_spreadsheet(operator, editor_client):
    response = upload(editor_client, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<<>>", "a.pdf")
    refused(response, "This is not a spreadsheet")


def test_an_old_excel_file(operator, editor_client):
    response = upload(editor_client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "a.xls")
    refused(response, "An old Excel file (.xls)")


def test_a_broken_workbook(operator, editor_client):
    response = upload(editor_client, b"PK\x03\x04 not really a zip", "a.xlsx")
    refused(response, "could not be read as an XLSX workbook")


def test_a_workbook_with_a_formula(operator, editor_client):
    book = Workbook()
    book.active.append(PLACE_HEADER)
    book.active.append(["P1", '=HYPERLINK("http://x")', "caso", "mdm", "75", "Paris", ""])
    out = io.BytesIO()
    book.save(out)
    response = upload(editor_client, out.getvalue(), "a.xlsx")
    refused(response, "Cell B2 holds a formula")


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula(operator, editor_client):
    rows = [PLACE_HEADER, ["P1", "=1+1", "caso", "mdm", "75", "Paris", ""]]
    response = upload(editor_client, csv_bytes(rows))
    refused(response, "Row 2, column 2 starts with “=”")


def test_a_phone_number_starting_with_plus_is_not_a_formula(operator, editor_client):
    rows = [[*PLACE_HEADER, "phone"], [*place_rows(1)[0], "+33 1 23 45 67 89"]]
    response = upload(editor_client, csv_bytes(rows))
    assert [r["outcome"] for r in response.context["rows"]] == ["created"]


def test_a_file_with_100_000_rows(operator, editor_client):
    rows = [PLACE_HEADER, *place_rows(100_000)]
    response = upload(editor_client, csv_bytes(rows))
    refused(response, "more than 20,000 rows")


@override_settings(IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused_by_the_form(operator, editor_client):
    response = upload(editor_client, csv_bytes([PLACE_HEADER, *place_rows(40)]))
    assert "The file is larger than" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert Center.objects.count() == 0


def test_a_20_mb_upload_is_refused_before_it_is_read(operator, editor_client):
    data = b"x" * (20 * 1024 * 1024)
    response = upload(editor_client, data)
    assert response.status_code == 413
    assert ImportBatch.objects.count() == 0


def test_the_import_path_has_its_own_body_limit():
    assert body_limit(admin_url("add")) == 10 * 1024 * 1024 + 256 * 1024
    assert body_limit(admin_url("add", lang="fr")) == 10 * 1024 * 1024 + 256 * 1024


def test_an_empty_file(operator, editor_client):
    refused(upload(editor_client, b"\n\n"), "The file is empty")
