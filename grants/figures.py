"""The totals and charts of the grants index, added up by the database.

The same figures as charts.totals_by_funder(), totals_by_recipient() and totals_by_year() give
for a list of grants, but the database sums and counts (GROUP BY GROUPING SETS) and only the
grants a page names are fetched, however many grants the filters keep. On PostgreSQL one
statement does both on one scan of the grants (`_statement`): it also picks the groups the page
is likely to show or name, and the grants to name of each; Python then chooses exactly (names
in Python's order) among every group's figures, makes a total of those it shows only, and asks
for the grants of a group the statement did not foresee (rare: a second query).
"""

import heapq
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from core.dates import DatePrecision
from core.displayed import Displayed
from core.prepared import AT, PlannedOnce, prepared
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


def _grant_year(year):
    """The year a grant was awarded, or else the year it starts (a decade gives none), each
    date's year as the expression class `year` reads it: grant_year()."""
    return Coalesce(
        year("awarded_on"),
        Case(
            When(
                Q(starts_on__isnull=False) & ~Q(starts_precision=DatePrecision.DECADE),
                then=year("starts_on"),
            ),
            default=None,
            output_field=year.output_field,
        ),
    )


GRANT_YEAR = _grant_year(ExtractYear)


class _DatePart(Func):
    """A date's year as PostgreSQL's date_part() gives it (a float): EXTRACT's numeric, then
    cast to an integer, was a tenth of the time of the statement's narrow rows."""

    template = "date_part('year', %(expressions)s)"
    output_field = FloatField()


# GRANT_YEAR as the statement below reads it (PostgreSQL), an integer.
_STATEMENT_YEAR = Cast(_grant_year(_DatePart), IntegerField())

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


# The bits a group's stated amounts may have, by whether their sum can be added (the
# statement below tests it: `_decoded` for every combination, as an array indexed by the bits).
_ADDABLE = [_decoded(bits, False) is not None for bits in range(2 * _OTHER)]
# That array as an SQL constant (worked out here, from no value of a request): as a parameter,
# its 256 booleans were sent and converted at each execution.
_ADDABLE_SQL = "'{" + ",".join("t" if addable else "f" for addable in _ADDABLE) + "}'::boolean[]"


class _Group(TotalSentence):
    """One funder's, recipient's or year's figures, as the database adds them up: what the page
    needs of each group to count them, order them and choose the few it shows or names, of
    which a `GroupTotal` is then made (at 10,000 grants, 1,270 groups for some 40 shown)."""

    __slots__ = (
        "kind",
        "key",
        "organization_row",
        "count",
        "stated_count",
        "ready_count",
        "value",
        "qualifier",
        "top",
    )

    def __init__(
        self, kind, key, organization_row, count, stated_count, ready, value, qualifier, top
    ):
        self.kind, self.key, self.organization_row = kind, key, organization_row
        self.count, self.stated_count, self.ready_count = count, stated_count, ready
        # The sum and qualifier of the stated amounts, and the largest of them (None: none).
        self.value, self.qualifier, self.top = value, qualifier, top

    @property
    def label(self):
        return _label(self.organization_row) if self.organization_row else ""


def _group(kind, key, organization, count, stated_count, ready, amount, top, qualifier):
    """A `_Group` from a row's values (`organization`: the slug and names, or None)."""
    stated = bool(stated_count)
    return _Group(
        kind,
        key,
        (key, *organization) if organization is not None and key is not None else None,
        count,
        stated_count,
        ready,
        amount if stated else None,
        qualifier if stated else None,
        top if stated else None,
    )


# How the groups of each kind are ordered on the page: funders by name, recipients by name with
# the grants of unnamed recipients last, years in order.
def _by_label(group):
    return group.label.casefold()


def _recipient_order(group):
    return (group.organization_row is None, group.label.casefold())


def _year_order(group):
    return group.key


ORDER = {FUNDER: _by_label, RECIPIENT: _recipient_order, YEAR: _year_order}

# The rows of the statement: a group's kind as a number.
_KINDS = (FUNDER, RECIPIENT, YEAR)


def _statement(grants):
    """The SQL and parameters of the one statement that reads what the index says of the grants
    (PostgreSQL): every group's figures, and the grants the page is likely to name (`_read`)."""
    names = _names()
    titles = _title_columns()
    # Each grant as a narrow row whose stated amount (NULL when not stated), its bits (0 when not
    # stated) and its currency other than the euro (NULL when not stated or in euros) are worked
    # out once, so that the aggregates below test nothing: a FILTER on each of eleven
    # aggregates, in each of the three groupings, compared texts 600,000 times a page.
    # A stated amount is one that is not NULL: the table's check constraint
    # (programs_grant_amount_matches_qualifier) gives no amount to an undisclosed one, and one to
    # every other, so the rows need not test the qualifier for it (STATED tested it four times a
    # row: a tenth of the narrow rows' time).
    stated = Q(amount__isnull=False)
    bits = Case(
        *(When(amount_qualifier=q, then=Value(bit)) for q, bit in _BIT.items()),
        default=Value(0),
    )
    columns = {
        "g_id": F("pk"),
        "g_funder": F("funder_id"),
        "g_recipient": F("recipient_id"),
        "g_year": _STATEMENT_YEAR,
        "g_amount": F("amount"),
        "g_bits": Case(
            When(~stated, then=Value(0)),
            When(currency="EUR", then=bits + Value(_EURO)),
            default=bits + Value(_OTHER),
        ),
        "g_other": Case(When(stated & ~Q(currency="EUR"), then=F("currency")), default=None),
        "g_ready": Case(When(READY, then=Value(1)), default=None),
        "g_title": Displayed("program__title"),
        "g_slug": F("slug"),
    }
    inner, params = grants.order_by().annotate(**columns).values(*columns).query.sql_with_params()
    qn = connection.ops.quote_name
    org_names = ", ".join(f"o.{qn(n)}" for n in names)
    label = "COALESCE(" + ", ".join(f"NULLIF(o.{qn(n)}, '')" for n in names) + ", '')"
    grant_table, program_table = qn(Grant._meta.db_table), qn(Program._meta.db_table)
    program_titles = ", ".join(f"p.{qn(t)}" for t in titles)
    # The title the page shows, as core.displayed.Displayed writes it.
    *first, last = titles
    fallbacks = "".join(f"NULLIF(p.{qn(t)}, ''), " for t in first)
    shown_title = f"COALESCE({fallbacks}p.{qn(last)})"
    padding = ", ".join("NULL" for _name in names)

    def in_groups(column, table, kind):
        # The rows of some groups of a kind (the unnamed recipients' too, when they are one).
        sql = f"g.{column} IN (SELECT key FROM {table} WHERE kind = {kind})"  # noqa: S608
        if kind == 1:
            sql = (
                f"({sql} OR (g.{column} IS NULL AND EXISTS "
                f"(SELECT FROM {table} WHERE kind = 1 AND key IS NULL)))"
            )
        return sql

    largest = [
        # A split group's stated amounts that may be among the BARS_SHOWN largest bars: those
        # not below the BARS_SHOWN-th largest added group's (a top-N with ties).
        f"(SELECT g.g_id, g.g_year FROM g WHERE g.g_amount IS NOT NULL "  # noqa: S608
        f"AND {in_groups(column, 's', kind)} "
        f"AND g.g_amount >= COALESCE((SELECT least FROM t WHERE kind = {kind}), g.g_amount) "
        # Read only when there are such groups (rare: a scan of every grant less otherwise).
        f"AND EXISTS (SELECT FROM s WHERE kind = {kind}) "
        f"ORDER BY g.g_amount DESC FETCH FIRST {BARS_SHOWN} ROWS WITH TIES)"
        for column, kind in (("g_recipient", 1), ("g_year", 2))
    ]
    # The stated grants of the groups whose stated grants the page names (`ms`), the undisclosed
    # ones of those whose undisclosed grants it names (`mu`): a chart's year or recipient named
    # for its grants left out (undisclosed) needs not its stated ones, which were most of the
    # rows to number (a year has hundreds).
    members = [
        f"SELECT {kind} AS kind, g.{column} AS key, g.g_id, g.g_year, g.g_title, g.g_slug, "  # noqa: S608
        f"g.g_amount IS NULL AS undisclosed FROM g "
        f"WHERE (g.g_amount IS NOT NULL AND {in_groups(column, 'ms', kind)}) "
        f"OR (g.g_amount IS NULL AND {in_groups(column, 'mu', kind)})"
        for column, kind in (("g_funder", 0), ("g_recipient", 1), ("g_year", 2))
    ]
    # Only column and table names and numbers are written into the text; every value is a
    # parameter.
    sql = f"""
WITH g AS MATERIALIZED ({inner}),
a AS (
    SELECT CASE WHEN GROUPING(g_funder) = 0 THEN 0 WHEN GROUPING(g_recipient) = 0 THEN 1 ELSE 2 END
        AS kind, COALESCE(g_funder, g_recipient, g_year) AS key, COUNT(*) AS n,
        COUNT(g_amount) AS n_stated, COUNT(g_ready) AS n_ready, SUM(g_amount) AS amount,
        MAX(g_amount) AS top, BIT_OR(g_bits) AS bits,
        COALESCE(MIN(g_other COLLATE "C") <> MAX(g_other COLLATE "C"), FALSE) AS others_differ
    FROM g GROUP BY GROUPING SETS ((g_funder), (g_recipient), (g_year))
),
b AS (
    SELECT a.*, o.slug, {org_names}, {label} AS label,
        a.n_stated > 0 AND NOT a.others_differ AND ({_ADDABLE_SQL})[a.bits + 1] AS adds,
        a.kind = 1 OR (a.kind = 2 AND a.key IS NOT NULL) AS charted
    FROM a LEFT JOIN {qn(Organization._meta.db_table)} AS o ON a.kind < 2 AND o.id = a.key
),
-- The TOTALS_SHOWN-th most grants of a funder and of a recipient: the groups with as many or more
-- may be listed (charts.most_grants).
most AS (
    SELECT 0 AS kind, (SELECT n FROM b WHERE kind = 0 ORDER BY n DESC
        OFFSET {TOTALS_SHOWN - 1} LIMIT 1) AS n
    UNION ALL SELECT 1, (SELECT n FROM b WHERE kind = 1 ORDER BY n DESC
        OFFSET {TOTALS_SHOWN - 1} LIMIT 1)
),
-- The BARS_SHOWN-th largest sum of a recipient's and of a year's grants (NULL: fewer sums): a
-- smaller one is never drawn (charts.largest).
t AS (
    SELECT 1 AS kind, (SELECT amount FROM b WHERE kind = 1 AND adds ORDER BY amount DESC
        OFFSET {BARS_SHOWN - 1} LIMIT 1) AS least
    UNION ALL SELECT 2, (SELECT amount FROM b WHERE kind = 2 AND charted AND adds
        ORDER BY amount DESC OFFSET {BARS_SHOWN - 1} LIMIT 1)
),
-- The first recipients and years with undisclosed grants (a chart names the first of these),
-- recipients in the database's order of their names: Python's may differ (`figures`).
first AS (
    (SELECT kind, key FROM b WHERE kind = 1 AND n > n_stated
        ORDER BY key IS NULL, lower(label) COLLATE "C", key LIMIT {NAMES_SHOWN})
    UNION ALL (SELECT kind, key FROM b WHERE kind = 2 AND charted AND n > n_stated
        ORDER BY key LIMIT {NAMES_SHOWN})
),
-- A group listed names its stated and its undisclosed grants; a bar of one grant, its stated
-- one; a group whose grants a chart leaves out, its undisclosed ones.
c AS (
    SELECT b.*, b.kind < 2 AND b.n >= COALESCE(most.n, 0) AS listed,
        b.charted AND b.adds AND b.n_stated = 1 AND b.amount >= COALESCE(t.least, b.amount)
            AS single,
        first.kind IS NOT NULL AS left_out,
        b.charted AND b.n_stated > 0 AND NOT b.adds AND b.top >= COALESCE(t.least, b.top) AS split
    FROM b LEFT JOIN most ON most.kind = b.kind LEFT JOIN t ON t.kind = b.kind
    LEFT JOIN first ON first.kind = b.kind AND first.key IS NOT DISTINCT FROM b.key
),
d AS (
    SELECT c.*, listed OR single AS named_stated, listed OR left_out AS named_undisclosed FROM c
),
ms AS (SELECT kind, key FROM d WHERE named_stated),
mu AS (SELECT kind, key FROM d WHERE named_undisclosed),
s AS (SELECT kind, key FROM d WHERE split),
r AS ({" UNION ALL ".join(members)}),
w AS (
    SELECT g_id, g_year FROM (
        SELECT g_id, g_year, ROW_NUMBER() OVER (
            PARTITION BY kind, key, undisclosed ORDER BY g_title, g_slug
        ) AS nth FROM r
    ) AS x WHERE nth <= {NAMES_SHOWN}
),
ids AS (SELECT g_id, g_year FROM w UNION {" UNION ".join(largest)})
SELECT kind, key, n, n_stated, n_ready, amount, top, bits, others_differ, named_stated,
    named_undisclosed, split, CASE WHEN kind < 2 THEN key END AS organization, slug,
    {", ".join(qn(n) for n in names)}, NULL::text AS grants
FROM d
UNION ALL
SELECT 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    {padding}, (
    SELECT json_agg(json_build_array(
        gr.id, gr.slug, gr.amount::text, gr.amount_qualifier, gr.currency, gr.funder_id,
        gr.recipient_id, gr.program_id, ids.g_year, p.slug, {program_titles}
    ) ORDER BY {shown_title}, gr.slug)::text
    -- By their primary keys (= ANY of an array: planned for a few rows, not a join with every
    -- grant and program).
    FROM {grant_table} AS gr JOIN {program_table} AS p ON p.id = gr.program_id
    JOIN ids ON ids.g_id = gr.id
    WHERE gr.id = ANY(ARRAY(SELECT g_id FROM ids))
)
"""  # noqa: S608
    return sql, list(params)


def _every_public_grant():
    """The statement over every public grant at the instant AT: the unfiltered index's, compiled
    once per process and language (compiling the grants' narrow rows was a tenth of the page)
    and planned once per connection (core.prepared.PlannedOnce)."""
    return _statement(Grant.objects.public(AT))


def _read(grants, every_public_at=None):
    """In one statement (PostgreSQL): every group's figures, and the grants that the page names
    for the groups the statement expects it to show or name (`named`: the keys of those whose
    stated grants it read, and of those whose undisclosed ones, by kind) and the largest stated
    amounts of the split groups (`split`). Returns the groups, those sets of keys by kind, and
    the grants in the order of the list.

    `every_public_at`: `grants` are every public grant at that instant (the unfiltered index)."""
    if every_public_at is not None:
        statement = prepared("grants.figures.every_public", _every_public_grant, PlannedOnce)
        rows = statement.run({AT: every_public_at})
    else:
        sql, params = _statement(grants)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    groups, split = [], {k: set() for k in _KINDS}
    named = {True: {k: set() for k in _KINDS}, False: {k: set() for k in _KINDS}}
    decoded, grants_json, kinds, grants_row = _decoded, None, _KINDS, len(_KINDS)
    # A `_Group` of each row, as `_group` makes it (without stated amounts, a group's sum and
    # largest amount are NULL and its bits 0: no qualifier), the funder's or recipient's id,
    # slug and names as one slice of the row: some 1,300 rows at 10,000 grants.
    for row in rows:
        kind_number = row[0]
        if kind_number == grants_row:
            grants_json = row[-1]
            continue
        kind, key = kinds[kind_number], row[1]
        if row[9]:
            named[True][kind].add(key)
        if row[10]:
            named[False][kind].add(key)
        if row[11]:
            split[kind].add(key)
        groups.append(
            _Group(
                kind,
                key,
                row[12:-1] if row[12] is not None else None,
                row[2],
                row[3],
                row[4],
                row[5],
                decoded(row[7], row[8]),
                row[6],
            )
        )
    return groups, named, split, _grants_from_json(grants_json, grants.db)


# The columns of a grant the index names (NAMED_FIELDS) and its year, as `_named_grants` and
# `_grants_from_json` read them.
_GRANT_COLUMNS = [
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


def _grants_from_json(text, db):
    """The grants of the statement's last row (a JSON array of their columns, the amounts as
    texts), as `_named_grants` makes them."""
    if not text:
        return []
    titles = _title_columns()
    cache = Grant.program.field.cache_name
    program_columns = ["id", "slug", *titles]
    grants = []
    for values in json.loads(text):
        grant_id, slug, amount, qualifier, currency, funder, recipient, program, year = values[:9]
        grant = _instance(
            Grant,
            zip(
                _GRANT_COLUMNS,
                (
                    grant_id,
                    slug,
                    None if amount is None else Decimal(amount),
                    qualifier,
                    currency,
                    funder,
                    recipient,
                    program,
                    year,
                ),
                strict=True,
            ),
            db,
        )
        program = _instance(Program, zip(program_columns, (program, *values[9:]), strict=True), db)
        grant._state.fields_cache[cache] = program
        grants.append(grant)
    return grants


def _rows_in_python(grants):
    """Every group's figures without PostgreSQL (SQLite, the embedded database of `make run`):
    the same groups, added up here from the grants' narrow rows."""
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
            FUNDER: (row["funder_id"], [row[f"funder__{n}"] for n in org_fields]),
            RECIPIENT: (row["recipient_id"], [row[f"recipient__{n}"] for n in org_fields]),
            YEAR: (row["g_year"], None),
        }
        stated = row["amount_qualifier"] != Qualifier.NOT_DISCLOSED and row["amount"] is not None
        for kind, (key, organization) in keys.items():
            group = groups.setdefault(
                (kind, key), [organization, 0, 0, None, set(), set(), 0, None]
            )
            group[1] += 1
            group[6] += row["g_ready"]
            if stated:
                amount = row["amount"]
                group[2] += 1
                group[3] = amount if group[3] is None else group[3] + amount
                group[4].add(str(row["amount_qualifier"]))
                group[5].add(row["currency"])
                group[7] = amount if group[7] is None else max(group[7], amount)
    result = []
    for (kind, key), values in groups.items():
        organization, count, stated_count, amount, qualifiers, currencies, ready, top = values
        qualifier = (
            None
            if len(currencies) > 1
            else combine_qualifiers([q for q in QUALIFIERS if q in qualifiers])
        )
        result.append(
            _group(kind, key, organization, count, stated_count, ready, amount, top, qualifier)
        )
    return result


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


def _total(group, url_with):
    """The `GroupTotal` of a group the page shows or names."""
    figures = {
        "count": group.count,
        "stated_count": group.stated_count,
        "value": group.value,
        "qualifier": group.qualifier,
        "ready_count": group.ready_count,
        "key": group.key,
        "url_with": url_with,
    }
    if group.kind == YEAR:
        year = int(group.key) if group.key is not None else None
        return GroupTotal(
            label=str(year) if year is not None else "",
            year=year,
            filter=("year", str(year)) if year is not None else None,
            **figures,
        )
    row = group.organization_row
    if row is None:
        return GroupTotal(label=gettext("recipient not stated by the source"), **figures)
    return GroupTotal(
        label=_label(row), organization_row=row, filter=(group.kind, row[1]), **figures
    )


def _shown(groups):
    """The groups a list of totals shows, in their order: charts.most_grants of them all in
    order, worked out on those that may be among the TOTALS_SHOWN with the most grants only
    (the ties of the last one included); and how many it leaves out."""
    if len(groups) <= TOTALS_SHOWN:
        return sorted(groups, key=ORDER[groups[0].kind]) if groups else [], 0
    least = heapq.nlargest(TOTALS_SHOWN, (g.count for g in groups))[-1]
    candidates = sorted((g for g in groups if g.count >= least), key=ORDER[groups[0].kind])
    shown, _more = most_grants(candidates, TOTALS_SHOWN)
    return shown, len(groups) - TOTALS_SHOWN


@dataclass
class Chart:
    """What a chart draws: its bars, how many more it leaves out, and the grants it does not
    draw because their amount is not disclosed (the first ones, and how many)."""

    bars: list
    more: int
    left_out: list
    left_out_count: int


class _ChartPlan:
    """What a chart of the totals of some groups (recipients, or years known) needs: which of
    them may have a bar among the BARS_SHOWN largest, whose grants it names, and how many bars
    and grants left out it counts, worked out from every group's figures without making a
    total of each.

    A bar is a group whose stated amounts can be added, or a stated amount of a group whose
    amounts cannot be (`split`). charts.largest keeps the BARS_SHOWN largest, the first in order
    among equal ones: a group whose sum is below the BARS_SHOWN-th largest group's sum
    (`least`) is never drawn, nor a split group's amount below it, when there are that many."""

    def __init__(self, groups, kind):
        order = ORDER[kind]
        added = [g for g in groups if g.can_add]
        split = [g for g in groups if g.cannot_add]
        self.count = len(added) + sum(g.stated_count for g in split)
        values = heapq.nlargest(BARS_SHOWN, (g.value for g in added))
        least = values[-1] if values else None
        threshold = values[-1] if len(values) == BARS_SHOWN else None
        self.bar_groups = sorted(
            [g for g in added if g.value >= least]
            + [g for g in split if threshold is None or g.top >= threshold],
            key=order,
        )
        self.split = {g.key for g in self.bar_groups if g.cannot_add}
        # A bar drawn for a group of one grant links to it (its stated grant): only the
        # largest may be drawn.
        self.named_stated = {g.key for g in self.bar_groups if g.can_add and g.stated_count == 1}
        # The grants left out of the chart that it names: those of the first groups.
        self.left_out_groups, left = [], 0
        for group in heapq.nsmallest(
            NAMES_SHOWN, (g for g in groups if g.undisclosed_count), key=order
        ):
            if left >= NAMES_SHOWN:
                break
            self.left_out_groups.append(group)
            left += group.undisclosed_count
        self.named_undisclosed = {g.key for g in self.left_out_groups}
        self.left_out_count = sum(g.undisclosed_count for g in groups)

    def chart(self, totals, candidates):
        """The chart, from the totals of the groups (by key) and the split groups' largest
        stated amounts (`candidates`: (key, grant) in the order of the list)."""
        bar_totals = [totals[g.key] for g in self.bar_groups]
        position = {t.key: i for i, t in enumerate(bar_totals)}
        single = {}
        for key, grant in sorted(
            ((k, g) for k, g in candidates if k in position), key=lambda c: position[c[0]]
        ):
            single.setdefault(key, []).append(grant)
        # Every bar in the order of its group, then of the grant in the list.
        ordered, bar_total = [], {}
        for total in bar_totals:
            if total.can_add:
                grants = total.stated_named if total.stated_count == 1 else []
                bar = Bar(
                    total.label, total.value, total.qualifier, grants, count=total.stated_count
                )
                ordered.append(bar)
                bar_total[id(bar)] = total
            else:
                ordered += [
                    Bar(
                        f"{total.label} – {grant.program.title}",
                        grant.amount,
                        grant.amount_qualifier,
                        [grant],
                    )
                    for grant in single.get(total.key, [])
                ]
        kept, more = largest(ordered, count=self.count)
        for bar in kept:
            if id(bar) in bar_total:
                bar.list_url = bar_total[id(bar)].list_url
        left_out = [
            g for group in self.left_out_groups for g in totals[group.key].undisclosed_named
        ][:NAMES_SHOWN]
        return Chart(bars=kept, more=more, left_out=left_out, left_out_count=self.left_out_count)


def _title_order():
    # The title the page shows (its language's, or the one it falls back to), as Grant's
    # Meta.ordering (core.displayed).
    return [Displayed("program__title").asc(), F("slug").asc()]


def _fetch(grants, named, split):
    """In one query: the first grants of each group in `named` (stated ones and undisclosed
    ones, in the order of the list), and the largest stated amounts of the groups in `split`
    (a kind → keys mapping each). Returns them by kind and key.

    The index reads them with its figures (`_read`); this is for the groups that statement did
    not expect the page to name (the order of their names in the database's collation is not
    Python's), and for SQLite (`_fetch_in_python`)."""
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
        "g_title": Displayed("program__title"),
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
    return _sort_fetched(_named_grants(rows), named, split, found, largest_)


def _fetch_in_python(grants, named, split, found, largest_):
    """`_fetch` without PostgreSQL (SQLite, the embedded database of `make run`): every grant of
    the list is read and the same choice made here, the largest amounts cut as FETCH FIRST …
    WITH TIES cuts them."""
    _found, candidates = _sort_fetched(
        _named_grants(Grant.objects.filter(pk__in=grants.values("pk"))),
        named,
        split,
        found,
        largest_,
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
    program_columns = ["id", "slug", *titles]
    rows = (
        rows.annotate(g_year=GRANT_YEAR)
        .order_by(*_title_order())
        .values_list(*_GRANT_COLUMNS, *(f"program__{c}" for c in program_columns))
    )
    split = len(_GRANT_COLUMNS)
    cache = Grant.program.field.cache_name
    db = rows.db  # asked of the router: once, not per row
    for row in rows:
        grant = _instance(Grant, zip(_GRANT_COLUMNS, row[:split], strict=True), db)
        program = _instance(Program, zip(program_columns, row[split:], strict=True), db)
        grant._state.fields_cache[cache] = program
        yield grant


def _sort_fetched(grants, named, split, found, largest_):
    """The fetched grants (in the order of the list) by kind and key: a named group's first
    ones, a split group's stated amounts."""
    for grant in grants:
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


def figures(grants, *, url_with=None, every_public_at=None):
    """The index's totals and the data of its charts, for the grants of a queryset.

    `every_public_at`: the queryset is every public grant at that instant (the unfiltered index:
    its statement is compiled once per process)."""
    grants = _plain(grants)
    if connection.vendor == "postgresql":
        groups, read_named, read_split, read_grants = _read(grants, every_public_at)
    else:
        groups, read_named, read_split, read_grants = _rows_in_python(grants), None, None, None
    by_kind = {FUNDER: [], RECIPIENT: [], YEAR: []}
    for group in groups:
        by_kind[group.kind].append(group)
    funders, recipients = by_kind[FUNDER], by_kind[RECIPIENT]
    years = sorted((g for g in by_kind[YEAR] if g.key is not None), key=_year_order)
    no_year = next((g for g in by_kind[YEAR] if g.key is None), None)
    funders_shown, more_funders = _shown(funders)
    recipients_shown, more_recipients = _shown(recipients)
    recipient_plan, year_plan = _ChartPlan(recipients, RECIPIENT), _ChartPlan(years, YEAR)
    # The groups whose stated grants the page names (a total listed, a bar of one grant), and
    # those whose undisclosed grants it names (a total listed, a chart's grants left out).
    listed_funders = {g.key for g in funders_shown}
    listed_recipients = {g.key for g in recipients_shown}
    wanted = {
        True: {
            FUNDER: listed_funders,
            RECIPIENT: listed_recipients | recipient_plan.named_stated,
            YEAR: year_plan.named_stated,
        },
        False: {
            FUNDER: listed_funders,
            RECIPIENT: listed_recipients | recipient_plan.named_undisclosed,
            YEAR: year_plan.named_undisclosed,
        },
    }
    named = {kind: wanted[True][kind] | wanted[False][kind] for kind in _KINDS}
    split = {FUNDER: set(), RECIPIENT: recipient_plan.split, YEAR: year_plan.split}
    if read_grants is not None and all(
        wanted[stated][kind] <= read_named[stated][kind] and split[kind] == read_split[kind]
        for kind in _KINDS
        for stated in (True, False)
    ):
        # The statement read them: the usual case.
        found, largest_ = _sort_fetched(
            read_grants, named, split, {k: {} for k in _KINDS}, {RECIPIENT: [], YEAR: []}
        )
    else:
        found, largest_ = _fetch(grants, named, split)
    # A total for each group the page shows or names, and each year (drawn, or said to have
    # no stated amount).
    totals = {}
    for group in (
        *funders_shown,
        *recipients_shown,
        *recipient_plan.bar_groups,
        *recipient_plan.left_out_groups,
        *years,
    ):
        if (group.kind, group.key) in totals:
            continue
        total = totals[group.kind, group.key] = _total(group, url_with)
        members = found[group.kind].get(group.key, [])
        # Only those the page names: the statement reads no other (a grant found for another
        # group may be of this one, but not among its first).
        if group.key in wanted[True][group.kind]:
            total.stated_named = [g for g in members if _is_stated(g)]
        if group.key in wanted[False][group.kind]:
            total.undisclosed_named = [g for g in members if not _is_stated(g)]
    recipient_totals = {key: t for (kind, key), t in totals.items() if kind == RECIPIENT}
    year_totals = {key: t for (kind, key), t in totals.items() if kind == YEAR}
    return Figures(
        count=sum(g.count for g in funders),
        ready_count=sum(g.ready_count for g in funders),
        totals_by_funder=[totals[FUNDER, g.key] for g in funders_shown],
        more_funders=more_funders,
        totals_by_recipient=[totals[RECIPIENT, g.key] for g in recipients_shown],
        more_recipients=more_recipients,
        year_totals=[year_totals[g.key] for g in years],
        no_year_count=no_year.count if no_year else 0,
        recipient_chart=recipient_plan.chart(recipient_totals, largest_[RECIPIENT]),
        year_chart=year_plan.chart(year_totals, largest_[YEAR]),
    )


def _is_stated(grant):
    return grant.amount_qualifier != Qualifier.NOT_DISCLOSED and grant.amount is not None
