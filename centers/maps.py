"""The map of places: one square tile per département, drawn in SVG on the server.

No tiles from another host, no script: each tile is a link (an SVG <a> whose <title> is its
accessible name) to the places list filtered on that département (`?department=<code>`), and
the page gives the same figures as a table. The tiles' positions are in centers/departments.py.
"""

import math
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count
from django.db.models.functions import Round
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

from .departments import BY_CODE, DEPARTMENTS

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


# == The second figure: the places whose coordinates staff entered, as points ==
#
# A tile grid is not a projection, so the points have a figure of their own: a plain
# equirectangular drawing (x = longitude × cos(the frame's middle latitude), y = latitude),
# one frame for metropolitan France and one small inset for each overseas département that has
# points. No coordinate is guessed: a place without one is counted, not drawn; a point outside
# every frame is counted in a sentence, not drawn.


class Frame(NamedTuple):
    """A frame of the points' figure: its bounding box in degrees and where it is drawn."""

    code: str  # the département's code ("" for metropolitan France)
    west: float
    east: float
    south: float
    north: float

    def holds(self, lat, lon):
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    @property
    def aspect(self):
        """Width over height, in the frame's equirectangular drawing."""
        middle = math.radians((self.south + self.north) / 2)
        return (self.east - self.west) * math.cos(middle) / (self.north - self.south)


# The bounding boxes (degrees, WGS 84), a little wider than the land.
METROPOLE = Frame("", -5.5, 10.0, 41.0, 51.5)
OVERSEAS_FRAMES = (
    Frame("971", -61.9, -60.9, 15.8, 16.6),  # Guadeloupe
    Frame("972", -61.3, -60.75, 14.35, 14.9),  # Martinique
    Frame("973", -54.7, -51.5, 2.0, 5.9),  # Guyane
    Frame("974", 55.15, 55.9, -21.45, -20.85),  # La Réunion
    Frame("976", 44.95, 45.35, -13.05, -12.6),  # Mayotte
)

POINTS_HEIGHT = 420  # the metropolitan frame's height, in the drawing's units
INSET = 78  # an inset's side
INSET_GAP = 8
INSET_LABEL = 16  # the room above an inset for its code
# The grids the points are gathered on (degrees): the finest whose number of cells is at most
# MAX_CELLS (700 dots are about 8 KB: the page stays under 60 KB at 50,000 places). The database
# rounds to the first (one GROUP BY); the coarser ones merge its cells.
GRIDS = (0.1, 0.2, 0.5, 1.0)
MAX_CELLS = 700
# The dots' sizes: (the fewest places a dot stands for, its class); one <path> per size.
DOT_SIZES = ((1, "dot-1"), (2, "dot-2"), (10, "dot-3"), (100, "dot-4"))


@dataclass
class Points:
    cells: dict  # {frame's code: [(x, y, count)]} in the drawing's units
    grid: float
    placed: int  # places with coordinates
    unplaced: int  # places without
    outside: int  # places with coordinates outside every frame
    frames: list  # the frames drawn: metropolitan France, then the overseas ones with points

    @property
    def drawn(self):
        return self.placed - self.outside

    @property
    def dots(self):
        return sum(len(cells) for cells in self.cells.values())


def coordinate_cells(places):
    """[(latitude, longitude, number of places)] of a queryset of places, rounded to GRIDS[0],
    in one query (GROUP BY); the places without coordinates are the row (None, None, n)."""
    rows = (
        places.order_by()
        .values(lat=Round("latitude", 1), lon=Round("longitude", 1))
        .annotate(count=Count("pk"))
        .values_list("lat", "lon", "count")
    )
    return [
        (None if lat is None else float(lat), None if lon is None else float(lon), count)
        for lat, lon, count in rows
    ]


def _snap(value, grid):
    return round(round(value / grid) * grid, 4)


def points(rows):
    """The dots to draw: the cells of the finest grid that gives at most MAX_CELLS dots."""
    unplaced = sum(count for lat, lon, count in rows if lat is None or lon is None)
    placed_rows = [
        (lat, lon, count) for lat, lon, count in rows if lat is not None and lon is not None
    ]
    frames = [METROPOLE, *OVERSEAS_FRAMES]
    for grid in GRIDS:
        merged = {}
        for lat, lon, count in placed_rows:
            key = (_snap(lat, grid), _snap(lon, grid)) if grid != GRIDS[0] else (lat, lon)
            merged[key] = merged.get(key, 0) + count
        if len(merged) <= MAX_CELLS:
            break
    by_frame, outside = {}, 0
    for (lat, lon), count in merged.items():
        frame = next((f for f in frames if f.holds(lat, lon)), None)
        if frame is None:
            outside += count
        else:
            by_frame.setdefault(frame.code, []).append((lat, lon, count))
    drawn = [METROPOLE, *(f for f in OVERSEAS_FRAMES if f.code in by_frame)]
    return Points(
        cells=by_frame,
        grid=grid,
        placed=sum(count for _lat, _lon, count in placed_rows),
        unplaced=unplaced,
        outside=outside,
        frames=drawn,
    )


def _metropole_width():
    return round(POINTS_HEIGHT * METROPOLE.aspect)


def _frame_box(frame, index):
    """(x, y, width, height) of a frame's drawing area: the metropolitan one on top, the insets
    in a row under it, each fitted in an INSET square."""
    if not frame.code:
        return 0, 0, _metropole_width(), POINTS_HEIGHT
    aspect = frame.aspect
    width, height = (INSET, INSET / aspect) if aspect >= 1 else (INSET * aspect, INSET)
    x = (index - 1) * (INSET + INSET_GAP) + (INSET - width) / 2
    y = POINTS_HEIGHT + INSET_GAP + INSET_LABEL + (INSET - height) / 2
    return x, y, width, height


def _dot_class(count):
    return next(name for lowest, name in reversed(DOT_SIZES) if count >= lowest)


def points_svg(points, *, label):
    """The points' figure: each frame a box, each cell a dot (a round-capped zero-length line,
    all the dots of one size in one <path>: a few bytes a dot)."""
    width = max(_metropole_width(), len(OVERSEAS_FRAMES) * (INSET + INSET_GAP))
    height = POINTS_HEIGHT + (INSET_GAP + INSET_LABEL + INSET if len(points.frames) > 1 else 0)
    parts = []
    paths = {name: [] for _lowest, name in DOT_SIZES}
    for index, frame in enumerate(points.frames):
        x, y, w, h = _frame_box(frame, index)
        parts.append(
            format_html(
                '<rect class="frame" x="{}" y="{}" width="{}" height="{}"></rect>',
                round(x, 1),
                round(y, 1),
                round(w, 1),
                round(h, 1),
            )
        )
        if frame.code:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="inset-label">{}</text>',
                    (index - 1) * (INSET + INSET_GAP),
                    POINTS_HEIGHT + INSET_GAP + INSET_LABEL - 4,
                    BY_CODE[frame.code].name,
                )
            )
        for lat, lon, count in points.cells.get(frame.code, []):
            px = x + (lon - frame.west) / (frame.east - frame.west) * w
            py = y + (frame.north - lat) / (frame.north - frame.south) * h
            paths[_dot_class(count)].append(f"M{round(px)} {round(py)}h0")
    for name, moves in paths.items():
        if moves:
            parts.append(format_html('<path class="{}" d="{}"></path>', name, "".join(moves)))
    return format_html(
        '<svg class="point-map" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><title>{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        label,
        label,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def points_label(points):
    """The figure's summary, for its title and accessible name."""
    text = ngettext(
        "Places with coordinates: %(count)s place drawn",
        "Places with coordinates: %(count)s places drawn",
        points.drawn,
    ) % {"count": number_format(points.drawn, force_grouping=True)}
    names = ", ".join(BY_CODE[f.code].name for f in points.frames if f.code)
    if names:
        text += " " + gettext("(metropolitan France; insets: %(names)s)") % {"names": names}
    return text
