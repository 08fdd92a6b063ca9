"""The map of places: one square tile per département, drawn in SVG on the server.

No tiles from another host, no script: each tile is a link (an SVG <a> whose <title> is its
accessible name) to the places list filtered on that département (`?department=<code>`), and
the page gives the same figures as a table. The tiles' positions are in centers/departments.py.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

from .departments import DEPARTMENTS

TILE = 44  # a tile's side, in the drawing's units
STEP = 48  # from one tile to the next: the side and the gap
COLUMNS = 1 + max(d.column for d in DEPARTMENTS)
ROWS = 1 + max(d.row for d in DEPARTMENTS)

# The shades of the tiles: (the fewest places a shade stands for, its class). The key under
# the map says what each means; every tile also shows its number, so no figure is in the colour
# alone.
SHADES = ((0, "shade-0"), (1, "shade-1"), (5, "shade-2"), (20, "shade-3"), (100, "shade-4"))


def place_counts(places):
    """{département code: number of places} of a queryset of places, in one query (GROUP BY)."""
    rows = places.order_by().values_list("department_code").annotate(count=Count("pk"))
    return dict(rows)


def shade(count):
    return next(name for lowest, name in reversed(SHADES) if count >= lowest)


def shade_key():
    """What each shade stands for, in words: [(class, text)]."""
    key = []
    for (lowest, name), following in zip(SHADES, [*SHADES[1:], None], strict=True):
        if lowest == 0:
            text = gettext("No place")
        elif following is None:
            text = gettext("%(lowest)s places or more") % {"lowest": number_format(lowest)}
        else:
            highest = following[0] - 1
            text = ngettext(
                "%(lowest)s to %(highest)s place",
                "%(lowest)s to %(highest)s places",
                highest,
            ) % {"lowest": number_format(lowest), "highest": number_format(highest)}
        key.append((name, text))
    return key


@dataclass
class Tile:
    department: object
    count: int
    url: str

    @property
    def label(self):
        """The accessible name: "Seine-Saint-Denis (93): 4 places"."""
        return ngettext(
            "%(name)s (%(code)s): %(count)s place",
            "%(name)s (%(code)s): %(count)s places",
            self.count,
        ) % {
            "name": self.department.name,
            "code": self.department.code,
            "count": number_format(self.count, force_grouping=True),
        }

    @property
    def shade(self):
        return shade(self.count)


def tiles(counts, list_url):
    """Every département, in the order of its code, with its number of places and the address
    of its places in the list."""
    return [
        Tile(department, counts.get(department.code, 0), f"{list_url}?department={department.code}")
        for department in DEPARTMENTS
    ]


def _tile_svg(tile):
    x = tile.department.column * STEP
    y = tile.department.row * STEP
    middle = x + TILE // 2
    return format_html(
        '<a href="{}" class="tile {}"><title>{}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<text x="{}" y="{}" class="code" aria-hidden="true">{}</text>'
        '<text x="{}" y="{}" class="count" aria-hidden="true">{}</text></a>',
        tile.url,
        tile.shade,
        tile.label,
        x,
        y,
        TILE,
        TILE,
        middle,
        y + 18,
        tile.department.code,
        middle,
        y + 36,
        number_format(tile.count),
    )


def tile_map_svg(tiles, *, title):
    """The map: the metropolitan départements in their grid, the overseas ones in a row of
    their own under a label. Not mirrored in a right-to-left language (CSS: direction)."""
    overseas_row = min(tile.department.row for tile in tiles if tile.department.overseas)
    return format_html(
        '<svg class="tile-map" viewBox="0 0 {} {}" width="{}" height="{}" role="group" '
        'aria-label="{}"><text x="0" y="{}" class="map-label">{}</text>'
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="map-rule"></line>{}</svg>',
        COLUMNS * STEP,
        ROWS * STEP,
        COLUMNS * STEP,
        ROWS * STEP,
        title,
        overseas_row * STEP - 10,
        gettext("Overseas"),
        overseas_row * STEP - 34,
        COLUMNS * STEP,
        overseas_row * STEP - 34,
        format_html_join("", "{}", ((_tile_svg(tile),) for tile in tiles)),
    )
