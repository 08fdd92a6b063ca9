"""Opening hours in a cell, in the common part of OpenStreetMap's `opening_hours` syntax (the
one data·inclusion asks for): `Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00`.

Days: Mo Tu We Th Fr Sa Su, alone, in ranges (Mo-Fr) or lists (Mo,We,Fr); times: HH:MM-HH:MM,
several separated by commas, a closing time before the opening time running past midnight;
`off` closes the days it names; a `PH off` rule (closed on public holidays) is no window: it is
read apart (`closed_on_public_holidays`). Anything else is refused with the rule that was not
understood, never guessed.
"""

import datetime
import re

DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
_DAY_PART = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")
_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
    """The rule that could not be read, as written."""

    def __init__(self, rule):
        super().__init__(rule)
        self.rule = rule


def _days(text):
    days = []
    for part in text.split(","):
        match = _DAY_PART.match(part.strip())
        if not match:
            return None
        first = DAYS.index(match[1])
        last = DAYS.index(match[2]) if match[2] else first
        span = range(first, last + 1) if last >= first else [*range(first, 7), *range(0, last + 1)]
        days += [d for d in span if d not in days]
    return days


def _time(hours, minutes):
    hours, minutes = int(hours), int(minutes)
    if hours == 24 and minutes == 0:
        return datetime.time(0, 0)
    if hours > 23 or minutes > 59:
        raise ValueError
    return datetime.time(hours, minutes)


def parse(text):
    """[(weekday 0–6, opens, closes)] from a cell; [] for an empty one. Raises HoursError."""
    windows = []
    for rule in (r.strip() for r in str(text or "").split(";")):
        if not rule or rule.lower() == "ph off":
            continue
        day_text, _space, times = rule.partition(" ")
        days = _days(day_text)
        if days is None or not times.strip():
            raise HoursError(rule)
        times = times.strip()
        if times == "off":
            windows = [w for w in windows if w[0] not in days]
            continue
        spans = []
        for span in times.split(","):
            match = _TIME_RANGE.match(span.strip())
            try:
                opens, closes = _time(match[1], match[2]), _time(match[3], match[4])
            except (TypeError, ValueError):
                raise HoursError(rule) from None
            if opens == closes:
                raise HoursError(rule)
            spans.append((opens, closes))
        # A later rule for the same day replaces the earlier one, as in OpenStreetMap.
        windows = [w for w in windows if w[0] not in days]
        windows += [(day, opens, closes) for day in days for opens, closes in spans]
    return sorted(set(windows))


def closed_on_public_holidays(text):
    """Whether a cell says the place closes on public holidays (a `PH off` rule)."""
    return any(rule.strip().lower() == "ph off" for rule in str(text or "").split(";"))


def _day_groups(days):
    """[0, 1, 2, 4] → 'Mo-We,Fr'."""
    groups, run = [], []
    for day in sorted(days):
        if run and day != run[-1] + 1:
            groups.append(run)
            run = []
        run.append(day)
    if run:
        groups.append(run)
    return ",".join(DAYS[g[0]] if len(g) == 1 else f"{DAYS[g[0]]}-{DAYS[g[-1]]}" for g in groups)


def format_hours(windows):
    """The cell for [(weekday, opens, closes)]: the days with the same hours together."""
    by_day = {}
    for day, opens, closes in sorted(windows):
        end = "24:00" if closes == datetime.time(0, 0) else f"{closes:%H:%M}"
        by_day.setdefault(day, []).append(f"{opens:%H:%M}-{end}")
    same = {}
    for day, spans in by_day.items():
        same.setdefault(",".join(spans), []).append(day)
    rules = sorted(same.items(), key=lambda item: item[1][0])
    return "; ".join(f"{_day_groups(days)} {spans}" for spans, days in rules)
