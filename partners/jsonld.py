"""schema.org data for organisation pages, and dates written in ISO 8601 at their precision."""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.dates import DatePrecision, format_date

from .models import OrganizationKind

SCHEMA_TYPE = {
    OrganizationKind.NGO: "NGO",
    OrganizationKind.ASSOCIATION: "NGO",
    OrganizationKind.MOVEMENT: "NGO",
    OrganizationKind.UNIVERSITY: "CollegeOrUniversity",
}


def iso_at_precision(date, precision):
    """'1970-02-19', '1970-02' or '1972'; None for a decade, which ISO 8601 cannot say honestly.

    Both schema.org dates and the HTML <time datetime> attribute take these forms.
    """
    if date is None:
        return None
    if precision == DatePrecision.DAY:
        return date.isoformat()
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    return None


def time_html(date, precision):
    """A date at its precision in a <time> element; a decade stays plain text (no honest value)."""
    iso = iso_at_precision(date, precision)
    text = format_date(date, precision)
    return format_html('<time datetime="{}">{}</time>', iso, text) if iso else conditional_escape(text)


def _fill(template, **parts):
    return mark_safe(conditional_escape(template) % {k: conditional_escape(v) for k, v in parts.items()})  # noqa: S308


def period_html(start, start_precision, end=None, end_precision=None, ongoing=False):
    """core.dates.format_period, with each date in a <time> element (same wording, same catalogue)."""
    if start is None and end is None:
        return conditional_escape(gettext("date not stated"))
    if end is None and not ongoing:
        return time_html(start, start_precision)
    if start is None:
        return _fill(gettext("until %(end)s"), end=time_html(end, end_precision or start_precision))
    if end is None:
        if start_precision == DatePrecision.DECADE:
            return _fill(gettext("from %(start)s on"), start=time_html(start, start_precision))
        return _fill(gettext("from %(start)s to today"), start=time_html(start, start_precision))
    return _fill(
        gettext("from %(start)s to %(end)s"),
        start=time_html(start, start_precision),
        end=time_html(end, end_precision or start_precision),
    )


def organization_ref(organization, request):
    """A short reference to an organisation's page."""
    url = request.build_absolute_uri(organization.get_absolute_url())
    return {"@type": SCHEMA_TYPE.get(organization.kind, "Organization"), "@id": f"{url}#organization",
            "name": organization.name, "url": url}


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
