"""Helpers of the import tests: files written as a staff member's spreadsheet program would,
sent through the admin's import page."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from tests.factories import OrganizationFactory, TerritoryFactory

PLACE_HEADER = ["id", "name_fr", "kind", "operator", "department_code", "city", "opening_hours"]


def csv_bytes(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def place_rows(count, *, operator="mdm", start=1):
    return [
        [f"P{n}", f"Lieu {n}", "consultation", operator, "75", "Paris", "Mo-Fr 09:00-12:00"]
        for n in range(start, start + count)
    ]


def admin_url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"admin:imports_importbatch_{name}", args=args)


def upload(
    client,
    data,
    name="places.csv",
    kind="places",
    source="reseau-sud",
    record_kind="",
    lang="en",
):
    """Send a file to the import page (the English admin unless `lang`); returns the preview
    page's response (followed)."""
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        admin_url("add", lang=lang),
        {"kind": kind, "source": source, "record_kind": record_kind, "file": file},
        follow=True,
    )


def confirm(client, response):
    """Press "Confirm" on a preview page."""
    batch = response.context["batch"]
    return client.post(admin_url("change", batch.pk), {"_confirm": "1"}, follow=True)


def outcomes(response):
    return [(row["line"], row["outcome"]) for row in response.context["rows"]]


@pytest.fixture
def operator(db):
    TerritoryFactory()
    return OrganizationFactory(slug="mdm", name="Médecins du Monde")
