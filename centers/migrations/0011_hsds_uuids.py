# Stable UUIDs for the HSDS API (api/hsds/): a place is a service, a location and a
# service-at-location; its hours are schedules; services and languages are exported too.

from django.db import migrations

from core.migrations._uuids import add_uuid_fields


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0010_list_index_place_words"),
    ]

    operations = [
        *add_uuid_fields(
            "centers",
            "Center",
            [
                ("uuid", "UUID"),
                ("location_uuid", "location UUID"),
                ("service_at_location_uuid", "service-at-location UUID"),
            ],
        ),
        *add_uuid_fields("centers", "OpeningHours", [("uuid", "UUID")]),
        *add_uuid_fields("centers", "Service", [("uuid", "UUID")]),
        *add_uuid_fields("centers", "Language", [("uuid", "UUID")]),
    ]
