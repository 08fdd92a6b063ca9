"""The search results written by network.search (Group.results_html) are the result template's
HTML, byte for byte."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from network.search import Group, Result, search, snippet
from tests.factories import CenterFactory, ProgramFactory

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
