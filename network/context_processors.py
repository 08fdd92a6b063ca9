"""What every page needs: its address, its address in the other languages, the site's name."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language


def _in_language(request, code):
    """The page's address in another language: its own URL pattern reversed in that language
    (the request was resolved already; translate_url would resolve the path again for each
    language). An address that resolved to nothing (a 404) goes through translate_url."""
    match = request.resolver_match
    if match is None or not match.url_name or request.path != request.path_info:
        return translate_url(request.path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(code):
        return reverse(name, args=match.args, kwargs=match.kwargs)


def site(request):
    current = get_language()
    path = request.path
    alternates = []
    for code, name in settings.LANGUAGES:
        url = path if code == current else _in_language(request, code)
        alternates.append({"code": code, "name": name, "url": url, "current": code == current})
    query = request.GET.urlencode()
    return {
        "canonical_url": request.build_absolute_uri(path),
        "alternates": [dict(a, absolute=request.build_absolute_uri(a["url"])) for a in alternates],
        "other_languages": [
            dict(a, url=a["url"] + (f"?{query}" if query else ""))
            for a in alternates
            if not a["current"]
        ],
        "site_name": settings.SITE_NAME,
        # An unreviewed language says so on every page (templates/includes/review_notice.html).
        "language_reviewed": settings.LANGUAGES_REVIEWED.get(current, False),
        # The admin's language switch offers only these (templates/admin/base_site.html).
        "admin_languages": settings.ADMIN_LANGUAGES,
    }
