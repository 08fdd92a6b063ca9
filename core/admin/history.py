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

    def reversion_register(self, model, **kwargs):
        kwargs.setdefault("fields", versions.version_fields(model))
        super().reversion_register(model, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if reversion.is_active() and obj.pk is not None and not review_state(request).held:
            for owner in versions.owners(obj):
                reversion.add_to_revision(owner)
