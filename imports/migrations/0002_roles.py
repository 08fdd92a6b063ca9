"""The staff roles' rights over spreadsheet imports (core's roles migration made the groups).

Editors and publishers import (an import creates drafts and changes waiting for review; only
publishers publish); publishers may also delete old imports.
"""

from django.db import migrations

RIGHTS = {
    "Editors": ["add_importbatch", "view_importbatch"],
    "Publishers": ["add_importbatch", "view_importbatch", "delete_importbatch"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="imports", codename__in=codenames)


def grant_rights(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; these rights need them now.
    app_config = apps.get_app_config("imports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in RIGHTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(_permissions(apps, codenames))
        if len(permissions) != len(codenames):
            raise RuntimeError(f"Missing permissions for {name}: {sorted(codenames)}")
        group.permissions.add(*permissions)


def take_rights_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in RIGHTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("core", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant_rights, take_rights_back)]
