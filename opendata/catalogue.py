"""Every dataset and API the site publishes, in one list: the open-data page, its DCAT JSON-LD
and the `build_datasets` command read it. A new one (the HSDS API) is one more `Entry`.

A *group* is what is built together (store.py): the two 360Giving files, the data·inclusion
files, one list's CSV and XLSX in one language.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from grants import threesixtygiving
from programs.models import Grant

from . import datainclusion, spreadsheets
from .store import Built

JSON_TYPE = "application/json"
CSV_TYPE = "text/csv; charset=utf-8"
LEFT_OUT = "data-inclusion-left-out.json"


@dataclass
class Group:
    key: str
    names: list
    build: object  # (origin) -> {name: Built}


def _absolute(origin):
    return lambda path: f"{origin}{path}"


def build_360giving(origin):
    grants = threesixtygiving.with_places(threesixtygiving.publishable(Grant.objects.public()))
    if not grants:
        return {
            "grants.360giving.json": Built(None, JSON_TYPE),
            "grants.360giving.csv": Built(None, CSV_TYPE),
        }
    with override(settings.LANGUAGE_CODE):
        data = threesixtygiving.package(grants, _absolute(origin))
        csv_text = threesixtygiving.csv_text(data)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return {
        "grants.360giving.json": Built(payload, JSON_TYPE, len(grants)),
        # A byte-order mark, so that spreadsheet programs read the accents as UTF-8.
        "grants.360giving.csv": Built(("\ufeff" + csv_text).encode(), CSV_TYPE, len(grants)),
    }


def build_data_inclusion(origin):
    from data_inclusion.schema.v1 import Service, Structure

    structures, services, left_out = datainclusion.records(_absolute(origin))
    return {
        "structures.json": Built(datainclusion.json_bytes(structures), JSON_TYPE, len(structures)),
        "structures.csv": Built(
            datainclusion.csv_bytes(Structure, structures), CSV_TYPE, len(structures)
        ),
        "services.json": Built(datainclusion.json_bytes(services), JSON_TYPE, len(services)),
        "services.csv": Built(datainclusion.csv_bytes(Service, services), CSV_TYPE, len(services)),
        LEFT_OUT: Built(datainclusion.json_bytes(left_out), JSON_TYPE, len(left_out)),
    }


def list_file(key, lang, fmt):
    return f"{key}.{lang}.{fmt}"


def list_group(key, lang):
    spec = spreadsheets.LISTS[key]

    def build(origin):
        with override(lang):
            built = spreadsheets.spreadsheets(spec, spec.queryset(), _absolute(origin))
        return {
            list_file(key, lang, fmt): Built(content, spreadsheets.FORMATS[fmt], rows)
            for fmt, (content, rows) in built.items()
        }

    return Group(
        f"list-{key}-{lang}", [list_file(key, lang, f) for f in spreadsheets.FORMATS], build
    )


GROUPS = {
    group.key: group
    for group in [
        Group("360giving", ["grants.360giving.json", "grants.360giving.csv"], build_360giving),
        Group(
            "data-inclusion",
            ["structures.json", "structures.csv", "services.json", "services.csv", LEFT_OUT],
            build_data_inclusion,
        ),
        *(
            list_group(key, lang)
            for key in spreadsheets.LISTS
            for lang, _name in settings.LANGUAGES
        ),
    ]
}
# The group of each file name.
FILE_GROUPS = {name: group for group in GROUPS.values() for name in group.names}


@dataclass
class Distribution:
    """One file (or API) of a dataset: its format, address, and the stored file behind it."""

    format: str  # "JSON", "CSV", "XLSX"
    media_type: str
    url_name: str
    url_kwargs: dict = field(default_factory=dict)
    file: str = ""  # the stored file's name in this language ({lang} replaced)
    api: bool = False  # an API answering on request: no stored file behind it

    def path(self):
        return reverse(self.url_name, kwargs=self.url_kwargs)

    def file_name(self, lang):
        return self.file.format(lang=lang)


@dataclass
class Entry:
    key: str
    title: object
    description: object
    distributions: list
    standard: object = ""  # the standard's name
    standard_url: str = ""
    validator: object = ""  # what every record passes, in words
    quality_url_name: str = ""  # the page listing the records left out
    keywords: tuple = ()


def _list_entry(key):
    spec = spreadsheets.LISTS[key]
    return Entry(
        key=f"list-{key}",
        title=spec.title,
        description=_(
            "The list as its page shows it, in the page's language (French or English): one "
            "row per record, the page's columns, qualified amounts and dates with their "
            "qualifiers, “not stated by the source” in words. The page's “Download this list” "
            "links give the list with its filters applied."
        ),
        distributions=[
            Distribution(
                fmt.upper(),
                media_type,
                "opendata:download",
                {"list_key": key, "fmt": fmt},
                list_file(key, "{lang}", fmt),
            )
            for fmt, media_type in spreadsheets.FORMATS.items()
        ],
        validator=_("Opens in spreadsheet programs; no cell is a formula."),
        keywords=("spreadsheet",),
    )


CATALOGUE = [
    Entry(
        key="data-inclusion",
        title=_("Care places in the data·inclusion format"),
        description=_(
            "The published care places as data·inclusion services, and the organisations that "
            "run them as its structures (schema version 1), in French: themes, people "
            "welcomed, fees only where a source states them, the département (INSEE code), "
            "opening hours in OpenStreetMap syntax, the date of the last change."
        ),
        distributions=[
            Distribution(
                "JSON", JSON_TYPE, "data:file", {"name": "structures.json"}, "structures.json"
            ),
            Distribution(
                "CSV", CSV_TYPE, "data:file", {"name": "structures.csv"}, "structures.csv"
            ),
            Distribution(
                "JSON", JSON_TYPE, "data:file", {"name": "services.json"}, "services.json"
            ),
            Distribution("CSV", CSV_TYPE, "data:file", {"name": "services.csv"}, "services.csv"),
        ],
        standard="data·inclusion schema v1",
        standard_url="https://www.data.inclusion.beta.gouv.fr/",
        validator=_(
            "Every record validates with the official Python package data-inclusion-schema "
            "(its Structure and Service models, warnings included)."
        ),
        quality_url_name="opendata:data-quality",
        keywords=("data·inclusion", "santé", "accès aux soins"),
    ),
    Entry(
        key="360giving",
        title=_("Grants in the 360Giving format"),
        description=_(
            "The published grants that have an exact amount, an award date and a named "
            "recipient, as a 360Giving data package and its spreadsheet twin."
        ),
        distributions=[
            Distribution("JSON", JSON_TYPE, "data:grants-json", {}, "grants.360giving.json"),
            Distribution("CSV", CSV_TYPE, "data:grants-csv", {}, "grants.360giving.csv"),
        ],
        standard="360Giving Data Standard 1.4",
        standard_url="https://standard.threesixtygiving.org/",
        validator=_("Validates against the official 360Giving 1.4 JSON schemas."),
        quality_url_name="grants:data-quality",
        keywords=("360Giving", "grants"),
    ),
    Entry(
        key="hsds",
        title=_("Care places through the Open Referral HSDS 3.0 API"),
        description=_(
            "The published care places as services, locations and services at locations, the "
            "organisations that run them and three taxonomies (kinds of places, who is welcome, "
            "services), read page by page in French or English; its OpenAPI document describes "
            "every path and parameter."
        ),
        distributions=[
            Distribution("JSON", JSON_TYPE, "hsds:meta", api=True),
            Distribution("OpenAPI", JSON_TYPE, "hsds:openapi", api=True),
        ],
        standard="Open Referral HSDS 3.0",
        standard_url="https://docs.openreferral.org/en/latest/",
        validator=_(
            "Every answer validates against the unmodified official HSDS 3.0 JSON schemas."
        ),
        keywords=("HSDS", "Open Referral", "API"),
    ),
    *(_list_entry(key) for key in spreadsheets.LISTS),
]
