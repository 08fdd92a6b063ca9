"""The open data: stored files (with ETag, Last-Modified and 304), the lists' spreadsheets
(stored in full, generated when filtered), the open-data page and the data·inclusion
data-quality page."""

import json
import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import http_date
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core import page_cache, ratelimit
from core.client import client_ip
from grants.views import nothing_to_publish

from . import catalogue, spreadsheets, store
from .datainclusion import REASONS
from .models import Dataset

# Filtered downloads a client may ask for in a window; more is a robot or a loop.
DOWNLOADS_PER_WINDOW = 10
DOWNLOADS_WINDOW = 10 * 60
# Filtered downloads generated at the same time across every node (a PostgreSQL advisory lock
# held for the request): one, so that downloads can never occupy every worker.
DOWNLOAD_LOCK = 0x0DA7A
RETRY_AFTER = 10
# A response may be gzip'd as stored: the text formats (an XLSX is a zip already).
TEXT_TYPE = re.compile(r"^(text/|application/json)")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Query parameters that do not filter a list: a download without any other is the full list.
NOT_FILTERS = {"page", "q"}


def origin_of(request):
    """The site's address as the visitor reached it: the files' links are absolute."""
    return f"{request.scheme}://{request.get_host()}"


def _not_modified(request, etag, modified):
    from django.utils.cache import get_conditional_response

    return get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()))


def _headers(response, *, etag, modified, download_name=None, public=True):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    # Every use asks again (a 304 while unchanged): never a file older than the data.
    response["Cache-Control"] = "public, no-cache" if public else "private, no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    if download_name:
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return response


# Seconds a client is asked to wait while another request builds the file it wants, and while
# the scheduled job builds a file too large to build in a request.
BUILDING_RETRY_AFTER = 30
LARGE_RETRY_AFTER = 300


def _BUILDING():  # noqa: N802 - a message
    return gettext("This file is being built again with the latest changes. Try again in a minute.")


def _file_response(request, file_name, *, download_name=None):
    """A stored file, current (built now if the data changed since); None when it cannot
    exist yet (no grant can be published in the 360Giving format)."""
    origin = origin_of(request)
    row = store.current_row(file_name, origin)
    if row is not None:
        if row.absent:
            return None
        meta = row
        cached = _not_modified(request, row.etag, row.modified_at)
        if cached is not None:
            return _headers(
                cached, etag=row.etag, modified=row.modified_at, download_name=download_name
            )
        gzipped = bytes(Dataset.objects.values_list("content", flat=True).get(pk=row.pk))
    else:
        last = store.too_large(file_name, origin)
        if last:
            # Too large to build while the visitor waits: the scheduled job builds it.
            return _refused(
                request,
                503,
                gettext(
                    "This file is being built again with the latest changes by the site's "
                    "scheduled job: it holds %(rows)s rows, too many to build while you wait. "
                    "Try again in a few minutes."
                )
                % {"rows": number_format(last, force_grouping=True)},
                retry_after=LARGE_RETRY_AFTER,
            )
        try:
            file = store.build(catalogue.FILE_GROUPS[file_name], origin)[file_name]
        except store.Busy:
            return _refused(request, 503, _BUILDING(), retry_after=BUILDING_RETRY_AFTER)
        if file.absent:
            return None
        meta, gzipped = file, file.gzipped
        cached = _not_modified(request, file.etag, file.modified_at)
        if cached is not None:
            return _headers(
                cached, etag=file.etag, modified=file.modified_at, download_name=download_name
            )
    compressed = TEXT_TYPE.match(meta.content_type) and ACCEPTS_GZIP.search(
        request.headers.get("Accept-Encoding", "")
    )
    if compressed:
        response = HttpResponse(gzipped, content_type=meta.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        import gzip

        response = HttpResponse(gzip.decompress(gzipped), content_type=meta.content_type)
    if TEXT_TYPE.match(meta.content_type):
        response["Vary"] = "Accept-Encoding"
    if len(response.content) <= settings.OPEN_DATA_PAGE_CACHE_MAX_BYTES:
        # The next visits are then one cache round trip, not two queries and a read of the
        # stored bytes; the clients still ask again each time (no-cache), answered from there.
        page_cache.keep_file(response)
    return _headers(
        response, etag=meta.etag, modified=meta.modified_at, download_name=download_name
    )


@require_safe
def data_file(request, name):
    """/data/structures.json and the other data·inclusion files."""
    if name not in catalogue.GROUPS["data-inclusion"].names or name == catalogue.LEFT_OUT:
        raise Http404
    attachment = name if name.endswith(".csv") else None
    return _file_response(request, name, download_name=attachment)


@require_safe
def grants_json(request):
    response = _file_response(request, "grants.360giving.json")
    return response or nothing_to_publish(request, as_json=True)


@require_safe
def grants_csv(request):
    response = _file_response(request, "grants.360giving.csv", download_name="grants.360giving.csv")
    return response or nothing_to_publish(request, as_json=False)


def _refused(request, status, message, *, retry_after=None):
    response = render(
        request,
        "opendata/download_refused.html",
        {"status": status, "message": message},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _download_lock():
    """Whether this request may generate a filtered download now (one at a time)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [DOWNLOAD_LOCK])
        return cursor.fetchone()[0]


@require_safe
def download(request, list_key, fmt):
    """A list as CSV or XLSX: the stored full file, or the filtered list generated now."""
    spec = spreadsheets.LISTS.get(list_key)
    if spec is None or fmt not in spreadsheets.FORMATS:
        raise Http404
    lang = get_language()
    filters = request.GET.copy()
    for name in NOT_FILTERS:
        filters.pop(name, None)
    download_name = f"{list_key}-{lang}.{fmt}"
    if not filters:
        response = _file_response(
            request, catalogue.list_file(list_key, lang, fmt), download_name=download_name
        )
        if response is None:  # a list is never absent
            raise Http404
        return response
    allowed = ratelimit.attempt(
        "download", client_ip(request), DOWNLOADS_PER_WINDOW, DOWNLOADS_WINDOW
    )
    if not allowed:
        return _refused(
            request,
            429,
            gettext(
                "You have downloaded %(count)s filtered lists in the last ten minutes: that is the "
                "most this site generates for one visitor. Wait a few minutes, or download the "
                "full list, which is always available."
            )
            % {"count": DOWNLOADS_PER_WINDOW},
            retry_after=DOWNLOADS_WINDOW,
        )
    if not _download_lock():
        return _refused(
            request,
            429,
            gettext(
                "Another filtered list is being prepared right now. Try again in a few seconds, "
                "or download the full list, which is always available."
            ),
            retry_after=RETRY_AFTER,
        )
    records = spec.filtered(filters, request, timezone.now())
    if records is None:
        return _refused(
            request,
            400,
            gettext(
                "A filter of this address is not understood: go back to the list, correct it, "
                "and download again."
            ),
        )
    content, _rows = spreadsheets.spreadsheet(
        spec, records, request.build_absolute_uri, fmt, limit=spreadsheets.MAX_ROWS
    )
    response = HttpResponse(content, content_type=spreadsheets.FORMATS[fmt])
    return _headers(
        response,
        etag=store.etag_of(content),
        modified=timezone.now(),
        download_name=download_name,
        public=False,
    )


def download_links(request, list_key):
    """The list page's "Download this list" links, with the page's filters (not its page)."""
    query = request.GET.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [
        {
            "format": fmt.upper(),
            "media_type": media_type,
            "url": reverse("opendata:download", kwargs={"list_key": list_key, "fmt": fmt}) + suffix,
        }
        for fmt, media_type in spreadsheets.FORMATS.items()
    ]


class OpenDataView(TemplateView):
    template_name = "opendata/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        lang = get_language()
        origin = origin_of(request)
        names = [
            d.file_name(lang) for e in catalogue.CATALOGUE for d in e.distributions if not d.api
        ]
        current = store.freshness(names, origin)
        entries = []
        stale = False
        for entry in catalogue.CATALOGUE:
            distributions = []
            for dist in entry.distributions:
                row = None if dist.api else current.get(dist.file_name(lang))
                stale = stale or (row is None and not dist.api)
                distributions.append(
                    {
                        "format": dist.format,
                        "media_type": dist.media_type.split(";")[0],
                        "url": dist.path(),
                        "absolute": request.build_absolute_uri(dist.path()),
                        "name": dist.file_name(lang),
                        "row": row,
                        "absent": row is not None and row.absent,
                        "api": dist.api,
                    }
                )
            entries.append({"entry": entry, "distributions": distributions})
        if stale:  # says "updated at the next download": look again soon
            page_cache.expires_at(request, timezone.now() + timezone.timedelta(seconds=60))
        context.update(
            entries=entries,
            license_name=settings.OPEN_DATA_LICENSE_NAME,
            license_url=settings.OPEN_DATA_LICENSE_URL,
            publisher=settings.OPEN_DATA_PUBLISHER_NAME,
            jsonld=dcat(request, entries),
        )
        return context


def dcat(request, entries):
    """The catalogue in DCAT (W3C Data Catalog Vocabulary) as JSON-LD, for portals to harvest."""
    page = request.build_absolute_uri(request.path)
    publisher = {
        "@type": "foaf:Organization",
        "foaf:name": settings.OPEN_DATA_PUBLISHER_NAME,
        "foaf:homepage": {"@id": request.build_absolute_uri(reverse("network:home"))},
    }
    license_ = {"@id": settings.OPEN_DATA_LICENSE_URL}
    datasets = []
    for item in entries:
        entry = item["entry"]
        distributions = []
        modified = None
        for dist in item["distributions"]:
            data = {
                "@type": "dcat:Distribution",
                "dct:title": f"{entry.title} ({dist['format']})",
                "dcat:accessURL": {"@id": dist["absolute"]},
                "dcat:mediaType": dist["media_type"],
                "dct:format": dist["format"],
                "dct:license": license_,
            }
            if not dist["api"]:
                data["dcat:downloadURL"] = {"@id": dist["absolute"]}
            row = dist["row"]
            if row is not None and not row.absent:
                data["dcat:byteSize"] = row.size
                data["dct:modified"] = row.modified_at.isoformat(timespec="seconds")
                modified = max(modified, row.modified_at) if modified else row.modified_at
            if row is None or not row.absent:
                distributions.append(data)
        dataset = {
            "@id": f"{page}#{entry.key}",
            "@type": "dcat:Dataset",
            "dct:title": str(entry.title),
            "dct:description": str(entry.description),
            "dct:publisher": publisher,
            "dct:license": license_,
            "dcat:landingPage": {"@id": f"{page}#{entry.key}"},
            "dcat:keyword": list(entry.keywords),
            "dcat:distribution": distributions,
        }
        if entry.standard_url:
            dataset["dct:conformsTo"] = {"@id": entry.standard_url}
        if modified:
            dataset["dct:modified"] = modified.isoformat(timespec="seconds")
        datasets.append(dataset)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": page,
        "@type": "dcat:Catalog",
        "dct:title": gettext("Open data of %(site)s") % {"site": settings.SITE_NAME},
        "dct:publisher": publisher,
        "dct:license": license_,
        "dct:language": [{"@id": "http://id.loc.gov/vocabulary/iso639-1/fr"}],
        "dcat:dataset": datasets,
    }


class DataQualityView(TemplateView):
    """The published records the data·inclusion files leave out, and what each lacks."""

    template_name = "opendata/data_quality.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except store.Busy:  # the files are being built by another request
            return _refused(request, 503, _BUILDING(), retry_after=BUILDING_RETRY_AFTER)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        origin = origin_of(self.request)
        group = catalogue.GROUPS["data-inclusion"]
        # The list of records left out is small; the files' own rows are only counted.
        left = json.loads(store.fetch(group, catalogue.LEFT_OUT, origin).content or b"[]")
        rows = store.freshness(("structures.json", "services.json"), origin)
        included = {
            name: rows[name].rows if name in rows else store.fetch(group, name, origin).rows
            for name in ("structures.json", "services.json")
        }
        paginator = Paginator(left, self.paginate_by, allow_empty_first_page=True)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except Exception:  # noqa: BLE001 - a page that does not exist: the first one
            page = paginator.page(1)
        for item in page.object_list:
            url_name = (
                "centers:center-detail"
                if item["kind"] == "service"
                else "partners:organization-detail"
            )
            item["url"] = reverse(url_name, kwargs={"slug": item["slug"]})
            item["reason_texts"] = [
                gettext(REASONS[code]) % {"detail": detail}
                if "%(detail)s" in REASONS[code]
                else gettext(REASONS[code])
                for code, detail in item["reasons"]
            ]
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=paginator.num_pages > 1,
            left_out=page.object_list,
            left_out_count=len(left),
            structures_count=included["structures.json"],
            services_count=included["services.json"],
        )
        return context
