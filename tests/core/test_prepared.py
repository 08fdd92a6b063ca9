"""core.prepared: SQL compiled once, run with each request's values (the place's page, the home
page)."""

import datetime

import pytest
from django.db.models import Count, Max
from django.utils import translation

from core.fallback import in_page_language
from core.models import Status
from core.prepared import AT, KEY, Prepared, PreparedAggregate, PreparedCount, prepared
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
