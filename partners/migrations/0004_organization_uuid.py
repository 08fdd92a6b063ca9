# A stable UUID for the HSDS API (api/hsds/): an organisation's id there.

from django.db import migrations

from core.migrations._uuids import add_uuid_fields


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_organization_registered_identifier"),
    ]

    operations = add_uuid_fields("partners", "Organization", [("uuid", "UUID")])
