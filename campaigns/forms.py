from django import forms
from django.utils.translation import gettext_lazy as _

from centers.freshness import Freshness
from centers.models import Center, Territory
from partners.models import Organization

from .services import DUE_STATES


class AnswerForm(forms.Form):
    """One place's answer on a letter's page: which place (checked against the letter), what."""

    CONFIRM, CHANGES, CLOSED = "confirm", "changes", "closed"

    place = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[(CONFIRM, CONFIRM), (CHANGES, CHANGES), (CLOSED, CLOSED)],
        widget=forms.HiddenInput,
    )
    text = forms.CharField(
        label=_("What should change?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40, "maxlength": 2000}),
        help_text=_("Hours, address, phone, conditions… At most 2,000 characters."),
    )
    closed_for_good = forms.BooleanField(
        label=_("Yes, this place is closed for good."), required=False
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.CHANGES and not (data.get("text") or "").strip():
            self.add_error("text", _("Say what should change: this field cannot be empty."))
        if action == self.CLOSED and not data.get("closed_for_good"):
            self.add_error(
                "closed_for_good", _("Tick the box to confirm that the place is closed for good.")
            )
        return data


class StartForm(forms.Form):
    """The places a campaign asks about: due ones, narrowed by territory, region, operator."""

    name = forms.CharField(
        label=_("Campaign name"),
        max_length=120,
        help_text=_("Shown to organisations, e.g. “Winter 2026”."),
    )
    states = forms.MultipleChoiceField(
        label=_("Freshness"),
        choices=Freshness.choices,
        initial=list(DUE_STATES),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Never verified places only when you tick them."),
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.all(), required=False
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    operator = forms.ModelChoiceField(
        label=_("Run by"),
        queryset=Organization.objects.filter(centers__isnull=False).distinct(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = (
            Center.objects.exclude(region="").order_by("region").values_list("region", flat=True)
        )
        self.fields["region"].choices = [("", "---------")] + [(r, r) for r in regions.distinct()]

    def criteria(self):
        data = self.cleaned_data
        parts = [", ".join(str(Freshness(s).label) for s in data["states"])]
        parts += [str(data[k]) for k in ("territory", "region", "operator") if data.get(k)]
        return " · ".join(parts)
