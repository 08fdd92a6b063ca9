from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from centers.models import Center, NoticeKind, Territory

from .models import OperatorMembership
from .proposals import PROPOSABLE_FIELDS, column


class OperatorAuthenticationForm(LoginForm):
    """The operators' sign-in: only operator accounts; staff sign in at the administration."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "not_an_operator": _(
            "This account is not an operator's account. "
            "The network's staff sign in at the administration."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not OperatorMembership.objects.filter(user=user).exists():
            raise forms.ValidationError(
                self.error_messages["not_an_operator"], code="not_an_operator"
            )


class OperatorPasswordResetForm(PasswordResetForm):
    """Mails a reset link to operator accounts only; says the same whatever the address."""

    def get_users(self, email):
        members = set(
            OperatorMembership.objects.filter(user__email__iexact=email).values_list(
                "user_id", flat=True
            )
        )
        return (user for user in super().get_users(email) if user.pk in members)


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlaceFieldsForm(forms.ModelForm):
    """The public fields of a place, as the operator proposes them (texts in French)."""

    class Meta:
        model = Center
        fields = [column(name) for name in PROPOSABLE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PROPOSABLE_FIELDS:
            field = self.fields[column(name)]
            field.label = capfirst(Center._meta.get_field(name).verbose_name)
            # The model's help speaks to staff (sources); the operator knows their place.
            field.help_text = ""
        for name in ("summary", "description", "conditions"):
            self.fields[column(name)].widget = forms.Textarea(attrs={"rows": 4})
        self.fields[column("name")].help_text = _("Texts are written in French.")

    def proposed_fields(self):
        """{field name: value} of what the operator changed."""
        by_column = {column(name): name for name in PROPOSABLE_FIELDS}
        return {by_column[col]: self.cleaned_data[col] for col in self.changed_data}


class HoursForm(forms.Form):
    """One opening window; a row left empty is no window."""

    weekday = forms.TypedChoiceField(
        label=_("day"),
        choices=[("", "—"), *sorted(WEEKDAYS.items())],
        coerce=int,
        empty_value=None,
        required=False,
    )
    opens = forms.TimeField(label=_("opens"), widget=TIME_INPUT, required=False)
    closes = forms.TimeField(
        label=_("closes"),
        widget=TIME_INPUT,
        required=False,
        help_text=_("A closing time before the opening time means after midnight."),
    )

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get(name) for name in ("weekday", "opens", "closes")]
        if self.errors or all(value is None for value in values):
            return cleaned
        if any(value is None for value in values):
            raise forms.ValidationError(
                _("Give the day, the opening time and the closing time, or leave the row empty.")
            )
        if cleaned["opens"] == cleaned["closes"]:
            raise forms.ValidationError(_("Opening and closing times must differ."))
        return cleaned

    @property
    def window(self):
        """The row's window, or None for an empty row."""
        data = getattr(self, "cleaned_data", {})
        if any(data.get(name) is None for name in ("weekday", "opens", "closes")):
            return None
        return {name: data[name] for name in ("weekday", "opens", "closes")}


class BaseHoursFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this window")

    def week(self):
        """The whole new week: every row with a window, but those marked for removal."""
        return [
            form.window
            for form in self.forms
            if form.window is not None and not self._should_delete_form(form)
        ]


HoursFormSet = forms.formset_factory(
    HoursForm, formset=BaseHoursFormSet, extra=3, can_delete=True, max_num=28, validate_max=True
)


def hours_formset(place=None, data=None):
    initial = []
    if place is not None:
        initial = [
            {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
            for h in place.opening_hours.all()
        ]
    return HoursFormSet(data, initial=initial, prefix="hours")


class DatesMixin:
    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return cleaned


class NoticeForm(DatesMixin, forms.Form):
    """A notice to add to a place (optional in the proposal form)."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(k, label) for k, label in NoticeKind.choices if k != NoticeKind.CLOSURE],
    )
    message = forms.CharField(
        label=_("message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(label=_("from"), widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("to"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty until further notice."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="notice", **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False

    def notice(self):
        return self.cleaned_data if self.has_changed() else None

    def has_changed(self):
        # The kind has a value from the start: a notice is there once its message or a date is.
        return any(self[name].data for name in ("message", "starts_on", "ends_on"))


class EndNoticesForm(forms.Form):
    """Notices of the place that are no longer true (today's and those to come): ended on
    approval (optional in the proposal form)."""

    ended = forms.TypedMultipleChoiceField(
        label=_("Notices no longer true"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked notices end once your proposal is approved."),
    )

    def __init__(self, data=None, *, place):
        super().__init__(data, prefix="end")
        notices = place.notices.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
        ).order_by("starts_on", "pk")
        self.fields["ended"].choices = [(n.pk, notice_label(n)) for n in notices]


def notice_label(notice):
    when = date_format(notice.starts_on)
    if notice.ends_on:
        when = _("%(start)s to %(end)s") % {"start": when, "end": date_format(notice.ends_on)}
    return f"{notice.get_kind_display()} ({when}): {notice.message}"


def proposal_forms(place, data=None):
    """The forms of a proposal for `place` (operators.views.ProposeView, and a campaign's
    letter: campaigns.views.ChangesView)."""
    return {
        "form": PlaceFieldsForm(data, instance=Center.objects.get(pk=place.pk)),
        "hours": hours_formset(place, data),
        "notice": NoticeForm(data),
        "ended": EndNoticesForm(data, place=place),
        "reason_form": ReasonForm(data),
    }


def proposal_values(forms):
    """What valid proposal forms propose, as operators.proposals.propose_place_changes takes it."""
    notice = forms["notice"].notice()
    return {
        "fields": forms["form"].proposed_fields(),
        "opening_hours": forms["hours"].week(),
        "notices": [notice] if notice else None,
        "ended_notices": forms["ended"].cleaned_data["ended"],
        "reason": forms["reason_form"].cleaned_data["reason"],
    }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Anything the reviewer should know"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClosureForm(DatesMixin, forms.Form):
    """A temporary closure: online at once."""

    starts_on = forms.DateField(label=_("closed from"), widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("to"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty until further notice."),
    )
    message = forms.CharField(
        label=_("message to the public"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example why, and where to go meanwhile. Written in French."),
    )

    def clean_ends_on(self):
        ends_on = self.cleaned_data.get("ends_on")
        if ends_on and ends_on < timezone.localdate():
            raise forms.ValidationError(_("This closure is over already."))
        return ends_on


class ClosedForGoodForm(forms.Form):
    reason = forms.CharField(
        label=_("How do you know it closed for good?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NewPlaceForm(forms.ModelForm):
    """A new place the organisation runs: reviewed before it is published."""

    class Meta:
        model = Center
        fields = [
            column("name"),
            "kind",
            "territory",
            "address",
            "postcode",
            "city",
            "phone",
            "email",
            "website",
            column("summary"),
            column("conditions"),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for col, field in self.fields.items():
            name = col.removesuffix("_fr")
            field.label = capfirst(Center._meta.get_field(name).verbose_name)
            field.help_text = ""
        self.fields[column("name")].required = True
        self.fields[column("name")].help_text = _("Texts are written in French.")
        self.fields["territory"].queryset = Territory.objects.order_by("overseas", "name")
        for name in ("summary", "conditions"):
            self.fields[column(name)].widget = forms.Textarea(attrs={"rows": 4})

    def _post_clean(self):
        # The place is made by proposals.propose_new_place (slug, operator, source): only
        # the fields are checked here.
        pass

    def place_fields(self):
        fields = {}
        for col, value in self.cleaned_data.items():
            fields[col.removesuffix("_fr")] = value
        return fields
