"""Funders sign in on the site (never in the admin): throttled like staff, password reset by
e-mail that reveals nothing, an optional authenticator app, sign-out by POST."""

import html
import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts_fixtures import STRONG_PASSWORD, make_user, totp_device

from .conftest import make_funder, url

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "not-the-password-at-all"
NEW_PASSWORD = "a-brand-new-long-passphrase-7"


def login(client, username, password, lang="en", next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(url("funders:login", lang=lang), data)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def code(device, offset=0):
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + offset * device.step
    return f"{generator.token():06d}"


def wrong_code(device):
    near = {int(code(device, offset)) for offset in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(123456, 10**6) if n not in near)


def assert_site_page(response):
    """The site's own look and strict CSP: not the admin's frame, nothing inline."""
    html = response.content.decode()
    assert 'href="/static/css/site.css"' in html
    assert "admin/css" not in html
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


# -- sign in --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_login_page_is_a_page_of_the_site(lang):
    response = Client().get(url("funders:login", lang=lang))
    assert response.status_code == 200
    assert_site_page(response)
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert url("funders:password-reset", lang=lang) in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_funder_signs_in_and_lands_on_their_grants(org_a, grant_a):
    make_funder(org_a, "alice")
    client = Client()
    response = login(client, "alice", STRONG_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == url("funders:dashboard")
    assert is_signed_in(client)
    assert "Women&#x27;s health" in client.get(response["Location"]).content.decode()


def test_signing_in_goes_back_to_the_page_asked_for_but_never_to_another_site(org_a, grant_a):
    make_funder(org_a, "alice")
    target = url("funders:grant-detail", grant_a.slug)
    assert login(Client(), "alice", STRONG_PASSWORD, next_url=target)["Location"] == target
    assert login(Client(), "alice", STRONG_PASSWORD, next_url="https://evil.example/")[
        "Location"
    ] == url("funders:dashboard")


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(org_a):
    make_funder(org_a, "alice")
    response = login(Client(), "alice", WRONG_PASSWORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please enter a correct username and password." in page
    assert_site_page(response)


def test_staff_accounts_do_not_sign_in_here(db):
    make_user("Editors", username="edith")
    client = Client()
    response = login(client, "edith", STRONG_PASSWORD)
    assert response.status_code == 200
    assert "This account is not a funder&#x27;s account." in response.content.decode()
    assert not is_signed_in(client)


def test_funder_accounts_have_no_access_to_the_admin(funder_a_client):
    response = funder_a_client.get(url("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("admin:login"))


def test_the_login_is_throttled_like_the_staff_s(org_a):
    """django-axes counts the failures of this form: authenticate() gets the request."""
    assert "axes.backends.AxesStandaloneBackend" in settings.AUTHENTICATION_BACKENDS
    make_funder(org_a, "alice")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "alice", WRONG_PASSWORD).status_code == 200
    assert login(client, "alice", WRONG_PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().username == "alice"
    # The right password is refused while the lock lasts.
    assert login(client, "alice", STRONG_PASSWORD).status_code == 429
    assert not is_signed_in(client)
    # Another address is not locked out.
    assert login(Client(REMOTE_ADDR="198.51.100.7"), "alice", STRONG_PASSWORD).status_code == 302


def test_sessions_end_after_inactivity(funder_a_client, org_a):
    funder_a_client.get(url("funders:dashboard"))
    assert (
        funder_a_client.session.get_expire_at_browser_close()
        is settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    )
    assert funder_a_client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 60 * 60


# -- sign out -------------------------------------------------------------------------------------


def test_signing_out_takes_a_post(funder_a_client):
    assert funder_a_client.get(url("funders:logout")).status_code == 405
    response = funder_a_client.post(url("funders:logout"), follow=True)
    assert response.redirect_chain == [(url("funders:login"), 302)]
    assert "You are signed out." in response.content.decode()
    assert not is_signed_in(funder_a_client)
    assert funder_a_client.get(url("funders:dashboard")).status_code == 302


# -- password reset -------------------------------------------------------------------------------


def test_password_reset_mails_a_link_that_sets_a_new_password(org_a):
    make_funder(org_a, "alice", email="alice@fondation-a.example")
    client = Client()
    page = client.get(url("funders:password-reset"))
    assert_site_page(page)
    response = client.post(url("funders:password-reset"), {"email": "ALICE@fondation-a.example"})
    assert response.status_code == 302
    assert response["Location"] == url("funders:password-reset-done")

    [message] = mail.outbox
    assert message.to == ["alice@fondation-a.example"]
    assert message.subject == "Your password for the funders' space of Accès Santé"
    assert '"alice"' in message.body and "60 minutes" in message.body
    link = re.search(r"http://testserver(/en/funders/password-reset/\S+/\S+/)", message.body).group(
        1
    )

    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert_site_page(form)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == url("funders:password-reset-complete")
    assert login(Client(), "alice", NEW_PASSWORD).status_code == 302
    # The link works once.
    assert "This link does not work any more" in client.get(link, follow=True).content.decode()


@pytest.mark.parametrize("address", ["nobody@example.org", "edith@network.example"])
def test_password_reset_says_the_same_for_an_unknown_or_a_staff_address(db, address):
    make_user("Editors", username="edith", email="edith@network.example")
    response = Client().post(url("funders:password-reset"), {"email": address})
    assert response.status_code == 302
    assert response["Location"] == url("funders:password-reset-done")
    assert mail.outbox == []
    done = html.unescape(Client().get(response["Location"]).content.decode())
    assert "If this address belongs to a funder's account" in done


def test_password_reset_in_french(org_a):
    make_funder(org_a, "alice", email="alice@fondation-a.example")
    Client().post(url("funders:password-reset", lang="fr"), {"email": "alice@fondation-a.example"})
    [message] = mail.outbox
    assert "/fr/funders/password-reset/" in message.body


# -- two-factor authentication (optional) ---------------------------------------------------------


def test_a_funder_turns_on_two_factor_authentication(funder_a, funder_a_client):
    page = funder_a_client.get(url("funders:two-factor-setup"))
    assert page.status_code == 200
    assert_site_page(page)
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html
    device = TOTPDevice.objects.get(user=funder_a, confirmed=False)

    wrong = funder_a_client.post(url("funders:two-factor-setup"), {"code": wrong_code(device)})
    assert "This code is not the right one." in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )

    response = funder_a_client.post(url("funders:two-factor-setup"), {"code": code(device)})
    assert "Your recovery codes" in response.content.decode()
    assert_site_page(response)
    device.refresh_from_db()
    assert device.confirmed
    assert (
        "Two-factor authentication is on for your account."
        in funder_a_client.get(url("funders:two-factor-setup")).content.decode()
    )


def test_with_an_app_signing_in_asks_for_its_code_before_anything_is_shown(
    org_a, grant_a, confidential_doc
):
    alice = make_funder(org_a, "alice")
    device = totp_device(alice)
    client = Client()
    response = login(client, "alice", STRONG_PASSWORD)
    verify = url("funders:two-factor-verify")
    assert response["Location"] == f"{verify}?next={url('funders:dashboard')}"
    # Password alone: nothing of the space, no confidential document.
    for page in (
        url("funders:dashboard"),
        url("funders:grant-detail", grant_a.slug),
        url("funders:document-download", confidential_doc.pk),
    ):
        assert client.get(page)["Location"].startswith(verify)

    form = client.get(response["Location"])
    assert_site_page(form)
    assert "Signed in as" not in form.content.decode()  # no menu before the code
    wrong = client.post(verify, {"code": wrong_code(device), "next": url("funders:dashboard")})
    assert "This code is not the right one." in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )

    right = client.post(verify, {"code": code(device), "next": url("funders:dashboard")})
    assert right["Location"] == url("funders:dashboard")
    assert client.get(url("funders:dashboard")).status_code == 200
    assert client.get(url("funders:document-download", confidential_doc.pk)).status_code == 200


def test_wrong_codes_count_as_failed_logins(org_a):
    alice = make_funder(org_a, "alice")
    device = totp_device(alice)
    client = Client()
    login(client, "alice", STRONG_PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
        response = client.post(url("funders:two-factor-verify"), {"code": wrong_code(device)})
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_a_funder_turns_two_factor_authentication_off(funder_a, org_a):
    from tests.accounts_fixtures import signed_in_client

    totp_device(funder_a)
    client = signed_in_client(funder_a, verified=True)
    response = client.post(url("funders:two-factor-setup"), {"turn_off": "1"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=funder_a).exists()
