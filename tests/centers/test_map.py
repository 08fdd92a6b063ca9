"""The map of places (/places/map/): every département as a tile linked to its places, the same
figures as a table, both equal to what the filtered list counts; a place may not take the
map's address."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from centers.departments import BY_CODE, DEPARTMENTS
from core.models import Status
from tests.factories import CenterFactory, TerritoryFactory
from tests.helpers import count_queries, page

pytestmark = pytest.mark.django_db

MAP = "/en/places/map/"
LIST = "/en/places/"
BUDGET = 60_000  # bytes


def tiles(html):
    """{code: (address, accessible name, number shown)} of the map's tiles."""
    svg = re.search(r'<svg class="tile-map".*?</svg>', html, re.S).group(0)
    found = re.findall(
        r'<a href="([^"]+)" class="tile shade-\d"><title>([^<]+)</title>.*?'
        r'class="code" aria-hidden="true">([^<]+)</text>.*?'
        r'class="count" aria-hidden="true">([^<]+)</text></a>',
        svg,
    )
    return {code: (unescape(url), unescape(title), count) for url, title, code, count in found}


def table(html):
    """{code: (address, name, number)} of the table's rows."""
    body = re.search(r'<table class="map-table">.*?</table>', html, re.S).group(0)
    rows = re.findall(
        r'<th scope="row">\s*<a href="([^"]+)">([^<]+)</a>\s*</th>\s*'
        r'<td>([^<]+)</td>\s*<td class="number">([^<]+)</td>',
        body,
    )
    return {code: (unescape(url), unescape(name), number) for url, name, code, number in rows}


def listed_total(client, url):
    """The number of places the list says it holds at an address."""
    html = page(client, url)
    heading = re.search(r'<h2 id="results-title">\s*(.*?)\s*</h2>', html, re.S).group(1)
    return int(re.match(r"(\d+) place", heading).group(1))


@pytest.fixture
def places():
    """Places in three départements (one overseas) and some that the map must not count."""
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    for _n in range(4):
        CenterFactory(city="Saint-Denis", department="Seine-Saint-Denis", department_code="93")
    CenterFactory(city="Paris", department="Paris", department_code="75")
    for _n in range(2):
        CenterFactory(
            city="Mamoudzou", department="Mayotte", department_code="976", territory=mayotte
        )
    # Not counted: a draft, a documentation centre; not on the map: no département stated.
    CenterFactory(department_code="93", status=Status.DRAFT)
    CenterFactory(department_code="93", kind="documentation")
    CenterFactory(city="", department_code="", area_served="France entière")


def test_every_departement_is_a_tile_and_a_row(client, places):
    html = page(client, MAP)
    assert len(DEPARTMENTS) == 101
    shown, rows = tiles(html), table(html)
    assert list(shown) == list(rows) == [d.code for d in DEPARTMENTS]
    for code in ("2A", "2B", "971", "972", "973", "974", "976"):
        assert code in shown
    assert rows["976"][1] == "Mayotte"


def test_the_map_the_table_and_the_list_agree(client, places):
    html = page(client, MAP)
    shown, rows = tiles(html), table(html)
    expected = {"93": 4, "75": 1, "976": 2}
    for department in DEPARTMENTS:
        code = department.code
        count = expected.get(code, 0)
        url, label, number = shown[code]
        assert number == rows[code][2] == str(count), code
        assert url == rows[code][0] == f"{LIST}?department={code}"
        assert label == (f"{department.name} ({code}): {count} place" + ("" if count == 1 else "s"))
    assert shown["93"][1] == "Seine-Saint-Denis (93): 4 places"
    assert shown["75"][1] == "Paris (75): 1 place"
    for code, count in expected.items():
        assert listed_total(client, shown[code][0]) == count
    assert "No place matches all these filters" in page(client, shown["13"][0])
    # The place that states no département is counted in the list, and said to be off the map.
    assert "Not on the map: 1 place whose département is not stated" in html
    assert "See the whole list (8 care places)" in html


def test_the_filter_names_the_departement_and_refuses_an_unknown_code(client, places):
    html = page(client, f"{LIST}?department=976")
    assert "Mayotte (976)" in html
    assert '<option value="976" selected>Mayotte (976)</option>' in html
    bad = page(client, f"{LIST}?department=99", status=400)
    assert "“99” is not the code of a French département" in bad
    # A code the "place" box would take as the start of postcodes is matched exactly here.
    CenterFactory(postcode="93200", department_code="")
    assert listed_total(client, f"{LIST}?department=93") == 4


def test_page_weight_and_no_script(client, places):
    html = page(client, MAP)
    assert len(html.encode()) <= BUDGET
    assert "<script" not in html
    # Nothing from another host: no tile server, no image, no font (a link a person may follow,
    # like the urgent numbers' source in the footer, is not a request).
    assert re.findall(r'(?:src=|<link[^>]*href=)"(?:https?:)?//(?!testserver/)', html) == []
    assert "//" not in re.search(r'<svg class="tile-map".*?</svg>', html, re.S).group(0)


@pytest.mark.parametrize("lang", ["fr", "ar", "fa", "ps", "uk", "ru"])
def test_in_every_language(client, places, lang):
    html = page(client, f"/{lang}/places/map/")
    names = [title for _url, title, _n in tiles(html).values()]
    assert len(names) == 101
    assert any("Seine-Saint-Denis" in name and "4" in name for name in names)
    assert "place" not in tiles(html)["93"][1] or lang == "fr"
    # The points' figure is translated too: its heading, its summary, its caption.
    text = " ".join(html.split())
    for english in ("Places with coordinates", "no coordinate is guessed", "Each dot stands"):
        assert english not in text, english


def test_queries_do_not_grow_with_places(client):
    for n in range(40):
        CenterFactory(department_code=DEPARTMENTS[n % 101].code)
    few = count_queries(client, MAP)
    for n in range(360):
        CenterFactory(department_code=DEPARTMENTS[n % 101].code)
    many = count_queries(client, MAP)
    # Two queries (GROUP BY département, GROUP BY rounded coordinates), inside the request's
    # savepoint and its release.
    assert few == many <= 4


def test_no_place_may_take_the_maps_address(client):
    place = CenterFactory.build(slug="map", operator=CenterFactory().operator)
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="taken by a page of the site"),
    ):
        place.full_clean(exclude=["territory"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CenterFactory(slug="map")
    assert BY_CODE["93"].name == "Seine-Saint-Denis"


def test_the_home_page_and_the_list_link_to_the_map(client, places):
    home = page(client, "/en/")
    assert re.search(r'href="/en/places/map/">\s*Places by département, on a map\s*</a>', home)
    html = page(client, "/fr/places/")
    assert re.search(r'href="/fr/places/map/">\s*Choisir un département sur la carte', html)


def dots(html):
    """[(x, y, size class)] of the points' figure, and the figure's SVG."""
    svg = re.search(r'<svg class="point-map".*?</svg>', html, re.S).group(0)
    found = [
        (int(x), int(y), size)
        for size, d in re.findall(r'<path class="(dot-\d)" d="([^"]+)">', svg)
        for x, y in re.findall(r"M(-?\d+) (-?\d+)h0", d)
    ]
    return found, svg


def test_places_with_coordinates_are_points_in_their_frame(client):
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    # Paris, twice in one cell (one bigger dot); Mamoudzou, in Mayotte's inset.
    CenterFactory(department_code="75", latitude="48.85660", longitude="2.33220")
    CenterFactory(department_code="75", latitude="48.86000", longitude="2.34000")
    CenterFactory(
        department_code="976", territory=mayotte, latitude="-12.78060", longitude="45.22780"
    )
    # Not drawn: no coordinates; a draft; a point outside every frame (Saint-Pierre).
    CenterFactory(department_code="93")
    CenterFactory(department_code="93", status=Status.DRAFT, latitude="48.9", longitude="2.4")
    CenterFactory(department_code="", latitude="46.78000", longitude="-56.17000")
    html = page(client, MAP)
    found, svg = dots(html)
    assert len(found) == 2
    paris = next(dot for dot in found if dot[1] < 420)
    mamoudzou = next(dot for dot in found if dot[1] > 420)
    # Paris: 7.85° of 15.5 from the west, 2.65° of 10.5 from the north of a 429 × 420 frame.
    assert abs(paris[0] - 429 * 7.85 / 15.5) <= 3 and abs(paris[1] - 420 * 2.65 / 10.5) <= 3
    assert paris[2] == "dot-2" and mamoudzou[2] == "dot-1"
    # Mayotte's inset is the only one, the first under the mainland.
    assert 0 <= mamoudzou[0] <= 78
    assert ">Mayotte</text>" in svg and ">Guadeloupe</text>" not in svg
    assert 'role="img"' in svg and "style=" not in svg
    assert (
        "<title>Places with coordinates: 3 places drawn (metropolitan France; insets: Mayotte)"
        in svg
    )
    text = " ".join(html.split())
    assert "4 places have coordinates." in text
    assert "1 place has none: no coordinate is guessed, places without one are not drawn." in text
    assert "1 place has coordinates outside these frames: it is not drawn." in text


def test_without_coordinates_nothing_is_drawn(client, places):
    html = page(client, MAP)
    found, svg = dots(html)
    assert found == []
    assert "<title>Places with coordinates: 0 places drawn</title>" in svg
    text = " ".join(html.split())
    assert "0 places have coordinates." in text
    assert "8 places have none" in text
    assert "outside these frames" not in text


def test_many_points_stay_within_the_budget(client):
    """400 places at distinct coordinates spread over France, each in a département."""
    for n in range(400):
        CenterFactory(
            department_code=DEPARTMENTS[n % 96].code,
            latitude=f"{42.5 + (n // 20) * 0.4:.5f}",
            longitude=f"{-4.0 + (n % 20) * 0.6:.5f}",
        )
    for lang in ("en", "fr", "ar", "ru"):
        html = page(client, f"/{lang}/places/map/")
        assert len(html.encode()) <= BUDGET, (lang, len(html.encode()))
        assert len(dots(html)[0]) == 400


def test_too_many_cells_take_a_coarser_grid():
    from centers import maps

    # 2,000 cells of 0.1° over the mainland: too many dots, merged on a coarser grid.
    rows = [(43.0 + (n // 50) * 0.1, -1.0 + (n % 50) * 0.1, 1) for n in range(2000)]
    drawn = maps.points([*rows, (None, None, 3)])
    assert drawn.grid > 0.1 and drawn.dots <= maps.MAX_CELLS
    assert drawn.placed == drawn.drawn == 2000 and drawn.unplaced == 3
    assert sum(count for cell in drawn.cells[""] for count in cell[2:]) == 2000
