"""Search documents in Arabic, Dari/Persian, Pashto, Ukrainian and Russian (PostgreSQL only).

Migration 0002 wrote each record's documents in French and English. Here every record gets one
per language of the site (issue 13): Arabic and Russian in PostgreSQL's own `arabic` and
`russian` configurations (their Snowball stemmers); Ukrainian, Dari/Persian and Pashto, which
PostgreSQL cannot stem, in `simple` (words lower-cased as they are). All on unaccented text, as
before, and each title kept for trigram typo tolerance, which works on any script (pg_trgm on
a UTF-8 database). A translated field empty in a language falls back to French, as in 0002.

network_search_entries() is recreated with the seven languages (the triggers call it, so
nothing else changes), the existing records get their new documents, and each new kind and
language gets its pair of partial GIN indexes (as migration 0003 gave French and English).
network.search.SEARCH_CONFIGS must name the same configurations (a test compares them).

SQLite needs nothing: it has no search document table.
"""

from importlib import import_module

from django.db import migrations

BEFORE = (("fr", "french"), ("en", "english"))
ADDED = (
    ("ar", "arabic"),
    ("fa", "simple"),
    ("ps", "simple"),
    ("uk", "simple"),
    ("ru", "russian"),
)
KINDS = ("places", "programs", "partners", "history", "references")

# Migration 0002's function, given the languages ({languages}).
ENTRIES_FUNCTION = import_module("network.migrations.0002_search_documents").ENTRIES_FUNCTION

# Each kind's table and trigger arguments, read from its trigger (migration 0002 set them).
TRIGGERS = """
SELECT c.relname, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE t.tgname = %s
"""


def entries_function(languages):
    values = ", ".join(f"('{code}', '{config}'::regconfig)" for code, config in languages)
    return ENTRIES_FUNCTION.format(languages=values)


def index_names(kind, language):
    return (
        f"network_searchdocument_document_{kind}_{language}",
        f"network_searchdocument_title_{kind}_{language}",
    )


def kind_arguments(schema_editor, kind):
    """(table, the trigger's arguments after the kind) of a kind's row trigger."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(TRIGGERS, [f"network_search_{kind}"])
        table, arguments = cursor.fetchone()
    return table, bytes(arguments).decode().split("\x00")[1:6]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(entries_function(BEFORE + ADDED))
    added = tuple(code for code, _config in ADDED)
    for kind in KINDS:
        table, arguments = kind_arguments(schema_editor, kind)
        placeholders = ", ".join(["%s"] * len(arguments))
        execute(
            "INSERT INTO network_searchdocument (kind, language, object_id, document, title) "
            f"SELECT %s, e.language, t.id, e.document, e.title FROM {table} AS t "
            f"CROSS JOIN LATERAL network_search_entries(to_jsonb(t), {placeholders}) AS e "
            "WHERE e.language = ANY(%s) "
            "ON CONFLICT (kind, language, object_id) "
            "DO UPDATE SET document = EXCLUDED.document, title = EXCLUDED.title",
            [kind, *arguments, list(added)],
        )
        for language in added:
            document, title = index_names(kind, language)
            where = f"WHERE kind = '{kind}' AND language = '{language}'"
            execute(
                f"CREATE INDEX {document} ON network_searchdocument USING gin (document) {where}"
            )
            execute(
                f"CREATE INDEX {title} ON network_searchdocument "
                f"USING gin (title gin_trgm_ops) {where}"
            )
    execute("ANALYZE network_searchdocument")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(entries_function(BEFORE))
    added = [code for code, _config in ADDED]
    for kind in KINDS:
        for language in added:
            for name in index_names(kind, language):
                execute(f"DROP INDEX IF EXISTS {name}")
    execute("DELETE FROM network_searchdocument WHERE language = ANY(%s)", [added])


class Migration(migrations.Migration):
    dependencies = [("network", "0004_versions_keep_hsds_uuids")]

    operations = [migrations.RunPython(forward, backward)]
