"""The page cache: anonymous visitors' pages, kept in the shared cache, never stale, never private.

What is kept: a GET answered 200 to a visitor without a session cookie, on a public address,
that sets no cookie, carries no CSRF token and is not marked private by its view (a staff
preview is). The key holds the host, the path, the known query parameters in a canonical order
(the others are dropped before the view sees them, so junk cannot fill the cache), the language
and whether the answer is gzipped. Whether to look at all is decided from the cookies alone:
no database query.

Never stale: every entry carries the *generation* it was rendered under, and any change the
public could see bumps the generation (`bump()`: the receivers in core/signals.py, and the few
writes that bypass signals). An entry from an older generation is never served, except by
`stale_response()` when the database is away (marked stale; README "When things fail"): for
that an entry stays PAGE_CACHE_STALE_TIMEOUT past its end. One cache round
trip per request reads the generation, the next scheduled publication and the page together.

Time: an entry lives no longer than the next instant its page could read differently: the next
scheduled publish-at or unpublish-at of any record (computed once per generation), and whatever
the view declared with `expires_at()` (a place's next opening or closing minute, the day a
notice starts or ends…). Browsers and a CDN get `Cache-Control: public, max-age` of at most
PAGE_CACHE_MAX_AGE seconds, never past that instant.
"""

import datetime
import hashlib
import logging
import re
import time
from contextlib import contextmanager
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_request

GENERATION_KEY = "page-cache:generation"
SCHEDULE_KEY = "page-cache:schedule"
PAGE_KEY = "page-cache:page:{host}:{language}:{encoding}:{digest}"
# Django's own test (django.middleware.gzip): does the client take gzip?
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers an entry may vary on: the key already holds them (language, encoding) or the bypass
# rule does (cookies).
KNOWN_VARY = {"accept-language", "accept-encoding", "cookie"}

logger = logging.getLogger(__name__)


def store():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- the generation -------------------------------------------------------------------------


def _increment():
    cache = store()
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:
        # First use, or the key was evicted: start from the clock, so that no entry stored under
        # an earlier generation can ever match again.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:  # a cache that keeps nothing (DummyCache): nothing to make stale
        return None


def current_generation():
    """The generation now, started if the cache has none; None when the cache keeps nothing or
    cannot be reached (then nothing built earlier can be proved current). For what is built
    from the public records and kept elsewhere (the stored open-data files: opendata/store.py)."""
    try:
        generation = store().get(GENERATION_KEY)
    except Exception:  # a cache backend that raises: nothing can be proved current
        return None
    return generation if generation is not None else _increment()


def _after_commit():
    """The bump after the commit, with the next scheduled publication stored beside it (so
    that the next page rendered does not pay for it)."""
    generation = _increment()
    if generation is not None:
        now = timezone.now()
        store().set(SCHEDULE_KEY, (generation, now, next_scheduled(now)), timeout=None)


def bump():
    """Make every cached page stale: at once, and again when the current transaction commits.

    After the commit, because a page another process rendered from the old rows before it must
    not survive. At once too, so that this connection's own next reads (a command that saves
    and then renders, a test, which never commits) see fresh pages. Once per transaction is
    enough for the second one.
    """
    _increment()
    if not connection.in_atomic_block:
        return
    pending = getattr(connection, "run_on_commit", [])
    if not any(entry[1] is _after_commit for entry in pending):
        transaction.on_commit(_after_commit)


@contextmanager
def bulk_changes():
    """Many writes at once (a data load): no bump per record, one bump at the end.

    The receivers are disconnected meanwhile, so that Django may delete in bulk again (a
    receiver on post_delete makes it fetch every row it deletes). For management commands: the
    disconnection holds for the whole process.
    """
    from .signals import connect, disconnect

    disconnect()
    try:
        yield
    finally:
        connect()
        bump()


# --- scheduled publication ------------------------------------------------------------------


def next_scheduled(now):
    """The next publish-at or unpublish-at still to come of any published record, or None."""
    from django.db.models import F

    from .models import Status
    from .workflow import content_models

    parts = []
    for model in content_models():
        published = model._default_manager.filter(status=Status.PUBLISHED).order_by()
        for field in ("publish_at", "unpublish_at"):
            future = published.filter(**{f"{field}__gt": now})
            parts.append(future.annotate(at=F(field)).values_list("at", flat=True))
    first, *others = parts
    return first.union(*others, all=True).order_by("at").first()


# --- time boundaries a page declares --------------------------------------------------------


def expires_at(request, *moments):
    """Declare that this page reads differently from the earliest of `moments` (None: never).

    The cached page, and the max-age browsers get, end there. Views call it for what their
    page shows that time changes: an opening or closing minute, the day a notice starts…
    """
    moments = [m for m in moments if m is not None]
    if not moments:
        return
    current = getattr(request, "_page_cache_until", None)
    soonest = min(moments)
    if current is None or soonest < current:
        request._page_cache_until = soonest


def next_minute(at):
    """The start of the minute after `at`: for a page that shows the time, or 'open now'
    over many places."""
    return at.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)


def next_midnight(at, zone=None):
    """The next local midnight after `at` in `zone` (default: the site's time zone)."""
    local = timezone.localtime(at, zone)
    day = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=local.tzinfo).astimezone(
        datetime.UTC
    )


def start_of_day(day, zone=None):
    """The instant a date begins in `zone` (default: the site's time zone): for a page that
    changes on a given day (a place's information becomes out of date)."""
    zone = zone or timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(), tzinfo=zone).astimezone(datetime.UTC)


# --- requests -------------------------------------------------------------------------------


def has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_private_path(request):
    """The admin, the funders' space, the language switch: never cached, never public."""
    parts = request.path_info.lstrip("/").split("/")
    codes = {code for code, _name in settings.LANGUAGES}
    if parts and parts[0] in codes:
        parts = parts[1:]
    return bool(parts) and parts[0] in settings.PAGE_CACHE_PRIVATE_PATHS


def is_sessionless_path(request):
    """An address whose views never read the session or the user (the HSDS API)."""
    return request.path_info.startswith(tuple(settings.PAGE_CACHE_SESSIONLESS_PATHS))


def is_signed_in(request):
    """Whether the answer is for one person: decided from the session cookie, without the
    database (a stale cookie costs a private page, never a leak)."""
    if is_sessionless_path(request):
        return False
    return has_session(request) or is_private_path(request)


_known_parameters = None


def known_parameters():
    """The query parameters a public page reads: every FilterSet's fields, and the setting."""
    global _known_parameters
    if _known_parameters is None:
        import django_filters
        from django.urls import get_resolver

        get_resolver().url_patterns  # imports every view, hence every FilterSet  # noqa: B018
        names = set(settings.PAGE_CACHE_QUERY_PARAMETERS)
        pending = [django_filters.FilterSet]
        while pending:
            cls = pending.pop()
            names.update(cls.base_filters)
            pending.extend(cls.__subclasses__())
        _known_parameters = frozenset(names)
    return _known_parameters


def canonical_query(request):
    known = known_parameters()
    pairs = sorted((k, v) for k, values in request.GET.lists() if k in known for v in values)
    return urlencode(pairs)


def is_public_visit(request):
    """An anonymous GET or HEAD of a public address: what the cache may answer."""
    return (
        request.method in ("GET", "HEAD")
        and not is_signed_in(request)
        # A message waiting in its cookie is shown (and the cookie deleted) by the next page.
        and CookieStorage.cookie_name not in request.COOKIES
    )


def drop_unknown_parameters(request):
    """What the view sees is what a cache key holds: the known parameters, in a canonical
    order. Done whether the cache is on or not, so that a page behaves the same either way."""
    query = canonical_query(request)
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    return query


class Visit:
    """One anonymous GET or HEAD the cache may answer, and may keep the answer of."""

    def __init__(self, request, query):
        self.request = request
        self.query = query
        encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else ""
        raw = f"{request.scheme}://{request.path}?{self.query}"
        self.key = PAGE_KEY.format(
            host=request.get_host(),
            language=get_language_from_request(request, check_path=True),
            encoding=encoding or "identity",
            digest=hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest(),
        )
        self.generation = self.schedule = self.entry = None
        # What the page shows is true from before the view read the database.
        self.started = timezone.now()

    @classmethod
    def start(cls, request):
        """A Visit, or None when the cache must not answer this request."""
        if not is_public_visit(request):
            return None
        query = drop_unknown_parameters(request)
        if not settings.PAGE_CACHE_ENABLED:
            return None
        if request.path_info in settings.PAGE_CACHE_EXCLUDED_PATHS:
            return None
        return cls(request, query)

    def lookup(self):
        """The cached answer, or None. One cache round trip."""
        cache = store()
        found = cache.get_many([GENERATION_KEY, SCHEDULE_KEY, self.key])
        self.generation = found.get(GENERATION_KEY)
        if self.generation is None:
            self.generation = _increment()
        self.schedule = found.get(SCHEDULE_KEY)
        # Kept for stale_response(), whether fresh or not.
        self.entry = entry = found.get(self.key)
        if entry is None:
            return None
        generation, since, until, status, headers, content = entry
        now = timezone.now()
        # True from the instant it was rendered until its boundary, under its generation only.
        if generation != self.generation or not since <= now < until:
            return None
        response = self._response(status, headers, content)
        if "no-cache" not in response.get("Cache-Control", ""):  # not an open-data file
            set_max_age(response, until, now)
        modified = response.get("Last-Modified")
        return get_conditional_response(
            self.request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(modified) if modified else None,
            response=response,
        )

    def _response(self, status, headers, content):
        response = HttpResponse(b"" if self.request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response.headers[name] = value
        response["Content-Length"] = str(len(content))
        return response

    def stale_response(self):
        """The last copy of the page, whatever its generation or age, marked stale; or None.

        For when the database is away: better the page as it was than no page. Marked
        `X-Cache: stale` and `Warning: 110` (RFC 7234's "Response is Stale"), and kept by no
        browser or proxy (`no-cache`).
        """
        if self.entry is None:
            return None
        _generation, _since, _until, status, headers, content = self.entry
        response = self._response(status, headers, content)
        del response["Cache-Control"]
        patch_cache_control(response, public=True, no_cache=True, max_age=0)
        response["X-Cache"] = "stale"
        response["Warning"] = '110 - "Response is Stale"'
        return response

    def next_scheduled(self, now):
        """The next scheduled publication: one query per generation, and when it has passed."""
        if self.schedule is not None:
            generation, since, at = self.schedule
            if generation == self.generation and since <= now and (at is None or now < at):
                return at
        at = next_scheduled(now)
        store().set(SCHEDULE_KEY, (self.generation, now, at), timeout=None)
        return at

    def keep(self, response):
        """Mark the response public, for as long as it stays true, and keep it if it may be."""
        started, now = self.started, timezone.now()
        until = min(
            m
            for m in (
                getattr(self.request, "_page_cache_until", None),
                self.next_scheduled(started),
                started + datetime.timedelta(seconds=settings.PAGE_CACHE_TIMEOUT),
            )
            if m is not None
        )
        if not is_kept_file(response):  # a file keeps its no-cache
            set_max_age(response, until, now)
        patch_vary_headers(response, ["Cookie"])
        timeout = int((until - now).total_seconds())
        if self.request.method != "GET" or timeout < 1:
            return
        headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
        entry = (self.generation, started, until, response.status_code, headers, response.content)
        # Past its boundary lookup() no longer serves it; it stays as the page's last copy.
        store().set(self.key, entry, timeout=timeout + settings.PAGE_CACHE_STALE_TIMEOUT)


def set_max_age(response, until, now):
    seconds = settings.PAGE_CACHE_MAX_AGE
    if until is not None:
        seconds = max(0, min(seconds, int((until - now).total_seconds())))
    if "max-age" in response.get("Cache-Control", ""):
        del response["Cache-Control"]
    patch_cache_control(response, public=True, max_age=seconds)


def carries_a_secret(request, response):
    """A CSRF token in the page, or a cookie set: for this client only (and never gzipped)."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies)


def keep_file(response):
    """Let the page cache keep an open-data file, which tells clients `no-cache` (they ask
    again every time, and get a 304 while it is unchanged): the page cache keeps it exactly as
    it keeps a page, under its generation and no longer than the next scheduled publication
    (when the stored file is due to be built again too, opendata/store.py), and serves it with
    that same `Cache-Control`."""
    response.page_cache_file = True
    return response


def is_kept_file(response):
    return getattr(response, "page_cache_file", False)


def cacheable(request, response):
    if response.status_code != 200 or response.streaming or carries_a_secret(request, response):
        return False
    control = response.get("Cache-Control", "")
    refused = ("private", "no-store")
    if not is_kept_file(response):
        refused += ("no-cache",)
    if any(word in control for word in refused):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= KNOWN_VARY


def mark_private(response):
    """For one person: no shared cache, no browser cache either."""
    control = response.get("Cache-Control", "")
    if "no-store" not in control or "private" not in control:
        patch_cache_control(response, private=True, no_store=True)
    return response


def finish(request, visit, response):
    """Headers on the way out, and the page kept when it may be."""
    if is_sessionless_path(request):
        # Its views read no session: the cookie SessionMiddleware renews on every request
        # (SESSION_SAVE_EVERY_REQUEST) is not part of the answer, which stays public.
        response.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    if is_signed_in(request):
        return mark_private(response)
    if request.method not in ("GET", "HEAD"):
        return response
    if carries_a_secret(request, response):
        return mark_private(response)
    if visit is not None and cacheable(request, response):
        try:
            visit.keep(response)
        except Exception:  # the cache server is down: serve the page all the same
            logger.exception("Page cache store failed")
    return response
