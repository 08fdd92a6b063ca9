"""The map of places in a browser, on the seed content: from the list to the map and, by a
tile, back to the list of that département, with JavaScript off; every tile a link with its
own accessible name; the map not mirrored in Arabic while the page around it is."""

import re

import pytest

from .conftest import LANGS, click_and_load
from .pages import KOUNGOU, page_path

# The tile's accessible name, in each language, for Mayotte's one seeded place.
MAYOTTE = {
    "fr": "Mayotte (976) : 1 lieu",
    "en": "Mayotte (976): 1 place",
    "ar": "Mayotte (976): مكان واحد",
}


@pytest.mark.parametrize("lang", LANGS)
def test_from_the_list_to_the_map_and_back_to_a_departement(seeded, site, guard, nojs_page, lang):
    page = nojs_page
    list_path = page_path("places list", lang)
    map_path = page_path("places map", lang)
    page.goto(site.url(list_path))
    click_and_load(page.locator(f'main a[href="{map_path}"]').first)
    assert page.url == site.url(map_path)

    tiles = page.locator("svg.tile-map a")
    assert tiles.count() == 101
    addresses = [tiles.nth(i).get_attribute("href") for i in range(tiles.count())]
    assert len(set(addresses)) == 101
    tile = page.get_by_role("link", name=MAYOTTE[lang], exact=True)
    assert tile.count() == 1
    assert tile.is_visible()

    click_and_load(tile)
    assert page.url == site.url(f"{list_path}?department=976")
    assert page.locator('main select[name="department"]').input_value() == "976"
    place_path = page_path("place detail", lang, {"place": KOUNGOU})
    assert page.locator(f'main a[href="{place_path}"]').count() >= 1
    heading = page.locator("#results-title").inner_text()
    assert re.search(r"\b1\b", heading), heading
    guard.check(f"map of places ({lang})", page)


def test_the_map_is_not_mirrored_in_arabic(seeded, site, guard, js_page):
    page = js_page
    page.set_viewport_size({"width": 1280, "height": 900})
    places = {}
    for lang in ("en", "ar"):
        page.goto(site.url(page_path("places map", lang)))
        finistere = page.locator('svg.tile-map a[href$="department=29"]').bounding_box()
        bas_rhin = page.locator('svg.tile-map a[href$="department=67"]').bounding_box()
        # Brittany stays in the west, Alsace in the east, whatever the page's direction.
        assert finistere["x"] < bas_rhin["x"], lang
        places[lang] = (
            page.locator("svg.tile-map").bounding_box()["x"],
            page.locator("table.map-table").bounding_box()["x"],
        )
    # The page around it is mirrored: the table is after the map, on the reading side.
    (map_en, table_en), (map_ar, table_ar) = places["en"], places["ar"]
    assert map_en < table_en
    assert table_ar < map_ar
    guard.check("map direction", page)
