"""Dates with their precision: 19 February 1970, 1972, the 1970s, from 2016 to today."""

import datetime

from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext, pgettext
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


def _bound(kind, date, precision):
    """One end of a period with the preposition its precision needs (du 19 février / de 1972)."""
    if precision == DatePrecision.DECADE:
        template = {
            "from": pgettext("period start, a decade", "from the %(decade)ss"),
            "to": pgettext("period end, a decade", "to the %(decade)ss"),
            "until": pgettext("period end only, a decade", "until the %(decade)ss"),
        }[kind]
        return template % {"decade": date.year - date.year % 10}
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
    return template % {"date": format_date(date, precision)}


def format_period(start, start_precision, end=None, end_precision=None, ongoing=False):
    """A date or a period: "1972", "from 2016 to today", "from 2013 to 2016", "until 1990"."""
    if start is None and end is None:
        return gettext("date not stated")
    if end is None and not ongoing:
        return format_date(start, start_precision)
    if start is None:
        return _bound("until", end, end_precision or start_precision)
    if end is None:
        return f"{_bound('from', start, start_precision)} {pgettext('period end', 'to today')}"
    return f"{_bound('from', start, start_precision)} {_bound('to', end, end_precision or start_precision)}"
