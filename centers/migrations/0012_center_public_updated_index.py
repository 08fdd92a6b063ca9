# The HSDS API's modified_after: the public places changed since an instant, on an index.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0011_hsds_uuids"),
        ("partners", "0004_organization_uuid"),
        ("programs", "0006_targetgroup_uuid"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="center",
            index=models.Index(
                condition=models.Q(
                    ("status", "published"),
                    models.Q(("kind__in", ["documentation"]), _negated=True),
                ),
                fields=["updated_at"],
                include=("id", "publish_at", "unpublish_at", "kind"),
                name="centers_center_public_updated",
            ),
        ),
    ]
