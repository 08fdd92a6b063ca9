from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTimeWidget
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from reversion.admin import VersionAdmin

from core import workflow
from core.admin import (
    ContentAdmin,
    ImportedFilter,
    KeyFigureInline,
    OwnersInRevisionMixin,
    RecoverableDeletionMixin,
    VerificationFilter,
    in_all_languages,
    translated,
)

from .models import (
    Center,
    CorrectionReport,
    Language,
    Notice,
    OpeningHours,
    ReportStatus,
    Service,
    Territory,
)


@admin.register(Territory)
class TerritoryAdmin(TranslationAdmin):
    fields = [translated("name"), "slug", "time_zone", "overseas"]
    list_display = ["name", "slug", "time_zone", "overseas"]
    list_filter = ["overseas"]
    search_fields = [*in_all_languages("name"), "slug"]


@admin.register(Language)
class LanguageAdmin(TranslationAdmin):
    fields = ["code", translated("name")]
    list_display = ["name", "code"]
    search_fields = [*in_all_languages("name"), "code"]


@admin.register(Service)
class ServiceAdmin(ContentAdmin):
    fieldsets = [(None, {"fields": [translated("name"), "slug", translated("description")]})]
    list_display = ["name", "slug", "status"]
    list_filter = ["status", "source_document"]
    search_fields = [*in_all_languages("name"), "slug"]
    prepopulated_fields = {"slug": ("name_fr",)}


# Hours as staff write them: 09:00, not 09:00:00.
HOURS_WIDGET = {models.TimeField: {"widget": AdminTimeWidget(format="%H:%M")}}


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    formfield_overrides = HOURS_WIDGET


class NoticeInline(TranslationTabularInline):
    model = Notice
    extra = 0
    fields = ["kind", translated("message"), "starts_on", "ends_on"]
    # Two messages side by side in a table row: the admin's wide textarea would push the dates out.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 26})}
    }


@admin.register(Center)
class CenterAdmin(ContentAdmin):
    fieldsets = [
        (
            None,
            {
                "fields": [
                    translated("name"),
                    "slug",
                    ("kind", "delivery"),
                    "operator",
                    "programs",
                    translated("summary"),
                    translated("description"),
                ]
            },
        ),
        (
            _("Where"),
            {
                "fields": [
                    ("city", "postcode"),
                    ("department", "department_code"),
                    ("region", "territory"),
                    "address",
                    translated("area_served"),
                    ("latitude", "longitude"),
                ]
            },
        ),
        (_("How to reach it"), {"fields": ["phone", "email", "website"]}),
        (
            _("Who is welcome, on what conditions"),
            {
                "fields": [
                    "audiences",
                    ("min_age", "max_age"),
                    ("free_of_charge", "appointment_needed", "referral_needed"),
                    ("no_residence_permit_needed", "no_health_coverage_needed"),
                    ("call_first", "animals_accepted"),
                    ("step_free_access", "acceslibre_url"),
                    translated("conditions"),
                    "services",
                    "languages",
                ]
            },
        ),
        (_("Verification"), {"fields": [("last_verified_on", "last_verified_by")]}),
    ]
    list_display = [
        "name",
        "kind",
        "city",
        "territory",
        "operator",
        "status",
        "last_verified_on",
        "last_verified_by",
    ]
    list_filter = [
        "status",
        VerificationFilter,
        "kind",
        "territory",
        "delivery",
        "free_of_charge",
        "source_document",
        ImportedFilter,
    ]
    list_select_related = ["operator", "territory", "last_verified_by"]
    # Places never verified come first, then the longest unverified.
    ordering = [F("last_verified_on").asc(nulls_first=True), "name"]
    actions = [*ContentAdmin.actions, "verified_today"]
    search_fields = [
        *in_all_languages("name"),
        "slug",
        "city",
        "postcode",
        *in_all_languages("operator__name"),
        "operator__acronym",
    ]
    autocomplete_fields = [
        "operator",
        "programs",
        "territory",
        "audiences",
        "services",
        "languages",
    ]
    prepopulated_fields = {"slug": ("name_fr",)}
    inlines = [OpeningHoursInline, NoticeInline, KeyFigureInline]

    @admin.action(
        description=_("Mark the selected places as verified today"), permissions=["change"]
    )
    def verified_today(self, request, queryset):
        # Verifying is a fact about the record, not an edit of what the public reads: no review.
        # Each place as a version in its history (a page of the list at most).
        count = workflow.set_fields(
            queryset,
            {"last_verified_on": timezone.localdate(), "last_verified_by": request.user},
            request.user,
            str(_("Marked as verified today.")),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d place marked as verified today.",
                "%(count)d places marked as verified today.",
                count,
            )
            % {"count": count},
        )


# Versioned (their places' versions follow them): saved with their place's version, and
# recoverable once deleted, on their own pages too.
@admin.register(OpeningHours)
class OpeningHoursAdmin(OwnersInRevisionMixin, RecoverableDeletionMixin, VersionAdmin):
    formfield_overrides = HOURS_WIDGET
    list_display = ["center", "weekday", "opens", "closes"]
    list_filter = ["weekday", "center__territory"]
    list_select_related = ["center"]
    search_fields = [*in_all_languages("center__name"), "center__city"]
    autocomplete_fields = ["center"]


@admin.register(Notice)
class NoticeAdmin(OwnersInRevisionMixin, RecoverableDeletionMixin, VersionAdmin, TranslationAdmin):
    fields = ["center", "kind", translated("message"), ("starts_on", "ends_on")]
    list_display = ["__str__", "center", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["center"]
    search_fields = [*in_all_languages("message", "center__name"), "center__city"]
    autocomplete_fields = ["center"]


@admin.register(CorrectionReport)
class CorrectionReportAdmin(admin.ModelAdmin):
    """The staff queue of visitors' reports: new ones first."""

    list_display = ["created_at", "place_link", "short_message", "status", "handled_by"]
    list_filter = ["status", "center__territory"]
    list_select_related = ["center", "handled_by"]
    search_fields = ["message", *in_all_languages("center__name"), "center__city"]
    date_hierarchy = "created_at"
    fields = ["center", "message", "contact", "created_at", "status", "handled_by", "handled_at"]
    readonly_fields = ["center", "message", "created_at", "handled_by", "handled_at"]
    actions = ["mark_handled"]

    @admin.display(description=_("place"), ordering="center__name")
    def place_link(self, report):
        url = reverse("admin:centers_center_change", args=[report.center_id])
        return format_html('<a href="{}">{}</a>', url, report.center.name)

    @admin.display(description=_("what is wrong"))
    def short_message(self, report):
        return Truncator(report.message).chars(80)

    def has_add_permission(self, request):
        # Reports come from visitors, through the public form.
        return False

    def save_model(self, request, obj, form, change):
        if obj.status == ReportStatus.HANDLED and obj.handled_at is None:
            obj.handled_by, obj.handled_at = request.user, timezone.now()
        elif obj.status == ReportStatus.NEW:
            obj.handled_by = obj.handled_at = None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark the selected reports as handled"))
    def mark_handled(self, request, queryset):
        count = queryset.filter(status=ReportStatus.NEW).update(
            status=ReportStatus.HANDLED, handled_by=request.user, handled_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as handled.", "%(count)d reports marked as handled.", count
            )
            % {"count": count},
        )
