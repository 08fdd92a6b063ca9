from django.apps import apps
from django.db.models import Prefetch, Q
from django.views.generic import DetailView, ListView

from core.filters import FilteredListMixin
from core.models import KeyFigure
from core.preview import PreviewDetailMixin
from partners.models import Organization

from .filters import ProgramFilter
from .jsonld import program_jsonld
from .models import Grant, Program, TargetGroup, Theme


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


class ProgramDetailView(PreviewDetailMixin, ProgramMixin, DetailView):
    template_name = "programs/program_detail.html"
    context_object_name = "program"
    preview_model = Program

    def get_queryset(self):
        # Places are reached through their reverse relation: programs' code does not import centers.
        Center = apps.get_model("centers", "Center")
        return self.get_base_queryset().prefetch_related(
            Prefetch("partners", Organization.objects.published(), to_attr="public_partners"),
            Prefetch("target_groups", TargetGroup.objects.published(), to_attr="public_target_groups"),
            Prefetch("centers", Center.objects.published().care_places(), to_attr="public_centers"),
            Prefetch("key_figures", KeyFigure.objects.published(), to_attr="public_key_figures"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        lead = program.lead_organization
        lead = lead if lead is not None and lead.is_public else None
        context.update(
            lead=lead,
            jsonld=program_jsonld(
                program, self.request, lead=lead, grants=program.public_grants, themes=program.public_themes
            ),
        )
        return context
