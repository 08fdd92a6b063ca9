"""Nothing deleted is lost: every write path leaves a version, whatever wrote the record (the seed
loader, the benchmark builder, the admin, a bulk action). That any deleted record comes back from
the admin's "Recover deleted" is tests/core/test_recover_deleted.py."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision, Version

from centers.models import Center
from core import versions
from network.management.commands.build_bench_data import PREFIX
from network.seeding import SeedLoader
from programs.models import Theme
from tests.core.test_workflow import sign_in
from tests.factories import CenterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

BENCH = {"places": 12, "programs": 4, "grants": 6, "organizations": 6, "events": 6}


def admin(name, *args):
    with translation.override("fr"):
        return reverse(f"admin:{name}", args=args)


def versioned_records():
    for model in versions.versioned_models():
        yield from model._default_manager.all()


def unversioned():
    return [
        f"{model._meta.label}: {pk}"
        for model in versions.versioned_models()
        for pk in versions.without_version(model).values_list("pk", flat=True)
    ]


@pytest.fixture
def superuser(client):
    user = sign_in(client, "Publishers")
    user.is_superuser = True
    user.save()
    return client


# -- the seed loader -----------------------------------------------------------------------


def test_every_seeded_record_has_a_version_and_a_rerun_that_changes_nothing_adds_none():
    report = SeedLoader().load()
    assert report.created
    assert unversioned() == []
    versions_before, revisions_before = Version.objects.count(), Revision.objects.count()
    again = SeedLoader().load()
    assert again.created == [] and again.updated == []
    assert (Version.objects.count(), Revision.objects.count()) == (
        versions_before,
        revisions_before,
    )


def test_a_rerun_versions_only_what_it_really_changes():
    SeedLoader().load()
    # A place as an older seed wrote it: the loader brings it up to date.
    center = Center.objects.exclude(seed_key=None).first()
    wanted = center.name_fr
    center.name_fr = "Ancien nom"
    center.seed_snapshot = {**center.seed_snapshot, "name_fr": "Ancien nom"}
    center.save()
    untouched = Theme.objects.exclude(seed_key=None).first()
    counts = {
        "center": Version.objects.get_for_object(center).count(),
        "theme": Version.objects.get_for_object(untouched).count(),
    }
    report = SeedLoader().load()
    assert len(report.updated) == 1
    center.refresh_from_db()
    assert center.name_fr == wanted
    latest = Version.objects.get_for_object(center).first()
    assert Version.objects.get_for_object(center).count() == counts["center"] + 1
    assert latest.field_dict["name_fr"] == wanted
    assert Version.objects.get_for_object(untouched).count() == counts["theme"]


# -- records written in bulk ---------------------------------------------------------------


def test_the_command_gives_every_record_without_a_version_an_initial_one_in_batches():
    # A few hundred records written in bulk, as a database loaded before versions were kept.
    call_command("build_bench_data", force=True, stdout=io.StringIO(), **BENCH)
    SeedLoader().load()
    Revision.objects.all().delete()
    assert len(unversioned()) > 200
    out = io.StringIO()
    call_command("create_initial_versions", batch=7, stdout=out)
    assert "records given an initial version" in out.getvalue()
    assert unversioned() == []
    # One revision per record with the rows it follows: a place's version holds its hours.
    center = Center.objects.filter(slug__startswith=PREFIX, opening_hours__isnull=False).first()
    revision = Version.objects.get_for_object(center).get().revision
    hours = {
        int(v.object_id) for v in revision.version_set.filter(content_type__model="openinghours")
    }
    assert hours == set(center.opening_hours.values_list("pk", flat=True))
    assert revision.version_set.filter(content_type__model="center").count() == 1
    # The serialised versions read back as the records are.
    assert Version.objects.get_for_object(center).get().field_dict["name_en"] == center.name_en
    # Run again: nothing left to do, nothing added.
    count = Version.objects.count()
    out = io.StringIO()
    call_command("create_initial_versions", stdout=out)
    assert out.getvalue().startswith("0 records")
    assert Version.objects.count() == count


def test_the_command_keeps_no_sql_of_the_batches_before_with_debug_on(settings):
    """With DEBUG on (make run's settings) Django logs every query's SQL; the versions' inserts
    carry whole records, so memory would grow with the data instead of the batch."""
    call_command("build_bench_data", force=True, stdout=io.StringIO(), **BENCH)
    Revision.objects.all().delete()
    settings.DEBUG = True
    reset_queries()
    versions.create_initial_versions("Initial version.", batch=7)
    assert unversioned() == []
    assert len(connection.queries) < 30  # one batch's queries at most, not some forty batches'


def test_the_bench_builder_versions_what_it_builds_and_forgets_what_it_replaces():
    call_command("build_bench_data", force=True, stdout=io.StringIO(), **BENCH)
    assert unversioned() == []
    first = Version.objects.count()
    call_command("build_bench_data", force=True, stdout=io.StringIO(), **BENCH)
    assert unversioned() == []
    # The replaced rows' versions are gone: "Recover deleted" does not list thrown-away data.
    assert Version.objects.count() == first
    assert not Version.objects.get_deleted(Center).exists()


def test_marking_places_verified_saves_a_version(superuser):
    center = CenterFactory(last_verified_on=None)
    superuser.post(
        admin("centers_center_changelist"),
        {"action": "verified_today", "_selected_action": [center.pk]},
    )
    center.refresh_from_db()
    assert center.last_verified_on is not None
    latest = Version.objects.get_for_object(center).first()
    assert latest.field_dict["last_verified_on"] == center.last_verified_on
