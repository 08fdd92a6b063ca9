"""Security headers django's own settings do not cover; the page cache and compression."""

import logging
import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware import gzip

from . import page_cache
from .postgresql.base import deadline

logger = logging.getLogger(__name__)


class DatabaseDeadlineMiddleware:
    """Every round trip to the database during the request ends within DATABASE_QUERY_TIMEOUT
    seconds (core/postgresql/base.py): a paused server costs a visitor a 503, not a hang.
    First, so that the other middleware's queries (the session, the user) have it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with deadline(settings.DATABASE_QUERY_TIMEOUT):
            return self.get_response(request)


class AdminLanguageMiddleware:
    """The admin is written in French and English only (ADMIN_LANGUAGES): /ar/admin/… and the
    other languages' admin addresses redirect to the same page in French."""

    def __init__(self, get_response):
        self.get_response = get_response
        admin = settings.ADMIN_LANGUAGES
        others = [code for code, _name in settings.LANGUAGES if code not in admin]
        self.pattern = re.compile(rf"^/({'|'.join(map(re.escape, others))})/admin(/|$)")

    def __call__(self, request):
        match = self.pattern.match(request.path_info)
        if match:
            rest = request.path_info[match.end(1) :]
            target = f"{request.META.get('SCRIPT_NAME', '')}/{settings.ADMIN_LANGUAGES[0]}{rest}"
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(target + (f"?{query}" if query else ""))
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PageCacheMiddleware:
    """Answers anonymous visitors from the page cache, and keeps what it may (core/page_cache.py).

    Before the session and authentication middleware, so that a hit costs one cache round trip
    and no database query; after GZip's place, so that what it keeps is already compressed.
    Also marks every answer for a signed-in user `private, no-store`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visit = page_cache.Visit.start(request)
        if visit is not None:
            try:
                cached = visit.lookup()
            except Exception:  # the cache server is down: serve the page uncached
                logger.exception("Page cache lookup failed")
                visit = cached = None
            if cached is not None:
                return cached
        response = self.get_response(request)
        if getattr(response, "database_unavailable", False) and visit is not None:
            # The database is away (network.errors): the last copy of the page, if any, rather
            # than the 503.
            return visit.stale_response() or response
        return page_cache.finish(request, visit, response)


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's, but never for a page that carries a secret (BREACH): a CSRF token, a cookie
    being set, or anything for a signed-in user."""

    def process_response(self, request, response):
        if page_cache.is_signed_in(request) or page_cache.carries_a_secret(request, response):
            return response
        return super().process_response(request, response)
