"""The search results written by network.search (Group.results_html) are the result template's
HTML, byte for byte."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from network.search import KINDS, Group, Result, Shown, search, snippet
from tests.factories import (
    CenterFactory,
    EventFactory,
    OrganizationFactory,
    ProgramFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


def rendered(results):
    template = get_template("network/includes/search_result.html")
    return "".join(template.render({"result": result}) for result in results)


def test_a_result_is_the_result_templates_html():
    marked = snippet(["Des soins <ici>"], ["soins"])
    results = [
        Result("Care place", "Médecins & <co>", "/fr/places/a/", "CASO · d'Aulnay", "plain"),
        Result("Program", "L'Autre", "/fr/programs/b/?x=1&y=2", "", ""),
        Result("Event", "Titre", "/fr/history/#event-c", "1970", marked),
    ]
    assert Group("places", "Care places", 3, results).results_html == rendered(results)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_search_page_writes_its_results_as_the_template(client, language):
    CenterFactory(name="Centre de soins <Lyon>", city="Lyon", summary="Des soins & un accueil.")
    ProgramFactory(title="Soins d'abord", summary="Pour l'accès aux soins.")
    with translation.override(language):
        groups = search("soins")
    shown = [group for group in groups if group.results]
    assert len(shown) == 2
    for group in shown:
        assert group.results_html == rendered(group.results)
    html = client.get(f"/{language}/search/?q=soins").content.decode()
    assert all(group.results_html in html for group in shown)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_a_results_texts_and_address_are_its_records(language):
    """Shown reads the translated columns and the pages' addresses itself: the same texts as the
    records' fields (modeltranslation, falling back to French, then English) and the same
    addresses as their get_absolute_url(), for each kind."""
    organization = OrganizationFactory(name="Soins solidaires", name_en="", summary="Des soins.")
    records = {
        "places": CenterFactory(name="Centre de soins", name_en="Care centre", summary=""),
        "programs": ProgramFactory(title="Soins d'abord", summary="", summary_en="Care first."),
        "partners": organization,
        "history": EventFactory(organization=organization, title="Soins", text="Des soins."),
        "references": ReferenceFactory(title="Loi soins", short_title="", short_title_en="LS"),
    }
    with translation.override(language):
        shown = Shown()
        for kind in KINDS:
            record = records[kind.key]
            record = type(record).objects.get(pk=record.pk)
            result = kind.result(record, ["soins"], shown)
            assert result.url == kind.url(record, Shown()) == expected_url(kind, record)
            assert result.title == str(getattr(record, kind.title_fields[0]))
            for field in (*kind.title_fields, *kind.text_fields):
                assert shown.text(record, field) == getattr(record, field), (kind.key, field)


def expected_url(kind, record):
    if kind.key == "references":
        return kind.url(record, None)  # its own rule: the first event's place on the timeline
    return record.get_absolute_url()
