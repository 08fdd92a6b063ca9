"""The admin home's dashboard: what waits for review, what is scheduled, what is stale."""

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core import workflow
from core.models import PendingChange, Status

register = template.Library()


def _changelist(model, query=""):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + query
    except NoReverseMatch:
        return ""


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def review_dashboard(context):
    user = context["request"].user
    now = timezone.now()
    in_review, scheduled, imported = [], [], []
    for model in workflow.content_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        waiting = model.objects.filter(status=Status.IN_REVIEW).count()
        if waiting:
            in_review.append(
                (opts.verbose_name_plural, waiting, _changelist(model, "?status__exact=in_review"))
            )
        # Drafts a spreadsheet import created (the imports app): a publisher reviews and
        # publishes them.
        if any(f.name == "external_id" for f in opts.fields):
            drafts = model.objects.filter(status=Status.DRAFT).exclude(external_id="").count()
            if drafts:
                imported.append(
                    (opts.verbose_name_plural, drafts, _changelist(model, "?imported=drafts"))
                )
        upcoming = model.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).count()
        if upcoming:
            scheduled.append(
                (opts.verbose_name_plural, upcoming, _changelist(model, "?scheduled=upcoming"))
            )
    pending = (
        PendingChange.objects.waiting().count() if user.has_perm("core.view_pendingchange") else 0
    )
    return {
        "in_review": in_review,
        "scheduled": scheduled,
        "tallies": tallies(user),
        "imported": imported,
        "pending": pending,
        "pending_url": _changelist(PendingChange, "?status__exact=pending"),
    }


def tallies(user):
    """What models count for the dashboard themselves (a classmethod `dashboard_counts()`
    returning (label, count, list query) rows: the places by freshness, the correction
    reports by state), for the models the user may view: (model, label, count, address)."""
    rows = []
    for model in apps.get_models():
        counts = getattr(model, "dashboard_counts", None)
        opts = model._meta
        if counts is None or not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        rows.extend(
            (opts.verbose_name_plural, label, count, _changelist(model, query))
            for label, count, query in counts()
        )
    return rows
