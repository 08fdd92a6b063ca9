"""Dates shown at the precision the source gives: a day, a month, a year, a decade, a period.

French assertions check Django's own locale (month names, day-month-year order) and the
project's catalogue (the preposition each precision needs: "du 19 février", "de 1972",
"des années 1970"). The HTML versions say the same words, each date in a <time> element.
"""

import datetime
import re
from html import unescape

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeString

from core import dates
from core.dates import (
    DatePrecision,
    format_date,
    format_period,
    iso_at_precision,
    normalise,
    period_html,
    time_html,
)

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
        assert (
            format_period(D(2016, 1, 1), DatePrecision.YEAR, ongoing=True) == "from 2016 to today"
        )

    def test_open_period_from_a_decade(self, english):
        assert (
            format_period(D(1970, 1, 1), DatePrecision.DECADE, ongoing=True)
            == "from the 1970s to today"
        )

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
        assert (
            format_period(D(2009, 7, 1), DatePrecision.MONTH, D(2010, 3, 1))
            == "from July 2009 to March 2010"
        )

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


class TestFormatPeriodFrench:
    def test_a_day_takes_du(self, french):
        assert (
            format_period(D(1970, 2, 19), DatePrecision.DAY, D(1972, 1, 1), DatePrecision.YEAR)
            == "du 19 février 1970 à 1972"
        )

    def test_a_year_takes_de(self, french):
        assert (
            format_period(D(1972, 1, 1), DatePrecision.YEAR, ongoing=True)
            == "de 1972 à aujourd'hui"
        )
        assert (
            format_period(D(2013, 1, 1), DatePrecision.YEAR, D(2016, 1, 1), DatePrecision.YEAR)
            == "de 2013 à 2016"
        )

    def test_a_month(self, french):
        assert (
            format_period(D(2009, 7, 1), DatePrecision.MONTH, D(2010, 3, 1))
            == "de juillet 2009 à mars 2010"
        )

    def test_a_decade_takes_des_annees(self, french):
        assert format_date(D(1974, 5, 3), DatePrecision.DECADE) == "les années 1970"
        assert (
            format_period(D(1970, 1, 1), DatePrecision.DECADE, ongoing=True)
            == "des années 1970 à aujourd'hui"
        )
        assert (
            format_period(D(1970, 1, 1), DatePrecision.DECADE, D(1980, 1, 1), DatePrecision.DECADE)
            == "des années 1970 aux années 1980"
        )

    def test_known_end_only(self, french):
        assert (
            format_period(None, DatePrecision.YEAR, D(1990, 1, 1), DatePrecision.YEAR)
            == "jusqu'en 1990"
        )
        assert (
            format_period(None, DatePrecision.DAY, D(1990, 3, 2), DatePrecision.DAY)
            == "jusqu'au 2 mars 1990"
        )

    def test_no_date(self, french):
        assert format_period(None, DatePrecision.YEAR) == "date non précisée"


class TestIsoAtPrecision:
    @pytest.mark.parametrize(
        ("precision", "expected"),
        [
            (DatePrecision.DAY, "1970-02-19"),
            (DatePrecision.MONTH, "1970-02"),
            (DatePrecision.YEAR, "1970"),
            (DatePrecision.DECADE, None),  # ISO 8601 cannot say "the 1970s" honestly
        ],
    )
    def test_says_no_more_than_the_precision(self, precision, expected):
        assert iso_at_precision(D(1970, 2, 19), precision) == expected

    def test_no_date(self):
        assert iso_at_precision(None, DatePrecision.DAY) is None


class TestTimeHtml:
    def test_day_month_year_in_a_time_element(self, english):
        assert (
            time_html(D(1970, 2, 19), DatePrecision.DAY)
            == '<time datetime="1970-02-19">19 February 1970</time>'
        )
        assert (
            time_html(D(2009, 7, 1), DatePrecision.MONTH)
            == '<time datetime="2009-07">July 2009</time>'
        )
        assert time_html(D(1972, 6, 15), DatePrecision.YEAR) == '<time datetime="1972">1972</time>'

    def test_a_decade_is_plain_text(self, english):
        assert time_html(D(1974, 1, 1), DatePrecision.DECADE) == "the 1970s"

    def test_french(self, french):
        assert (
            time_html(D(1970, 2, 19), DatePrecision.DAY)
            == '<time datetime="1970-02-19">19 février 1970</time>'
        )
        assert time_html(D(1970, 1, 1), DatePrecision.DECADE) == "les années 1970"

    def test_is_safe_html(self, english):
        assert isinstance(time_html(D(1970, 2, 19), DatePrecision.DAY), SafeString)


PERIODS = [
    # (start, start precision, end, end precision, ongoing)
    (D(1970, 2, 19), DatePrecision.DAY, D(1972, 1, 1), DatePrecision.YEAR, False),
    (D(1972, 1, 1), DatePrecision.YEAR, None, None, True),
    (D(1970, 1, 1), DatePrecision.DECADE, None, None, True),
    (D(1970, 1, 1), DatePrecision.DECADE, D(1980, 1, 1), DatePrecision.DECADE, False),
    (D(2009, 7, 1), DatePrecision.MONTH, D(2010, 3, 1), None, False),
    (None, DatePrecision.YEAR, D(1990, 1, 1), DatePrecision.YEAR, False),
    (None, DatePrecision.DAY, D(1990, 3, 2), DatePrecision.DAY, False),
    (D(1972, 1, 1), DatePrecision.YEAR, None, None, False),
    (None, DatePrecision.YEAR, None, None, True),
]


def text_of(html):
    """What a reader sees: the tags dropped and the entities read."""
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    ("language", "period", "expected"),
    [
        # Each date in a <time> element at its own precision, the words those of format_period.
        (
            "en",
            PERIODS[0],
            'from <time datetime="1970-02-19">19 February 1970</time> '
            'to <time datetime="1972">1972</time>',
        ),
        (
            "fr",
            PERIODS[0],
            'du <time datetime="1970-02-19">19 février 1970</time> '
            'à <time datetime="1972">1972</time>',
        ),
        ("en", PERIODS[1], 'from <time datetime="1972">1972</time> to today'),
        (
            "fr",
            PERIODS[1],
            'de <time datetime="1972">1972</time> à aujourd&#x27;hui',
        ),  # the apostrophe escaped
        # A decade has no <time>: ISO 8601 has no honest value for it.
        ("en", PERIODS[2], "from the 1970s to today"),
        ("fr", PERIODS[2], "des années 1970 à aujourd&#x27;hui"),
        ("fr", PERIODS[3], "des années 1970 aux années 1980"),
        (
            "en",
            PERIODS[4],
            'from <time datetime="2009-07">July 2009</time> '
            'to <time datetime="2010-03">March 2010</time>',
        ),
        (
            "fr",
            PERIODS[4],
            'de <time datetime="2009-07">juillet 2009</time> '
            'à <time datetime="2010-03">mars 2010</time>',
        ),
        ("en", PERIODS[5], 'until <time datetime="1990">1990</time>'),
        ("fr", PERIODS[5], 'jusqu&#x27;en <time datetime="1990">1990</time>'),
        ("fr", PERIODS[6], 'jusqu&#x27;au <time datetime="1990-03-02">2 mars 1990</time>'),
        ("en", PERIODS[7], '<time datetime="1972">1972</time>'),
        ("en", PERIODS[8], "date not stated"),
        ("fr", PERIODS[8], "date non précisée"),
    ],
)
def test_period_html(language, period, expected):
    with translation.override(language):
        html = period_html(*period)
    assert html == expected
    assert isinstance(html, SafeString)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("period", PERIODS)
def test_period_html_says_the_words_of_format_period(language, period):
    with translation.override(language):
        assert text_of(period_html(*period)) == format_period(*period)


class TestPeriodHtmlEscaping:
    @pytest.fixture(autouse=True)
    def _written_again(self):
        """A period is written once per language in a process (core.dates._written): these
        tests change the translated words, so the periods are written again, before and after."""
        dates._written.cache_clear()
        yield
        dates._written.cache_clear()

    def test_the_words_around_a_date_are_escaped_and_the_date_is_not(self, english, monkeypatch):
        def pgettext(context, message):
            return "<b>from</b> & %(date)s" if message == "from %(date)s" else message

        monkeypatch.setattr(dates, "pgettext", pgettext)
        html = period_html(D(1972, 1, 1), DatePrecision.YEAR, ongoing=True)
        assert html == '&lt;b&gt;from&lt;/b&gt; &amp; <time datetime="1972">1972</time> to today'
        assert isinstance(html, SafeString)

    def test_a_decade_is_escaped_too(self, english, monkeypatch):
        monkeypatch.setattr(
            dates, "pgettext", lambda context, message: message.replace("from", "<from>")
        )
        html = period_html(D(1970, 1, 1), DatePrecision.DECADE, ongoing=True)
        assert html.startswith("&lt;from&gt; the 1970s")


class TestTemplateTags:
    def render(self, source, **context):
        return Template("{% load core_tags %}" + source).render(Context(context))

    def test_period_html_of_a_record(self, english):
        class Event:
            starts_on, starts_precision = D(2016, 1, 1), DatePrecision.YEAR
            ends_on, ends_precision, ongoing = None, DatePrecision.YEAR, True

        assert self.render("{% period_html event %}", event=Event()) == (
            'from <time datetime="2016">2016</time> to today'
        )

    def test_time_html(self, french):
        assert self.render(
            "{% time_html day precision %}", day=D(1970, 2, 19), precision=DatePrecision.DAY
        ) == ('<time datetime="1970-02-19">19 février 1970</time>')
