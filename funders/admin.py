from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from accounts.admin import MembershipAdmin
from core.admin import in_all_languages, translated

from . import services
from .forms import FunderPasswordResetForm, GrantDocumentAdminForm
from .models import DocumentDownload, DraftShare, FunderComment, FunderMembership, GrantDocument
from .views import FUNDERS


def _change_link(obj):
    if obj is None:
        return ""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


@admin.register(FunderMembership)
class FunderMembershipAdmin(MembershipAdmin):
    entrance = FUNDERS
    reset_form = FunderPasswordResetForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.join_funders_group(obj.user)

    def delete_model(self, request, obj):
        services.remove_member(obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            services.remove_member(membership)


@admin.register(DraftShare)
class DraftShareAdmin(admin.ModelAdmin):
    fields = ["grant", "program", "organization", "note", "shared_by", "shared_at"]
    readonly_fields = ["shared_by", "shared_at"]
    list_display = ["subject_column", "status_column", "organization", "shared_by", "shared_at"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = [
        "grant__program",
        "grant__funder",
        "program",
        "organization",
        "shared_by",
    ]
    search_fields = [
        "grant__slug",
        *in_all_languages("program__title", "grant__program__title", "organization__name"),
    ]
    autocomplete_fields = ["grant", "program", "organization"]
    date_hierarchy = "shared_at"

    @admin.display(description=_("shared draft"))
    def subject_column(self, obj):
        return _change_link(obj.subject)

    @admin.display(description=_("publication state"))
    def status_column(self, obj):
        return obj.subject.get_status_display()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.shared_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GrantDocument)
class GrantDocumentAdmin(TranslationAdmin):
    form = GrantDocumentAdminForm
    list_display = [
        "title",
        "grant",
        "funder",
        "visibility",
        "size_column",
        "uploaded_at",
        "uploaded_by",
    ]
    list_filter = ["visibility", ("grant__funder", admin.RelatedOnlyFieldListFilter), "uploaded_at"]
    list_select_related = ["grant__program", "grant__funder", "uploaded_by"]
    search_fields = [
        *in_all_languages("title"),
        "grant__slug",
        *in_all_languages("grant__funder__name"),
    ]
    autocomplete_fields = ["grant"]
    readonly_fields = [
        "download_link",
        "size_column",
        "uploaded_by",
        "uploaded_at",
        "downloads_link",
    ]
    # The public address of a document is its download: no "view on site" button.
    view_on_site = False

    def get_fieldsets(self, request, obj=None):
        fields = ["grant", translated("title"), "visibility"]
        if obj is None:
            return [(None, {"fields": [*fields, "file"]})]
        # The stored file is not replaced in place: upload a new document instead.
        return [
            (None, {"fields": fields}),
            (
                _("File"),
                {
                    "fields": [
                        "download_link",
                        "size_column",
                        ("uploaded_by", "uploaded_at"),
                        "downloads_link",
                    ]
                },
            ),
        ]

    @admin.display(description=_("funder"), ordering="grant__funder__name")
    def funder(self, obj):
        return obj.grant.funder.name

    @admin.display(description=_("size"), ordering="size")
    def size_column(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("PDF file"))
    def download_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.download_name)

    @admin.display(description=_("downloads"))
    def downloads_link(self, obj):
        url = (
            reverse("admin:funders_documentdownload_changelist") + f"?document__id__exact={obj.pk}"
        )
        count = obj.downloads.count()
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext("%(n)d download", "%(n)d downloads", count) % {"n": count},
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
            obj.size = obj.file.size
        super().save_model(request, obj, form, change)

    # A deleted document leaves no file behind in the private folder.
    def delete_model(self, request, obj):
        obj.file.delete(save=False)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            document.file.delete(save=False)
        super().delete_queryset(request, queryset)


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(admin.ModelAdmin):
    """The download log: read only, and kept (nobody deletes it from here)."""

    list_display = ["downloaded_at", "document", "visibility", "grant", "who"]
    list_filter = [
        "document__visibility",
        ("document__grant__funder", admin.RelatedOnlyFieldListFilter),
        ("document", admin.RelatedOnlyFieldListFilter),
        "downloaded_at",
    ]
    list_select_related = ["document__grant__program", "document__grant__funder", "user"]
    search_fields = ["username", *in_all_languages("document__title"), "document__grant__slug"]
    date_hierarchy = "downloaded_at"

    @admin.display(description=_("visibility"), ordering="document__visibility")
    def visibility(self, obj):
        return obj.document.get_visibility_display()

    @admin.display(description=_("grant"))
    def grant(self, obj):
        return obj.document.grant

    @admin.display(description=_("who"), ordering="username")
    def who(self, obj):
        return obj.username or _("a visitor who was not signed in")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FunderComment)
class FunderCommentAdmin(admin.ModelAdmin):
    """Funders' comments, as they wrote them: read only."""

    list_display = ["created_at", "organization", "author", "subject_column", "excerpt"]
    list_filter = [
        ("organization", admin.RelatedOnlyFieldListFilter),
        ("program", admin.RelatedOnlyFieldListFilter),
        ("grant", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["organization", "author", "grant__program", "grant__funder", "program"]
    search_fields = ["text", "author__username", *in_all_languages("organization__name")]
    date_hierarchy = "created_at"
    fields = ["organization", "author", "created_at", "subject_column", "text"]
    readonly_fields = fields

    @admin.display(description=_("about"))
    def subject_column(self, obj):
        return _change_link(obj.subject)

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(120)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
