"""Every public page, with any query: never a server error.

Each page of the public site (both languages, the lists, the search, a record of each kind, the
sitemap, the open data, the sign-in pages) gets query strings made of every parameter any public
page reads (`core.page_cache.known_parameters()`: each FilterSet's fields, the page, the search
text) and of parameters no page reads, each with hostile values (TRICKY), random text with NULs
and any Unicode, numbers out of every range, text of up to 60,000 characters, and the values the
pages themselves offer as links; parameters repeated; and raw query strings that are not even
valid percent-encoding. What must hold: an answer below 500.
"""

import html
import re
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from centers.models import Center
from core.page_cache import known_parameters
from network.sitemaps import SITEMAPS
from partners.models import Organization
from programs.models import Grant, Program

from .strategies import FUZZ, hostile

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "network:home",
    "network:search",
    "centers:center-list",
    "programs:program-list",
    "partners:organization-list",
    "grants:grant-list",
    "history:timeline",
]
OTHER_PAGES = [
    "grants:data-quality",
    "opendata:open-data",
    "opendata:data-quality",
    "network:legal-notice",
    "network:privacy",
    "network:accessibility",
    "admin:login",
    "funders:login",
    "funders:dashboard",
    "admin_password_reset",
    "funders:password-reset",
]
UNREAD = ["utm_source", "format", "order", "sort", "lang", "callback", "page[]", ""]
LINK_QUERY = re.compile(r'href="[^"?]*\?([^"]+)"')


def url(name, *args, lang):
    with translation.override(lang):
        return reverse(name, args=args or None)


RECORD_PAGES = {
    "centers:center-detail": Center,
    "centers:center-sheet": Center,
    "centers:center-report": Center,
    "programs:program-detail": Program,
    "partners:organization-detail": Organization,
    "grants:grant-detail": Grant,
}
# Every public page: a path, or (URL name, language); a record's page is its first published one.
PAGES = [
    "/sitemap.xml",
    "/robots.txt",
    "/data/grants.360giving.json",
    "/data/grants.360giving.csv",
    "/data/data-inclusion/services.json",
    "/data/data-inclusion/structures.csv",
    # Each list's download, filtered by whatever the fuzz sends (a 400 or a 429, never a 500).
    "/fr/places/download.xlsx",
    "/en/programs/download.csv",
    "/fr/grants/download.xlsx",
    "/en/partners/download.csv",
    "/fr/history/download.xlsx",
    *(f"/sitemap-{name}.xml" for name in SITEMAPS),
    *((name, lang) for lang in ("fr", "en") for name in [*LIST_PAGES, *OTHER_PAGES, *RECORD_PAGES]),
]


def path_of(page):
    if isinstance(page, str):
        return page
    name, lang = page
    if name in RECORD_PAGES:
        record = RECORD_PAGES[name].objects.public().order_by("pk").first()
        return url(name, record.slug, lang=lang)
    return url(name, lang=lang)


@pytest.fixture(scope="module")
def offered(seeded, django_db_blocker):
    """{parameter: the values the list pages offer in their links}."""
    from django.test import Client

    values = {}
    with django_db_blocker.unblock():
        client = Client()
        for name in LIST_PAGES:
            page = client.get(url(name, lang="fr"))
            assert page.status_code == 200, name
            for query in LINK_QUERY.findall(page.content.decode()):
                for key, value in parse_qsl(html.unescape(query), keep_blank_values=True):
                    values.setdefault(key, set()).add(value)
    return {key: sorted(found) for key, found in values.items()}


def queries(offered_values):
    """Lists of (name, value): the known parameters and some unread ones, repeated at times."""
    names = sorted(known_parameters()) + UNREAD
    pair = st.sampled_from(names).flatmap(
        lambda name: st.tuples(st.just(name), hostile(*offered_values.get(name, [])))
    )
    repeated = st.sampled_from(names).flatmap(
        lambda name: st.lists(hostile(*offered_values.get(name, [])), min_size=2, max_size=5).map(
            lambda values: [(name, value) for value in values]
        )
    )
    return st.one_of(
        st.lists(pair, max_size=6),
        st.tuples(st.lists(pair, max_size=3), repeated).map(lambda parts: parts[0] + parts[1]),
    )


# Raw query strings: broken percent-encoding ("%", "%zz", "%ff" alone is not UTF-8), stray
# separators, semicolons.
raw_queries = st.text(alphabet="%0123456789abcdefxzFF&=;+?#[]", max_size=60)


def check(client, path, query_string):
    response = client.get(path, QUERY_STRING=query_string)
    assert response.status_code < 500, (path, query_string[:300], response.status_code)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_no_query_makes_a_public_page_fail(client, offered, page):
    path = path_of(page)

    @FUZZ
    @given(pairs=queries(offered))
    def property_(pairs):
        check(client, path, urlencode(pairs, quote_via=quote))

    property_()


@FUZZ
@given(raw=raw_queries, page=st.sampled_from(PAGES))
def test_no_raw_query_makes_a_public_page_fail(client, offered, raw, page):
    check(client, path_of(page), raw)
