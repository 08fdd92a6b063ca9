from django.urls import path

from . import pages, views

app_name = "network"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("legal-notice/", views.LegalNoticeView.as_view(), name="legal-notice"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
]

# Pages that combine domains, at their domain's address and in its URL namespace: config/urls.py
# joins each to its domain app's list (partners:organization-detail, programs:program-detail).
organization_urlpatterns = [
    path("<slug:slug>/", pages.OrganizationDetailView.as_view(), name="organization-detail"),
]
program_urlpatterns = [
    path("<slug:slug>/", pages.ProgramDetailView.as_view(), name="program-detail"),
]
