"""The staff roles every install has: Editors, Publishers, Funders (groups and their rights)."""

from django.db import migrations

CONTENT = [
    ("core", "keyfigure"),
    ("partners", "organization"),
    ("partners", "organizationname"),
    ("partners", "relationship"),
    ("programs", "theme"),
    ("programs", "targetgroup"),
    ("programs", "program"),
    ("programs", "grant"),
    ("centers", "service"),
    ("centers", "center"),
    ("history", "reference"),
    ("history", "event"),
]
# Rows owned by a place; a temporary closure must go out without waiting for review.
PLACE_ROWS = [("centers", "openinghours"), ("centers", "notice")]
REFERENCE_DATA = [("centers", "territory"), ("centers", "language")]

EDITORS = (
    [(app, f"{action}_{model}") for app, model in CONTENT for action in ("add", "change", "delete", "view")]
    + [(app, f"{action}_{model}") for app, model in PLACE_ROWS for action in ("add", "change", "delete", "view")]
    + [(app, f"view_{model}") for app, model in REFERENCE_DATA]
    + [("centers", "view_correctionreport"), ("centers", "change_correctionreport")]
    + [("core", "view_pendingchange")]
)
PUBLISHERS = (
    EDITORS
    + [(app, f"publish_{model}") for app, model in CONTENT]
    + [(app, f"{action}_{model}") for app, model in REFERENCE_DATA for action in ("add", "change", "delete")]
    + [("reversion", "view_revision"), ("reversion", "view_version")]
)
ROLES = {"Editors": EDITORS, "Publishers": PUBLISHERS, "Funders": []}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; these roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rights in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codename in rights:
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_publish_permission_and_pending_changes"),
        ("partners", "0002_publish_permission"),
        ("programs", "0003_publish_permission"),
        ("centers", "0004_publish_permission"),
        ("history", "0002_publish_permission"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
