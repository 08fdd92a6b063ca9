"""'Open now', through the list filter and the place page, with the clock moved."""

import datetime
import re
import zoneinfo
from unittest import mock

import pytest
from django.utils import translation

from centers.models import NoticeKind
from tests.factories import CenterFactory, NoticeFactory, OpeningHoursFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = datetime.UTC
MONDAY, FRIDAY, SUNDAY = 0, 4, 6


@pytest.fixture(autouse=True)
def _french_fields():
    translation.activate("fr")
    yield
    translation.activate("fr")


def at(zone, *args):
    return datetime.datetime(*args, tzinfo=zone)


def open_slugs(client, instant, **query):
    with mock.patch("django.utils.timezone.now", return_value=instant):
        body = client.get("/en/places/", {"open_now": "on", **query}).content.decode()
    return {
        slug
        for slug in ("night", "week", "paris", "mayotte", "unknown", "closed")
        if f"/en/places/{slug}/" in body
    }, body


def detail(client, center, instant, lang="en"):
    with mock.patch("django.utils.timezone.now", return_value=instant):
        return " ".join(client.get(f"/{lang}/places/{center.slug}/").content.decode().split())


def status_of(body):
    """What the page's opening state says: open (closing soon or not), closed, unknown."""
    if re.search(r'<strong class="opening-(open|closes_soon) open-now">', body):
        return "open"
    if re.search(r'<strong class="opening-(closed|temporarily_closed)">', body):
        return "closed"
    return "unknown"


@pytest.fixture
def night():
    """Friday 22:00 to 02:00, Paris time."""
    center = CenterFactory(slug="night")
    OpeningHoursFactory(
        center=center, weekday=FRIDAY, opens=datetime.time(22), closes=datetime.time(2)
    )
    return center


class TestAcrossMidnight:
    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            (at(PARIS, 2025, 1, 10, 21, 59), "closed"),  # Friday, before opening
            (at(PARIS, 2025, 1, 10, 22, 0), "open"),
            (at(PARIS, 2025, 1, 10, 23, 30), "open"),
            (at(PARIS, 2025, 1, 11, 1, 59), "open"),  # Saturday night, Friday's window
            (at(PARIS, 2025, 1, 11, 2, 0), "closed"),  # closing time
            (at(PARIS, 2025, 1, 10, 1, 0), "closed"),  # Friday 01:00: Thursday has no window
        ],
    )
    def test_list_and_page_agree(self, client, night, instant, expected):
        found, _body = open_slugs(client, instant)
        assert ("night" in found) is (expected == "open")
        assert status_of(detail(client, night, instant)) == expected

    def test_the_page_says_the_window_ends_the_next_day(self, client, night):
        body = detail(client, night, at(PARIS, 2025, 1, 10, 23, 0))
        assert (
            '22:00–02:00 <span class="next-day">(ends after midnight, the next day)</span>' in body
        )


class TestWeekdayBoundary:
    @pytest.fixture
    def week(self):
        center = CenterFactory(slug="week")
        OpeningHoursFactory(
            center=center, weekday=SUNDAY, opens=datetime.time(23), closes=datetime.time(1)
        )
        OpeningHoursFactory(
            center=center, weekday=MONDAY, opens=datetime.time(9), closes=datetime.time(12)
        )
        return center

    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            (at(PARIS, 2025, 1, 12, 23, 30), "open"),  # Sunday night
            (
                at(PARIS, 2025, 1, 13, 0, 30),
                "open",
            ),  # Monday 00:30: Sunday's window, across the week
            (at(PARIS, 2025, 1, 13, 1, 0), "closed"),
            (at(PARIS, 2025, 1, 13, 9, 0), "open"),  # Monday's own window
            (at(PARIS, 2025, 1, 12, 9, 0), "closed"),  # Sunday morning is not Monday
            (
                at(PARIS, 2025, 1, 14, 0, 30),
                "closed",
            ),  # Tuesday 00:30: Monday's window ended at noon
        ],
    )
    def test_list_and_page_agree(self, client, week, instant, expected):
        found, _body = open_slugs(client, instant)
        assert ("week" in found) is (expected == "open")
        assert status_of(detail(client, week, instant)) == expected


class TestTemporaryClosure:
    def test_a_closure_on_friday_closes_the_friday_night_window_after_midnight_too(
        self, client, night
    ):
        NoticeFactory(
            center=night,
            kind=NoticeKind.CLOSURE,
            message="Fermé",
            message_en="Closed this Friday",
            starts_on=datetime.date(2025, 1, 10),
            ends_on=datetime.date(2025, 1, 10),
        )
        for instant in (at(PARIS, 2025, 1, 10, 23, 0), at(PARIS, 2025, 1, 11, 1, 0)):
            found, _body = open_slugs(client, instant)
            assert "night" not in found
            assert status_of(detail(client, night, instant)) == "closed"
        # The notice shows while it applies, in the place's own calendar.
        assert "Closed this Friday" in detail(client, night, at(PARIS, 2025, 1, 10, 23, 0))
        assert "Closed this Friday" not in detail(client, night, at(PARIS, 2025, 1, 11, 1, 0))
        # The next Friday it is open again.
        found, _body = open_slugs(client, at(PARIS, 2025, 1, 17, 23, 0))
        assert "night" in found

    def test_a_closure_on_saturday_does_not_close_fridays_window(self, client, night):
        NoticeFactory(
            center=night,
            kind=NoticeKind.CLOSURE,
            starts_on=datetime.date(2025, 1, 11),
            ends_on=datetime.date(2025, 1, 11),
        )
        instant = at(PARIS, 2025, 1, 11, 1, 0)
        found, _body = open_slugs(client, instant)
        assert "night" in found
        assert status_of(detail(client, night, instant)) == "open"

    def test_a_message_notice_does_not_close_the_place(self, client, night):
        NoticeFactory(
            center=night,
            kind=NoticeKind.MESSAGE,
            message_en="Bring your papers",
            starts_on=datetime.date(2025, 1, 1),
        )
        instant = at(PARIS, 2025, 1, 10, 23, 0)
        assert "night" in open_slugs(client, instant)[0]
        assert "Bring your papers" in detail(client, night, instant)


class TestTimeZones:
    """The same opening hours, 09:00–12:00 on Mondays, in Paris and in Mayotte (UTC+3, no DST)."""

    @pytest.fixture
    def pair(self):
        mayotte = TerritoryFactory(
            slug="mayotte",
            name="Mayotte",
            name_en="Mayotte",
            time_zone="Indian/Mayotte",
            overseas=True,
        )
        paris = CenterFactory(slug="paris")
        koungou = CenterFactory(slug="mayotte", territory=mayotte)
        for center in (paris, koungou):
            OpeningHoursFactory(
                center=center, weekday=MONDAY, opens=datetime.time(9), closes=datetime.time(12)
            )
        return paris, koungou

    @pytest.mark.parametrize(
        ("instant", "open_places", "mayotte_time"),
        [
            # Winter: Paris is UTC+1, two hours behind Mayotte.
            (at(UTC, 2025, 1, 6, 7, 30), {"mayotte"}, "10:30"),
            (at(UTC, 2025, 1, 6, 8, 30), {"paris", "mayotte"}, "11:30"),
            (at(UTC, 2025, 1, 6, 10, 30), {"paris"}, "13:30"),
            # Summer: Paris is UTC+2, one hour behind Mayotte.
            (at(UTC, 2025, 7, 7, 6, 30), {"mayotte"}, "09:30"),
            (at(UTC, 2025, 7, 7, 8, 30), {"paris", "mayotte"}, "11:30"),
            (at(UTC, 2025, 7, 7, 9, 30), {"paris"}, "12:30"),
            # Sunday 22:00 UTC is already Monday 01:00 in Mayotte, still Sunday in Paris: both
            # closed.
            (at(UTC, 2025, 1, 5, 22, 0), set(), "01:00"),
        ],
    )
    def test_each_place_in_its_own_time(self, client, pair, instant, open_places, mayotte_time):
        paris, koungou = pair
        found, _body = open_slugs(client, instant)
        assert found == open_places
        assert status_of(detail(client, paris, instant)) == (
            "open" if "paris" in open_places else "closed"
        )
        mayotte_page = detail(client, koungou, instant)
        assert status_of(mayotte_page) == ("open" if "mayotte" in open_places else "closed")
        assert f"it is {mayotte_time} in Mayotte (UTC+3)" in mayotte_page
        assert "Opening hours (local time in Mayotte, UTC+3)" in mayotte_page

    def test_a_paris_page_does_not_name_its_time_zone(self, client, pair):
        paris, _koungou = pair
        body = detail(client, paris, at(UTC, 2025, 1, 6, 8, 30))
        assert "UTC" not in body.split("<main", 1)[1]

    def test_french_page_gives_the_local_time_too(self, client, pair):
        _paris, koungou = pair
        body = detail(client, koungou, at(UTC, 2025, 1, 6, 7, 30), lang="fr")
        assert '<html lang="fr"' in body
        assert "10:30" in body
        assert "UTC+3" in body


class TestUnknownHours:
    def test_the_list_says_how_many_matching_places_have_unknown_hours(self, client, night):
        CenterFactory(slug="unknown")
        CenterFactory(slug="closed", city="Paris")  # unknown hours, but another city
        found, body = open_slugs(client, at(PARIS, 2025, 1, 10, 23, 0), place="Lyon")
        assert found == {"night"}
        assert "“Open now” lists only places whose opening hours are known." in body
        assert "1 place matching your other filters has unknown hours and is not listed." in body
        assert 'href="?place=Lyon">Show them too (without “Open now”)' in body

    def test_without_the_filter_nothing_is_said_about_hours(self, client, night):
        CenterFactory(slug="unknown")
        with mock.patch("django.utils.timezone.now", return_value=at(PARIS, 2025, 1, 10, 23, 0)):
            body = client.get("/en/places/").content.decode()
        assert "unknown hours" not in body
        # Each card still says whether a place is open, in words.
        assert '<span class="tag opening-open open-now">Open now</span>' in body
        assert '<span class="tag opening-unknown">Hours unknown</span>' in body
