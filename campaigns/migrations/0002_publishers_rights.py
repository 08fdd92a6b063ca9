"""Publishers start campaigns, keep organisations' campaign contacts, and read the mail queue."""

from django.db import migrations

RIGHTS = [
    ("campaigns", "add_campaign"),
    ("campaigns", "change_campaign"),
    ("campaigns", "view_campaign"),
    ("campaigns", "add_campaigncontact"),
    ("campaigns", "change_campaigncontact"),
    ("campaigns", "delete_campaigncontact"),
    ("campaigns", "view_campaigncontact"),
    ("outbox", "view_outgoingmessage"),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for label in ("campaigns", "outbox"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Publishers")
    for app_label, codename in RIGHTS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Publishers").first()
    if group is not None:
        for app_label, codename in RIGHTS:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("outbox", "0001_initial"),
        ("core", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
