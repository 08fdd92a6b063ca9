"""Adding a unique UUID column to a table that has rows, in the three steps Django asks for.

A field added with `default=uuid4` gets *one* value for every existing row (the default is
called once), which a unique constraint refuses. So: add the column nullable, fill each row
with a UUID of its own, then make it unique and required (Django's "Migrations that add unique
fields"). `add_uuid_fields()` returns those operations, for a migration's `operations`.
"""

from uuid import uuid4

from django.db import migrations, models


def _filler(app_label, model_name, field_names):
    def fill(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        if schema_editor.connection.vendor == "postgresql":
            # One statement for all the columns, whatever the number of rows (50,000 places
            # and their 500,000 hours): every row is rewritten once, not once per column.
            quote = schema_editor.quote_name
            columns = [quote(model._meta.get_field(name).column) for name in field_names]
            assignments = ", ".join(f"{column} = gen_random_uuid()" for column in columns)
            table = quote(model._meta.db_table)
            # Quoted names from the model, no outside input.
            schema_editor.execute(f"UPDATE {table} SET {assignments}")  # noqa: S608
            # The rows' deferred foreign-key checks, run now: PostgreSQL refuses to ALTER a
            # table with pending trigger events in the same transaction (the third step).
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            return
        for pk in list(model._base_manager.values_list("pk", flat=True)):
            model._base_manager.filter(pk=pk).update(**{name: uuid4() for name in field_names})

    return fill


def add_uuid_fields(app_label, model_name, fields):
    """`fields`: (name, verbose_name) pairs. The operations adding them, filled and unique."""
    operations = [
        migrations.AddField(
            model_name=model_name.lower(),
            name=name,
            field=models.UUIDField(null=True, editable=False, verbose_name=verbose_name),
        )
        for name, verbose_name in fields
    ]
    operations.append(
        migrations.RunPython(
            _filler(app_label, model_name, [name for name, _ in fields]),
            migrations.RunPython.noop,
            elidable=True,
        )
    )
    operations += [
        migrations.AlterField(
            model_name=model_name.lower(),
            name=name,
            field=models.UUIDField(
                default=uuid4, unique=True, editable=False, verbose_name=verbose_name
            ),
        )
        for name, verbose_name in fields
    ]
    return operations
