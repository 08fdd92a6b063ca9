"""The list's filter options, kept between pages while no record changes (centers.filters
.listed_options): a change, or the time a record is scheduled to appear or go, shows at once."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Status
from tests.factories import CenterFactory, ServiceFactory, TargetGroupFactory, TerritoryFactory
from tests.helpers import select_options

pytestmark = pytest.mark.django_db

LIST = "/en/places/"


def options(client, name, at=None):
    return select_options(client, LIST, name, at)


@pytest.fixture
def place():
    place = CenterFactory(territory=TerritoryFactory())
    place.audiences.add(TargetGroupFactory(slug="women", name="Women"))
    return place


def test_a_new_option_shows_on_the_next_page(client, place):
    assert options(client, "audience") == ["women"]
    place.audiences.add(TargetGroupFactory(slug="children", name="Children"))
    assert options(client, "audience") == ["children", "women"]
    place.services.add(ServiceFactory(slug="dentist", name="Dentist"))
    assert options(client, "service") == ["dentist"]


def test_an_option_no_longer_used_or_renamed_goes(client, place):
    assert options(client, "audience") == ["women"]
    group = place.audiences.get()
    group.name = "Women and girls"
    group.save()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        assert "Women and girls" in client.get(LIST).content.decode()
    group.status = Status.DRAFT
    group.save()
    assert options(client, "audience") == []


def test_a_scheduled_place_brings_its_audience_when_it_is_published(client, place):
    now = timezone.now()
    later = CenterFactory(publish_at=now + datetime.timedelta(hours=2))
    later.audiences.add(TargetGroupFactory(slug="men", name="Men"))
    assert options(client, "audience", at=now) == ["women"]
    assert options(client, "audience", at=now + datetime.timedelta(hours=1)) == ["women"]
    after = options(client, "audience", at=now + datetime.timedelta(hours=3))
    assert sorted(after) == ["men", "women"]


def test_the_options_are_in_each_languages_order(client, place):
    place.audiences.add(
        TargetGroupFactory(slug="anyone", name="Zz tout le monde", name_en="Anyone")
    )
    assert options(client, "audience") == ["anyone", "women"]
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        body = client.get("/fr/places/").content.decode()
    select = re.search(r'<select name="audience".*?</select>', body, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', select) == ["women", "anyone"]


def test_the_next_pages_do_not_read_the_options_again(client, place):
    client.get(LIST)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST)
    place.audiences.add(TargetGroupFactory(slug="children", name="Children"))
    with CaptureQueriesContext(connection) as changed:
        client.get(LIST)
    # The four listed filters' options and the next scheduled publication, once per change.
    assert len(changed) == len(first) + 5
