import reversion
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    ContentAdmin,
    ContentStackedInline,
    KeyFigureInline,
    in_all_languages,
    translated,
)
from partners import admin as partners_admin
from partners.models import Organization

from .models import Event, Reference


class EventInline(ContentStackedInline):
    """The organisation's timeline, short: the full text is edited on the event's own page."""

    model = Event
    fk_name = "organization"
    classes = ["collapse"]
    show_change_link = True
    fieldsets = [
        (
            None,
            {
                "fields": [
                    translated("title"),
                    ("slug", "category"),
                    ("starts_on", "starts_precision"),
                    ("planned", "position"),
                ]
            },
        )
    ]


def with_events(inlines):
    """An organisation's inlines with its events, before its key figures."""
    at = inlines.index(KeyFigureInline)
    return [*inlines[:at], EventInline, *inlines[at:]]


# The organisation's admin, with its events. Registered again here, and first in this module:
# django-reversion registers a model the first time an admin of it is made, following its
# inlines; the organisation is registered again so that its versions follow its events, and an
# event, first met as this inline, follows nothing (as when partners' admin held the inline).
admin.site.unregister(Organization)
reversion.unregister(Organization)


@admin.register(Organization)
class OrganizationAdmin(partners_admin.OrganizationAdmin):
    inlines = with_events(partners_admin.OrganizationAdmin.inlines)


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
