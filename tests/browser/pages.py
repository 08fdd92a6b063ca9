"""Every kind of public page, and the address of one of each in a language."""

from django.urls import reverse
from django.utils import translation

# Seeded records the pages show.
KOUNGOU = "koungou-consultation-for-minors"
CASO_PROGRAM = "caso-four-cities"
MDM = "medecins-du-monde"
MSF = "migrations-sante-france"
MAYOTTE_MINORS_FREE = "territory=mayotte&audience=children-and-minors&free=yes"

# name: (URL name, kwargs, query string, expected status). {place}, {program}, {partner} are
# replaced by the slugs a test module chooses (the seeded ones by default).
PAGE_TYPES = {
    "home": ("network:home", {}, "", 200),
    "places list": ("centers:center-list", {}, "", 200),
    "places list filtered": ("centers:center-list", {}, MAYOTTE_MINORS_FREE, 200),
    "places map": ("centers:center-map", {}, "", 200),
    "places of a département": ("centers:center-list", {}, "department=976", 200),
    "place detail": ("centers:center-detail", {"slug": "{place}"}, "", 200),
    "place sheet": ("centers:center-sheet", {"slug": "{place}"}, "", 200),
    "report form": ("centers:center-report", {"slug": "{place}"}, "", 200),
    "programs list": ("programs:program-list", {}, "", 200),
    "program detail": ("programs:program-detail", {"slug": "{program}"}, "", 200),
    "partners list": ("partners:organization-list", {}, "", 200),
    "partner detail": ("partners:organization-detail", {"slug": "{partner}"}, "", 200),
    "timeline": ("history:timeline", {}, "", 200),
    "search": ("network:search", {}, "q=medecins", 200),
    "grants list": ("grants:grant-list", {}, "", 200),
    "grant detail": ("grants:grant-detail", {"slug": "sanofi-espoir-caso"}, "", 200),
    "grants data quality": ("grants:data-quality", {}, "", 200),
    "open data": ("opendata:open-data", {}, "", 200),
    "open data quality": ("opendata:data-quality", {}, "", 200),
    "legal notice": ("network:legal-notice", {}, "", 200),
    "privacy": ("network:privacy", {}, "", 200),
    "accessibility": ("network:accessibility", {}, "", 200),
    "404": (None, {}, "", 404),
}
SEEDED = {"place": KOUNGOU, "program": CASO_PROGRAM, "partner": MDM}


def page_path(page_type, lang, slugs=None, query=None):
    """The path of a page of this type in a language, e.g. /en/places/koungou-…/sheet/."""
    name, kwargs, default_query, _status = PAGE_TYPES[page_type]
    slugs = {**SEEDED, **(slugs or {})}
    with translation.override(lang):
        if name is None:
            path = f"/{lang}/this-page-does-not-exist/"
        else:
            path = reverse(name, kwargs={k: v.format(**slugs) for k, v in kwargs.items()})
    query = default_query if query is None else query
    return f"{path}?{query}" if query else path


def expected_status(page_type):
    return PAGE_TYPES[page_type][3]
