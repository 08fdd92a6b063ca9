"""Dates with their precision: 19 February 1970, 1972, the 1970s, from 2016 to today."""

import datetime

from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext as _gettext
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
        return _gettext("date not stated")
    if precision == DatePrecision.DAY:
        return dateformat.format(date, _gettext("j F Y"))
    if precision == DatePrecision.MONTH:
        return dateformat.format(date, _gettext("F Y"))
    if precision == DatePrecision.DECADE:
        return _gettext("the %(decade)ss") % {"decade": date.year - date.year % 10}
    return str(date.year)


def format_period(start, start_precision, end=None, end_precision=None, ongoing=False):
    """A date or a period: "1972", "since 2011", "from 2016 to today", "2013–2016"."""
    if start is None and end is None:
        return _gettext("date not stated")
    if end is None and not ongoing:
        return format_date(start, start_precision)
    if start is None:
        return _gettext("until %(end)s") % {"end": format_date(end, end_precision or start_precision)}
    if end is None:
        if start_precision == DatePrecision.DECADE:
            return _gettext("from %(start)s on") % {"start": format_date(start, start_precision)}
        return _gettext("from %(start)s to today") % {"start": format_date(start, start_precision)}
    return _gettext("from %(start)s to %(end)s") % {
        "start": format_date(start, start_precision),
        "end": format_date(end, end_precision or start_precision),
    }
