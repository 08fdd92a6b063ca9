"""Public holidays and the opening state in words: each place closed on the public holidays of
its own département (Mayotte's 27 April, Alsace-Moselle's Good Friday) when it says so, in the
list's "open now" (SQL), on the place page and the cards (Python), with the clock moved."""

import datetime
import itertools
import json
import re
import zoneinfo
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from centers.models import RESERVED_SLUGS, Center, NoticeKind, PublicHoliday
from centers.public_holidays import build_public_holidays
from centers.timing import next_change
from core.models import TriState
from tests.factories import CenterFactory, NoticeFactory, OpeningHoursFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MAYOTTE = zoneinfo.ZoneInfo("Indian/Mayotte")
MONDAY, TUESDAY, THURSDAY, FRIDAY = 0, 1, 3, 4
NO, YES, NOT_STATED = TriState.NO, TriState.YES, TriState.NOT_STATED
# 2027: 26 March is Good Friday (a holiday in Moselle and Alsace only), 27 April a Tuesday
# (the abolition of slavery in Mayotte only).
GOOD_FRIDAY = datetime.date(2027, 3, 26)
MAYOTTE_27_APRIL = datetime.date(2027, 4, 27)


@pytest.fixture(autouse=True)
def _french_fields():
    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def holidays_2027():
    build_public_holidays([2027])


def at(zone, *args):
    return datetime.datetime(*args, tzinfo=zone)


def place(slug, windows, *, department_code="75", holidays=NOT_STATED, territory=None, **kwargs):
    center = CenterFactory(
        slug=slug,
        department_code=department_code,
        open_on_public_holidays=holidays,
        **({"territory": territory} if territory else {}),
        **kwargs,
    )
    for weekday, opens, closes in windows:
        OpeningHoursFactory(
            center=center,
            weekday=weekday,
            opens=datetime.time(*opens),
            closes=datetime.time(*closes),
        )
    return center


def mayotte_territory():
    return TerritoryFactory(
        slug="mayotte", name="Mayotte", name_en="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )


def listed_open(client, instant):
    with mock.patch("django.utils.timezone.now", return_value=instant):
        body = client.get("/en/places/", {"open_now": "on"}).content.decode()
    # The places' own pages: not the map's or the selection sheet's addresses.
    return set(re.findall(r'href="/en/places/([\w-]+)/"', body)) - set(RESERVED_SLUGS)


def page(client, center, instant, lang="en"):
    with mock.patch("django.utils.timezone.now", return_value=instant):
        response = client.get(f"/{lang}/places/{center.slug}/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def state_of(body):
    """The opening state the page says, in words: its label and what follows it."""
    match = re.search(
        r'<p class="open-status"> ?<strong class="opening-(\w+)[^"]*">([^<]+)</strong>'
        r",? ?([^.<–]*)",
        body,
    )
    assert match, "no opening state on the page"
    return match.group(1), match.group(2), match.group(3).strip()


class TestTheTable:
    def test_each_departement_has_its_own_holidays(self):
        def names(code, day):
            return list(
                PublicHoliday.objects.filter(department_code=code, date=day).values_list(
                    "name", flat=True
                )
            )

        assert names("976", MAYOTTE_27_APRIL) == ["Abolition de l'esclavage"]
        assert names("75", MAYOTTE_27_APRIL) == []
        assert names("67", GOOD_FRIDAY) == ["Vendredi saint"]
        assert names("68", GOOD_FRIDAY) == ["Vendredi saint"]
        assert names("57", GOOD_FRIDAY) == ["Vendredi saint"]
        assert names("75", GOOD_FRIDAY) == []
        assert names("57", datetime.date(2027, 12, 26)) == ["Saint-Étienne"]
        assert names("13", datetime.date(2027, 12, 26)) == []
        assert names("974", datetime.date(2027, 12, 20)) == ["Abolition de l'esclavage"]
        # The national ones everywhere, and for a place whose département is not given ("").
        for code in ("", "01", "2A", "75", "976"):
            assert names(code, datetime.date(2027, 7, 14)) == ["Fête nationale"]

    def test_the_command_writes_the_years_given_and_is_safe_to_run_again(self):
        out = StringIO()
        call_command("build_public_holidays", "2028", stdout=out)
        assert "Public holidays 2028:" in out.getvalue()
        assert PublicHoliday.objects.filter(date=datetime.date(2028, 4, 27), department_code="976")
        count = PublicHoliday.objects.count()
        out = StringIO()
        call_command("build_public_holidays", "2027", "2028", stdout=out)
        assert "already up to date" in out.getvalue()
        assert PublicHoliday.objects.count() == count

    def test_the_command_refuses_a_year_out_of_range(self):
        with pytest.raises(CommandError, match="between 1900 and 2100"):
            call_command("build_public_holidays", "20277")


class TestOpenNowOnAHoliday:
    def test_27_april_closes_a_mayotte_place_that_closes_on_holidays_not_a_paris_one(self, client):
        """The issue's "done": the same hours, the same instant, two départements."""
        mayotte = place(
            "mayotte",
            [(TUESDAY, (8, 0), (16, 0))],
            department_code="976",
            holidays=NO,
            territory=mayotte_territory(),
        )
        paris = place("paris", [(TUESDAY, (8, 0), (16, 0))], department_code="75", holidays=NO)
        # 10:00 in Mayotte is 09:00 in Paris (summer time): both inside their hours.
        instant = at(MAYOTTE, 2027, 4, 27, 10, 0)
        assert listed_open(client, instant) == {"paris"}
        assert state_of(page(client, paris, instant))[:2] == ("open", "Open now")
        body = page(client, mayotte, instant)
        assert state_of(body) == ("closed", "Closed now", "opens on Tuesday at 08:00")
        assert (
            'Today is a public holiday (<bdi lang="fr">Abolition de l&#x27;esclavage</bdi>): '
            "this place closes on public holidays." in body
        )
        # The Tuesday before and after, an ordinary day: open, as the list says.
        for ordinary in (at(MAYOTTE, 2027, 4, 20, 10, 0), at(MAYOTTE, 2027, 5, 4, 10, 0)):
            assert listed_open(client, ordinary) == {"paris", "mayotte"}

    def test_good_friday_in_strasbourg_not_in_paris(self, client):
        strasbourg = place(
            "strasbourg", [(FRIDAY, (9, 0), (17, 0))], department_code="67", holidays=NO
        )
        place("paris", [(FRIDAY, (9, 0), (17, 0))], department_code="75", holidays=NO)
        instant = at(PARIS, 2027, 3, 26, 11, 0)
        assert listed_open(client, instant) == {"paris"}
        body = page(client, strasbourg, instant)
        assert state_of(body) == ("closed", "Closed now", "opens on Friday at 09:00")
        assert 'Today is a public holiday (<bdi lang="fr">Vendredi saint</bdi>)' in body

    def test_not_stated_keeps_the_usual_hours_and_says_it_is_a_holiday(self, client):
        center = place("strasbourg", [(FRIDAY, (9, 0), (17, 0))], department_code="67")
        instant = at(PARIS, 2027, 3, 26, 11, 0)
        assert listed_open(client, instant) == {"strasbourg"}
        body = page(client, center, instant)
        assert state_of(body) == ("open", "Open now", "until 17:00")
        assert (
            'Today is a public holiday (<bdi lang="fr">Vendredi saint</bdi>): the source does '
            "not say whether this place opens on public holidays." in body
        )
        assert 'Open on public holidays: <span class="unknown">not stated by the source' in body

    def test_the_sheet_says_it_on_screen_and_prints_the_holidays_answer(self, client):
        center = place("strasbourg", [(FRIDAY, (9, 0), (17, 0))], department_code="67", holidays=NO)
        with mock.patch("django.utils.timezone.now", return_value=at(PARIS, 2027, 3, 26, 11, 0)):
            response = client.get(f"/en/places/{center.slug}/sheet/")
        body = " ".join(response.content.decode().split())
        tools = body.split('<div class="sheet-tools no-print">')[1].split("</div>")[0]
        assert state_of(tools) == ("closed", "Closed now", "opens on Friday at 09:00")
        assert "this place closes on public holidays." in tools
        # What prints: the answer itself, under the hours.
        assert 'Open on public holidays: <span class="no">No</span>' in body

    def test_open_on_holidays_says_so(self, client):
        center = place("metz", [(FRIDAY, (9, 0), (17, 0))], department_code="57", holidays=YES)
        body = page(client, center, at(PARIS, 2027, 3, 26, 11, 0))
        assert state_of(body)[0] == "open"
        assert "this place opens on public holidays." in body
        assert 'Open on public holidays: <span class="yes">Yes</span>' in body

    def test_the_holiday_eve(self, client):
        """A night window belongs to the day it opens: Thursday's runs into Good Friday; the
        Good Friday one does not open, not even after midnight; the cache ends at midnight."""
        center = place(
            "strasbourg",
            [(THURSDAY, (22, 0), (2, 0)), (FRIDAY, (22, 0), (2, 0))],
            department_code="67",
            holidays=NO,
        )
        eve = at(PARIS, 2027, 3, 25, 23, 0)
        assert listed_open(client, eve) == {"strasbourg"}
        assert listed_open(client, at(PARIS, 2027, 3, 26, 1, 0)) == {"strasbourg"}
        for closed in (at(PARIS, 2027, 3, 26, 23, 0), at(PARIS, 2027, 3, 27, 1, 0)):
            assert listed_open(client, closed) == set()
            assert state_of(page(client, center, closed))[0] == "closed"
        # Friday night is Good Friday's window: after midnight the page says when it opens.
        assert state_of(page(client, center, at(PARIS, 2027, 3, 27, 1, 0)))[2] == (
            "opens on Thursday at 22:00"
        )
        loaded = Center.objects.prefetch_related("opening_hours").get(pk=center.pk)
        before_midnight = at(PARIS, 2027, 3, 25, 21, 0)
        assert next_change(loaded, before_midnight) == at(PARIS, 2027, 3, 25, 22, 0)
        assert next_change(loaded, at(PARIS, 2027, 3, 25, 23, 0)) == at(PARIS, 2027, 3, 26, 0, 0)

    def test_a_place_without_a_departement_has_the_national_holidays(self, client):
        place("nowhere", [(MONDAY, (9, 0), (17, 0))], department_code="", holidays=NO)
        assert listed_open(client, at(PARIS, 2027, 3, 29, 11, 0)) == set()  # Easter Monday
        assert listed_open(client, at(PARIS, 2027, 4, 5, 11, 0)) == {"nowhere"}


class TestStateInWords:
    @pytest.fixture
    def center(self):
        return place("lyon", [(MONDAY, (9, 0), (17, 0)), (TUESDAY, (9, 0), (12, 0))])

    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            (at(PARIS, 2027, 1, 4, 8, 59), ("closed", "Closed now", "opens today at 09:00")),
            (at(PARIS, 2027, 1, 4, 9, 0), ("open", "Open now", "until 17:00")),
            (at(PARIS, 2027, 1, 4, 16, 29), ("open", "Open now", "until 17:00")),
            (at(PARIS, 2027, 1, 4, 16, 30), ("closes_soon", "Closes soon", "at 17:00")),
            (at(PARIS, 2027, 1, 4, 16, 59), ("closes_soon", "Closes soon", "at 17:00")),
            (at(PARIS, 2027, 1, 4, 17, 0), ("closed", "Closed now", "opens tomorrow at 09:00")),
            (at(PARIS, 2027, 1, 5, 12, 0), ("closed", "Closed now", "opens on Monday at 09:00")),
        ],
    )
    def test_the_clock_across_closing(self, client, center, instant, expected):
        assert state_of(page(client, center, instant)) == expected

    def test_closes_soon_is_a_boundary_the_cache_ends_on(self, center):
        loaded = Center.objects.prefetch_related("opening_hours").get(pk=center.pk)
        assert next_change(loaded, at(PARIS, 2027, 1, 4, 10, 0)) == at(PARIS, 2027, 1, 4, 16, 30)
        assert next_change(loaded, at(PARIS, 2027, 1, 4, 16, 30)) == at(PARIS, 2027, 1, 4, 17, 0)

    def test_windows_that_follow_each_other_do_not_close_soon(self, client):
        center = place("lyon", [(MONDAY, (9, 0), (12, 0)), (MONDAY, (12, 0), (17, 0))])
        assert state_of(page(client, center, at(PARIS, 2027, 1, 4, 11, 45))) == (
            "open",
            "Open now",
            "until 17:00",
        )

    def test_temporarily_closed_until_a_date(self, client, center):
        NoticeFactory(
            center=center,
            kind=NoticeKind.CLOSURE,
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 1, 12),
        )
        body = page(client, center, at(PARIS, 2027, 1, 4, 10, 0))
        assert state_of(body)[:2] == ("temporarily_closed", "Temporarily closed")
        assert "Temporarily closed</strong>, until Jan. 12, 2027 inclusive." in body
        french = page(client, center, at(PARIS, 2027, 1, 4, 10, 0), "fr")
        assert "Fermé temporairement</strong>, jusqu’au 12 janvier 2027 inclus." in french
        NoticeFactory(center=center, kind=NoticeKind.CLOSURE, starts_on=datetime.date(2027, 1, 3))
        assert state_of(page(client, center, at(PARIS, 2027, 1, 4, 10, 0)))[2] == (
            "until further notice"
        )

    def test_hours_unknown(self, client):
        center = place("lyon", [])
        assert state_of(page(client, center, at(PARIS, 2027, 1, 4, 10, 0)))[:2] == (
            "unknown",
            "Hours unknown",
        )

    def test_in_french_and_arabic(self, client, center):
        instant = at(PARIS, 2027, 1, 4, 16, 45)
        assert state_of(page(client, center, instant, "fr"))[0] == "closes_soon"
        french = page(client, center, instant, "fr")
        assert "Ferme bientôt" in french and "à 17:00" in french
        arabic = page(client, center, at(PARIS, 2027, 1, 5, 12, 0), "ar")
        assert state_of(arabic)[0] == "closed"
        assert "Closed now" not in arabic

    def test_the_cards_say_it_too(self, client, center):
        with mock.patch("django.utils.timezone.now", return_value=at(PARIS, 2027, 1, 4, 16, 40)):
            body = " ".join(client.get("/en/places/").content.decode().split())
        assert (
            '<span class="tag opening-closes_soon open-now">Closes soon</span> '
            '<span class="opening-detail">at 17:00</span>' in body
        )

    def test_the_list_page_reads_the_holidays_in_one_query(
        self, client, django_assert_max_num_queries
    ):
        for n in range(3):
            place(f"p{n}", [(FRIDAY, (9, 0), (17, 0))], department_code="67", holidays=NO)
        instant = at(PARIS, 2027, 3, 26, 11, 0)
        with mock.patch("django.utils.timezone.now", return_value=instant):
            client.get("/en/places/")  # warm the per-process caches
            with django_assert_max_num_queries(30) as few:
                client.get("/en/places/")
        limit = len(few.captured_queries)
        for n in range(3, 12):
            place(f"p{n}", [(FRIDAY, (9, 0), (17, 0))], department_code="57", holidays=NO)
        with mock.patch("django.utils.timezone.now", return_value=instant):
            # The new places changed what the filters offer: their options are read again once
            # (centers.filters.listed_options), on this first page after the change.
            client.get("/en/places/")
            with django_assert_max_num_queries(limit):
                body = client.get("/en/places/").content.decode()
        assert body.count("Closed now") == 12


class TestJsonLd:
    def jsonld(self, client, center):
        body = client.get(f"/en/places/{center.slug}/").content.decode()
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
        return json.loads(match.group(1))

    def test_closed_on_public_holidays_is_stated(self, client):
        center = place("lyon", [(MONDAY, (9, 0), (17, 0))], holidays=NO)
        assert self.jsonld(client, center)["openingHoursSpecification"][-1] == {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/PublicHolidays",
            "opens": "00:00",
            "closes": "00:00",
        }

    @pytest.mark.parametrize("holidays", [YES, NOT_STATED])
    def test_nothing_is_said_otherwise(self, client, holidays):
        center = place("lyon", [(MONDAY, (9, 0), (17, 0))], holidays=holidays)
        specs = self.jsonld(client, center)["openingHoursSpecification"]
        assert "PublicHolidays" not in str(specs)


def test_the_list_filter_and_the_page_agree_around_holidays():
    """`Center.objects.open_at` (SQL) and `Center.is_open` (Python) on every combination of
    département, holiday answer and hours, every hour of the days around the holidays."""
    mayotte = mayotte_territory()
    codes = {"75": None, "67": None, "57": None, "976": mayotte, "": None}
    windows = [
        [(FRIDAY, (9, 0), (17, 0)), (TUESDAY, (8, 0), (16, 0))],
        [(THURSDAY, (22, 0), (2, 0)), (FRIDAY, (22, 0), (2, 0)), (MONDAY, (9, 0), (12, 0))],
    ]
    for n, ((code, territory), answer, hours) in enumerate(
        itertools.product(codes.items(), (NO, YES, NOT_STATED), windows)
    ):
        place(f"p{n}", hours, department_code=code, holidays=answer, territory=territory)
    centers = list(
        Center.objects.select_related("territory").prefetch_related("opening_hours", "notices")
    )
    days = [GOOD_FRIDAY, MAYOTTE_27_APRIL, datetime.date(2027, 3, 29)]
    instants = [
        datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
        + datetime.timedelta(hours=h)
        for day in days
        for h in range(-26, 26, 1)
    ]
    disagreements, closed_by_holiday = [], 0
    for instant in instants:
        in_python = {c.slug for c in centers if c.is_open(instant)}
        in_sql = set(Center.objects.open_at(instant).values_list("slug", flat=True))
        if in_python != in_sql:
            disagreements.append((instant.isoformat(), sorted(in_python ^ in_sql)))
        closed_by_holiday += sum(
            1
            for c in centers
            if c.open_on_public_holidays == NO
            and c.slug not in in_python
            and any(row.is_open(c.local_time(instant)) for row in c.opening_hours.all())
        )
    assert disagreements == []
    assert closed_by_holiday > 10
