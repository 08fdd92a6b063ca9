"""Rows in data·inclusion's format (schema v1, the `data-inclusion-schema` package): a structure
becomes an organisation, a service a place. Each row is first validated by the package's own
models (`Structure`, `Service`); a row they refuse is refused with their reasons in plain words.

What the schema does not say is not invented: the kind of organisation or place is stated for
the whole file on the import form; `publics` and `thematiques` are not mapped (the site's groups
of people and services are its own lists); `lien_source` is the producer's page, not the
place's website. A service's `structure_id` must name a structure imported before (same
`source`).

Lists in a CSV or XLSX cell are written as JSON (["femmes", "jeunes"]) or separated by commas.
"""

import json
import re
from decimal import ROUND_HALF_UP, Decimal

from data_inclusion.schema.v1 import Frais, ModeAccueil
from data_inclusion.schema.v1 import Service as DIService
from data_inclusion.schema.v1 import Structure as DIStructure
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from centers.models import Center, Delivery
from core.models import TriState
from partners.models import Organization

from . import departements, hours
from .models import ImportKind

SCHEMAS = {ImportKind.DI_STRUCTURES: DIStructure, ImportKind.DI_SERVICES: DIService}
REQUIRED = {
    ImportKind.DI_STRUCTURES: ["source", "id", "nom", "date_maj"],
    ImportKind.DI_SERVICES: ["source", "structure_id", "id", "nom", "description", "date_maj"],
}
COORDINATE = Decimal("0.00001")


def _is_list(field):
    return bool(re.search(r"\b(set|list)\[", repr(field.annotation)))


def header_problems(kind, header):
    schema = SCHEMAS[kind]
    problems = []
    for name in REQUIRED[kind]:
        if name not in header:
            problems.append(_("The required column “%(column)s” is missing.") % {"column": name})
    for name in header:
        if name and name not in schema.model_fields:
            problems.append(
                _("The column “%(column)s” is not in data·inclusion's schema: check its spelling.")
                % {"column": name}
            )
    return problems


def _cell(field, text):
    if not text:
        return None
    if _is_list(field):
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                return text  # the schema refuses it, with its own words
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _plain(error, row):
    column = str(error["loc"][0]) if error["loc"] else ""
    value = row.get(column, "")
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("The column “%(column)s” is empty; data·inclusion requires it.") % {
            "column": column
        }
    if kind == "string_too_short":
        return _(
            "Column “%(column)s”: at least %(count)s characters are needed (data·inclusion's "
            "schema)."
        ) % {"column": column, "count": context.get("min_length")}
    if kind == "string_too_long":
        return _(
            "Column “%(column)s”: at most %(count)s characters are allowed (data·inclusion's "
            "schema)."
        ) % {"column": column, "count": context.get("max_length")}
    if kind == "enum":
        return _(
            "Column “%(column)s”: “%(value)s” is not one of the values data·inclusion's schema "
            "lists for it."
        ) % {"column": column, "value": value}
    return _(
        "Column “%(column)s”: “%(value)s” does not meet data·inclusion's schema (%(detail)s)."
    ) % {"column": column, "value": value, "detail": error["msg"]}


def validated(kind, row):
    """The row as the package's model, or Refused with its reasons."""
    from .importer import Refused

    schema = SCHEMAS[kind]
    data = {}
    for name, field in schema.model_fields.items():
        value = _cell(field, row.get(name, "").strip())
        if value is not None:
            data[name] = value
    try:
        return schema.model_validate(data)
    except SchemaError as error:
        raise Refused(*[_plain(e, row) for e in error.errors()]) from None


def plan_row(importer, row):
    from .importer import Planned, Refused

    kind = importer.batch.kind
    record = validated(kind, row)
    key = importer.key({"id": record.id}, source=record.source)
    if kind == ImportKind.DI_STRUCTURES:
        target = importer.find(Organization, key)
        values = {
            "name_fr": record.nom,
            "kind": importer.batch.record_kind,
            "description_fr": record.description or "",
            "website": str(record.site_web) if record.site_web else "",
        }
        return Planned(Organization, key, values, {}, None, target, record.nom)

    target = importer.find(Center, key)
    operator = Organization.objects.filter(
        external_source=record.source, external_id=record.structure_id
    ).first()
    if operator is None:
        raise Refused(
            _(
                "The structure “%(id)s” (column “structure_id”) does not exist on this site: "
                "import the structures file of the source “%(source)s” first."
            )
            % {"id": record.structure_id, "source": record.source}
        )
    code = departements.code_from_insee(record.code_insee) or departements.code_from_postcode(
        record.code_postal
    )
    if not code:
        raise Refused(
            _(
                "No département: the row gives neither an INSEE commune code (code_insee) nor a "
                "postcode (code_postal) that names one."
            )
        )
    values = {
        "name_fr": record.nom,
        "kind": importer.batch.record_kind,
        "operator": operator,
        "description_fr": record.description,
        "city": record.commune or "",
        "postcode": record.code_postal or "",
        "address": ", ".join(p for p in (record.adresse, record.complement_adresse) if p),
        "phone": record.telephone or "",
        "email": str(record.courriel) if record.courriel else "",
        "conditions_fr": record.conditions_acces or "",
        "free_of_charge": {Frais.GRATUIT: TriState.YES, Frais.PAYANT: TriState.NO}.get(
            record.frais, TriState.NOT_STATED
        ),
        "delivery": _delivery(record.modes_accueil),
        "latitude": _coordinate(record.latitude),
        "longitude": _coordinate(record.longitude),
        **importer.place_location(code, "code_insee"),
    }
    if record.latitude is None or record.longitude is None:
        values["latitude"] = values["longitude"] = None
    if hours.closed_on_public_holidays(record.horaires_accueil):
        values["open_on_public_holidays"] = TriState.NO
    windows = importer.opening_hours(record.horaires_accueil or "", "horaires_accueil")
    return Planned(Center, key, values, {}, windows, target, record.nom)


def _coordinate(value):
    if value is None:
        return None
    return Decimal(str(value)).quantize(COORDINATE, rounding=ROUND_HALF_UP)


def _delivery(modes):
    modes = set(modes or ())
    if modes == {ModeAccueil.EN_PRESENTIEL}:
        return Delivery.FIXED
    if modes == {ModeAccueil.A_DISTANCE}:
        return Delivery.REMOTE
    return Delivery.NOT_STATED
