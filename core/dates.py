"""Dates with their precision: 19 February 1970, 1972, the 1970s, from 2016 to today.

As text (format_date, format_period), in ISO 8601 at their precision for schema.org and
<time datetime> (iso_at_precision), and as HTML with each date in a <time> element
(time_html, period_html: the same words as the text, from the same catalogue entries).
"""

import datetime
from functools import lru_cache

from django.db import models
from django.utils import dateformat
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    DECADE = "decade", _("decade")


def normalise(date, precision):
    """Store a date at its precision: a year is its 1 January, a decade its first year."""
    if date is None:
        return None
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.DECADE:
        return datetime.date(date.year - date.year % 10, 1, 1)
    return date


def format_date(date, precision):
    """Format a date at its precision, in the active language."""
    if date is None:
        return gettext("date not stated")
    if precision == DatePrecision.DAY:
        return dateformat.format(date, gettext("j F Y"))
    if precision == DatePrecision.MONTH:
        return dateformat.format(date, gettext("F Y"))
    if precision == DatePrecision.DECADE:
        return gettext("the %(decade)ss") % {"decade": date.year - date.year % 10}
    return str(date.year)


def iso_at_precision(date, precision):
    """'1970-02-19', '1970-02' or '1972'; None for a decade, which ISO 8601 cannot say honestly.

    Both schema.org dates and the HTML <time datetime> attribute take these forms.
    """
    if date is None:
        return None
    if precision == DatePrecision.DAY:
        return date.isoformat()
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    return None


def time_html(date, precision):
    """format_date in a <time datetime> element; a decade stays plain text (no honest value)."""
    iso = iso_at_precision(date, precision)
    text = format_date(date, precision)
    return (
        format_html('<time datetime="{}">{}</time>', iso, text) if iso else conditional_escape(text)
    )


def _bound(kind, date, precision, html=False):
    """One end of a period with the preposition its precision needs (du 19 février / de 1972).

    With html, the date is a <time> element and the translated words around it are escaped.
    """
    if precision == DatePrecision.DECADE:
        template = {
            "from": pgettext("period start, a decade", "from the %(decade)ss"),
            "to": pgettext("period end, a decade", "to the %(decade)ss"),
            "until": pgettext("period end only, a decade", "until the %(decade)ss"),
        }[kind]
        text = template % {"decade": date.year - date.year % 10}
        return conditional_escape(text) if html else text
    if precision == DatePrecision.DAY:
        template = {
            "from": pgettext("period start, a day", "from %(date)s"),
            "to": pgettext("period end, a day", "to %(date)s"),
            "until": pgettext("period end only, a day", "until %(date)s"),
        }[kind]
    else:
        template = {
            "from": pgettext("period start, a month or a year", "from %(date)s"),
            "to": pgettext("period end, a month or a year", "to %(date)s"),
            "until": pgettext("period end only, a month or a year", "until %(date)s"),
        }[kind]
    if html:
        before, _placeholder, after = template.partition("%(date)s")
        return format_html(
            "{}{}{}",
            before.replace("%%", "%"),
            time_html(date, precision),
            after.replace("%%", "%"),
        )
    return template % {"date": format_date(date, precision)}


def _period(start, start_precision, end, end_precision, ongoing, html):
    if start is None and end is None:
        text = gettext("date not stated")
        return conditional_escape(text) if html else text
    if end is None and not ongoing:
        return time_html(start, start_precision) if html else format_date(start, start_precision)
    if start is None:
        return _bound("until", end, end_precision or start_precision, html)
    first = _bound("from", start, start_precision, html)
    if end is None:
        last = pgettext("period end", "to today")
    else:
        last = _bound("to", end, end_precision or start_precision, html)
    return format_html("{} {}", first, last) if html else f"{first} {last}"


@lru_cache(maxsize=4096)
def _written(start, start_precision, end, end_precision, ongoing, html, language):
    # Once per period and language in a process (the words depend on nothing else): search
    # and the lists write some forty periods a page, each through gettext and date formats.
    return _period(start, start_precision, end, end_precision, ongoing, html)


def format_period(start, start_precision, end=None, end_precision=None, ongoing=False):
    """A date or a period: "1972", "from 2016 to today", "from 2013 to 2016", "until 1990"."""
    return _written(
        start, start_precision, end, end_precision, bool(ongoing), False, get_language()
    )


def period_html(start, start_precision, end=None, end_precision=None, ongoing=False):
    """format_period, word for word, with each date in a <time datetime> element at its precision.

    A decade has no <time> (ISO 8601 has no honest value for it); everything else is escaped.
    """
    return _written(start, start_precision, end, end_precision, bool(ongoing), True, get_language())
