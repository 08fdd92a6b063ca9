"""What every page needs: its address, its address in the other languages, the site's name."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    current = get_language()
    path = request.path
    alternates = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
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
    }
