"""schema.org data for organisation pages (dates in ISO 8601 at their precision: core.dates)."""

from core.dates import iso_at_precision

from .models import OrganizationKind

SCHEMA_TYPE = {
    OrganizationKind.NGO: "NGO",
    OrganizationKind.ASSOCIATION: "NGO",
    OrganizationKind.MOVEMENT: "NGO",
    OrganizationKind.UNIVERSITY: "CollegeOrUniversity",
}


def organization_ref(organization, request):
    """A short reference to an organisation's page."""
    url = request.build_absolute_uri(organization.get_absolute_url())
    return {
        "@type": SCHEMA_TYPE.get(organization.kind, "Organization"),
        "@id": f"{url}#organization",
        "name": organization.name,
        "url": url,
    }


def organization_jsonld(organization, request, *, former_names=(), children=(), parent=None):
    """The organisation as schema.org sees it: names it went by, founding date at its precision."""
    data = {"@context": "https://schema.org", **organization_ref(organization, request)}
    alternate = [organization.acronym] if organization.acronym else []
    for former in former_names:
        alternate += [former.name] + ([former.acronym] if former.acronym else [])
    if alternate:
        data["alternateName"] = list(dict.fromkeys(alternate))
    if organization.summary:
        data["description"] = organization.summary
    founding = iso_at_precision(organization.founded_on, organization.founded_precision)
    if founding:
        data["foundingDate"] = founding
    if parent is not None:
        data["parentOrganization"] = organization_ref(parent, request)
    if children:
        data["subOrganization"] = [organization_ref(child, request) for child in children]
    if organization.website:
        data["sameAs"] = organization.website
    return data
