"""The PostgreSQL extensions the site search uses: unaccent and pg_trgm.

SQLite (the embedded default) needs nothing here: core.apps registers a Python unaccent()
on each SQLite connection. Both extensions are "trusted" since PostgreSQL 13, so a database
owner without superuser rights can create them.
"""

from django.db import migrations

EXTENSIONS = ("unaccent", "pg_trgm")


def create_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in EXTENSIONS:
        schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        # Not reversed: other database objects may come to rely on the extensions.
        migrations.RunPython(create_extensions, migrations.RunPython.noop),
    ]
