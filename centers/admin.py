from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminTimeWidget
from django.db import models
from django.db.models import F
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from reversion.admin import VersionAdmin
from reversion.models import Version

from core import workflow
from core.admin import (
    ContentAdmin,
    ImportedFilter,
    KeyFigureInline,
    OwnersInRevisionMixin,
    RecoverableDeletionMixin,
    in_all_languages,
    translated,
)
from core.models import Status

from .forms import DismissForm, TakeOffForm
from .freshness import Freshness
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


class FreshnessFilter(admin.SimpleListFilter):
    """Places by freshness (centers.freshness): each by its own update frequency."""

    title = _("freshness")
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return Freshness.choices

    def queryset(self, request, queryset):
        if self.value() in Freshness.values:
            return queryset.in_freshness(self.value())
        return queryset


def action_page(request, model_admin, queryset, template, **context):
    """The confirmation page of an action that asks for something (a reason): it posts the
    action and the selection back, with `post`."""
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "action": request.POST.get("action", ""),
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


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
        # The weekly hours and the temporary closures are the tables further down.
        (_("Opening hours"), {"fields": ["open_on_public_holidays"]}),
        (
            _("Verification"),
            {"fields": [("last_verified_on", "last_verified_by"), "update_every_months"]},
        ),
    ]
    list_display = [
        "name",
        "kind",
        "city",
        "territory",
        "operator",
        "status",
        "freshness",
        "last_verified_on",
        "last_verified_by",
    ]
    list_filter = [
        "status",
        FreshnessFilter,
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
    actions = [*ContentAdmin.actions, "verified_today", "take_off_outdated"]
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

    @admin.display(description=_("freshness"))
    def freshness(self, center):
        return center.freshness().label

    @admin.action(
        description=_("Take the selected places whose update is required off the public site"),
        permissions=["publish"],
    )
    def take_off_outdated(self, request, queryset):
        """Back to draft, with a reason kept in each place's history: the places whose update
        is required, and the never verified ones only when the publisher chooses them."""
        live = queryset.filter(status=Status.PUBLISHED)
        required = live.in_freshness(Freshness.REQUIRED)
        never = live.in_freshness(Freshness.NEVER)
        form = TakeOffForm(request.POST if "post" in request.POST else None)
        if form.is_valid():
            targets = required
            if form.cleaned_data["include_never_verified"]:
                targets = required | never
            reason = form.cleaned_data["reason"]
            comment = _("Taken off the public site (update required): %(reason)s") % {
                "reason": reason
            }
            count = workflow.set_status(targets, Status.DRAFT, request.user, str(comment))
            self.message_user(
                request,
                ngettext(
                    "%(count)d place taken off the public site.",
                    "%(count)d places taken off the public site.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return action_page(
            request,
            self,
            queryset,
            "admin/centers/center/take_off_outdated.html",
            title=_("Take places off the public site"),
            form=form,
            required=required.order_by("name"),
            never=never.order_by("name"),
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

    list_display = ["created_at", "place_link", "short_message", "urgent", "status", "handled_by"]
    list_filter = ["status", "urgent", "center__territory"]
    list_select_related = ["center", "handled_by"]
    search_fields = ["message", *in_all_languages("center__name"), "center__city"]
    date_hierarchy = "created_at"
    fields = [
        "center",
        "message",
        "contact",
        "urgent",
        "created_at",
        "status",
        "dismissal_reason",
        "fixed_by_link",
        "handled_by",
        "handled_at",
    ]
    readonly_fields = [
        "center",
        "message",
        "urgent",
        "created_at",
        "fixed_by_link",
        "handled_by",
        "handled_at",
    ]
    actions = ["mark_fixed", "dismiss"]

    @admin.display(description=_("place"), ordering="center__name")
    def place_link(self, report):
        url = reverse("admin:centers_center_change", args=[report.center_id])
        return format_html('<a href="{}">{}</a>', url, report.center.name)

    @admin.display(description=_("what is wrong"))
    def short_message(self, report):
        return Truncator(report.message).chars(80)

    @admin.display(description=_("fixed by version"))
    def fixed_by_link(self, report):
        version = report.fixed_by
        if version is None:
            return "–"
        url = reverse("admin:centers_center_revision", args=[version.object_id, version.pk])
        saved = version.revision.date_created
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("Version of %(date)s")
            % {"date": timezone.localtime(saved).strftime("%Y-%m-%d %H:%M")},
        )

    def has_add_permission(self, request):
        # Reports come from visitors, through the public form.
        return False

    def save_model(self, request, obj, form, change):
        if obj.status == ReportStatus.NEW:
            obj.handled_by = obj.handled_at = obj.fixed_by = None
        elif obj.handled_at is None or "status" in form.changed_data:
            obj.handled_by, obj.handled_at = request.user, timezone.now()
        if obj.status == ReportStatus.FIXED and obj.fixed_by is None:
            obj.fixed_by = latest_version(obj.center)
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Mark the selected reports as fixed (by the place's latest version)")
    )
    def mark_fixed(self, request, queryset):
        count = 0
        now = timezone.now()
        for report in queryset.exclude(status=ReportStatus.FIXED).select_related("center"):
            report.status = ReportStatus.FIXED
            report.fixed_by = latest_version(report.center)
            report.handled_by, report.handled_at = request.user, now
            report.save(update_fields=["status", "fixed_by", "handled_by", "handled_at"])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as fixed.", "%(count)d reports marked as fixed.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Dismiss the selected reports (with a reason)"))
    def dismiss(self, request, queryset):
        form = DismissForm(request.POST if "post" in request.POST else None)
        if form.is_valid():
            count = queryset.exclude(status=ReportStatus.DISMISSED).update(
                status=ReportStatus.DISMISSED,
                dismissal_reason=form.cleaned_data["reason"],
                fixed_by=None,
                handled_by=request.user,
                handled_at=timezone.now(),
            )
            self.message_user(
                request,
                ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return action_page(
            request,
            self,
            queryset,
            "admin/centers/correctionreport/dismiss.html",
            title=_("Dismiss correction reports"),
            form=form,
            reports=queryset.select_related("center"),
        )


def latest_version(center):
    """The place's latest version in its history, or None."""
    return Version.objects.get_for_object(center).first()
