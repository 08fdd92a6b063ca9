"""A spreadsheet uploaded for import, kept in the database between its preview and its
confirmation: any node can show the preview and any node can confirm it."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PLACES = "places", _("places (project template)")
    ORGANIZATIONS = "organizations", _("organisations (project template)")
    DI_STRUCTURES = "di_structures", _("data·inclusion structures (organisations)")
    DI_SERVICES = "di_services", _("data·inclusion services (places)")


class ImportState(models.TextChoices):
    # A file above IMPORT_INLINE_MAX_ROWS is not previewed in the upload's request either: it
    # waits, stored, for the import job (manage.py run_imports), which builds its preview.
    PREVIEW_QUEUED = "to_preview", _("waiting for the import job to prepare its preview")
    PREVIEWING = "previewing", _("preview being prepared by the import job")
    PREVIEWED = "previewed", _("previewed, not saved")
    REFUSED = "refused", _("refused, nothing saved")
    CONFIRMED = "confirmed", _("confirmed and saved")
    # A file above IMPORT_INLINE_MAX_ROWS is not saved in the request: the import job
    # (manage.py run_imports, imports/jobs.py) saves it, every row or none.
    QUEUED = "queued", _("confirmed, waiting for the import job")
    RUNNING = "running", _("being saved by the import job")
    FAILED = "failed", _("failed, nothing saved")


class ImportBatch(models.Model):
    """One uploaded file, its preview row by row, and whether it was confirmed."""

    kind = models.CharField(_("what the file holds"), max_length=16, choices=ImportKind.choices)
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_(
            "Project template: who the rows come from, in a few letters (for example: "
            "reseau-sud), for the rows whose source column is empty. A row's id is unique "
            "within its source: importing the same source again updates its rows. "
            "data·inclusion files name their source on every row."
        ),
    )
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("content"), editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(max_length=64, editable=False)
    record_kind = models.CharField(
        _("kind of every record in the file"),
        max_length=16,
        blank=True,
        help_text=_(
            "data·inclusion files only: the schema does not say what kind of organisation a "
            "structure is, nor what kind of place a service is, so you state it for the file."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.PREVIEWED
    )
    # The preview: {"file_errors": [...], "rows": [{"line", "outcome", "record", "messages"}]}.
    preview = models.JSONField(_("preview"), default=dict, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    # The import job's side (a large file): when it took the file and when it finished, the
    # reason it failed in plain words, and the language of the admin it was confirmed in (the
    # language the job writes its messages in).
    started_at = models.DateTimeField(_("import job started on"), null=True, blank=True)
    finished_at = models.DateTimeField(_("import job finished on"), null=True, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    language = models.CharField(max_length=10, blank=True, editable=False)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        data = bytes(self.content or b"")
        self.size = len(data)
        self.sha256 = hashlib.sha256(data).hexdigest()
        super().save(*args, **kwargs)
