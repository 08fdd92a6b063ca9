"""The grants index in languages its records are not translated into (issue 13): the lighter
marking (one note for a card's funder and recipient, one sentence over a list of French titles,
each title marked lang="fr") passes axe-core with zero violations, right to left in Arabic and
left to right in Russian, and the French titles read left to right in the Arabic page."""

from decimal import Decimal

import pytest

from core.qualifiers import Qualifier
from tests.factories import GrantFactory, OrganizationFactory, ProgramFactory

from .conftest import close_connections, describe_violations, flush, run_axe


@pytest.fixture(scope="module")
def french_only(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        funder = OrganizationFactory(name_fr="Fondation Exemple", slug="fondation-exemple")
        recipient = OrganizationFactory(name_fr="Association Exemple", slug="association-exemple")
        for n, (amount, qualifier) in enumerate(
            [
                (Decimal(1000), Qualifier.UP_TO),
                (Decimal(2000), Qualifier.MORE_THAN),
                (None, Qualifier.NOT_DISCLOSED),
            ]
        ):
            GrantFactory(
                funder=funder,
                recipient=recipient,
                program=ProgramFactory(title_fr=f"Programme {n}", slug=f"programme-{n}"),
                slug=f"subvention-{n}",
                amount=amount,
                amount_qualifier=qualifier,
            )
        close_connections()
    yield
    flush(django_db_blocker)


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_the_grants_index_marks_french_titles_accessibly(french_only, site, js_page, guard, lang):
    js_page.goto(site.url(f"/{lang}/grants/"))
    guard.check(f"/{lang}/grants/", js_page)
    violations = run_axe(js_page, site.axe_source)
    assert violations == [], describe_violations(violations)
    title = js_page.locator(f'.parts-list a[href="/{lang}/grants/subvention-0/"]').first
    assert title.get_attribute("lang") == "fr"
    assert title.evaluate("a => getComputedStyle(a).direction") == "ltr"
    expected = "rtl" if lang == "ar" else "ltr"
    assert js_page.evaluate("getComputedStyle(document.documentElement).direction") == expected
    assert js_page.locator("p.untranslated").count() == 2
    assert js_page.locator("p.untranslated").first.is_visible()
    card = js_page.locator("li.card h3").first
    assert card.locator(".untranslated").count() == 1
