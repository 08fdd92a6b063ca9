from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm

from .models import FunderComment, FunderMembership, GrantDocument


class FunderAuthenticationForm(LoginForm):
    """The funders' sign-in: only funder accounts; staff sign in at the administration."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "not_a_funder": _(
            "This account is not a funder's account. "
            "The network's staff sign in at the administration."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not FunderMembership.objects.filter(user=user).exists():
            raise forms.ValidationError(self.error_messages["not_a_funder"], code="not_a_funder")


class FunderPasswordResetForm(PasswordResetForm):
    """Mails a reset link to funder accounts only; says the same whatever the address."""

    def get_users(self, email):
        members = set(
            FunderMembership.objects.filter(user__email__iexact=email).values_list(
                "user_id", flat=True
            )
        )
        return (user for user in super().get_users(email) if user.pk in members)


class CommentAbout:
    GRANT = "grant"
    PROGRAM = "program"


class FunderCommentForm(forms.Form):
    about = forms.ChoiceField(
        label=_("Your comment is about"),
        choices=[(CommentAbout.GRANT, _("this grant")), (CommentAbout.PROGRAM, _("the program"))],
        initial=CommentAbout.GRANT,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your comment"),
        max_length=FunderComment._meta.get_field("text").max_length,
        help_text=_("The network's staff read it. It is not published."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class GrantDocumentAdminForm(forms.ModelForm):
    """Upload: a file input that offers PDF files (its content is checked on the server)."""

    class Meta:
        model = GrantDocument
        fields = ["grant", "title", "visibility", "file"]
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf,.pdf"})}
