"""schema.org data for a program page: a Project, its funders and a MonetaryGrant per grant."""

from decimal import Decimal

from django.utils.translation import gettext

from core.dates import iso_at_precision
from core.qualifiers import Qualifier
from partners.jsonld import organization_ref

# Which bound of a schema.org MonetaryAmount a qualified amount honestly gives. "About" gives
# none (schema.org has no estimate), so its amount is only described in words.
_BOUND = {
    Qualifier.EXACT: "value",
    Qualifier.ALMOST: "maxValue",
    Qualifier.UP_TO: "maxValue",
    Qualifier.MORE_THAN: "minValue",
    Qualifier.AT_LEAST: "minValue",
}


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def monetary_amount(grant):
    """A MonetaryAmount saying no more than the source: 'almost 600,000' is at most 600,000."""
    bound = _BOUND.get(grant.amount_qualifier)
    if bound is None or grant.amount is None:
        return None
    return {"@type": "MonetaryAmount", "currency": grant.currency, bound: _number(grant.amount)}


def grant_jsonld(grant, program_id, request):
    url = request.build_absolute_uri(grant.get_absolute_url())
    description = grant.amount_display
    if grant.duration_display:
        description += " " + gettext("over %(duration)s") % {"duration": grant.duration_display}
    if grant.period_display:
        description += ", " + grant.period_display
    data = {
        "@type": "MonetaryGrant",
        "@id": url,
        "identifier": grant.slug,
        "url": url,
        "name": f"{grant.funder.name} → {grant.program.title}",
        "description": description,
        "funder": organization_ref(grant.funder, request),
        "fundedItem": [{"@id": program_id}],
    }
    if grant.recipient is not None:
        data["fundedItem"].append(organization_ref(grant.recipient, request))
    amount = monetary_amount(grant)
    if amount:
        data["amount"] = amount
    start = iso_at_precision(grant.starts_on, grant.starts_precision)
    if start:
        data["startDate"] = start
    end = iso_at_precision(grant.ends_on, grant.ends_precision)
    if end:
        data["endDate"] = end
    return data


def program_jsonld(program, request, *, lead=None, grants=(), themes=()):
    url = request.build_absolute_uri(program.get_absolute_url())
    program_id = f"{url}#program"
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "@id": program_id,
        "name": program.title,
        "url": url,
    }
    if program.summary:
        data["description"] = program.summary
    if program.area:
        data["areaServed"] = program.area
    if lead is not None:
        data["parentOrganization"] = organization_ref(lead, request)
    funders = {grant.funder.pk: grant.funder for grant in grants}
    if funders:
        data["funder"] = [organization_ref(funder, request) for funder in funders.values()]
    if grants:
        data["funding"] = [grant_jsonld(grant, program_id, request) for grant in grants]
    if themes:
        data["keywords"] = [theme.name for theme in themes]
    return data
