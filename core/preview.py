"""Staff preview: a record that is not public, shown on its public page with `?preview=1`.

Staff who may view a record (its `<app>.view_<model>` permission) see a draft, a record in
review or a scheduled one exactly as the public will, under a banner saying it is not public.
For anyone else `?preview=1` changes nothing: a draft stays "not found". Only the record itself
is previewed: what the page shows around it (programs, grants, partners…) stays public-only
(`public()` on each model's QuerySet, core/models.py).
A preview is never cached by a shared cache nor indexed.
"""

from django.urls import Resolver404, resolve
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from .models import Status

PREVIEW_PARAMETER = "preview"


def view_permission(model):
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def may_preview(request, model):
    """Did a staff member who may view this kind of record ask for a preview?"""
    if request.GET.get(PREVIEW_PARAMETER) != "1":
        return False
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(view_permission(model))
    )


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def state_label(obj, at=None):
    """Why a record is not public, in words: 'draft', 'scheduled: goes online on …'."""
    at = at or timezone.now()
    if obj.status == Status.PUBLISHED:
        if obj.publish_at is not None and obj.publish_at > at:
            return _("scheduled, goes online on %(date)s") % {"date": _when(obj.publish_at)}
        if obj.unpublish_at is not None and obj.unpublish_at <= at:
            return _("offline since %(date)s") % {"date": _when(obj.unpublish_at)}
    return str(obj.get_status_display())


def mark_response(response):
    """A preview is for the signed-in staff member only: never stored, never indexed."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def preview_url(obj):
    """The public address of a record with ?preview=1 (before any #fragment)."""
    url = obj.get_absolute_url()
    path, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{PREVIEW_PARAMETER}=1{hash_mark}{fragment}"


def supports_preview(obj):
    """Does the public page of this record show it with ?preview=1?"""
    try:
        match = resolve(obj.get_absolute_url().partition("#")[0])
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    return getattr(view_class, "preview_model", None) is type(obj)


class PreviewDetailMixin:
    """For a public DetailView whose records come from `records()` (public ones).

    Put it before the view's own mixin: with a preview, `records()` is every record of the
    model of a kind the public site shows, whatever its state, and the page gets the banner and
    the preview headers.
    """

    preview_model = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.previewing = may_preview(request, self.preview_model)

    def records(self):
        if self.previewing:
            records = self.preview_model._default_manager.all()
            return records.filter(records.public_kind())
        return super().records()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.previewing and not self.object.is_public:
            context["preview"] = {"state": state_label(self.object)}
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return mark_response(response) if self.previewing else response


class PreviewListMixin:
    """For a public list (the timeline) whose records come from `records()`.

    With a preview, records on their way to the public are listed too, and the page gets the
    banner (when it shows some) and the preview headers.
    """

    preview_model = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.previewing = may_preview(request, self.preview_model)

    def records(self):
        """The public records; with a preview, those on their way to the public too."""
        return self.preview_model._default_manager.public(preview=self.previewing)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.previewing:
            hidden = [obj for obj in context["object_list"] if not obj.is_public]
            if hidden:
                context["preview"] = {"count": len(hidden)}
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return mark_response(response) if self.previewing else response
