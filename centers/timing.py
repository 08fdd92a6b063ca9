"""When a place's page stops being true: for the page cache (core/page_cache.py)."""

import datetime

from django.utils import timezone

from core.page_cache import next_midnight, next_minute

from .opening import SOON


def next_change(center, at, *, shows_time=False):
    """The next instant what a page shows of this place may change: a window's opening or
    closing minute ("open now"), SOON before its closing ("closes soon"), the next local
    midnight (a notice starts or ends, a closure day or a public holiday begins or ends, "opens
    tomorrow" becomes "opens today"), or the next minute when the page shows the time there.

    Reads the place's opening hours as the view fetched them (prefetched: no query).
    """
    zone = center.territory.zone
    today = timezone.localtime(at, zone).date()
    moments = [next_midnight(at, zone)]
    if shows_time:
        moments.append(next_minute(at))
    # This week's and next week's windows, and yesterday's one running past midnight: the days
    # from yesterday to a week ahead by weekday, worked out once, not for each window.
    days = {}
    for offset in range(-1, 8):
        day = today + datetime.timedelta(days=offset)
        days.setdefault(day.weekday(), []).append(day)
    for row in center.opening_hours.all():
        for day in days.get(row.weekday, ()):
            closes_on = day + datetime.timedelta(days=1) if row.crosses_midnight else day
            moments.append(datetime.datetime.combine(day, row.opens, tzinfo=zone))
            closes = datetime.datetime.combine(closes_on, row.closes, tzinfo=zone)
            moments += [closes, closes - SOON]
    return min((m for m in moments if m > at), default=None)
