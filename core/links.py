"""Record addresses by slug without a reverse() per record.

reverse() under i18n_patterns walks the URL resolver each time (about 0.1 ms): a list page whose
cards link to their programs, grants and organisations called it 150 times. The address of one
view is the same for every slug, so it is reversed once per view, language, script prefix and
URLconf, with a placeholder the slug then replaces.
"""

import re
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What <slug:…> accepts (django.urls.converters.SlugConverter): anything else goes through
# reverse(), which refuses it as it always did.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "__slug__"


@lru_cache(maxsize=256)
def _address(view_name, language, prefix, urlconf, with_slug=True):
    kwargs = {"slug": PLACEHOLDER} if with_slug else None
    return reverse(view_name, urlconf=urlconf, kwargs=kwargs)


def slug_url(view_name, slug):
    """The same as reverse(view_name, kwargs={"slug": slug})."""
    if not SLUG.fullmatch(slug or ""):
        return reverse(view_name, kwargs={"slug": slug})
    return _address(view_name, get_language(), get_script_prefix(), get_urlconf()).replace(
        PLACEHOLDER, slug, 1
    )


def view_url(view_name):
    """The same as reverse(view_name), for a view without arguments."""
    return _address(view_name, get_language(), get_script_prefix(), get_urlconf(), False)


def slug_urls(view_name):
    """slug_url for the many records of one page: `url(slug)`, the view's address found once
    (slug_url reads the language, script prefix and URLconf for every record: 20 µs each; a
    page of the grants index links to some 200 grants)."""
    address = _address(view_name, get_language(), get_script_prefix(), get_urlconf())

    def url(slug):
        if not SLUG.fullmatch(slug or ""):
            return reverse(view_name, kwargs={"slug": slug})
        return address.replace(PLACEHOLDER, slug, 1)

    return url
