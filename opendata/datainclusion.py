"""The care places as data·inclusion schema v1 (the `data-inclusion-schema` package).

Structures are the organisations that run at least one public care place; services are the
care places. In data·inclusion a *structure* is the body that offers services and a *service*
the offer people use, with its own address, hours, audience and conditions: on this site that
is a place (a CASO, a mobile unit, a hotline), and the organisation running it (Médecins du
Monde, the Croix-Rouge) is its structure. The site holds no other "service" records than the
kinds of help a place gives, which become the service's `thematiques`.

Nothing is invented: `frais` only where a source states whether the place is free; `publics`
only for the groups that have a value in the schema (the others, minors, no residence permit,
no health coverage, go into `publics_precisions` in words); `zone_eligibilite` is the
département of the place (INSEE code, from the committed table in opendata/data/) when it is
known; no description is made up to meet the schema's minimum length. A record the schema
cannot take as it is is left out, and listed with what it lacks (`left_out`), and so are the
places of an organisation left out.

Every record is checked with the package's own models (`Structure`, `Service`), warnings
included (a name ending with a full stop), before it goes in.
"""

import csv
import io
import itertools
import json
from functools import cache
from pathlib import Path

import pydantic
from data_inclusion.schema.v1 import Frais, ModeAccueil, Public, Service, Structure, Thematique
from django.conf import settings
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_noop, override

from centers.models import Center, Delivery
from core.models import TriState
from opendata.spreadsheets import attach_places, windows_of
from partners.models import Organization

SOURCE = "acces-sante"
# How many places are read at a time (with their audiences, services and hours).
CHUNK = 2000

DATA = Path(__file__).resolve().parent / "data"


def stable_id(kind, pk):
    """The id of an exported record: never changes (not the slug, which staff may edit).
    `acces-sante-place-123`, `acces-sante-organization-7`."""
    return f"{SOURCE}-{kind}-{pk}"


@cache
def department_codes():
    """The INSEE codes of the départements and overseas collectivities (opendata/data/)."""
    rows = json.loads((DATA / "departements.json").read_text(encoding="utf-8"))
    return frozenset(row["code"] for row in rows)


# Every care place is a place to get care: the network's own scope (README "data·inclusion").
CARE = Thematique.SANTE__ACCES_AUX_SOINS
# What the kinds of help a place gives are in data·inclusion's list, by the service's slug.
SERVICE_THEMES = {
    "medical-consultation": {CARE},
    "medical-hotline": {CARE},
    "information-prevention-and-screening": {CARE},
    "social-and-health-mediation": {
        CARE,
        Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS,
    },
    "help-with-administrative-procedures": {
        Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES,
    },
    "social-support": {
        Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS,
    },
}
# The groups of people that have a value in the schema's `publics`, by slug. Others (children
# and minors, people unable to prove their civil status…) are said in `publics_precisions`.
AUDIENCE_PUBLICS = {
    "women": {Public.FEMMES},
    "pregnant-women-and-babies-in-distress": {Public.FEMMES},
    "homeless-families": {Public.FAMILLES},
    "migrants-and-refugees": {Public.PERSONNES_EXILEES},
    "foreigners-without-residence-permit": {Public.PERSONNES_EXILEES},
    "elderly-immigrants": {Public.SENIORS, Public.PERSONNES_EXILEES},
    "people-in-prison-or-leaving-it": {Public.PERSONNES_EN_SITUATION_JURIDIQUE_SPECIFIQUE},
    "people-in-great-precarity": {Public.PERSONNES_EN_SITUATION_D_URGENCE},
}
FRAIS = {TriState.YES: Frais.GRATUIT, TriState.NO: Frais.PAYANT}
MODES = {
    Delivery.FIXED: {ModeAccueil.EN_PRESENTIEL},
    Delivery.MOBILE: {ModeAccueil.EN_PRESENTIEL},
    Delivery.FIXED_AND_MOBILE: {ModeAccueil.EN_PRESENTIEL},
    Delivery.REMOTE: {ModeAccueil.A_DISTANCE},
}
# How a place is reached (`mobilisation_precisions`) and entered (`conditions_acces`), said
# only where a source states it: the schema has no field of its own for them.
MOBILISATION_WORDS = {
    "appointment_needed": "Sur rendez-vous",
    "referral_needed": "Sur orientation d'un médecin ou d'un travailleur social",
    "call_first": "Appeler avant de venir",
}
ACCESS_WORDS = {
    "step_free_access": "Accès de plain-pied (fauteuil roulant)",
    "animals_accepted": "Animaux acceptés",
}
OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
assert len(WEEKDAYS) == 7

# What keeps a record out, in words (translated on the data-quality page).
REASONS = {
    "name_short": gettext_noop("name shorter than 3 characters"),
    "name_long": gettext_noop("name longer than 150 characters (the schema's limit)"),
    "name_full_stop": gettext_noop("name ending with a full stop"),
    "no_description": gettext_noop("no description (the schema requires one for a service)"),
    "description_short": gettext_noop("description shorter than 5 characters"),
    "organization_left_out": gettext_noop(
        "the organisation running it is not in the files (not published, or left out)"
    ),
    "invalid": gettext_noop("refused by the schema: %(detail)s"),
}


def opening_hours(windows):
    """OpenStreetMap `opening_hours` from a place's windows, (weekday, opens, closes) tuples:
    "Mo-Fr 09:00-12:00,14:00-17:00".

    Consecutive days with the same windows share a range; a window past midnight is written
    as OSM writes it (22:00-02:00 belongs to the day it opens). Empty when no hours are known.
    """
    days = {}
    for weekday, opens, closes in sorted(windows, key=lambda w: (w[0], w[1])):
        days.setdefault(weekday, []).append(f"{opens:%H:%M}-{closes:%H:%M}")
    rules, day = [], 0
    while day < 7:
        if day not in days:
            day += 1
            continue
        end = day
        while end + 1 < 7 and days.get(end + 1) == days[day]:
            end += 1
        span = OSM_DAYS[day] if end == day else f"{OSM_DAYS[day]}-{OSM_DAYS[end]}"
        if end == day + 1:
            span = f"{OSM_DAYS[day]},{OSM_DAYS[end]}"
        rules.append(f"{span} {','.join(days[day])}")
        day = end + 1
    return "; ".join(rules)


def _date_maj(moment):
    # Never after today, in the site's time zone (the schema refuses a future date).
    return min(timezone.localtime(moment).date(), timezone.localdate())


def _name_reasons(name):
    if len(name) < 3:
        return ["name_short"]
    if len(name) > 150:
        return ["name_long"]
    if name.endswith(".") and not name.endswith("etc."):
        return ["name_full_stop"]
    return []


def _validate(model, record):
    """Reasons the package refuses the record (warnings included), or []."""
    try:
        model.model_validate(record, context={"ignore_warnings": False})
    except pydantic.ValidationError as error:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return [("invalid", details)]
    return []


def structure_record(organization, absolute):
    record = {
        "source": SOURCE,
        "id": stable_id("organization", organization.pk),
        "nom": organization.name,
        "date_maj": _date_maj(organization.updated_at).isoformat(),
        "lien_source": absolute(organization.get_absolute_url()),
    }
    description = organization.description or organization.summary
    if description and len(description) >= 5:
        record["description"] = description
    if organization.website:
        record["site_web"] = organization.website
    return record


def publics(place):
    """(publics, publics_precisions): the schema's values where it has them, the rest in words."""
    values, precisions = set(), []
    for group in place.public_audiences:
        mapped = AUDIENCE_PUBLICS.get(group.slug)
        if mapped:
            values |= mapped
        else:
            precisions.append(group.name)
    if place.age_display:
        precisions.append(str(place.age_display))
    if place.no_residence_permit_needed == TriState.YES:
        precisions.append("Sans condition de titre de séjour")
    elif place.no_residence_permit_needed == TriState.NO:
        precisions.append("Titre de séjour demandé")
    if place.no_health_coverage_needed == TriState.YES:
        precisions.append("Sans condition de couverture maladie")
    elif place.no_health_coverage_needed == TriState.NO:
        precisions.append("Couverture maladie demandée")
    return sorted(values), precisions


def stated_in_french(place, words):
    """The conditions a source states, in French sentences ("Sur rendez-vous : oui.")."""
    sentences = []
    for name, condition in words.items():
        answer = {TriState.YES: "oui", TriState.NO: "non"}.get(getattr(place, name))
        if answer:
            sentences.append(f"{condition} : {answer}.")
    if place.acceslibre_url and "step_free_access" in words:
        sentences.append(f"Accessibilité : {place.acceslibre_url}")
    return sentences


def service_record(place, absolute):
    themes = {CARE}
    for service in place.public_services:
        themes |= SERVICE_THEMES.get(service.slug, set())
    record = {
        "source": SOURCE,
        "structure_id": stable_id("organization", place.operator_id),
        "id": stable_id("place", place.pk),
        "nom": place.name,
        "description": place.description or place.summary,
        "lien_source": absolute(place.get_absolute_url()),
        "date_maj": _date_maj(place.updated_at).isoformat(),
        "thematiques": sorted(themes),
    }
    if place.free_of_charge in FRAIS:
        record["frais"] = FRAIS[place.free_of_charge]
    values, precisions = publics(place)
    if values:
        record["publics"] = values
    if precisions:
        record["publics_precisions"] = ". ".join(precisions) + "."
    access = [place.conditions] if place.conditions else []
    access += stated_in_french(place, ACCESS_WORDS)
    if access:
        record["conditions_acces"] = " ".join(access)
    mobilisation = stated_in_french(place, MOBILISATION_WORDS)
    if mobilisation:
        record["mobilisation_precisions"] = " ".join(mobilisation)
    for field, value in (
        ("commune", place.city),
        ("adresse", place.address),
        ("telephone", place.phone),
        ("courriel", place.email),
    ):
        if value:
            record[field] = value
    if len(place.postcode) == 5 and place.postcode.isdigit():
        record["code_postal"] = place.postcode
    if place.latitude is not None and place.longitude is not None:
        record["latitude"] = float(place.latitude)
        record["longitude"] = float(place.longitude)
    if place.delivery in MODES:
        record["modes_accueil"] = sorted(MODES[place.delivery])
    if place.department_code in department_codes():
        record["zone_eligibilite"] = [place.department_code]
    hours = opening_hours(windows_of(place))
    if hours and place.open_on_public_holidays == TriState.NO:
        hours += "; PH off"  # closed on public holidays, in OpenStreetMap's words
    if hours:
        record["horaires_accueil"] = hours
    return record


def _left(kind, record_obj, reasons):
    """A record left out: which, and why (reason codes, translated where shown)."""
    return {
        "kind": kind,
        "id": stable_id("organization" if kind == "structure" else "place", record_obj.pk),
        "name": record_obj.name,
        "slug": record_obj.slug,
        "reasons": [list(r) if isinstance(r, tuple) else [r, ""] for r in reasons],
    }


def places():
    """The public care places, with what a service record reads, CHUNK at a time (bounded
    memory): each chunk's public groups, public services and opening hours in a few queries
    of plain values (`spreadsheets.attach_places`), not one model instance per link and
    window as prefetching made (76,000 instances for 5,000 places, most of the file's time)."""
    rows = Center.objects.public().order_by("pk").iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(rows, CHUNK)):
        attach_places(chunk)
        yield from chunk


def records(absolute):
    """(structures, services, left_out): the records, in French (data·inclusion's language)."""
    with override(settings.LANGUAGE_CODE):
        operators = Organization.objects.public().filter(
            pk__in=Center.objects.public().values("operator")
        )
        structures, left_out, exported = [], [], set()
        for organization in operators.order_by("pk"):
            record = structure_record(organization, absolute)
            reasons = _name_reasons(organization.name) or _validate(Structure, record)
            if reasons:
                left_out.append(_left("structure", organization, reasons))
            else:
                structures.append(record)
                exported.add(organization.pk)
        services = []
        for place in places():
            # A place whose organisation is not published or is left out: no structure to
            # attach it to.
            if place.operator_id not in exported:
                left_out.append(_left("service", place, ["organization_left_out"]))
                continue
            record = service_record(place, absolute)
            reasons = _name_reasons(place.name)
            description = record["description"]
            if not description:
                reasons.append("no_description")
            elif len(description) < 5:
                reasons.append("description_short")
            reasons = reasons or _validate(Service, record)
            if reasons:
                left_out.append(_left("service", place, reasons))
            else:
                services.append(record)
    return structures, services, left_out


def fields(model):
    return list(model.model_fields)


def csv_bytes(model, rows):
    """CSV with the schema's field names as headers; a list is its values joined by commas.
    A machine format: values are written as they are (nothing neutralised)."""
    out = io.StringIO()
    names = fields(model)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            [
                ",".join(str(v) for v in row[n]) if isinstance(row.get(n), list) else row.get(n, "")
                for n in names
            ]
        )
    return out.getvalue().encode("utf-8")


def json_bytes(rows):
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
