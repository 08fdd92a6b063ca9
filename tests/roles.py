"""The staff roles that migrations create, kept across a flush.

`flush` (pytest-django's teardown of a transactional test, or the browser modules' own) empties
every table, the roles' groups included: a data migration made them, and only permissions come
back after a flush. A later test on the same worker that signs in an editor needs them.
"""

from django.db.models import Q


def snapshot():
    """{group name: [(app label, codename)]} of the groups now in the database."""
    from django.contrib.auth.models import Group

    return {
        group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.all()
    }


def restore(roles):
    """Create again the groups of `snapshot()` that are missing, with their rights."""
    from django.contrib.auth.models import Group, Permission

    for name, rights in roles.items():
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            continue
        wanted = Q(pk__in=[])
        for app_label, codename in rights:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
