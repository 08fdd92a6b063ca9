"""Querysets whose SQL is compiled once per process, then run with each request's values.

Django compiles a queryset's SQL again for every request: for a page of a few small queries
(a place's page: the place and eight short lists) that compiling, not the database, was most of
the page's time (0.3 ms to 1.2 ms a query, growing with its columns). A `Prepared` keeps a
queryset's SQL and the way its rows become instances; `run()` sends the same SQL with the values
of this request in place of the placeholders it was built with (`AT` for the instant a `public()`
condition is checked at, `KEY` and `SLUG` for the record asked for, `KEY_TYPE` for its content
type: ids a flushed test database may give again differently). Nothing is read from a cache:
every request queries the database, only the compiling is done once.

Build one only from code whose SQL depends on nothing but the placeholders, the language (keep
one per language) and the settings: `prepared(key, build)` does that, per process.
"""

import datetime
import threading

from django.db import connections
from django.db.models.query import get_related_populators
from django.utils.translation import get_language

# Placeholders: values no real record or request has, replaced in the parameters at each run.
AT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
KEY = 9_007_199_254_740_881
KEY_TYPE = 9_007_199_254_740_847  # a content type's id (generic relations)
SLUG = "\x1fprepared-slug\x1f"
PLACEHOLDERS = (AT, KEY, KEY_TYPE, SLUG)


class Prepared:
    """One queryset's SQL, compiled once; `run(values)` -> its instances, select_related
    records attached, as the queryset would give them."""

    def __init__(self, queryset):
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        # Where each placeholder stands among the parameters, and the type the field gave it
        # (psycopg's Int8 for a big integer column, …), which its values are given too.
        self.slots = [
            (index, placeholder, None if type(value) is type(placeholder) else type(value))
            for index, value in enumerate(self.params)
            for placeholder in PLACEHOLDERS
            if isinstance(value, type(placeholder)) and value == placeholder
        ]
        self.compiler = compiler
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in compiler.select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, compiler.select, self.db)
        self.annotations = compiler.annotation_col_map

    def run(self, values):
        """The instances, with `values` ({placeholder: value}) in the placeholders' places."""
        params = list(self.params)
        for index, placeholder, wrapper in self.slots:
            value = values[placeholder]
            params[index] = value if wrapper is None else wrapper(value)
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        objects = []
        model, db, init_list = self.model, self.db, self.init_list
        for row in self.compiler.results_iter([rows]):
            obj = model.from_db(db, init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


_prepared = {}
_lock = threading.Lock()


def prepared(key, build):
    """The Prepared of the queryset `build()` returns, built once per process and language."""
    full_key = (key, get_language())
    found = _prepared.get(full_key)
    if found is None:
        found = Prepared(build())
        with _lock:
            _prepared.setdefault(full_key, found)
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
