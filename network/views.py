from django.views.generic import TemplateView

from centers.models import Center
from programs.models import Program


class HomeView(TemplateView):
    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["programs"] = Program.objects.published().select_related("lead_organization")
        ctx["center_count"] = Center.objects.published().care_places().count()
        return ctx
