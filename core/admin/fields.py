"""The fields every content record's admin shows: publication and source fieldsets, French and
English fields side by side, the staff source filled in on save, staff accounts to choose from."""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from ..models import ContentModel, Status
from ..sources import SourceDocument

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


class ContentFieldsMixin(StaffUserChoiceMixin):
    """A record's own fieldsets, then its publication, source and (once saved) record fields.

    The staff source is filled in on a new record and on new inline rows.
    """

    readonly_fields = RECORD_FIELDS
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

    def save_model(self, request, obj, form, change):
        if not change:
            fill_staff_source(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # "Entered by" is who entered the fact: filled in on new rows only.
        for inline_form in formset.forms:
            if inline_form.instance.pk is None:
                fill_staff_source(inline_form.instance, request.user)
        super().save_formset(request, form, formset, change)


class InlineContentFieldsMixin(StaffUserChoiceMixin):
    """An inline record's publication, source and record fields, folded away under its own."""

    readonly_fields = RECORD_FIELDS

    def get_fieldsets(self, request, obj=None):
        # obj is the parent record here, so the row's own seed key cannot decide the fields.
        return [
            *super().get_fieldsets(request, obj),
            (_("Publication"), {"fields": PUBLICATION_FIELDS, "classes": ["collapse"]}),
            (_("Source"), {"fields": SOURCE_FIELDS, "classes": ["collapse"]}),
            (_("Record"), {"fields": RECORD_FIELDS, "classes": ["collapse"]}),
        ]


class ImportedFilter(admin.SimpleListFilter):
    """For records a spreadsheet import may create (places, organisations): those it created,
    and its drafts, which the dashboard links to."""

    title = _("spreadsheet import")
    parameter_name = "imported"

    def lookups(self, request, model_admin):
        return [
            ("drafts", _("imported drafts")),
            ("all", _("imported")),
            ("no", _("not imported")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "drafts":
            return queryset.exclude(external_id="").filter(status=Status.DRAFT)
        if self.value() == "all":
            return queryset.exclude(external_id="")
        if self.value() == "no":
            return queryset.filter(external_id="")
        return queryset
