from django.views.generic import ListView

from .models import Event


class TimelineView(ListView):
    template_name = "history/timeline.html"
    context_object_name = "events"

    def get_queryset(self):
        return Event.objects.published().timeline().select_related("organization")
