"""The grants index's totals, cards and charts' tables written by grants/html.py are their
templates' HTML, byte for byte."""

import pytest
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from grants import charts
from grants.html import card_html, chart_html, total_html
from programs.models import Grant
from tests.factories import GrantFactory, OrganizationFactory, ProgramFactory
from tests.grants.test_sql_totals import make_grants

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants():
    make_grants(2, 90)
    odd = OrganizationFactory(name="Fondation <l'Espoir> & co", name_en="", kind="foundation")
    program = ProgramFactory(title="Programme <sans> traduction", title_en="")
    GrantFactory(funder=odd, recipient=None, program=program, duration_months=None, slug="a-1")
    GrantFactory(funder=odd, program=program, duration_months=12, slug="a-2")


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_totals_and_cards_are_their_templates_html(client, grants, language):
    total_template = get_template("grants/includes/total.html")
    card_template = get_template("grants/includes/grant_card.html")
    pages = [f"/{language}/grants/", f"/{language}/grants/?page=2"]
    for url in pages:
        context = client.get(url).context
        with translation.override(language):
            totals = [*context["totals_by_funder"], *context["totals_by_recipient"]]
            assert len(totals) == 16
            for total in totals:
                for noted in (True, False):
                    expected = total_template.render({"total": total, "titles_noted": noted})
                    assert total_html(total, titles_noted=noted) == expected, total.label
            assert len(context["grants"]) == 20
            for grant in context["grants"]:
                assert card_html(grant) == card_template.render({"grant": grant}), grant.slug
    # The totals of grants in memory (a grant's page: its funder's total).
    with translation.override(language):
        every = list(Grant.objects.select_related("program", "funder", "recipient"))
        in_memory = [*charts.totals_by_funder(every), *charts.totals_by_recipient(every)]
        kinds = {
            (t.can_add, t.cannot_add, bool(t.undisclosed_count), bool(t.stated_more))
            for t in in_memory
        }
        assert len(kinds) >= 4
        for total in in_memory:
            expected = total_template.render({"total": total})
            assert total_html(total) == expected, total.label


def test_the_index_shows_them(client, grants):
    html = client.get("/en/grants/").content.decode()
    assert html.count('<li class="card">') == 20
    assert "recipient not stated by the source" in html
    assert "cannot be added" in html
    assert "whose amount is not disclosed" in html


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_charts_are_their_templates_html(client, grants, language):
    """Both charts, with bars of every kind, bars of one grant and of several, grants left out
    and more of them than named, in both forms of the titles' note."""
    chart_template = get_template("grants/includes/chart.html")
    seen = set()
    for url in [f"/{language}/grants/", f"/{language}/grants/?funder={_funder_slug()}"]:
        context = client.get(url).context
        with translation.override(language):
            for name, heading in (("recipient_chart", "Recipient"), ("year_chart", "Year")):
                chart = context[name]
                if not chart:  # a funder's grants without any year known
                    assert "funder" in url and name == "year_chart"
                    continue
                seen |= chart["kinds"]
                seen |= {"one" if b.grant_count == 1 else "several" for b in chart["bars"]}
                seen |= {"left out"} if chart["left_out_more"] else set()
                # As the page's {% translate … as … %} gives it: a text written as it is.
                label = mark_safe(gettext(heading))  # noqa: S308 - a translated constant
                for noted in (True, False):
                    expected = chart_template.render(
                        {"chart": chart, "label_heading": label, "titles_noted": noted}
                    )
                    assert chart_html(chart, label, titles_noted=noted) == expected, name
    assert seen >= {"exact", "upper", "lower", "estimate", "one", "several", "left out"}


def _funder_slug():
    return Grant.objects.filter(funder__name="Fondation <l'Espoir> & co").first().funder.slug
