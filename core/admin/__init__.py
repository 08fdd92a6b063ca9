"""The admin's shared parts, one concern per module, and the screens of core's own models.

- `fields`: the publication, source and record fieldsets, `translated` and `in_all_languages`,
  the staff source filled in on save, staff accounts for "entered by", the verification filter.
- `publication`: the states each role may choose, bulk actions, the schedule filter, who may
  delete what is live.
- `review`: an editor's change or revert of a live record kept for review; the `ReviewState`
  that carries it from save_model to response_change and revision_view.
- `concurrency`: a change form saved over a newer version of its record is refused, with what
  changed meanwhile.
- `history`: the versions of a record and what changed between two of them; a deleted record
  brought back with the links other records held to it.
- `preview`: "view on site" opens the staff preview of what is not public yet.
- `content`: `ContentAdmin` and `ContentStackedInline`, those mixins put together.
- `site`: the admin site's titles; key figures, pending changes and recent changes (importing
  it registers them: Django autodiscovers `core.admin`).
"""

from .content import ContentAdmin, ContentInlineMixin, ContentStackedInline
from .fields import ImportedFilter, in_all_languages, translated
from .history import OwnersInRevisionMixin, RecoverableDeletionMixin
from .site import KeyFigureInline

__all__ = [
    "ContentAdmin",
    "ContentInlineMixin",
    "ContentStackedInline",
    "ImportedFilter",
    "KeyFigureInline",
    "OwnersInRevisionMixin",
    "RecoverableDeletionMixin",
    "in_all_languages",
    "translated",
]
