"""The program list's theme and people-served options, kept between pages while no record
changes (programs.filters.listed_options): a change, or the time a program is scheduled to
appear, shows at once."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Status
from tests.factories import ProgramFactory, TargetGroupFactory, ThemeFactory
from tests.helpers import select_options

pytestmark = pytest.mark.django_db

LIST = "/en/programs/"


def options(client, name, at=None):
    return select_options(client, LIST, name, at)


@pytest.fixture
def program():
    program = ProgramFactory()
    program.themes.add(ThemeFactory(slug="health", name="Santé", name_en="Health"))
    program.target_groups.add(TargetGroupFactory(slug="women", name="Femmes", name_en="Women"))
    return program


def test_a_new_option_shows_on_the_next_page(client, program):
    assert options(client, "theme") == ["health"]
    program.themes.add(ThemeFactory(slug="housing", name="Logement", name_en="Housing"))
    assert options(client, "theme") == ["health", "housing"]
    program.target_groups.add(TargetGroupFactory(slug="men", name="Hommes", name_en="Men"))
    assert options(client, "target_group") == ["men", "women"]


def test_an_option_no_longer_used_or_renamed_goes(client, program):
    assert options(client, "theme") == ["health"]
    theme = program.themes.get()
    theme.name_en = "Health care"
    theme.save()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        assert "Health care" in client.get(LIST).content.decode()
    program.status = Status.DRAFT
    program.save()
    assert options(client, "theme") == []
    assert options(client, "target_group") == []


def test_a_scheduled_program_brings_its_theme_when_it_is_published(client, program):
    now = timezone.now()
    later = ProgramFactory(publish_at=now + datetime.timedelta(hours=2))
    later.themes.add(ThemeFactory(slug="food", name="Alimentation", name_en="Food"))
    assert options(client, "theme", at=now) == ["health"]
    assert options(client, "theme", at=now + datetime.timedelta(hours=1)) == ["health"]
    assert options(client, "theme", at=now + datetime.timedelta(hours=3)) == ["food", "health"]


def test_the_options_are_in_each_languages_order(client, program):
    program.themes.add(ThemeFactory(slug="access", name="Zz accès", name_en="Access"))
    assert options(client, "theme") == ["access", "health"]
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        body = client.get("/fr/programs/").content.decode()
    select = re.search(r'<select id="filter-theme".*?</select>', body, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', select) == ["health", "access"]


def test_the_next_pages_do_not_read_the_options_again(client, program):
    client.get(LIST)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST)
    program.themes.add(ThemeFactory(slug="housing", name="Logement", name_en="Housing"))
    with CaptureQueriesContext(connection) as changed:
        client.get(LIST)
    # The two listed filters' options and the next scheduled publication, once per change.
    assert len(changed) == len(first) + 3
    with CaptureQueriesContext(connection) as again:
        client.get(LIST)
    assert len(again) == len(first)
