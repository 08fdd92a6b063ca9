"""Limits on what a request may carry, checked before the view and before the body is read.

- The body: a request whose Content-Length is over its path's limit (REQUEST_BODY_LIMITS, first
  match wins, the path taken without its language prefix; REQUEST_BODY_MAX_BYTES for every
  other path) is answered 413 at once, with a page that names the limit, its body unread.
  Django's own DATA_UPLOAD_MAX_MEMORY_SIZE still bounds the form fields once a body is read
  (RequestDataTooBig: the same page, through `bad_request`).
- The query string: longer than QUERY_STRING_MAX_LENGTH characters (as sent, encoded), it is
  a 400 page, so that no parameter of any length reaches a view. Below it each page bounds its
  own parameters (a filter's form error, the search cut to its first 200 characters).
"""

import re

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils import translation
from django.views import defaults


def _unprefixed(path):
    """The path without its leading slash and language prefix: 'admin/funders/…'."""
    parts = path.lstrip("/").split("/", 1)
    codes = {code for code, _name in settings.LANGUAGES}
    if len(parts) == 2 and parts[0] in codes:
        return parts[1]
    return "/".join(parts)


def body_limit(path):
    """The largest body, in bytes, a request to `path` may send."""
    unprefixed = _unprefixed(path)
    for pattern, limit in settings.REQUEST_BODY_LIMITS:
        if re.search(pattern, unprefixed):
            return limit
    return settings.REQUEST_BODY_MAX_BYTES


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def query_too_long(request):
    return len(request.META.get("QUERY_STRING", "")) > settings.QUERY_STRING_MAX_LENGTH


def refused(request, template, status, context=None):
    """A branded page in the visitor's language (the locale middleware has not run yet), drawn
    without the query string that may be what is refused."""
    request.GET = QueryDict()
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        response = TemplateResponse(request, template, context or {}, status=status)
        response.render()
    response["Content-Language"] = language
    return response


def too_large(request, limit):
    # The body is left unread. No "Connection: close": a hop-by-hop header, which WSGI
    # applications may not send (Django's development server answered 500 instead of this
    # page; gunicorn drops it). The server discards what is left of the body.
    return refused(request, "413.html", 413, {"limit": limit})


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length is None:
            return refused(request, "400.html", 400)
        limit = body_limit(request.path_info)
        if length > limit:
            return too_large(request, limit)
        if query_too_long(request):
            return refused(request, "400.html", 400)
        return self.get_response(request)


def bad_request(request, exception):
    """handler400: Django's own refusals (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many
    fields, a bad multipart body…) on the site's pages. A host that is not ours gets Django's
    plain page: drawing ours would ask for that host again."""
    if isinstance(exception, DisallowedHost):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return refused(request, "400.html", 400)
