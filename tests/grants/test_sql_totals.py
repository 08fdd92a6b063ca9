"""The grants index adds its totals up in the database: on generated mixed data (every
qualifier, undisclosed amounts, unnamed recipients, years known, unknown and by decade, equal
amounts) it says exactly what adding the grants one by one in Python says, in a bounded number
of queries."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.qualifiers import Qualifier
from grants import charts, figures
from programs.models import Grant
from tests.factories import GrantFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def make_grants(seed, count, recipient_count=14):
    rng = random.Random(seed)
    funders = [
        OrganizationFactory(
            name_fr=f"Financeur {name}", name_en=f"Funder {name}", kind="foundation"
        )
        for name in ("b", "A", "é", "d", "c")
    ]
    recipients = [
        # Some names are not translated: the French one is shown.
        OrganizationFactory(name_fr=f"Bénéficiaire {i:02}", name_en="" if i % 4 else f"Rec {i:02}")
        for i in range(recipient_count)
    ]
    programs = [
        ProgramFactory(title=f"Program {i % 9}", title_en=f"Program {i % 9}", title_fr="")
        for i in range(30)
    ]
    for i in range(count):
        qualifier = rng.choice([*Qualifier.values, Qualifier.NOT_DISCLOSED])
        stated = qualifier != Qualifier.NOT_DISCLOSED
        when = rng.choice(["awarded", "starts", "decade", None])
        dates = {
            "awarded": {"awarded_on": datetime.date(rng.choice([2018, 2019, 2020]), 3, 1)},
            "starts": {"starts_on": datetime.date(rng.choice([2019, 2021]), 1, 1)},
            "decade": {"starts_on": datetime.date(1990, 1, 1), "starts_precision": "decade"},
            None: {},
        }[when]
        GrantFactory(
            program=rng.choice(programs),
            funder=rng.choice(funders),
            recipient=rng.choice([*recipients, None]),
            amount_qualifier=qualifier,
            # Few amounts, so that some are equal.
            amount=Decimal(rng.choice(["1000", "2500.50", "60000", "600000"])) if stated else None,
            slug=f"g-{seed}-{i}",
            **dates,
        )


def names(grants):
    return [g.slug for g in grants]


def same_total(sql, python, *, named=True):
    assert sql.label == python.label
    assert (sql.count, sql.stated_count, sql.undisclosed_count) == (
        len(python.grants),
        len(python.stated),
        len(python.undisclosed),
    )
    assert (sql.can_add, sql.cannot_add, sql.display) == (
        python.can_add,
        python.cannot_add,
        python.display,
    )
    if sql.can_add:
        assert (sql.value, sql.qualifier) == (python.value, python.qualifier)
    if named:
        assert names(sql.stated_named) == names(python.stated_named)
        assert names(sql.undisclosed_named) == names(python.undisclosed_named)
    assert (sql.stated_more, sql.undisclosed_more) == (python.stated_more, python.undisclosed_more)
    assert sql.list_url == python.list_url
    assert (sql.organization.slug if sql.organization else None) == (
        python.organization.slug if python.organization else None
    )


def same_chart(sql, python_totals):
    bars, more = charts.largest(charts.bars(python_totals))
    left_out = charts.not_shown(python_totals)
    assert [(b.label, b.text, b.kind, b.list_url) for b in sql.bars] == [
        (b.label, b.text, b.kind, b.list_url) for b in bars
    ]
    assert [b.grant_count for b in sql.bars] == [len(b.grants) for b in bars]
    for sql_bar, bar in zip(sql.bars, bars, strict=True):
        if len(bar.grants) == 1:
            assert names(sql_bar.grants) == names(bar.grants)
    assert sql.more == more
    assert names(sql.left_out) == names(left_out[: charts.NAMES_SHOWN])
    assert sql.left_out_count == len(left_out)


def url_with(name, value):
    return f"?{name}={value}"


@pytest.mark.parametrize(
    ("seed", "count", "recipient_count"),
    # The last: more groups than a chart draws, whose sums and counts tie, and groups whose
    # amounts cannot be added around the smallest bar drawn.
    [(1, 25, 14), (2, 90, 14), (3, 160, 14), (6, 400, 150), (7, 400, 400)],
)
@pytest.mark.parametrize("language", ["en", "fr"])
# "portable": the path taken without PostgreSQL (SQLite, the database of `make run`);
# "every public": the unfiltered index's statement, compiled once per process.
@pytest.mark.parametrize("path", ["postgresql", "every public", "portable"])
def test_the_database_totals_are_the_python_totals(
    seed, count, recipient_count, language, path, monkeypatch
):
    if path == "portable":
        monkeypatch.setattr(connection, "vendor", "sqlite")
    make_grants(seed, count, recipient_count)
    with translation.override(language):
        grants = Grant.objects.public().select_related("program", "funder", "recipient")
        python = list(grants)
        by_funder = charts.totals_by_funder(python)
        by_recipient = charts.totals_by_recipient(python)
        by_year, no_year = charts.totals_by_year(python)
        for total in (*by_funder, *by_recipient, *by_year):
            if total.filter:
                total.list_url = url_with(*total.filter)
        with CaptureQueriesContext(connection) as queries:
            every_public_at = timezone.now() if path == "every public" else None
            data = figures.figures(grants, url_with=url_with, every_public_at=every_public_at)
            funders_shown, more_funders = charts.most_grants(by_funder)
            recipients_shown, more_recipients = charts.most_grants(by_recipient)
            assert data.count == len(python)
            assert (data.more_funders, data.more_recipients) == (more_funders, more_recipients)
            # The year totals are drawn, not listed: they name no grant.
            for sql_totals, python_totals, named in (
                (data.totals_by_funder, funders_shown, True),
                (data.totals_by_recipient, recipients_shown, True),
                (data.year_totals, by_year, False),
            ):
                assert len(sql_totals) == len(python_totals)
                for sql_total, python_total in zip(sql_totals, python_totals, strict=True):
                    same_total(sql_total, python_total, named=named)
            assert data.no_year_count == len(no_year)
            same_chart(data.recipient_chart, by_recipient)
            same_chart(data.year_chart, by_year)
        # On PostgreSQL one statement adds everything up and reads the grants the page names;
        # elsewhere a second query fetches them.
        assert len(queries) == (2 if path == "portable" else 1)


@pytest.mark.parametrize("path", ["postgresql", "portable"])
def test_a_chart_draws_the_largest_amounts_of_groups_that_cannot_be_added(path, monkeypatch):
    """Among more groups than a chart draws, equal sums and the amounts of groups whose amounts
    cannot be added: those of a group whose largest amount is below the smallest bar drawn are
    never drawn, the others are, the first in order among equal ones."""
    if path == "portable":
        monkeypatch.setattr(connection, "vendor", "sqlite")
    funder = OrganizationFactory(name="F", name_en="F")
    amounts = {
        **{f"R {i:02}": [("1000", Qualifier.EXACT)] for i in range(charts.BARS_SHOWN + 1)},
        # Between the others in order: one of its amounts is as large as theirs.
        "R 05 split": [("5000", Qualifier.UP_TO), ("1000", Qualifier.MORE_THAN)],
        "R 06 split": [("500", Qualifier.UP_TO), ("400", Qualifier.MORE_THAN)],
    }
    for name, grants in amounts.items():
        recipient = OrganizationFactory(name=name, name_en=name)
        for amount, qualifier in grants:
            GrantFactory(
                funder=funder,
                recipient=recipient,
                amount=Decimal(amount),
                amount_qualifier=qualifier,
            )
    grants = Grant.objects.public().select_related("program", "funder", "recipient")
    data = figures.figures(grants, url_with=url_with)
    by_recipient = charts.totals_by_recipient(list(grants))
    for total in by_recipient:
        total.list_url = url_with(*total.filter)
    same_chart(data.recipient_chart, by_recipient)
    assert [b.text for b in data.recipient_chart.bars][:3] == ["€1,000", "€1,000", "€1,000"]
    assert any(b.label.startswith("R 05 split") for b in data.recipient_chart.bars)
    assert not any(b.label.startswith("R 06 split") for b in data.recipient_chart.bars)


def test_a_chart_names_the_first_recipients_in_python_s_order_not_the_database_s():
    """The statement reads the grants of the recipients a chart names first, guessing them from
    their names in the database's order; where Python orders them otherwise ("ß" is "ss" when
    folded, not when lowered), a second query fetches those it missed."""
    funder = OrganizationFactory(name="F", name_en="F")
    program = ProgramFactory()
    # Ten recipients with more grants are listed; the others are not, and all their grants'
    # amounts are undisclosed: the chart names the first one's, "Straße A" (Python's first,
    # the database's last).
    for i in range(10):
        recipient = OrganizationFactory(name=f"Z {i}", name_en=f"Z {i}")
        for j in range(charts.NAMES_SHOWN + 1):
            GrantFactory(funder=funder, recipient=recipient, program=program, slug=f"z-{i}-{j}")
    others = [(f"Strasse {letter}", letter.lower(), 1) for letter in "BCDEF"]
    for name, prefix, count in [("Straße A", "a", charts.NAMES_SHOWN), *others]:
        recipient = OrganizationFactory(name=name, name_en=name)
        for j in range(count):
            GrantFactory(
                funder=funder,
                recipient=recipient,
                program=program,
                amount=None,
                amount_qualifier=Qualifier.NOT_DISCLOSED,
                slug=f"{prefix}-{j}",
            )
    grants = Grant.objects.public().select_related("program", "funder", "recipient")
    with CaptureQueriesContext(connection) as queries:
        data = figures.figures(grants)
    same_chart(data.recipient_chart, charts.totals_by_recipient(list(grants)))
    assert names(data.recipient_chart.left_out) == [f"a-{j}" for j in range(charts.NAMES_SHOWN)]
    assert len(queries) == 2


def test_a_filter_that_joins_counts_each_grant_once():
    """The theme filter joins the program's themes: a grant with two themes is one grant."""
    make_grants(4, 30)
    grants = Grant.objects.public().filter(program__title_en__startswith="Program").distinct()
    data = figures.figures(grants.filter(pk__in=Grant.objects.values("pk")))
    assert data.count == Grant.objects.public().count()


def test_amounts_in_different_currencies_are_never_added():
    funder = OrganizationFactory(name="F", name_en="F")
    GrantFactory(funder=funder, amount=Decimal("1000"), amount_qualifier=Qualifier.EXACT)
    other = GrantFactory(funder=funder, amount=Decimal("1000"), amount_qualifier=Qualifier.EXACT)
    Grant.objects.filter(pk=other.pk).update(currency="USD")
    grants = Grant.objects.public().select_related("program", "funder", "recipient")
    (sql,) = figures.figures(grants).totals_by_funder
    (python,) = charts.totals_by_funder(list(grants))
    assert sql.cannot_add and python.cannot_add
    assert sql.display == python.display == ""


def test_two_other_currencies_are_not_added_either_and_one_alone_is():
    """Neither in euros: the database tells two currencies apart, not only the euro from the
    others."""
    two = OrganizationFactory(name="Two", name_en="Two")
    one = OrganizationFactory(name="One", name_en="One")
    for funder, currencies in ((two, ("USD", "GBP")), (one, ("USD", "USD"))):
        for currency in currencies:
            grant = GrantFactory(
                funder=funder, amount=Decimal("1000"), amount_qualifier=Qualifier.ABOUT
            )
            Grant.objects.filter(pk=grant.pk).update(currency=currency)
    grants = Grant.objects.public().select_related("program", "funder", "recipient")
    by_label = {t.label: t for t in figures.figures(grants).totals_by_funder}
    python = {t.label: t for t in charts.totals_by_funder(list(grants))}
    assert by_label["Two"].cannot_add and python["Two"].cannot_add
    assert by_label["One"].can_add and python["One"].can_add
    assert (by_label["One"].value, by_label["One"].qualifier) == (Decimal("2000"), "about")
