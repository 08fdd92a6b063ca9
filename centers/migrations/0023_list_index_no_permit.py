"""A list index of the places a source says take people without a residence permit: a third of
them, which in list order begin after 32,010 others at 50,000 places (?no_permit=yes read them
all for its first page, and 1,000 more to count). With what "open now" reads (OpenAt), for both
at once."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0022_center_week_hours"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="center",
            index=models.Index(
                condition=models.Q(
                    ("status", "published"),
                    models.Q(("kind__in", ["documentation"]), _negated=True),
                    ("no_residence_permit_needed", "yes"),
                ),
                fields=["territory", "city", f"name_{language}"],
                include=(
                    "id",
                    "publish_at",
                    "unpublish_at",
                    "kind",
                    "operator",
                    "free_of_charge",
                    "no_residence_permit_needed",
                    "no_health_coverage_needed",
                    "appointment_needed",
                    "step_free_access",
                    "animals_accepted",
                    "min_age",
                    "max_age",
                    "place_words",
                    "hours_known",
                    "open_days",
                    "open_nights",
                ),
                name=f"centers_center_no_permit_{language}",
            ),
        )
        for language in ("fr", "en")
    ]
