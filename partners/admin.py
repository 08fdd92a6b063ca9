from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    ContentAdmin,
    ContentStackedInline,
    ImportedFilter,
    KeyFigureInline,
    in_all_languages,
    translated,
)

from .models import Organization, OrganizationName, Relationship

FORMER_NAME_FIELDS = [
    translated("name"),
    "acronym",
    ("used_from", "used_from_precision"),
    ("used_until", "used_until_precision"),
]
RELATIONSHIP_FIELDS = [
    "kind",
    translated("description"),
    ("since", "since_precision"),
    ("until", "until_precision"),
    ("duration_years", "duration_qualifier"),
]


class OrganizationNameInline(ContentStackedInline):
    model = OrganizationName
    fieldsets = [(None, {"fields": FORMER_NAME_FIELDS})]


class RelationshipFromInline(ContentStackedInline):
    model = Relationship
    fk_name = "source"
    verbose_name = _("relationship from this organisation")
    verbose_name_plural = _("relationships from this organisation")
    fieldsets = [(None, {"fields": ["target", *RELATIONSHIP_FIELDS]})]
    autocomplete_fields = ["target"]


class RelationshipToInline(ContentStackedInline):
    model = Relationship
    fk_name = "target"
    verbose_name = _("relationship to this organisation")
    verbose_name_plural = _("relationships to this organisation")
    fieldsets = [(None, {"fields": ["source", *RELATIONSHIP_FIELDS]})]
    autocomplete_fields = ["source"]


@admin.register(Organization)
class OrganizationAdmin(ContentAdmin):
    # history/admin.py registers this admin again with the organisation's events (history depends
    # on partners, not the reverse).
    fieldsets = [
        (
            None,
            {
                "fields": [
                    translated("name"),
                    ("acronym", "slug"),
                    "kind",
                    "parent",
                    translated("legal_form"),
                    ("founded_on", "founded_precision"),
                    "website",
                    "registered_identifier",
                    translated("summary"),
                    translated("description"),
                ]
            },
        )
    ]
    list_display = ["name", "acronym", "kind", "parent", "founded_column", "status"]
    list_filter = ["status", "kind", "source_document", ImportedFilter]
    list_select_related = ["parent"]
    search_fields = [
        *in_all_languages("name"),
        "acronym",
        "slug",
        "registered_identifier",
        *in_all_languages("former_names__name"),
        "former_names__acronym",
    ]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ("name_fr",)}
    inlines = [
        OrganizationNameInline,
        RelationshipFromInline,
        RelationshipToInline,
        KeyFigureInline,
    ]

    @admin.display(description=_("founded"), ordering="founded_on")
    def founded_column(self, obj):
        return obj.founded_display


@admin.register(OrganizationName)
class OrganizationNameAdmin(ContentAdmin):
    fieldsets = [(None, {"fields": ["organization", *FORMER_NAME_FIELDS]})]
    list_display = ["name", "acronym", "organization", "period_column", "status"]
    list_filter = ["status", "source_document"]
    list_select_related = ["organization"]
    search_fields = [
        *in_all_languages("name", "organization__name"),
        "acronym",
        "organization__acronym",
    ]
    autocomplete_fields = ["organization"]

    @admin.display(description=_("period"), ordering="used_from")
    def period_column(self, obj):
        return obj.period_display


@admin.register(Relationship)
class RelationshipAdmin(ContentAdmin):
    fieldsets = [(None, {"fields": [("source", "target"), *RELATIONSHIP_FIELDS]})]
    list_display = ["source", "kind", "target", "since_column", "duration_column", "status"]
    list_filter = ["status", "kind", "source_document"]
    list_select_related = ["source", "target"]
    search_fields = [
        *in_all_languages("source__name", "target__name"),
        "source__acronym",
        "target__acronym",
    ]
    autocomplete_fields = ["source", "target"]

    @admin.display(description=_("since"), ordering="since")
    def since_column(self, obj):
        return obj.since_display

    @admin.display(description=_("duration in years"), ordering="duration_years")
    def duration_column(self, obj):
        return obj.duration_display
