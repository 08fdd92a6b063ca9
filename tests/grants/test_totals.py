"""Totals of grants keep their qualifiers; undisclosed amounts are counted and named, never added
as zero; the chart says the same as its table, and bounds are marked in words, not colour alone."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import translation

from core.qualifiers import Qualifier
from grants import charts
from tests.factories import GrantFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def foundation():
    return OrganizationFactory(
        name="Sanofi Espoir Foundation",
        name_en="Sanofi Espoir Foundation",
        slug="sanofi-espoir-foundation",
        kind="foundation",
    )


def grant(funder, qualifier, amount=None, *, title, recipient="default", **kwargs):
    program = ProgramFactory(title=title, title_en=title, title_fr=title)
    extra = {} if recipient == "default" else {"recipient": recipient}
    return GrantFactory(
        program=program,
        funder=funder,
        amount_qualifier=qualifier,
        amount=None if amount is None else Decimal(amount),
        **extra,
        **kwargs,
    )


@pytest.fixture
def seeded(foundation):
    """The five seeded grants: almost €600,000, up to €600,000, three not disclosed."""
    mdm = OrganizationFactory(
        name="Médecins du Monde", name_en="Médecins du Monde", slug="medecins-du-monde"
    )
    red_cross = OrganizationFactory(
        name="French Red Cross", name_en="French Red Cross", slug="french-red-cross"
    )
    samu = OrganizationFactory(
        name="Samusocial de Paris", name_en="Samusocial de Paris", slug="samusocial"
    )
    return [
        grant(foundation, Qualifier.ALMOST, "600000", title="CASO", recipient=mdm),
        grant(foundation, Qualifier.NOT_DISCLOSED, title="Koungou", recipient=mdm),
        grant(
            foundation, Qualifier.UP_TO, "600000", title="Red Cross branches", recipient=red_cross
        ),
        grant(foundation, Qualifier.NOT_DISCLOSED, title="Samusocial mobile teams", recipient=samu),
        grant(
            foundation,
            Qualifier.NOT_DISCLOSED,
            title="ENFAMS",
            recipient=None,
            starts_on=datetime.date(2011, 1, 1),
            ongoing=True,
        ),
    ]


def test_almost_plus_up_to_is_up_to_the_sum_and_undisclosed_are_counted_not_added(seeded):
    (total,) = charts.totals_by_funder(seeded)
    assert total.can_add
    assert total.value == Decimal("1200000")
    assert total.qualifier == Qualifier.UP_TO
    assert total.display == "up to €1,200,000"
    assert len(total.grants) == 5
    assert [g.program.title for g in total.undisclosed] == [
        "Koungou",
        "Samusocial mobile teams",
        "ENFAMS",
    ]


def test_totals_by_recipient_keep_each_ones_qualifier_and_group_the_unnamed_last(seeded):
    totals = charts.totals_by_recipient(seeded)
    assert [t.label for t in totals] == [
        "French Red Cross",
        "Médecins du Monde",
        "Samusocial de Paris",
        "recipient not stated by the source",
    ]
    red_cross, mdm, samu, unnamed = totals
    assert red_cross.display == "up to €600,000"
    assert mdm.display == "almost €600,000"
    assert [g.program.title for g in mdm.undisclosed] == ["Koungou"]
    assert not samu.can_add and not samu.cannot_add and samu.value is None
    assert unnamed.organization is None and len(unnamed.undisclosed) == 1


def test_mixed_bounds_cannot_be_added(foundation):
    grants = [
        grant(foundation, Qualifier.UP_TO, "600000", title="A"),
        grant(foundation, Qualifier.MORE_THAN, "100000", title="B"),
        grant(foundation, Qualifier.NOT_DISCLOSED, title="C"),
    ]
    (total,) = charts.totals_by_funder(grants)
    assert total.cannot_add and not total.can_add
    assert total.display == ""
    assert [g.program.title for g in total.stated] == ["A", "B"]
    assert [g.program.title for g in total.undisclosed] == ["C"]


@pytest.mark.parametrize(
    ("qualifiers", "expected"),
    [
        ([Qualifier.EXACT, Qualifier.EXACT], "€1,200,000"),
        ([Qualifier.EXACT, Qualifier.ALMOST], "almost €1,200,000"),
        ([Qualifier.MORE_THAN, Qualifier.EXACT], "more than €1,200,000"),
        ([Qualifier.AT_LEAST, Qualifier.MORE_THAN], "more than €1,200,000"),
        ([Qualifier.ABOUT, Qualifier.ALMOST], "about €1,200,000"),
        ([Qualifier.ABOUT, Qualifier.UP_TO], ""),
        ([Qualifier.ALMOST, Qualifier.AT_LEAST], ""),
    ],
)
def test_a_total_carries_what_its_parts_allow(foundation, qualifiers, expected):
    grants = [grant(foundation, q, "600000", title=f"P{i}") for i, q in enumerate(qualifiers)]
    (total,) = charts.totals_by_funder(grants)
    assert total.display == expected
    assert total.cannot_add == (expected == "")


def test_year_is_the_award_year_or_else_a_stated_start_year(foundation):
    awarded = grant(
        foundation,
        Qualifier.EXACT,
        "1000",
        title="A",
        awarded_on=datetime.date(2020, 5, 1),
        starts_on=datetime.date(2019, 1, 1),
    )
    started = grant(
        foundation, Qualifier.EXACT, "1000", title="B", starts_on=datetime.date(2018, 1, 1)
    )
    decade = grant(
        foundation,
        Qualifier.EXACT,
        "1000",
        title="C",
        starts_on=datetime.date(1970, 1, 1),
        starts_precision="decade",
    )
    unknown = grant(foundation, Qualifier.EXACT, "1000", title="D")
    assert [charts.grant_year(g) for g in (awarded, started, decade, unknown)] == [
        2020,
        2018,
        None,
        None,
    ]
    totals, no_year = charts.totals_by_year([awarded, started, decade, unknown])
    assert [t.year for t in totals] == [2018, 2020]
    assert no_year == [decade, unknown]


def test_bars_split_a_total_that_cannot_be_added(foundation):
    mdm = OrganizationFactory(name="MdM", name_en="MdM")
    grants = [
        grant(foundation, Qualifier.UP_TO, "600000", title="A", recipient=mdm),
        grant(foundation, Qualifier.AT_LEAST, "100000", title="B", recipient=mdm),
    ]
    bars = charts.bars(charts.totals_by_recipient(grants))
    assert [(b.label, b.text, b.kind) for b in bars] == [
        ("MdM – A", "up to €600,000", "upper"),
        ("MdM – B", "at least €100,000", "lower"),
    ]


class Page(HTMLParser):
    """Collects the chart's SVG text and the table cells that follow it."""

    def __init__(self):
        super().__init__()
        self.stack, self.svgs, self.tables = [], [], []
        self.attrs = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "svg" and "chart" in attrs.get("class", ""):
            self.svgs.append(
                {"attrs": attrs, "title": "", "desc": "", "labels": [], "values": [], "rects": []}
            )
        if tag == "rect" and self._in_chart():
            self.svgs[-1]["rects"].append(attrs)
        if tag == "table" and "chart-table" in attrs.get("class", ""):
            self.tables.append({"caption": "", "rows": []})
        if tag == "tr" and self._in("table"):
            self.tables[-1]["rows"].append([])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _attrs = self.stack.pop()
            if open_tag == tag:
                break

    def _in(self, tag):
        return any(t == tag for t, _a in self.stack)

    def _in_chart(self):
        return any(t == "svg" and "chart" in a.get("class", "") for t, a in self.stack)

    def handle_data(self, data):
        if not self.stack:
            return
        tag, attrs = self.stack[-1]
        if self._in_chart():
            chart = self.svgs[-1]
            if tag in ("title", "desc"):
                chart[tag] += data
            elif tag == "text":
                chart["labels" if "chart-label" in attrs.get("class", "") else "values"].append(
                    data
                )
        elif self._in("table") and self.tables:
            if tag == "caption":
                self.tables[-1]["caption"] += data
            elif self._in("tr") and tag in ("th", "td"):
                self.tables[-1]["rows"][-1].append(data.strip())


def test_the_index_chart_has_a_text_alternative_and_its_table_holds_the_same_numbers(
    client, seeded
):
    html = client.get("/en/grants/").content.decode()
    page = Page()
    page.feed(html)
    (svg,) = page.svgs  # no chart by year: no grant with a stated amount has a known year
    assert svg["attrs"]["role"] == "img"
    title_id, desc_id = svg["attrs"]["aria-labelledby"].split()
    assert f'<title id="{title_id}">' in html and f'<desc id="{desc_id}">' in html
    assert svg["title"] == "Stated amounts by recipient"
    assert "French Red Cross: up to €600,000" in svg["desc"]
    assert "Médecins du Monde: almost €600,000" in svg["desc"]
    assert "Not shown: 3 grants whose amount is not disclosed." in svg["desc"]
    # Bounds are said in words next to each bar, and drawn differently (not by colour alone).
    assert svg["labels"] == ["French Red Cross", "Médecins du Monde"]
    assert svg["values"] == ["up to €600,000", "almost €600,000"]
    assert [r["stroke-dasharray"] for r in svg["rects"]] == ["5 3", "5 3"]
    assert "A dashed bar is an upper bound" in html
    (table,) = page.tables
    assert table["caption"].startswith("Stated amounts by recipient")
    body = [row for row in table["rows"] if row and row[0] not in ("Recipient",)]
    assert [(row[0], row[1]) for row in body] == list(
        zip(svg["labels"], svg["values"], strict=True)
    )
    assert re.search(r'<th scope="col">Recipient</th>', html)
    assert '<th scope="row">French Red Cross<span class="table-grants">' in html
    # No year is known for a stated amount: the page says so instead of drawing.
    assert "there is no chart by year" in html


def test_the_index_totals_name_the_undisclosed_grants(client, seeded):
    html = client.get("/en/grants/").content.decode()
    totals = html[html.index('id="totals-title"') : html.index('id="charts-title"')]
    assert "up to €1,200,000" in totals
    assert "(almost €600,000 + up to €600,000)" in totals
    assert "And 3 grants whose amount is not disclosed:" in totals
    for title in ("Koungou", "Samusocial mobile teams", "ENFAMS"):
        assert f">{title}</a>" in totals
    assert "€0" not in html


def test_the_index_says_when_stated_amounts_cannot_be_added(client, foundation):
    grant(foundation, Qualifier.UP_TO, "600000", title="Upper")
    grant(foundation, Qualifier.MORE_THAN, "100000", title="Lower")
    html = client.get("/en/grants/").content.decode()
    assert "These stated amounts cannot be added" in html
    assert "up to €600,000" in html and "more than €100,000" in html
    assert "€700,000" not in html


def test_a_chart_by_year_is_drawn_when_years_are_known(client, foundation):
    grant(foundation, Qualifier.EXACT, "1000", title="A", awarded_on=datetime.date(2020, 5, 1))
    grant(foundation, Qualifier.ALMOST, "3000", title="B", starts_on=datetime.date(2021, 1, 1))
    grant(foundation, Qualifier.NOT_DISCLOSED, title="C", starts_on=datetime.date(2021, 1, 1))
    grant(foundation, Qualifier.EXACT, "500", title="D")
    page = Page()
    page.feed(client.get("/en/grants/").content.decode())
    by_year = page.svgs[1]
    assert by_year["labels"] == ["2020", "2021"]
    assert by_year["values"] == ["€1,000", "almost €3,000"]
    assert "Not shown: 1 grant whose amount is not disclosed." in by_year["desc"]


def test_every_kind_of_bound_is_drawn_differently_and_said_in_words(foundation):
    grants = [
        grant(foundation, qualifier, "600000", title=qualifier)
        for qualifier in (Qualifier.EXACT, Qualifier.UP_TO, Qualifier.MORE_THAN, Qualifier.ABOUT)
    ]
    bars = [charts.Bar(g.program.title, g.amount, g.amount_qualifier, [g]) for g in grants]
    svg = str(charts.bar_chart(bars, chart_id="c", title="T", description="D"))
    rows = re.findall(r'<g class="chart-row">(.*?)</g>', svg)
    assert len(rows) == 4
    exact, upper, lower, about = rows
    assert 'stroke-dasharray="none"' in exact and "bar-arrow" not in exact and ">€600,000<" in exact
    assert 'stroke-dasharray="5 3"' in upper and ">up to €600,000<" in upper
    assert "bar-arrow" in lower and ">more than €600,000<" in lower
    assert 'stroke-dasharray="2 2"' in about and ">about €600,000<" in about
    assert "style=" not in svg and "<script" not in svg
    description = charts.summary(bars, [], what="Amounts:")
    assert (
        "upper bounds" in description
        and "lower bounds" in description
        and "estimates" in description
    )


def test_chart_text_is_escaped(foundation):
    evil = grant(foundation, Qualifier.EXACT, "1000", title="<script>alert(1)</script>")
    bars = [charts.Bar(evil.program.title, evil.amount, evil.amount_qualifier, [evil])]
    svg = str(charts.bar_chart(bars, chart_id="c", title="<b>", description="&"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title id="c-title">&lt;b&gt;</title>' in svg
