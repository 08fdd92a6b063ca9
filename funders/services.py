"""Writes that span several models: a funder account is a membership and a group."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import FUNDERS_GROUP, FunderMembership


@transaction.atomic
def add_member(user, organization):
    """Make `user` a member of the funder `organization`, in the "Funders" group."""
    membership = FunderMembership(user=user, organization=organization)
    membership.full_clean()
    membership.save()
    join_funders_group(user)
    return membership


def join_funders_group(user):
    user.groups.add(Group.objects.get(name=FUNDERS_GROUP))


@transaction.atomic
def remove_member(membership):
    """End a funder account: no membership, out of the "Funders" group. The user is kept."""
    user = membership.user
    membership.delete()
    user.groups.remove(*Group.objects.filter(name=FUNDERS_GROUP))
