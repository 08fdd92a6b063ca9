"""The grants index's theme and territory options, kept between pages while no record changes
(grants.filters.listed_options, as the places list's), and a filtered index's count of the grants
the open data files hold: a change, or the time a grant is scheduled to appear, shows at once."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Status
from core.qualifiers import Qualifier
from tests.factories import GrantFactory, ThemeFactory
from tests.helpers import select_options

pytestmark = pytest.mark.django_db

INDEX = "/en/grants/"


def options(client, name, at=None):
    return select_options(client, INDEX, name, at)


@pytest.fixture
def grant():
    grant = GrantFactory()
    grant.program.themes.add(ThemeFactory(slug="housing", name="Logement", name_en="Housing"))
    return grant


def test_a_theme_given_to_a_granted_program_shows_on_the_next_page(client, grant):
    assert options(client, "theme") == ["housing"]
    grant.program.themes.add(ThemeFactory(slug="food", name="Alimentation", name_en="Food"))
    assert options(client, "theme") == ["food", "housing"]


def test_a_theme_no_longer_granted_goes(client, grant):
    assert options(client, "theme") == ["housing"]
    grant.status = Status.DRAFT
    grant.save()
    assert options(client, "theme") == []


def test_a_scheduled_grant_brings_its_theme_when_it_is_published(client, grant):
    now = timezone.now()
    later = GrantFactory(publish_at=now + datetime.timedelta(hours=2))
    later.program.themes.add(ThemeFactory(slug="food", name="Alimentation", name_en="Food"))
    assert options(client, "theme", at=now) == ["housing"]
    assert options(client, "theme", at=now + datetime.timedelta(hours=1)) == ["housing"]
    assert options(client, "theme", at=now + datetime.timedelta(hours=3)) == ["food", "housing"]


def test_the_options_are_in_each_languages_order(client, grant):
    grant.program.themes.add(ThemeFactory(slug="access", name="Zz accès", name_en="Access"))
    assert options(client, "theme") == ["access", "housing"]
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        body = client.get("/fr/grants/").content.decode()
    select = re.search(r'name="theme".*?</select>', body, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', select) == ["housing", "access"]


def test_the_next_pages_do_not_read_the_options_again(client, grant):
    client.get(INDEX)
    with CaptureQueriesContext(connection) as first:
        client.get(INDEX)
    grant.program.themes.add(ThemeFactory(slug="food", name="Alimentation", name_en="Food"))
    with CaptureQueriesContext(connection) as changed:
        client.get(INDEX)
    # Once per change: the two listed filters' options and the next scheduled publication; and
    # the unfiltered index's figures (grants.views.kept_every_public_figures: their statement,
    # and the next scheduled publication again, which a commit would have stored for both: a
    # test never commits).
    assert len(changed) == len(first) + 5


def published(client, url, at=None):
    """What a page's open-data box says of the grants the 360Giving files hold."""
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        body = client.get(url).content.decode()
    found = re.search(r"(\d+) grants? (?:is|are) published in the 360Giving", body)
    return int(found.group(1)) if found else 0


def ready_grant(year, **kwargs):
    """A grant the 360Giving files take (an exact amount, an award date, a recipient)."""
    return GrantFactory(
        amount_qualifier=Qualifier.EXACT, awarded_on=datetime.date(year, 3, 1), **kwargs
    )


def test_a_filtered_index_counts_every_grant_for_open_data_at_once_after_a_change(client):
    """A filtered index's open-data line counts every public grant (kept between pages,
    grants.views.kept_open_data_counts): a grant published, withdrawn or scheduled shows on the
    next page, or at its time."""
    filtered = "/en/grants/?year=2020"
    ready_grant(2020)
    assert published(client, filtered) == 1
    other = ready_grant(2021)
    assert published(client, filtered) == 2
    other.status = Status.DRAFT
    other.save()
    assert published(client, filtered) == 1
    now = timezone.now()
    ready_grant(2021, publish_at=now + datetime.timedelta(hours=2))
    assert published(client, filtered, at=now) == 1
    assert published(client, filtered, at=now + datetime.timedelta(hours=1)) == 1
    assert published(client, filtered, at=now + datetime.timedelta(hours=3)) == 2
    # The unfiltered index counts them with its totals.
    assert published(client, "/en/grants/", at=now + datetime.timedelta(hours=3)) == 2
