"""Verification campaigns (issue 16, item 3): an organisation's link page, in French and Arabic,
with its forms, a form's error, an answered place and the answers once all are given: no
axe-core violation, no Content Security Policy violation, no other host; and the whole answer
works with JavaScript off."""

import datetime

import pytest

from campaigns import services
from campaigns.models import Answer, CampaignContact, CampaignPlace
from tests.accounts_fixtures import make_user
from tests.factories import CenterFactory, OrganizationFactory

from .conftest import click_and_load, close_connections, describe_violations, flush, run_axe

LONG_AGO = datetime.date(2024, 1, 1)


@pytest.fixture(scope="module")
def letters(django_db_setup, django_db_blocker):
    """One campaign: a letter in French and one in Arabic, two places due each."""
    with django_db_blocker.unblock():
        publisher = make_user("Publishers", username="campaign-publisher")
        made = {}
        for lang in ("fr", "ar", "nojs"):
            organization = OrganizationFactory(name=f"Association {lang}")
            CampaignContact.objects.create(
                organization=organization,
                email=f"{lang}@example.org",
                language="fr" if lang == "nojs" else lang,
            )
            for n in (1, 2):
                CenterFactory(
                    name=f"Lieu {lang} {n}", operator=organization, last_verified_on=LONG_AGO
                )
            made[lang] = organization
        campaign = services.start("Hiver", services.places_due(), publisher)
        result = {lang: campaign.letters.get(organization=org) for lang, org in made.items()}
        close_connections()
    yield result
    flush(django_db_blocker)


def check(page, site, label, problems):
    violations = run_axe(page, site.axe_source)
    if violations:
        problems.append(f"{label}:\n{describe_violations(violations)}")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_link_page_passes_axe_in_every_state(letters, shared_js, lang):
    site, guard, page = shared_js
    guard.reset()
    letter = letters[lang]
    url = letter.get_absolute_url(lang)
    problems = []
    response = page.goto(site.url(url))
    assert response.status == 200
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("section.campaign-place").count() == 2
    guard.check(url, page)
    check(page, site, f"form ({lang})", problems)
    # Changes sent without a text: the error, accessibly.
    first = page.locator("section.campaign-place").first
    first.locator("details summary").first.click()
    click_and_load(first.locator("form").nth(1).locator("button"))
    assert page.locator("#form-problems").count() == 1
    check(page, site, f"error ({lang})", problems)
    # The proposal form the link leads to: fields, the week of hours, a notice, the reason.
    page.goto(site.url(url))
    first = page.locator("section.campaign-place").first
    first.locator("details summary").first.click()
    click_and_load(first.locator("details a").first)
    assert page.locator("form.account-form").count() == 1
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    guard.check(page.url, page)
    check(page, site, f"changes form ({lang})", problems)
    # Both places confirmed: the answers instead of the forms.
    page.goto(site.url(url))
    for _n in range(2):
        click_and_load(page.locator("form.campaign-form button").first)
    assert page.locator("ul.campaign-answers li").count() == 2
    assert page.locator("form.campaign-form").count() == 0
    guard.check(url, page)
    check(page, site, f"answers ({lang})", problems)
    assert not problems, "\n".join(problems)


def test_an_answer_works_without_javascript(letters, nojs_page, site, django_db_blocker):
    letter = letters["nojs"]
    page = nojs_page
    page.goto(site.url(letter.get_absolute_url()))
    first = page.locator("section.campaign-place").first
    first.locator("details summary").first.click()
    first.locator("textarea").first.fill("Ouvert le mardi de 9 h à 12 h.")
    click_and_load(first.locator("form").nth(1).locator("button"))
    second = page.locator("section.campaign-place").nth(1)
    second.locator("details summary").nth(1).click()
    second.locator("input[type=checkbox]").check()
    click_and_load(second.locator("form").nth(2).locator("button"))
    assert page.locator("ul.campaign-answers li").count() == 2
    with django_db_blocker.unblock():
        answers = sorted(
            CampaignPlace.objects.filter(letter=letter).values_list("answer", flat=True)
        )
        close_connections()
    assert answers == sorted([Answer.CHANGED, Answer.CLOSED])
