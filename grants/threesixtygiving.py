"""Grants as 360Giving Data Standard 1.4 open data: which grants may go in, and the files.

360Giving's `amountAwarded` is a plain number and `awardDate` is required, so a grant goes into
the files only when staff have entered an exact amount and an award date, and the recipient is
named: nothing is invented to meet the standard. Every other published grant is listed, with
what it lacks, on the data-quality page.

Identifiers are made from settings.THREESIXTYGIVING_PREFIX and slugs, never from database keys.
The text of the files is in the site's first language (settings.LANGUAGE_CODE).
"""

import csv
import io
from collections import namedtuple
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from centers.models import Center
from core.dates import iso_at_precision
from core.qualifiers import Qualifier

VERSION = "1.4"

# ISO 3166-1 alpha-2 code of each territory (by slug). Overseas territories have their own codes
# in ISO 3166-1 and in 360Giving's countryCode codelist: Mayotte is YT, not FR.
TERRITORY_COUNTRY = {
    "metropolitan-france": "FR",
    "mayotte": "YT",
    "guadeloupe": "GP",
    "martinique": "MQ",
    "french-guiana": "GF",
    "guyane": "GF",
    "reunion": "RE",
    "la-reunion": "RE",
    "saint-pierre-and-miquelon": "PM",
    "saint-barthelemy": "BL",
    "saint-martin": "MF",
    "wallis-and-futuna": "WF",
    "french-polynesia": "PF",
    "new-caledonia": "NC",
}


def prefix():
    """The publisher's registered 360Giving prefix: '360G-accessante'."""
    value = settings.THREESIXTYGIVING_PREFIX.strip()
    return value if value.upper().startswith("360G-") else f"360G-{value}"


def grant_identifier(grant):
    return f"{prefix()}-{grant.slug}"


def organization_identifier(organization):
    """The organisation's registered identifier (org-id.guide), or one made by this site."""
    return organization.registered_identifier or f"{prefix()}-org-{organization.slug}"


def country_code(territory):
    """The ISO 3166-1 code of a territory, or None when it is not known (never guessed)."""
    code = TERRITORY_COUNTRY.get(territory.slug)
    if code is None and not territory.overseas:
        return "FR"
    return code


# What 360Giving needs and the sources often do not give: an exact amount, an award date,
# a recipient.
READY = Q(amount_qualifier=Qualifier.EXACT, awarded_on__isnull=False, recipient__isnull=False)


def publishable(grants):
    """The grants 360Giving can take as they are."""
    return grants.filter(READY)


def left_out(grants):
    """The grants 360Giving cannot take without making something up (see `missing`)."""
    return grants.exclude(READY)


# What the files read of a care place (`locations`, `last_modified`): a few columns, not a
# model instance (at 50,000 places the grants' programs have some 26,000 places).
Place = namedtuple("Place", "city region department territory updated_at")
PlaceTerritory = namedtuple("PlaceTerritory", "slug overseas")


def with_places(grants):
    """The grants (a list), with what the files say about them: each program's published care
    places as `program.public_places` (Place rows, by name), read in one query for them all."""
    grants = list(grants.select_related("program", "funder", "recipient"))
    # A program with several grants is one instance per grant: they share one list.
    places = {grant.program_id: [] for grant in grants}
    for grant in grants:
        grant.program.public_places = places[grant.program_id]
    rows = (
        Center.objects.public()
        .filter(programs__in=list(places))
        .order_by("name", "pk")
        .values_list(
            "programs",
            "city",
            "region",
            "department",
            "territory__slug",
            "territory__overseas",
            "updated_at",
        )
    )
    for program_id, city, region, department, slug, overseas, updated_at in rows:
        territory = PlaceTerritory(slug, overseas)
        places[program_id].append(Place(city, region, department, territory, updated_at))
    return grants


def missing(grant):
    """What keeps a grant out of the 360Giving files, in words (empty when nothing does)."""
    reasons = []
    if grant.amount_qualifier == Qualifier.NOT_DISCLOSED:
        reasons.append(gettext("amount not disclosed"))
    elif grant.amount_qualifier != Qualifier.EXACT:
        reasons.append(
            gettext("amount stated as “%(amount)s”, not as an exact amount")
            % {"amount": grant.amount_display}
        )
    if grant.awarded_on is None:
        reasons.append(gettext("award date not stated"))
    if grant.recipient_id is None:
        reasons.append(gettext("recipient not stated by the source"))
    return reasons


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _timestamp(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _organization(organization):
    data = {"id": organization_identifier(organization), "name": organization.name}
    if organization.website:
        data["url"] = organization.website
    return data


def locations(grant):
    """Where the beneficiaries are: the cities (or regions) of the places the program serves."""
    seen, result = set(), []
    for place in getattr(grant.program, "public_places", []):
        name = place.city or place.region or place.department
        if not name:
            continue
        code = country_code(place.territory)
        if (name, code) in seen:
            continue
        seen.add((name, code))
        location = {"name": name}
        if code:
            location["countryCode"] = code
        result.append(location)
    return result


def planned_dates(grant):
    dates = {}
    start = iso_at_precision(grant.starts_on, grant.starts_precision)
    if start:
        dates["startDate"] = start
    end = iso_at_precision(grant.ends_on, grant.ends_precision)
    if end:
        dates["endDate"] = end
    if grant.duration_months:
        dates["duration"] = grant.duration_months
    return [dates] if dates else []


def grant_record(grant, absolute):
    """One grant as 360Giving wants it. `absolute` makes a path into a full address."""
    program = grant.program
    record = {
        "id": grant_identifier(grant),
        "title": program.title,
        # The grant's purpose; else the program's summary; else its title: never made up.
        "description": grant.purpose or program.summary or program.title,
        "currency": grant.currency,
        "amountAwarded": _number(grant.amount),
        "awardDate": grant.awarded_on.isoformat(),
        "url": absolute(reverse("grants:grant-detail", kwargs={"slug": grant.slug})),
        "recipientOrganization": [_organization(grant.recipient)],
        "fundingOrganization": [_organization(grant.funder)],
    }
    dates = planned_dates(grant)
    if dates:
        record["plannedDates"] = dates
    places = locations(grant)
    if places:
        record["beneficiaryLocation"] = places
    record["grantProgramme"] = [
        {"code": program.slug, "title": program.title, "url": absolute(program.get_absolute_url())}
    ]
    record["dateModified"] = _timestamp(grant.updated_at)
    return record


def last_modified(grants):
    """When any record that goes into the files last changed."""
    moments = []
    for grant in grants:
        moments += [
            grant.updated_at,
            grant.program.updated_at,
            grant.funder.updated_at,
            grant.recipient.updated_at,
        ]
        moments += [place.updated_at for place in getattr(grant.program, "public_places", [])]
    return max(moments)


def package(grants, absolute):
    """A 360Giving data package: its metadata, then the grants (at least one: the schema
    says so)."""
    grants = list(grants)
    if not grants:
        raise ValueError("A 360Giving package holds at least one grant.")
    with override(settings.LANGUAGE_CODE):
        modified = _timestamp(last_modified(grants))
        return {
            "version": VERSION,
            "title": gettext("Grants recorded by %(publisher)s")
            % {"publisher": settings.OPEN_DATA_PUBLISHER_NAME},
            "description": gettext(
                "Grants to health-access programs with an exact amount and an award date, from the "
                "%(publisher)s site. Grants whose amount is an estimate, a bound or not disclosed "
                "are left out: see the data-quality page."
            )
            % {"publisher": settings.OPEN_DATA_PUBLISHER_NAME},
            # Made from the records on each request: issued whenever they last changed.
            "issued": modified,
            "modified": modified,
            "identifier": f"{prefix()}-grants",
            "publisher": {
                "name": settings.OPEN_DATA_PUBLISHER_NAME,
                "identifier": settings.OPEN_DATA_PUBLISHER_IDENTIFIER,
                "website": absolute(reverse("network:home")),
            },
            "license": settings.OPEN_DATA_LICENSE_URL,
            "accessURL": absolute(reverse("grants:grant-list")),
            "downloadURL": absolute(reverse("data:grants-json")),
            "grants": [grant_record(grant, absolute) for grant in grants],
        }


# Spreadsheet columns: the schema's own titles of the flattened fields, with the path of each
# in a grant record. An array with one item is "rolled up" (Recipient Org:Name); beneficiary
# locations are numbered (Beneficiary Location:0:Name), as in 360Giving's spreadsheet templates.
# tests/programs/test_360giving.py checks every title against the schema.
COLUMNS = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("URL", ("url",)),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:Web Address", ("recipientOrganization", 0, "url")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Funding Org:Web Address", ("fundingOrganization", 0, "url")),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Planned Dates:Duration (months)", ("plannedDates", 0, "duration")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Grant Programme:URL", ("grantProgramme", 0, "url")),
    ("Last Modified", ("dateModified",)),
]
LOCATION_COLUMNS = [("Name", "name"), ("Country Code", "countryCode")]


def columns(records):
    """The columns of the spreadsheet, with one set per beneficiary location the records need."""
    count = max([len(r.get("beneficiaryLocation", [])) for r in records] + [1])
    numbered = [
        (f"Beneficiary Location:{i}:{title}", ("beneficiaryLocation", i, key))
        for i in range(count)
        for title, key in LOCATION_COLUMNS
    ]
    return COLUMNS[:-1] + numbered + COLUMNS[-1:]


def _value(record, path):
    value = record
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError):
            return ""
    return "" if value is None else str(value)


def csv_text(data):
    """The package's grants as CSV: one row per grant, headed by the schema's titles."""
    records = data["grants"]
    cols = columns(records)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for title, _path in cols])
    for record in records:
        writer.writerow([_value(record, path) for _title, path in cols])
    return out.getvalue()
