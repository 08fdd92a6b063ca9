from django.urls import path

from . import views

# An organisation's own page is network's (it shows programs, places, grants and events):
# config/urls.py adds it to this namespace, at partners/<slug>/.
app_name = "partners"
urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="organization-list"),
]
