"""Open data files, outside the language prefix: their content is in the site's first language."""

from django.urls import path

from . import views

app_name = "data"
urlpatterns = [
    path("grants.360giving.json", views.grants_json, name="grants-json"),
    path("grants.360giving.csv", views.grants_csv, name="grants-csv"),
    path("data-inclusion/<str:name>", views.data_file, name="file"),
]
