"""Spreadsheets of the public lists, for people: the columns the page shows, in its language.

Values are written as the page writes them: "almost €600,000" stays a text with its qualifier,
an unknown is "not stated by the source" in words, a yes/no/not stated condition in words.
Each list reuses its page's own FilterSet, so a download holds what the page lists.

A cell that a spreadsheet program would run as a formula (starting with = + - @, a tab or a
carriage return) is neutralised in the CSV by a leading apostrophe, except a phone number
(`+33 1 23 45 67 89` stays readable). In the XLSX every value is written with `write_string`
(never a formula, whatever it starts with), as it is. XlsxWriter runs in constant-memory mode:
rows go to disk as they are written.
"""

import csv
import io
import itertools
import re
from dataclasses import dataclass

import xlsxwriter
from django.db.models import Prefetch
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centers.filters import CenterFilter
from centers.models import Center, Language, OpeningHours
from centers.models import Service as PlaceService
from core.models import TriState
from grants.filters import GrantFilter
from history.filters import EventFilter
from history.models import Event
from partners.filters import OrganizationFilter
from partners.models import Organization
from programs.filters import ProgramFilter
from programs.models import Grant, Program, TargetGroup, Theme

# The most rows a filtered download holds (a full list is a stored file, with no limit).
MAX_ROWS = 50_000
CHUNK = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number as people write it: +33 1 23 45 67 89, +262 (0)2 62…, -, . and / between.
PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{5,}")

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


def not_stated():
    return _("not stated by the source")


def tri_state(value):
    if value == TriState.YES:
        return _("Yes")
    if value == TriState.NO:
        return _("No")
    return not_stated()


def neutralise(value):
    """A text a spreadsheet program will not run as a formula; phone numbers untouched."""
    if value and value.startswith(FORMULA_START) and not PHONE.fullmatch(value):
        return "'" + value
    return value


# -- what each list's rows say -----------------------------------------------------------------


def where(center):
    """The place in words, as centers/includes/where.html writes it."""
    if center.city:
        text = center.city
        if center.department and center.department != center.city:
            text += f", {center.department}"
        if center.department_code:
            text += f" ({center.department_code})"
    elif center.department:
        text = center.department
        if center.department_code:
            text += f" ({center.department_code})"
        if center.region and center.region != center.department:
            text += f", {center.region}"
    elif center.region:
        text = center.region
    else:
        text = not_stated()
    territory = center.territory
    if territory.overseas and territory.name != center.department:
        text += f" – {territory.name}"
    return text


def welcome(center):
    names = "; ".join(group.name for group in center.public_audiences)
    age = str(center.age_display)
    if names and age:
        return f"{names} – {age}"
    return names or age or not_stated()


def windows_of(center):
    """A place's (weekday, opens, closes) windows: as `attach_places` set them, or read from
    its own rows (a place read on its own)."""
    windows = getattr(center, "windows", None)
    if windows is None:
        windows = [(w.weekday, w.opens, w.closes) for w in center.opening_hours.all()]
    return windows


def hours(center):
    """The opening hours in words, from `center.windows` ((weekday, opens, closes), set by
    `attach_places`) or, without it, from the place's own rows."""
    windows = sorted(windows_of(center), key=lambda w: (w[0], w[1]))
    if not windows:
        return not_stated()
    days = []
    for day, rows in itertools.groupby(windows, key=lambda w: w[0]):
        text = ", ".join(f"{opens:%H:%M}–{closes:%H:%M}" for _day, opens, closes in rows)
        days.append(f"{WEEKDAYS[day]} {text}")
    return "; ".join(days)


def names(rows):
    return "; ".join(str(row) for row in rows) or not_stated()


def or_not_stated(value):
    return str(value) if value else not_stated()


def funding(program):
    parts = []
    for grant in program.public_grants:
        text = _("%(amount)s from %(funder)s") % {
            "amount": grant.amount_display,
            "funder": grant.funder.name,
        }
        if grant.duration_display:
            text += " " + _("over %(duration)s") % {"duration": grant.duration_display}
        parts.append(text)
    return "; ".join(parts) or not_stated()


def run_by(program):
    lead = program.lead_organization
    if lead is None:
        return not_stated()
    return lead.name if lead.is_public else ""


@dataclass
class ListSpec:
    """One public list: its page, its FilterSet, its rows and its columns."""

    key: str
    title: object  # lazy text: the list's name
    url_name: str
    filterset: type
    columns: list  # [(header (lazy), value(record, absolute) -> str)]
    queryset: object  # () -> the public records, as the page's FilterSet takes them
    rows: object  # (filtered queryset) -> the records with what the columns read
    # (records) -> None: gives a chunk of records what `rows` did not fetch (a few queries a
    # chunk, not one a record)
    attach: object = None

    def filtered(self, data, request, at):
        """The page's FilterSet on `data`, or None when a filter's value is not understood."""
        kwargs = {"at": at} if self.filterset is CenterFilter else {}
        filterset = self.filterset(
            data or None, queryset=self.queryset(), request=request, **kwargs
        )
        if filterset.is_bound and filterset.errors:
            return None
        return filterset.qs


def _places(qs):
    return qs.select_related("operator", "territory")


def attach_places(places):
    """A chunk of places' public groups, public services, languages and opening hours, as
    the prefetches would give them (same records, same order), in four queries of plain
    values: the groups, services and languages are a few dozen records read once a chunk,
    not one model instance per place and link (modeltranslation makes each costly)."""
    ids = [place.pk for place in places]
    links = {}
    for attr, field, related in (
        ("public_audiences", "audiences", TargetGroup.objects.public()),
        ("public_services", "services", PlaceService.objects.public()),
        ("all_languages", "languages", Language.objects.all()),
    ):
        through = Center._meta.get_field(field).remote_field.through
        target = f"{related.model._meta.model_name}_id"
        ordered = list(related)  # the related model's own ordering, as the prefetch had it
        position = {obj.pk: index for index, obj in enumerate(ordered)}
        found = {place_id: [] for place_id in ids}
        pairs = through.objects.filter(center_id__in=ids).values_list("center_id", target)
        for place_id, related_id in pairs:
            if related_id in position:
                found[place_id].append(related_id)
        links[attr] = (found, ordered, position)
    windows = {place_id: [] for place_id in ids}
    for place_id, *window in (
        OpeningHours.objects.filter(center_id__in=ids)
        .order_by("center", "weekday", "opens")
        .values_list("center_id", "weekday", "opens", "closes")
    ):
        windows[place_id].append(tuple(window))
    for place in places:
        for attr, (found, ordered, position) in links.items():
            chosen = sorted(found[place.pk], key=position.__getitem__)
            setattr(place, attr, [ordered[position[pk]] for pk in chosen])
        place.windows = windows[place.pk]


def _programs(qs):
    return qs.select_related("lead_organization").prefetch_related(
        Prefetch(
            "grants",
            Grant.objects.public(via="program").select_related("funder").order_by("slug"),
            to_attr="public_grants",
        ),
        Prefetch("themes", Theme.objects.public(), to_attr="public_themes"),
    )


def _events(qs):
    return qs.select_related("organization").prefetch_related(
        Prefetch(
            "related_organizations",
            Organization.objects.public(),
            to_attr="public_related_organizations",
        )
    )


def _page(record, absolute):
    return absolute(record.get_absolute_url())


LISTS = {
    spec.key: spec
    for spec in [
        ListSpec(
            key="places",
            title=gettext_lazy("Care places"),
            url_name="centers:center-list",
            filterset=CenterFilter,
            queryset=lambda: Center.objects.public(),
            rows=_places,
            attach=attach_places,
            columns=[
                (gettext_lazy("Name"), lambda c, a: c.name),
                (gettext_lazy("Kind"), lambda c, a: str(c.get_kind_display()).capitalize()),
                (gettext_lazy("Summary"), lambda c, a: c.summary),
                (gettext_lazy("Where"), lambda c, a: where(c)),
                (gettext_lazy("Area served"), lambda c, a: c.area_served),
                (gettext_lazy("Address"), lambda c, a: or_not_stated(c.address)),
                (gettext_lazy("Phone"), lambda c, a: or_not_stated(c.phone)),
                (gettext_lazy("E-mail"), lambda c, a: or_not_stated(c.email)),
                (gettext_lazy("Website"), lambda c, a: or_not_stated(c.website)),
                (gettext_lazy("Who is welcome"), lambda c, a: welcome(c)),
                (gettext_lazy("Free of charge"), lambda c, a: tri_state(c.free_of_charge)),
                (
                    gettext_lazy("No residence permit needed"),
                    lambda c, a: tri_state(c.no_residence_permit_needed),
                ),
                (
                    gettext_lazy("No health coverage needed"),
                    lambda c, a: tri_state(c.no_health_coverage_needed),
                ),
                (gettext_lazy("Appointment needed"), lambda c, a: tri_state(c.appointment_needed)),
                (gettext_lazy("Referral needed"), lambda c, a: tri_state(c.referral_needed)),
                (gettext_lazy("Call before coming"), lambda c, a: tri_state(c.call_first)),
                (gettext_lazy("Step-free access"), lambda c, a: tri_state(c.step_free_access)),
                (gettext_lazy("Acceslibre page"), lambda c, a: c.acceslibre_url),
                (gettext_lazy("Animals accepted"), lambda c, a: tri_state(c.animals_accepted)),
                (gettext_lazy("Services"), lambda c, a: names(c.public_services)),
                (gettext_lazy("Languages spoken"), lambda c, a: names(c.all_languages)),
                (gettext_lazy("Opening hours"), lambda c, a: hours(c)),
                (
                    gettext_lazy("Open on public holidays"),
                    lambda c, a: tri_state(c.open_on_public_holidays),
                ),
                (gettext_lazy("Run by"), lambda c, a: c.operator.name),
                (
                    gettext_lazy("Last verified on"),
                    lambda c, a: (
                        c.last_verified_on.isoformat()
                        if c.last_verified_on
                        else _("never verified")
                    ),
                ),
                (gettext_lazy("Page"), _page),
            ],
        ),
        ListSpec(
            key="programs",
            title=gettext_lazy("Programs"),
            url_name="programs:program-list",
            filterset=ProgramFilter,
            queryset=lambda: Program.objects.public(),
            rows=_programs,
            columns=[
                (gettext_lazy("Title"), lambda p, a: p.title),
                (gettext_lazy("Kind"), lambda p, a: str(p.get_kind_display()).capitalize()),
                (gettext_lazy("Summary"), lambda p, a: p.summary),
                (gettext_lazy("Run by"), lambda p, a: run_by(p)),
                (gettext_lazy("Where"), lambda p, a: or_not_stated(p.area)),
                (gettext_lazy("Themes"), lambda p, a: names(p.public_themes)),
                (gettext_lazy("Funding"), lambda p, a: funding(p)),
                (gettext_lazy("Period"), lambda p, a: or_not_stated(p.period_display)),
                (gettext_lazy("Page"), _page),
            ],
        ),
        ListSpec(
            key="grants",
            title=gettext_lazy("Grants"),
            url_name="grants:grant-list",
            filterset=GrantFilter,
            queryset=lambda: Grant.objects.public(),
            rows=lambda qs: qs.select_related("program", "funder", "recipient"),
            columns=[
                (gettext_lazy("Funder"), lambda g, a: g.funder.name),
                (
                    gettext_lazy("Recipient"),
                    lambda g, a: (
                        g.recipient.name if g.recipient else _("recipient not stated by the source")
                    ),
                ),
                (gettext_lazy("Amount"), lambda g, a: str(g.amount_display)),
                (gettext_lazy("Program"), lambda g, a: g.program.title),
                (gettext_lazy("Duration"), lambda g, a: or_not_stated(g.duration_display)),
                (gettext_lazy("Period"), lambda g, a: or_not_stated(g.period_display)),
                (gettext_lazy("Award date"), lambda g, a: or_not_stated(g.awarded_display)),
                (gettext_lazy("Page"), _page),
            ],
        ),
        ListSpec(
            key="organisations",
            title=gettext_lazy("Organisations"),
            url_name="partners:organization-list",
            filterset=OrganizationFilter,
            queryset=lambda: Organization.objects.public(),
            rows=lambda qs: qs.select_related("parent"),
            columns=[
                (gettext_lazy("Name"), lambda o, a: o.name),
                (gettext_lazy("Acronym"), lambda o, a: o.acronym),
                (gettext_lazy("Kind"), lambda o, a: str(o.get_kind_display()).capitalize()),
                (gettext_lazy("Founded"), lambda o, a: or_not_stated(o.founded_display)),
                (
                    gettext_lazy("Part of"),
                    lambda o, a: o.parent.name if o.parent and o.parent.is_public else "",
                ),
                (gettext_lazy("Summary"), lambda o, a: o.summary),
                (gettext_lazy("Website"), lambda o, a: or_not_stated(o.website)),
                (gettext_lazy("Page"), _page),
            ],
        ),
        ListSpec(
            key="timeline",
            title=gettext_lazy("Timeline"),
            url_name="history:timeline",
            filterset=EventFilter,
            queryset=lambda: Event.objects.public().timeline(),
            rows=_events,
            columns=[
                (
                    gettext_lazy("Date"),
                    lambda e, a: e.date_display or _("Date not stated by the source"),
                ),
                (gettext_lazy("Event"), lambda e, a: e.title),
                (gettext_lazy("Planned"), lambda e, a: _("Planned") if e.planned else ""),
                (gettext_lazy("Text"), lambda e, a: e.text),
                (gettext_lazy("Organisation"), lambda e, a: e.organization.name),
                (
                    gettext_lazy("Also involved"),
                    lambda e, a: "; ".join(o.name for o in e.public_related_organizations),
                ),
                (
                    gettext_lazy("Page"),
                    lambda e, a: a(f"{e.organization.get_absolute_url()}#event-{e.slug}"),
                ),
            ],
        ),
    ]
}


# The address of each list (its page's first path segment), for its download address.
LISTS_PATHS = {
    "places": "places",
    "programs": "programs",
    "grants": "grants",
    "partners": "organisations",
    "history": "timeline",
}


def _records(spec, queryset):
    """The list's records, read CHUNK at a time (with what `attach` adds to each chunk)."""
    records = spec.rows(queryset).iterator(chunk_size=CHUNK)
    if spec.attach is None:
        yield from records
        return
    while chunk := list(itertools.islice(records, CHUNK)):
        spec.attach(chunk)
        yield from chunk


def table(spec, queryset, absolute, *, limit=None):
    """(headers, rows, capped): the list's rows as the page's texts, read in chunks."""
    records = _records(spec, queryset)
    if limit is not None:  # one more than the limit: capped_rows() then knows it was cut
        records = itertools.islice(records, limit + 1)
    headers = [str(header) for header, _value in spec.columns]
    rows = ([str(value(r, absolute) or "") for _h, value in spec.columns] for r in records)
    return headers, rows


class CsvFile:
    """A CSV written row by row: UTF-8 with a byte-order mark (spreadsheet programs then read
    the accents right), every cell neutralised."""

    def __init__(self, headers):
        self.out = io.StringIO()
        self.writer = csv.writer(self.out, lineterminator="\r\n")
        self.writer.writerow(headers)
        self.count = 0

    def add(self, row):
        self.writer.writerow([neutralise(value) for value in row])
        self.count += 1

    def close(self, note=None):
        if note:
            self.writer.writerow([note])
        return ("\ufeff" + self.out.getvalue()).encode("utf-8"), self.count


class XlsxFile:
    """An XLSX written row by row, in constant memory, every value a string."""

    def __init__(self, headers, title):
        self.out = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self.out,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.sheet = self.workbook.add_worksheet(title[:31])
        bold = self.workbook.add_format({"bold": True})
        self.sheet.freeze_panes(1, 0)
        for column, header in enumerate(headers):
            self.sheet.set_column(column, column, 24)
            self.sheet.write_string(0, column, header, bold)
        self.count = 0

    def add(self, row):
        self.count += 1
        write, line = self.sheet.write_string, self.count
        for column, value in enumerate(row):
            if value:
                write(line, column, value)

    def close(self, note=None):
        if note:
            self.sheet.write_string(self.count + 1, 0, note)
        self.workbook.close()
        return self.out.getvalue(), self.count


def csv_bytes(headers, rows, *, note=None):
    """(bytes, rows) of a CSV; `note`, a callable read after the rows, adds a last line."""
    out = CsvFile(headers)
    for row in rows:
        out.add(row)
    return out.close(note() if note else None)


def xlsx_bytes(headers, rows, *, title, note=None):
    out = XlsxFile(headers, title)
    for row in rows:
        out.add(row)
    return out.close(note() if note else None)


def capped_rows(rows, limit):
    """The rows up to `limit`, and a flag set once a row past it was seen."""
    state = {"capped": False}

    def gen():
        for index, row in enumerate(rows):
            if index >= limit:
                state["capped"] = True
                return
            yield row

    return gen(), state


def spreadsheet(spec, queryset, absolute, fmt, *, limit=None):
    """(bytes, rows) of a list as CSV or XLSX; past `limit` rows, the file is cut and its last
    line says so (a note is a callable read after the rows: the rows stream)."""
    headers, rows = table(spec, queryset, absolute, limit=limit)
    note = None
    if limit is not None:
        rows, state = capped_rows(rows, limit)

        def note():  # read once the rows are written: was there one more?
            if not state["capped"]:
                return None
            return _(
                "This file stops at %(count)s rows: narrow the filters to download the rest."
            ) % {"count": number_format(limit, force_grouping=True)}

    if fmt == "csv":
        return csv_bytes(headers, rows, note=note)
    return xlsx_bytes(headers, rows, title=str(spec.title), note=note)


def spreadsheets(spec, queryset, absolute):
    """{format: (bytes, rows)} of a whole list as CSV and XLSX, both written in one pass over
    the records (the stored files: each row read and formatted once, not once a format)."""
    headers, rows = table(spec, queryset, absolute)
    files = {"csv": CsvFile(headers), "xlsx": XlsxFile(headers, str(spec.title))}
    for row in rows:
        for out in files.values():
            out.add(row)
    return {fmt: out.close() for fmt, out in files.items()}
