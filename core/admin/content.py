"""`ContentAdmin`, the admin of every content record, and its inline counterpart: the mixins of
this package put together."""

from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from reversion.admin import VersionAdmin

from .concurrency import StaleEditMixin
from .fields import ContentFieldsMixin, InlineContentFieldsMixin
from .history import HistoryMixin, OwnersInRevisionMixin, RecoverableDeletionMixin
from .preview import PreviewMixin
from .publication import InlinePublicationMixin, PublicationMixin
from .review import ReviewMixin


class ContentAdmin(
    StaleEditMixin,
    PreviewMixin,
    HistoryMixin,
    ReviewMixin,
    OwnersInRevisionMixin,
    RecoverableDeletionMixin,
    PublicationMixin,
    ContentFieldsMixin,
    VersionAdmin,
    TranslationAdmin,
):
    """Admin of a content record. Subclasses declare `fieldsets` for their own fields only.

    Review and publication (core.workflow): editors choose draft or in review; publishers
    every state. An editor's change to a live record is kept for review instead of saved,
    and so is an editor's revert of a live record. History, revert and recovery of deleted
    records come from django-reversion's VersionAdmin; a deleted record comes back with the
    links other records held to it, and the delete confirmation says how to recover
    (RecoverableDeletionMixin). A save over a newer version of the record is refused
    (StaleEditMixin).
    """

    list_per_page = 50
    save_on_top = True


class ContentInlineMixin(InlinePublicationMixin, InlineContentFieldsMixin):
    """An inline content record: its publication and source folded away under its own fields."""

    extra = 0


class ContentStackedInline(ContentInlineMixin, TranslationStackedInline):
    pass
