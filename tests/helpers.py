"""Helpers the public pages' tests share: fetch a page as a visitor, read its JSON-LD, count
queries."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation


def page(client, url, status=200):
    """The page's HTML, as an anonymous visitor gets it: the expected status, no cookie, and
    nothing the Content Security Policy would block (no inline style, no script but JSON-LD)."""
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert not response.cookies, "an anonymous visitor gets no cookie"
    html = response.content.decode()
    assert "style=" not in html, "no inline style (CSP)"
    assert re.findall(r"<script(?![^>]*application/ld\+json)", html) == [], (
        "no script but JSON-LD data"
    )
    return html


def jsonld(html):
    """The page's one JSON-LD block."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def en(record):
    """The English address of a record's page, whatever language a previous request left active."""
    with translation.override("en"):
        return record.get_absolute_url()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def select_options(client, url, name, at=None):
    """The values of a page's filter select `name` (by its name or its id `filter-<name>`), the
    page rendered at the instant `at` (default: now)."""
    from unittest import mock

    from django.utils import timezone

    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        body = client.get(url).content.decode()
    select = re.search(
        rf'<select[^>]*\b(?:name="{name}"|id="filter-{name}")[^>]*>.*?</select>', body, re.S
    ).group(0)
    return re.findall(r'<option value="([^"]+)"', select)
