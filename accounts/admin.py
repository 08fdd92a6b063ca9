"""The admin's account pages with a length limit on every password field (accounts/forms.py):
one's own "Change password", and an administrator's "add user" and "set password" of another
account. Django's user admin is kept; only its forms change.

Changing a password (one's own or another account's) or an account (its e-mail address among
others) asks for a recent re-authentication (accounts.sessions); a new password ends the
account's other sessions.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import in_all_languages

from . import security, sessions
from .entrances import ADMIN
from .forms import BoundedOwnPasswordChangeForm, BoundedUserCreationForm, BoundedUserPasswordForm
from .views import PasswordResetView

User = get_user_model()
DjangoUserAdmin = type(admin.site.get_model_admin(User))
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = BoundedUserCreationForm
    change_password_form = BoundedUserPasswordForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        refusal = sessions.reauthentication_redirect(request, ADMIN)
        return refusal or super().change_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        refusal = sessions.reauthentication_redirect(request, ADMIN)
        return refusal or super().user_change_password(request, id, form_url)

    def log_change(self, request, obj, message):
        security.log("account_changed", request, account_id=obj.pk)
        return super().log_change(request, obj, message)


class OwnPasswordChangeView(PasswordChangeView):
    def form_valid(self, form):
        """End the other sessions first: Django then gives this one a new key and keeps it."""
        ended = sessions.end_other_sessions(self.request)
        security.log("password_changed", self.request, sessions_ended=ended)
        return super().form_valid(form)


def password_change(request, extra_context=None):
    """AdminSite.password_change, with the bounded form (Django's names its form in the
    method's body), after a recent re-authentication."""
    refusal = sessions.reauthentication_redirect(request, ADMIN)
    if refusal:
        return refusal
    site = admin.site
    request.current_app = site.name
    options = {
        "form_class": BoundedOwnPasswordChangeForm,
        "success_url": reverse("admin:password_change_done", current_app=site.name),
        "extra_context": {**site.each_context(request), **(extra_context or {})},
    }
    if site.password_change_template is not None:
        options["template_name"] = site.password_change_template
    return OwnPasswordChangeView.as_view(**options)(request)


admin.site.password_change = password_change


class MembershipAdmin(admin.ModelAdmin):
    """The accounts of a space (funders, operators): a person tied to an organisation, never
    staff, and an action that mails each a link to choose a password (the space's own reset
    e-mail). A subclass says which: `entrance` and `reset_form`."""

    entrance = None
    reset_form = None
    list_display = ["user", "email", "organization", "created_at"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "organization"]
    search_fields = [
        "user__username",
        "user__email",
        *in_all_languages("organization__name"),
        "organization__acronym",
    ]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_at"]
    actions = ["send_sign_in_link"]

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    def get_readonly_fields(self, request, obj=None):
        # A membership is one person's: to move it to another account, end it and add another.
        return ["user", "created_at"] if obj is not None else ["created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User._default_manager.filter(
                is_staff=False, is_superuser=False, is_active=True
            ).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Send a link to choose a password"), permissions=["change"])
    def send_sign_in_link(self, request, queryset):
        sent = 0
        reset = PasswordResetView(entrance=self.entrance)  # the space's own reset e-mail
        for membership in queryset.select_related("user"):
            form = self.reset_form({"email": membership.user.email})
            if membership.user.email and form.is_valid():
                form.save(
                    request=request,
                    use_https=request.is_secure(),
                    subject_template_name=reset.subject_template_name,
                    email_template_name=reset.email_template_name,
                    extra_email_context=reset.extra_email_context,
                )
                sent += 1
        self.message_user(
            request,
            ngettext(
                "A link was sent to %(count)d account "
                "(accounts without an e-mail address get none).",
                "A link was sent to %(count)d accounts "
                "(accounts without an e-mail address get none).",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )
