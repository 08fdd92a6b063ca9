"""A large file is neither previewed nor saved in the web request: the upload stores it for the
import job (`run_imports`), which builds its preview; confirming queues it, and the job saves it,
every row or none, once, even when two jobs run at once."""

import io
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from reversion.models import Version

from centers.models import Center, OpeningHours
from core.models import Status
from imports import importer, jobs
from imports.models import ImportBatch, ImportState
from partners.models import Organization
from tests.accounts_fixtures import make_user
from tests.factories import (
    LanguageFactory,
    OrganizationFactory,
    ProgramFactory,
    ServiceFactory,
    TargetGroupFactory,
)

from .conftest import (
    PLACE_HEADER,
    admin_url,
    confirm,
    csv_bytes,
    outcomes,
    place_rows,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_INLINE_MAX_ROWS = 5
    settings.IMPORT_JOB_MINUTES = 5


def text(response):
    return " ".join(response.content.decode().split())


def run_imports():
    out, err = io.StringIO(), io.StringIO()
    call_command("run_imports", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def upload_large(client, data, lang="en", **kwargs):
    """Send a file above the threshold, and let the import job prepare its preview: returns the
    preview page."""
    batch = upload(client, data, lang=lang, **kwargs).context["batch"]
    assert batch.state == ImportState.PREVIEW_QUEUED
    run_imports()
    return client.get(admin_url("change", batch.pk, lang=lang))


@pytest.fixture
def boss(db):
    """A superuser: the transactional tests' database has no roles (flushed, not migrated)."""
    return make_user(superuser=True, username="boss")


def queued_batch(user, rows):
    """A batch previewed and confirmed above the threshold in the English admin."""
    batch = ImportBatch(
        kind="places",
        source="reseau-sud",
        file_name="big.csv",
        content=csv_bytes([PLACE_HEADER, *rows]),
        uploaded_by=user,
    )
    importer.preview(batch, user)
    batch.state = ImportState.PREVIEWED
    batch.save()
    with translation.override("en"):
        assert jobs.queue(batch, user)
    return batch


def pending_batch(user, rows):
    """A batch sent above the threshold in the English admin, waiting for the job's preview."""
    batch = ImportBatch(
        kind="places",
        source="reseau-sud",
        file_name="big.csv",
        content=csv_bytes([PLACE_HEADER, *rows]),
        uploaded_by=user,
    )
    with translation.override("en"):
        jobs.preview_or_queue(batch, user)
    batch.save()
    assert batch.state == ImportState.PREVIEW_QUEUED
    return batch


def test_a_file_above_the_threshold_is_previewed_then_saved_by_the_job(operator, editor_client):
    with CaptureQueriesContext(connection) as queries:
        pending = upload(editor_client, csv_bytes([PLACE_HEADER, *place_rows(6)]), name="big.csv")
    page = text(pending)
    assert "This file has more than 5 rows, too many to preview while you wait." in page
    assert "Reload this page to see the result." in page
    assert "rows create a record" not in page
    assert "Confirm: save every row" not in page
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.preview["rows"]) == (ImportState.PREVIEW_QUEUED, [])
    # The upload only counted the rows: no place or organisation was read to build them.
    read = [q["sql"] for q in queries if "centers_" in q["sql"] or "partners_" in q["sql"]]
    assert read == []
    assert editor_client.post(admin_url("change", batch.pk), {"_confirm": 1}).status_code == 403

    out, err = run_imports()
    assert (f"Import {batch.pk} (big.csv): previewed" in out, err) == (True, "")
    assert Center.objects.count() == 0
    preview = editor_client.get(admin_url("change", batch.pk))
    assert "6 rows create a record" in text(preview)
    assert outcomes(preview) == [(n, "created") for n in range(2, 8)]
    assert "This file has 6 rows, too many to save while you wait" in text(preview)
    queued = confirm(editor_client, preview)
    page = text(queued)
    assert "it is queued and will be saved within 5 minutes by the import job" in page
    assert "Reload this page to see the result." in page
    assert "Confirm: save every row" not in page
    assert Center.objects.count() == 0
    batch.refresh_from_db()
    assert batch.state == ImportState.QUEUED
    # Confirming again (an old tab) is refused: it is already queued.
    assert confirm(editor_client, preview).status_code == 403

    out, err = run_imports()
    assert f"Import {batch.pk} (big.csv): confirmed" in out
    assert err == ""
    places = Center.objects.order_by("external_id")
    assert [p.external_id for p in places] == [f"P{n}" for n in range(1, 7)]
    assert {p.status for p in places} == {Status.DRAFT}
    assert "big.csv" in places[0].source_verification
    assert OpeningHours.objects.filter(center=places[0]).count() == 5
    assert Version.objects.get_for_object(places[0]).count() == 1
    batch.refresh_from_db()
    assert batch.state == ImportState.CONFIRMED
    page = text(editor_client.get(admin_url("change", batch.pk)))
    assert "Saved by the import job on" in page
    assert "6 rows create a record" in page

    # Running the job again saves nothing twice.
    versions = Version.objects.count()
    out, _err = run_imports()
    assert "Imports previewed, saved or refused: 0." in out
    assert (Center.objects.count(), Version.objects.count()) == (6, versions)


def test_a_large_workbook_is_previewed_by_the_job_too(operator, editor_client):
    preview = upload_large(editor_client, xlsx_bytes([PLACE_HEADER, *place_rows(7)]), name="b.xlsx")
    assert "7 rows create a record" in text(preview)


def test_a_large_file_with_refused_rows_is_refused_by_the_jobs_preview(operator, editor_client):
    rows = place_rows(6)
    rows[1][4] = "99"  # line 3: no such département
    pending = upload(editor_client, csv_bytes([PLACE_HEADER, *rows]), lang="fr")
    assert "Ce fichier compte plus de 5 lignes, trop pour en préparer l’aperçu" in text(pending)
    run_imports()
    preview = editor_client.get(admin_url("change", pending.context["batch"].pk, lang="fr"))
    assert preview.context["batch"].state == ImportState.REFUSED
    assert outcomes(preview)[:3] == [(2, "created"), (3, "refused"), (4, "created")]
    page = text(preview)
    # In the language of the admin the file was sent from, as an inline preview says it.
    assert "1 ligne est refusée" in page
    assert "Colonne « department_code » : « 99 » n’est pas un code de département" in page
    assert "Confirm" not in page and "Confirmer" not in page
    batch = preview.context["batch"]
    assert editor_client.post(admin_url("change", batch.pk), {"_confirm": 1}).status_code == 403
    assert Center.objects.count() == 0


def test_previewing_and_saving_take_as_many_queries_for_6_rows_as_for_3(operator, editor):
    """What lets the job go through 20,000 rows: a file's rows are not read or written one
    query each (the lists and the hours of the new places are inserted together)."""
    ProgramFactory(slug="caso")
    TargetGroupFactory(slug="women")
    ServiceFactory(slug="dental")
    LanguageFactory(code="ar")
    header = [*PLACE_HEADER, "programs", "audiences", "services", "languages"]

    def queries(count):
        rows = place_rows(count, start=100 * count)  # ids of their own: P300…, P600…
        rows = [[*row, "caso", "women", "dental", "ar"] for row in rows]
        batch = ImportBatch(
            kind="places",
            source=f"source-{count}",
            file_name="big.csv",
            content=csv_bytes([header, *rows]),
            uploaded_by=editor,
        )
        steps = [
            lambda: importer.preview(batch, editor),
            lambda: importer.confirm(batch, editor),
            lambda: importer.preview(batch, editor),  # every row now unchanged
        ]
        counted = []
        for step in steps:
            with CaptureQueriesContext(connection) as captured:
                step()
            counted.append(len(captured))
        assert importer.counts(batch.preview) == {"unchanged": count}
        return counted

    queries(1)  # what is read once a process (content types)
    assert queries(3) == queries(6)
    place = Center.objects.get(external_source="source-6", external_id="P605")
    assert [p.slug for p in place.programs.all()] == ["caso"]
    assert [g.slug for g in place.audiences.all()] == ["women"]
    assert [s.slug for s in place.services.all()] == ["dental"]
    assert [language.code for language in place.languages.all()] == ["ar"]
    assert place.opening_hours.count() == 5


def test_a_file_at_the_threshold_is_saved_at_once(operator, editor_client):
    preview = upload(editor_client, csv_bytes([PLACE_HEADER, *place_rows(5)]))
    assert "too many to save while you wait" not in text(preview)
    assert "Import saved: 5 created" in text(confirm(editor_client, preview))
    assert ImportBatch.objects.get().state == ImportState.CONFIRMED


def test_the_same_large_file_again_creates_nothing_twice(operator, editor_client):
    data = csv_bytes([PLACE_HEADER, *place_rows(6)])
    confirm(editor_client, upload_large(editor_client, data))
    run_imports()
    versions = Version.objects.count()
    again = upload_large(editor_client, data)
    assert "6 rows change nothing" in text(again)
    confirm(editor_client, again)
    run_imports()
    assert (Center.objects.count(), Version.objects.count()) == (6, versions)
    assert set(ImportBatch.objects.values_list("state", flat=True)) == {ImportState.CONFIRMED}


def test_a_row_refused_at_save_time_saves_nothing_and_the_batch_says_why(operator, editor_client):
    OrganizationFactory(slug="other", name="Autre")
    rows = place_rows(6)
    rows[2][3] = "other"  # line 4
    preview = upload_large(editor_client, csv_bytes([PLACE_HEADER, *rows]))
    confirm(editor_client, preview)
    # Between the confirmation and the job, the organisation changes its address.
    Organization.objects.filter(slug="other").update(slug="autre")

    _out, err = run_imports()
    assert "row 4 is refused now" in err
    assert Center.objects.count() == 0
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.FAILED
    page = text(editor_client.get(admin_url("change", batch.pk)))
    assert (
        "Nothing was saved: the records changed since the preview, and row 4 is refused now: "
        "Column “operator”: no organisation “other” exists."
    ) in page
    assert "1 row is refused" in page  # the preview as it is now
    assert "Confirm: save every row" not in page
    # The job does not take it again.
    assert "Imports previewed, saved or refused: 0." in run_imports()[0]


def test_the_job_speaks_the_language_the_file_was_confirmed_in(operator, editor_client):
    OrganizationFactory(slug="other", name="Autre")
    rows = place_rows(6)
    rows[0][3] = "other"
    preview = upload_large(editor_client, csv_bytes([PLACE_HEADER, *rows]), lang="fr")
    editor_client.post(admin_url("change", preview.context["batch"].pk, lang="fr"), {"_confirm": 1})
    Organization.objects.filter(slug="other").delete()
    run_imports()
    assert "Rien n’a été enregistré" in ImportBatch.objects.get().error


def test_a_staff_member_who_lost_the_right_to_import_saves_nothing(operator, editor):
    batch = queued_batch(editor, place_rows(6))
    pending = pending_batch(editor, place_rows(6, start=7))
    editor.groups.clear()
    run_imports()
    batch.refresh_from_db()
    pending.refresh_from_db()
    assert (batch.state, pending.state) == (ImportState.FAILED, ImportState.FAILED)
    assert "may no longer import" in batch.error
    assert "No preview: the staff member who sent the file may no longer import" in pending.error
    assert pending.preview["rows"] == []
    assert Center.objects.count() == 0


def test_the_page_of_a_running_import_says_so(operator, editor, editor_client):
    batch = queued_batch(editor, place_rows(6))
    pending = pending_batch(editor, place_rows(6, start=7))
    assert [jobs.claim().pk, jobs.claim().pk] == [batch.pk, pending.pk]
    page = text(editor_client.get(admin_url("change", batch.pk)))
    assert "The import job has been saving the file since" in page
    assert "Confirm: save every row" not in page
    page = text(editor_client.get(admin_url("change", pending.pk)))
    assert "The import job has been preparing the preview since" in page
    assert "Reload this page to see the result." in page
    assert "Confirm: save every row" not in page


def test_claiming_twice_takes_each_batch_once(operator, editor):
    batch = queued_batch(editor, place_rows(6))
    pending = pending_batch(editor, place_rows(6, start=7))
    claims = []
    for _ in range(3):
        with transaction.atomic():
            claims.append(jobs.claim())
    first, second, third = claims
    assert (first.pk, second.pk, third) == (batch.pk, pending.pk, None)
    assert jobs.run(second) == ImportState.PREVIEWED
    assert jobs.run(first) == ImportState.CONFIRMED
    assert Center.objects.count() == 6


def test_a_preview_left_by_a_dead_job_is_prepared_again(operator, editor):
    batch = pending_batch(editor, place_rows(6))
    just_now, long_ago = timezone.now(), timezone.now() - jobs.RESTART_AFTER - timedelta(minutes=1)
    waiting = ImportBatch.objects.filter(pk=batch.pk)
    waiting.update(state=ImportState.PREVIEWING, started_at=just_now)
    assert jobs.claim() is None  # another job is at work on it
    waiting.update(started_at=long_ago)
    assert [state for _batch, state in jobs.run_queued()] == [ImportState.PREVIEWED]
    assert len(waiting.get().preview["rows"]) == 6


@pytest.mark.django_db(transaction=True)
def test_two_jobs_at_once_take_each_file_once(operator, boss):
    queued = queued_batch(boss, place_rows(6))
    pending = pending_batch(boss, place_rows(6, start=7))
    start = threading.Barrier(2)
    results = []

    def job():
        try:
            start.wait()
            results.append(jobs.run_queued())
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = sorted(batch.pk for done in results for batch, _state in done)
    assert taken == sorted([queued.pk, pending.pk])  # each once, by one job or the other
    assert Center.objects.count() == 6
    assert ImportBatch.objects.get(pk=queued.pk).state == ImportState.CONFIRMED
    assert ImportBatch.objects.get(pk=pending.pk).state == ImportState.PREVIEWED


@pytest.mark.django_db(transaction=True)
def test_a_job_still_saving_keeps_its_batch_and_a_dead_ones_is_taken_again(operator, boss):
    batch = queued_batch(boss, place_rows(6))
    long_ago = timezone.now() - jobs.RESTART_AFTER - timedelta(minutes=1)
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportState.RUNNING, started_at=long_ago)
    locked, release = threading.Event(), threading.Event()

    def saving():
        """A job still saving: its transaction holds the batch's row."""
        try:
            with transaction.atomic():
                ImportBatch.objects.select_for_update().get(pk=batch.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=saving)
    thread.start()
    try:
        assert locked.wait(10)
        assert jobs.claim() is None
    finally:
        release.set()
        thread.join()
    # That job died without saving (its transaction rolled back): the next job takes it again.
    assert jobs.run_queued() and Center.objects.count() == 6
