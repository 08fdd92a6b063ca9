"""Importing organisations from the project's template: an antenna names its parent, in an
earlier row of the same file or already on the site."""

import pytest

from partners.models import Organization

from .conftest import confirm, csv_bytes, upload

pytestmark = pytest.mark.django_db

HEADER = ["id", "name_fr", "kind", "parent", "acronym", "registered_identifier"]


def test_an_antenna_names_its_parent_from_an_earlier_row(operator, editor_client):
    rows = [
        HEADER,
        ["O1", "Réseau Sud", "network", "", "RS", ""],
        ["O2", "Réseau Sud – antenne de Nice", "network", "O1", "", ""],
        ["O3", "Antenne de Médecins du Monde", "ngo", "mdm", "", "FR-RNA-W751234567"],
    ]
    preview = upload(editor_client, csv_bytes(rows), "organisations.csv", "organizations")
    assert [r["outcome"] for r in preview.context["rows"]] == ["created"] * 3
    assert Organization.objects.filter(external_source="reseau-sud").count() == 0
    confirm(editor_client, preview)
    antenna = Organization.objects.get(external_id="O2")
    assert antenna.parent == Organization.objects.get(external_id="O1")
    assert Organization.objects.get(external_id="O3").parent == operator
    assert set(
        Organization.objects.filter(external_source="reseau-sud").values_list("status", flat=True)
    ) == {"draft"}


def test_a_parent_nowhere_to_be_found_is_refused(operator, editor_client):
    rows = [HEADER, ["O1", "Réseau Sud", "network", "O9", "", ""]]
    preview = upload(editor_client, csv_bytes(rows), "organisations.csv", "organizations")
    assert [r["outcome"] for r in preview.context["rows"]] == ["refused"]
    assert "no organisation “O9” exists" in preview.content.decode()


def test_a_registered_identifier_already_taken_is_refused(operator, editor_client):
    operator.registered_identifier = "FR-RNA-W751234567"
    operator.save()
    rows = [HEADER, ["O1", "Réseau Sud", "network", "", "", "FR-RNA-W751234567"]]
    preview = upload(editor_client, csv_bytes(rows), "organisations.csv", "organizations")
    assert [r["outcome"] for r in preview.context["rows"]] == ["refused"]
    assert "Another organisation already has this registered identifier" in (
        preview.content.decode()
    )
