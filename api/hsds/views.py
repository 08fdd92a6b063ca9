"""The Open Referral HSDS 3.0 read API: JSON, open to every origin, public records only.

No view reads the session or the user: every client gets the same answer, which the page
cache may keep (core/page_cache.py, `PAGE_CACHE_SESSIONLESS_PATHS`). A bad parameter is a 400
and an unknown id a 404, both as JSON with a message; nothing here answers 500 to a request.
"""

import functools
import json
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from centers.models import Center, Service
from programs.models import TargetGroup

from . import mapping, openapi, params
from .params import ApiError, bad
from .taxonomies import (
    AUDIENCES,
    KIND_TERM_IDS,
    KINDS,
    SERVICES,
    TAXONOMY_IDS,
    all_terms,
    taxonomies,
)

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
MAX_AGE = 60


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Language"
    return response


def error(status, message):
    response = JsonResponse({"status": status, "message": message}, status=status)
    return _cors(response)


def not_found(request, *args, **kwargs):
    return error(404, "Not found: no such path in this API (see its openapi.json).")


def api_view(func):
    """JSON in the requested language, CORS, GET/HEAD/OPTIONS only, errors as JSON.

    The view returns the body, or the body and the moment it last changed (Last-Modified).
    """

    @csrf_exempt
    @functools.wraps(func)
    def view(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = error(405, f"Method not allowed: this API answers {ALLOWED_METHODS}.")
            response["Allow"] = ALLOWED_METHODS
            return response
        try:
            language = params.language(request)
            with translation.override(language):
                result = func(request, language, *args, **kwargs)
        except ApiError as problem:
            return error(problem.status, problem.message)
        body, modified = result if isinstance(result, tuple) else (result, None)
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder),
            content_type="application/json",
        )
        response["Content-Language"] = language
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        patch_vary_headers(response, ["Accept-Language"])
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return _cors(response)

    return view


def _uuid_or_404(value, what):
    try:
        return UUID(value)
    except ValueError:
        raise ApiError(404, f"No {what} has the id {value!r}: ids are UUIDs.") from None


def _missing(what, value):
    return ApiError(404, f"No {what} has the id {value}.")


# --- /  and  /openapi.json -----------------------------------------------------------------


@api_view
def meta(request, language):
    return {
        "version": "3.0",
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
    }


@api_view
def openapi_document(request, language):
    return openapi.document()


# --- services and services at locations -----------------------------------------------------


def _term_condition(term_id):
    """The places classified under a term of any of the three taxonomies."""
    for value, kind_id in KIND_TERM_IDS.items():
        if kind_id == term_id:
            return Q(kind=value)
    group = TargetGroup.objects.public().filter(uuid=term_id).first()
    if group is not None:
        return Q(audiences=group)
    service = Service.objects.public().filter(uuid=term_id).first()
    if service is not None:
        return Q(services=service)
    raise bad(f"taxonomy_term_id: no taxonomy term has the id {term_id}.")


def _taxonomy_condition(taxonomy_id):
    """The places with at least one term of a taxonomy (every place has a kind)."""
    if taxonomy_id == TAXONOMY_IDS[KINDS]:
        return Q()
    if taxonomy_id == TAXONOMY_IDS[AUDIENCES]:
        return Q(audiences__in=TargetGroup.objects.public())
    if taxonomy_id == TAXONOMY_IDS[SERVICES]:
        return Q(services__in=Service.objects.public())
    raise bad(f"taxonomy_id: no taxonomy has the id {taxonomy_id}.")


def _places(query, at, *, postcode=False):
    """The public places the parameters select (a bad parameter raises ApiError): the bare
    rows, for the count and the page's ids, read from the places' list index."""
    places = Center.objects.public(at)
    search = (query.get("search") or "").strip()
    if search:
        places = places.filter(Q(name__icontains=search) | Q(city__icontains=search))
    term_id = params.uuid(query, "taxonomy_term_id")
    if term_id is not None:
        places = places.filter(pk__in=Center.objects.filter(_term_condition(term_id)).values("pk"))
    taxonomy_id = params.uuid(query, "taxonomy_id")
    if taxonomy_id is not None:
        condition = _taxonomy_condition(taxonomy_id)
        if condition:
            places = places.filter(pk__in=Center.objects.filter(condition).values("pk"))
    org_id = params.uuid(query, "organization_id")
    if org_id is not None:
        org = mapping.public_organizations(at).filter(uuid=org_id).first()
        if org is None:
            raise bad(f"organization_id: no organization has the id {org_id}.")
        places = places.filter(operator=org)
    modified_after = params.moment(query, "modified_after")
    if modified_after is not None:
        places = places.filter(updated_at__gte=modified_after)
    if postcode:
        code = params.postcode(query)
        if code is not None:
            department = params.department_code(code)
            places = places.filter(Q(postcode=code) | Q(postcode="", department_code=department))
    return places


def _page_of_places(request, language, *, postcode=False, details=False):
    """The page's places, whole, in list order (city, then name, in the language asked).

    The count and the page's ids come from the bare rows (on the places' list index, however
    deep the page); only the page's own rows are then read with what they carry.
    """
    query = request.GET
    params.fmt(query)
    page = params.Page(query)
    at = timezone.now()
    places = _places(query, at, postcode=postcode)
    page.count = places.count()
    order = ("city", f"name_{language}", "pk")
    ids = list(places.order_by(*order).values_list("pk", flat=True)[page.start : page.end])
    rows = mapping.with_notices(mapping.public_places(at).filter(pk__in=ids), at)
    if details:
        rows = mapping.with_details(rows)
    by_pk = {row.pk: row for row in rows}
    return page, [by_pk[pk] for pk in ids if pk in by_pk], at


@api_view
def services(request, language):
    # With both, minimal wins: the client asked for the smallest answer.
    minimal = params.boolean(request.GET, "minimal")
    full = params.boolean(request.GET, "full") and not minimal
    page, rows, at = _page_of_places(request, language, details=full)
    if full:
        terms_seen = {}
        contents = [mapping.service_full(p, at, language, terms_seen) for p in rows]
    elif minimal:
        contents = [mapping.service_minimal(p) for p in rows]
    else:
        contents = [mapping.service_summary(p) for p in rows]
    return page.envelope(contents)


def _one_place(**lookup):
    at = timezone.now()
    rows = mapping.with_details(mapping.with_notices(mapping.public_places(at), at))
    return rows.filter(**lookup).first(), at


@api_view
def service_detail(request, language, id):
    uuid = _uuid_or_404(id, "service")
    place, at = _one_place(uuid=uuid)
    if place is None:
        raise _missing("service", uuid)
    return mapping.service_full(place, at, language), mapping.last_modified(place)


@api_view
def service_at_locations(request, language):
    params.not_implemented(request.GET, "proximity")
    full = params.boolean(request.GET, "full")
    page, rows, at = _page_of_places(request, language, postcode=True, details=full)
    if full:
        contents = [_sal_full(p, at) for p in rows]
    else:
        contents = [mapping.service_at_location_summary(p) for p in rows]
    return page.envelope(contents)


def _sal_full(place, at):
    data = mapping.service_at_location(place, at)
    data["service"] = mapping.service_summary(place)
    return data


@api_view
def service_at_location_detail(request, language, id):
    uuid = _uuid_or_404(id, "service at location")
    place, at = _one_place(service_at_location_uuid=uuid)
    if place is None:
        raise _missing("service at location", uuid)
    return _sal_full(place, at), mapping.last_modified(place)


# --- organizations --------------------------------------------------------------------------


def _organization_full(org, places, full_service):
    data = mapping.organization(org)
    mapping.set_known(data, organization_identifiers=mapping.organization_identifiers(org))
    if full_service:
        data["services"] = [mapping.service_summary(p) for p in places]
    else:
        data["services"] = [{"id": str(p.uuid), "name": p.name} for p in places]
    return data


@api_view
def organizations(request, language):
    """`full=true`: each with its registered identifier. An organisation's services are on its
    own address (`/organizations/{id}`): a page of 100 organisations with all their places
    would weigh megabytes."""
    query = request.GET
    params.fmt(query)
    full = params.boolean(query, "full")
    if params.boolean(query, "full_service"):
        raise bad("full_service is served on /organizations/{id} only, one organization at a time.")
    page = params.Page(query)
    at = timezone.now()
    orgs = mapping.public_organizations(at).order_by("name", "pk")
    search = (query.get("search") or "").strip()
    if search:
        orgs = orgs.filter(Q(name__icontains=search) | Q(acronym__icontains=search))
    page.count = orgs.count()
    contents = []
    for org in orgs[page.start : page.end]:
        data = mapping.organization(org)
        if full:
            mapping.set_known(data, organization_identifiers=mapping.organization_identifiers(org))
        contents.append(data)
    return page.envelope(contents)


@api_view
def organization_detail(request, language, id):
    uuid = _uuid_or_404(id, "organization")
    at = timezone.now()
    org = mapping.public_organizations(at).filter(uuid=uuid).first()
    if org is None:
        raise _missing("organization", uuid)
    full_service = params.boolean(request.GET, "full_service")
    places = mapping.with_notices(mapping.public_places(at).filter(operator=org), at)
    return _organization_full(org, places.order_by("pk"), full_service), org.updated_at


# --- taxonomies and their terms -------------------------------------------------------------


def _matches(text, search):
    return search.casefold() in text.casefold()


@api_view
def taxonomy_list(request, language):
    query = request.GET
    params.fmt(query)
    page = params.Page(query)
    found = taxonomies()
    search = (query.get("search") or "").strip()
    if search:
        found = [t for t in found if _matches(t["name"], search)]
    page.count = len(found)
    return page.envelope(found[page.start : page.end])


@api_view
def taxonomy_detail(request, language, id):
    uuid = _uuid_or_404(id, "taxonomy")
    for taxonomy in taxonomies():
        if taxonomy["id"] == str(uuid):
            return taxonomy
    raise _missing("taxonomy", uuid)


@api_view
def taxonomy_terms(request, language):
    query = request.GET
    params.fmt(query)
    page = params.Page(query)
    terms = all_terms()
    taxonomy_id = params.uuid(query, "taxonomy_id")
    if taxonomy_id is not None:
        codes = [code for code, uuid in TAXONOMY_IDS.items() if uuid == taxonomy_id]
        if not codes:
            raise bad(f"taxonomy_id: no taxonomy has the id {taxonomy_id}.")
        terms = [t for t in terms if t.taxonomy == codes[0]]
    params.boolean(query, "top_only")  # checked; every term is a top term (no hierarchy)
    if params.uuid(query, "parent_id") is not None:
        terms = []  # no term has a parent
    search = (query.get("search") or "").strip()
    if search:
        terms = [t for t in terms if _matches(t.name, search) or _matches(t.code, search)]
    page.count = len(terms)
    return page.envelope([t.as_hsds(language) for t in terms[page.start : page.end]])


@api_view
def taxonomy_term_detail(request, language, id):
    uuid = _uuid_or_404(id, "taxonomy term")
    for term in all_terms():
        if term.id == uuid:
            return term.as_hsds(language)
    raise _missing("taxonomy term", uuid)
