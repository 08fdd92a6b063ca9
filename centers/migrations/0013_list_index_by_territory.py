"""The list indexes start with the territory: the metropolitan and the overseas places are each
a range of them, counted once each (centers.views.PagePaginator); the whole list was read twice
to count it when few places matched ("open now" at 50,000 places: 28,000 rows, twice). The
index of the places without hours carries what the other filters read, for "open now"'s count
of unknown hours (it read 4,500 rows of the table)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0012_center_public_updated_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="center",
            name="centers_center_no_hours",
        ),
        migrations.RemoveIndex(
            model_name="center",
            name="centers_center_public_fr",
        ),
        migrations.RemoveIndex(
            model_name="center",
            name="centers_center_public_en",
        ),
        migrations.AddIndex(
            model_name="center",
            index=models.Index(
                condition=models.Q(
                    ("status", "published"),
                    models.Q(("kind__in", ["documentation"]), _negated=True),
                ),
                fields=["territory", "city", "name_fr"],
                include=(
                    "id",
                    "publish_at",
                    "unpublish_at",
                    "kind",
                    "operator",
                    "free_of_charge",
                    "no_residence_permit_needed",
                    "no_health_coverage_needed",
                    "min_age",
                    "max_age",
                    "place_words",
                ),
                name="centers_center_public_fr",
            ),
        ),
        migrations.AddIndex(
            model_name="center",
            index=models.Index(
                condition=models.Q(
                    ("status", "published"),
                    models.Q(("kind__in", ["documentation"]), _negated=True),
                ),
                fields=["territory", "city", "name_en"],
                include=(
                    "id",
                    "publish_at",
                    "unpublish_at",
                    "kind",
                    "operator",
                    "free_of_charge",
                    "no_residence_permit_needed",
                    "no_health_coverage_needed",
                    "min_age",
                    "max_age",
                    "place_words",
                ),
                name="centers_center_public_en",
            ),
        ),
        migrations.AddIndex(
            model_name="center",
            index=models.Index(
                condition=models.Q(
                    ("hours_known", False),
                    ("status", "published"),
                    models.Q(("kind__in", ["documentation"]), _negated=True),
                ),
                fields=["territory"],
                include=(
                    "id",
                    "publish_at",
                    "unpublish_at",
                    "kind",
                    "operator",
                    "free_of_charge",
                    "no_residence_permit_needed",
                    "no_health_coverage_needed",
                    "min_age",
                    "max_age",
                    "place_words",
                ),
                name="centers_center_no_hours",
            ),
        ),
    ]
