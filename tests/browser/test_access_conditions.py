"""Access conditions and urgent help in a real browser: with every access condition stated (and
an Acceslibre page), the longest seeded place's sheet still prints on exactly one A4 page, with
the urgent numbers at its foot, in every language; its page has no axe-core violation and
keeps the numbers left to right in Arabic."""

import pytest

from centers.models import Center
from core.models import TriState

from .conftest import describe_violations, run_axe
from .pages import page_path
from .test_print import pdf_page_count

ACCESLIBRE = "https://acceslibre.beta.gouv.fr/app/976-koungou/a/centre-de-sante/erp/consultation/"


@pytest.fixture(scope="module")
def stated(seeded, django_db_blocker):
    """Every seeded place with every access condition stated (saved one by one: the page
    cache expires as it does for staff's edits)."""
    with django_db_blocker.unblock():
        for place in Center.objects.public():
            place.appointment_needed = TriState.NO
            place.referral_needed = TriState.YES
            place.call_first = TriState.YES
            place.step_free_access = TriState.YES
            place.acceslibre_url = ACCESLIBRE
            place.animals_accepted = TriState.NO
            place.save()
        slugs = list(Center.objects.public().values_list("slug", flat=True))
    return slugs


@pytest.mark.parametrize("lang", ["fr", "en", "ar", "fa", "ps", "uk", "ru"])
def test_the_longest_sheet_with_every_condition_prints_on_one_a4_page(
    stated, site, guard, nojs_page, lang
):
    page = nojs_page
    page.emulate_media(media="print")
    lengths = {}
    for slug in stated:
        response = page.goto(site.url(page_path("place sheet", lang, {"place": slug})))
        assert response.status == 200
        lengths[slug] = len(page.evaluate("document.body.innerText"))
    longest = max(lengths, key=lengths.get)
    path = page_path("place sheet", lang, {"place": longest})
    page.goto(site.url(path))
    text = page.evaluate("document.body.innerText")
    assert "Acceslibre" in text
    assert "115" in text and "114" in text  # the urgent numbers print with the sheet
    pages = pdf_page_count(page.pdf(format="A4", print_background=True))
    assert pages == 1, f"{path} ({lengths[longest]} characters) prints on {pages} A4 pages"
    guard.check("sheets")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_place_page_is_accessible_with_the_numbers_left_to_right(stated, js_page, site, lang):
    path = page_path("place detail", lang)
    response = js_page.goto(site.url(path))
    assert response.status == 200
    violations = run_axe(js_page, site.axe_source)
    assert not violations, describe_violations(violations)
    numbers = js_page.locator(".urgent-number")
    assert numbers.all_inner_texts() == ["15", "112", "115", "114"]
    directions = numbers.evaluate_all("els => els.map(e => getComputedStyle(e).direction)")
    assert directions == ["ltr"] * 4
    assert js_page.locator(".urgent-help a[href='sms:114']").count() == 1
    link = js_page.locator(f"a[href='{ACCESLIBRE}']")
    assert link.count() == 1
