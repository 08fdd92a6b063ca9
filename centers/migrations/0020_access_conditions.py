"""Access conditions beside "appointment needed" and "referral needed": call before coming,
step-free access (with the place's Acceslibre page) and animals accepted, each yes / no / not
stated. The list indexes are rebuilt to carry what the new "conditions a source states"
filters read (appointment, step-free access, animals), so the list is still counted on them
alone."""

import centers.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0019_public_holidays"),
        ("partners", "0006_five_more_languages"),
        ("programs", "0007_five_more_languages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="center",
            name="centers_center_public_fr",
        ),
        migrations.RemoveIndex(
            model_name="center",
            name="centers_center_public_en",
        ),
        migrations.RemoveIndex(
            model_name="center",
            name="centers_center_no_hours",
        ),
        migrations.AddField(
            model_name="center",
            name="acceslibre_url",
            field=models.URLField(
                blank=True,
                help_text="The place's page on acceslibre.beta.gouv.fr, where staff found one.",
                validators=[centers.models.validate_acceslibre_url],
                verbose_name="Acceslibre page",
            ),
        ),
        migrations.AddField(
            model_name="center",
            name="animals_accepted",
            field=models.CharField(
                choices=[("yes", "yes"), ("no", "no"), ("not_stated", "not stated by the source")],
                default="not_stated",
                help_text="Say 'yes' or 'no' only where a source states it.",
                max_length=12,
                verbose_name="animals accepted",
            ),
        ),
        migrations.AddField(
            model_name="center",
            name="call_first",
            field=models.CharField(
                choices=[("yes", "yes"), ("no", "no"), ("not_stated", "not stated by the source")],
                default="not_stated",
                help_text="Whether people should phone before they come (not an appointment). Say 'yes' or 'no' only where a source states it.",
                max_length=12,
                verbose_name="call before coming",
            ),
        ),
        migrations.AddField(
            model_name="center",
            name="step_free_access",
            field=models.CharField(
                choices=[("yes", "yes"), ("no", "no"), ("not_stated", "not stated by the source")],
                default="not_stated",
                help_text="A wheelchair user can get in without a step. Say 'yes' or 'no' only where a source states it.",
                max_length=12,
                verbose_name="step-free access",
            ),
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
                    "appointment_needed",
                    "step_free_access",
                    "animals_accepted",
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
                    "appointment_needed",
                    "step_free_access",
                    "animals_accepted",
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
                    "appointment_needed",
                    "step_free_access",
                    "animals_accepted",
                    "min_age",
                    "max_age",
                    "place_words",
                ),
                name="centers_center_no_hours",
            ),
        ),
    ]
