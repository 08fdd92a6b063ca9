"""The import screens in the admin (Spreadsheet imports): upload a file and read its preview,
row by row; confirm it; download the empty template or every existing record in it.

The file waits in the database (ImportBatch.content) between the preview and the confirmation,
so that any node may show one and take the other.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from centers.models import Center, CenterKind
from partners.models import Organization, OrganizationKind

from . import exporting, importer, jobs
from .columns import ORGANIZATION_COLUMNS, PLACE_COLUMNS, SITE_SOURCE
from .importer import may_import
from .models import ImportBatch, ImportKind, ImportState

FORMATS = ("csv", "xlsx")
WHAT = ("places", "organizations")


class UploadForm(forms.ModelForm):
    file = forms.FileField(label=_("File"))

    class Meta:
        model = ImportBatch
        fields = ["kind", "source", "record_kind"]
        widgets = {"record_kind": forms.Select}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["record_kind"].widget.choices = [
            ("", "—"),
            (_("Organisations"), list(OrganizationKind.choices)),
            (_("Places"), list(CenterKind.choices)),
        ]
        megabytes = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            "CSV (UTF-8) or XLSX; at most %(size)s MB and %(rows)s rows."
        ) % {
            "size": megabytes,
            "rows": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True),
        }

    def clean_source(self):
        source = self.cleaned_data["source"].strip()
        if source == SITE_SOURCE:
            raise forms.ValidationError(
                _("“site” is reserved for the records of this site: choose another name.")
            )
        return source

    def clean(self):
        data = super().clean()
        kind, record_kind = data.get("kind"), data.get("record_kind", "")
        if kind and self.user is not None and not may_import(self.user, kind):
            raise forms.ValidationError(_("You may not import this kind of record."))
        if kind == ImportKind.DI_STRUCTURES and record_kind not in OrganizationKind.values:
            self.add_error(
                "record_kind",
                _(
                    "data·inclusion does not say what kind of organisation a structure is: "
                    "choose one of the organisations' kinds."
                ),
            )
        if kind == ImportKind.DI_SERVICES and record_kind not in CenterKind.values:
            self.add_error(
                "record_kind",
                _(
                    "data·inclusion does not say what kind of place a service is: choose one of "
                    "the places' kinds."
                ),
            )
        if kind in (ImportKind.PLACES, ImportKind.ORGANIZATIONS):
            data["record_kind"] = ""
        upload = data.get("file")
        if upload is not None and upload.size > settings.IMPORT_MAX_BYTES:
            self.add_error(
                "file",
                _("The file is larger than %(limit)s MB, the limit for an import.")
                % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
            )
        return data


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "source", "uploaded_by", "uploaded_at", "state"]
    list_filter = ["state", "kind"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name", "source"]
    date_hierarchy = "uploaded_at"

    def get_queryset(self, request):
        # The files are not read by the list.
        return super().get_queryset(request).defer("content", "preview")

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        urls = [
            path(
                "template/<str:what>.<str:file_format>",
                self.admin_site.admin_view(self.template_view),
                name="imports_importbatch_template",
            ),
            path(
                "export/<str:what>.<str:file_format>",
                self.admin_site.admin_view(self.export_view),
                name="imports_importbatch_export",
            ),
        ]
        return urls + super().get_urls()

    def _check_file_request(self, request, what, file_format):
        if what not in WHAT or file_format not in FORMATS:
            raise Http404
        model = Center if what == "places" else Organization
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            raise PermissionDenied

    def template_view(self, request, what, file_format):
        self._check_file_request(request, what, file_format)
        return exporting.template_response(what, file_format)

    def export_view(self, request, what, file_format):
        self._check_file_request(request, what, file_format)
        return exporting.export_response(what, file_format)

    def context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "app_label": self.model._meta.app_label,
            "place_columns": PLACE_COLUMNS,
            "organization_columns": ORGANIZATION_COLUMNS,
            **extra,
        }

    @staticmethod
    def downloads():
        """(address, link text) of the templates and exports the import page offers."""
        labels = {
            ("template", "places"): _("The empty template of places, %(format)s"),
            ("template", "organizations"): _("The empty template of organisations, %(format)s"),
            ("export", "places"): _(
                "Every place in the template, to correct and import back, %(format)s"
            ),
            ("export", "organizations"): _("Every organisation in the template, %(format)s"),
        }
        return [
            (
                reverse(f"admin:imports_importbatch_{view}", args=[what, file_format]),
                label % {"format": file_format.upper()},
            )
            for (view, what), label in labels.items()
            for file_format in ("xlsx", "csv")
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            batch = form.save(commit=False)
            batch.file_name = upload.name[:255]
            batch.content = upload.read()
            batch.uploaded_by = request.user
            # A large file is only stored here: the import job builds its preview.
            jobs.preview_or_queue(batch, request.user)
            batch.save()
            return redirect(reverse("admin:imports_importbatch_change", args=[batch.pk]))
        return TemplateResponse(
            request,
            "admin/imports/importbatch/upload.html",
            self.context(
                request, form=form, title=_("Import a spreadsheet"), downloads=self.downloads()
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, unquote(object_id))
        if batch is None or not self.has_view_permission(request, batch):
            raise Http404
        may_confirm = (
            batch.state in jobs.CONFIRMABLE
            and may_import(request.user, batch.kind)
            and importer.can_confirm(batch.preview)
        )
        if request.method == "POST":
            if not may_confirm or "_confirm" not in request.POST:
                raise PermissionDenied
            return self.confirm(request, batch)
        summary = batch.preview or {}
        preview_pending = batch.state in jobs.PREVIEW_STATES
        # A failed preview (an unexpected error in the job) has no rows to show.
        preview_failed = batch.state == ImportState.FAILED and not (
            summary.get("rows") or summary.get("file_errors")
        )
        return TemplateResponse(
            request,
            "admin/imports/importbatch/preview.html",
            self.context(
                request,
                batch=batch,
                original=batch,
                title=_("Import of %(file)s") % {"file": batch.file_name},
                file_errors=summary.get("file_errors", []),
                rows=summary.get("rows", []),
                counts=importer.counts(summary),
                may_confirm=may_confirm,
                queued_message=self.queued_message(),
                show_preview=not (preview_pending or preview_failed),
                preview_queued_message=self.preview_queued_message(),
                will_queue=jobs.should_queue(summary),
                job_minutes=settings.IMPORT_JOB_MINUTES,
            ),
        )

    def confirm(self, request, batch):
        if jobs.should_queue(batch.preview):
            # Too many rows to save before a web worker's timeout: the import job saves it.
            # The page then says so, by the batch's state.
            jobs.queue(batch, request.user)
            return redirect(request.path)
        try:
            summary = importer.confirm(batch, request.user)
        except importer.Changed:
            # Something changed since the preview: show the preview as it is now.
            batch.preview = importer.preview(batch, request.user)
            batch.save(update_fields=["preview"])
            messages.error(
                request,
                _(
                    "Nothing was saved: the records changed since the preview, and some rows "
                    "are now refused. Read the preview again."
                ),
            )
            return redirect(request.path)
        batch.preview = summary
        batch.state = ImportState.CONFIRMED
        batch.confirmed_by = request.user
        batch.confirmed_at = timezone.now()
        batch.save(update_fields=["preview", "state", "confirmed_by", "confirmed_at"])
        counts = importer.counts(summary)
        messages.success(
            request,
            _(
                "Import saved: %(created)s created, %(updated)s updated, "
                "%(review)s waiting for review, %(unchanged)s unchanged."
            )
            % {
                "created": counts.get(importer.CREATED, 0),
                "updated": counts.get(importer.UPDATED, 0),
                "review": counts.get(importer.FOR_REVIEW, 0),
                "unchanged": counts.get(importer.UNCHANGED, 0),
            },
        )
        return redirect(request.path)

    @staticmethod
    def preview_queued_message():
        return _(
            "This file has more than %(rows)s rows, too many to preview while you wait. It is "
            "stored, and the import job, which starts within %(minutes)s minutes, prepares its "
            "preview: what each row would create, update or refuse, and why. Nothing is saved "
            "before you read it and confirm."
        ) % {
            "rows": number_format(settings.IMPORT_INLINE_MAX_ROWS, force_grouping=True),
            "minutes": settings.IMPORT_JOB_MINUTES,
        }

    @staticmethod
    def queued_message():
        return _(
            "Confirmed. The file is large, so it is not saved at once: it is queued and will be "
            "saved within %(minutes)s minutes by the import job, every row or none."
        ) % {"minutes": settings.IMPORT_JOB_MINUTES}
