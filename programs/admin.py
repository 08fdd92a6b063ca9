from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    ContentAdmin,
    ContentStackedInline,
    KeyFigureInline,
    in_all_languages,
    translated,
)

from .models import Grant, Program, TargetGroup, Theme

GRANT_FIELDS = [
    ("funder", "recipient"),
    ("amount", "amount_qualifier"),
    "duration_months",
    ("starts_on", "starts_precision"),
    ("ends_on", "ends_precision"),
    ("ongoing", "awarded_on"),
    translated("purpose"),
]


class NamedContentAdmin(ContentAdmin):
    """Themes and target groups: a name, a slug, a description."""

    fieldsets = [(None, {"fields": [translated("name"), "slug", translated("description")]})]
    list_display = ["name", "slug", "status"]
    list_filter = ["status", "source_document"]
    search_fields = [*in_all_languages("name"), "slug"]
    prepopulated_fields = {"slug": ("name_fr",)}


@admin.register(Theme)
class ThemeAdmin(NamedContentAdmin):
    pass


@admin.register(TargetGroup)
class TargetGroupAdmin(NamedContentAdmin):
    pass


class GrantInline(ContentStackedInline):
    model = Grant
    fieldsets = [(None, {"fields": ["slug", *GRANT_FIELDS]})]
    autocomplete_fields = ["funder", "recipient"]


@admin.register(Program)
class ProgramAdmin(ContentAdmin):
    fieldsets = [
        (
            None,
            {
                "fields": [
                    translated("title"),
                    ("slug", "kind"),
                    translated("summary"),
                    translated("description"),
                ]
            },
        ),
        (
            _("Who runs it, for whom, where and when"),
            {
                "fields": [
                    "lead_organization",
                    "partners",
                    "themes",
                    "target_groups",
                    translated("area"),
                    ("starts_on", "starts_precision"),
                    ("ends_on", "ends_precision"),
                    "ongoing",
                ]
            },
        ),
    ]
    list_display = ["title", "kind", "lead_organization", "period_column", "status"]
    list_filter = ["status", "kind", "ongoing", "themes", "target_groups", "source_document"]
    list_select_related = ["lead_organization"]
    search_fields = [
        *in_all_languages("title"),
        "slug",
        *in_all_languages("lead_organization__name"),
    ]
    autocomplete_fields = ["lead_organization", "partners", "themes", "target_groups"]
    prepopulated_fields = {"slug": ("title_fr",)}
    inlines = [GrantInline, KeyFigureInline]

    @admin.display(description=_("period"), ordering="starts_on")
    def period_column(self, obj):
        return obj.period_display


@admin.register(Grant)
class GrantAdmin(ContentAdmin):
    fieldsets = [(None, {"fields": [("program", "slug"), *GRANT_FIELDS]})]
    # The amount leads: a grant has no name of its own, and its slug means little to staff.
    list_display = ["amount_column", "funder", "recipient", "program", "period_column", "status"]
    list_filter = [
        "status",
        "amount_qualifier",
        "source_document",
        ("funder", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["program", "funder", "recipient"]
    search_fields = [
        "slug",
        *in_all_languages("program__title", "funder__name", "recipient__name", "purpose"),
        "funder__acronym",
        "recipient__acronym",
    ]
    autocomplete_fields = ["program", "funder", "recipient"]

    @admin.display(description=_("amount (EUR)"), ordering="amount")
    def amount_column(self, obj):
        return obj.amount_display

    @admin.display(description=_("period"), ordering="starts_on")
    def period_column(self, obj):
        return obj.period_display
