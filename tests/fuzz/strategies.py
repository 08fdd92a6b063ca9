"""Hostile values for the fuzz suites, their bounds, and a count of every table's rows (to prove
that a refused form stored nothing)."""

from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Bounded: each property runs at most this many examples, none longer than the deadline (a
# request that takes seconds on one value is itself a finding), and a failure is not shrunk
# (each try is a request: shrinking a huge value took minutes). `database=None`: no example
# store in the work tree; a failure prints its input and a blob to replay it.
FUZZ = settings(
    max_examples=12,
    deadline=10_000,
    database=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# Values people and tools really send: nothing, spaces, NULs (raw and encoded), quotes and markup,
# SQL and path tricks, wildcards, numbers out of every range, lookalike digits and letters.
TRICKY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "'",
    '"',
    "\\",
    "%",
    "_",
    "*",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "0",
    "00",
    "9" * 40,
    "-" + "9" * 40,
    "1.5",
    "٣",  # an Arabic-Indic digit, which str.isdigit() accepts
    "²",
    "ｆｒ",
    "\u202e",
    "\ufeff",
    "🏥",
    "true",
    "null",
    "[]",
    "{}",
]

any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
numbers = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# Huge: up to 60,000 characters (a few times a browser's longest address), of any kind.
huge = st.builds(
    lambda piece, times: piece * times,
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=4),
    st.integers(min_value=300, max_value=15_000),
)


def hostile(*valid):
    """A value: hostile, random, huge, or (given) one the page offers itself."""
    options = [st.sampled_from(TRICKY), any_text, numbers, huge]
    if valid:
        options.append(st.sampled_from(valid))
    return st.one_of(options)


def row_counts(*, ignore=()):
    """{table: rows} of every model's table, in one query (tables in `ignore` left out)."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - set(ignore)
    )
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(
        f"SELECT '{table}', count(*) FROM {quote(table)}"  # noqa: S608 - the models' own tables
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())
