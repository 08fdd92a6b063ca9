"""Totals of grants that keep their qualifiers, and small bar charts of them in SVG (no JavaScript).

A total carries what its parts allow: "almost €600,000" + "up to €600,000" is "up to
€1,200,000". Grants whose amount is not disclosed are counted and named, never added as zero;
when the stated amounts mix bounds that cannot be added honestly, the total says so and lists them.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

from core.dates import DatePrecision
from core.qualifiers import Qualifier, format_qualified, sum_qualified

# A page names at most this many grants in one sentence, then says how many more there are and
# links to the list of all of them; a list of totals, or a chart, shows at most this many and says
# how many it leaves out. So the index stays light however many grants there are.
NAMES_SHOWN = 5
TOTALS_SHOWN = 10
BARS_SHOWN = 12

UPPER_BOUNDS = {Qualifier.ALMOST, Qualifier.UP_TO}
LOWER_BOUNDS = {Qualifier.MORE_THAN, Qualifier.AT_LEAST}


def is_stated(grant):
    return grant.amount_qualifier != Qualifier.NOT_DISCLOSED and grant.amount is not None


def grant_year(grant):
    """The year a grant was awarded, or else the year it starts; None when neither is known."""
    if grant.awarded_on is not None:
        return grant.awarded_on.year
    if grant.starts_on is not None and grant.starts_precision != DatePrecision.DECADE:
        return grant.starts_on.year
    return None


class TotalSentence:
    """What a total says, from its counts, `value` and `qualifier`: shared by `Total` (grants in
    memory) and `figures.GroupTotal` (sums and counts from the database), and by the groups these
    are chosen from (`figures._Group`, slotted: hence no slots of its own)."""

    __slots__ = ()

    @property
    def undisclosed_count(self):
        return self.count - self.stated_count

    @property
    def can_add(self):
        """Some amounts are stated and their sum has an honest qualifier."""
        return bool(self.stated_count) and self.qualifier is not None

    @property
    def cannot_add(self):
        """Amounts are stated, but their bounds cannot be added honestly (upper with lower…)."""
        return bool(self.stated_count) and self.qualifier is None

    @property
    def display(self):
        return format_qualified(self.value, self.qualifier, money=True) if self.can_add else ""

    # What a page names, and how many more it only counts.
    @property
    def stated_more(self):
        return max(0, self.stated_count - NAMES_SHOWN)

    @property
    def undisclosed_more(self):
        return max(0, self.undisclosed_count - NAMES_SHOWN)


@dataclass
class Total(TotalSentence):
    """The grants of one funder, recipient or year, added as honestly as their amounts allow."""

    label: str
    grants: list
    organization: object = None
    year: int | None = None
    # The grants index filter (name, value) that lists exactly these grants, if there is one.
    filter: tuple | None = None
    # Set by the view: that filter's address on the page.
    list_url: str = ""
    value: object = field(init=False)
    qualifier: object = field(init=False)

    def __post_init__(self):
        self.value, self.qualifier, _undisclosed = sum_qualified(
            (grant.amount, grant.amount_qualifier) for grant in self.grants
        )
        if len({grant.currency for grant in self.stated}) > 1:
            # Amounts in different currencies are never added.
            self.qualifier = None

    @property
    def count(self):
        return len(self.grants)

    @property
    def stated_count(self):
        return len(self.stated)

    @property
    def stated(self):
        return [grant for grant in self.grants if is_stated(grant)]

    @property
    def undisclosed(self):
        return [grant for grant in self.grants if not is_stated(grant)]

    @property
    def stated_named(self):
        return self.stated[:NAMES_SHOWN]

    @property
    def undisclosed_named(self):
        return self.undisclosed[:NAMES_SHOWN]


def most_grants(totals, limit=TOTALS_SHOWN):
    """At most `limit` totals, those with the most grants, in their order; and how many are
    left out."""
    if len(totals) <= limit:
        return totals, 0
    kept = {id(t) for t in sorted(totals, key=lambda t: -t.count)[:limit]}
    return [t for t in totals if id(t) in kept], len(totals) - limit


def _totals(grants, key, label, extra):
    groups = {}
    for grant in grants:
        groups.setdefault(key(grant), []).append(grant)
    return [
        Total(label=label(k, members[0]), grants=members, **extra(k, members[0]))
        for k, members in groups.items()
    ]


def totals_by_funder(grants):
    totals = _totals(
        grants,
        key=lambda g: g.funder_id,
        label=lambda _k, g: g.funder.name,
        extra=lambda _k, g: {"organization": g.funder, "filter": ("funder", g.funder.slug)},
    )
    return sorted(totals, key=lambda t: t.label.casefold())


def totals_by_recipient(grants):
    """By recipient; grants whose recipient the source does not name come last, together."""
    not_stated = gettext("recipient not stated by the source")
    totals = _totals(
        grants,
        key=lambda g: g.recipient_id,
        label=lambda k, g: g.recipient.name if k is not None else not_stated,
        extra=lambda k, g: {
            "organization": g.recipient,
            "filter": ("recipient", g.recipient.slug) if k else None,
        },
    )
    return sorted(totals, key=lambda t: (t.organization is None, t.label.casefold()))


def totals_by_year(grants):
    """By year, for the grants whose year is known; the others are returned apart."""
    known = [grant for grant in grants if grant_year(grant) is not None]
    unknown = [grant for grant in grants if grant_year(grant) is None]
    totals = _totals(
        known,
        key=grant_year,
        label=lambda k, _g: str(k),
        extra=lambda k, _g: {"year": k, "filter": ("year", str(k))},
    )
    return sorted(totals, key=lambda t: t.year), unknown


# -- Bar charts ---------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: object
    qualifier: str
    grants: list
    list_url: str = ""
    # How many grants the bar adds up, when `grants` holds only some of them.
    count: int | None = None

    @property
    def grant_count(self):
        return len(self.grants) if self.count is None else self.count

    @property
    def text(self):
        return format_qualified(self.value, self.qualifier, money=True)

    @property
    def kind(self):
        if self.qualifier in UPPER_BOUNDS:
            return "upper"
        if self.qualifier in LOWER_BOUNDS:
            return "lower"
        if self.qualifier == Qualifier.ABOUT:
            return "estimate"
        return "exact"


def bars(totals):
    """A bar per total whose amounts add up; a bar per stated amount where they cannot be added
    (named after the total and the grant's program)."""
    result = []
    for total in totals:
        if total.can_add:
            result.append(
                Bar(total.label, total.value, total.qualifier, total.stated, total.list_url)
            )
        elif total.cannot_add:
            result += [
                Bar(
                    f"{total.label} – {grant.program.title}",
                    grant.amount,
                    grant.amount_qualifier,
                    [grant],
                )
                for grant in total.stated
            ]
    return result


def largest(bars_, limit=BARS_SHOWN, *, count=None):
    """At most `limit` bars, the largest amounts, in their order; and how many are left out.

    `count` is the number of bars there are, when `bars_` holds only those that may be drawn.
    """
    count = len(bars_) if count is None else count
    if count <= limit:
        return bars_, 0
    kept = {id(b) for b in sorted(bars_, key=lambda b: -b.value)[:limit]}
    return [b for b in bars_ if id(b) in kept], count - limit


def not_shown(totals):
    """The grants left out of a chart: those whose amount is not disclosed."""
    return [grant for total in totals for grant in total.undisclosed]


# viewBox units. The stylesheet scales the drawing to the column but no wider than 28rem, so
# that its 14-unit text reads at about 15 to 19 pixels.
WIDTH = 320
BAR_SPACE = 200
ROW = 50
TOP = 4
FONT = 14
LABEL_CHARACTERS = 40
GAP = 6


def _text_width(text):
    """A generous estimate of the width of bold text in viewBox units."""
    return len(text) * FONT * 0.68 + 4


# Presentation attributes, in case the stylesheet does not load; the classes carry the same look.
_BAR_LOOK = {
    "exact": {"fill": "#0a4f8f", "stroke": "#0a4f8f", "stroke-dasharray": "none"},
    "lower": {"fill": "#0a4f8f", "stroke": "#0a4f8f", "stroke-dasharray": "none"},
    "upper": {"fill": "#dce8f5", "stroke": "#0a4f8f", "stroke-dasharray": "5 3"},
    "estimate": {"fill": "#dce8f5", "stroke": "#0a4f8f", "stroke-dasharray": "2 2"},
}


def _short(text):
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1].rstrip() + "…"


def summary(bars_, left_out, *, what, more=0):
    """The text alternative: every bar in words, and what the chart leaves out (`left_out`: the
    grants, or how many they are)."""
    left_out = left_out if isinstance(left_out, int) else len(left_out)
    parts = [what + " " + "; ".join(f"{bar.label}: {bar.text}" for bar in bars_) + "."]
    if more:
        parts.append(
            ngettext(
                "Only the %(shown)s largest amounts are drawn: "
                "%(count)s more is left out of the chart.",
                "Only the %(shown)s largest amounts are drawn: "
                "%(count)s more are left out of the chart.",
                more,
            )
            % {"shown": len(bars_), "count": more}
        )
    if any(bar.kind == "upper" for bar in bars_):
        parts.append(
            gettext("Dashed bars are upper bounds (“up to”, “almost”): the amount may be lower.")
        )
    if any(bar.kind == "lower" for bar in bars_):
        parts.append(
            gettext(
                "Bars with an arrow are lower bounds (“more than”, “at least”): "
                "the amount may be higher."
            )
        )
    if any(bar.kind == "estimate" for bar in bars_):
        parts.append(gettext("Dotted bars are estimates (“about”)."))
    if left_out:
        parts.append(
            ngettext(
                "Not shown: %(count)s grant whose amount is not disclosed.",
                "Not shown: %(count)s grants whose amount is not disclosed.",
                left_out,
            )
            % {"count": left_out}
        )
    return " ".join(parts)


ARROW = 9  # the width of the arrow after a lower bound's bar


def _marker(bar):
    """What a bar shows after itself: an arrow for a lower bound ("more than": it may go
    further)."""
    return ARROW if bar.kind == "lower" else 0


def bar_chart(bars_, *, chart_id, title, description):
    """A horizontal bar chart as inline SVG: role="img", a <title> and a <desc>, no script,
    no style.

    Each bar has its name above it and its amount, with the qualifier in words, right after it.
    Bounds are drawn differently too, never by colour alone: an upper bound is dashed, an
    estimate dotted, and a lower bound has an arrow after it.
    """
    largest = max(bar.value for bar in bars_)
    # The longest bar is shortened until every amount fits after its bar.
    space = min(
        [BAR_SPACE]
        + [
            float(largest / bar.value) * (WIDTH - GAP - 2 - _marker(bar) - _text_width(bar.text))
            for bar in bars_
        ]
    )
    space = max(space, 40)
    height = TOP + ROW * len(bars_)
    rows = []
    for index, bar in enumerate(bars_):
        y = TOP + ROW * index
        width = max(2, round(float(bar.value / largest) * space, 1))
        look = _BAR_LOOK[bar.kind]
        arrow = ""
        if bar.kind == "lower":
            end = 1 + width
            arrow = format_html(
                '<path class="bar-arrow" d="M{} {} l{} 9 l-{} 9 z" fill="#0a4f8f"></path>',
                round(end + 1, 1),
                y + 22,
                ARROW - 2,
                ARROW - 2,
            )
        rows.append(
            format_html(
                '<g class="chart-row">'
                '<text class="chart-label" x="0" y="{}" font-size="{}" fill="#1b1b1b">{}</text>'
                '<rect class="bar bar-{}" x="1" y="{}" width="{}" height="18" '
                'fill="{}" stroke="{}" '
                'stroke-width="1.5" stroke-dasharray="{}"></rect>{}'
                '<text class="chart-value" x="{}" y="{}" font-size="{}" font-weight="700" '
                'fill="#1b1b1b">{}</text>'
                "</g>",
                y + 15,
                FONT,
                _short(bar.label),
                bar.kind,
                y + 22,
                width,
                look["fill"],
                look["stroke"],
                look["stroke-dasharray"],
                arrow,
                round(width + GAP + _marker(bar), 1),
                y + 37,
                FONT,
                bar.text,
            )
        )
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="{}" height="{}" '
        'role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "{}</svg>",
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        format_html_join("", "{}", ((row,) for row in rows)),
    )
