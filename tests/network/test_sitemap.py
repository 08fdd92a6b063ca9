"""The sitemap: an index of section files, both languages with alternates, published content
only, at most `limit` addresses per file, and queries that do not grow with the data."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from centers.models import CenterKind
from core.models import Status
from network.sitemaps import SITEMAPS, CenterSitemap
from tests.factories import CenterFactory, GrantFactory, OrganizationFactory, ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"
CODES = [code for code, _name in settings.LANGUAGES]


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    assert not response.cookies
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def index(client):
    """The section files the index lists, as paths with their ?p= page."""
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [loc.text.removeprefix(BASE) for loc in root.findall("s:sitemap/s:loc", NS)]


def entries(client, path):
    """A section file's addresses, in order, each with its alternates and last change."""
    root = xml(client, path)
    assert root.tag == f"{{{NS['s']}}}urlset"
    found = []
    for url in root.findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        found.append(
            (
                url.find("s:loc", NS).text,
                {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)},
                lastmod.text if lastmod is not None else None,
            )
        )
    return found


def sitemap(client):
    """Every address of every file the index lists."""
    urls = {}
    for path in index(client):
        for loc, alternates, lastmod in entries(client, path):
            assert loc not in urls, f"{loc} listed twice"
            urls[loc] = {"alternates": alternates, "lastmod": lastmod}
    return urls


def test_the_index_lists_one_file_per_section(client):
    CenterFactory()
    assert index(client) == [f"/sitemap-{section}.xml" for section in SITEMAPS]
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_pages_in_both_languages_with_alternates(client):
    urls = sitemap(client)
    for path in (
        "",
        "places/",
        "places/map/",
        "programs/",
        "partners/",
        "history/",
        "legal-notice/",
        "privacy/",
        "accessibility/",
    ):
        for lang in CODES:
            assert f"{BASE}/{lang}/{path}" in urls, path
        assert urls[f"{BASE}/en/{path}"]["alternates"] == {
            **{code: f"{BASE}/{code}/{path}" for code in CODES},
            "x-default": f"{BASE}/fr/{path}",
        }
    assert f"{BASE}/fr/search/" not in urls


def test_published_records_only(client):
    place = CenterFactory(slug="caso-lyon")
    CenterFactory(slug="draft-place", status=Status.DRAFT)
    CenterFactory(slug="documentation", kind=CenterKind.DOCUMENTATION)
    program = ProgramFactory(slug="caso", lead_organization=place.operator)
    ProgramFactory(slug="archived-program", status=Status.ARCHIVED)
    OrganizationFactory(slug="in-review", status=Status.IN_REVIEW)

    urls = sitemap(client)
    for lang in CODES:
        assert f"{BASE}/{lang}/places/caso-lyon/" in urls
        assert f"{BASE}/{lang}/programs/caso/" in urls
        assert f"{BASE}/{lang}/partners/{place.operator.slug}/" in urls
    text = " ".join(urls)
    for hidden in ("draft-place", "documentation", "archived-program", "in-review"):
        assert hidden not in text
    entry = urls[f"{BASE}/fr/programs/caso/"]
    assert entry["alternates"]["en"] == f"{BASE}/en/programs/caso/"
    assert entry["lastmod"] == timezone.localtime(program.updated_at).date().isoformat()


def test_a_long_section_is_split_into_files_of_at_most_limit_addresses(client, monkeypatch):
    # Five places in seven languages: 35 addresses, 10 a file.
    monkeypatch.setattr(CenterSitemap, "limit", 10)
    places = [CenterFactory() for _ in range(5)]
    CenterFactory(status=Status.DRAFT)

    files = [path for path in index(client) if path.startswith("/sitemap-places.xml")]
    assert files == [
        "/sitemap-places.xml",
        "/sitemap-places.xml?p=2",
        "/sitemap-places.xml?p=3",
        "/sitemap-places.xml?p=4",
    ]
    pages = [entries(client, path) for path in files]
    assert [len(page) for page in pages] == [10, 10, 10, 5]
    listed = [loc for page in pages for loc, _alternates, _lastmod in page]
    assert listed == [f"{BASE}/{lang}/places/{place.slug}/" for place in places for lang in CODES]
    # Each address keeps its alternates, even when its other languages are in another file.
    loc, alternates, _lastmod = pages[1][-1]
    assert alternates["fr"] == re.sub(r"/[a-z]{2}/places/", "/fr/places/", loc)
    loc, alternates, _lastmod = pages[1][0]
    assert alternates["ru"] == re.sub(r"/[a-z]{2}/places/", "/ru/places/", loc)
    for beyond in ("?p=5", "?p=0", "?p=two"):
        assert client.get(f"/sitemap-places.xml{beyond}").status_code == 404


def count_queries(client, path):
    """The SELECTs a request makes (the request's own savepoint left out)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(query["sql"].startswith("SELECT") for query in queries)


def test_query_count_does_not_grow(client, monkeypatch):
    monkeypatch.setattr(CenterSitemap, "limit", 40)
    for _ in range(2):
        CenterFactory()
        ProgramFactory()
    few = [count_queries(client, path) for path in ("/sitemap.xml", "/sitemap-places.xml")]
    for _ in range(48):
        CenterFactory()
        ProgramFactory()
    many = [count_queries(client, path) for path in ("/sitemap.xml", "/sitemap-places.xml")]
    assert many == few
    # One query per section of records for the index; a count and its records for a file.
    assert few == [len(SITEMAPS) - 1, 2]
    assert count_queries(client, "/sitemap-places.xml?p=2") == 2


def test_every_address_is_the_records_own(client):
    """The sections build addresses from one reverse() per language: the same as the records'
    get_absolute_url()."""
    place = CenterFactory(slug="caso-lyon")
    program = ProgramFactory(slug="caso", lead_organization=place.operator)
    grant = GrantFactory(program=program)
    urls = sitemap(client)
    for record in (place, program, place.operator, grant):
        for lang in CODES:
            with translation.override(lang):
                assert f"{BASE}{record.get_absolute_url()}" in urls, (record, lang)
    places = [url for url in urls if "/places/" in url and not url.endswith("/places/map/")]
    assert len([url for url in places if url.count("/") > 5]) == len(CODES)
