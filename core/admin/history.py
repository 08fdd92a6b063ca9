"""A record's history (django-reversion's versions, newest first) and what changed between two
of its versions."""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from reversion.revisions import _get_options

from .. import versions, workflow
from .review import review_state


class HistoryMixin:
    """The versions list with a "compare" form, and the compare page. Before django-reversion's
    VersionAdmin in the class order: its history template and view are extended here."""

    history_latest_first = True
    object_history_template = "admin/content_history.html"

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def _versions(self, object_id):
        return (
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision", "revision__user")
            .order_by("-pk")
        )

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        object_id = unquote(object_id)
        revision = f"admin:{opts.app_label}_{opts.model_name}_revision"
        versions = [
            (version, reverse(revision, args=[quote(version.object_id), version.pk]))
            for version in self._versions(object_id)
        ]
        compare = f"admin:{opts.app_label}_{opts.model_name}_compare"
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "compare_url": reverse(compare, args=[quote(object_id)]),
        }
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        object_id = unquote(object_id)
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        versions = {str(v.pk): v for v in self._versions(object_id)}
        chosen = [versions.get(request.GET.get(key, "")) for key in ("a", "b")]
        if None in chosen:
            messages.error(request, _("Choose two versions of this record to compare."))
            history = f"admin:{opts.app_label}_{opts.model_name}_history"
            return redirect(reverse(history, args=[quote(object_id)]))
        older, newer = sorted(chosen, key=lambda v: v.pk)
        revision = f"admin:{opts.app_label}_{opts.model_name}_revision"
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object": obj,
            "title": _("What changed in %(record)s") % {"record": obj},
            "older": older,
            "newer": newer,
            "rows": workflow.version_diff(self.model, older.field_dict, newer.field_dict),
            "older_url": reverse(revision, args=[quote(object_id), older.pk]),
            "newer_url": reverse(revision, args=[quote(object_id), newer.pk]),
        }
        return TemplateResponse(request, "admin/content_compare.html", context)


class OwnersInRevisionMixin:
    """A record saved on its own page (an opening hour, a notice, a key figure, an event) is
    versioned with the record it belongs to (core.versions.owners), so that the owner's latest
    version, which "Recover deleted" brings back, holds it as it is now.

    After ReviewMixin in the class order: a change held for review saves nothing.

    The models an admin registers with django-reversion (its own and its inlines') keep their
    languages' columns, not modeltranslation's mirror column (core.versions.version_fields).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # django-reversion registers a model once, the first time an admin of it is made: a
        # model first met as another admin's inline (an event, inline of its organisation)
        # would follow none of its own inlines' rows (the event's key figures), and lose them
        # when it is deleted on its own page and recovered, or reverted.
        options = _get_options(self.model)
        missing = tuple(
            follow
            for inline in self.inlines
            for follow in [self._reversion_introspect_inline_admin(inline)[1]]
            if follow and follow not in options.follow
        )
        if missing:
            reversion.unregister(self.model)
            self.reversion_register(self.model, follow=(*options.follow, *missing))

    def reversion_register(self, model, **kwargs):
        kwargs.setdefault("fields", versions.version_fields(model))
        super().reversion_register(model, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if reversion.is_active() and obj.pk is not None and not review_state(request).held:
            for owner in versions.owners(obj):
                reversion.add_to_revision(owner)


class RecoverableDeletionMixin:
    """Nothing deleted is lost. Before a record is deleted here (its own delete page or the bulk
    action), it gets a version as it is, with the links other records hold to it
    (core.versions.save_deletion_versions); "Recover deleted" brings it back from that version
    and gives those links back (core.versions.restore_links), as a new version of the records
    that hold them. The delete confirmations say how to recover.

    Before django-reversion's VersionAdmin in the class order: its recover_view is wrapped here.
    """

    delete_confirmation_template = "admin/content_delete_confirmation.html"
    delete_selected_confirmation_template = "admin/content_delete_selected_confirmation.html"

    def delete_model(self, request, obj):
        versions.save_deletion_versions([obj], str(_("Deleted.")), request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        versions.save_deletion_versions(queryset, str(_("Deleted.")), request.user)
        super().delete_queryset(request, queryset)

    def recover_view(self, request, version_id, extra_context=None):
        response = super().recover_view(request, version_id, extra_context)
        version = Version.objects.filter(pk=version_id).select_related("revision").first()
        if request.method == "POST" and response.status_code == 302 and version is not None:
            changed = versions.restore_links(version.revision)
            if changed:
                with reversion.create_revision():
                    for record in changed:
                        reversion.add_to_revision(record)
                    reversion.set_user(request.user)
                    comment = _("Link to “%(record)s” restored when it was recovered.")
                    reversion.set_comment(str(comment % {"record": version}))
        return response
