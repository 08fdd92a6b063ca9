from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("", views.GrantListView.as_view(), name="grant-list"),
    # Before the grant pages: no grant slug can then hide it.
    path("data-quality/", views.DataQualityView.as_view(), name="data-quality"),
    path("<slug:slug>/", views.GrantDetailView.as_view(), name="grant-detail"),
]
