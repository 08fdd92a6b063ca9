"""The search documents' GIN indexes, one per kind and language (PostgreSQL only).

Migration 0002 indexed the documents and titles of every kind and language together. A search
looks at one kind in one language at a time, so at national scale (50,000 places beside 2,000
programs) the planner either read the places' entries to find an event, or walked a kind's rows
in key order computing the trigram similarity of each title: about 50 ms per section. Partial
indexes, one per kind and language, answer each section from its own entries alone.

A kind added to network.search later needs its own pair of indexes in a new migration (a test
checks that every kind and language has them).

SQLite needs nothing: it has no search document table.
"""

from django.db import migrations

KINDS = ("places", "programs", "partners", "history", "references")
LANGUAGES = ("fr", "en")


def names(kind, language):
    return (
        f"network_searchdocument_document_{kind}_{language}",
        f"network_searchdocument_title_{kind}_{language}",
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for kind in KINDS:
        for language in LANGUAGES:
            document, title = names(kind, language)
            where = f"WHERE kind = '{kind}' AND language = '{language}'"
            execute(
                f"CREATE INDEX {document} ON network_searchdocument USING gin (document) {where}"
            )
            execute(
                f"CREATE INDEX {title} ON network_searchdocument USING gin (title gin_trgm_ops) {where}"
            )
    execute("DROP INDEX IF EXISTS network_searchdocument_document")
    execute("DROP INDEX IF EXISTS network_searchdocument_title_trgm")
    execute("ANALYZE network_searchdocument")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(
        "CREATE INDEX network_searchdocument_document ON network_searchdocument USING gin (document)"
    )
    execute(
        "CREATE INDEX network_searchdocument_title_trgm ON network_searchdocument "
        "USING gin (title gin_trgm_ops)"
    )
    for kind in KINDS:
        for language in LANGUAGES:
            for name in names(kind, language):
                execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("network", "0002_search_documents")]

    operations = [migrations.RunPython(create, drop)]
