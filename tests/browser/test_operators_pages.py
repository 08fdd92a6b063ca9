"""The operators' space (issue 16): its list of places, a place, the proposal form (empty and
with errors), the closure, closed-for-good and new-place forms, the proposals, the sign-in, in
French and Arabic (right to left): no axe-core violation, no Content Security Policy violation,
no request to another host; a proposal is sent and a place confirmed without JavaScript."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from centers.models import Center
from core.models import PendingChange, Status
from tests.accounts_fixtures import make_user

from .conftest import click_and_load, describe_violations, run_axe


@pytest.fixture(scope="module")
def operator(seeded, django_db_blocker):
    """An operator account of the organisation that runs a seeded place; its session cookie."""
    from operators.models import OperatorMembership

    with django_db_blocker.unblock():
        place = Center.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
        user = make_user(None, username="axe-operator")
        OperatorMembership.objects.create(user=user, organization=place.operator)
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        from django.db import connections

        connections.close_all()
    return place, cookie


def sign_in(page, site, cookie):
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.origin}]
    )


def paths(place, lang):
    with translation.override(lang):
        return [
            reverse("operators:space"),
            reverse("operators:place", args=[place.slug]),
            reverse("operators:propose", args=[place.slug]),
            reverse("operators:closure", args=[place.slug]),
            reverse("operators:closed-for-good", args=[place.slug]),
            reverse("operators:new-place"),
            reverse("operators:proposals"),
        ]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_operators_pages_pass_axe(operator, shared_js, lang):
    site, guard, page = shared_js
    place, cookie = operator
    problems = []

    def check(label):
        violations = run_axe(page, site.axe_source)
        if violations:
            problems.append(f"{label}:\n{describe_violations(violations)}")

    page.context.clear_cookies()
    with translation.override(lang):
        login = reverse("operators:login")
    guard.reset()
    assert page.goto(site.url(login)).status == 200
    guard.check(login, page)
    check(login)
    sign_in(page, site, cookie)
    for path in paths(place, lang):
        guard.reset()
        response = page.goto(site.url(path))
        assert response.status == 200, f"{path} answered {response.status}"
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator("html").get_attribute("lang") == lang
        guard.check(path, page)
        check(path)
    # The proposal form with its errors: equal times, a notice that ends before it starts.
    propose = paths(place, lang)[2]
    page.goto(site.url(propose))
    page.locator("#id_hours-0-weekday, #id_hours-1-weekday").first.select_option("0")
    for row in ("0",):
        page.fill(f"#id_hours-{row}-opens", "09:00")
        page.fill(f"#id_hours-{row}-closes", "09:00")
    page.fill("#id_notice-message", "Fermé")
    page.fill("#id_notice-starts_on", "2030-03-10")
    page.fill("#id_notice-ends_on", "2030-03-01")
    click_and_load(page.locator("form.account-form button[type=submit]"))
    assert page.locator(".errorlist").count() >= 2
    guard.check(propose + " (errors)", page)
    check(propose + " (errors)")
    assert not problems, "\n".join(problems)


def test_a_proposal_and_a_confirmation_without_javascript(operator, nojs_page, site):
    place, cookie = operator
    sign_in(nojs_page, site, cookie)
    space, _place, propose, *_ = paths(place, "fr")
    nojs_page.goto(site.url(propose))
    nojs_page.fill("#id_phone", "01 99 99 99 99")
    click_and_load(nojs_page.locator("form.account-form button[type=submit]"))
    assert "attendent la relecture du réseau" in nojs_page.content()
    assert PendingChange.objects.filter(data__fields__phone="01 99 99 99 99").exists()
    nojs_page.goto(site.url(space))
    click_and_load(nojs_page.locator("form[action$='/confirm/'] button").first)
    assert "marqué comme vérifié aujourd'hui" in nojs_page.content()
