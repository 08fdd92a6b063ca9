"""A public place and what its page lists, by SQL compiled once per process (core.prepared).

The same queries as `CenterDetailMixin.get_queryset()` then `get(slug=…)` with its
prefetch_related (the place with its operator and territory, then its programs, audiences,
services, key figures, languages, opening hours and notices, each public and read with the
page's language's columns only), in the same order, with the same SQL: Django compiled the nine
queries again for every request, which cost more than the database's answers.
"""

import datetime

from django.utils import timezone

from core.fallback import in_page_language
from core.models import KeyFigure
from core.prepared import (
    FIRST_DAY,
    LAST_DAY,
    TEXT,
    PreparedRows,
    prepared,
    public_record,
    read_lists,
)
from programs.models import Program, TargetGroup

from .models import Center, Language, Notice, OpeningHours, PublicHoliday, Service
from .opening import HORIZON_DAYS


def _places(at):
    return in_page_language(Center.objects.public(at=at).select_related("operator", "territory"))


def place_lists(at):
    """What a place's page lists (see core.prepared.read_lists), in prefetch_related's order,
    each public one public at `at`, each with the columns of the page's language only."""

    def public(model):
        return in_page_language(model.objects.public(at=at))

    return (
        ("programs", None, public(Program), "centers", None),
        ("audiences", None, public(TargetGroup), "centers", None),
        ("services", None, public(Service), "centers", None),
        ("key_figures", None, public(KeyFigure), None, None),
        ("languages", None, in_page_language(Language.objects.all()), "centers", None),
        ("opening_hours", None, OpeningHours.objects.all(), "center", None),
        ("notices", None, in_page_language(Notice.objects.all()), "center", None),
    )


def public_place(slug):
    """The public place with this slug, its lists read (Http404 when there is none)."""
    at = timezone.now()
    center = public_record("centers.detail", Center, _places, slug, at)
    read_lists("centers.detail", place_lists, center, at)
    return center


def _holidays():
    # As centers.opening.holidays_around() for one place.
    return PublicHoliday.objects.filter(
        department_code__in=[TEXT], date__range=(FIRST_DAY, LAST_DAY)
    ).values_list("department_code", "date", "name")


def place_holidays(center, at):
    """{date: name}: the public holidays the place's state may read, as
    centers.opening.place_holidays() gives them."""
    today = at.date()
    values = {
        TEXT: center.department_code,
        FIRST_DAY: today - datetime.timedelta(days=2),
        LAST_DAY: today + datetime.timedelta(days=HORIZON_DAYS + 1),
    }
    rows = prepared("centers.detail.holidays", _holidays, PreparedRows, on_server=True).run(values)
    return {day: name for code, day, name in rows}
