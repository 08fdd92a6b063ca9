"""Stored files: ETag, Last-Modified and 304 on every data endpoint, never older than the data;
the open-data page and its DCAT catalogue."""

import gzip
import json
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils.http import http_date

from core.qualifiers import Qualifier
from network.seeding import seed_network
from opendata import catalogue, spreadsheets
from opendata.models import Dataset
from tests.factories import CenterFactory, GrantFactory

pytestmark = pytest.mark.django_db

DATA_ENDPOINTS = [
    "/data/data-inclusion/structures.json",
    "/data/data-inclusion/structures.csv",
    "/data/data-inclusion/services.json",
    "/data/data-inclusion/services.csv",
    "/data/grants.360giving.json",
    "/data/grants.360giving.csv",
    *(
        f"/{lang}/{p}/download.{f}"
        for p in spreadsheets.LISTS_PATHS
        for lang in ("fr", "en")
        for f in ("csv", "xlsx")
    ),
]


@pytest.fixture
def complete_grant():
    return GrantFactory(
        amount=Decimal("1000"),
        amount_qualifier=Qualifier.EXACT,
        awarded_on="2024-03-15",
    )


def test_every_data_endpoint_answers_304_to_its_etag_and_its_date(client, complete_grant):
    CenterFactory(summary="Consultations médicales.")
    for url in DATA_ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 200, url
        etag, modified = response["ETag"], response["Last-Modified"]
        assert etag and modified, url
        assert "no-cache" in response["Cache-Control"]
        assert response["Access-Control-Allow-Origin"] == "*"
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304, url
        assert client.get(url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200, url


def test_a_change_is_in_the_next_download_with_a_new_etag(client, complete_grant):
    place = CenterFactory(name="Ancien nom", summary="Consultations médicales.")
    for url in ("/data/data-inclusion/services.json", "/fr/places/download.csv"):
        first = client.get(url)
        assert "Ancien nom" in first.content.decode()
        place.name = "Nouveau nom"
        place.save()
        second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert second.status_code == 200
        assert second["ETag"] != first["ETag"]
        assert "Nouveau nom" in second.content.decode()
        place.name = "Ancien nom"
        place.save()


def test_a_rebuild_to_the_same_bytes_keeps_the_etag_and_the_date(client):
    CenterFactory(summary="Consultations médicales.")
    url = "/data/data-inclusion/services.json"
    first = client.get(url)
    CenterFactory(name="Brouillon", status="draft")  # a change the file does not show
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 304
    assert second["Last-Modified"] == first["Last-Modified"]


def test_the_text_files_are_served_gzipped_as_stored(client):
    CenterFactory(summary="Consultations médicales.")
    url = "/data/data-inclusion/services.json"
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] == plain["ETag"]


def test_the_360giving_files_say_why_they_are_missing(client):
    response = client.get("/data/grants.360giving.json")
    assert response.status_code == 404
    assert "data-quality" in json.loads(response.content)["error"]["dataQuality"]


def test_build_datasets_stores_every_file_and_the_page_shows_them(client, complete_grant):
    seed_network()
    call_command("build_datasets", origin="http://testserver")
    names = {name for group in catalogue.GROUPS.values() for name in group.names}
    assert set(Dataset.objects.values_list("name", flat=True)) == names
    # Served as stored: no build on the next request.
    stored = Dataset.objects.get(name="services.json")
    response = client.get("/data/data-inclusion/services.json")
    assert response["ETag"] == stored.etag
    assert response["Last-Modified"] == http_date(stored.modified_at.timestamp())
    for lang, expected in (("fr", "Modifié le"), ("en", "Last modified")):
        page = client.get(f"/{lang}/open-data/")
        assert page.status_code == 200
        text = page.content.decode()
        assert expected in text
        assert "/data/data-inclusion/services.json" in text
        assert f"/{lang}/places/download.xlsx" in text
        assert "Being updated" not in text and "En cours de mise à jour" not in text


def test_the_open_data_page_carries_a_dcat_catalogue_and_is_in_the_footer(client):
    call_command("build_datasets", origin="http://testserver")
    page = client.get("/en/open-data/").content.decode()
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(payload)
    assert data["@type"] == "dcat:Catalog"
    titles = [d["dct:title"] for d in data["dcat:dataset"]]
    assert len(titles) == len(catalogue.CATALOGUE)
    assert "Care places in the data·inclusion format" in titles
    for dataset in data["dcat:dataset"]:
        assert dataset["dct:license"]["@id"].startswith("https://creativecommons.org/")
        for dist in dataset["dcat:distribution"]:
            assert dist["dcat:accessURL"]["@id"].startswith("http://testserver/")
            # A file is downloaded; an API (HSDS) is accessed, never called a download.
            assert ("dcat:downloadURL" in dist) == (dataset["@id"].split("#")[1] != "hsds")
    home = client.get("/fr/").content.decode()
    assert 'href="/fr/open-data/"' in home


def test_the_open_data_page_lists_the_hsds_api_with_its_openapi_document(client):
    call_command("build_datasets", origin="http://testserver")
    for lang, title in (
        ("en", "Care places through the Open Referral HSDS 3.0 API"),
        ("fr", "Les lieux de soin par l'API Open Referral HSDS 3.0"),
    ):
        text = client.get(f"/{lang}/open-data/").content.decode()
        assert title in text.replace("&#x27;", "'")
        assert 'href="/api/hsds/"' in text and 'href="/api/hsds/openapi.json"' in text
        # An API has no stored file: the page never says it is being updated.
        assert "Being updated" not in text and "En cours de mise à jour" not in text
    assert client.get("/api/hsds/openapi.json").status_code == 200


def test_a_file_whose_data_changed_is_said_to_be_updating_not_dated(client):
    call_command("build_datasets", origin="http://testserver")
    CenterFactory()  # a change: every stored file is out of date
    text = client.get("/en/open-data/").content.decode()
    assert "Being updated" in text


def test_a_file_another_request_is_building_is_a_503_with_retry_after(client):
    CenterFactory(summary="Consultations médicales.")
    with mock.patch("opendata.store._try_lock", return_value=False):
        response = client.get("/data/data-inclusion/services.json")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        # Outside the language prefixes: in the site's first language.
        assert "Réessayez dans une minute" in response.content.decode()
        assert client.get("/en/open-data/data-quality/").status_code == 503
    assert client.get("/data/data-inclusion/services.json").status_code == 200


def test_a_large_file_out_of_date_is_left_to_the_scheduled_job(client, settings):
    settings.OPEN_DATA_REQUEST_BUILD_MAX_ROWS = 1
    CenterFactory(summary="Consultations médicales.")
    CenterFactory(summary="Consultations médicales.")
    url = "/data/data-inclusion/services.json"
    assert client.get(url).status_code == 200  # never built: built now (2 rows)
    CenterFactory(name="Nouveau", summary="Consultations médicales.")
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert "tâche planifiée" in response.content.decode()
    call_command("build_datasets", origin="http://testserver")
    response = client.get(url)
    assert response.status_code == 200
    assert "Nouveau" in response.content.decode()
