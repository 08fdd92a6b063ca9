"""Precomputed search documents, kept up to date by PostgreSQL triggers (PostgreSQL only).

Computing the full-text document and the trigram similarity of every record at query time cost
about 1.5 s per search at 5,000 places. Here each record gets, per language, its weighted
document (title A, short fields B, long text C; unaccented; in the language's text search
configuration) and its unaccented title (for trigram typo tolerance), in network_searchdocument,
with a GIN index on each. The search joins them to the published records (network.search).

Triggers keep them up to date, so no code path that writes content has to remember to: every
insert or update of a searched record rewrites its two documents, a delete removes them, a
TRUNCATE empties its kind. The trigger reads the row through to_jsonb(), by column name: a
column renamed or dropped later never makes a write fail (its text just drops out of the
document, and tests/network/test_search.py says so), and a column's type or length can change
freely (a stored generated column would forbid that).

What each kind indexes is given to its trigger as arguments: kind, translated title fields,
untranslated title fields, translated short fields, untranslated short fields, translated long
text fields (comma-separated). They must match the kinds in network.search (a test compares
them). A translated field reads the language's column, falling back to French when empty. To
change them: a new migration that recreates the kind's triggers with the new arguments, then
rewrites its documents (network.search.rebuild_documents() does the rewriting).

SQLite (the embedded default) needs nothing: its search reads the records themselves, and the
model is unmanaged, so this migration does nothing there.
"""

import django.contrib.postgres.search
from django.db import migrations, models

LANGUAGES = (("fr", "french"), ("en", "english"))

# kind: (table, translated title, plain title, translated short, plain short, translated text)
KINDS = {
    "places": (
        "centers_center", "name", "", "area_served", "city,postcode,department,department_code,region",
        "summary,description,conditions",
    ),
    "programs": ("programs_program", "title", "", "area", "", "summary,description"),
    "partners": ("partners_organization", "name", "acronym", "legal_form", "", "summary,description"),
    "history": ("history_event", "title", "", "", "", "text"),
    "references": ("history_reference", "title,short_title", "", "", "", ""),
}

TEXT_FUNCTION = """
CREATE OR REPLACE FUNCTION network_search_text(r jsonb, translated text, plain text, lang text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- The fields' values joined by spaces, empty ones left out: the translated fields first
    -- (in the language, French where it is empty), then the untranslated ones.
    SELECT coalesce(string_agg(value, ' ' ORDER BY position), '')
    FROM (
        SELECT CASE WHEN lang = 'fr' THEN r ->> (name || '_fr')
                    ELSE coalesce(nullif(r ->> (name || '_' || lang), ''), r ->> (name || '_fr'))
               END,
               position
        FROM unnest(string_to_array(translated, ',')) WITH ORDINALITY AS t(name, position)
        UNION ALL
        SELECT r ->> name, 1000 + position
        FROM unnest(string_to_array(plain, ',')) WITH ORDINALITY AS p(name, position)
    ) AS fields(value, position)
    WHERE value <> ''
$$
"""

ENTRIES_FUNCTION = """
CREATE OR REPLACE FUNCTION network_search_entries(
    r jsonb, title_fields text, plain_title_fields text, short_fields text, plain_short_fields text,
    text_fields text
) RETURNS TABLE (language varchar, document tsvector, title text)
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT code,
           setweight(to_tsvector(config, unaccent(title_text)), 'A')
           || setweight(to_tsvector(config, unaccent(short_text)), 'B')
           || setweight(to_tsvector(config, unaccent(network_search_text(r, text_fields, '', code))), 'C'),
           unaccent(title_text)
    FROM (VALUES {languages}) AS languages(code, config)
    CROSS JOIN LATERAL (
        SELECT network_search_text(r, title_fields, plain_title_fields, code) AS title_text,
               network_search_text(r, short_fields, plain_short_fields, code) AS short_text
    ) AS texts
$$
"""

SYNC_FUNCTION = """
CREATE OR REPLACE FUNCTION network_search_sync() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM network_searchdocument WHERE kind = TG_ARGV[0];
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM network_searchdocument WHERE kind = TG_ARGV[0] AND object_id = OLD.id;
    ELSE
        IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
            DELETE FROM network_searchdocument WHERE kind = TG_ARGV[0] AND object_id = OLD.id;
        END IF;
        INSERT INTO network_searchdocument (kind, language, object_id, document, title)
        SELECT TG_ARGV[0], e.language, NEW.id, e.document, e.title
        FROM network_search_entries(
            to_jsonb(NEW), TG_ARGV[1], TG_ARGV[2], TG_ARGV[3], TG_ARGV[4], TG_ARGV[5]
        ) AS e
        ON CONFLICT (kind, language, object_id)
        DO UPDATE SET document = EXCLUDED.document, title = EXCLUDED.title;
    END IF;
    RETURN NULL;
END
$$
"""


def quote(value):
    return "'" + value.replace("'", "''") + "'"


def trigger_names(kind):
    return f"network_search_{kind}", f"network_search_{kind}_truncate"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(
        "CREATE TABLE network_searchdocument ("
        " kind varchar(16) NOT NULL,"
        " language varchar(8) NOT NULL,"
        " object_id bigint NOT NULL,"
        " document tsvector NOT NULL,"
        " title text NOT NULL,"
        " PRIMARY KEY (kind, language, object_id))"
    )
    execute("CREATE INDEX network_searchdocument_document ON network_searchdocument USING gin (document)")
    execute(
        "CREATE INDEX network_searchdocument_title_trgm ON network_searchdocument USING gin (title gin_trgm_ops)"
    )
    execute(TEXT_FUNCTION)
    languages = ", ".join(f"({quote(code)}, {quote(config)}::regconfig)" for code, config in LANGUAGES)
    execute(ENTRIES_FUNCTION.format(languages=languages))
    execute(SYNC_FUNCTION)
    for kind, (table, *fields) in KINDS.items():
        arguments = ", ".join(quote(value) for value in (kind, *fields))
        row_trigger, truncate_trigger = trigger_names(kind)
        execute(
            f"CREATE TRIGGER {row_trigger} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION network_search_sync({arguments})"
        )
        execute(
            f"CREATE TRIGGER {truncate_trigger} AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION network_search_sync({arguments})"
        )
        # The records already there.
        execute(
            "INSERT INTO network_searchdocument (kind, language, object_id, document, title) "
            f"SELECT {quote(kind)}, e.language, t.id, e.document, e.title FROM {table} AS t "
            f"CROSS JOIN LATERAL network_search_entries(to_jsonb(t), {', '.join(quote(f) for f in fields)}) AS e"
        )
    execute("ANALYZE network_searchdocument")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind, (table, *_fields) in KINDS.items():
        for name in trigger_names(kind):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS network_search_sync()")
    schema_editor.execute("DROP FUNCTION IF EXISTS network_search_entries(jsonb, text, text, text, text, text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS network_search_text(jsonb, text, text, text)")
    schema_editor.execute("DROP TABLE IF EXISTS network_searchdocument")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_postgres_search_extensions"),
        # The searched tables; the triggers read their columns by name, so later migrations of
        # these apps need not come first.
        ("centers", "0001_initial"),
        ("history", "0001_initial"),
        ("partners", "0001_initial"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("pk", models.CompositePrimaryKey(
                    "kind", "language", "object_id", blank=True, editable=False, primary_key=True, serialize=False,
                )),
                ("kind", models.CharField(max_length=16)),
                ("language", models.CharField(max_length=8)),
                ("object_id", models.BigIntegerField()),
                ("document", django.contrib.postgres.search.SearchVectorField()),
                ("title", models.TextField()),
                *[
                    (name, models.ForeignObject(
                        from_fields=["object_id"], on_delete=models.deletion.DO_NOTHING,
                        related_name="search_documents", to=model, to_fields=["id"],
                    ))
                    for name, model in (
                        ("center", "centers.center"),
                        ("program", "programs.program"),
                        ("organization", "partners.organization"),
                        ("event", "history.event"),
                        ("reference", "history.reference"),
                    )
                ],
            ],
            options={
                "db_table": "network_searchdocument",
                "managed": False,
            },
        ),
        migrations.RunPython(create, drop),
    ]
