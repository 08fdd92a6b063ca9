"""The timeline's index also holds what the public rule and the order read of an event, so that
a page's ids are read from the index alone (an index-only scan): the last page of 5,000 events
read every event's row before its own (16 ms in PostgreSQL, 5 from the index alone)."""

import django.db.models.expressions
import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0006_displayed_order"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="event",
            name="history_event_timeline",
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                models.OrderBy(
                    django.db.models.expressions.CombinedExpression(
                        django.db.models.functions.datetime.ExtractYear("starts_on"),
                        "/",
                        models.Value(10),
                    ),
                    nulls_last=True,
                ),
                models.Case(
                    models.When(starts_precision="decade", then=models.Value(1)),
                    default=models.Value(0),
                ),
                models.OrderBy(models.F("starts_on"), nulls_last=True),
                models.F("position"),
                models.F("id"),
                include=("starts_precision", "status", "publish_at", "unpublish_at", "organization"),
                name="history_event_timeline",
            ),
        ),
    ]
