"""The admin site's titles, and the screens of core's own models: key figures, changes waiting
for review, recent changes across the site."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationGenericStackedInline
from reversion.models import Revision

from .. import workflow
from ..models import KeyFigure, PendingChange, PendingChangeStatus
from .content import ContentAdmin, ContentInlineMixin
from .fields import in_all_languages, translated

# SITE_NAME, read when a page is drawn.
admin.site.site_header = admin.site.site_title = lazy(
    lambda: _("%(site_name)s administration") % {"site_name": settings.SITE_NAME}, str
)()
admin.site.index_title = _("Content of the site")

# The records a key figure may describe (their models have a key_figures relation).
KEY_FIGURE_SUBJECTS = (
    Q(app_label="programs", model="program")
    | Q(app_label="centers", model="center")
    | Q(app_label="partners", model="organization")
    | Q(app_label="history", model="event")
)

KEY_FIGURE_FIELDS = [
    ("value", "qualifier", "unit"),
    translated("label"),
    translated("period"),
    translated("scope"),
    "position",
]


class KeyFigureInline(ContentInlineMixin, TranslationGenericStackedInline):
    model = KeyFigure
    fieldsets = [(None, {"fields": KEY_FIGURE_FIELDS})]


@admin.register(KeyFigure)
class KeyFigureAdmin(ContentAdmin):
    fieldsets = [
        (
            _("Described record"),
            {
                "fields": [("content_type", "object_id")],
                "description": _(
                    "Easier from the record itself: a program, place, organisation or event "
                    "page lists its key figures."
                ),
            },
        ),
        (None, {"fields": KEY_FIGURE_FIELDS}),
    ]
    list_display = ["__str__", "subject_display", "content_type", "status"]
    list_filter = ["status", "content_type", "unit", "qualifier", "source_document"]
    search_fields = in_all_languages("label", "period", "scope")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("content_type").prefetch_related("subject")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(KEY_FIGURE_SUBJECTS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("described record"))
    def subject_display(self, obj):
        return obj.subject


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """Publishers approve or reject editors' changes to live records."""

    list_display = ["object_repr", "content_type", "author", "created_at", "status", "reviewed_by"]
    list_filter = ["status", "content_type"]
    search_fields = ["object_repr", "reason", "review_comment"]
    list_select_related = ["content_type", "author", "reviewed_by"]
    date_hierarchy = "created_at"
    change_form_template = "admin/core/pendingchange/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def can_review(self, request, change):
        return change.status == PendingChangeStatus.PENDING and workflow.can_publish(
            request.user, change.content_type.model_class()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None or not self.has_view_permission(request, change):
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST":
            if not self.can_review(request, change):
                raise PermissionDenied
            comment = request.POST.get("review_comment", "").strip()
            if "_approve" in request.POST:
                try:
                    workflow.approve(change, request.user, comment)
                except workflow.StaleChange as exc:
                    # Approving would undo what was saved since the change was proposed.
                    for line in exc.lines():
                        messages.error(request, line)
                    return redirect(request.path)
                except (ValidationError, ValueError) as exc:
                    messages.error(
                        request, _("This change cannot be applied: %(error)s") % {"error": exc}
                    )
                else:
                    messages.success(request, _("The change is approved and now online."))
            elif "_reject" in request.POST:
                if not comment:
                    messages.error(
                        request, _("Say why the change is rejected: the editor will read it.")
                    )
                    return redirect(request.path)
                workflow.reject(change, request.user, comment)
                messages.success(request, _("The change is rejected."))
            return redirect(reverse("admin:core_pendingchange_changelist"))
        target = change.target
        extra_context = {
            **(extra_context or {}),
            "diff_rows": workflow.diff(change),
            "author": workflow.author_of(change),
            "target": target,
            "target_url": target_admin_url(target),
            "can_review": self.can_review(request, change),
        }
        return super().change_view(request, object_id, form_url, extra_context)


def target_admin_url(obj):
    if obj is None:
        return ""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@admin.register(Revision)
class AuditAdmin(admin.ModelAdmin):
    """Recent changes across the site, for publishers: who, when, what, and why."""

    list_display = ["date_created", "user", "comment", "records"]
    list_filter = ["date_created", "user"]
    search_fields = ["comment", "user__username", "version__object_repr"]
    date_hierarchy = "date_created"
    list_select_related = ["user"]
    ordering = ["-date_created"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("version_set__content_type")

    @admin.display(description=_("records"))
    def records(self, revision):
        return format_html_join(
            ", ",
            "{} ({})",
            (
                (v.object_repr, v.content_type.model_class()._meta.verbose_name)
                for v in revision.version_set.all()
            ),
        )
