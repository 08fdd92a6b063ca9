from django.urls import path

from . import views

app_name = "centers"
urlpatterns = [
    path("", views.CenterListView.as_view(), name="center-list"),
    path("<slug:slug>/", views.CenterDetailView.as_view(), name="center-detail"),
]
