"""Querysets whose SQL is compiled once per process, then run with each request's values.

Django compiles a queryset's SQL again for every request: for a page of a few small queries
(a place's page: the place and eight short lists) that compiling, not the database, was most of
the page's time (0.3 ms to 1.2 ms a query, growing with its columns). A `Prepared` keeps a
queryset's SQL and the way its rows become instances; `run()` sends the same SQL with the values
of this request in place of the placeholders it was built with (`AT` for the instant a `public()`
condition is checked at, `KEY` and `SLUG` for the record asked for, `KEY_TYPE` for its content
type: ids a flushed test database may give again differently; `KEYS` for a list of records, `TEXT`
for a text). Nothing is read from a cache:
every request queries the database, only the compiling is done once.

Build one only from code whose SQL depends on nothing but the placeholders, the language (keep
one per language) and the settings: `prepared(key, build)` does that, per process.
"""

import datetime
import threading

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Prefetch, TextField
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Placeholders: values no real record or request has, replaced in the parameters at each run.
AT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
KEY = 9_007_199_254_740_881
KEY_TYPE = 9_007_199_254_740_847  # a content type's id (generic relations)
SLUG = "\x1fprepared-slug\x1f"
TEXT = "\x1fprepared-text\x1f"
FIRST_DAY = datetime.date(1901, 2, 3)
LAST_DAY = datetime.date(1901, 3, 4)


class _Keys(list):
    """A list that can key a run's values, as the other placeholders do."""

    __hash__ = object.__hash__


KEYS = _Keys([9_007_199_254_740_801, 9_007_199_254_740_802])  # ids, as one array: = ANY(%s)
PLACEHOLDERS = (AT, KEY, KEY_TYPE, SLUG, TEXT, FIRST_DAY, LAST_DAY, KEYS)


class _Captured(Exception):  # noqa: N818 - not an error: how the count's SQL comes back
    pass


def _count_sql(queryset):
    """The SQL of `queryset.count()`, as Django builds it, without running it."""
    return _aggregation(queryset, lambda query: query.get_count(using=queryset.db))[1]


def _aggregation(queryset, aggregate):
    """The compiler and SQL `aggregate(query)` would run for a copy of the queryset's query,
    without running it."""
    query = queryset.query.chain()

    class Capturing(type(query)):
        def get_compiler(self, using=None, connection=None, elide_empty=True):
            compiler = super().get_compiler(using, connection, elide_empty)

            def execute_sql(*args, **kwargs):
                raise _Captured(compiler, compiler.as_sql())

            compiler.execute_sql = execute_sql
            return compiler

    query.__class__ = Capturing
    try:
        aggregate(query)
    except _Captured as captured:
        return captured.args
    raise ValueError("The aggregate ran its query another way: not prepared")  # pragma: no cover


def _check(sql, params):
    """Refuse a queryset that read the clock itself: its SQL would keep that instant (a day or
    an instant must be a placeholder)."""
    for value in params:
        dated = isinstance(value, datetime.date)
        if dated and not any(type(value) is type(p) and value == p for p in PLACEHOLDERS):
            raise ValueError(f"A prepared query holds the day or instant {value!r}. {sql}")


class _Statement:
    """SQL and its parameters, kept; `_fetch(values)` runs it with `values` in the placeholders'
    places.

    `on_server`: on PostgreSQL, the statement is prepared on the server, at its first execution
    on each connection, and then parsed and planned no more than PostgreSQL chooses to: with
    its default plan_cache_mode, it plans with the values for five executions, then keeps the
    generic plan (made once, without the values) unless it costs more than those did. A
    detail page's short queries (a record by its slug, its lists by its id) took the server
    longer to parse and plan than to run (0.3-1.2 ms each: two thirds of an organisation's
    page's time in PostgreSQL). The statement is sent with its values apart (psycopg's
    server-side binding), on this connection only: Django's own queries are neither
    prepared nor bound on the server. A pooler in front of PostgreSQL must keep
    protocol-level prepared statements (PgBouncer 1.21 and later, max_prepared_statements
    above 0)."""

    on_server = False

    def _keep(self, db, sql, params):
        self.db, self.sql, self.params = db, sql, list(params)
        _check(self.sql, self.params)
        self.slots = _slots(self.params)

    def _fetch(self, values):
        connection = connections[self.db]
        if self.on_server and connection.vendor == "postgresql":
            return self._fetch_on_server(connection, values)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, _params(self.params, self.slots, values))
            return cursor.fetchall()

    def _fetch_on_server(self, connection, values):
        from django.db.backends.postgresql.base import ServerBindingCursor

        with connection.cursor() as cursor:
            raw = connection.connection
            client, cursor.cursor = cursor.cursor, ServerBindingCursor(raw)
            client.close()
            # Django's psycopg connections prepare nothing (prepare_threshold None); this
            # statement alone is prepared, at its first execution on the connection.
            threshold, raw.prepare_threshold = raw.prepare_threshold, 0
            try:
                cursor.execute(self.sql, _params(self.params, self.slots, values))
            finally:
                raw.prepare_threshold = threshold
            return cursor.fetchall()


class PlannedOnce(_Statement):
    """Raw SQL (with placeholders among its parameters), kept once per process, and planned once
    per database connection: `run(values)` -> its rows.

    PostgreSQL plans a statement again at every execution unless it is prepared on the server.
    A long statement (the site search's: fifteen parts over five kinds of record) took longer
    to plan than to run. This one is sent as a server-side prepared statement (psycopg's
    protocol-level PREPARE, on this connection only: Django leaves them off, so that no other
    query changes), to run with its generic plan (GENERIC_PLANS): the plan made once, without
    the values, must then suit every value (check it with EXPLAIN EXECUTE).
    A pooler in front of PostgreSQL must keep protocol-level prepared statements (PgBouncer
    1.21 and later, max_prepared_statements above 0).
    """

    on_server = True

    def __init__(self, sql_and_params, db=DEFAULT_DB_ALIAS):
        self._keep(db, *sql_and_params)

    def run(self, values):
        return self._fetch(values)


# Selected in the transaction before a PlannedOnce statement (SELECT GENERIC_PLANS, …): until the
# transaction ends, prepared statements run with their generic plan. PostgreSQL would otherwise
# plan again with the values for five executions, then choose at each one: a plan, and so the
# order its rows come in, that could change from one execution to the next.
GENERIC_PLANS = "set_config('plan_cache_mode', 'force_generic_plan', true)"


class PreparedCount(_Statement):
    """`queryset.count()`'s SQL, compiled once; `run(values)` -> the number."""

    def __init__(self, queryset):
        self._keep(queryset.db, *_count_sql(queryset))

    def run(self, values):
        return self._fetch(values)[0][0]


class PreparedAggregate(_Statement):
    """`queryset.aggregate(**aggregates)`'s SQL, compiled once; `run(values)` -> the dict
    aggregate() gives, each value converted as it converts it (a date on SQLite)."""

    def __init__(self, queryset, **aggregates):
        compiler, (sql, params) = _aggregation(
            queryset, lambda query: query.get_aggregation(queryset.db, aggregates)
        )
        self._keep(queryset.db, sql, params)
        self.compiler = compiler
        selected = compiler.query.annotation_select
        self.names = list(selected)
        self.converters = compiler.get_converters(selected.values())

    def run(self, values):
        row = self._fetch(values)[0]
        if self.converters:
            row = next(self.compiler.apply_converters((row,), self.converters))
        return dict(zip(self.names, row, strict=True))


def _slots(params):
    """Where each placeholder stands among the parameters, and the type the field gave it
    (psycopg's Int8 for a big integer column, …), which its values are given too."""
    return [
        (index, placeholder, None if type(value) is type(placeholder) else type(value))
        for index, value in enumerate(params)
        for placeholder in PLACEHOLDERS
        if isinstance(value, type(placeholder)) and value == placeholder
    ]


def _params(params, slots, values):
    params = list(params)
    for index, placeholder, wrapper in slots:
        value = values[placeholder]
        params[index] = value if wrapper is None else wrapper(value)
    return params


class PreparedRows(_Statement):
    """A values_list() queryset's SQL, compiled once; `run(values)` -> its rows (tuples)."""

    def __init__(self, queryset):
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        self._keep(queryset.db, *self.compiler.as_sql())
        self.converters = _converters(self.compiler)

    def run(self, values):
        return [tuple(row) for row in _converted(self, self._fetch(values))]


def _converters(compiler):
    """The converters compiler.results_iter() applies to the rows of its compiled query, found
    once (finding them again for each run was a fifth of a page's reading of its lists)."""
    return compiler.get_converters([s[0] for s in compiler.select[0 : compiler.col_count]])


def _converted(statement, rows):
    """The rows as compiler.results_iter(rows) gives them, by the statement's converters."""
    if statement.converters:
        return statement.compiler.apply_converters(rows, statement.converters)
    return rows


class Prepared(_Statement):
    """One queryset's SQL, compiled once; `run(values)` -> its instances, select_related
    records attached, as the queryset would give them."""

    def __init__(self, queryset):
        compiler = queryset.query.get_compiler(using=queryset.db)
        self._keep(queryset.db, *compiler.as_sql())
        self.compiler = compiler
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in compiler.select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, compiler.select, self.db)
        self.annotations = compiler.annotation_col_map
        self.converters = _converters(compiler)

    def run(self, values):
        """The instances, with `values` ({placeholder: value}) in the placeholders' places."""
        return [self.instance(row) for row in self.rows(values)]

    def rows(self, values):
        """The rows, converted, before they become instances (`instance(row)`): for a page that
        needs only a few of them as records."""
        return _converted(self, self._fetch(values))

    def position(self, attname):
        """Where the record's own column `attname` stands in a row."""
        return self.start + self.init_list.index(attname)

    def instance(self, row):
        """The instance of one row, select_related records and annotations attached."""
        obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        for name, position in self.annotations.items():
            setattr(obj, name, row[position])
        return obj


# The ids of a page's records in the SQL compiled once for it (`ForPage`): values no record
# has, one per record of a page (a list shows 20).
PAGE_SLOTS = tuple(9_007_199_254_740_000 + number for number in range(20))
PAGE_IDS = "page ids"  # their key among a run's values


def with_ids_query(sql, params, slots, first, count, ids):
    """`sql` with the query `ids` ((its SQL, its params)) as the subquery of the `IN` written
    `slots`, whose `count` parameters start at `params[first]`: those parameters are replaced in
    `params` (changed in place) by the query's."""
    ids_sql, ids_params = ids
    at = sql.index(slots)
    assert sql.count(slots) == 1 and sql[:at].count("%s") == first, "the slots' place"
    params[first : first + count] = ids_params
    return f"{sql[:at]}IN ({ids_sql}){sql[at + len(slots) :]}"


class ForPage(Prepared):
    """A query about a page's records (`id IN (...)`), compiled once with `PAGE_SLOTS` in the
    place of the ids; `run(values)` puts the page's ids, `values[PAGE_IDS]` (at most as many,
    the last one repeated to fill the list), in their places, or, given (SQL, params) of a
    query of them, that query as a subquery (the places list's page: one query as before)."""

    def __init__(self, queryset):
        super().__init__(queryset)
        self.id_slots = [
            (index, PAGE_SLOTS.index(value), type(value))
            for index, value in enumerate(self.params)
            if isinstance(value, int) and value in PAGE_SLOTS
        ]
        assert len(self.id_slots) == len(PAGE_SLOTS), "one slot for each id of a page"

    def _fetch(self, values):
        ids = values[PAGE_IDS]
        params = _params(self.params, self.slots, values)
        sql = self.sql
        if isinstance(ids, tuple):  # (the SQL of a query of the ids, its params)
            first, last = self.id_slots[0][0], self.id_slots[-1][0]
            assert last == first + len(PAGE_SLOTS) - 1, "the slots in one list"
            slots = f"IN ({', '.join(['%s'] * len(PAGE_SLOTS))})"
            sql = with_ids_query(sql, params, slots, first, len(PAGE_SLOTS), ids)
        else:
            ids = list(ids)
            assert 0 < len(ids) <= len(PAGE_SLOTS), "a page's ids"
            ids += ids[-1:] * (len(PAGE_SLOTS) - len(ids))
            for index, slot, wrapper in self.id_slots:
                params[index] = ids[slot] if wrapper is int else wrapper(ids[slot])
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


SLICE = "slice"  # (offset, limit): the rows a PreparedSlice reads, among a run's values


class PreparedSlice(Prepared):
    """A queryset's SQL compiled once, read a slice of its rows at a time: `run(values)` with
    `values[SLICE]` = (offset, limit), as queryset[offset:offset + limit] reads them (a page of
    a list: Django compiled the page's query again for each page). It is sent with its values,
    never prepared on the server: a generic plan, not knowing how few rows the slice keeps,
    sorted every row of the list (38 ms for the grants index's page, 0.5 ms planned with them)."""

    def _fetch(self, values):
        offset, limit = values[SLICE]
        params = [*_params(self.params, self.slots, values), int(limit), int(offset)]
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"{self.sql} LIMIT %s OFFSET %s", params)
            return cursor.fetchall()


_prepared = {}
_lock = threading.Lock()


def prepared(key, build, kind=Prepared, on_server=False):
    """The Prepared (or PreparedCount) of the queryset `build()` returns, built once per process
    and language; `on_server`: prepared on the database server (_Statement)."""
    full_key = (key, get_language())
    found = _prepared.get(full_key)
    if found is None:
        found = kind(build())
        if on_server:
            found.on_server = True
        with _lock:
            _prepared.setdefault(full_key, found)
    return found


_built = {}


def per_process(key, build):
    """What `build()` returns, built once per process and language: only for what depends on
    nothing but the language and the settings (a page's list of Prepared statements)."""
    full_key = (key, get_language())
    found = _built.get(full_key)
    if found is None:
        found = build()
        with _lock:
            found = _built.setdefault(full_key, found)
    return found


def attach(record, name, model, objects):
    """Give `record` the list `objects` as its prefetched `name` (record.name.all() reads it,
    as after prefetch_related)."""
    queryset = model._base_manager.none()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(record, "_prefetched_objects_cache"):
        record._prefetched_objects_cache = {}
    record._prefetched_objects_cache[name] = queryset


def _record_by_slug(records):
    """`records` with the slug asked for; on PostgreSQL, the record's row also sets GENERIC_PLANS
    for the rest of the request's transaction (ATOMIC_REQUESTS): the page's lists, prepared on
    the server, then run with their generic plan from their first execution on a connection.
    PostgreSQL would otherwise plan them with the values five times, then keep planning any
    whose generic plan it estimates dearer (an organisation's grants pair: 1.1 ms at each
    request, for a plan no faster), and rows of equal rank could come in another order once
    it changes plans. Read with the record, it costs no query of its own."""
    records = records.filter(slug=SLUG)
    if connections[records.db].vendor == "postgresql":
        setting = RawSQL(GENERIC_PLANS, (), TextField())  # noqa: S611 - a constant
        records = records.annotate(generic_plans=setting)
    return records[:21]


def public_record(name, model, records_at, slug, at):
    """The record of `records_at(AT)` with this slug at the instant `at`, as DetailView's
    get_object() finds it (Http404 when there is none), by SQL compiled once per process and
    language under `name`."""
    statement = prepared(name, lambda: _record_by_slug(records_at(AT)), on_server=True)
    found = statement.run({AT: at, SLUG: slug})
    if not found:
        # DetailView.get_object()'s words.
        raise Http404(
            _("No %(verbose_name)s found matching the query")
            % {"verbose_name": model._meta.verbose_name}
        )
    return found[0]


def record_values(record, at):
    """The values a query about `record` at the instant `at` runs with."""
    return {AT: at, KEY: record.pk, KEY_TYPE: ContentType.objects.get_for_model(record).pk}


# A page's lists read beside its record: (relation, attribute or None for the relation's own
# prefetched rows (`record.relation.all()`), queryset of every record's rows, the lookup from a
# row to the record or None for key figures (a generic relation), at most how many rows or
# None). A staff preview reads them by prefetch_related() (`prefetches`); the public page by SQL
# compiled once per process and language (`read_lists`): the same queries, with the record's id
# in place of the prefetch's list of ids.


def prefetches(lists, through=""):
    """prefetch_related()'s Prefetch of each list, from the records at `through`."""
    return [
        Prefetch(through + relation, queryset[:limit] if limit else queryset, to_attr=attr)
        for relation, attr, queryset, _lookup, limit in lists
    ]


def _for_key(entry):
    _relation, _attr, queryset, lookup, limit = entry
    if lookup:
        queryset = queryset.filter(**{lookup: KEY})
    else:
        queryset = queryset.filter(content_type_id=KEY_TYPE, object_id=KEY)
    return queryset[:limit] if limit else queryset


def read_lists(name, lists_at, record, at):
    """Each list of `lists_at(AT)` for `record` at the instant `at`, as its attribute, by SQL
    compiled once per process and language; a row pointing back at the record gets it, as
    prefetch_related() gives it."""
    values = record_values(record, at)
    for relation, attr, statement, model, back in per_process(name, lambda: _lists(name, lists_at)):
        rows = statement.run(values)
        if back:
            for row in rows:
                setattr(row, back, record)
        if attr:
            setattr(record, attr, rows)
        else:
            attach(record, relation, model, rows)


def _lists(name, lists_at):
    """What read_lists() runs for `lists_at`: (relation, attribute, Prepared, model, the
    lookup by which a row points back at the record or None), built once: the querysets of
    `lists_at(AT)` and their filters were half the reading of a page's lists, again at every
    request although their SQL was compiled already."""
    built = []
    for entry in lists_at(AT):
        relation, attr, queryset, lookup, _limit = entry
        statement = prepared(
            f"{name}.{attr or relation}", lambda entry=entry: _for_key(entry), on_server=True
        )
        back = lookup if lookup and queryset.model._meta.get_field(lookup).many_to_one else None
        built.append((relation, attr, statement, queryset.model, back))
    return tuple(built)
