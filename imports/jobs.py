"""The import job: a large file is previewed and saved outside the web request.

A file of more than IMPORT_INLINE_MAX_ROWS rows is neither previewed nor saved in a web request
(the preview of 20,000 rows, and their saving, take longer than a web worker may answer):

- the upload only reads the file to count its rows (`preview_or_queue`: no record is built) and
  stores it, *waiting for its preview* (`PREVIEW_QUEUED`); the job builds the preview, after
  which the batch waits for the staff member's confirmation, as a small file's does;
- confirming it does not save it: the batch is *queued*, and the job saves it.

`manage.py run_imports`, run by a timer every IMPORT_JOB_MINUTES minutes, takes the waiting
batches one by one, the oldest first (by when they were sent, or confirmed):

- `claim()` takes the oldest waiting batch and marks it *previewing* or *running*, in a
  transaction of its own, under `SELECT … FOR UPDATE SKIP LOCKED`: two jobs started at once
  never take the same batch.
- `run()` builds its preview (`importer.preview`, the same code as the upload's, as the staff
  member who sent it) and marks it *previewed* or *refused*; or saves it exactly as the admin's
  confirmation does (`importer.confirm`: the same rows, versions, sources, drafts and changes
  waiting for review, and the same signals that make cached pages stale), and marks it
  *confirmed* in the same transaction: the rows are saved if and only if the batch says so.
  The batch's row stays locked while the job works on it.
- a refused row at save time (the records changed since the preview), a staff member who may
  no longer import, or any error: nothing is saved, the batch is *failed*, with the reason in
  plain words and, for refused rows, the preview as it is now.

A job that died on a batch (killed, the machine restarted) leaves it *previewing* or *running*
with its transaction rolled back, so nothing of it is saved; the next job takes it again once it
is RESTART_AFTER old and its row is not locked (a job still at work holds the lock). Saving a
file twice creates nothing twice anyway: its rows then match the records they created.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import importer
from .models import ImportBatch, ImportState
from .reading import FileRefused, read_rows

logger = logging.getLogger(__name__)

RESTART_AFTER = timedelta(minutes=15)
# The states in which a staff member may confirm a batch (again, after a failure that the
# preview does not explain: an unexpected error).
CONFIRMABLE = (ImportState.PREVIEWED, ImportState.FAILED)
# The states of a file whose preview the import job has not finished.
PREVIEW_STATES = (ImportState.PREVIEW_QUEUED, ImportState.PREVIEWING)


def should_queue(summary):
    """Whether a confirmed file is too large to be saved in the web request."""
    return len(summary.get("rows", [])) > settings.IMPORT_INLINE_MAX_ROWS


def preview_or_queue(batch, user):
    """At upload: preview the file in the request, or, when it has more rows than
    IMPORT_INLINE_MAX_ROWS, leave its preview to the import job. The request reads a CSV file
    to count its rows, a workbook only as far as the row after the threshold (no record is
    built, none read). A file refused by what the request read (its encoding, its header, more
    rows than the limit) is refused at once. Sets the batch's state, preview and language; the
    caller saves it."""
    batch.language = translation.get_language() or settings.LANGUAGE_CODE
    threshold = settings.IMPORT_INLINE_MAX_ROWS
    try:
        read = read_rows(bytes(batch.content), stop=threshold)
    except FileRefused:
        read = None  # the preview says why
    else:
        header, rows = read  # every row, when there are no more than the threshold
        if len(rows) > threshold and not importer.Importer(batch, user).check_header(header):
            batch.state = ImportState.PREVIEW_QUEUED
            batch.preview = {"file_errors": [], "rows": []}
            return
    summary = importer.preview(batch, user, read=read)
    batch.state = ImportState.PREVIEWED if importer.can_confirm(summary) else ImportState.REFUSED


def queue(batch, user):
    """Hand a previewed batch to the import job (the admin's language is the job's). False when
    it was no longer waiting for a confirmation (confirmed twice at once, say)."""
    now = timezone.now()
    values = {
        "state": ImportState.QUEUED,
        "confirmed_by": user,
        "confirmed_at": now,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "error": "",
        "started_at": None,
        "finished_at": None,
    }
    queued = ImportBatch.objects.filter(pk=batch.pk, state__in=CONFIRMABLE).update(**values)
    for name, value in values.items():
        setattr(batch, name, value)
    return bool(queued)


def claim():
    """The next batch to preview or save, now marked previewing or running, or None. Safe when
    two jobs run at once."""
    now = timezone.now()
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(skip_locked=True)
            .filter(
                Q(state__in=(ImportState.PREVIEW_QUEUED, ImportState.QUEUED))
                | Q(
                    state__in=(ImportState.PREVIEWING, ImportState.RUNNING),
                    started_at__lt=now - RESTART_AFTER,
                )
            )
            # Waiting since it was confirmed (a save) or sent (a preview).
            .order_by(Coalesce("confirmed_at", "uploaded_at"), "pk")
            .first()
        )
        if batch is None:
            return None
        batch.state = (
            ImportState.PREVIEWING if batch.state in PREVIEW_STATES else ImportState.RUNNING
        )
        batch.started_at = now
        batch.save(update_fields=["state", "started_at"])
    return batch


def run(batch):
    """Preview or save a claimed batch (every row or none) and record the result. Returns its
    state."""
    previewing = batch.state == ImportState.PREVIEWING
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        try:
            with transaction.atomic():
                # Locked while the job works on it: another job's claim() skips it.
                current = ImportBatch.objects.select_for_update().only("state").get(pk=batch.pk)
                if current.state != batch.state:
                    return current.state  # taken and finished by another job meanwhile
                if previewing:
                    _preview(batch)
                else:
                    _save(batch)
        except importer.Changed as changed:
            _failed(batch, _refused_now(changed), refresh=True)
        except NotAllowed as refusal:
            _failed(batch, str(refusal))
        except Exception:
            logger.exception("Import %s failed", batch.pk)
            if previewing:
                message = _(
                    "No preview: an unexpected error stopped the import job (it is in the "
                    "server's log). Send the file again later, or tell the site's administrator."
                )
            else:
                message = _(
                    "Nothing was saved: an unexpected error stopped the import job (it is in the "
                    "server's log). Confirm again later, or tell the site's administrator."
                )
            _failed(batch, message)
    return batch.state


class NotAllowed(Exception):
    """The staff member who confirmed the file may no longer import it."""


def _preview(batch):
    """Build the preview of a large file, as the staff member who sent it (nothing written)."""
    user = batch.uploaded_by
    if user is None or not importer.may_import(user, batch.kind):
        raise NotAllowed(
            _(
                "No preview: the staff member who sent the file may no longer import this kind "
                "of record."
            )
        )
    summary = importer.preview(batch, user)
    batch.state = ImportState.PREVIEWED if importer.can_confirm(summary) else ImportState.REFUSED
    batch.error = ""
    batch.save(update_fields=["preview", "state", "error"])


def _save(batch):
    user = batch.confirmed_by
    if user is None or not importer.may_import(user, batch.kind):
        raise NotAllowed(
            _(
                "Nothing was saved: the staff member who confirmed the file may no longer "
                "import this kind of record."
            )
        )
    batch.preview = importer.confirm(batch, user)
    batch.state = ImportState.CONFIRMED
    batch.finished_at = timezone.now()
    batch.error = ""
    batch.save(update_fields=["preview", "state", "finished_at", "error"])


def _refused_now(changed):
    """The plain words of a Changed: the first refused row and why, or the file's problems."""
    found = changed.args[0] if changed.args else None
    if isinstance(found, importer.RowResult):
        first = _(
            "Nothing was saved: the records changed since the preview, and row %(line)s is "
            "refused now: %(why)s"
        ) % {"line": found.line, "why": " ".join(str(m) for m in found.messages)}
    else:
        first = _("Nothing was saved: the file is refused now: %(why)s") % {
            "why": " ".join(str(m) for m in found or [])
        }
    return " ".join(
        [
            first,
            _(
                "The preview below is as it is now: correct the refused rows in your file and "
                "send it again."
            ),
        ]
    )


def _failed(batch, message, refresh=False):
    if refresh and batch.confirmed_by is not None:
        batch.preview = importer.preview(batch, batch.confirmed_by)
    batch.state = ImportState.FAILED
    batch.error = message
    batch.finished_at = timezone.now()
    batch.save(update_fields=["preview", "state", "error", "finished_at"])


def run_queued(limit=None):
    """Claim and preview or save waiting batches until none is left (or `limit` of them):
    [(batch, state)]."""
    done = []
    while limit is None or len(done) < limit:
        batch = claim()
        if batch is None:
            break
        done.append((batch, run(batch)))
    return done
