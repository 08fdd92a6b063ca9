"""Legal and trust pages, the footer, error pages (404, 403, CSRF, 500) and robots.txt."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.template import loader
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

import config.urls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


def _boom(request):
    raise RuntimeError("a bug")


def _denied(request):
    raise PermissionDenied


# The site's URLs plus two that fail, for the 500 and 403 handlers (see @pytest.mark.urls).
urlpatterns = [
    path("test-boom/", _boom),
    path("test-denied/", _denied),
    *config.urls.urlpatterns,
]


def get(client, name, lang="en", status=200):
    with translation.override(lang):
        response = client.get(reverse(name))
    assert response.status_code == status
    return response.content.decode()


def meta(html, name):
    match = re.search(rf'<meta (?:name|property)="{name}" content="([^"]*)">', html)
    return match.group(1) if match else None


PAGES = ["network:legal-notice", "network:privacy", "network:accessibility"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_legal_page_has_its_own_title_description_and_open_graph(client, lang):
    seen = set()
    for name in PAGES:
        html = get(client, name, lang)
        assert f'<html lang="{lang}"' in html
        title = re.search(r"<title>([^<]+)</title>", html).group(1)
        description = meta(html, "description")
        assert len(description) > 40
        assert meta(html, "og:description") == description
        assert meta(html, "og:title").startswith(title.split(" – ")[0])
        with translation.override(lang):
            assert meta(html, "og:url") == f"http://testserver{reverse(name)}"
        assert html.count("<h1>") == 1
        seen.add((title, description))
    assert len(seen) == len(PAGES)


def test_accessibility_statement_rgaa_style(client):
    html = get(client, "network:accessibility")
    assert "partially conformant with RGAA version 4.1" in html
    assert "has not been audited yet" in html
    assert "axe-core" in html and "Keyboard only" in html
    assert "What is not accessible yet" in html
    # How to report a barrier, and the right to go to the Défenseur des droits.
    assert '<a href="/en/legal-notice/">legal notice</a>' in html
    assert "Défenseur des droits" in html and "Libre réponse 71120" in html
    assert '<address lang="fr">' in html


def test_privacy_notice_says_what_is_and_is_not_collected(client):
    html = get(client, "network:privacy")
    for fact in (
        "No tracking, no audience measurement (analytics)",
        "No request to any other site",
        "no cookie is needed to remember it",
        "“csrftoken”",
        "keeps only what you type",
        "It does not keep your IP address",
        "Server logs",
        "writes no search term next to an IP address",
        "CNIL",
    ):
        assert fact in html, fact


def test_legal_notice_does_not_invent_the_publisher(client):
    html = get(client, "network:legal-notice")
    assert "To be completed before the site goes public" in html
    assert '<a href="tel:15">15</a>' in html and '<a href="tel:115">115</a>' in html
    assert "not stated by the source" in html
    assert 'href="/en/privacy/"' in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_footer_links_to_search_and_the_three_pages(client, lang):
    html = get(client, "network:home", lang)
    footer = re.search(r'<footer class="site-footer">.*</footer>', html, re.S).group(0)
    with translation.override(lang):
        for name in ("network:search", *PAGES):
            assert f'href="{reverse(name)}"' in footer
    assert "Accessibility: partially conformant" in get(client, "network:home", "en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_404_is_styled_and_helps(client, lang):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert f'action="/{lang}/search/"' in html
    assert f'href="/{lang}/places/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert not response.cookies


def test_404_for_an_unpublished_record_is_the_same_page(client):
    response = client.get("/en/programs/no-such-program/")
    assert response.status_code == 404
    assert "There is no page at this address." in response.content.decode()


def test_500_template_needs_no_context_and_no_database(django_assert_num_queries):
    with translation.override("en"), django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert '<html lang="en" dir="ltr">' in html
    assert "Something went wrong on our side" in html
    assert '<a href="/en/">' in html
    assert 'href="/static/css/site.css"' in html
    assert "style=" not in html and "<script" not in html


@pytest.mark.urls(__name__)
def test_500_handler_serves_the_standalone_page():
    client = Client(raise_request_exception=False)
    response = client.get("/test-boom/", headers={"accept-language": "en"})
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "a bug" not in html


@pytest.mark.urls(__name__)
def test_403_is_styled(client):
    with translation.override("en"):
        response = client.get("/test-denied/", headers={"accept-language": "en"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Access denied</h1>" in html
    assert '<header class="site-header">' in html


def test_csrf_failure_page_is_styled(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en"}, headers={"accept-language": "en"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>The form could not be sent</h1>" in html
    assert "Nothing you typed has been saved." in html
    assert '<footer class="site-footer">' in html


def test_robots_txt_allows_all_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Disallow: /fr/admin/" in lines and "Disallow: /en/search/" in lines
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"
    assert client.head("/robots.txt").status_code == 200


def test_favicon_is_linked_and_served(client):
    html = get(client, "network:home")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)
