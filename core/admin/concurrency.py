"""No lost update: a change form saved over a newer version of its record is refused.

The form carries the record's `updated_at` as it was when the form was opened (a hidden field,
drawn by `admin/content_change_form.html`). On save, when the stored record is newer, the form
answers with what changed meanwhile, field by field (core.workflow.changed_since), and nothing
is saved. The form then carries the newer `updated_at`: saving again, once the fields listed
are checked, is a deliberate choice. Forms that do not draw the field (django-reversion's
revert and recover forms) are not checked.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import workflow

FIELD = "seen_updated_at"


class StaleEditForm(forms.ModelForm):
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        updated_at = getattr(self.instance, "updated_at", None)
        if self.instance.pk is not None and updated_at is not None:
            self.initial[FIELD] = updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get(FIELD)
        if not seen or self.instance.pk is None:
            return cleaned
        meanwhile = workflow.changed_since(self.instance, seen)
        if meanwhile is not None:
            data = self.data.copy()
            data[self.add_prefix(FIELD)] = meanwhile.saved_at.isoformat()
            self.data = data
            raise ValidationError(
                meanwhile.lines(
                    _(
                        "%(user)s saved this record on %(date)s, after you opened it. "
                        "Nothing was saved."
                    ),
                    _(
                        "Check these fields in the form below, then save again to keep your "
                        "version, or reload the page to start from the newer one."
                    ),
                )
            )
        return cleaned


class StaleEditMixin:
    """The change form of a record carries the version it was opened on (StaleEditForm)."""

    form = StaleEditForm
    change_form_template = "admin/content_change_form.html"
