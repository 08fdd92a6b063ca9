"""The open-data page, its data-quality page, and each list's "Download this list" address
(beside the list: /fr/places/download.xlsx)."""

from django.urls import path, register_converter

from . import spreadsheets, views


class ListConverter:
    regex = "|".join(spreadsheets.LISTS_PATHS)

    def to_python(self, value):
        return spreadsheets.LISTS_PATHS[value]

    def to_url(self, value):
        return {key: prefix for prefix, key in spreadsheets.LISTS_PATHS.items()}[value]


class FormatConverter:
    regex = "|".join(spreadsheets.FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ListConverter, "opendata_list")
register_converter(FormatConverter, "opendata_format")

app_name = "opendata"
urlpatterns = [
    path("open-data/", views.OpenDataView.as_view(), name="open-data"),
    path("open-data/data-quality/", views.DataQualityView.as_view(), name="data-quality"),
    path(
        "<opendata_list:list_key>/download.<opendata_format:fmt>",
        views.download,
        name="download",
    ),
]
