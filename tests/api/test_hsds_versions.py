"""Restoring a version keeps a record's HSDS ids: the versions saved before the UUIDs existed
get them written in (network migration 0004); without that, a restored version would draw new
ones (a field a version lacks takes its default)."""

import importlib
import json

import pytest
from django.apps import apps
from django.db import connection
from reversion.models import Version

from centers.models import Center
from core.versions import save_version
from tests.factories import CenterFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("network.migrations.0004_versions_keep_hsds_uuids")


def strip_uuids(version):
    """The version as it was saved before the HSDS UUIDs existed."""
    data = json.loads(version.serialized_data)
    for name in ("uuid", "location_uuid", "service_at_location_uuid"):
        data[0]["fields"].pop(name, None)
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))


def test_a_version_from_before_the_uuids_restores_the_same_ids():
    center = CenterFactory()
    OpeningHoursFactory(center=center)
    save_version(center, "before")
    ids = (center.uuid, center.location_uuid, center.service_at_location_uuid)
    hours = center.opening_hours.get().uuid
    for version in Version.objects.all():
        strip_uuids(version)
    with connection.schema_editor() as editor:
        migration.add_uuids(apps, editor)
    Center.objects.filter(pk=center.pk).update(name_fr="Changé")
    Version.objects.get_for_object(center).first().revision.revert()
    center.refresh_from_db()
    assert center.name_fr != "Changé"
    assert (center.uuid, center.location_uuid, center.service_at_location_uuid) == ids
    assert center.opening_hours.get().uuid == hours
