from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from core.models import KeyFigure

from .models import Grant, Program


class ProgramMixin:
    def get_queryset(self):
        return Program.objects.published().select_related("lead_organization")


class ProgramListView(ProgramMixin, ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"
    paginate_by = 50


class ProgramDetailView(ProgramMixin, DetailView):
    template_name = "programs/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("grants", queryset=Grant.objects.published().select_related("funder", "recipient")),
                Prefetch("key_figures", queryset=KeyFigure.objects.published()),
                "target_groups",
                "themes",
            )
        )
