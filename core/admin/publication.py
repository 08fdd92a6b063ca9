"""Who may put a record in which state (core.workflow): the states a form offers each role, the
bulk actions, the schedule filter and the rules on deleting what is live."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import workflow
from ..models import Status


class ScheduledFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return [("upcoming", _("goes online later")), ("ending", _("goes offline later"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "ending":
            return queryset.filter(status=Status.PUBLISHED, unpublish_at__gt=now)
        return queryset


class PublicationMixin:
    """Editors choose draft or in review; publishers every state, publish in bulk and delete
    what is live."""

    actions = ["submit_for_review", "publish", "unpublish", "archive"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ScheduledFilter]

    def has_publish_permission(self, request, obj=None):
        return workflow.can_publish(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status == Status.PUBLISHED
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Only publishers delete in bulk: a selection may hold published records.
        if not self.has_publish_permission(request):
            actions.pop("delete_selected", None)
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields:
            current = obj.status if obj is not None else None
            allowed = workflow.allowed_statuses(request.user, self.model, current)
            field = form.base_fields["status"]
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
        return form

    def _move(self, request, queryset, status, comment, message):
        """Move records to a state (each a version in its history); `message` takes the count."""
        moved = workflow.set_status(queryset, status, request.user, comment)
        self.message_user(request, message(moved) % {"count": moved}, messages.SUCCESS)

    @admin.action(description=_("Submit the selected records for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        # Editors submit their drafts; what is live stays live.
        self._move(
            request,
            queryset.filter(status=Status.DRAFT),
            Status.IN_REVIEW,
            _("Submitted for review."),
            lambda n: ngettext(
                "%(count)d record submitted for review.",
                "%(count)d records submitted for review.",
                n,
            ),
        )

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._move(
            request,
            queryset,
            Status.PUBLISHED,
            _("Published."),
            lambda n: ngettext("%(count)d record published.", "%(count)d records published.", n),
        )

    @admin.action(
        description=_("Unpublish the selected records (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self._move(
            request,
            queryset.filter(status=Status.PUBLISHED),
            Status.DRAFT,
            _("Unpublished (back to draft)."),
            lambda n: ngettext(
                "%(count)d record unpublished.", "%(count)d records unpublished.", n
            ),
        )

    @admin.action(description=_("Archive the selected records"), permissions=["publish"])
    def archive(self, request, queryset):
        self._move(
            request,
            queryset,
            Status.ARCHIVED,
            _("Archived."),
            lambda n: ngettext("%(count)d record archived.", "%(count)d records archived.", n),
        )


def _inline_status_guard(form_class, user, model):
    """An inline form that refuses a state the user may not set on a new or changed row."""

    class GuardedForm(form_class):
        def clean_status(self):
            status = self.cleaned_data.get("status")
            current = self.instance.status if self.instance.pk else None
            if status not in workflow.allowed_statuses(user, model, current):
                raise forms.ValidationError(_("Only a publisher can choose this state."))
            return status

    return GuardedForm


class InlinePublicationMixin:
    """An inline's rows: editors add them as drafts or for review; published rows keep their
    state."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("status")
        if field is not None and not workflow.can_publish(request.user, self.model):
            allowed = {*workflow.EDITOR_STATUSES, Status.PUBLISHED, Status.ARCHIVED}
            field.choices = [(v, label) for v, label in field.choices if v in allowed]
            formset.form = _inline_status_guard(formset.form, request.user, self.model)
        return formset
