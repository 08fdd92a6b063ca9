from django.urls import path

from . import views

app_name = "hsds"

urlpatterns = [
    path("", views.meta, name="meta"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service_detail, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:id>", views.organization_detail, name="organization"),
    path("taxonomies", views.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term_detail, name="taxonomy-term"),
    path("service_at_locations", views.service_at_locations, name="service-at-locations"),
    path(
        "service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="service-at-location",
    ),
]
