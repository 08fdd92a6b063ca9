from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.views import PasswordResetView
from core.admin import in_all_languages

from .forms import OperatorPasswordResetForm
from .models import OperatorMembership
from .views import OPERATORS


@admin.register(OperatorMembership)
class OperatorMembershipAdmin(admin.ModelAdmin):
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
            kwargs["queryset"] = (
                get_user_model()
                ._default_manager.filter(is_staff=False, is_superuser=False, is_active=True)
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Send a link to choose a password"), permissions=["change"])
    def send_sign_in_link(self, request, queryset):
        sent = 0
        reset = PasswordResetView(entrance=OPERATORS)  # the e-mail of the space's own reset page
        for membership in queryset.select_related("user"):
            form = OperatorPasswordResetForm({"email": membership.user.email})
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
