from django.views.generic import ListView

from core.filters import FilteredListMixin

from .filters import OrganizationFilter
from .models import Organization


class OrganizationMixin:
    paginate_by = 30

    def records(self):
        return Organization.objects.public()

    def get_base_queryset(self):
        return self.records().select_related("parent")


class OrganizationListView(FilteredListMixin, OrganizationMixin, ListView):
    template_name = "partners/organization_list.html"
    context_object_name = "organizations"
    filterset_class = OrganizationFilter
