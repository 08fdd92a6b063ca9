"""Places: who is welcome, on what conditions, and whether they are open now, in their own time
zone."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from centers.models import CARE_KINDS, Center, CenterKind, Notice, NoticeKind, OpeningHours
from core.models import Status, TriState
from tests.factories import (
    CenterFactory,
    NoticeFactory,
    OpeningHoursFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MAYOTTE = zoneinfo.ZoneInfo("Indian/Mayotte")
UTC = datetime.UTC
T = datetime.time
D = datetime.date
MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6


def at(tz, *args):
    return datetime.datetime(*args, tzinfo=tz)


def assert_database_rejects(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def assert_full_clean_rejects(obj, message, field=NON_FIELD_ERRORS):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in excinfo.value.message_dict.get(field, []), excinfo.value.message_dict


@pytest.fixture
def mayotte():
    return TerritoryFactory(
        name="Mayotte", name_en="Mayotte", slug="mayotte", time_zone="Indian/Mayotte", overseas=True
    )


def center_with_hours(*windows, **kwargs):
    center = CenterFactory(**kwargs)
    for weekday, opens, closes in windows:
        OpeningHoursFactory(center=center, weekday=weekday, opens=opens, closes=closes)
    return center


class TestCenterConstraints:
    def test_database_rejects_max_age_below_min_age(self):
        center = CenterFactory(min_age=18)
        center.max_age = 0
        assert_database_rejects(center)

    def test_full_clean_rejects_max_age_below_min_age(self, english):
        center = CenterFactory(min_age=18)
        center.max_age = 0
        assert_full_clean_rejects(center, "The maximum age cannot be below the minimum age.")

    def test_database_rejects_max_age_over_120(self):
        center = CenterFactory()
        center.max_age = 121
        assert_database_rejects(center)

    def test_full_clean_rejects_max_age_over_120(self, english):
        center = CenterFactory()
        center.max_age = 121
        assert_full_clean_rejects(center, "The maximum age must be 120 or less.")

    def test_koungou_age_bounds_are_valid(self):
        CenterFactory(min_age=0, max_age=18).full_clean()

    def test_database_rejects_one_coordinate_only(self):
        center = CenterFactory()
        center.latitude = Decimal("48.85661")
        assert_database_rejects(center)

    def test_full_clean_rejects_one_coordinate_only(self, english):
        center = CenterFactory()
        center.latitude = Decimal("48.85661")
        assert_full_clean_rejects(center, "Give both coordinates, within range, or neither.")

    def test_database_rejects_a_latitude_out_of_range(self):
        center = CenterFactory()
        center.latitude, center.longitude = Decimal("91"), Decimal("2.35")
        assert_database_rejects(center)

    def test_full_clean_rejects_a_latitude_out_of_range(self, english):
        center = CenterFactory()
        center.latitude, center.longitude = Decimal("91"), Decimal("2.35")
        assert_full_clean_rejects(center, "Give both coordinates, within range, or neither.")

    def test_both_coordinates_or_neither_are_valid(self):
        CenterFactory(latitude=Decimal("-12.70389"), longitude=Decimal("45.19528")).full_clean()
        CenterFactory(latitude=None, longitude=None).full_clean()

    def test_database_rejects_a_duplicate_slug(self):
        existing = CenterFactory(slug="caso-lyon")
        assert_database_rejects(
            CenterFactory.build(
                slug="caso-lyon", operator=existing.operator, territory=existing.territory
            )
        )

    def test_full_clean_rejects_a_duplicate_slug(self):
        existing = CenterFactory(slug="caso-lyon")
        duplicate = CenterFactory.build(
            slug="caso-lyon", operator=existing.operator, territory=existing.territory
        )
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "slug" in excinfo.value.message_dict

    def test_territory_needs_a_known_time_zone(self):
        territory = TerritoryFactory.build(slug="nowhere", time_zone="Europe/Lyon")
        with pytest.raises(ValidationError) as excinfo:
            territory.full_clean()
        assert "time_zone" in excinfo.value.message_dict


class TestOpeningHoursAndNoticeConstraints:
    def test_database_rejects_opening_and_closing_at_the_same_time(self):
        assert_database_rejects(
            OpeningHoursFactory.build(center=CenterFactory(), opens=T(9), closes=T(9))
        )

    def test_full_clean_rejects_opening_and_closing_at_the_same_time(self, english):
        row = OpeningHoursFactory()
        row.closes = row.opens
        assert_full_clean_rejects(row, "Opening and closing times must differ.")

    def test_database_rejects_a_weekday_that_does_not_exist(self):
        assert_database_rejects(OpeningHoursFactory.build(center=CenterFactory(), weekday=7))

    def test_full_clean_rejects_a_weekday_that_does_not_exist(self):
        row = OpeningHoursFactory()
        row.weekday = 7
        with pytest.raises(ValidationError) as excinfo:
            row.full_clean()
        assert "weekday" in excinfo.value.message_dict

    def test_database_rejects_a_notice_ending_before_it_starts(self):
        notice = NoticeFactory(starts_on=D(2025, 8, 1))
        notice.ends_on = D(2025, 7, 31)
        assert_database_rejects(notice)

    def test_full_clean_rejects_a_notice_ending_before_it_starts(self, english):
        notice = NoticeFactory(starts_on=D(2025, 8, 1))
        notice.ends_on = D(2025, 7, 31)
        assert_full_clean_rejects(notice, "A notice cannot end before it starts.")


class TestCenterQuerySet:
    def test_care_places_leave_out_documentation_premises(self):
        caso = CenterFactory(kind=CenterKind.CASO)
        hotline = CenterFactory(kind=CenterKind.HOTLINE)
        library = CenterFactory(kind=CenterKind.DOCUMENTATION)
        care = set(Center.objects.public())
        assert care == {caso, hotline}
        assert library not in care
        assert not library.is_care_place
        assert caso.is_care_place

    def test_care_kinds_are_the_kinds_of_care_places(self):
        # The one list the filters and the home page offer: every kind but the premises.
        kinds = {kind for kind, _label in CARE_KINDS}
        assert kinds == set(CenterKind.values) - {CenterKind.DOCUMENTATION}
        for kind in CenterKind.values:
            assert Center(kind=kind).is_care_place == (kind in kinds)

    def test_free_of_charge_means_a_source_says_so(self):
        free = CenterFactory(free_of_charge=TriState.YES)
        CenterFactory(free_of_charge=TriState.NO)
        not_stated = CenterFactory()
        assert not_stated.free_of_charge == TriState.NOT_STATED
        assert list(Center.objects.free_of_charge()) == [free]

    def test_for_audience_lists_each_place_once(self):
        minors = TargetGroupFactory(slug="minors")
        women = TargetGroupFactory(slug="women")
        both = CenterFactory(name="A")
        both.audiences.add(minors, women)
        CenterFactory(name="B").audiences.add(women)
        CenterFactory(name="C")
        assert list(Center.objects.for_audience(minors)) == [both]
        assert Center.objects.for_audience(women).count() == 2

    @pytest.mark.parametrize(
        ("age", "expected"),
        [
            (0, {"Koungou 0–18", "Everyone", "Under 16"}),
            (16, {"Koungou 0–18", "Everyone", "Under 16"}),
            (17, {"Koungou 0–18", "Everyone"}),
            (18, {"Koungou 0–18", "Everyone"}),
            (19, {"Everyone"}),
            (60, {"Everyone", "Elderly"}),
        ],
    )
    def test_for_age_keeps_bounds_inclusive(self, age, expected):
        CenterFactory(name="Koungou 0–18", min_age=0, max_age=18)
        CenterFactory(name="Everyone")
        CenterFactory(name="Under 16", max_age=16)
        CenterFactory(name="Elderly", min_age=60)
        assert {c.name for c in Center.objects.for_age(age)} == expected

    def test_domain_verbs_chain_after_published(self):
        minors = TargetGroupFactory(slug="minors")
        shown = CenterFactory(city="Lyon")
        shown.audiences.add(minors)
        CenterFactory(city="Lyon", status=Status.DRAFT).audiences.add(minors)
        CenterFactory(city="Paris").audiences.add(minors)
        assert list(Center.objects.public().filter(city="Lyon").for_audience(minors)) == [shown]

    def test_is_open_for_a_list_of_places_costs_a_flat_number_of_queries(
        self, django_assert_max_num_queries
    ):
        for _ in range(5):
            center = center_with_hours((MONDAY, T(9), T(17)))
            NoticeFactory(center=center, starts_on=D(2025, 1, 1))
        instant = at(PARIS, 2025, 1, 6, 10, 0)
        with django_assert_max_num_queries(7):
            answers = [
                c.is_open(instant)
                for c in Center.objects.prefetch_related("opening_hours", "notices").select_related(
                    "territory"
                )
            ]
        assert answers == [True] * 5


class TestIsOpen:
    def test_inside_a_window_in_paris_time(self):
        center = center_with_hours((MONDAY, T(9), T(17)))
        assert center.is_open(at(PARIS, 2025, 1, 6, 10, 0)) is True
        assert center.is_open(at(PARIS, 2025, 1, 6, 9, 0)) is True

    def test_closed_at_the_closing_time_and_before_opening(self):
        center = center_with_hours((MONDAY, T(9), T(17)))
        assert center.is_open(at(PARIS, 2025, 1, 6, 17, 0)) is False
        assert center.is_open(at(PARIS, 2025, 1, 6, 8, 59)) is False

    def test_closed_on_another_day(self):
        center = center_with_hours((MONDAY, T(9), T(17)))
        assert center.is_open(at(PARIS, 2025, 1, 7, 10, 0)) is False

    def test_a_utc_instant_is_read_in_paris_time(self):
        center = center_with_hours((MONDAY, T(9), T(17)))
        # 08:30 UTC in January is 09:30 in Paris; 16:30 UTC is 17:30.
        assert center.is_open(at(UTC, 2025, 1, 6, 8, 30)) is True
        assert center.is_open(at(UTC, 2025, 1, 6, 16, 30)) is False

    def test_several_windows_a_day(self):
        center = center_with_hours((MONDAY, T(9), T(12)), (MONDAY, T(14), T(17)))
        assert center.is_open(at(PARIS, 2025, 1, 6, 11, 0)) is True
        assert center.is_open(at(PARIS, 2025, 1, 6, 13, 0)) is False
        assert center.is_open(at(PARIS, 2025, 1, 6, 15, 0)) is True

    def test_a_night_window_runs_past_midnight(self):
        center = center_with_hours((FRIDAY, T(22), T(2)))
        # 10 January 2025 is a Friday.
        assert center.is_open(at(PARIS, 2025, 1, 10, 21, 59)) is False
        assert center.is_open(at(PARIS, 2025, 1, 10, 23, 0)) is True
        assert center.is_open(at(PARIS, 2025, 1, 11, 1, 0)) is True
        assert center.is_open(at(PARIS, 2025, 1, 11, 2, 0)) is False
        assert center.is_open(at(PARIS, 2025, 1, 11, 3, 0)) is False
        # Not the early hours of Friday itself: that would be Thursday night's window.
        assert center.is_open(at(PARIS, 2025, 1, 10, 1, 0)) is False

    def test_a_night_window_across_the_week_boundary(self):
        center = center_with_hours((SUNDAY, T(22), T(2)))
        # 12 January 2025 is a Sunday.
        assert center.is_open(at(PARIS, 2025, 1, 12, 23, 30)) is True
        assert center.is_open(at(PARIS, 2025, 1, 13, 1, 0)) is True
        assert center.is_open(at(PARIS, 2025, 1, 13, 2, 30)) is False
        assert center.is_open(at(PARIS, 2025, 1, 11, 1, 0)) is False  # Saturday

    def test_unknown_hours_are_not_closed_but_unknown(self):
        center = CenterFactory()
        assert center.is_open(at(PARIS, 2025, 1, 6, 10, 0)) is None

    def test_a_closure_notice_covering_the_day_closes_the_place(self):
        center = center_with_hours((MONDAY, T(9), T(17)))
        NoticeFactory(
            center=center, kind=NoticeKind.CLOSURE, starts_on=D(2025, 1, 1), ends_on=D(2025, 1, 6)
        )
        assert center.is_open(at(PARIS, 2025, 1, 6, 10, 0)) is False
        assert center.is_open(at(PARIS, 2025, 1, 13, 10, 0)) is True  # the next Monday

    def test_a_closure_until_further_notice(self):
        center = center_with_hours((MONDAY, T(9), T(17)))
        NoticeFactory(center=center, kind=NoticeKind.CLOSURE, starts_on=D(2025, 1, 1), ends_on=None)
        assert center.is_open(at(PARIS, 2025, 3, 3, 10, 0)) is False
        assert center.is_open(at(PARIS, 2024, 12, 30, 10, 0)) is True  # before it started

    def test_a_message_or_changed_hours_notice_does_not_close(self):
        center = center_with_hours((MONDAY, T(9), T(17)))
        NoticeFactory(center=center, kind=NoticeKind.MESSAGE, starts_on=D(2025, 1, 6))
        NoticeFactory(center=center, kind=NoticeKind.CHANGED_HOURS, starts_on=D(2025, 1, 6))
        assert center.is_open(at(PARIS, 2025, 1, 6, 10, 0)) is True

    def test_a_closure_applies_on_the_places_local_date(self, mayotte):
        center = center_with_hours((MONDAY, T(0), T(6)), territory=mayotte)
        NoticeFactory(
            center=center, kind=NoticeKind.CLOSURE, starts_on=D(2025, 1, 6), ends_on=D(2025, 1, 6)
        )
        # Sunday 22:00 UTC is already Monday 01:00 in Mayotte: the Monday closure applies.
        assert center.is_open(at(UTC, 2025, 1, 5, 22, 0)) is False

    def test_a_closure_on_friday_closes_fridays_night_window(self):
        center = center_with_hours((FRIDAY, T(22), T(2)))
        NoticeFactory(
            center=center, kind=NoticeKind.CLOSURE, starts_on=D(2025, 1, 10), ends_on=D(2025, 1, 10)
        )
        assert center.is_open(at(PARIS, 2025, 1, 10, 23, 0)) is False
        # The window that opened on the closed Friday does not reopen at midnight.
        assert center.is_open(at(PARIS, 2025, 1, 11, 1, 0)) is False


class TestIsOpenAcrossTimeZones:
    def test_same_utc_instant_in_winter(self, mayotte):
        paris = center_with_hours((MONDAY, T(9), T(17)))
        koungou = center_with_hours((MONDAY, T(9), T(17)), territory=mayotte, city="Koungou")
        # 6 January 2025, 07:30 UTC: 08:30 in Paris (UTC+1), 10:30 in Mayotte (UTC+3).
        instant = at(UTC, 2025, 1, 6, 7, 30)
        assert paris.local_time(instant).hour == 8
        assert koungou.local_time(instant).hour == 10
        assert paris.is_open(instant) is False
        assert koungou.is_open(instant) is True
        # 14:30 UTC: 15:30 in Paris, 17:30 in Mayotte.
        later = at(UTC, 2025, 1, 6, 14, 30)
        assert paris.is_open(later) is True
        assert koungou.is_open(later) is False

    def test_same_utc_clock_time_in_summer(self, mayotte):
        paris = center_with_hours((MONDAY, T(9), T(17)))
        koungou = center_with_hours((MONDAY, T(9), T(17)), territory=mayotte, city="Koungou")
        # 7 July 2025, 07:30 UTC: 09:30 in Paris (UTC+2), still 10:30 in Mayotte (no DST).
        instant = at(UTC, 2025, 7, 7, 7, 30)
        assert paris.is_open(instant) is True
        assert koungou.is_open(instant) is True
        # 06:30 UTC: 08:30 in Paris, 09:30 in Mayotte.
        earlier = at(UTC, 2025, 7, 7, 6, 30)
        assert paris.is_open(earlier) is False
        assert koungou.is_open(earlier) is True

    def test_local_weekday_matters(self, mayotte):
        paris = center_with_hours((SUNDAY, T(20), T(23)))
        koungou = center_with_hours((SUNDAY, T(20), T(23)), territory=mayotte, city="Koungou")
        # Sunday 5 January 2025, 21:30 UTC: Sunday 22:30 in Paris, already Monday 00:30 in Mayotte.
        instant = at(UTC, 2025, 1, 5, 21, 30)
        assert paris.local_time(instant).weekday() == SUNDAY
        assert koungou.local_time(instant).weekday() == MONDAY
        assert paris.is_open(instant) is True
        assert koungou.is_open(instant) is False


class TestIsOpenOnDaylightSavingDay:
    # Sunday 30 March 2025, the last Sunday of March: Paris goes from 02:00 CET to 03:00 CEST.

    def test_morning_window_follows_summer_time(self):
        center = center_with_hours((SUNDAY, T(9), T(10)))
        # 07:30 UTC is 09:30 CEST (a fixed UTC+1 would say 08:30, closed).
        assert center.is_open(at(UTC, 2025, 3, 30, 7, 30)) is True
        # 08:30 UTC is 10:30 CEST (a fixed UTC+1 would say 09:30, open).
        assert center.is_open(at(UTC, 2025, 3, 30, 8, 30)) is False
        # The day before, still winter time: 08:30 UTC is 09:30 CET.
        saturday = center_with_hours((SATURDAY, T(9), T(10)))
        assert saturday.is_open(at(UTC, 2025, 3, 29, 8, 30)) is True

    def test_night_window_loses_the_skipped_hour(self):
        center = center_with_hours((SATURDAY, T(22), T(2, 30)))
        # 00:45 UTC is 01:45 CET: open.
        assert center.is_open(at(UTC, 2025, 3, 30, 0, 45)) is True
        # 01:15 UTC is 03:15 CEST: the window closed at 02:30, an hour that did not exist.
        assert center.is_open(at(UTC, 2025, 3, 30, 1, 15)) is False


class TestDisplay:
    def test_str_names_the_city(self):
        assert str(CenterFactory.build(name="CASO", city="Lyon")) == "CASO (Lyon)"
        assert str(CenterFactory.build(name="Ligne médicale", city="")) == "Ligne médicale"

    def test_url(self):
        assert CenterFactory.build(slug="caso-lyon").get_absolute_url().endswith("/caso-lyon/")

    @pytest.mark.parametrize(
        ("min_age", "max_age", "expected"),
        [
            (0, 18, "from 0 to 18 years old"),
            (None, 18, "up to 18 years old"),
            (60, None, "from 60 years old"),
            (0, None, "from 0 years old"),
            (None, None, ""),
        ],
    )
    def test_age_display(self, english, min_age, max_age, expected):
        assert str(CenterFactory.build(min_age=min_age, max_age=max_age).age_display) == expected

    def test_opening_hours_str_in_english(self, english):
        assert (
            str(OpeningHoursFactory.build(weekday=MONDAY, opens=T(9), closes=T(17)))
            == "Monday 09:00–17:00"
        )

    def test_opening_hours_str_in_french(self, french):
        assert (
            str(OpeningHoursFactory.build(weekday=FRIDAY, opens=T(22), closes=T(2)))
            == "vendredi 22:00–02:00"
        )

    def test_crosses_midnight(self):
        assert OpeningHoursFactory.build(opens=T(22), closes=T(2)).crosses_midnight
        assert not OpeningHoursFactory.build(opens=T(9), closes=T(17)).crosses_midnight

    def test_opening_hours_are_listed_by_day_then_time(self):
        center = CenterFactory()
        tuesday = OpeningHoursFactory(center=center, weekday=1, opens=T(9), closes=T(12))
        monday_pm = OpeningHoursFactory(center=center, weekday=MONDAY, opens=T(14), closes=T(17))
        monday_am = OpeningHoursFactory(center=center, weekday=MONDAY, opens=T(9), closes=T(12))
        assert list(OpeningHours.objects.filter(center=center)) == [monday_am, monday_pm, tuesday]

    def test_notice_str(self, english):
        notice = NoticeFactory.build(kind=NoticeKind.CLOSURE, message="Fermé pour travaux.")
        assert str(notice) == "temporary closure: Fermé pour travaux."


class TestCurrentNotices:
    def test_current_notices_on_a_day(self):
        center = CenterFactory()
        past = NoticeFactory(center=center, starts_on=D(2025, 1, 1), ends_on=D(2025, 1, 31))
        current = NoticeFactory(center=center, starts_on=D(2025, 2, 1), ends_on=D(2025, 2, 28))
        open_ended = NoticeFactory(center=center, starts_on=D(2025, 2, 10), ends_on=None)
        NoticeFactory(center=center, starts_on=D(2025, 3, 1))
        shown = set(Notice.objects.current(on=D(2025, 2, 15)))
        assert shown == {current, open_ended}
        assert past not in shown
        # The last day of a notice still counts.
        assert current in Notice.objects.current(on=D(2025, 2, 28))
