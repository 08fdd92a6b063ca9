"""Dates shown at the precision the source gives: a day, a month, a year, a decade, a period.

French assertions check what Django's own locale gives (month names, day-month-year order);
the project's phrases ("the 1970s", "to today") are not translated yet.
"""

import datetime

import pytest

from core.dates import DatePrecision, format_date, format_period, normalise

D = datetime.date


class TestNormalise:
    @pytest.mark.parametrize(
        ("precision", "expected"),
        [
            (DatePrecision.DAY, D(1970, 2, 19)),
            (DatePrecision.MONTH, D(1970, 2, 1)),
            (DatePrecision.YEAR, D(1970, 1, 1)),
            (DatePrecision.DECADE, D(1970, 1, 1)),
        ],
    )
    def test_keeps_only_what_the_precision_says(self, precision, expected):
        assert normalise(D(1970, 2, 19), precision) == expected

    def test_decade_starts_at_its_first_year(self):
        assert normalise(D(1979, 12, 31), DatePrecision.DECADE) == D(1970, 1, 1)
        assert normalise(D(2000, 6, 1), DatePrecision.DECADE) == D(2000, 1, 1)

    def test_no_date_stays_empty(self):
        assert normalise(None, DatePrecision.YEAR) is None


class TestFormatDateEnglish:
    def test_day(self, english):
        assert format_date(D(1970, 2, 19), DatePrecision.DAY) == "19 February 1970"

    def test_month(self, english):
        assert format_date(D(2009, 7, 1), DatePrecision.MONTH) == "July 2009"

    def test_year(self, english):
        assert format_date(D(1972, 1, 1), DatePrecision.YEAR) == "1972"

    def test_decade(self, english):
        assert format_date(D(1970, 1, 1), DatePrecision.DECADE) == "the 1970s"

    def test_decade_of_a_date_not_normalised(self, english):
        assert format_date(D(1974, 5, 3), DatePrecision.DECADE) == "the 1970s"

    def test_year_hides_the_stored_day_and_month(self, english):
        assert format_date(D(1972, 6, 15), DatePrecision.YEAR) == "1972"

    def test_no_date(self, english):
        assert format_date(None, DatePrecision.DAY) == "date not stated"


class TestFormatDateFrench:
    def test_day(self, french):
        assert format_date(D(1970, 2, 19), DatePrecision.DAY) == "19 février 1970"

    def test_day_of_the_hpst_law(self, french):
        assert format_date(D(2009, 7, 21), DatePrecision.DAY) == "21 juillet 2009"

    def test_month(self, french):
        assert format_date(D(2009, 7, 1), DatePrecision.MONTH) == "juillet 2009"

    def test_year(self, french):
        assert format_date(D(1972, 1, 1), DatePrecision.YEAR) == "1972"

    def test_decade_names_the_decade_not_a_day(self, french):
        text = format_date(D(1974, 5, 3), DatePrecision.DECADE)
        assert "1970" in text
        assert "1974" not in text
        assert "mai" not in text


class TestFormatPeriod:
    def test_single_date(self, english):
        assert format_period(D(1972, 1, 1), DatePrecision.YEAR) == "1972"

    def test_open_period_goes_to_today(self, english):
        assert format_period(D(2016, 1, 1), DatePrecision.YEAR, ongoing=True) == "from 2016 to today"

    def test_open_period_from_a_decade(self, english):
        assert format_period(D(1970, 1, 1), DatePrecision.DECADE, ongoing=True) == "from the 1970s to today"

    def test_from_to(self, english):
        assert (
            format_period(D(2013, 1, 1), DatePrecision.YEAR, D(2016, 1, 1), DatePrecision.YEAR)
            == "from 2013 to 2016"
        )

    def test_each_end_keeps_its_own_precision(self, english):
        assert (
            format_period(D(1970, 2, 19), DatePrecision.DAY, D(1972, 1, 1), DatePrecision.YEAR)
            == "from 19 February 1970 to 1972"
        )

    def test_end_without_precision_takes_the_start_precision(self, english):
        assert format_period(D(2009, 7, 1), DatePrecision.MONTH, D(2010, 3, 1)) == "from July 2009 to March 2010"

    def test_no_date_at_all(self, english):
        assert format_period(None, DatePrecision.YEAR) == "date not stated"
        assert format_period(None, DatePrecision.YEAR, ongoing=True) == "date not stated"

    def test_known_end_only_does_not_say_the_start_is_unknown(self, english):
        # A former name "used until 1990", with no start stated, must not read
        # "from date not stated to 1990".
        text = format_period(None, DatePrecision.YEAR, D(1990, 1, 1), DatePrecision.YEAR)
        assert text == "until 1990"

    def test_french_period_uses_french_dates(self, french):
        text = format_period(D(1970, 2, 19), DatePrecision.DAY, D(1972, 1, 1), DatePrecision.YEAR)
        assert "19 février 1970" in text
        assert "1972" in text

    def test_french_open_period_names_its_start(self, french):
        assert "2016" in format_period(D(2016, 1, 1), DatePrecision.YEAR, ongoing=True)
