"""The admin's account pages with a length limit on every password field (accounts/forms.py):
one's own "Change password", and an administrator's "add user" and "set password" of another
account. Django's user admin is kept; only its forms change."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse

from .forms import BoundedOwnPasswordChangeForm, BoundedUserCreationForm, BoundedUserPasswordForm

User = get_user_model()
DjangoUserAdmin = type(admin.site.get_model_admin(User))
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = BoundedUserCreationForm
    change_password_form = BoundedUserPasswordForm


def password_change(request, extra_context=None):
    """AdminSite.password_change, with the bounded form (Django's names its form in the
    method's body)."""
    site = admin.site
    request.current_app = site.name
    options = {
        "form_class": BoundedOwnPasswordChangeForm,
        "success_url": reverse("admin:password_change_done", current_app=site.name),
        "extra_context": {**site.each_context(request), **(extra_context or {})},
    }
    if site.password_change_template is not None:
        options["template_name"] = site.password_change_template
    return PasswordChangeView.as_view(**options)(request)


admin.site.password_change = password_change
