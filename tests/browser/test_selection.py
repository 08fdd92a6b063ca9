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
from .pages import page_path
from .test_pages import overflow_problem
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


@pytest.mark.parametrize("lang", LANGS)
def test_share_links_carry_the_address_and_nothing_is_fetched_elsewhere(
    selection_site, site, guard, nojs_page, lang
):
    page = nojs_page
    path = page_path("place detail", lang)
    page.goto(site.url(path))
    address = site.url(path)
    assert page.locator("#share-url").input_value() == address
    assert page.locator("#share-url").get_attribute("readonly") is not None
    links = page.locator(".share a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for start in ("sms:?body=", "https://wa.me/?text=", "mailto:?subject="):
        chosen = [h for h in hrefs if h.startswith(start)]
        assert len(chosen) == 1, f"{path} has no single {start} link"
        message = unquote(chosen[0])
        assert address in message, f"the {start} link does not carry {address}"
        assert "Koungou" in message
    # The page loaded: only this site was asked for anything (no icon, no preload).
    guard.check(f"{path} with its share links")


def selection_count(page):
    return page.locator(".selection-list li").count()


def test_the_selection_survives_paging_and_a_new_filter(selection_site, site, guard, nojs_page):
    page = nojs_page
    lang = "fr"
    page.goto(site.url(page_path("places list", lang)))
    assert selection_count(page) == 0
    first = page.locator(".center-card").first
    first_name = first.locator("h3").inner_text()
    click_and_load(first.locator(".select-place a"))
    assert selection_count(page) == 1
    assert "sel=" in page.url

    # The next page keeps it; a place added there joins it.
    click_and_load(page.locator('a[rel="next"]').first)
    assert "page=2" in page.url
    assert selection_count(page) == 1
    second = page.locator(".center-card").first
    second_name = second.locator("h3").inner_text()
    click_and_load(second.locator(".select-place a"))
    assert "page=2" in page.url
    assert selection_count(page) == 2

    # A new filter, through the form: the selection is still there.
    form = page.locator(f'main form[action="{page_path("places list", lang)}"]')
    form.locator('[name="territory"]').select_option("mayotte")
    click_and_load(form.locator('button[type="submit"]'))
    assert re.search(r"[?&]territory=mayotte", page.url)
    assert selection_count(page) == 2
    assert first_name in page.locator(".selection-list").inner_text()

    # Its sheet holds both, in the order they were picked.
    click_and_load(page.locator('.selection-box a[href*="/places/selection/"]'))
    names = page.locator(".selection-card h2").all_inner_texts()
    assert names == [first_name, second_name]
    guard.check("selection through pages and filters")


AXE_PAGES = [("fr", ""), ("en", ""), ("ar", ""), ("ar", "fr")]


@pytest.mark.parametrize(("lang", "also"), AXE_PAGES)
def test_the_selection_pages_are_accessible_and_fit_320px(selection_site, shared_js, lang, also):
    site, guard, js_page = shared_js
    guard.reset()
    ids = longest_ids()
    problems = []
    sheet = selection_path(lang, ids, also)
    listing = f"{page_path('places list', lang)}?sel={','.join(map(str, ids))}"
    for path in (sheet, listing):
        js_page.set_viewport_size({"width": 1280, "height": 720})
        response = js_page.goto(site.url(path))
        assert response.status == 200, f"{path} answered {response.status}"
        assert js_page.locator("html").get_attribute("lang") == lang
        guard.check(path, js_page)
        violations = run_axe(js_page, site.axe_source)
        if violations:
            problems.append(f"{path}: axe-core:\n" + describe_violations(violations))
        guard.reset()
        js_page.set_viewport_size(NARROW)
        overflow = overflow_problem(js_page, path)
        if overflow:
            problems.append(overflow)
    assert not problems, "\n".join(problems)


def test_the_ten_place_bilingual_sheet_weighs_under_100_kb(selection_site, site, guard):
    context = site.context(guard, javascript=False)
    context.route("**/*", lambda route: route.continue_())  # no HTTP cache: a first visit
    page = guard.watch(context.new_page())
    responses = []
    page.on("response", lambda response: responses.append(response))
    path = selection_path("ar", longest_ids(), "fr")
    page.goto(site.url(path))
    sizes = {r.url: len(r.body()) for r in responses}
    total = sum(sizes.values())
    assert total < BUDGET, f"{path} weighs {total:,} bytes: {sizes}"
    guard.check(path, page)
