"""Urgent help (issue 14, item 6): the national numbers 15, 112, 115 and 114 (by SMS), with
their public source, on every page, the place sheet and the error pages, in every language,
the numbers kept left to right in right-to-left pages."""

import re
from html import unescape

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from network import urgent_help
from tests.factories import CenterFactory

LINKS = (
    '<a href="tel:15"><bdi dir="ltr" class="urgent-number">15</bdi>',
    '<a href="tel:112"><bdi dir="ltr" class="urgent-number">112</bdi>',
    '<a href="tel:115"><bdi dir="ltr" class="urgent-number">115</bdi>',
    '<a href="sms:114"><bdi dir="ltr" class="urgent-number">114</bdi>',
)
WORDS = {
    "fr": (
        "Aide urgente : appels gratuits, jour et nuit",
        "urgence médicale (SAMU)",
        "hébergement d'urgence (SAMU social)",
        "par SMS, pour les personnes sourdes et malentendantes",
    ),
    "en": (
        "Urgent help: free calls, day and night",
        "medical emergency (SAMU)",
        "emergency shelter (SAMU social)",
        "by SMS, for deaf and hard-of-hearing people",
    ),
    "ar": (
        "مساعدة عاجلة: اتصالات مجانية، ليلًا ونهارًا",
        "طوارئ طبية (SAMU)",
        "إيواء طارئ (SAMU social)",
        "عبر الرسائل القصيرة، للأشخاص الصم وضعاف السمع",
    ),
}


def assert_urgent_help(page, language):
    page = re.sub(r">\s+<", "><", " ".join(page.split()))
    for link in LINKS:
        assert link in page, link
    for words in WORDS[language]:
        assert words in unescape(page), words
    assert f'<a href="{urgent_help.SOURCE_URL}">service-public.gouv.fr</a>' in page


def test_the_reference_data_names_its_public_source():
    assert [n.number for n in urgent_help.NUMBERS] == ["15", "112", "115", "114"]
    assert urgent_help.SOURCE_URL.startswith("https://www.service-public.gouv.fr/")
    assert {n.href for n in urgent_help.NUMBERS} == {"tel:15", "tel:112", "tel:115", "sms:114"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en", "ar"])
@pytest.mark.parametrize("path", ["/", "/places/", "/search/"])
def test_on_every_public_page(client, language, path):
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    page = response.content.decode()
    assert_urgent_help(page, language)
    # In the footer, under a heading of its own.
    footer = page.split('<footer class="site-footer">')[1]
    assert '<h2 class="urgent-title">' in footer


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_place_page_and_its_sheet(client, language):
    place = CenterFactory()
    assert_urgent_help(client.get(f"/{language}/places/{place.slug}/").content.decode(), language)
    sheet = client.get(f"/{language}/places/{place.slug}/sheet/").content.decode()
    assert_urgent_help(sheet, language)
    assert '<p class="urgent-title">' in sheet  # the sheet keeps its own headings


@pytest.mark.django_db
def test_on_the_404_page_in_arabic(client):
    response = client.get("/ar/places/no-such-place/")
    assert response.status_code == 404
    assert_urgent_help(response.content.decode(), "ar")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_the_503_page_without_a_database(monkeypatch, language):
    def refused(self):
        raise OperationalError("connection refused (the test's database is down)")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refused)
    response = Client(raise_request_exception=False).get(f"/{language}/places/")
    assert response.status_code == 503
    assert_urgent_help(response.content.decode(), language)
