"""The places list's count: where a filter is a set of place ids (an audience, a service, a
language), the database merges them with the published places read by id from an index alone
(centers_center_public_by_id), not from the table's rows; a program's few places are found by
their ids, read first; with a territory chosen, only its group of territories is counted."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CenterFactory,
    LanguageFactory,
    OpeningHoursFactory,
    ProgramFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

# The tests run on PostgreSQL (config/settings/test.py), whose plans these are. VACUUM runs
# outside a transaction (see `linked`).
pytestmark = pytest.mark.django_db(transaction=True)

# A Monday, 10:00 in Paris.
MONDAY_MORNING = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def linked():
    """Places linked to one audience, service, language and program, open on Monday mornings;
    others linked to nothing."""
    audience = TargetGroupFactory(slug="families")
    service = ServiceFactory(slug="dental")
    language = LanguageFactory(code="ar")
    program = ProgramFactory(slug="winter")
    for n in range(6):
        center = CenterFactory(free_of_charge="yes" if n % 2 else "not_stated")
        OpeningHoursFactory(center=center, weekday=0)
        center.audiences.add(audience)
        center.services.add(service)
        center.languages.add(language)
        center.programs.add(program)
        CenterFactory()
    # The statistics, compact table and indexes and visibility map a database has after a
    # VACUUM: the other tests leave the table's pages and indexes swollen with rows they rolled
    # back, and in a test's fresh table no page is known to be visible: the planner then
    # costs the places' indexes by their swollen size, or reading an index alone as reading
    # the table too.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL centers_center")
        cursor.execute("VACUUM ANALYZE centers_center")
    return {"audience": "families", "service": "dental", "language": "ar", "program": "winter"}


def count_plan(client, query):
    """The plan of the list's count (PagePaginator._counts) were the places' table read by no
    other way than an index in id order: neither in whole, nor hashed, nor probed row by row."""
    now = mock.patch("django.utils.timezone.now", return_value=MONDAY_MORNING)
    with now, CaptureQueriesContext(connection) as queries:
        response = client.get("/en/places/", query)
    assert response.status_code == 200
    (count,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "_group0".n')]
    with transaction.atomic(), connection.cursor() as cursor:
        for scan in ("seqscan", "bitmapscan", "hashjoin", "nestloop"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(f"EXPLAIN {count}")
        return response, "\n".join(row[0] for row in cursor.fetchall())


def test_a_filter_by_a_list_of_places_is_counted_on_the_places_by_id_alone(client, linked):
    # One test for them all: a test that vacuums empties its database after it (slow).
    for name in ("audience", "service", "language", "program"):
        for also in ({}, {"free": "on"}, {"open_now": "on"}):
            response, plan = count_plan(client, {name: linked[name], **also})
            # Every linked place is open on Monday mornings; every other one is free.
            expected = 3 if "free" in also else 6
            assert f"{expected} places match your filters" in response.content.decode()
            # A program's few places are found by their ids, read first (linked_to's `few`):
            # no merge with the list index, which at national size the planner read whole
            # for a program's places open now. The others' thousands are merged with the
            # published places read in id order.
            by_ids = re.search(r"\(id = ANY \(\$\d+\)\)", plan)
            assert bool(by_ids) == (name == "program"), plan
            if name != "program":
                by_id = "Index Only Scan using centers_center_public_by_id on centers_center"
                assert by_id in plan, plan
            # No row of the places' table is read ("open now"'s places closed on a public
            # holiday aside: a few, on their own small index).
            for line in plan.splitlines():
                if " on centers_center " in line and "V_holiday" not in line:
                    assert "Index Only Scan" in line, plan


@pytest.mark.django_db
@pytest.mark.parametrize("territory", ["metropolitan-france", "mayotte"])
def test_a_territory_chosen_is_the_only_group_counted(client, territory):
    """The list's other group of territories (overseas or metropolitan) holds none of its
    places: it is not counted (its count was planned and run for nothing)."""
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    for n in range(3):
        center = CenterFactory(territory=mayotte if n else TerritoryFactory())
        OpeningHoursFactory(center=center, weekday=0)  # 9:00 to 17:00, open in either zone
    CenterFactory(territory=mayotte)  # hours unknown
    now = mock.patch("django.utils.timezone.now", return_value=MONDAY_MORNING)
    with now, CaptureQueriesContext(connection) as queries:
        response = client.get("/en/places/", {"territory": territory, "open_now": "on"})
    body = response.content.decode()
    if territory == "mayotte":
        assert "2 places match your filters" in body
    else:
        assert "1 place matches your filters" in body
    (count,) = [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]
    # The chosen territory's group, and "open now"'s places of unknown hours.
    assert count.count("COUNT(*) AS n") == 1, count
    assert count.count("SELECT COUNT(*) FROM") == 1, count
