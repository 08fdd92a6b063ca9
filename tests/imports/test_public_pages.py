"""What the public sees changes only through publication, which makes the cached pages stale:
an import's drafts and changes for review leave the cached pages as they are, a publisher's
approval or a publisher's import of published rows shows at the next request."""

import pytest
from django.test import Client
from django.utils import translation

from core import workflow
from core.models import PendingChange
from tests.factories import CenterFactory

from .conftest import PLACE_HEADER, confirm, csv_bytes, place_rows, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def text(client, url):
    return " ".join(client.get(url).content.decode().split())


def test_a_change_for_review_shows_only_once_approved(
    operator, editor_client, publisher, django_assert_num_queries
):
    place = CenterFactory(
        name="CASO de Lyon", operator=operator, external_source="reseau-sud", external_id="P1"
    )
    with translation.override("fr"):
        url = place.get_absolute_url()
    visitor = Client()
    visitor.get(url)
    with django_assert_num_queries(0):
        assert "CASO de Lyon" in text(visitor, url)  # from the cache
    rows = [PLACE_HEADER, ["P1", "CASO de Lyon-Gerland", "caso", "mdm", "69", "Lyon", ""]]
    confirm(editor_client, upload(editor_client, csv_bytes(rows)))
    assert "CASO de Lyon-Gerland" not in text(visitor, url)
    workflow.approve(PendingChange.objects.get(), publisher)
    assert "CASO de Lyon-Gerland" in text(visitor, url)


def test_a_publishers_import_of_published_places_shows_at_the_next_request(
    operator, publisher_client
):
    visitor = Client()
    assert "Lieu 1" not in text(visitor, "/en/places/")
    rows = [[*PLACE_HEADER, "status"], [*place_rows(1)[0], "published"]]
    confirm(publisher_client, upload(publisher_client, csv_bytes(rows)))
    assert "Lieu 1" in text(visitor, "/en/places/")


def test_an_editors_import_leaves_the_public_lists_as_they_were(operator, editor_client):
    visitor = Client()
    before = text(visitor, "/en/places/")
    confirm(editor_client, upload(editor_client, csv_bytes([PLACE_HEADER, *place_rows(3)])))
    after = text(visitor, "/en/places/")
    assert "Lieu 1" not in after
    assert after.count("Lieu") == before.count("Lieu") == 0
