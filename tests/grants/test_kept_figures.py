"""The unfiltered grants index's totals and charts, kept between pages while no record changes
(grants.views.kept_every_public_figures, as the filters' options are kept): every change the
public could see, and the minute a record is scheduled to appear or go, shows in them at the
next page; a draft never does; each language has its own; a filtered index adds up its own."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Status
from core.qualifiers import Qualifier
from tests.factories import GrantFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

INDEX = "/en/grants/"


def totals(client, url=INDEX, at=None):
    """The text of the index's totals section as a reader sees it (tags and spacing aside), the
    page rendered at the instant `at` (default: now); "" when the index shows no totals."""
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        response = client.get(url)
    assert response.status_code == 200
    section = re.search(
        r'<section aria-labelledby="totals-title">(.*?)</section>', response.content.decode(), re.S
    )
    if section is None:
        return ""
    # The count of grants (the first number, in any language), then the totals (not the
    # paragraph on adding qualified amounts between them).
    head, lists = section.group(1).split('<h3 id="totals-funder">', 1)
    count = re.search(r"\d+", re.sub(r"<[^>]+>", " ", head)).group(0)
    return " ".join([f"[{count} grants]", *re.sub(r"<[^>]+>", " ", lists).split()])


def counted(text):
    """How many grants the totals say they cover."""
    found = re.match(r"\[(\d+) grants\]", text)
    return int(found.group(1)) if found else 0


def a_grant(funder_name, title, *, funder=None, **kwargs):
    if funder is None:
        funder = OrganizationFactory(
            name=f"{funder_name} (fr)", name_en=funder_name, kind="foundation"
        )
    program = ProgramFactory(title=title, title_en=title, title_fr=f"{title} (fr)")
    return GrantFactory(funder=funder, program=program, **kwargs)


@pytest.fixture
def first(client):
    grant = a_grant("First Foundation", "Night clinic")
    # The figures read, then kept.
    assert counted(totals(client)) == 1
    return grant


def test_a_grant_added_shows_in_the_totals_at_the_next_page(client, first):
    a_grant("Second Foundation", "Dental care")
    text = totals(client)
    assert counted(text) == 2
    assert "Second Foundation" in text


def test_an_amount_changed_shows_in_the_totals_at_the_next_page(client, first):
    assert "Amount stated: almost €600,000" in totals(client)
    first.amount, first.amount_qualifier = Decimal("250000"), Qualifier.EXACT
    first.save()
    text = totals(client)
    assert "€250,000" in text
    assert "600,000" not in text


def test_a_grant_withdrawn_or_deleted_leaves_the_totals_at_the_next_page(client, first):
    second = a_grant("Second Foundation", "Dental care")
    assert counted(totals(client)) == 2
    second.status = Status.DRAFT
    second.save()
    text = totals(client)
    assert counted(text) == 1
    assert "Second Foundation" not in text
    first.delete()
    assert totals(client) == ""


def test_a_program_withdrawn_takes_its_grants_out_of_the_totals(client, first):
    program = first.program
    program.status = Status.DRAFT
    program.save()
    assert totals(client) == ""


def test_a_funder_renamed_is_named_so_at_the_next_page(client, first):
    funder = first.funder
    funder.name = funder.name_en = "Renamed Foundation"
    funder.save()
    text = totals(client)
    assert "Renamed Foundation" in text
    assert "First Foundation" not in text


def test_a_draft_never_enters_the_totals(client, first):
    a_grant("Draft Foundation", "Hidden", status=Status.DRAFT)
    text = totals(client)
    assert counted(text) == 1
    assert "Draft Foundation" not in text


def test_a_grant_scheduled_for_the_next_minute_shows_at_its_minute(client, first):
    now = timezone.now()
    a_grant("Later Foundation", "Mobile unit", publish_at=now + datetime.timedelta(minutes=1))
    assert counted(totals(client, at=now)) == 1
    assert counted(totals(client, at=now + datetime.timedelta(seconds=59))) == 1
    text = totals(client, at=now + datetime.timedelta(seconds=61))
    assert counted(text) == 2
    assert "Later Foundation" in text


def test_a_grant_scheduled_to_go_leaves_at_its_minute(client):
    now = timezone.now()
    a_grant("First Foundation", "Night clinic")
    a_grant("Going Foundation", "Winter plan", unpublish_at=now + datetime.timedelta(minutes=1))
    assert counted(totals(client, at=now)) == 2
    assert counted(totals(client, at=now + datetime.timedelta(seconds=59))) == 2
    text = totals(client, at=now + datetime.timedelta(seconds=61))
    assert counted(text) == 1
    assert "Going Foundation" not in text


def test_each_language_has_its_own_figures(client, first):
    assert "First Foundation" in totals(client)
    assert "First Foundation (fr)" in totals(client, "/fr/grants/")
    # And English again, not the French kept.
    english = totals(client)
    assert "First Foundation" in english
    assert "(fr)" not in english


def test_the_next_pages_do_not_add_up_the_grants_again(client, first):
    def added_up(queries):
        return sum("GROUPING SETS" in query["sql"] for query in queries.captured_queries)

    with CaptureQueriesContext(connection) as kept:
        client.get(INDEX)
        client.get(f"{INDEX}?page=1")
    first.amount = Decimal("550000")
    first.save()
    with CaptureQueriesContext(connection) as after_a_change:
        client.get(INDEX)
        client.get(f"{INDEX}?page=1")
    assert added_up(kept) == 0
    # Once per change.
    assert added_up(after_a_change) == 1


def test_a_filtered_index_adds_up_its_own_grants(client, first):
    a_grant("Second Foundation", "Dental care", awarded_on=datetime.date(2020, 5, 1))
    assert counted(totals(client)) == 2
    text = totals(client, f"{INDEX}?year=2020")
    assert counted(text) == 1
    assert "Second Foundation" in text
    assert "First Foundation" not in text
    assert counted(totals(client)) == 2


def test_the_kept_totals_link_to_the_index_filtered_by_one_value_only(client):
    """Kept from a page asked with a page number, a total's "list them all" link filters the
    index by its funder alone, as the first page's does."""
    funder = OrganizationFactory(name="Large (fr)", name_en="Large", kind="foundation")
    for number in range(6):  # one more undisclosed grant than a total names
        a_grant(
            "",
            f"Program {number}",
            funder=funder,
            amount=None,
            amount_qualifier=Qualifier.NOT_DISCLOSED,
        )
    for url in (f"{INDEX}?page=1", INDEX):
        with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
            body = client.get(url).content.decode()
        funders = re.search(r'<ul class="totals">.*?</ul>', body, re.S).group(0)
        assert re.findall(r'href="(\?[^"]*)"', funders) == [f"?funder={funder.slug}"]
