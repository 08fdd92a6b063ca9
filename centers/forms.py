"""The "report wrong information" form, with its defences against robots."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import CorrectionReport

# A person reads the page and types; a robot posts at once. Forms older than this expire.
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60
_SALT = "centers.report-form"


def started_token(center_pk, at=None):
    """A signed 'form shown at' value: a robot cannot fake an older one."""
    return signing.dumps(
        {"c": center_pk, "t": int(at if at is not None else time.time())}, salt=_SALT
    )


class CorrectionReportForm(forms.ModelForm):
    # The honeypot: hidden by a stylesheet class, labelled for anyone who still meets it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # A forged or overlong token is replaced by a fresh one (__init__), never shown as an error.
    started = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    class Meta:
        model = CorrectionReport
        fields = ["message", "contact"]
        labels = {
            "message": _("What is wrong or missing?"),
            "contact": _("Your e-mail or phone (optional)"),
        }
        help_texts = {
            "message": _(
                "For example: the place has moved, the hours have changed, it is no longer free. "
                "At most 2,000 characters. Please write nothing about your health or anyone else's."
            ),
            "contact": _(
                "Only if you want an answer. You can leave it empty: "
                "your report is read either way."
            ),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6, "cols": 40, "maxlength": 2000}),
            "contact": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {
            "message": {
                "required": _("Tell us what is wrong: this field cannot be empty."),
                "max_length": _(
                    "Please shorten your message to 2,000 characters at most "
                    "(it has %(show_value)d)."
                ),
            },
        }

    def __init__(self, *args, center, now=None, **kwargs):
        self.center = center
        self.now = now if now is not None else time.time()
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.initial["started"] = started_token(center.pk, self.now)
        self.posted_started = self.data.get("started") if self.is_bound else None
        if self.is_bound and self._form_age() is None:
            # Shown again, the form carries a valid token, so the visitor is not timed twice.
            self.data = self.data.copy()
            self.data["started"] = self.initial["started"]

    def _form_age(self):
        """Seconds since this form was shown to the visitor, or None for a missing or
        forged token."""
        try:
            value = signing.loads(self.posted_started or "", salt=_SALT)
        except signing.BadSignature:
            return None
        if (
            not isinstance(value, dict)
            or value.get("c") != self.center.pk
            or not isinstance(value.get("t"), int)
        ):
            return None
        age = self.now - value["t"]
        return age if 0 <= age <= MAX_FORM_AGE_SECONDS else None

    def clean(self):
        cleaned = super().clean()
        age = self._form_age()
        if age is None:
            raise forms.ValidationError(
                _(
                    "This form has expired or was not sent from this site. "
                    "Your text is kept below: please send it again."
                ),
                code="expired",
            )
        if age < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your text and send it again."),
                code="too_fast",
            )
        return cleaned

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("This field must stay empty. Please clear it and send again.")
            )
        return ""

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(self.fields["message"].error_messages["required"])
        return message


class TakeOffForm(forms.Form):
    """A publisher's reason for taking places whose update is required off the public site."""

    reason = forms.CharField(
        label=_("Why they are taken off"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_("Kept in each place's history."),
    )
    include_never_verified = forms.BooleanField(
        label=_("Also take off the selected places that were never verified"),
        required=False,
        help_text=_("A seeded place was never verified: it stays online unless you choose this."),
    )


class DismissForm(forms.Form):
    """Why correction reports are dismissed."""

    reason = forms.CharField(
        label=_("Why the reports are dismissed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What was checked, and why nothing changes on the place's page."),
    )
