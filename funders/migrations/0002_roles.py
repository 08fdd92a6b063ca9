"""The rights of the staff roles over the funders' space (core's roles migration made the groups).

Publishers manage funder accounts, share drafts, upload documents, and read comments and the
download log. Editors read funders' comments (they prepare the drafts). The Funders group has
no right in the administration: a funder sees what their membership allows, on the site.
"""

from django.db import migrations

MANAGED = ["fundermembership", "draftshare", "grantdocument"]
READ_ONLY = ["fundercomment", "documentdownload"]

RIGHTS = {
    "Publishers": [f"{action}_{model}" for model in MANAGED for action in ("add", "change", "delete", "view")]
    + [f"view_{model}" for model in READ_ONLY],
    "Editors": ["view_fundercomment"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="funders", codename__in=codenames)


def grant_rights(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; these rights need them now.
    app_config = apps.get_app_config("funders")
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
        ("funders", "0001_initial"),
        ("core", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant_rights, take_rights_back)]
