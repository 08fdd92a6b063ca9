"""The account pages of issue 15 (re-authentication, recovery codes, the list of sessions, the
passkeys page with its script), in the funders' space (French and Arabic, right to left) and
the admin (French): no axe-core violation, no Content Security Policy violation, no request to
another host; new recovery codes are made and shown without JavaScript."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import RecoveryCodes
from accounts.sessions import CODE_AT
from tests.accounts_fixtures import make_user, totp_device

from .conftest import click_and_load, describe_violations, run_axe


def verified_cookie(user):
    """A session signed in with the password and the app's code, just now."""
    device = totp_device(user)
    RecoveryCodes.generate(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[CODE_AT] = timezone.now().timestamp()
    session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def cookies(seeded, django_db_blocker):
    from funders import services
    from partners.models import Organization

    with django_db_blocker.unblock():
        funder = make_user(None, username="axe-funder")
        services.add_member(funder, Organization.objects.order_by("pk").first())
        publisher = make_user("Publishers", username="axe-publisher")
        cookies = {"funders": verified_cookie(funder), "admin": verified_cookie(publisher)}
        from django.db import connections

        connections.close_all()
    return cookies


def pages(entrance, lang):
    prefix = "funders:" if entrance == "funders" else ""
    names = ["sessions", "recovery-codes", "reauthenticate", "passkeys"]
    if entrance == "admin":
        names = [name.replace("-", "_") for name in names]
    with translation.override(lang):
        return [reverse(prefix + name) for name in names]


def sign_in(page, site, cookie):
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.origin}]
    )


@pytest.mark.parametrize(
    ("entrance", "lang"), [("funders", "fr"), ("funders", "ar"), ("admin", "fr")]
)
def test_the_account_pages_pass_axe(cookies, shared_js, entrance, lang):
    site, guard, page = shared_js
    sign_in(page, site, cookies[entrance])
    problems = []
    paths = pages(entrance, lang)
    for path in paths:
        guard.reset()
        response = page.goto(site.url(path))
        assert response.status == 200, f"{path} answered {response.status}"
        guard.check(path, page)
        if entrance == "funders":
            expected_dir = "rtl" if lang == "ar" else "ltr"
            assert page.locator("html").get_attribute("dir") == expected_dir
        violations = run_axe(page, site.axe_source)
        if violations:
            problems.append(f"{path}:\n{describe_violations(violations)}")
    # New recovery codes, shown once.
    page.goto(site.url(paths[1]))
    click_and_load(page.locator("button[name=new_codes]"))
    assert page.locator("ol.recovery-codes li").count() == 10
    violations = run_axe(page, site.axe_source)
    if violations:
        problems.append(f"{paths[1]} with new codes:\n{describe_violations(violations)}")
    assert not problems, "\n".join(problems)


def test_new_recovery_codes_without_javascript(cookies, nojs_page, site):
    sign_in(nojs_page, site, cookies["funders"])
    with translation.override("fr"):
        path = reverse("funders:recovery-codes")
    nojs_page.goto(site.url(path))
    click_and_load(nojs_page.locator("button[name=new_codes]"))
    codes = nojs_page.locator("ol.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert "Vos codes de secours" in nojs_page.content()
