"""The program list's cards written by programs/cards.py are the card template's HTML, byte for
byte."""

from decimal import Decimal

import pytest
from django.template.loader import get_template
from django.utils import timezone, translation

from core.models import Status
from core.qualifiers import Qualifier
from programs.cards import card_html
from programs.views import ProgramListView
from tests.factories import GrantFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs():
    odd = OrganizationFactory(name="Médecins & <co>", name_en="", slug="medecins-co")
    draft = OrganizationFactory(name="Brouillon", status=Status.DRAFT)
    funder = OrganizationFactory(name="Fondation l'Espoir <FE>", name_en="", kind="foundation")
    variants = [
        {},
        {"lead_organization": odd, "summary": "Un lieu <d'accueil> & plus", "summary_en": ""},
        {"lead_organization": draft, "summary": "", "area": "Lyon & Paris", "area_en": "Lyon"},
        {"lead_organization": None, "area": "Nord", "area_en": "", "kind": "standing"},
        {"title": "Programme <sans> traduction", "title_en": "", "kind": "study"},
    ]
    grants = [
        [],
        [{"amount": Decimal("600000"), "amount_qualifier": Qualifier.ALMOST}],
        [
            {"amount": None, "amount_qualifier": Qualifier.NOT_DISCLOSED, "funder": funder},
            {"amount": Decimal("1200"), "amount_qualifier": Qualifier.UP_TO, "duration_months": 12},
            {"amount": Decimal("5000"), "amount_qualifier": Qualifier.ABOUT, "duration_months": 5},
            {"duration_months": None, "funder": funder},
        ],
        [{"duration_months": 24}, {"duration_months": None}],
        [{"amount_qualifier": Qualifier.EXACT, "amount": Decimal("0.5")}],
    ]
    for variant, its_grants in zip(variants, grants, strict=True):
        program = ProgramFactory(**variant)
        for grant in its_grants:
            GrantFactory(program=program, **grant)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_a_card_is_the_card_templates_html(programs, language):
    template = get_template("programs/includes/program_card.html")
    with translation.override(language):
        shown = list(ProgramListView().get_base_queryset().order_by("pk"))
        ProgramListView.with_grants(shown, timezone.now())  # as the list gives them
        assert len(shown) == 5
        assert sum(len(p.public_grants) for p in shown) == 8
        for program in shown:
            assert card_html(program) == template.render({"program": program}), program.slug


def test_the_list_shows_the_cards(client, programs):
    html = client.get("/en/programs/").content.decode()
    assert html.count('<li class="card">') == 5
    # Untranslated texts are marked, as the template marked them; amounts keep their words.
    assert '<span lang="fr">Un lieu &lt;d&#x27;accueil&gt; &amp; plus</span>' in html
    assert "from Fondation l&#x27;Espoir &lt;FE&gt;" in html
    assert "amount not disclosed" in html
    assert "up to" in html
