"""core.prepared: SQL compiled once, run with each request's values (the place's page, the home
page)."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Max
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.fallback import in_page_language
from core.models import Status
from core.prepared import (
    AT,
    GENERIC_PLANS,
    KEY,
    TEXT,
    PlannedOnce,
    Prepared,
    PreparedAggregate,
    PreparedCount,
    prepared,
)
from programs.models import Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

SOON = datetime.datetime(2031, 5, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _french_fields():
    """Factories write the French fields."""
    translation.activate("fr")
    yield
    translation.activate("fr")


def test_a_query_that_reads_the_clock_itself_is_refused():
    with pytest.raises(ValueError, match="instant"):
        Prepared(Program.objects.public())
    with pytest.raises(ValueError, match="instant"):
        PreparedCount(Program.objects.public())


def test_each_run_reads_at_its_own_instant_and_for_its_own_record():
    later = ProgramFactory(publish_at=SOON)
    now = ProgramFactory()
    ProgramFactory(status=Status.DRAFT)
    public = Prepared(Program.objects.public(at=AT).order_by("pk"))
    count = PreparedCount(Program.objects.public(at=AT))
    one = Prepared(Program.objects.public(at=AT).filter(pk=KEY))
    before, after = SOON - datetime.timedelta(seconds=1), SOON
    assert [p.pk for p in public.run({AT: before})] == [now.pk]
    assert [p.pk for p in public.run({AT: after})] == sorted([now.pk, later.pk])
    assert (count.run({AT: before}), count.run({AT: after})) == (1, 2)
    assert one.run({AT: before, KEY: later.pk}) == []
    assert [p.title for p in one.run({AT: after, KEY: later.pk})] == [later.title]


def test_an_aggregate_gives_what_aggregate_gives_at_each_instant():
    later = ProgramFactory(publish_at=SOON)
    now = ProgramFactory()
    stats = PreparedAggregate(
        Program.objects.public(at=AT), count=Count("pk"), latest=Max("updated_at")
    )
    before, after = SOON - datetime.timedelta(seconds=1), SOON
    for at, count in ((before, 1), (after, 2)):
        found = stats.run({AT: at})
        assert found == Program.objects.public(at=at).aggregate(
            count=Count("pk"), latest=Max("updated_at")
        )
        assert found["count"] == count
    assert stats.run({AT: before})["latest"] == now.updated_at
    assert stats.run({AT: after})["latest"] == max(now.updated_at, later.updated_at)


def test_one_per_language():
    ProgramFactory(title="Soins", title_en="Care")

    def build():
        return in_page_language(Program.objects.public(at=AT))

    values = {AT: datetime.datetime.now(datetime.UTC)}
    with translation.override("en"):
        english = prepared("tests.prepared.titles", build).run(values)
        assert [p.title for p in english] == ["Care"]
    with translation.override("fr"):
        french = prepared("tests.prepared.titles", build).run(values)
        assert [p.title for p in french] == ["Soins"]


def _executions(condition):
    """(generic plans, custom plans) of the statements prepared on this connection whose SQL
    has `condition`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements WHERE NOT from_sql AND strpos(statement, %s) > 0",
            [condition],
        )
        return tuple(cursor.fetchone())


TITLE = '"programs_program"."title_fr" = $'


def test_a_statement_planned_once_reads_each_runs_values_and_is_prepared_on_the_server():
    later = ProgramFactory(publish_at=SOON, title="Vaccination")
    now = ProgramFactory(title="Vaccination")
    ProgramFactory(title="Autre")
    query = Program.objects.public(at=AT).filter(title_fr=TEXT).values_list("pk").order_by("pk")
    statement = PlannedOnce(query.query.sql_with_params())
    before, after = SOON - datetime.timedelta(seconds=1), SOON
    assert _executions(TITLE) == (0, 0)
    with CaptureQueriesContext(connection) as queries:
        assert statement.run({AT: before, TEXT: "Vaccination"}) == [(now.pk,)]
    # Logged with its values, as any other query.
    assert "'Vaccination'" in queries[0]["sql"]
    assert statement.run({AT: after, TEXT: "Vaccination"}) == [(later.pk,), (now.pk,)]
    assert statement.run({AT: after, TEXT: "Autre"}) != []
    # One statement on the server, planned with the values (PostgreSQL's default)...
    assert _executions(TITLE) == (0, 3)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {GENERIC_PLANS}")
    assert statement.run({AT: before, TEXT: "Vaccination"}) == [(now.pk,)]
    # ... or once for all values, in a transaction that asks for it.
    assert _executions(TITLE) == (1, 3)


SUMMARY = '"programs_program"."summary_fr" = $'


def columns(record):
    return {name: value for name, value in record.__dict__.items() if name != "_state"}


def test_a_queryset_prepared_on_the_server_gives_the_same_instances():
    """`on_server`: the statement is prepared on the server at its first run on the connection
    (a detail page's); the others are sent as before, their values in their SQL."""
    later = ProgramFactory(publish_at=SOON, summary="Soins", title="Plus tard")
    now = ProgramFactory(summary="Soins", title="Maintenant")
    ProgramFactory(summary="Autre")

    def build():
        return in_page_language(Program.objects.public(at=AT).filter(summary=TEXT).order_by("pk"))

    on_server = prepared("tests.prepared.on_server", build, on_server=True)
    on_client = prepared("tests.prepared.on_client", build)
    assert on_server.on_server and not on_client.on_server
    assert prepared("tests.prepared.planned", lambda: build().query.sql_with_params(), PlannedOnce)
    assert _executions(SUMMARY) == (0, 0)
    before, after = SOON - datetime.timedelta(seconds=1), SOON
    for at, expected in ((before, [now]), (after, [later, now]), (before, [now])):
        values = {AT: at, TEXT: "Soins"}
        found = on_server.run(values)
        assert found == expected == on_client.run(values)
        assert [columns(p) for p in found] == [columns(p) for p in on_client.run(values)]
    assert on_server.run({AT: after, TEXT: "Autre"}) != []
    # One statement on the server (the client's are not prepared), run four times.
    assert sum(_executions(SUMMARY)) == 4
