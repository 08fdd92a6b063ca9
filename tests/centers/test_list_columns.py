"""The places and programs lists read, for their cards, only the columns they show: not where a
record's facts come from, when it was written, its uuids and import ids (core.models.
RECORD_ONLY), nor the place's operator's other columns."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CenterFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    ProgramFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

RECORD_COLUMNS = ("created_at", "updated_at", "uuid", "source_document", "external_id")


def selected_columns(sql):
    """The table-qualified columns a SELECT reads (before its FROM)."""
    selected = sql.split(" FROM ", 1)[0]
    return set(re.findall(r'"(\w+)"\."(\w+)"', selected))


def test_the_cards_read_none_of_the_record_columns(client):
    operator = OrganizationFactory(name="Médecins du Monde")
    center = CenterFactory(name="Centre de soins Belleville", operator=operator)
    center.audiences.add(TargetGroupFactory(name="Personnes sans abri"))
    OpeningHoursFactory(center=center, weekday=0)
    NoticeFactory(center=center)

    # The filters' options are read once, for every page, until a record changes: the second
    # visit reads only its page.
    client.get("/fr/places/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/places/")

    page = response.content.decode()
    # The card still shows what it showed: the place, its operator, its audience.
    assert "Centre de soins Belleville" in page
    assert "Médecins du Monde" in page
    assert "Personnes sans abri" in page
    read = set()
    for query in queries.captured_queries:
        read |= selected_columns(query["sql"])
    tables = {"centers_center", "partners_organization", "programs_targetgroup"}
    tables |= {"centers_openinghours", "centers_notice"}
    assert ("centers_center", "slug") in read
    assert ("partners_organization", "name_fr") in read
    unread = {(table, column) for table in tables for column in RECORD_COLUMNS}
    assert read & unread == set()
    # Nor the operator's own facts, which the card does not show.
    assert ("partners_organization", "website") not in read
    assert ("partners_organization", "founded_on") not in read


def test_the_program_cards_read_none_of_the_record_columns(client):
    lead = OrganizationFactory(name="Samusocial de Paris")
    ProgramFactory(title="Maraudes d'hiver", lead_organization=lead)

    client.get("/fr/programs/")  # the filters' options, read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/programs/")

    page = response.content.decode()
    assert "Maraudes d&#x27;hiver" in page or "Maraudes d'hiver" in page
    assert "Samusocial de Paris" in page
    read = set()
    for query in queries.captured_queries:
        read |= selected_columns(query["sql"])
    assert ("programs_program", "slug") in read
    assert ("partners_organization", "slug") in read  # the lead's link
    tables = {"programs_program", "partners_organization"}
    assert read & {(table, column) for table in tables for column in RECORD_COLUMNS} == set()
