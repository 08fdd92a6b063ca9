# The versions saved before the HSDS UUIDs existed (centers 0011, partners 0004, programs 0006)
# get the record's UUIDs written into them, so that restoring such a version, or undoing a
# change, keeps the record's HSDS ids instead of drawing new ones (a field missing from a
# version takes its default, a fresh uuid4, when the version is restored). Values a version
# already holds are kept. A deleted record's versions have no row to read: it gets new ids
# when it is recovered, which is right for a record that was gone.

import json

from django.db import migrations

UUID_FIELDS = [
    ("centers", "center", ["uuid", "location_uuid", "service_at_location_uuid"]),
    ("centers", "openinghours", ["uuid"]),
    ("centers", "service", ["uuid"]),
    ("centers", "language", ["uuid"]),
    ("partners", "organization", ["uuid"]),
    ("programs", "targetgroup", ["uuid"]),
]


def add_uuids(apps, schema_editor):
    Version = apps.get_model("reversion", "Version")
    ContentType = apps.get_model("contenttypes", "ContentType")
    postgresql = schema_editor.connection.vendor == "postgresql"
    for app_label, model_name, fields in UUID_FIELDS:
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        if content_type is None:
            continue
        model = apps.get_model(app_label, model_name)
        if postgresql:
            quote = schema_editor.quote_name
            pairs = ", ".join(f"'{f}', t.{quote(f)}::text" for f in fields)
            table = quote(model._meta.db_table)
            # Quoted names from the models, no outside input.
            sql = (
                "UPDATE reversion_version v SET serialized_data = jsonb_set("
                "v.serialized_data::jsonb, '{0,fields}', "
                f"jsonb_build_object({pairs}) || (v.serialized_data::jsonb #> '{{0,fields}}')"
                f")::text FROM {table} t "  # noqa: S608
                "WHERE v.content_type_id = %s AND v.format = 'json' AND v.object_id = t.id::text"
            )
            schema_editor.execute(sql, [content_type.pk])
            continue
        rows = {str(row["pk"]): row for row in model._base_manager.values("pk", *fields).iterator()}
        versions = Version.objects.filter(content_type=content_type, format="json")
        for version in versions.iterator():
            row = rows.get(version.object_id)
            if row is None:
                continue
            data = json.loads(version.serialized_data)
            missing = {f: str(row[f]) for f in fields if f not in data[0]["fields"]}
            if missing:
                data[0]["fields"].update(missing)
                version.serialized_data = json.dumps(data)
                version.save(update_fields=["serialized_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_search_documents_indexes_per_kind"),
        ("centers", "0011_hsds_uuids"),
        ("partners", "0004_organization_uuid"),
        ("programs", "0006_targetgroup_uuid"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_uuids, migrations.RunPython.noop, elidable=True)]
