from django.views.generic import DetailView, ListView

from .models import Center


class CenterMixin:
    def get_queryset(self):
        return Center.objects.published().care_places().with_related()


class CenterListView(CenterMixin, ListView):
    template_name = "centers/center_list.html"
    context_object_name = "centers"
    paginate_by = 50


class CenterDetailView(CenterMixin, DetailView):
    template_name = "centers/center_detail.html"
    context_object_name = "center"
