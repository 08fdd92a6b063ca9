"""The search documents partitioned by language (PostgreSQL only).

A search reads one language. Every record has a document in each of the seven languages, and
the triggers write them together, so in one table a language's documents were spread about one
to a page among the other six: a broad query ("soins", matched by all 50,000 places, whose
50,000 names are all like it) gathered its matches from 39,000 heap pages (the national bench
data), and the bitmaps of those pages (built, then sorted, before the first row is read) were
most of the search's time. One partition per language holds the same rows closer together:
the French places' 50,000 documents on 6,300 pages, and a query naming its language plans for
its own partition alone (ten indexes instead of seventy).

The table keeps its name, columns and primary key; the triggers (migrations 0002 and 0005)
and the search's SQL are unchanged. Each language's partition has its pair of GIN indexes per
kind under the names migrations 0003 and 0005 gave them (a test checks that every kind and
language has them); a language not listed lands in the default partition, without indexes
until a migration gives it its own. The rows are copied in the order they were stored, so that
a section's first matches (those ranked, see network.search) stay the same as far as the order
of their storage allows.

SQLite needs nothing: it has no search document table.
"""

from django.db import migrations

KINDS = ("places", "programs", "partners", "history", "references")
LANGUAGES = ("fr", "en", "ar", "fa", "ps", "uk", "ru")
TABLE = "network_searchdocument"
COLUMNS = "kind, language, object_id, document, title"


def index_names(kind, language):
    return (
        f"{TABLE}_document_{kind}_{language}",
        f"{TABLE}_title_{kind}_{language}",
    )


def create_indexes(execute, language, where):
    for kind in KINDS:
        document, title = index_names(kind, language)
        condition = f"WHERE kind = '{kind}'{where}"
        partition = f"{TABLE}_{language}" if not where else TABLE
        execute(f"CREATE INDEX {document} ON {partition} USING gin (document) {condition}")
        execute(
            f"CREATE INDEX {title} ON {partition} USING gin (title gin_trgm_ops) {condition}"
        )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("SET LOCAL maintenance_work_mem = '256MB'")
    execute(
        f"CREATE TABLE {TABLE}_partitioned (kind varchar(16) NOT NULL, "
        "language varchar(8) NOT NULL, object_id bigint NOT NULL, document tsvector NOT NULL, "
        f"title text NOT NULL, CONSTRAINT {TABLE}_partitioned_pkey "
        "PRIMARY KEY (kind, language, object_id)) PARTITION BY LIST (language)"
    )
    for language in LANGUAGES:
        execute(
            f"CREATE TABLE {TABLE}_{language} PARTITION OF {TABLE}_partitioned "
            f"FOR VALUES IN ('{language}')"
        )
    execute(f"CREATE TABLE {TABLE}_other PARTITION OF {TABLE}_partitioned DEFAULT")
    # In the order of their storage: a section ranks its first matches in that order.
    execute(
        f"INSERT INTO {TABLE}_partitioned ({COLUMNS}) SELECT {COLUMNS} FROM {TABLE} ORDER BY ctid"
    )
    execute(f"DROP TABLE {TABLE}")
    execute(f"ALTER TABLE {TABLE}_partitioned RENAME TO {TABLE}")
    execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {TABLE}_partitioned_pkey TO {TABLE}_pkey")
    for language in LANGUAGES:
        create_indexes(execute, language, "")
    execute(f"ANALYZE {TABLE}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("SET LOCAL maintenance_work_mem = '256MB'")
    execute(
        f"CREATE TABLE {TABLE}_plain (kind varchar(16) NOT NULL, language varchar(8) NOT NULL, "
        "object_id bigint NOT NULL, document tsvector NOT NULL, title text NOT NULL, "
        f"CONSTRAINT {TABLE}_plain_pkey PRIMARY KEY (kind, language, object_id))"
    )
    execute(f"INSERT INTO {TABLE}_plain ({COLUMNS}) SELECT {COLUMNS} FROM {TABLE}")
    execute(f"DROP TABLE {TABLE}")
    execute(f"ALTER TABLE {TABLE}_plain RENAME TO {TABLE}")
    execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {TABLE}_plain_pkey TO {TABLE}_pkey")
    for language in LANGUAGES:
        create_indexes(execute, language, f" AND language = '{language}'")
    execute(f"ANALYZE {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("network", "0005_search_in_every_language")]

    operations = [migrations.RunPython(forward, backward)]
