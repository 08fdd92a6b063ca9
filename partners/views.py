from django.views.generic import DetailView, ListView

from .models import Organization


class OrganizationMixin:
    def get_queryset(self):
        return Organization.objects.published().select_related("parent")


class OrganizationListView(OrganizationMixin, ListView):
    template_name = "partners/organization_list.html"
    context_object_name = "organizations"
    paginate_by = 50


class OrganizationDetailView(OrganizationMixin, DetailView):
    template_name = "partners/organization_detail.html"
    context_object_name = "organization"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.object
        ctx["former_names"] = org.former_names.published()
        ctx["relationships"] = (
            org.relationships_from.published().filter(target__in=Organization.objects.published()).select_related("target")
        )
        ctx["key_figures"] = org.key_figures.published()
        return ctx
