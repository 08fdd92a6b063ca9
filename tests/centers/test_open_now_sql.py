"""'Open now' has two homes that must agree: the list filter decides it in SQL
(`Center.objects.open_at`), the place page and the cards in Python (`Center.is_open`). Compared
here on many generated cases: random hours (windows past midnight and from Sunday into Monday
among them), places in five time zones, temporary closures and other notices, and instants at
random, at the minutes windows open and close, around midnight and across daylight saving time.
"""

import datetime
import random
import zoneinfo

import pytest
from django.db import connection

from centers.models import Center, Notice, NoticeKind, OpeningHours, week_hours
from tests.factories import CenterFactory, OrganizationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ZONES = ("Europe/Paris", "Indian/Mayotte", "America/Cayenne", "Pacific/Noumea", "Pacific/Tahiti")
# Two weeks around the spring change of time in Paris, and the autumn one.
SPANS = (datetime.date(2025, 3, 24), datetime.date(2025, 10, 20))


def random_time(rng):
    return datetime.time(rng.randrange(24), rng.choice((0, 0, 15, 30, 45, rng.randrange(60))))


@pytest.fixture
def places():
    """Seventy places with random hours and notices, the same each run."""
    rng = random.Random(20251206)
    operator = OrganizationFactory()
    territories = [
        TerritoryFactory(slug=f"zone-{i}", name=zone, time_zone=zone)
        for i, zone in enumerate(ZONES)
    ]
    centers, hours, notices = [], [], []
    for n in range(70):
        center = CenterFactory(operator=operator, territory=rng.choice(territories), slug=f"p{n}")
        centers.append(center)
        shape = rng.random()
        if shape < 0.1:
            continue  # unknown hours
        for _window in range(rng.randint(1, 6)):
            opens = random_time(rng)
            if rng.random() < 0.35:  # a night window, past midnight
                closes = datetime.time(rng.randrange(0, max(opens.hour, 1)), rng.choice((0, 30)))
            else:
                closes = random_time(rng)
            if closes == opens:
                continue
            hours.append(
                OpeningHours(center=center, weekday=rng.randrange(7), opens=opens, closes=closes)
            )
        if shape > 0.6:
            hours.append(  # Sunday into Monday
                OpeningHours(
                    center=center, weekday=6, opens=datetime.time(20), closes=datetime.time(3)
                )
            )
        for _notice in range(rng.randint(0, 3)):
            start = rng.choice(SPANS) + datetime.timedelta(days=rng.randrange(-2, 14))
            length = rng.choice((0, 0, 1, 3, None))
            notices.append(
                Notice(
                    center=center,
                    kind=rng.choice((NoticeKind.CLOSURE, NoticeKind.CLOSURE, NoticeKind.MESSAGE)),
                    message="Fermé",
                    starts_on=start,
                    ends_on=None if length is None else start + datetime.timedelta(days=length),
                )
            )
    OpeningHours.objects.bulk_create(hours)
    Notice.objects.bulk_create(notices)
    return centers


def instants(rng):
    """Random instants, the minutes windows open and close (and the one before), and every
    local midnight of the spans in each zone."""
    found = []
    for start in SPANS:
        base = datetime.datetime.combine(start, datetime.time(), tzinfo=UTC)
        found += [base + datetime.timedelta(minutes=rng.randrange(14 * 24 * 60)) for _ in range(40)]
        for zone in ZONES:
            for day in range(0, 14, 3):
                midnight = datetime.datetime.combine(
                    start + datetime.timedelta(days=day),
                    datetime.time(),
                    tzinfo=zoneinfo.ZoneInfo(zone),
                )
                found += [midnight, midnight - datetime.timedelta(microseconds=1)]
    windows = list(OpeningHours.objects.select_related("center__territory"))
    for row in rng.sample(windows, 40):
        zone = row.center.territory.zone
        start = rng.choice(SPANS)
        day = start + datetime.timedelta(days=(row.weekday - start.weekday()) % 7)
        for moment in (row.opens, row.closes):
            local = datetime.datetime.combine(day, moment, tzinfo=zone)
            if moment == row.closes and row.crosses_midnight:
                local += datetime.timedelta(days=1)
            found += [local, local - datetime.timedelta(minutes=1)]
    return found


def test_the_list_filter_and_the_place_page_agree(places, django_assert_max_num_queries):
    rng = random.Random(7)
    centers = list(
        Center.objects.select_related("territory").prefetch_related("opening_hours", "notices")
    )
    moments = instants(rng)
    assert len(moments) > 300
    disagreements, pairs, open_pairs, closed_by_notice = [], 0, 0, 0
    for instant in moments:
        in_python = {c.slug for c in centers if c.is_open(instant)}
        with django_assert_max_num_queries(2):
            in_sql = set(Center.objects.open_at(instant).values_list("slug", flat=True))
        if in_sql != in_python:
            disagreements.append((instant.isoformat(), sorted(in_sql ^ in_python)))
        pairs += len(centers)
        open_pairs += len(in_python)
        closed_by_notice += sum(
            1
            for c in centers
            if c.slug not in in_python
            and any(row.is_open(c.local_time(instant)) for row in c.opening_hours.all())
        )
    assert disagreements == []
    # The cases are not trivial: places open and closed, some closed by a notice only.
    assert pairs * 0.05 < open_pairs < pairs * 0.95
    assert closed_by_notice > 20


def test_a_place_without_hours_is_neither_open_nor_closed(places):
    unknown = {c.slug for c in Center.objects.hours_unknown()}
    assert unknown
    for center in Center.objects.filter(slug__in=unknown):
        assert center.is_open() is None
    assert not unknown & set(
        Center.objects.open_at(datetime.datetime.now(UTC)).values_list("slug", flat=True)
    )


def test_the_hours_known_flag_follows_every_write_of_the_hours():
    """The stored flag behind "unknown hours" (PostgreSQL triggers) agrees with the hours
    themselves after each kind of write, whatever an instance loaded earlier carries."""
    a, b = CenterFactory(slug="a"), CenterFactory(slug="b")

    def unknown():
        return set(Center.objects.hours_unknown().values_list("slug", flat=True))

    assert unknown() == {"a", "b"}
    stale = Center.objects.get(slug="a")
    OpeningHours.objects.create(center=a, weekday=0, opens="09:00", closes="12:00")
    assert unknown() == {"b"}
    stale.name = "Renamed"
    stale.save()  # carries hours_known=False: ignored
    assert unknown() == {"b"}
    OpeningHours.objects.bulk_create(
        [OpeningHours(center=b, weekday=day, opens="09:00", closes="17:00") for day in range(5)]
    )
    assert unknown() == set()
    OpeningHours.objects.filter(center=a).update(center=b)  # moved to another place
    assert unknown() == {"a"}
    OpeningHours.objects.filter(center=b, weekday__gt=0).delete()
    assert unknown() == {"a"}
    OpeningHours.objects.filter(center=b).delete()
    assert unknown() == {"a", "b"}


def test_the_hours_known_flag_can_be_recomputed_after_a_load_the_triggers_did_not_see():
    with_hours = CenterFactory(slug="with-hours")
    CenterFactory(slug="without")
    night = CenterFactory(slug="night")
    OpeningHours.objects.create(center=with_hours, weekday=0, opens="09:00", closes="12:00")
    OpeningHours.objects.create(center=night, weekday=6, opens="20:00", closes="08:00")
    expected = weeks()
    with connection.cursor() as cursor:  # as a load with the triggers off leaves them
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key check pending
        cursor.execute("ALTER TABLE centers_center DISABLE TRIGGER centers_center_hours_known")
        cursor.execute(
            "UPDATE centers_center SET hours_known = NOT hours_known WHERE slug <> 'night'"
        )
        cursor.execute("UPDATE centers_center SET open_nights = '{}' WHERE slug = 'night'")
        cursor.execute("ALTER TABLE centers_center ENABLE TRIGGER centers_center_hours_known")
    assert set(Center.objects.hours_unknown().values_list("slug", flat=True)) == {"with-hours"}
    assert weeks() != expected
    assert Center.objects.refresh_hours_known() == 3
    assert set(Center.objects.hours_unknown().values_list("slug", flat=True)) == {"without"}
    assert weeks() == expected
    assert Center.objects.refresh_hours_known() == 0


def weeks():
    """{each place's slug: (open_days, open_nights)} as stored."""
    return {
        slug: (days, nights)
        for slug, days, nights in Center.objects.values_list("slug", "open_days", "open_nights")
    }


def computed_weeks():
    """{each place's slug: its week of hours}, computed in Python from its hours (week_hours)."""
    windows = {slug: [] for slug in Center.objects.values_list("slug", flat=True)}
    for slug, *window in OpeningHours.objects.values_list(
        "center__slug", "weekday", "opens", "closes"
    ):
        windows[slug].append(window)
    return {slug: week_hours(rows) for slug, rows in windows.items()}


def test_the_week_of_hours_is_what_the_python_form_computes(places):
    """The triggers' week of hours (what "open now" reads) and week_hours() (what a load with
    the triggers off writes) agree, text for text: windows that touch or overlap merged, night
    windows, Sunday into Monday, a window closing at midnight."""
    center = CenterFactory(slug="edges")
    OpeningHours.objects.bulk_create(
        OpeningHours(center=center, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in (
            (0, "09:00", "12:00"),
            (0, "12:00", "14:00"),  # touches the one before: one range
            (0, "13:00", "18:30:15.000250"),
            (1, "22:00", "00:00"),  # to midnight: nothing the next day
            (2, "23:00", "06:00"),
            (3, "00:00", "07:00"),  # Wednesday's night is in open_nights, not with this
            (6, "21:00", "02:00"),  # Sunday into Monday
        )
    )
    stored = weeks()
    assert stored == computed_weeks()
    assert stored["edges"] == (
        # Wednesday's window to midnight and Thursday's from it, one range: each day's part
        # stays within its day, so an instant still tells the day its window opened.
        "{[32400000000,66615000250),[165600000000,172800000000),[255600000000,284400000000),"
        "[594000000000,604800000000)}",
        "{[0,7200000000),[259200000000,280800000000)}",
    )
    assert any(nights != "{}" for _days, nights in stored.values())


def test_the_week_of_hours_follows_every_write_of_the_hours():
    """The stored week of hours agrees with the hours after each kind of write, whatever an
    instance loaded earlier carries."""
    a, b = CenterFactory(slug="a"), CenterFactory(slug="b")
    assert weeks() == computed_weeks() == {"a": ("{}", "{}"), "b": ("{}", "{}")}
    stale = Center.objects.get(slug="a")
    window = OpeningHours.objects.create(center=a, weekday=0, opens="09:00", closes="12:00")
    assert weeks() == computed_weeks() != {"a": ("{}", "{}"), "b": ("{}", "{}")}
    stale.name = "Renamed"
    stale.save()  # carries the empty week: ignored
    assert weeks() == computed_weeks()
    window.closes = datetime.time(2)  # now past midnight, on the same place
    window.save()
    assert weeks() == computed_weeks()
    assert weeks()["a"][1] != "{}"
    OpeningHours.objects.bulk_create(
        [OpeningHours(center=b, weekday=day, opens="09:00", closes="17:00") for day in range(5)]
    )
    assert weeks() == computed_weeks()
    OpeningHours.objects.filter(center=a).update(center=b)  # moved to another place
    assert weeks() == computed_weeks()
    assert weeks()["a"] == ("{}", "{}")
    OpeningHours.objects.filter(center=b, weekday__gt=0).update(opens="10:00")
    assert weeks() == computed_weeks()
    OpeningHours.objects.filter(center=b, weekday__gt=0).delete()
    assert weeks() == computed_weeks()
    OpeningHours.objects.filter(center=b).delete()
    assert weeks() == {"a": ("{}", "{}"), "b": ("{}", "{}")}
