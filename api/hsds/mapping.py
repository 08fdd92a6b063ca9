"""The site's public records as HSDS 3.0 objects: a place is a service, a location and a
service-at-location; its hours are schedules; its kind, the groups of people it welcomes and
its services are taxonomy terms (`taxonomies.py`).

Facts the sources do not give are left out (the schemas type them as strings, numbers or
arrays, never null): "not stated" is never written as a value. Text is in the active language.
"""

import datetime
import zoneinfo

from django.db.models import BooleanField, Case, ExpressionWrapper, F, Prefetch, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from centers.models import Center, CenterKind, Notice, NoticeKind, OpeningHours, Service
from core.models import TriState
from partners.models import Organization
from programs.models import TargetGroup

from .taxonomies import derived_id, group_term, kind_term, service_term

BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _iso(moment):
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def set_known(data, **values):
    """`data` with the values that are known (not None, not empty)."""
    for key, value in values.items():
        if value is not None and value != "" and value != []:
            data[key] = value
    return data


# --- querysets ------------------------------------------------------------------------------


def _flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def public_organizations(at=None):
    """The public organisations, each with its parent's UUID when the parent is public too."""
    at = at or timezone.now()
    parent_public = Organization.objects.public_condition(at, "parent__")
    return Organization.objects.public(at).annotate(
        parent_uuid=Case(When(parent_public, then=F("parent__uuid")), default=None)
    )


def public_places(at=None):
    """The public places, each with whether its operator is public too (a draft organisation
    is never shown, not even nested in a place)."""
    at = at or timezone.now()
    operator_public = Organization.objects.public_condition(at, "operator__")
    return (
        Center.objects.public(at)
        .select_related("operator", "territory")
        .annotate(operator_is_public=_flag(operator_public))
    )


def with_notices(places, at):
    """The places with the notices current at `at`: those of that day in France, as on the
    site (the UTC date left a closure starting today out for the last hour of each UTC day)."""
    current = Notice.objects.current(timezone.localdate(at)).order_by("starts_on", "pk")
    return places.prefetch_related(Prefetch("notices", current, to_attr="current_notices"))


def with_details(places):
    """What a fully nested service needs: a constant number of queries per page."""
    return places.prefetch_related(
        Prefetch("opening_hours", OpeningHours.objects.order_by("weekday", "opens")),
        "languages",
        Prefetch("audiences", TargetGroup.objects.public().order_by("slug")),
        Prefetch("services", Service.objects.public().order_by("slug")),
    )


# --- organizations --------------------------------------------------------------------------


def organization(org):
    """An organisation, one-to-one fields only (`compiled/organization_list.json`).

    The schema requires a description: the organisation's own, else its summary, else empty
    (nothing is written in its place)."""
    data = {"id": str(org.uuid), "name": org.name, "description": org.description or org.summary}
    set_known(data, alternate_name=org.acronym, website=org.website)
    parent_uuid = getattr(org, "parent_uuid", None)
    if parent_uuid:
        data["parent_organization_id"] = str(parent_uuid)
    return data


def organization_identifiers(org):
    """The registered identifier staff entered (org-id.guide form: FR-RNA-W751234567)."""
    if not org.registered_identifier:
        return []
    scheme, _sep, identifier = org.registered_identifier.rpartition("-")
    return [
        {
            "id": str(derived_id(org.uuid, "identifier", org.registered_identifier)),
            "organization_id": str(org.uuid),
            "identifier_scheme": scheme,
            "identifier_type": scheme,
            "identifier": identifier,
        }
    ]


# --- places ---------------------------------------------------------------------------------


def time_zone_offset(zone_name, at):
    """The zone's UTC offset in hours at an instant (HSDS types `timezone` as a number)."""
    offset = at.astimezone(zoneinfo.ZoneInfo(zone_name)).utcoffset()
    hours = offset.total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def schedule(row, place, at):
    zone = place.territory.time_zone
    description = _("Local time: %(zone)s (UTC offset %(offset)s on %(date)s).") % {
        "zone": zone,
        "offset": f"{time_zone_offset(zone, at):+g}",
        "date": at.date().isoformat(),
    }
    if row.crosses_midnight:
        description += " " + _("Closes after midnight.")
    holidays = _statement("open_on_public_holidays", place.open_on_public_holidays)
    if holidays:
        description += " " + holidays + "."
    return {
        "id": str(row.uuid),
        "service_id": str(place.uuid),
        "location_id": str(place.location_uuid),
        "service_at_location_id": str(place.service_at_location_uuid),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": BYDAY[row.weekday],
        "opens_at": f"{row.opens:%H:%M}",
        "closes_at": f"{row.closes:%H:%M}",
        "timezone": time_zone_offset(zone, at),
        "description": description,
    }


def location(place):
    """The place as a location: a hotline is virtual; the rest are physical."""
    virtual = place.kind == CenterKind.HOTLINE
    data = {
        "id": str(place.location_uuid),
        "location_type": "virtual" if virtual else "physical",
        "name": place.name,
    }
    where = ", ".join(part for part in (place.city, place.department, place.region) if part)
    set_known(data, description=where)
    if place.latitude is not None:
        data["latitude"] = float(place.latitude)
        data["longitude"] = float(place.longitude)
    if place.operator_is_public:
        data["organization_id"] = str(place.operator.uuid)
    return data


def accessibility(place):
    """Step-free access where a source states it, with the place's Acceslibre page."""
    description = _statement("step_free_access", place.step_free_access)
    if not (description or place.acceslibre_url):
        return []
    data = {
        "id": str(derived_id(place.location_uuid, "accessibility")),
        "location_id": str(place.location_uuid),
    }
    return [set_known(data, description=description, url=place.acceslibre_url)]


def addresses(place):
    """An address only where the street, the city and the postcode are on record."""
    if not (place.address and place.city and place.postcode):
        return []
    return [
        {
            "id": str(derived_id(place.location_uuid, "address")),
            "location_id": str(place.location_uuid),
            "address_1": place.address,
            "city": place.city,
            "region": place.region,
            "state_province": place.department or place.region,
            "postal_code": place.postcode,
            "country": "FR",
            "address_type": "physical",
        }
    ]


def _statement(field_name, value):
    """ "Free of charge: yes", for a condition a source states; None when it does not."""
    if value == TriState.NOT_STATED:
        return None
    label = str(capfirst(Center._meta.get_field(field_name).verbose_name))
    return _("%(condition)s: %(answer)s") % {"condition": label, "answer": TriState(value).label}


def _statements(place, *field_names):
    found = (_statement(name, getattr(place, name)) for name in field_names)
    return [text for text in found if text]


def alert(place):
    return "\n".join(notice.message for notice in place.current_notices)


def status(place):
    closed = any(n.kind == NoticeKind.CLOSURE for n in place.current_notices)
    return "temporarily closed" if closed else "active"


def service_summary(place):
    """A place as a service, one-to-one fields only (`compiled/service_list.json`)."""
    data = {"id": str(place.uuid), "name": place.name, "status": status(place)}
    description = "\n\n".join(text for text in (place.summary, place.description) if text)
    eligibility = [
        place.conditions,
        *_statements(
            place, "no_residence_permit_needed", "no_health_coverage_needed", "animals_accepted"
        ),
    ]
    set_known(
        data,
        description=description,
        url=place.website,
        email=place.email,
        eligibility_description="\n".join(text for text in eligibility if text),
        application_process="\n".join(
            _statements(place, "appointment_needed", "referral_needed", "call_first")
        ),
        fees_description=_statement("free_of_charge", place.free_of_charge),
        minimum_age=place.min_age,
        maximum_age=place.max_age,
        alert=alert(place),
    )
    if place.last_verified_on:
        data["assured_date"] = place.last_verified_on.isoformat()
    data["last_modified"] = _iso(place.updated_at)
    if place.operator_is_public:
        data["organization_id"] = str(place.operator.uuid)
        data["organization"] = organization(place.operator)
    return data


def service_minimal(place):
    """`?minimal=true`: the id and when it changed (and the name and status the list schema
    requires)."""
    return {
        "id": str(place.uuid),
        "name": place.name,
        "status": status(place),
        "last_modified": _iso(place.updated_at),
    }


def attributes(place, language, terms_seen=None):
    """The place's kind, groups of people and services as taxonomy terms. `terms_seen`: the
    terms already built for this answer, by model and pk (a page of 100 places names the
    same few dozen terms again and again)."""
    seen = {} if terms_seen is None else terms_seen

    def term(key, build, record):
        if key not in seen:
            seen[key] = build(record)
        return seen[key]

    terms = [term(("kind", place.kind), kind_term, place.kind)] if place.is_care_place else []
    terms += [term(("group", g.pk), group_term, g) for g in place.audiences.all()]
    terms += [term(("service", s.pk), service_term, s) for s in place.services.all()]
    return [
        {
            "id": str(derived_id(place.uuid, "attribute", term.id)),
            "link_id": str(place.uuid),
            "link_type": term.taxonomy,
            "link_entity": "service",
            "taxonomy_term_id": str(term.id),
            "taxonomy_term": term.as_hsds(language),
        }
        for term in terms
    ]


def service_at_location(place, at, *, nested=True):
    data = {
        "id": str(place.service_at_location_uuid),
        "service_id": str(place.uuid),
        "location_id": str(place.location_uuid),
    }
    if nested:
        loc = location(place)
        set_known(loc, addresses=addresses(place), accessibility=accessibility(place))
        data["location"] = loc
        set_known(data, schedules=[schedule(row, place, at) for row in place.opening_hours.all()])
    return data


def service_at_location_summary(place):
    """A service-at-location, one-to-one fields (`compiled/service_at_location_list.json`)."""
    data = service_at_location(place, None, nested=False)
    data["location"] = location(place)
    data["service"] = service_summary(place)
    return data


def service_full(place, at, language, terms_seen=None):
    """A place as a fully nested service (`/services/{id}`, `?full=true`)."""
    data = service_summary(place)
    if place.operator_is_public:
        org = data["organization"]
        set_known(org, organization_identifiers=organization_identifiers(place.operator))
    set_known(
        data,
        phones=[
            {
                "id": str(derived_id(place.uuid, "phone")),
                "service_id": str(place.uuid),
                "number": place.phone,
            }
        ]
        if place.phone
        else [],
        languages=[
            {
                "id": str(derived_id(language_row.uuid, place.uuid)),
                "service_id": str(place.uuid),
                "name": language_row.name,
                "code": language_row.code,
            }
            for language_row in place.languages.all()
        ],
        cost_options=[
            {
                "id": str(derived_id(place.uuid, "cost", "free")),
                "service_id": str(place.uuid),
                "option": str(capfirst(Center._meta.get_field("free_of_charge").verbose_name)),
                "currency": "EUR",
                "amount": 0,
            }
        ]
        if place.free_of_charge == TriState.YES
        else [],
        service_areas=[
            {
                "id": str(derived_id(place.uuid, "area")),
                "service_id": str(place.uuid),
                "name": place.area_served,
                "description": place.area_served,
            }
        ]
        if place.area_served
        else [],
        attributes=attributes(place, language, terms_seen),
    )
    data["service_at_locations"] = [service_at_location(place, at)]
    return data


def last_modified(place):
    """When the nested service last changed: the place, its notices, its operator."""
    moments = [place.updated_at, *(n.updated_at for n in place.current_notices)]
    if place.operator_is_public:
        moments.append(place.operator.updated_at)
    return max(moments)
