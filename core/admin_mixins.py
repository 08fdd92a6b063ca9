"""What every admin of a content record shares: publication and source fieldsets, the staff
source filled in on save, French and English fields side by side."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import workflow
from .models import ContentModel, PendingChange, Status
from .sources import SourceDocument

PUBLICATION_FIELDS = ["status", ("publish_at", "unpublish_at")]
# source_passage on a line of its own: an error on it then keeps its fieldset open.
SOURCE_FIELDS = [
    "source_document",
    "source_passage",
    ("source_entered_by", "source_entered_on"),
    "source_verification",
]
RECORD_FIELDS = ["seed_key", "created_at", "updated_at"]
USER_FIELDS = {"source_entered_by", "last_verified_by"}


def translated(name):
    """One fieldset line holding a translated field in each language: ("name_fr", "name_en")."""
    return tuple(build_localized_fieldname(name, lang) for lang in mt_settings.AVAILABLE_LANGUAGES)


def in_all_languages(*names):
    """The language versions of fields, flat, for search_fields: ["name_fr", "name_en", …]."""
    return [field for name in names for field in translated(name)]


def fill_staff_source(record, user):
    """Record who entered a staff fact, and when, if the form left it empty."""
    if not isinstance(record, ContentModel) or record.source_document != SourceDocument.STAFF:
        return
    if record.source_entered_by_id is None and user.is_authenticated:
        record.source_entered_by = user
    if record.source_entered_on is None:
        record.source_entered_on = timezone.localdate()


class StaffUserChoiceMixin:
    """Offer staff accounts, by username, for the 'entered by' and 'verified by' fields."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if db_field.name in USER_FIELDS and isinstance(widget, RelatedFieldWidgetWrapper):
            # Accounts are managed in their own screen, not created or edited from a record.
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in USER_FIELDS:
            kwargs.setdefault(
                "queryset",
                get_user_model()._default_manager.filter(is_staff=True).order_by("username"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScheduledFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return [("upcoming", _("goes online later")), ("ending", _("goes offline later"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "ending":
            return queryset.filter(status=Status.PUBLISHED, unpublish_at__gt=now)
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    """For records that staff verify (places): never verified or not for six months."""

    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("stale", _("never verified, or not for six months")), ("fresh", _("verified in the last six months"))]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(workflow.stale_filter())
        if self.value() == "fresh":
            return queryset.exclude(workflow.stale_filter())
        return queryset


def _inline_status_guard(form_class, user, model):
    """An inline form that refuses a state the user may not set on a new or changed row."""

    class GuardedForm(form_class):
        def clean_status(self):
            status = self.cleaned_data.get("status")
            current = self.instance.status if self.instance.pk else None
            if status not in workflow.allowed_statuses(user, model, current):
                raise forms.ValidationError(_("Only a publisher can choose this state."))
            return status

    return GuardedForm


def _deny(*args, **kwargs):
    return False


class ContentAdmin(StaffUserChoiceMixin, VersionAdmin, TranslationAdmin):
    """Admin of a content record. Subclasses declare `fieldsets` for their own fields only.

    Review and publication (core.workflow): editors choose draft or in review; publishers
    every state. An editor's change to a live record is kept for review instead of saved,
    and so is an editor's revert of a live record. History, revert and recovery of deleted
    records come from django-reversion's VersionAdmin.
    """

    readonly_fields = RECORD_FIELDS
    list_per_page = 50
    save_on_top = True
    history_latest_first = True
    object_history_template = "admin/content_history.html"
    actions = ["submit_for_review", "publish", "unpublish", "archive"]
    # Staff paste addresses without a scheme; sites are on https today (and Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fieldsets(self, request, obj=None):
        record = [f for f in RECORD_FIELDS if f != "seed_key" or (obj is not None and obj.seed_key)]
        fieldsets = [
            *super().get_fieldsets(request, obj),
            (_("Publication"), {"fields": PUBLICATION_FIELDS}),
            (_("Source"), {"fields": SOURCE_FIELDS}),
        ]
        if obj is not None:
            fieldsets.append((_("Record"), {"fields": record, "classes": ["collapse"]}))
        return fieldsets

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ScheduledFilter]

    # -- who may do what ----------------------------------------------------------------
    def has_publish_permission(self, request, obj=None):
        return workflow.can_publish(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Status.PUBLISHED and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Only publishers delete in bulk: a selection may hold published records.
        if not self.has_publish_permission(request):
            actions.pop("delete_selected", None)
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields:
            current = obj.status if obj is not None else None
            allowed = workflow.allowed_statuses(request.user, self.model, current)
            field = form.base_fields["status"]
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
        return form

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and workflow.needs_review(request.user, obj):
            # Rows of a live record are read-only for editors: their changes could not wait
            # for review with the record's own fields.
            for inline in inlines:
                inline.has_add_permission = inline.has_change_permission = _deny
                inline.has_delete_permission = _deny
        return inlines

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["needs_review"] = workflow.needs_review(request.user, obj)
            extra_context["pending_changes"] = PendingChange.objects.for_object(obj).waiting()
            if request.method == "GET" and extra_context["needs_review"]:
                messages.info(
                    request,
                    _(
                        "This record is published. Your changes will wait for a publisher's review; "
                        "the published version stays online meanwhile."
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    # -- saving: straight away, or kept for review ----------------------------------------
    def save_model(self, request, obj, form, change):
        if not change:
            fill_staff_source(obj, request.user)
        if change and workflow.needs_review(request.user, obj):
            m2m = {f.name: form.cleaned_data[f.name] for f in obj._meta.many_to_many if f.name in form.cleaned_data}
            request._pending = (obj, m2m)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_pending", None):
            return
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        # "Entered by" is who entered the fact: filled in on new rows only.
        for inline_form in formset.forms:
            if inline_form.instance.pk is None:
                fill_staff_source(inline_form.instance, request.user)
        super().save_formset(request, form, formset, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_pending", None):
            return []  # nothing was saved; log_change says what happened
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "_pending", None):
            message = str(_("Proposed a change for review."))
        return super().log_change(request, obj, message)

    def _keep_for_review(self, request, live=None):
        obj, m2m = request._pending
        change = workflow.propose_change(obj, request.user, m2m, live=live, reason=request.POST.get("_reason", ""))
        if change is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(
                request,
                _(
                    "Your change to “%(record)s” is waiting for a publisher's review. "
                    "The published version stays online until it is approved."
                )
                % {"record": obj},
            )
        return redirect(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))

    def response_change(self, request, obj):
        if getattr(request, "_pending", None) and not getattr(request, "_defer_pending", False):
            return self._keep_for_review(request)
        return super().response_change(request, obj)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A revert by an editor of a live record goes through review like any change."""
        obj = self.get_object(request, unquote(object_id))
        if request.method != "POST" or obj is None or not workflow.needs_review(request.user, obj):
            return super().revision_view(request, object_id, version_id, extra_context)
        live = workflow.snapshot(obj)
        request._defer_pending = True
        savepoint = transaction.savepoint()
        response = super().revision_view(request, object_id, version_id, extra_context)
        # Undo the revert the view made; keep it as a proposal instead.
        transaction.savepoint_rollback(savepoint)
        if getattr(request, "_pending", None):
            return self._keep_for_review(request, live=live)
        return response

    # -- history: versions, and what changed between two of them -------------------------
    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def _versions(self, object_id):
        return (
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision", "revision__user")
            .order_by("-pk")
        )

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        object_id = unquote(object_id)
        revision = f"admin:{opts.app_label}_{opts.model_name}_revision"
        versions = [(v, reverse(revision, args=[quote(v.object_id), v.pk])) for v in self._versions(object_id)]
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "compare_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[quote(object_id)]),
        }
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        object_id = unquote(object_id)
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = {str(v.pk): v for v in self._versions(object_id)}
        chosen = [versions.get(request.GET.get(key, "")) for key in ("a", "b")]
        if None in chosen:
            messages.error(request, _("Choose two versions of this record to compare."))
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[quote(object_id)]))
        older, newer = sorted(chosen, key=lambda v: v.pk)
        opts = self.model._meta
        revision = f"admin:{opts.app_label}_{opts.model_name}_revision"
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object": obj,
            "title": _("What changed in %(record)s") % {"record": obj},
            "older": older,
            "newer": newer,
            "rows": workflow.version_diff(self.model, older.field_dict, newer.field_dict),
            "older_url": reverse(revision, args=[quote(object_id), older.pk]),
            "newer_url": reverse(revision, args=[quote(object_id), newer.pk]),
        }
        return TemplateResponse(request, "admin/content_compare.html", context)

    # -- bulk actions ---------------------------------------------------------------------
    def _move(self, request, queryset, status, comment, message):
        """Move records to a state (each a version in its history); `message` takes the count."""
        moved = workflow.set_status(queryset, status, request.user, comment)
        self.message_user(request, message(moved) % {"count": moved}, messages.SUCCESS)

    @admin.action(description=_("Submit the selected records for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        # Editors submit their drafts; what is live stays live.
        self._move(
            request, queryset.filter(status=Status.DRAFT), Status.IN_REVIEW, _("Submitted for review."),
            lambda n: ngettext("%(count)d record submitted for review.", "%(count)d records submitted for review.", n),
        )

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._move(
            request, queryset, Status.PUBLISHED, _("Published."),
            lambda n: ngettext("%(count)d record published.", "%(count)d records published.", n),
        )

    @admin.action(description=_("Unpublish the selected records (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._move(
            request, queryset.filter(status=Status.PUBLISHED), Status.DRAFT, _("Unpublished (back to draft)."),
            lambda n: ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", n),
        )

    @admin.action(description=_("Archive the selected records"), permissions=["publish"])
    def archive(self, request, queryset):
        self._move(
            request, queryset, Status.ARCHIVED, _("Archived."),
            lambda n: ngettext("%(count)d record archived.", "%(count)d records archived.", n),
        )

    # -- "view on site": the preview of what is not public yet ----------------------------
    def get_view_on_site_url(self, obj=None):
        from .preview import preview_url, supports_preview

        url = super().get_view_on_site_url(obj)
        if url and obj is not None and not obj.is_public and supports_preview(obj):
            return preview_url(obj)
        return url


class ContentInlineMixin(StaffUserChoiceMixin):
    """An inline content record: its publication and source folded away under its own fields."""

    extra = 0
    readonly_fields = RECORD_FIELDS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("status")
        if field is not None and not workflow.can_publish(request.user, self.model):
            # Editors add rows as drafts or for review; rows already published keep their state.
            allowed = {*workflow.EDITOR_STATUSES, Status.PUBLISHED, Status.ARCHIVED}
            field.choices = [(v, label) for v, label in field.choices if v in allowed]
            formset.form = _inline_status_guard(formset.form, request.user, self.model)
        return formset

    def get_fieldsets(self, request, obj=None):
        # obj is the parent record here, so the row's own seed key cannot decide the fields.
        return [
            *super().get_fieldsets(request, obj),
            (_("Publication"), {"fields": PUBLICATION_FIELDS, "classes": ["collapse"]}),
            (_("Source"), {"fields": SOURCE_FIELDS, "classes": ["collapse"]}),
            (_("Record"), {"fields": RECORD_FIELDS, "classes": ["collapse"]}),
        ]


class ContentStackedInline(ContentInlineMixin, TranslationStackedInline):
    pass
