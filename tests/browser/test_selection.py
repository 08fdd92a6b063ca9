"""Issue 14: share a place, and print a selection of places on one sheet.

The ten-place sheet prints on at most three A4 pages, in French and in Arabic with French under
it; the selection survives paging and a new filter without JavaScript; the share links carry
the page's address and nothing is fetched from another host; axe-core finds nothing on the new
page; it weighs under 100 KB."""

import re
from urllib.parse import unquote

import pytest
from django.db.models.functions import Length

from centers.models import Center, Territory
from tests.factories import CenterFactory

from .conftest import LANGS, click_and_load, describe_violations, run_axe
from .pages import KOUNGOU, page_path
from .test_print import pdf_page_count

BUDGET = 100_000  # bytes
NARROW = {"width": 320, "height": 640}
# Places added to the seed in the list's first territory, so that the list has a second page.
EXTRA = 25


@pytest.fixture(scope="module")
def selection_site(seeded, django_db_blocker):
    """The seed content and enough more places to fill two pages of the list."""
    from .conftest import close_connections

    with django_db_blocker.unblock():
        territory = Territory.objects.get(slug="metropolitan-france")
        for n in range(EXTRA):
            CenterFactory(
                name=f"Permanence d'accès aux soins {n:02d}",
                slug=f"permanence-{n:02d}",
                city="Amiens",
                territory=territory,
            )
        close_connections()
    yield


def longest_ids(count=10):
    """The seeded places with the most text: the heaviest sheet."""
    places = Center.objects.public().exclude(slug__startswith="permanence-")
    places = places.annotate(
        text=Length("name") + Length("summary") + Length("conditions") + Length("area_served")
    ).order_by("-text")
    return list(places.values_list("pk", flat=True)[:count])


def selection_path(lang, ids, also=""):
    path = page_path("places list", lang).replace("/places/", "/places/selection/")
    query = "sel=" + ",".join(map(str, ids)) + (f"&also={also}" if also else "")
    return f"{path}?{query}"


@pytest.mark.parametrize(("lang", "also"), [("fr", ""), ("ar", "fr")])
def test_ten_places_print_on_at_most_three_a4_pages(
    selection_site, site, guard, nojs_page, lang, also
):
    ids = longest_ids()
    assert len(ids) == 10, "the seed content should give at least ten care places"
    page = nojs_page
    page.emulate_media(media="print")
    path = selection_path(lang, ids, also)
    response = page.goto(site.url(path))
    assert response.status == 200
    assert page.locator(".selection-card").count() == 10
    if also:
        second = page.locator(f'.selection-also[lang="{also}"][dir="ltr"]')
        assert second.count() == 10, "each card has its text in the second language"
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf_page_count(pdf)
    assert pages <= 3, f"{path} prints on {pages} A4 pages"
    guard.check(path)
