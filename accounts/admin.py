"""The admin's account pages with a length limit on every password field (accounts/forms.py):
one's own "Change password", and an administrator's "add user" and "set password" of another
account. Django's user admin is kept; only its forms change.

Changing a password (one's own or another account's) or an account (its e-mail address among
others) asks for a recent re-authentication (accounts.sessions); a new password ends the
account's other sessions.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse

from . import security, sessions
from .entrances import ADMIN
from .forms import BoundedOwnPasswordChangeForm, BoundedUserCreationForm, BoundedUserPasswordForm

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
