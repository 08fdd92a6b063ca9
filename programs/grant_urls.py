from django.urls import path

from . import grant_views

app_name = "grants"
urlpatterns = [
    path("", grant_views.GrantListView.as_view(), name="grant-list"),
    # Before the grant pages: no grant slug can then hide it.
    path("data-quality/", grant_views.DataQualityView.as_view(), name="data-quality"),
    path("<slug:slug>/", grant_views.GrantDetailView.as_view(), name="grant-detail"),
]
