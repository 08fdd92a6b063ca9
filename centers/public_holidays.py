"""The public holidays of each département, from the `holidays` package, for the table
`PublicHoliday` that "open now" reads (command build_public_holidays)."""

import holidays
from django.db import transaction
from django.utils import timezone

from core import page_cache

from .models import PublicHoliday

# The département codes: 01–95 (Corsica as 2A and 2B, no 20) and the five overseas
# départements. Saint-Pierre-et-Miquelon and the other overseas collectivities are not
# départements (imports/departements.py lists the same codes, with their names).
OVERSEAS = ("971", "972", "973", "974", "976")
DEPARTMENT_CODES = (
    *(f"{n:02d}" for n in range(1, 96) if n != 20),
    "2A",
    "2B",
    *OVERSEAS,
)
# The `holidays` package's subdivision of France for each département that has holidays of
# its own: Moselle; Bas-Rhin and Haut-Rhin (Alsace); each overseas département. The others,
# and a place whose département is not given (code ""), have the national holidays.
SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE", **{code: code for code in OVERSEAS}}
NATIONAL = ""
# Years written by default: this one and the next two.
DEFAULT_YEARS = 3


def holidays_by_subdivision(years):
    """{subdivision: {date: name}}: the public holidays of each subdivision the départements
    use (None: the national ones), names in French as the law gives them. Eight calendars,
    not one per département (0.7 s)."""
    return {
        subdivision: dict(holidays.France(subdiv=subdivision, years=years, language="fr").items())
        for subdivision in {None, *SUBDIVISIONS.values()}
    }


def build_public_holidays(years):
    """Write the public holidays of every département for `years` (replacing what the table
    held for them); returns the number of rows written. The cached pages are made stale when
    anything changed ("open now" may read differently)."""
    years = sorted(set(years))
    calendars = holidays_by_subdivision(years)
    rows = [
        PublicHoliday(date=day, department_code=code, name=name)
        for code in (NATIONAL, *DEPARTMENT_CODES)
        for day, name in sorted(calendars[SUBDIVISIONS.get(code)].items())
    ]
    wanted = {(row.date, row.department_code, row.name) for row in rows}
    in_years = PublicHoliday.objects.filter(date__year__in=years)
    with transaction.atomic():
        if set(in_years.values_list("date", "department_code", "name")) == wanted:
            return 0
        in_years.delete()
        PublicHoliday.objects.bulk_create(rows)
    page_cache.bump()
    return len(rows)


def default_years(today=None):
    first = (today or timezone.localdate()).year
    return list(range(first, first + DEFAULT_YEARS))
