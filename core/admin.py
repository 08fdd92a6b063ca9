from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationGenericStackedInline

from .admin_mixins import ContentAdmin, ContentInlineMixin, in_all_languages, translated
from .models import KeyFigure

admin.site.site_header = _("Accès Santé administration")
admin.site.site_title = _("Accès Santé administration")
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
