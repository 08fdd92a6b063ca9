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
    AT,
    FIRST_DAY,
    KEY,
    KEY_TYPE,
    LAST_DAY,
    TEXT,
    PreparedRows,
    attach,
    prepared,
    public_record,
    record_values,
)
from programs.models import Program, TargetGroup

from .models import Center, Language, Notice, OpeningHours, PublicHoliday, Service
from .opening import HORIZON_DAYS


def _places(at):
    return in_page_language(Center.objects.public(at=at).select_related("operator", "territory"))


def _public(model):
    return lambda: in_page_language(model.objects.public(at=AT)).filter(centers=KEY)


# What the page lists: (prefetch name, model, queryset), in prefetch_related's order.
LISTS = (
    ("programs", Program, _public(Program)),
    ("audiences", TargetGroup, _public(TargetGroup)),
    ("services", Service, _public(Service)),
    (
        "key_figures",
        KeyFigure,
        lambda: in_page_language(KeyFigure.objects.public(at=AT)).filter(
            content_type_id=KEY_TYPE, object_id=KEY
        ),
    ),
    ("languages", Language, lambda: in_page_language(Language.objects.filter(centers=KEY))),
    ("opening_hours", OpeningHours, lambda: OpeningHours.objects.filter(center_id=KEY)),
    ("notices", Notice, lambda: in_page_language(Notice.objects.filter(center_id=KEY))),
)
# The lists whose rows point back at the place (set, as prefetch_related sets it).
BACK_TO_PLACE = ("opening_hours", "notices")


def public_place(slug):
    """The public place with this slug, its lists read (Http404 when there is none)."""
    at = timezone.now()
    center = public_record("centers.detail", Center, _places, slug, at)
    values = record_values(center, at)
    for name, model, build in LISTS:
        objects = prepared(f"centers.detail.{name}", build).run(values)
        if name in BACK_TO_PLACE:
            for obj in objects:
                obj.center = center
        attach(center, name, model, objects)
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
    rows = prepared("centers.detail.holidays", _holidays, PreparedRows).run(values)
    return {day: name for code, day, name in rows}
