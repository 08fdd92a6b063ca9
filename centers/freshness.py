"""How fresh a place's information is: its own update frequency (1 to 16 months, 6 by default)
against the day it was last verified.

Never verified: no verification date (a seeded place: its source document, unchecked since).
Fresh: verified within its frequency. Update advised: past its frequency. Update required:
past twice its frequency. Months are calendar months, the day clamped to the month's last
(31 March minus one month is 28 February), the same in Python (`state`) and in SQL
(`CenterQuerySet.in_freshness`), which compare the verification date with the same limits.
"""

import calendar
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_MONTHS = 1
MAX_MONTHS = 16
DEFAULT_MONTHS = 6


class Freshness(models.TextChoices):
    NEVER = "never", _("never verified")
    FRESH = "fresh", _("up to date")
    ADVISED = "advised", _("update advised")
    REQUIRED = "required", _("update required")


def _shift(day, months):
    month = day.year * 12 + day.month - 1 + months
    year, month = divmod(month, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(day, months):
    """`day` minus whole calendar months, the day clamped to the month's last."""
    return _shift(day, -months)


def months_after(day, months):
    """`day` plus whole calendar months, the day clamped to the month's last."""
    return _shift(day, months)


def state(last_verified, every_months, today):
    """The freshness of information verified on `last_verified` (None: never), due every
    `every_months` months, on the day `today`."""
    if last_verified is None:
        return Freshness.NEVER
    if last_verified < months_before(today, 2 * every_months):
        return Freshness.REQUIRED
    if last_verified < months_before(today, every_months):
        return Freshness.ADVISED
    return Freshness.FRESH


def _first_day_past(last_verified, months):
    """The first day on which `last_verified` is more than `months` months ago."""
    day = months_after(last_verified, months)
    while not last_verified < months_before(day, months):
        day += datetime.timedelta(days=1)
    return day


def next_change(last_verified, every_months, today):
    """The first day after `today` on which the state changes by the clock alone, or None
    (never verified, or update required already: only a verification changes them)."""
    if last_verified is None:
        return None
    for months in (every_months, 2 * every_months):
        day = _first_day_past(last_verified, months)
        if day > today:
            return day
    return None
