"""The list's cards written by centers/cards.py are the card template's HTML, byte for byte."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from centers.cards import card_html
from centers.models import Center
from centers.opening import CLOSED, OPEN, UNKNOWN, OpeningState
from core.models import TriState
from tests.factories import CenterFactory, OrganizationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

STATES = [
    OpeningState(UNKNOWN, "Horaires inconnus"),
    OpeningState(OPEN, "Ouvert maintenant", "jusqu'à 17:00 <b>"),
    OpeningState(CLOSED, "Fermé", ""),
]
# (selected, toggle): in the selection, can be added, the selection is full.
SELECTION = [(True, "sel=&x=<1>"), (False, "place=Lyon&sel=3,4"), (False, None)]
WELCOME = [("", ""), ("Femmes; Enfants <5 ans>", ""), ("", "De 0 à 18 ans"), ("A; B", "18+")]


@pytest.fixture
def places():
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", name_en="", overseas=True, time_zone="Indian/Mayotte"
    )
    reunion = TerritoryFactory(slug="la-reunion", name="La Réunion", overseas=True)
    operator = OrganizationFactory(name="Médecins & co", name_en="")
    variants = [
        {"city": "Lyon", "department": "Rhône", "department_code": "69"},
        {"city": "Paris", "department": "Paris", "department_code": "75"},
        {
            "city": "Koungou",
            "department": "Mayotte",
            "department_code": "976",
            "territory": mayotte,
        },
        {"city": "Koungou", "department": "", "department_code": "", "territory": mayotte},
        {"city": "", "department": "Ain", "department_code": "01", "region": "Auvergne"},
        {"city": "", "department": "Nord", "department_code": "", "region": "Nord"},
        {"city": "", "department": "", "region": "Île-de-France <IDF>"},
        {"city": "", "department": "", "region": "", "territory": reunion},
        {"city": "", "department": "", "region": ""},
        {
            "city": "Saint-Denis",
            "summary": "Un lieu <d'accueil>",
            "summary_en": "",
            "area_served": "Le nord",
            "area_served_en": "The north",
            "operator": operator,
            "name_en": "",
            "free_of_charge": TriState.YES,
        },
        {"city": "Lille", "free_of_charge": TriState.NO, "name": "L'Îlot & <Cie>"},
    ]
    for variant in variants:
        CenterFactory(**variant)
    return list(Center.objects.select_related("operator", "territory").order_by("pk"))


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_a_card_is_the_card_templates_html(places, language):
    template = get_template("centers/includes/center_card.html")
    with translation.override(language):
        for i, center in enumerate(places):
            for j, (selected, toggle) in enumerate(SELECTION):
                audiences, age = WELCOME[(i + j) % len(WELCOME)]
                card = {
                    "center": center,
                    "state": STATES[(i + j) % len(STATES)],
                    "url": f"/{language}/places/{center.slug}/?a=1&b=<2>",
                    "audiences": audiences,
                    "age": age,
                    "selected": selected,
                    "toggle": toggle,
                }
                assert card_html(**card) == template.render(card), (center.pk, selected)


def test_the_list_shows_the_cards(client, places):
    response = client.get("/en/places/")
    html = response.content.decode()
    assert html.count('class="card center-card"') == len(places)
    # Untranslated texts are marked, as the template marked them.
    card = html[html.index(f'id="place-{places[9].pk}"') :]
    card = card[: card.index("</li>")]
    assert '<span lang="fr">Un lieu &lt;d&#x27;accueil&gt;</span>' in card
    assert "The north" in card
