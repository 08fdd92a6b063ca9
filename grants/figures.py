"""The totals and charts of the grants index, added up by the database.

The same figures as charts.totals_by_funder(), totals_by_recipient() and totals_by_year() give
for a list of grants, but the database sums and counts (one GROUP BY GROUPING SETS query) and
only the grants a page names are fetched (one query), however many grants the filters keep.
"""

from dataclasses import dataclass, field
from functools import cache, cached_property

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from core.dates import DatePrecision
from core.qualifiers import Qualifier, combine_qualifiers
from partners.models import Organization
from programs.models import Grant, Program

from .charts import (
    BARS_SHOWN,
    NAMES_SHOWN,
    TOTALS_SHOWN,
    Bar,
    TotalSentence,
    largest,
    most_grants,
)
from .threesixtygiving import READY

# The year a grant was awarded, or else the year it starts (a decade gives none): grant_year().
GRANT_YEAR = Coalesce(
    ExtractYear("awarded_on"),
    Case(
        When(
            Q(starts_on__isnull=False) & ~Q(starts_precision=DatePrecision.DECADE),
            then=ExtractYear("starts_on"),
        ),
        default=None,
        output_field=IntegerField(),
    ),
)

# The qualifiers of stated amounts.
QUALIFIERS = [str(q) for q in Qualifier if q != Qualifier.NOT_DISCLOSED]

STATED = ~Q(amount_qualifier=Qualifier.NOT_DISCLOSED) & Q(amount__isnull=False)

# The three ways of grouping: the column that keys a group in the query below.
FUNDER, RECIPIENT, YEAR = "funder", "recipient", "year"
KEY = {FUNDER: "funder_id", RECIPIENT: "recipient_id", YEAR: GRANT_YEAR}
# Their SQL types (an organisation's id; EXTRACT gives a numeric).
KEY_TYPES = {FUNDER: "bigint", RECIPIENT: "bigint", YEAR: "numeric"}


@dataclass
class GroupTotal(TotalSentence):
    """A charts.Total whose sums and counts come from the database: it names only the first
    grants a page shows (`stated_named`, `undisclosed_named`), and counts the others."""

    label: str
    count: int
    stated_count: int
    value: object
    qualifier: object
    # How many of them the 360Giving files can take (threesixtygiving.READY).
    ready_count: int = 0
    # (pk, slug, names…) of the funder or recipient: the instance is made when a page shows it.
    organization_row: tuple | None = None
    year: int | None = None
    filter: tuple | None = None
    key: object = None
    # Makes the address of the index filtered to this group (the view's _url_with).
    url_with: object = None
    stated_named: list = field(default_factory=list)
    undisclosed_named: list = field(default_factory=list)

    @cached_property
    def list_url(self):
        # Only the totals a page shows ask for it.
        return self.url_with(*self.filter) if self.filter and self.url_with else ""

    @cached_property
    def organization(self):
        if self.organization_row is None:
            return None
        pk, slug, *names = self.organization_row
        # As a query's row makes it (the other columns deferred, never read: a page links to
        # it by its slug); Organization(pk=…, slug=…, …) computed every other field's default,
        # each translated one under its language: most of a total's time on the index.
        row = {"id": pk, "slug": slug, **dict(zip(_names(), names, strict=True))}
        # from_db() reads the values in the order of the model's fields.
        fields = [f.attname for f in Organization._meta.concrete_fields if f.attname in row]
        return Organization.from_db(None, fields, [row[name] for name in fields])


def _names():
    """The name columns of a funder or recipient that the page reads: those of `_languages()`
    (at 1,250 groups, the seven languages' names were 8,750 texts to send and decode)."""
    return [build_localized_fieldname("name", code) for code in _languages()]


def _languages():
    """The page's language and those it falls back to, each once, in that order."""
    return list(dict.fromkeys(code for code in _fallbacks() if code in _LANGUAGES))


def _plain(grants):
    """The grants without the duplicates a join may make (each counted once)."""
    if grants.query.distinct or grants.query.is_sliced:
        return Grant.objects.filter(pk__in=grants.values("pk"))
    return grants


# A stated amount's bit in the aggregate below: its qualifier's, and whether it is in euros or
# in another currency (two currencies, or two others, are never added).
_BIT = {qualifier: 1 << number for number, qualifier in enumerate(QUALIFIERS)}
_EURO, _OTHER = 1 << len(QUALIFIERS), 1 << (len(QUALIFIERS) + 1)


@cache
def _decoded(bits, other_currencies_differ):
    """The qualifier of a group's stated amounts added up (None: they cannot be), from the bits
    of `_rows`; worked out once per combination."""
    mixed = other_currencies_differ or (bits & _EURO and bits & _OTHER)
    if mixed:
        return None
    return combine_qualifiers([q for q, bit in _BIT.items() if bits & bit])


def _rows(grants):
    """One row per funder, per recipient and per year of the grants: the grants it has, how
    many state their amount, the sum of those, their qualifiers and how many currencies."""
    if connection.vendor != "postgresql":
        yield from _rows_in_python(grants)
        return
    names = _names()
    # Each grant as a narrow row whose stated amount (NULL when not stated), its bits (0 when not
    # stated) and its currency other than the euro (NULL when not stated or in euros) are worked
    # out once, so that the aggregates below test nothing: a FILTER on each of eleven
    # aggregates, in each of the three groupings, compared texts 600,000 times a page.
    bits = Case(
        *(When(amount_qualifier=q, then=Value(bit)) for q, bit in _BIT.items()),
        default=Value(0),
    )
    columns = {
        "g_funder": F("funder_id"),
        "g_recipient": F("recipient_id"),
        "g_year": GRANT_YEAR,
        "g_amount": Case(When(STATED, then=F("amount")), default=None),
        "g_bits": Case(
            When(STATED & Q(currency="EUR"), then=bits + Value(_EURO)),
            When(STATED, then=bits + Value(_OTHER)),
            default=Value(0),
        ),
        "g_other": Case(When(STATED & ~Q(currency="EUR"), then=F("currency")), default=None),
        "g_ready": Case(When(READY, then=Value(1)), default=None),
    }
    inner, params = grants.order_by().annotate(**columns).values(*columns).query.sql_with_params()
    # Grouped by the keys alone, on narrow rows; the slug and names of each funder and
    # recipient are joined to the groups afterwards (one row each), not carried through the
    # aggregation (which, with MIN() of six text columns, took half of the query's time).
    grouped = (
        "SELECT GROUPING(g_funder) AS no_funder, GROUPING(g_recipient) AS no_recipient, "  # noqa: S608
        "g_funder, g_recipient, g_year, COUNT(*) AS n, COUNT(g_amount) AS n_stated, "
        "COUNT(g_ready) AS n_ready, SUM(g_amount) AS amount, BIT_OR(g_bits) AS bits, "
        'MIN(g_other COLLATE "C") <> MAX(g_other COLLATE "C") AS others_differ '
        f"FROM ({inner}) AS g GROUP BY GROUPING SETS ((g_funder), (g_recipient), (g_year))"
    )
    qn = connection.ops.quote_name
    # Only column and table names are written into the text; every value is a parameter.
    sql = (
        "SELECT a.no_funder, a.no_recipient, a.g_funder, a.g_recipient, a.g_year, a.n, "  # noqa: S608
        "a.n_stated, a.amount, a.bits, a.others_differ, a.n_ready, o.slug, "
        + ", ".join(f"o.{qn(n)}" for n in names)
        + f" FROM ({grouped}) AS a LEFT JOIN {qn(Organization._meta.db_table)} AS o ON o.id = "
        "CASE WHEN a.no_funder = 0 THEN a.g_funder WHEN a.no_recipient = 0 THEN a.g_recipient END"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            no_funder, no_recipient, funder, recipient, year, count, stated_count, amount = row[:8]
            bits_, others_differ, ready, *organization = row[8:]
            figures = {
                "count": count,
                "stated_count": stated_count,
                "value": amount if stated_count else None,
                "qualifier": _decoded(bits_, bool(others_differ)) if stated_count else None,
                "ready_count": ready,
            }
            if not no_funder:
                yield FUNDER, [funder, *organization], figures
            elif not no_recipient:
                yield RECIPIENT, [recipient, *organization], figures
            else:
                yield YEAR, [year], figures


def _rows_in_python(grants):
    """`_rows` without PostgreSQL (SQLite, the embedded database of `make run`): the same groups
    and figures, added up here from the grants' narrow rows."""
    names = _names()
    fields = ["funder_id", "recipient_id", "amount", "amount_qualifier", "currency"]
    org_fields = ["slug", *names]
    rows = (
        grants.order_by()
        .annotate(g_year=GRANT_YEAR, g_ready=Case(When(READY, then=Value(1)), default=Value(0)))
        .values(
            *fields,
            "g_year",
            "g_ready",
            *(f"funder__{n}" for n in org_fields),
            *(f"recipient__{n}" for n in org_fields),
        )
    )
    groups = {}
    for row in rows:
        keys = {
            FUNDER: (row["funder_id"], *(row[f"funder__{n}"] for n in org_fields)),
            RECIPIENT: (row["recipient_id"], *(row[f"recipient__{n}"] for n in org_fields)),
            YEAR: (row["g_year"],),
        }
        for kind, values in keys.items():
            group = groups.setdefault(
                (kind, values[0]), [list(values), 0, 0, None, set(), set(), 0]
            )
            group[1] += 1
            group[6] += row["g_ready"]
            stated = (
                row["amount_qualifier"] != Qualifier.NOT_DISCLOSED and row["amount"] is not None
            )
            if stated:
                group[2] += 1
                group[3] = row["amount"] if group[3] is None else group[3] + row["amount"]
                group[4].add(str(row["amount_qualifier"]))
                group[5].add(row["currency"])
    for (kind, _key), (
        values,
        count,
        stated_count,
        amount,
        qualifiers,
        currencies,
        ready,
    ) in groups.items():
        mixed = len(currencies) > 1
        yield (
            kind,
            values,
            {
                "count": count,
                "stated_count": stated_count,
                "value": amount if stated_count else None,
                "qualifier": (
                    combine_qualifiers([q for q in QUALIFIERS if q in qualifiers])
                    if stated_count and not mixed
                    else None
                ),
                "ready_count": ready,
            },
        )


def _label(values):
    """The organisation's name in the language of the page, or else in the fallback ones (as
    the translated field gives it): the first of the names `_names()` read that is not
    empty."""
    _pk, _slug, *names = values
    for name in names:
        if name:
            return name
    return ""


_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _fallbacks():
    return (get_language(), *settings.MODELTRANSLATION_FALLBACK_LANGUAGES)


def _totals(grants):
    funders, recipients, years = [], [], []
    not_stated = gettext("recipient not stated by the source")
    for kind, values, figures in _rows(grants):
        if kind == YEAR:
            (key,) = values
            year = int(key) if key is not None else None
            years.append(
                GroupTotal(
                    label=str(year) if year is not None else "",
                    year=year,
                    key=key,
                    filter=("year", str(year)) if year is not None else None,
                    **figures,
                )
            )
            continue
        named = values[0] is not None
        total = GroupTotal(
            label=_label(values) if named else not_stated,
            organization_row=tuple(values) if named else None,
            key=values[0],
            filter=(kind, values[1]) if named else None,
            **figures,
        )
        (funders if kind == FUNDER else recipients).append(total)
    funders.sort(key=lambda t: t.label.casefold())
    recipients.sort(key=lambda t: (t.organization_row is None, t.label.casefold()))
    no_year = next((t for t in years if t.year is None), None)
    years = sorted((t for t in years if t.year is not None), key=lambda t: t.year)
    return funders, recipients, years, no_year


@dataclass
class Chart:
    """What a chart draws: its bars, how many more it leaves out, and the grants it does not
    draw because their amount is not disclosed (the first ones, and how many)."""

    bars: list
    more: int
    left_out: list
    left_out_count: int


@dataclass
class _ChartPlan:
    totals: list
    # Groups whose stated amounts cannot be added: each of their grants is a bar.
    split: set = field(default_factory=set)
    # Groups whose grants the chart names (single-grant bars, left out grants).
    named: set = field(default_factory=set)
    candidates: list = field(default_factory=list)

    def __post_init__(self):
        self.split = {t.key for t in self.totals if t.cannot_add}
        added = [t for t in self.totals if t.can_add]
        # A bar drawn for a group of one grant links to it: only the largest may be drawn.
        if added:
            values = sorted((t.value for t in added), reverse=True)
            least = values[min(BARS_SHOWN, len(values)) - 1]
            self.named |= {t.key for t in added if t.stated_count == 1 and t.value >= least}
        # The grants left out of the chart that it names: those of the first groups.
        left = 0
        for total in self.totals:
            if left >= NAMES_SHOWN:
                break
            if total.undisclosed_count:
                self.named.add(total.key)
                left += total.undisclosed_count

    def chart(self):
        by_key = {t.key: t for t in self.totals}
        position = {t.key: i for i, t in enumerate(self.totals)}
        single = {}
        bars_, bar_total = [], {}
        for total in self.totals:
            if total.can_add:
                grants = total.stated_named if total.stated_count == 1 else []
                bar = Bar(
                    total.label, total.value, total.qualifier, grants, count=total.stated_count
                )
                bars_.append(bar)
                bar_total[id(bar)] = total
        for key, grant in sorted(self.candidates, key=lambda c: position[c[0]]):
            single.setdefault(key, []).append(grant)
        # Every bar in the order of its group, then of the grant in the list.
        ordered = []
        added = iter(bars_)
        for total in self.totals:
            if total.can_add:
                ordered.append(next(added))
            elif total.cannot_add:
                ordered += [
                    Bar(
                        f"{total.label} – {grant.program.title}",
                        grant.amount,
                        grant.amount_qualifier,
                        [grant],
                    )
                    for grant in single.get(total.key, [])
                ]
        count = sum(1 for t in self.totals if t.can_add) + sum(
            by_key[key].stated_count for key in self.split
        )
        kept, more = largest(ordered, count=count)
        for bar in kept:
            if id(bar) in bar_total:
                bar.list_url = bar_total[id(bar)].list_url
        left_out = [g for t in self.totals for g in t.undisclosed_named][:NAMES_SHOWN]
        return Chart(
            bars=kept,
            more=more,
            left_out=left_out,
            left_out_count=sum(t.undisclosed_count for t in self.totals),
        )


def _title_order():
    return [F(build_localized_fieldname("program__title", get_language())).asc(), F("slug").asc()]


def _fetch(grants, named, split):
    """In one query: the first grants of each group in `named` (stated ones and undisclosed
    ones, in the order of the list), and the largest stated amounts of the groups in `split`
    (a kind → keys mapping each). Returns them by kind and key."""
    found = {FUNDER: {}, RECIPIENT: {}, YEAR: {}}
    largest_ = {RECIPIENT: [], YEAR: []}
    named = {kind: keys for kind, keys in named.items() if keys}
    split = {kind: keys for kind, keys in split.items() if keys}
    if not named and not split:
        return found, largest_
    if connection.vendor != "postgresql":
        return _fetch_in_python(grants, named, split, found, largest_)
    # The grants as narrow rows, read once (a materialised CTE), then: the first ones of each
    # named group (windows over the rows of those groups only), and the largest stated amounts
    # of the split groups (a top-N with ties: no sort of every row).
    columns = {
        "g_id": F("pk"),
        "g_title": F(build_localized_fieldname("program__title", get_language())),
        "g_slug": F("slug"),
        "g_funder": F("funder_id"),
        "g_recipient": F("recipient_id"),
        "g_year": GRANT_YEAR,
        "g_stated": Case(When(STATED, then=Value(1)), default=Value(0)),
        "g_amount": F("amount"),
    }
    inner, params = grants.order_by().annotate(**columns).values(*columns).query.sql_with_params()
    params = list(params)
    parts = []
    if named:
        windows, conditions, wanted = [], [], []
        for kind, keys in named.items():
            # In the order of the titles, numbered once (g_order): each window then sorts
            # integers, not the titles again in the page's collation.
            windows.append(
                f"ROW_NUMBER() OVER (PARTITION BY g_{kind}, g_stated ORDER BY g_order) AS n_{kind}"
            )
            wanted.append(_in_sql(kind, keys, params))
        for kind, keys in named.items():
            conditions.append(f"({_in_sql(kind, keys, params)} AND n_{kind} <= {NAMES_SHOWN})")
        windows_, wanted_, conditions_ = (
            ", ".join(windows),
            " OR ".join(wanted),
            " OR ".join(conditions),
        )
        parts.append(
            f"SELECT g_id FROM (SELECT r.*, {windows_} FROM "  # noqa: S608
            "(SELECT g.*, ROW_NUMBER() OVER (ORDER BY g_title, g_slug) AS g_order "
            f"FROM g WHERE {wanted_}) AS r) AS w WHERE {conditions_}"
        )
    for kind, keys in split.items():
        in_keys = _in_sql(kind, keys, params)
        parts.append(
            f"(SELECT g_id FROM g WHERE g_stated = 1 AND {in_keys} "  # noqa: S608
            f"ORDER BY g_amount DESC FETCH FIRST {BARS_SHOWN} ROWS WITH TIES)"
        )
    # Only column names and numbers are written into the text; every value is a parameter.
    sql = f"WITH g AS MATERIALIZED ({inner}) {' UNION ALL '.join(parts)}"  # noqa: S608
    rows = Grant.objects.filter(pk__in=RawSQL(sql, params))  # noqa: S611
    return _sort_fetched(rows, named, split, found, largest_)


def _fetch_in_python(grants, named, split, found, largest_):
    """`_fetch` without PostgreSQL (SQLite, the embedded database of `make run`): every grant of
    the list is read and the same choice made here, the largest amounts cut as FETCH FIRST …
    WITH TIES cuts them."""
    _found, candidates = _sort_fetched(
        Grant.objects.filter(pk__in=grants.values("pk")), named, split, found, largest_
    )
    for kind, pairs in candidates.items():
        amounts = sorted((grant.amount for _key, grant in pairs), reverse=True)
        if len(amounts) > BARS_SHOWN:
            floor = amounts[BARS_SHOWN - 1]
            candidates[kind] = [(key, g) for key, g in pairs if g.amount >= floor]
    return _found, candidates


# What the index shows of a grant it names (its amount, its program's title, its link), and
# what places it in its groups: not the long texts of the grant and its program (at 250 grants
# named, reading and building whole rows was a third of the page's time).
NAMED_FIELDS = [
    "slug",
    "amount",
    "amount_qualifier",
    "currency",
    "funder",
    "recipient",
    "program",
    "program__slug",
    "program__title",
]


def _title_columns():
    """The program title's columns a page in its language reads: its language's, then those
    it falls back to (as core.fallback.in_page_language keeps them)."""
    return [
        build_localized_fieldname("title", code)
        for code in resolution_order(get_language(), Program.title.fallback_languages)
    ]


def _instance(model, values, db):
    """A model instance with these column values, as a query's row makes it with the other
    columns deferred, without Model.__init__: for each of the ~250 grants and their programs
    the index names, Django's __init__ (with modeltranslation's and the init signals) walked
    every field of both models, most of them deferred — a tenth of the page's time. Nothing
    listens to their init signals but modeltranslation's, which only undoes its own __init__
    marker."""
    instance = model.__new__(model)
    instance.__dict__.update(values)
    state = instance._state = ModelState()
    state.adding, state.db = False, db
    return instance


def _named_grants(rows):
    """The grants of `rows` with what NAMED_FIELDS reads of them and their program (and the
    year of each, `g_year`), in the order of the list."""
    titles = _title_columns()
    grant_columns = [
        "id",
        "slug",
        "amount",
        "amount_qualifier",
        "currency",
        "funder_id",
        "recipient_id",
        "program_id",
        "g_year",
    ]
    program_columns = ["id", "slug", *titles]
    rows = (
        rows.annotate(g_year=GRANT_YEAR)
        .order_by(*_title_order())
        .values_list(*grant_columns, *(f"program__{c}" for c in program_columns))
    )
    split = len(grant_columns)
    cache = Grant.program.field.cache_name
    db = rows.db  # asked of the router: once, not per row
    for row in rows:
        grant = _instance(Grant, zip(grant_columns, row[:split], strict=True), db)
        program = _instance(Program, zip(program_columns, row[split:], strict=True), db)
        grant._state.fields_cache[cache] = program
        yield grant


def _sort_fetched(rows, named, split, found, largest_):
    """The fetched grants by kind and key: a named group's first ones, a split group's stated
    amounts."""
    for grant in _named_grants(rows):
        keys = {FUNDER: grant.funder_id, RECIPIENT: grant.recipient_id, YEAR: grant.g_year}
        for kind, key in keys.items():
            if key in named.get(kind, ()):
                # A grant may be found for another group: only a group's first ones are kept.
                found[kind].setdefault(key, []).append(grant)
            if key in split.get(kind, ()) and _is_stated(grant):
                largest_[kind].append((key, grant))
    for groups in found.values():
        for key, members in groups.items():
            groups[key] = [g for g in members if _is_stated(g)][:NAMES_SHOWN] + [
                g for g in members if not _is_stated(g)
            ][:NAMES_SHOWN]
    return found, largest_


def _in_sql(kind, keys, params):
    """SQL that a row's key is one of `keys` (None: the key is not known)."""
    real = [k for k in keys if k is not None]
    params.append(real)
    # The array in the key's own type: psycopg sends small integers as smallint[], and a
    # bigint = ANY(smallint[]) is tested element by element on every row, where a bigint[] is
    # hashed (at 10,000 grants, the query took twice as long).
    sql = f"g_{kind} = ANY(%s::{KEY_TYPES[kind]}[])"
    if None in keys:
        sql = f"({sql} OR g_{kind} IS NULL)"
    return sql


@dataclass
class Figures:
    """Everything the grants index says about the grants the filters keep."""

    count: int
    # How many of them the 360Giving files can take.
    ready_count: int
    totals_by_funder: list
    more_funders: int
    totals_by_recipient: list
    more_recipients: int
    year_totals: list
    no_year_count: int
    recipient_chart: Chart
    year_chart: Chart


def figures(grants, *, url_with=None):
    """The index's totals and the data of its charts, for the grants of a queryset."""
    grants = _plain(grants)
    funders, recipients, years, no_year = _totals(grants)
    for total in (*funders, *recipients, *years):
        total.url_with = url_with
    funders_shown, more_funders = most_grants(funders, TOTALS_SHOWN)
    recipients_shown, more_recipients = most_grants(recipients, TOTALS_SHOWN)
    recipient_plan, year_plan = _ChartPlan(recipients), _ChartPlan(years)
    named = {
        FUNDER: {t.key for t in funders_shown},
        RECIPIENT: {t.key for t in recipients_shown} | recipient_plan.named,
        YEAR: year_plan.named,
    }
    found, largest_ = _fetch(
        grants, named, {RECIPIENT: recipient_plan.split, YEAR: year_plan.split}
    )
    for kind, totals in ((FUNDER, funders), (RECIPIENT, recipients), (YEAR, years)):
        for total in totals:
            members = found[kind].get(total.key, [])
            total.stated_named = [g for g in members if _is_stated(g)]
            total.undisclosed_named = [g for g in members if not _is_stated(g)]
    recipient_plan.candidates = largest_[RECIPIENT]
    year_plan.candidates = largest_[YEAR]
    return Figures(
        count=sum(t.count for t in funders),
        ready_count=sum(t.ready_count for t in funders),
        totals_by_funder=funders_shown,
        more_funders=more_funders,
        totals_by_recipient=recipients_shown,
        more_recipients=more_recipients,
        year_totals=years,
        no_year_count=no_year.count if no_year else 0,
        recipient_chart=recipient_plan.chart(),
        year_chart=year_plan.chart(),
    )


def _is_stated(grant):
    return grant.amount_qualifier != Qualifier.NOT_DISCLOSED and grant.amount is not None
