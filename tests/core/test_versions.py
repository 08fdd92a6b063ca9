"""Nothing deleted is lost: every write path leaves a version, whatever wrote the record (the seed
loader, the benchmark builder, the admin, a bulk action), and any deleted record comes back from
the admin's "Recover deleted", as staff would bring it back, with its rows and translations."""

import datetime
import io

import pytest
import reversion
from django.core.management import call_command
from django.db import transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from centers.models import Center, OpeningHours
from core import versions
from core.workflow import translated_base_fields
from network.management.commands.build_bench_data import PREFIX
from network.seeding import SeedLoader
from programs.models import Theme
from tests.core.test_admin import form_values
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


# -- deleted, then recovered from the admin ------------------------------------------------


def _deletable(model, rows):
    for obj in rows.order_by("pk"):
        try:
            Collector(using="default").collect([obj])
        except (ProtectedError, RestrictedError):
            continue
        return obj
    return None


def _seen(value):
    # Versions keep a date and time to the millisecond (Django's JSON); the admin's form, which
    # saves a recovered record, writes an empty translation as NULL and trims texts (the
    # benchmark's end with a space).
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


def _state(obj):
    """What staff would see of a record: every field but its last-saved time (and the column
    modeltranslation mirrors from the languages' own), its links."""
    hidden = {"updated_at", *translated_base_fields(type(obj))}
    state = {
        f.attname: _seen(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in hidden
    }
    for field in obj._meta.many_to_many:
        state[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return state


def _with_rows(obj):
    """A record's state and the state of every row its versions follow (hours, notices...)."""
    rows = {}
    for name in _get_options(type(obj)).follow:
        rows[name] = sorted(
            (_state(row) for row in getattr(obj, name).all()), key=lambda s: s["id"]
        )
    return _state(obj), rows


def _differences(before, after):
    """What differs between two `_with_rows`, for the failure message."""
    fields = {
        k: (len(str(v)), str(v)[-20:], len(str(after[0].get(k))), str(after[0].get(k))[-20:])
        for k, v in before[0].items()
        if after[0].get(k) != v
    }
    rows = {
        name: [(a, b) for a, b in zip(old, after[1].get(name, []), strict=False) if a != b][:1]
        or (len(old), len(after[1].get(name, [])))
        for name, old in before[1].items()
        if after[1].get(name) != old
    }
    return fields, rows


def _recover(client, model, pk):
    opts = model._meta
    recover_list = client.get(admin(f"{opts.app_label}_{opts.model_name}_recoverlist"))
    version = Version.objects.get_deleted(model).get(object_id=str(pk))
    url = admin(f"{opts.app_label}_{opts.model_name}_recover", version.pk)
    assert url in recover_list.content.decode()
    data = form_values(client.get(url))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_every_deleted_record_comes_back_with_its_rows_and_translations(superuser):
    call_command("build_bench_data", force=True, stdout=io.StringIO(), **BENCH)
    SeedLoader().load()
    # One record written through the admin's own form, too.
    superuser.post(
        admin("programs_theme_add"),
        {
            "name_fr": "Santé mentale",
            "name_en": "Mental health",
            "slug": "sante-mentale",
            "status": "published",
            "source_document": "staff",
            "source_verification": "Saisie par l'équipe.",
        },
    )
    written_by_admin = Theme.objects.get(slug="sante-mentale")
    assert written_by_admin.name_en == "Mental health"

    checked = []
    for model in versions.versioned_models():
        rows = model._default_manager.all()
        candidates = [
            ("seed", rows.exclude(seed_key=None) if hasattr(model, "seed_key") else rows.none()),
            ("bench", rows.filter(pk__gt=0)),
        ]
        for origin, subset in candidates:
            obj = _deletable(model, subset)
            if obj is None:
                continue
            # Each deletion on its own, undone afterwards: a record deleted and recovered does
            # not get back the links other records held to it (see the README).
            with transaction.atomic():
                before = _with_rows(obj)
                opts = model._meta
                superuser.post(
                    admin(f"{opts.app_label}_{opts.model_name}_delete", obj.pk), {"post": "yes"}
                )
                assert not model._default_manager.filter(pk=obj.pk).exists()
                _recover(superuser, model, obj.pk)
                restored = model._default_manager.get(pk=obj.pk)
                after = _with_rows(restored)
                assert after == before, (model, origin, _differences(before, after))
                transaction.set_rollback(True)
            checked.append((model, origin))
    models_checked = {model for model, _ in checked}
    assert models_checked == set(versions.versioned_models())
    assert {origin for _, origin in checked} == {"seed", "bench"}

    # The theme staff entered: deleted, back with both its languages.
    superuser.post(admin("programs_theme_delete", written_by_admin.pk), {"post": "yes"})
    _recover(superuser, Theme, written_by_admin.pk)
    theme = Theme.objects.get(pk=written_by_admin.pk)
    assert (theme.name_fr, theme.name_en) == ("Santé mentale", "Mental health")


def test_an_hour_deleted_on_its_own_page_comes_back_from_its_own_list(superuser):
    center = CenterFactory()
    with reversion.create_revision():
        center.save()
    superuser.post(
        admin("centers_openinghours_add"),
        {"center": center.pk, "weekday": 2, "opens": "09:00", "closes": "12:30"},
    )
    hour = OpeningHours.objects.get(center=center)
    # Saved with its place: the place's latest version holds the new hour.
    latest = Version.objects.get_for_object(center).first()
    assert latest.revision.version_set.filter(object_id=str(hour.pk)).exists()
    superuser.post(admin("centers_openinghours_delete", hour.pk), {"post": "yes"})
    _recover(superuser, OpeningHours, hour.pk)
    assert OpeningHours.objects.get(pk=hour.pk).center == center


def test_the_delete_confirmation_says_how_to_recover(superuser):
    center = CenterFactory(name_fr="Centre Nord")
    page = superuser.get(admin("centers_center_delete", center.pk)).content.decode()
    assert "Rien de ce que vous supprimez n’est perdu" in page
    assert admin("centers_center_recoverlist") in page
    selected = superuser.post(
        admin("centers_center_changelist"),
        {"action": "delete_selected", "_selected_action": [center.pk]},
    ).content.decode()
    assert "Rien de ce que vous supprimez n’est perdu" in selected
    assert admin("centers_center_recoverlist") in selected
