"""Stored files: ETag, Last-Modified and 304 on every data endpoint, never older than the data;
the open-data page and its DCAT catalogue."""

import gzip
import json
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


class TestInThePageCache:
    """A small file is kept in the page cache like a page: the next visit is one cache round
    trip, never older than the data, and still `no-cache` for the clients."""

    @pytest.fixture(autouse=True)
    def _page_cache_on(self, settings):
        settings.PAGE_CACHE_ENABLED = True

    def test_the_next_visit_is_the_same_file_without_a_query(
        self, client, complete_grant, django_assert_num_queries
    ):
        url = "/data/grants.360giving.json"
        first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        with django_assert_num_queries(0):
            second = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            not_modified = client.get(
                url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
            )
            same_date = client.get(
                url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
            )
        assert second.status_code == 200
        assert second.content == first.content
        assert second["Content-Encoding"] == "gzip"
        assert (second["ETag"], second["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
        # Clients ask again every time, answered from the cache: no max-age to outlive a change.
        assert second["Cache-Control"] == first["Cache-Control"] == "public, no-cache"
        assert second["Access-Control-Allow-Origin"] == "*"
        assert not_modified.status_code == same_date.status_code == 304
        grants = json.loads(gzip.decompress(second.content))["grants"]
        assert [g["amountAwarded"] for g in grants] == [1000]

    def test_a_change_is_in_the_next_visit(self, client, complete_grant):
        url = "/data/grants.360giving.json"
        first = client.get(url)
        complete_grant.amount = Decimal("2500")
        complete_grant.save()
        second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert second.status_code == 200
        assert second["ETag"] != first["ETag"]
        assert [g["amountAwarded"] for g in json.loads(second.content)["grants"]] == [2500]

    def test_a_grant_unpublished_leaves_the_next_visit(self, client, complete_grant):
        url = "/data/grants.360giving.json"
        assert client.get(url).status_code == 200
        complete_grant.status = "draft"
        complete_grant.save()
        # No public grant left: the file says why it is missing, not the kept copy.
        assert client.get(url).status_code == 404

    def test_a_file_over_the_limit_is_read_from_its_row_every_time(
        self, client, complete_grant, settings, django_assert_num_queries
    ):
        settings.OPEN_DATA_PAGE_CACHE_MAX_BYTES = 10
        url = "/data/grants.360giving.json"
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert queries.captured_queries, "served from the page cache"
        assert second.content == first.content
        assert second["Cache-Control"] == "public, no-cache"
