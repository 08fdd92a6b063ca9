# A stable UUID for the HSDS API (api/hsds/): a group of people is a taxonomy term there.

from django.db import migrations

from core.migrations._uuids import add_uuid_fields


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_program_title_indexes"),
    ]

    operations = add_uuid_fields("programs", "TargetGroup", [("uuid", "UUID")])
