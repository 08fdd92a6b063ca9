"""What an import does, row by row: the preview (nothing written) and the confirmation (every
row written, or none).

Both read the stored file again and walk its rows with the same code (`Importer`); the preview
only leaves out the writes. A row is:

- **created**: no record has its source and id; the new record is a draft (or in review;
  published only when a publisher's row asks for it), with a staff source saying which file,
  who and when, and a first version in its history;
- **updated**: it matches a record that is not published (a draft, in review, archived): the
  record is changed in place, as a new version;
- **for review**: it matches a published record and differs from it: the difference becomes a
  change waiting for review (core.workflow.PendingChange), the live page is untouched;
- **unchanged**: it matches a record and says nothing new (or the same change already waits
  for review): nothing is written, so importing the same file twice creates nothing twice;
- **refused**, with the reasons in plain words. A file with one refused row cannot be
  confirmed: confirming saves every row or none, in one transaction.
"""

import copy
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from centers.models import Center, CenterKind, Delivery, Language, OpeningHours, Service, Territory
from core import page_cache, workflow
from core.models import PendingChange, Status, TriState
from core.sources import SourceDocument
from core.versions import save_versions
from partners.models import Organization, OrganizationKind
from programs.models import Program, TargetGroup

from . import departements, hours
from .columns import LIST_SEPARATOR, ORGANIZATION_COLUMNS, PLACE_COLUMNS, SITE_SOURCE
from .models import ImportKind
from .reading import read_rows

# The lists of a place an import writes, and how many records an insert writes at once.
PLACE_LINKS = ("programs", "audiences", "services", "languages")
BULK_SIZE = 200

CREATED, UPDATED, FOR_REVIEW, UNCHANGED, REFUSED = (
    "created",
    "updated",
    "for_review",
    "unchanged",
    "refused",
)

TRI_STATE_WORDS = {
    "yes": TriState.YES,
    "oui": TriState.YES,
    "no": TriState.NO,
    "non": TriState.NO,
    "": TriState.NOT_STATED,
}


class Refused(Exception):
    """A row cannot be imported; the messages say why."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = list(messages)


class Changed(Exception):
    """Confirming found a refused row that the preview had not: nothing is saved."""


@dataclass
class RowResult:
    line: int
    outcome: str = ""
    record: str = ""
    messages: list = field(default_factory=list)

    def as_json(self):
        return {
            "line": self.line,
            "outcome": self.outcome,
            "record": self.record,
            "messages": [str(m) for m in self.messages],
        }


@dataclass
class Planned:
    """The values a row gives a record, and the record it matches (None: a new one)."""

    model: type
    key: tuple  # (source, id)
    values: dict  # field name → value
    m2m: dict  # relation → list of records
    hours: list | None  # opening windows; None: the file says nothing of them
    target: models.Model | None
    label: str
    parent_key: tuple | None = None  # an organisation's parent, imported earlier in the file
    record: models.Model | None = None  # the new record, once checked (saved as it is)


def _choice(choices, text, column):
    """A choice from its code or its label in either language, case aside."""
    wanted = text.strip().lower()
    for value, label in choices:
        if wanted in (str(value).lower(), str(label).lower()):
            return value
    raise Refused(
        _("Column “%(column)s”: “%(value)s” is not one of %(allowed)s.")
        % {"column": column, "value": text, "allowed": ", ".join(str(v) for v, _l in choices)}
    )


def _list(text):
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _decimal(text, column):
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ".").replace("\N{NO-BREAK SPACE}", ""))
    except InvalidOperation:
        raise Refused(
            _("Column “%(column)s”: “%(value)s” is not a number.")
            % {"column": column, "value": text}
        ) from None


def _integer(text, column):
    number = _decimal(text, column)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise Refused(
            _("Column “%(column)s”: “%(value)s” is not a whole number.")
            % {"column": column, "value": text}
        )
    return int(number)


def _same(field, current, new):
    if field.many_to_many:
        return sorted(o.pk for o in current) == sorted(o.pk for o in new)
    if isinstance(field, models.CharField | models.TextField):
        return (current or "") == (new or "")
    if field.is_relation:
        return getattr(current, "pk", current) == getattr(new, "pk", new)
    if isinstance(field, models.DecimalField) and current is not None and new is not None:
        return Decimal(current) == Decimal(new)
    return current == new


class Importer:
    """Walks a stored file's rows. `commit`: write them (inside the caller's transaction)."""

    def __init__(self, batch, user, *, commit=False, read=None):
        self.batch = batch
        self.user = user
        self.commit = commit
        self.read = read  # (header, rows) when the file was read already
        self.seen = {}  # (model, source, id) → line
        self.new_keys = set()  # (model, source, id) of rows the preview would create
        self.slugs = set()
        self.written = []  # the records written, for their versions
        self.new_places = []  # (place, links, hours) created, inserted together at the end
        self.cache = {}  # lookups repeated from row to row (organisations, territories)
        self.today = timezone.localdate()
        self.model = (
            Center if batch.kind in (ImportKind.PLACES, ImportKind.DI_SERVICES) else (Organization)
        )

    # -- the file --------------------------------------------------------------------------
    def columns(self):
        return {
            ImportKind.PLACES: PLACE_COLUMNS,
            ImportKind.ORGANIZATIONS: ORGANIZATION_COLUMNS,
        }.get(self.batch.kind)

    def check_header(self, header):
        """The messages that refuse a file's header (a required column missing, an unknown
        one, one written twice)."""
        problems = []
        if self.columns() is None:
            from .data_inclusion import header_problems

            return header_problems(self.batch.kind, header)
        known = [c.name for c in self.columns()]
        for column in self.columns():
            if column.required and column.name not in header:
                problems.append(
                    _("The required column “%(column)s” is missing.") % {"column": column.name}
                )
        for name in header:
            if name and name not in known:
                problems.append(
                    _("The column “%(column)s” is not in the template: check its spelling.")
                    % {"column": name}
                )
        for name in {n for n in header if n and header.count(n) > 1}:
            problems.append(_("The column “%(column)s” appears twice.") % {"column": name})
        return problems

    def run(self):
        """(file problems, [RowResult]). With `commit`, raises Changed when a row is refused."""
        header, rows = self.read or read_rows(bytes(self.batch.content))
        problems = self.check_header(header)
        if problems:
            return problems, []
        self.prefetch(header, rows)
        results = []
        for number, cells in rows:
            row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
            result = RowResult(line=number, record=row.get("name_fr") or row.get("nom") or "")
            try:
                planned = self.plan(row)
                self.mark_seen(planned.key, number)
                result.record = planned.label
                result.outcome, notes = self.outcome(planned)
                result.messages += notes
                if self.commit:
                    self.write(planned, result.outcome)
            except Refused as refusal:
                result.outcome = REFUSED
                result.messages = refusal.messages
                if self.commit:
                    raise Changed(result) from None
            results.append(result)
        if self.commit:
            self.insert_new_places()
        if self.commit and self.written:
            save_versions(self.written, self.source_note(), self.user)
        return [], results

    def prefetch(self, header, rows):
        """The records the rows may match, read in one query rather than one a row, with the
        links and hours a row is compared with (a few queries a file, not five a row)."""
        ids = {
            cells[header.index("id")]
            for _line, cells in rows
            if "id" in header and len(cells) > header.index("id")
        }
        self.known = {}
        for model in (Center, Organization):
            found = model.objects.filter(external_id__in=ids).exclude(external_id="")
            if model is Center and self.model is Center:
                found = found.prefetch_related(*self.place_links(), "opening_hours")
            for obj in found:
                self.known[(model, obj.external_source, obj.external_id)] = obj
        # Rows of source "site" name this site's own records by their id.
        site_ids = {int(i) for i in ids if i.isdigit()} if self.site_rows(header, rows) else ()
        found = self.model.objects.filter(pk__in=site_ids)
        if self.model is Center:
            found = found.prefetch_related(*self.place_links(), "opening_hours")
        self.known_here = {obj.pk: obj for obj in found} if site_ids else {}

    @staticmethod
    def place_links():
        """A place's lists as a row compares them: the linked records' ids only."""
        return [
            Prefetch(name, queryset=Center._meta.get_field(name).related_model.objects.only("pk"))
            for name in PLACE_LINKS
        ]

    @staticmethod
    def site_rows(header, rows):
        """Whether a row of the file has the source "site"."""
        if "source" not in header:
            return False
        column = header.index("source")
        return any(
            len(cells) > column and cells[column].strip() == SITE_SOURCE for _line, cells in rows
        )

    # -- one row -----------------------------------------------------------------------------
    def plan(self, row):
        if self.batch.kind == ImportKind.PLACES:
            return self.plan_place(row)
        if self.batch.kind == ImportKind.ORGANIZATIONS:
            return self.plan_organization(row)
        from .data_inclusion import plan_row

        return plan_row(self, row)

    def key(self, row, source=None):
        source = (source if source is not None else row.get("source", "")).strip()
        source = source or self.batch.source.strip()
        row_id = row.get("id", "").strip()
        if not row_id:
            raise Refused(_("The column “id” is empty: every row needs its own id."))
        if not source:
            raise Refused(
                _(
                    "No source for this row: fill in its “source” column or the source on the "
                    "import form."
                )
            )
        seen = self.seen.get((self.model, source, row_id))
        if seen is not None:
            raise Refused(
                _("Duplicate: row %(line)s already has the id “%(id)s” in the source “%(source)s”.")
                % {"line": seen, "id": row_id, "source": source}
            )
        return source, row_id

    def mark_seen(self, key, line):
        self.seen[(self.model, *key)] = line

    def find(self, model, key):
        """The record of a (source, id), or None. Source "site": the id is this site's own."""
        source, row_id = key
        if source == SITE_SOURCE:
            found = None
            if row_id.isdigit():
                found = (self.known_here if model is self.model else {}).get(int(row_id))
                if found is None:
                    found = model.objects.filter(pk=row_id).first()
            if found is None:
                raise Refused(
                    _("No %(model)s has the id %(id)s on this site (source “site”).")
                    % {"model": model._meta.verbose_name, "id": row_id}
                )
            return found
        # Read before the first row (an earlier row cannot write it: a duplicate id is refused).
        return self.known.get((model, source, row_id))

    def required(self, row, column):
        value = row.get(column, "").strip()
        if not value:
            raise Refused(
                _("The column “%(column)s” is empty; it is required.") % {"column": column}
            )
        return value

    def status(self, row, model, target):
        text = row.get("status", "").strip()
        if not text:
            return None
        status = _choice(Status.choices, text, "status")
        current = target.status if target is not None else None
        if (
            status != current
            and not workflow.can_publish(self.user, model)
            and status not in (workflow.EDITOR_STATUSES)
        ):
            raise Refused(
                _(
                    "Only publishers can publish, unpublish or archive: write draft or "
                    "in_review in the column “status”, or leave it empty."
                )
            )
        return status

    def organization(self, text, source, column):
        """An organisation by slug, or by id in the row's source (imported before)."""
        key = ("organization", text, source)
        if key not in self.cache:
            found = Organization.objects.filter(slug=text).first()
            if found is None and source != SITE_SOURCE:
                found = Organization.objects.filter(
                    external_source=source, external_id=text
                ).first()
            if found is not None or not self.commit:
                self.cache[key] = found
        found = self.cache.get(key)
        if found is None and (Organization, source, text) in self.new_keys:
            return None  # created by an earlier row of this file, once confirmed
        if found is None:
            raise Refused(
                _(
                    "Column “%(column)s”: no organisation “%(value)s” exists. Give the slug of "
                    "an existing organisation or the id of one imported from the same source."
                )
                % {"column": column, "value": text}
            )
        return found

    def related(self, model, row, column, lookup):
        names = _list(row.get(column, ""))
        # Read once for the whole file: the same few programs or languages recur row after row.
        found = self.cache.setdefault(("related", model, lookup), {})
        missing = [name for name in names if name not in found]
        if missing:
            for obj in model.objects.filter(**{f"{lookup}__in": missing}):
                found[getattr(obj, lookup)] = obj
        unknown = [name for name in names if name not in found]
        if unknown:
            raise Refused(
                _("Column “%(column)s”: unknown %(what)s: %(values)s.")
                % {
                    "column": column,
                    "what": model._meta.verbose_name_plural,
                    "values": ", ".join(unknown),
                }
            )
        return [found[name] for name in names]

    def place_location(self, code_text, column="department_code"):
        """département, département code, region and territory from a département code."""
        code = departements.normalize_code(code_text)
        if code not in departements.DEPARTEMENTS:
            raise Refused(
                _(
                    "Column “%(column)s”: “%(value)s” is not a French département code "
                    "(01 to 95, 2A, 2B, 971 to 976)."
                )
                % {"column": column, "value": code_text}
            )
        name, region = departements.DEPARTEMENTS[code]
        slug = departements.territory_slug(code)
        if ("territory", slug) not in self.cache:
            self.cache[("territory", slug)] = Territory.objects.filter(slug=slug).first()
        territory = self.cache[("territory", slug)]
        if territory is None:
            raise Refused(
                _(
                    "The département %(code)s (%(name)s) belongs to a territory this site does "
                    "not have yet (%(slug)s): a publisher adds it in the admin first."
                )
                % {"code": code, "name": name, "slug": slug}
            )
        return {
            "department": name,
            "department_code": code,
            "region": region,
            "territory": territory,
        }

    def plan_place(self, row):
        key = self.key(row)
        target = self.find(Center, key)
        present = set(row)
        values = {}
        for column in ("name_fr", "kind", "operator"):
            self.required(row, column)
        if target is None:
            self.required(row, "department_code")
        for name in (
            "name_fr",
            "name_en",
            "summary_fr",
            "summary_en",
            "description_fr",
            "description_en",
            "address",
            "postcode",
            "city",
            "area_served_fr",
            "area_served_en",
            "phone",
            "email",
            "website",
            "acceslibre_url",
            "conditions_fr",
            "conditions_en",
        ):
            if name in present:
                values[name] = row[name]
        values["kind"] = _choice(CenterKind.choices, row["kind"], "kind")
        if "delivery" in present:
            values["delivery"] = (
                _choice(Delivery.choices, row["delivery"], "delivery")
                if row["delivery"]
                else Delivery.NOT_STATED
            )
        operator = self.organization(row["operator"], key[0], "operator")
        if operator is None:
            raise Refused(
                _(
                    "Column “operator”: the organisation “%(value)s” is only in this file's "
                    "organisations: import the organisations first, then the places."
                )
                % {"value": row["operator"]}
            )
        values["operator"] = operator
        # Empty for a place that has none (a team covering a whole region): left as it is.
        if row.get("department_code", "").strip():
            values.update(self.place_location(row["department_code"]))
        for name in ("latitude", "longitude"):
            if name in present:
                values[name] = _decimal(row[name], name)
        for name in ("min_age", "max_age"):
            if name in present:
                values[name] = _integer(row[name], name)
        for name in (
            "free_of_charge",
            "no_residence_permit_needed",
            "no_health_coverage_needed",
            "appointment_needed",
            "referral_needed",
            "open_on_public_holidays",
            "call_first",
            "step_free_access",
            "animals_accepted",
        ):
            if name in present:
                word = row[name].strip().lower()
                values[name] = TRI_STATE_WORDS.get(word) or _choice(
                    TriState.choices, row[name], name
                )
        status = self.status(row, Center, target)
        if status is not None:
            values["status"] = status
        m2m = {}
        for relation, model, lookup in (
            ("programs", Program, "slug"),
            ("audiences", TargetGroup, "slug"),
            ("services", Service, "slug"),
            ("languages", Language, "code"),
        ):
            if relation in present:
                m2m[relation] = self.related(model, row, relation, lookup)
        windows = None
        if "opening_hours" in present:
            windows = self.opening_hours(row["opening_hours"])
        return Planned(Center, key, values, m2m, windows, target, row["name_fr"])

    def opening_hours(self, text, column="opening_hours"):
        try:
            return hours.parse(text)
        except hours.HoursError as error:
            raise Refused(
                _(
                    "Column “%(column)s”: “%(rule)s” could not be read as opening hours. Write "
                    "them like this: Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00."
                )
                % {"column": column, "rule": error.rule}
            ) from None

    def plan_organization(self, row):
        key = self.key(row)
        target = self.find(Organization, key)
        present = set(row)
        self.required(row, "name_fr")
        self.required(row, "kind")
        values = {}
        for name in (
            "name_fr",
            "name_en",
            "acronym",
            "legal_form_fr",
            "legal_form_en",
            "website",
            "registered_identifier",
            "summary_fr",
            "summary_en",
            "description_fr",
            "description_en",
        ):
            if name in present:
                values[name] = row[name]
        values["kind"] = _choice(OrganizationKind.choices, row["kind"], "kind")
        parent_key = None
        if "parent" in present:
            if row["parent"]:
                parent = self.organization(row["parent"], key[0], "parent")
                if parent is None:
                    parent_key = (key[0], row["parent"])
                values["parent"] = parent
            else:
                values["parent"] = None
        status = self.status(row, Organization, target)
        if status is not None:
            values["status"] = status
        planned = Planned(Organization, key, values, {}, None, target, row["name_fr"])
        planned.parent_key = parent_key
        return planned

    # -- what a row does -------------------------------------------------------------------
    def differences(self, planned):
        """The fields, links and hours a row changes on its record."""
        obj = planned.target
        fields = {}
        for name, value in planned.values.items():
            field = obj._meta.get_field(name)
            # A link compared by its id: the linked record is not read, one query each.
            current = getattr(obj, field.attname if field.many_to_one else name)
            if not _same(field, current, value):
                fields[name] = value
        links = {
            name: objs
            for name, objs in planned.m2m.items()
            if not _same(obj._meta.get_field(name), list(getattr(obj, name).all()), objs)
        }
        hours_differ = planned.hours is not None and sorted(planned.hours) != sorted(
            (h.weekday, h.opens, h.closes) for h in obj.opening_hours.all()
        )
        return fields, links, hours_differ

    def outcome(self, planned):
        """(outcome, notes) of a row, after checking the record it would make is valid."""
        model, obj = planned.model, planned.target
        if obj is None:
            if planned.values.get("status") == Status.PUBLISHED and not workflow.can_publish(
                self.user, model
            ):
                raise Refused(_("Only publishers can publish: write draft or in_review."))
            planned.record = self.new_record(planned)
            self.validate(planned.record, planned)
            self.new_keys.add((model, *planned.key))
            return CREATED, []
        fields, links, hours_differ = self.differences(planned)
        notes = []
        # What workflow.is_live() reads again, one query a row: the record was read before the
        # first row (in the confirmation's transaction when it writes).
        live = obj.status == Status.PUBLISHED
        if live and hours_differ:
            notes.append(
                _(
                    "The opening hours differ from the published page's: hours of a published "
                    "place are changed on its own page in the admin, not by an import. They "
                    "were left as they are."
                )
            )
            hours_differ = False
        if not fields and not links and not hours_differ:
            return UNCHANGED, notes
        changed = self.copy_with(obj, fields)
        self.validate(changed, planned)
        if live:
            if self.same_change_waits(obj, changed, links):
                notes.append(_("The same change already waits for review."))
                return UNCHANGED, notes
            return FOR_REVIEW, notes
        return UPDATED, notes

    def copy_with(self, obj, fields):
        # A copy of the record as it was read (before the first row), not read again.
        changed = copy.copy(obj)
        for name, value in fields.items():
            setattr(changed, name, value)
        return changed

    def same_change_waits(self, obj, changed, links):
        live = workflow.snapshot(obj)
        values = workflow._editable_values(changed)
        wanted_fields = {k: v for k, v in values.items() if live["fields"].get(k) != v}
        wanted_links = {name: sorted(o.pk for o in objs) for name, objs in links.items()}
        for change in PendingChange.objects.waiting().for_object(obj):
            if (
                change.data.get("fields") == json.loads(json.dumps(wanted_fields, default=str))
                and change.data.get("m2m", {}) == wanted_links
            ):
                return True
        return False

    def validate(self, obj, planned):
        """The checks of the model's form and of its constraints, without a query each: the
        constraints an import can break are checked here (Django checks each one with a query,
        several per row)."""
        # The related records were read by the import itself: not read again, one query each.
        exclude = [f.name for f in obj._meta.concrete_fields if f.many_to_one]
        if obj.pk is None:
            exclude.append("slug")
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise Refused(*self.plain_errors(error)) from None
        broken = [name for name, holds in self.constraints(obj) if not holds]
        if broken:
            messages = {c.name: c.violation_error_message for c in obj._meta.constraints}
            raise Refused(*[str(messages[name]) for name in broken])

    @staticmethod
    def constraints(obj):
        """(constraint name, holds) for the constraints of Center and Organization that a row
        can break (the others concern fields an import does not write)."""
        if isinstance(obj, Center):
            low, high = obj.min_age, obj.max_age
            coordinates = (obj.latitude, obj.longitude)
            yield (
                "centers_center_age_bounds_ordered",
                low is None or high is None or high >= low,
            )
            yield "centers_center_max_age_plausible", high is None or high <= 120
            yield (
                "centers_center_coordinates_valid",
                coordinates == (None, None)
                or (
                    None not in coordinates
                    and -90 <= obj.latitude <= 90
                    and -180 <= obj.longitude <= 180
                ),
            )
        else:
            identifier = obj.registered_identifier
            yield (
                "partners_organization_registered_identifier_unique",
                not identifier
                or not Organization.objects.filter(registered_identifier=identifier)
                .exclude(pk=obj.pk)
                .exists(),
            )

    @staticmethod
    def plain_errors(error):
        messages = []
        for name, errors in error.message_dict.items():
            for message in errors:
                if name == "__all__":
                    messages.append(message)
                else:
                    messages.append(
                        _("Column “%(column)s”: %(message)s")
                        % {
                            "column": name.replace("territory", "department_code"),
                            "message": message,
                        }
                    )
        return messages

    def source_note(self):
        return _("Imported from %(file)s by %(user)s on %(date)s.") % {
            "file": self.batch.file_name,
            "user": self.user.get_username(),
            "date": formats.date_format(self.today, "DATE_FORMAT"),
        }

    def unique_slug(self, model, name):
        if not self.slugs:
            # The addresses of the model's own pages too ("map" for a place).
            self.slugs = set(model.objects.values_list("slug", flat=True))
            # An address a page of its own takes (a place named "Map" or "Sélection").
            self.slugs.update(getattr(model, "reserved_slugs", ()))
        base = (slugify(name) or model._meta.model_name)[:110].strip("-")
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return slug

    def new_record(self, planned):
        """The record a new row makes (its slug is given when it is written)."""
        model = planned.model
        if planned.key[0] == SITE_SOURCE:
            raise Refused(
                _("The source “site” names records of this site only; this id is not one.")
            )
        if "source_note" not in self.cache:
            self.cache["source_note"] = self.source_note()
        defaults = {
            name: default
            for name, (original, default) in self.translated_defaults(model).items()
            # A value under the field's own name is modeltranslation's to give its language.
            if original not in planned.values
        }
        values = {**defaults, "status": Status.DRAFT, **planned.values}
        return model(
            **values,
            external_source=planned.key[0],
            external_id=planned.key[1],
            source_document=SourceDocument.STAFF,
            source_entered_by=self.user,
            source_entered_on=self.today,
            source_verification=self.cache["source_note"],
        )

    def translated_defaults(self, model):
        """The defaults of the model's fields in each language of the site, worked out once a
        file: modeltranslation works each one out under its own language, record after record,
        which was a third of the time of a row's preview."""
        key = ("translated defaults", model)
        if key not in self.cache:
            self.cache[key] = {
                f.name: (f.translated_field.name, f.get_default())
                for f in model._meta.concrete_fields
                if hasattr(f, "translated_field")
                and not f.is_relation
                and not (f.has_default() and callable(f.default))
            }
        return self.cache[key]

    # -- writing -----------------------------------------------------------------------------
    def resolve_parent(self, planned):
        if planned.parent_key is not None:
            planned.values["parent"] = Organization.objects.get(
                external_source=planned.parent_key[0], external_id=planned.parent_key[1]
            )

    def write(self, planned, outcome):
        if outcome == UNCHANGED:
            return
        self.resolve_parent(planned)
        comment = self.source_note()
        if outcome == CREATED:
            obj = planned.record  # built and checked by outcome()
            if planned.parent_key is not None:
                obj.parent = planned.values["parent"]
            obj.slug = self.unique_slug(planned.model, planned.values.get("name_fr", ""))
            links = {name: objs for name, objs in planned.m2m.items() if objs}
            if planned.model is Center:
                self.new_places.append((obj, links, planned.hours))
                return
            obj.save()  # an organisation: a later row may name it as its parent
            self.set_links(obj, links, planned.hours, True)
            self.written.append(obj)
            return
        obj = planned.target
        fields, links, hours_differ = self.differences(planned)
        if outcome == FOR_REVIEW:
            live = workflow.snapshot(obj)
            changed = self.copy_with(obj, fields)
            workflow.propose_change(changed, self.user, m2m=links, live=live, reason=comment)
            return
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        self.set_links(obj, links, planned.hours if hours_differ else None)
        self.written.append(obj)

    def insert_new_places(self):
        """The places the file creates, their links and hours: a few inserts of many rows each,
        rather than ten queries a place (its insert, then for each list a read and an insert).
        Inserts in bulk send no signal: the cached pages are made stale here."""
        if not self.new_places:
            return
        places = [place for place, _links, _hours in self.new_places]
        Center.objects.bulk_create(places, batch_size=BULK_SIZE)
        links, hours = defaultdict(list), []
        for place, m2m, windows in self.new_places:
            for name, objs in m2m.items():
                relation = Center._meta.get_field(name)
                through = relation.remote_field.through
                links[through] += [
                    through(
                        **{relation.m2m_column_name(): place.pk, relation.m2m_reverse_name(): pk}
                    )
                    for pk in dict.fromkeys(obj.pk for obj in objs)  # once each, in order
                ]
            hours += [
                OpeningHours(center=place, weekday=d, opens=o, closes=c)
                for d, o, c in windows or ()
            ]
        for through, rows in links.items():
            through.objects.bulk_create(rows, batch_size=BULK_SIZE * 5)
        OpeningHours.objects.bulk_create(hours, batch_size=BULK_SIZE * 5)
        self.written += places
        self.new_places = []
        page_cache.bump()

    @staticmethod
    def set_links(obj, m2m, windows, created=False):
        for name, objs in m2m.items():
            getattr(obj, name).set(objs)
        if windows is not None:
            if not created:
                obj.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                [OpeningHours(center=obj, weekday=d, opens=o, closes=c) for d, o, c in windows]
            )


PLACE_KINDS = (ImportKind.PLACES, ImportKind.DI_SERVICES)


def target_model(kind):
    return Center if kind in PLACE_KINDS else Organization


def may_import(user, kind):
    """Whether a staff member may import a kind of file (checked again by the import job)."""
    opts = target_model(kind)._meta
    return user.has_perm("imports.add_importbatch") and user.has_perm(
        f"{opts.app_label}.add_{opts.model_name}"
    )


def preview(batch, user, read=None):
    """Walk the file without writing anything; store and return the preview. `read`: the file's
    (header, rows), when they were read already."""
    from .reading import FileRefused

    try:
        problems, results = Importer(batch, user, read=read).run()
    except FileRefused as refusal:
        problems, results = [str(refusal)], []
    batch.preview = {
        "file_errors": [str(p) for p in problems],
        "rows": [r.as_json() for r in results],
    }
    return batch.preview


def can_confirm(summary):
    return (
        not summary.get("file_errors")
        and summary.get("rows")
        and not any(row["outcome"] == REFUSED for row in summary["rows"])
    )


def confirm(batch, user):
    """Write every row, or none: one transaction. Returns the fresh summary; raises Changed
    (nothing written) when a row is refused now."""
    with transaction.atomic():
        problems, results = Importer(batch, user, commit=True).run()
        if problems:
            raise Changed(problems)
    return {"file_errors": [], "rows": [r.as_json() for r in results]}


def counts(summary):
    found = {}
    for row in summary.get("rows", []):
        found[row["outcome"]] = found.get(row["outcome"], 0) + 1
    return found
