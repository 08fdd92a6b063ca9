"""The grants index in a language its records are not translated into (issue 13): every French
name or title keeps lang="fr" and the visitor is told, in their language, that it is not yet
translated, with fewer notes than one per field (a grant's funder and recipient take one, a list
of titles one over its section), so the page stays under 100 KB at national size."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from core.qualifiers import Qualifier
from tests.factories import GrantFactory, OrganizationFactory, ProgramFactory
from tests.helpers import page

pytestmark = pytest.mark.django_db

LIST_NOTE = "Program titles not yet translated into this language are shown in French."


@pytest.fixture
def french_only_grants():
    """One funder's grants, none translated into Russian or Arabic: two stated amounts that
    cannot be added (so the totals name them) and one not disclosed."""
    funder = OrganizationFactory(name_fr="Fondation Exemple", slug="fondation-exemple")
    recipient = OrganizationFactory(name_fr="Association Exemple", slug="association-exemple")
    grants = [
        GrantFactory(
            funder=funder,
            recipient=recipient,
            program=ProgramFactory(title_fr=f"Programme {n}", slug=f"programme-{n}"),
            slug=f"subvention-{n}",
            amount=amount,
            amount_qualifier=qualifier,
        )
        for n, (amount, qualifier) in enumerate(
            [
                (Decimal(1000), Qualifier.UP_TO),
                (Decimal(2000), Qualifier.MORE_THAN),
                (None, Qualifier.NOT_DISCLOSED),
            ]
        )
    ]
    return grants


def section(html, start, end):
    return html[html.index(start) : html.index(end)]


def note(lang, text):
    with translation.override(lang):
        return translation.gettext(text)


def test_a_card_says_once_that_its_funder_and_recipient_are_not_translated(
    client, french_only_grants
):
    html = page(client, "/ru/grants/")
    cards = re.findall(r'<li class="card">(.*?)</li>', html, re.S)
    assert len(cards) == 3
    for card in cards:
        heading = card[: card.index("</h3>")]
        assert '<span lang="fr">Fondation Exemple</span>' in heading
        assert '<span lang="fr">Association Exemple</span>' in heading
        assert heading.count('<span class="untranslated">(ещё не переведено)</span>') == 1
        # The program title, in its own place on the card, keeps its own note.
        assert card.count('class="untranslated"') == 2


def test_the_totals_and_charts_say_once_that_titles_are_in_french(client, french_only_grants):
    for lang, attributes in (("ru", ' lang="fr"'), ("ar", ' lang="fr" dir="ltr"')):
        html = page(client, f"/{lang}/grants/")
        totals = section(html, 'id="totals-title"', 'id="charts-title"')
        said = f'<p class="untranslated">{note(lang, LIST_NOTE)}</p>'
        assert note(lang, LIST_NOTE) != LIST_NOTE
        assert totals.count(said) == 1
        assert totals.count('class="untranslated"') == 1
        for n in range(3):
            assert f'href="/{lang}/grants/subvention-{n}/"{attributes}>Programme {n}</a>' in totals
        charts = section(html, 'id="charts-title"', 'id="open-data-title"')
        assert charts.count(said) == 1
        assert (
            'href="/' + lang + '/grants/subvention-2/"' + attributes + ">Programme 2</a>" in charts
        )


def test_no_note_where_the_titles_are_translated(client, french_only_grants):
    for grant in french_only_grants:
        grant.program.title_ru = f"Программа {grant.pk}"
        grant.program.save()
    html = page(client, "/ru/grants/")
    assert note("ru", LIST_NOTE) not in html
    assert 'lang="fr">Programme' not in html


def test_nothing_is_marked_in_french(client, french_only_grants):
    html = page(client, "/fr/grants/")
    assert "untranslated" not in html
    assert 'lang="fr">Programme' not in html
    assert 'lang="fr">Fondation' not in html


def test_a_grant_page_keeps_a_note_after_each_title_of_its_funder_total(client, french_only_grants):
    html = page(client, "/ru/grants/subvention-0/")
    assert note("ru", LIST_NOTE) not in html
    for n in (1, 2):
        assert (
            f'<a href="/ru/grants/subvention-{n}/" lang="fr">Programme {n}</a>'
            ' <span class="untranslated">(ещё не переведено)</span>'
        ) in html


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_cards_follow_the_titles_shown_not_the_slugs(client, language):
    """Titles with no translation show in French: the cards are in the order of those titles,
    not tied and left in the order of their slugs."""
    for slug, title in [("a-grant", "Zèbre"), ("b-grant", "Abeille"), ("c-grant", "Mésange")]:
        GrantFactory(slug=slug, program=ProgramFactory(title_fr=title, title_en="", slug=slug))
    body = page(client, f"/{language}/grants/")
    cards = re.findall(rf'href="/{language}/grants/([a-c]-grant)/"', body)
    assert list(dict.fromkeys(cards)) == ["b-grant", "c-grant", "a-grant"]
