"""An editor's change to a live record waits for a publisher's review instead of being saved
(core.workflow.propose_change); so does an editor's revert of a live record.

Django's change form calls save_model, save_related, construct_change_message, log_change and
response_change in turn, with nothing in common but the request; django-reversion's
revision_view runs that change form inside its own. What an editor's save leaves for the later
steps travels in one `ReviewState`, kept on the request under `REQUEST_ATTRIBUTE` and reached
only through `review_state(request)`.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import PendingChange

REQUEST_ATTRIBUTE = "content_review"


@dataclass
class ReviewState:
    """What an editor's save of a live record left for the rest of the request.

    `record` is the changed record, not saved, and `m2m` its many-to-many values from the form:
    together they are the proposal. `deferred` is set by a revert, whose proposal is filed by
    revision_view once the revert is undone, not by response_change.
    """

    record: models.Model | None = None
    m2m: dict = field(default_factory=dict)
    deferred: bool = False

    def hold(self, record, m2m):
        """Keep the changed record for review instead of saving it."""
        self.record, self.m2m = record, m2m

    def defer(self):
        """Leave the held change for revision_view to file (a revert)."""
        self.deferred = True

    @property
    def held(self):
        """A change was kept for review: nothing of it (fields, rows, links) is saved."""
        return self.record is not None

    @property
    def file_on_response(self):
        """response_change files the proposal: a change is held and no revert waits for it."""
        return self.held and not self.deferred


def review_state(request):
    """The request's review state, made on first use: the one way to read or change it."""
    state = getattr(request, REQUEST_ATTRIBUTE, None)
    if state is None:
        state = ReviewState()
        setattr(request, REQUEST_ATTRIBUTE, state)
    return state


def _deny(*args, **kwargs):
    return False


class ReviewMixin:
    """Keep an editor's change (or revert) of a live record for a publisher's review.

    Before django-reversion's VersionAdmin in the class order: its revision_view is wrapped here.
    """

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and workflow.needs_review(request.user, obj):
            # Rows of a live record are read-only for editors: their changes could not wait
            # for review with the record's own fields.
            for inline in inlines:
                inline.has_add_permission = inline.has_change_permission = _deny
                inline.has_delete_permission = _deny
        return inlines

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["needs_review"] = workflow.needs_review(request.user, obj)
            extra_context["pending_changes"] = PendingChange.objects.for_object(obj).waiting()
            if request.method == "GET" and extra_context["needs_review"]:
                messages.info(
                    request,
                    _(
                        "This record is published. Your changes will wait for a publisher's "
                        "review; the published version stays online meanwhile."
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change and workflow.needs_review(request.user, obj):
            m2m = {
                f.name: form.cleaned_data[f.name]
                for f in obj._meta.many_to_many
                if f.name in form.cleaned_data
            }
            review_state(request).hold(obj, m2m)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if review_state(request).held:
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if review_state(request).held:
            return []  # nothing was saved; log_change says what happened
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if review_state(request).held:
            message = str(_("Proposed a change for review."))
        return super().log_change(request, obj, message)

    def _keep_for_review(self, request, live=None):
        state = review_state(request)
        obj = state.record
        change = workflow.propose_change(
            obj, request.user, state.m2m, live=live, reason=request.POST.get("_reason", "")
        )
        if change is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(
                request,
                _(
                    "Your change to “%(record)s” is waiting for a publisher's review. "
                    "The published version stays online until it is approved."
                )
                % {"record": obj},
            )
        opts = obj._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def response_change(self, request, obj):
        if review_state(request).file_on_response:
            return self._keep_for_review(request)
        return super().response_change(request, obj)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A revert by an editor of a live record goes through review like any change."""
        obj = self.get_object(request, unquote(object_id))
        if request.method != "POST" or obj is None or not workflow.needs_review(request.user, obj):
            return super().revision_view(request, object_id, version_id, extra_context)
        live = workflow.snapshot(obj)
        state = review_state(request)
        state.defer()
        savepoint = transaction.savepoint()
        response = super().revision_view(request, object_id, version_id, extra_context)
        # Undo the revert the view made; keep it as a proposal instead.
        transaction.savepoint_rollback(savepoint)
        if state.held:
            return self._keep_for_review(request, live=live)
        return response
