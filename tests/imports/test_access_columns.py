"""The access conditions in the import template: call_first, step_free_access, acceslibre_url
and animals_accepted are read (yes / oui / no / non / empty), written back by the export, and
a value that means nothing, or an address that is not an Acceslibre page, refuses its row with
a message naming the column."""

from html import unescape

import pytest

from centers.models import Center
from core.models import TriState
from imports import exporting
from imports.columns import PLACE_COLUMNS
from tests.factories import CenterFactory

from .conftest import PLACE_HEADER, confirm, csv_bytes, outcomes, place_rows, upload

pytestmark = pytest.mark.django_db

ACCESLIBRE = "https://acceslibre.beta.gouv.fr/app/75-paris/a/centre-de-sante/erp/caso/"
COLUMNS = ["call_first", "step_free_access", "acceslibre_url", "animals_accepted"]


def rows_with(*values):
    rows = place_rows(len(values))
    for row, extra in zip(rows, values, strict=True):
        row.extend(extra)
    return [PLACE_HEADER + COLUMNS, *rows]


def test_the_template_documents_the_columns():
    names = [column.name for column in PLACE_COLUMNS]
    assert names.index("referral_needed") < names.index("call_first")
    for name in COLUMNS:
        assert name in names


def test_yes_no_and_empty_are_read_and_saved(operator, editor_client):
    data = csv_bytes(rows_with(["oui", "yes", ACCESLIBRE, "non"], ["", "no", "", ""]))
    preview = upload(editor_client, data)
    assert outcomes(preview) == [(2, "created"), (3, "created")]
    confirm(editor_client, preview)
    first, second = Center.objects.order_by("external_id")
    assert (first.call_first, first.step_free_access, first.animals_accepted) == (
        TriState.YES,
        TriState.YES,
        TriState.NO,
    )
    assert first.acceslibre_url == ACCESLIBRE
    assert (second.call_first, second.step_free_access, second.animals_accepted) == (
        TriState.NOT_STATED,
        TriState.NO,
        TriState.NOT_STATED,
    )
    assert second.acceslibre_url == ""


def test_a_value_that_means_nothing_refuses_the_row(operator, editor_client):
    data = csv_bytes(
        rows_with(
            ["peut-être", "", "", ""],
            ["", "yes", "https://www.example.org/erp/caso/", ""],
            ["", "", "", "oui"],
        )
    )
    response = upload(editor_client, data)
    page = unescape(response.content.decode())
    assert outcomes(response) == [(2, "refused"), (3, "refused"), (4, "created")]
    assert "Column “call_first”: “peut-être” is not one of yes, no, not_stated." in page
    assert (
        "Column “acceslibre_url”: Give the address of the place's page on Acceslibre, "
        "starting with https://acceslibre.beta.gouv.fr/."
    ) in page
    assert Center.objects.count() == 0


def test_the_export_writes_them_back_as_the_import_reads_them(operator):
    place = CenterFactory(
        operator=operator,
        call_first=TriState.YES,
        step_free_access=TriState.NO,
        acceslibre_url=ACCESLIBRE,
    )
    row = exporting.place_row(place)
    assert row["call_first"] == "yes"
    assert row["step_free_access"] == "no"
    assert row["acceslibre_url"] == ACCESLIBRE
    assert row["animals_accepted"] == ""  # not stated: left empty
