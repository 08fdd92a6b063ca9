"""Privacy on every public page: no cookie for a visitor, nothing from another host, a strict CSP.

Pages are found by reversing their names, so every list and detail page is covered as the
apps build them; one published record of each kind, with its relations, fills the details.
"""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from centers.models import CenterKind
from core.dates import DatePrecision
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    LanguageFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    ProgramFactory,
    ReferenceFactory,
    RelationshipFactory,
    ServiceFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

LANGS = ["fr", "en"]
HOST = "testserver"
# Attributes that make a browser fetch something, or send the visitor somewhere.
URL_ATTRIBUTES = {
    "src",
    "href",
    "action",
    "srcset",
    "poster",
    "data",
    "formaction",
    "xlink:href",
    "background",
}


@pytest.fixture
def records():
    """One published record of each kind, every relation filled, as the seed loads them."""
    operator = OrganizationFactory(
        name="Médecins du Monde", slug="medecins-du-monde", acronym="MdM"
    )
    funder = OrganizationFactory(name="Fondation", slug="fondation")
    OrganizationNameFactory(organization=operator, name="Ancien nom")
    RelationshipFactory(source=funder, target=operator, duration_years=15)
    group = TargetGroupFactory(slug="children-and-minors")
    program = ProgramFactory(slug="caso", lead_organization=operator, area="Lyon")
    program.partners.add(funder)
    program.themes.add(ThemeFactory())
    program.target_groups.add(group)
    GrantFactory(program=program, funder=funder, recipient=operator)
    KeyFigureFactory(subject=program)
    center = CenterFactory(
        slug="caso-lyon",
        operator=operator,
        kind=CenterKind.CASO,
        city="Lyon",
        postcode="69007",
        department="Rhône",
        department_code="69",
        region="Auvergne-Rhône-Alpes",
        min_age=0,
        max_age=18,
    )
    center.programs.add(program)
    center.audiences.add(group)
    center.services.add(ServiceFactory())
    center.languages.add(LanguageFactory())
    OpeningHoursFactory(center=center)
    NoticeFactory(center=center)
    KeyFigureFactory(subject=center)
    event = EventFactory(
        organization=operator,
        slug="founding",
        starts_on=datetime.date(1970, 2, 19),
        starts_precision=DatePrecision.DAY,
    )
    event.related_organizations.add(funder)
    event.references.add(ReferenceFactory())
    KeyFigureFactory(subject=event)
    return {"center": center, "program": program, "organization": operator}


def public_pages(records, lang):
    """(path, expected status) of every public page in a language."""
    with translation.override(lang):
        pages = [
            reverse("network:home"),
            reverse("network:search"),
            reverse("network:search") + "?q=medecins",
            reverse("network:search") + "?q=%25%27%22%26",
            reverse("centers:center-list"),
            reverse("centers:center-list")
            + "?place=Lyon&audience=children-and-minors&kind=caso&free=yes",
            reverse("centers:center-detail", kwargs={"slug": records["center"].slug}),
            reverse("programs:program-list"),
            reverse("programs:program-detail", kwargs={"slug": records["program"].slug}),
            reverse("partners:organization-list"),
            reverse("partners:organization-detail", kwargs={"slug": records["organization"].slug}),
            reverse("history:timeline"),
            reverse("network:legal-notice"),
            reverse("network:privacy"),
            reverse("network:accessibility"),
        ]
    return [(page, 200) for page in pages] + [(f"/{lang}/no-such-page/", 404)]


def fetch(client, path, status):
    response = client.get(path)
    assert response.status_code == status, path
    return response


class Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.posts, self.inline_styles, self.style_elements, self.scripts = (
            [],
            0,
            0,
            0,
            [],
        )
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            # A link the person may choose to follow (share by WhatsApp, the urgent numbers'
            # source): no request until then.
            self.links.append(attrs["href"].strip())
            attrs.pop("href")
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES and value is not None:
                self.urls.extend(
                    part.strip().split(" ")[0] for part in value.split(",")
                ) if name == "srcset" else self.urls.append(value.strip())
        if tag == "meta" and (attrs.get("content") or "").startswith(("http:", "https:", "//")):
            self.urls.append(attrs["content"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.posts += 1
        if "style" in attrs:
            self.inline_styles += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "script":
            self.scripts.append(attrs.get("type"))


def parse(response):
    parser = Attributes()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("lang", LANGS)
def test_no_cookie_for_an_anonymous_visitor(client, records, lang):
    paths = [*public_pages(records, lang), ("/sitemap.xml", 200), ("/robots.txt", 200)]
    for path, status in paths:
        response = fetch(client, path, status)
        cookies = set(response.cookies)
        if "text/html" in response["Content-Type"] and parse(response).posts:
            # Only where a form posts: the CSRF cookie, and nothing else.
            assert cookies <= {"csrftoken"}, (path, cookies)
        else:
            assert not cookies, (path, cookies)
        assert "language" not in " ".join(cookies)
        client.cookies.clear()


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages_ask_nothing_of_another_host(client, records, lang):
    for path, status in public_pages(records, lang):
        page = parse(fetch(client, path, status))
        assert page.urls and page.links, path
        for url in page.urls:
            assert not url.startswith("//"), (path, url)
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                assert parts.netloc == HOST, (path, url)
            else:
                # Relative: no other host is asked.
                assert parts.scheme == "", (path, url)
        for url in page.links:
            # Links: this site, the phone (call, text, e-mail), or another site over HTTPS that
            # the browser asks nothing of until the person follows the link.
            assert not url.startswith("//"), (path, url)
            parts = urlsplit(url)
            assert parts.scheme in ("", "tel", "sms", "mailto", "https"), (path, url)


@pytest.mark.parametrize("lang", LANGS)
def test_strict_content_security_policy_and_nothing_inline(client, records, lang):
    for path, status in public_pages(records, lang):
        response = fetch(client, path, status)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'none'" in policy, path
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        page = parse(response)
        assert page.inline_styles == 0 and page.style_elements == 0, path
        # A JSON-LD data block is not a script; anything else would be.
        assert set(page.scripts) <= {"application/ld+json"}, (path, page.scripts)
