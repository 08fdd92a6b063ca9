"""Every page names itself in the other language: the switch in the header (keeping the query)
and the hreflang alternates, for a page with a slug, a list with filters and a 404."""

import re

import pytest
from django.conf import settings

from core.models import Status
from tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def switch(html):
    """The header's links to the other languages."""
    return re.findall(
        r'<a href="([^"]*)"\s+hreflang="(\w+)"\s+lang="\w+"\s+dir="(?:ltr|rtl)">', html
    )


def others(current, path):
    """Every other language's address of a path written /{lang}/…, in settings order."""
    return [(path.format(lang=code), code) for code, _ in settings.LANGUAGES if code != current]


def test_a_record_page_names_itself_in_both_languages(client):
    place = CenterFactory(slug="caso-lyon", status=Status.PUBLISHED)
    html = client.get(f"/fr/places/{place.slug}/").content.decode()
    assert switch(html) == others("fr", "/{lang}/places/caso-lyon/")
    assert re.search(r'<link rel="canonical" href="http://testserver/fr/places/caso-lyon/">', html)
    for lang, href in (
        ("fr", "http://testserver/fr/places/caso-lyon/"),
        ("en", "http://testserver/en/places/caso-lyon/"),
        ("x-default", "http://testserver/fr/places/caso-lyon/"),
    ):
        assert f'<link rel="alternate" hreflang="{lang}" href="{href}">' in html


def test_a_filtered_list_keeps_its_filters_in_the_other_language(client):
    ProgramFactory(status=Status.PUBLISHED)
    html = client.get("/en/programs/?page=1").content.decode()
    assert switch(html) == others("en", "/{lang}/programs/?page=1")
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/programs/">' in html


def test_a_missing_page_names_the_same_address_in_the_other_language(client):
    response = client.get("/en/places/no-such-place/")
    assert response.status_code == 404
    html = response.content.decode()
    assert switch(html) == others("en", "/{lang}/places/no-such-place/")
