from django.urls import path

from . import views

app_name = "centers"
urlpatterns = [
    path("", views.CenterListView.as_view(), name="center-list"),
    # Before the places' own addresses: no place may have these slugs (Center.reserved_slugs).
    path("map/", views.CenterMapView.as_view(), name="center-map"),
    path("selection/", views.CenterSelectionView.as_view(), name="center-selection"),
    path("<slug:slug>/", views.CenterDetailView.as_view(), name="center-detail"),
    path("<slug:slug>/sheet/", views.CenterSheetView.as_view(), name="center-sheet"),
    path("<slug:slug>/report/", views.CenterReportView.as_view(), name="center-report"),
    path(
        "<slug:slug>/report/thanks/",
        views.CenterReportThanksView.as_view(),
        name="center-report-thanks",
    ),
]
