from django.db.models import Prefetch, Q
from django.views.generic import ListView

from core.filters import FilteredListMixin
from partners.models import Organization

from .filters import ProgramFilter
from .models import Grant, Program, Theme


def public_grants():
    """Published grants whose funder, and recipient where one is named, are published too."""
    orgs = Organization.objects.published()
    return (
        Grant.objects.published()
        .filter(funder__in=orgs)
        .filter(Q(recipient__isnull=True) | Q(recipient__in=orgs))
        .select_related("funder", "recipient")
    )


class ProgramMixin:
    """Published programs with what their cards show, every related row published."""

    paginate_by = 20

    def records(self):
        return Program.objects.published()

    def get_base_queryset(self):
        return (
            self.records()
            .select_related("lead_organization")
            .prefetch_related(
                Prefetch("grants", public_grants(), to_attr="public_grants"),
                Prefetch("themes", Theme.objects.published(), to_attr="public_themes"),
            )
        )


class ProgramListView(FilteredListMixin, ProgramMixin, ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"
    filterset_class = ProgramFilter
