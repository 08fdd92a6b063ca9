from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ContentAdmin, KeyFigureInline, in_all_languages, translated

from .models import Event, Reference


@admin.register(Reference)
class ReferenceAdmin(ContentAdmin):
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    translated("title"),
                    translated("short_title"),
                    "slug",
                    ("dated", "dated_precision"),
                    "organizations",
                ]
            },
        )
    ]
    list_display = ["title", "short_title", "kind", "date_column", "status"]
    list_filter = ["status", "kind", "source_document"]
    search_fields = [*in_all_languages("title", "short_title"), "slug"]
    autocomplete_fields = ["organizations"]
    prepopulated_fields = {"slug": ("title_fr",)}

    @admin.display(description=_("date"), ordering="dated")
    def date_column(self, obj):
        return obj.date_display


@admin.register(Event)
class EventAdmin(ContentAdmin):
    fieldsets = [
        (
            None,
            {
                "fields": [
                    translated("title"),
                    ("slug", "category"),
                    ("starts_on", "starts_precision"),
                    ("ends_on", "ends_precision"),
                    ("ongoing", "planned", "position"),
                    translated("text"),
                ]
            },
        ),
        (
            _("Who and what it involves"),
            {"fields": ["organization", "related_organizations", "references"]},
        ),
    ]
    list_display = ["title", "organization", "date_column", "category", "planned", "status"]
    list_filter = ["status", "category", "planned", "source_document"]
    list_select_related = ["organization"]
    search_fields = [
        *in_all_languages("title", "organization__name"),
        "slug",
        "organization__acronym",
    ]
    autocomplete_fields = ["organization", "related_organizations", "references"]
    prepopulated_fields = {"slug": ("title_fr",)}
    inlines = [KeyFigureInline]

    @admin.display(description=_("date"), ordering="starts_on")
    def date_column(self, obj):
        return obj.date_display
