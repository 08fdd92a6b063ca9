"""A place's opening state in words: open now, closes soon, closed (opens at …), temporarily
closed until …, hours unknown; and whether it is a public holiday there today.

Open or not is `Center.is_open`, the same answer as the list's "open now" filter (decided in
the database); the words around it (until when, from when) read the same hours, closures and
public holidays. The page cache ends at each boundary the words may cross (centers/timing.py):
a window's opening and closing minute, SOON before its closing, the place's local midnight.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.models import TriState

from .models import NoticeKind, PublicHoliday

# "Closes soon": this long before a closing time, or less.
SOON = datetime.timedelta(minutes=30)
# How many days ahead the next opening is looked for: a week and a day.
HORIZON_DAYS = 8

OPEN, CLOSES_SOON, CLOSED, TEMPORARILY_CLOSED, UNKNOWN = (
    "open",
    "closes_soon",
    "closed",
    "temporarily_closed",
    "unknown",
)


@dataclass
class OpeningState:
    kind: str
    label: str
    detail: str = ""
    holiday: str = ""  # the name of today's public holiday there, if it is one
    holiday_note: str = ""

    @property
    def is_open(self):
        return self.kind in (OPEN, CLOSES_SOON)

    @property
    def css(self):
        """The classes of its label: opening-<kind>, and open-now while open."""
        return f"opening-{self.kind} open-now" if self.is_open else f"opening-{self.kind}"


def holidays_around(centers, at):
    """{département code: {date: name}}: the public holidays the places' states may read
    (from the day before yesterday to the end of the horizon, in any time zone), in one query."""
    today = at.date()
    codes = {center.department_code for center in centers}
    rows = PublicHoliday.objects.filter(
        department_code__in=codes,
        date__range=(
            today - datetime.timedelta(days=2),
            today + datetime.timedelta(days=HORIZON_DAYS + 1),
        ),
    ).values_list("department_code", "date", "name")
    found = defaultdict(dict)
    for code, day, name in rows:
        found[code][day] = name
    return found


def place_holidays(center, at):
    """{date: name}: the public holidays one place's state may read (`holidays_around`)."""
    return holidays_around([center], at).get(center.department_code, {})


def _windows(center, hours, today, holidays):
    """(opens, closes) of the place's windows from yesterday to the horizon, as aware local
    datetimes, leaving out the days it stays closed (a closure, a public holiday it closes on)."""
    zone = center.territory.zone
    # Center.closed_on is never true of a place with no closure notice that does not close on
    # public holidays: then it is not asked, day after day.
    may_close = center.open_on_public_holidays == TriState.NO or any(
        n.kind == NoticeKind.CLOSURE for n in center.notices.all()
    )
    found = []
    for offset in range(-1, HORIZON_DAYS):
        day = today + datetime.timedelta(days=offset)
        rows = [row for row in hours if row.weekday == day.weekday()]
        if not rows or (may_close and center.closed_on(day, holidays)):
            continue
        for row in rows:
            closes_on = day + datetime.timedelta(days=1) if row.crosses_midnight else day
            found.append(
                (
                    datetime.datetime.combine(day, row.opens, tzinfo=zone),
                    datetime.datetime.combine(closes_on, row.closes, tzinfo=zone),
                )
            )
    return sorted(found)


def _closes_at(windows, local):
    """When the running window(s) end: one that opens as another closes carries on."""
    end = max((closes for opens, closes in windows if opens <= local < closes), default=None)
    while end is not None:
        later = max((closes for opens, closes in windows if opens <= end < closes), default=None)
        if later is None:
            break
        end = later
    return end


def _day_words(moment, today):
    if moment.date() == today:
        return _("opens today at %(time)s")
    if moment.date() == today + datetime.timedelta(days=1):
        return _("opens tomorrow at %(time)s")
    return _("opens on %(day)s at %(time)s")


def _opens_words(windows, local, today):
    moment = min((opens for opens, closes in windows if opens > local), default=None)
    if moment is None:
        return ""
    return _day_words(moment, today) % {
        "day": WEEKDAYS[moment.weekday()],
        "time": moment.strftime("%H:%M"),
    }


def _holiday_note(center, holiday):
    """What today's public holiday means for the place. The holiday's name is French (as the
    law and the `holidays` package give it): marked so, kept apart in a right-to-left text."""
    if not holiday:
        return ""
    values = {"name": format_html('<bdi lang="fr">{}</bdi>', holiday)}
    if center.open_on_public_holidays == TriState.NO:
        return _html(
            _("Today is a public holiday (%(name)s): this place closes on public holidays."),
            values,
        )
    if center.open_on_public_holidays == TriState.YES:
        return _html(
            _("Today is a public holiday (%(name)s): this place opens on public holidays."),
            values,
        )
    return _html(
        _(
            "Today is a public holiday (%(name)s): the source does not say whether this place "
            "opens on public holidays. Its usual hours are shown; check before going."
        ),
        values,
    )


def _html(text, values):
    """A translated sentence, escaped, with HTML values put in."""
    return mark_safe(conditional_escape(text) % values)  # noqa: S308 (escaped, then filled in)


def opening_state(center, at, holidays):
    """The place's state at an instant, in words. `holidays`: {date: name} of its
    département's public holidays around `at` (`holidays_around` or `place_holidays`)."""
    local = center.local_time(at)
    today = local.date()
    holiday = holidays.get(today, "")
    note = {"holiday": holiday, "holiday_note": _holiday_note(center, holiday)}
    hours = list(center.opening_hours.all())
    if not hours:
        return OpeningState(UNKNOWN, _("Hours unknown"), **note)
    windows = _windows(center, hours, today, holidays)
    if center.is_open(at, holidays):
        end = _closes_at(windows, local)
        if end is None:  # a window in the hour a change of time skips
            return OpeningState(OPEN, _("Open now"), **note)
        words = {"time": end.strftime("%H:%M")}
        if end - local <= SOON:
            return OpeningState(CLOSES_SOON, _("Closes soon"), _("at %(time)s") % words, **note)
        return OpeningState(OPEN, _("Open now"), _("until %(time)s") % words, **note)
    closures = [
        n for n in center.notices.all() if n.kind == NoticeKind.CLOSURE and n.applies_on(today)
    ]
    if closures:
        ends = [n.ends_on for n in closures]
        if None in ends:
            detail = _("until further notice")
        else:
            detail = _("until %(date)s inclusive") % {"date": date_format(max(ends))}
        return OpeningState(TEMPORARILY_CLOSED, _("Temporarily closed"), detail, **note)
    return OpeningState(CLOSED, _("Closed now"), _opens_words(windows, local, today), **note)
