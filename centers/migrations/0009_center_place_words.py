"""Center.place_words: the place's city, département and region folded, stored by the database.

The "place" filter (centers.filters.CenterFilter.filter_place) looked for the start of a word
of the three fields, folded as core.text.fold_expression folds them (unaccent, lower case,
hyphens and apostrophes as spaces), for every place at each request: at 50,000 places 100 ms
to 1 s. The folded text is now a stored generated column, kept by the database on every write
(save, bulk create, queryset update, import); on PostgreSQL a trigram index finds a text in it,
and the postcode and the département code have the indexes the same filter's digits read.

PostgreSQL computes the column with centers_place_words, the folding as an IMMUTABLE function
(unaccent() itself is only STABLE: it reads its dictionary, which never changes here). The
functions name unaccent and its dictionary with the schema the extension is in, so that a
restore, which runs with an empty search path, computes the column too. SQLite computes the
same expression written out (centers.models.PlaceWords; core.apps gives it unaccent()).
"""

from django.db import migrations, models

import centers.models

FUNCTIONS = """
CREATE OR REPLACE FUNCTION centers_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT replace(replace(lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)),
                             '-', ' '), '''', ' ') $$;
CREATE OR REPLACE FUNCTION centers_place_words(text, text, text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ' ' || {current}.centers_fold($1) || E'\\n ' || {current}.centers_fold($2)
             || E'\\n ' || {current}.centers_fold($3) $$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS centers_place_words(text, text, text);
DROP FUNCTION IF EXISTS centers_fold(text);
"""

INDEXES = """
CREATE INDEX centers_center_place_words ON centers_center USING gin (place_words gin_trgm_ops);
CREATE INDEX centers_center_postcode_prefix ON centers_center (postcode varchar_pattern_ops);
CREATE INDEX centers_center_department_code ON centers_center (department_code);
"""

DROP_INDEXES = """
DROP INDEX IF EXISTS centers_center_place_words;
DROP INDEX IF EXISTS centers_center_postcode_prefix;
DROP INDEX IF EXISTS centers_center_department_code;
"""


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(n.nspname), quote_ident(current_schema()) FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
        schema, current = cursor.fetchone()
    schema_editor.execute(FUNCTIONS.format(schema=schema, current=current))


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEXES)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEXES)


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0008_link_indexes"),
        ("network", "0001_postgres_search_extensions"),
    ]

    operations = [
        migrations.RunPython(create_functions, drop_functions),
        migrations.AddField(
            model_name="center",
            name="place_words",
            field=models.GeneratedField(
                db_persist=True,
                expression=centers.models.PlaceWords(),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
