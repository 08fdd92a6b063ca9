"""sitemap.xml: both languages with alternates, published content only, flat query count."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import CenterKind
from core.models import Status
from tests.factories import CenterFactory, OrganizationFactory, ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert not response.cookies
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    urls = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        lastmod = url.find("s:lastmod", NS)
        urls[loc] = {
            "alternates": alternates,
            "lastmod": lastmod.text if lastmod is not None else None,
        }
    return urls


def test_pages_in_both_languages_with_alternates(client):
    urls = sitemap(client)
    for path in (
        "",
        "places/",
        "programs/",
        "partners/",
        "history/",
        "legal-notice/",
        "privacy/",
        "accessibility/",
    ):
        for lang in ("fr", "en"):
            assert f"{BASE}/{lang}/{path}" in urls, path
        assert urls[f"{BASE}/en/{path}"]["alternates"] == {
            "fr": f"{BASE}/fr/{path}",
            "en": f"{BASE}/en/{path}",
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
    for lang in ("fr", "en"):
        assert f"{BASE}/{lang}/places/caso-lyon/" in urls
        assert f"{BASE}/{lang}/programs/caso/" in urls
        assert f"{BASE}/{lang}/partners/{place.operator.slug}/" in urls
    text = " ".join(urls)
    for hidden in ("draft-place", "documentation", "archived-program", "in-review"):
        assert hidden not in text
    entry = urls[f"{BASE}/fr/programs/caso/"]
    assert entry["alternates"]["en"] == f"{BASE}/en/programs/caso/"
    assert entry["lastmod"] == timezone.localtime(program.updated_at).date().isoformat()


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        sitemap(client)
    return len(queries)


def test_query_count_does_not_grow(client):
    for _ in range(2):
        CenterFactory()
        ProgramFactory()
    few = count_queries(client)
    for _ in range(48):
        CenterFactory()
        ProgramFactory()
    assert count_queries(client) == few
