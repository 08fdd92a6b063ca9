"""Every page names itself in the other language: the switch in the header (keeping the query)
and the hreflang alternates, for a page with a slug, a list with filters and a 404."""

import re

import pytest

from core.models import Status
from tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def switch(html):
    """The header's link to the other language."""
    return re.findall(r'<a href="([^"]*)" hreflang="(\w+)" lang="\w+">', html)


def test_a_record_page_names_itself_in_both_languages(client):
    place = CenterFactory(slug="caso-lyon", status=Status.PUBLISHED)
    html = client.get(f"/fr/places/{place.slug}/").content.decode()
    assert switch(html) == [("/en/places/caso-lyon/", "en")]
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
    assert switch(html) == [("/fr/programs/?page=1", "fr")]
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/programs/">' in html


def test_a_missing_page_names_the_same_address_in_the_other_language(client):
    response = client.get("/en/places/no-such-place/")
    assert response.status_code == 404
    html = response.content.decode()
    assert switch(html) == [("/fr/places/no-such-place/", "fr")]
