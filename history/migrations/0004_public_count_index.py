"""The timeline's count read from a narrow index of the published events and their
organisations, not from the table with its long texts (at 5,000 events a 14 ms scan)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0003_timeline_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["organization"],
                include=("publish_at", "unpublish_at"),
                name="history_event_public_org",
            ),
        ),
    ]
