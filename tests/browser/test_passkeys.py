"""Passkeys in Chromium, with the DevTools protocol's virtual authenticator, on
http://localhost:<port> (a WebAuthn relying party is a domain, never 127.0.0.1): a publisher adds
a passkey, signs out, signs in with the password and the passkey and reaches the admin; a forged
passkey (the same credential id, another key) is refused; a page without JavaScript keeps the
code form. The passkeys page and the code page with its passkey button pass axe-core, under the
strict CSP, with no request to another host."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils import translation
from django_otp_webauthn.models import WebAuthnCredential

from tests.accounts.soft_authenticator import SoftPasskey
from tests.accounts.test_passkeys import register
from tests.accounts.test_staff import code
from tests.accounts_fixtures import STRONG_PASSWORD, make_user, signed_in_client, totp_device

from .conftest import click_and_load, describe_violations, flush, new_js_page, run_axe

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


@pytest.fixture(scope="module")
def publisher(django_db_setup, django_db_blocker):
    """A publisher with an authenticator app; everything is flushed after the module."""
    with django_db_blocker.unblock():
        user = make_user("Publishers", username="passkey-publisher")
        device = totp_device(user)
    yield user, device
    flush(django_db_blocker)


@pytest.fixture
def webauthn_origin(settings, site):
    """The live server's origin is the one a passkey's answer names (its port changes)."""
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [site.origin]
    return site.origin


def path(name):
    from django.urls import reverse

    with translation.override("en"):
        return reverse(name)


def with_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    return cdp, authenticator["authenticatorId"]


def sign_in_with_password(page, site, username="passkey-publisher"):
    page.goto(site.url(path("admin:login")))
    page.fill("#id_username", username)
    page.fill("#id_password", STRONG_PASSWORD)
    click_and_load(page.locator("#login-form input[type=submit]"))
    assert page.url.startswith(site.url(path("two_factor_verify")))


def axe(page, site, guard, where):
    """The page's violations; the page itself is checked first (axe-core's own probes insert
    inline styles, which the CSP blocks: they are forgotten afterwards)."""
    guard.check(where, page)
    violations = run_axe(page, site.axe_source)
    guard.collect(page)
    guard.reset()
    return [f"{where}:\n{describe_violations(violations)}"] if violations else []


def test_a_publisher_adds_a_passkey_then_signs_in_with_it(
    publisher, webauthn_origin, transactional_db, site, guard
):
    user, device = publisher
    problems = []
    page = new_js_page(site, guard)
    cdp, authenticator = with_authenticator(page)

    # Signed in with the password and the app's code: the passkeys page offers to add one.
    sign_in_with_password(page, site)
    page.fill("#id_code", code(device))
    click_and_load(page.locator("input[type=submit]"))
    assert page.url == site.url(path("admin:index"))
    guard.check("signing in with a code", page)
    page.goto(site.url(path("passkeys")))
    assert page.get_by_text("Adding a passkey needs JavaScript").count() == 0
    problems += axe(page, site, guard, "the passkeys page")
    with page.expect_navigation(wait_until="load"):
        # The library's script registers it; ours reloads the page, which lists it.
        page.locator("#passkey-register-button").click()
    assert page.get_by_text("Your passkey is added").count() == 1
    assert page.locator("input[name=name]").input_value() == "Passkey 1"
    assert WebAuthnCredential.objects.filter(user=user).count() == 1
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1
    problems += axe(page, site, guard, "passkeys page with a passkey")

    # Signed out, then in again with the password and the passkey: the admin.
    click_and_load(page.locator("#logout-form button"))
    sign_in_with_password(page, site)
    button = page.locator("#passkey-verification-button")
    assert button.is_visible()
    problems += axe(page, site, guard, "code page with a passkey")
    with page.expect_navigation(url=site.url(path("admin:index")), wait_until="load"):
        button.click()
    assert page.locator("#site-name").count() == 1
    assert WebAuthnCredential.objects.get(user=user).last_used_at is not None
    guard.check("signing in with a passkey", page)
    assert not problems, "\n".join(problems)


def test_a_forged_passkey_is_refused(publisher, webauthn_origin, transactional_db, site, guard):
    """A fresh authenticator holding the id of the account's passkey with another private key."""
    user = make_user("Publishers", username="forged-publisher")
    totp_device(user)
    passkey = SoftPasskey(origin=site.origin)
    assert register(signed_in_client(user, verified=True), passkey).status_code == 200
    page = new_js_page(site, guard)
    cdp, authenticator = with_authenticator(page)
    forged_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cdp.send(
        "WebAuthn.addCredential",
        {
            "authenticatorId": authenticator,
            "credential": {
                "credentialId": base64.b64encode(passkey.credential_id).decode(),
                "isResidentCredential": False,
                "rpId": "localhost",
                "privateKey": base64.b64encode(forged_key).decode(),
                "signCount": 100,
            },
        },
    )
    sign_in_with_password(page, site, "forged-publisher")
    verify_url = page.url
    page.locator("#passkey-verification-button").click()
    page.wait_for_function(
        "() => document.getElementById('passkey-verification-status-message')"
        ".dataset.statusEnum === 'server-error'"
    )
    assert page.locator("#passkey-verification-status-message").inner_text().strip()
    assert page.url == verify_url
    # Not signed in with a second factor: the admin sends back to the code page.
    page.goto(site.url(path("admin:index")))
    assert page.url.startswith(site.url(path("two_factor_verify")))
    assert WebAuthnCredential.objects.get(user=user).last_used_at is None
    # The refused answer (422) is the expected failed request here.
    assert [url for url in guard.failed if "422" in url] == guard.failed
    guard.reset()


def test_without_javascript_the_code_page_keeps_its_form(
    publisher, webauthn_origin, transactional_db, site, guard, nojs_page
):
    user = make_user("Publishers", username="nojs-publisher")
    device = totp_device(user)
    passkey = SoftPasskey(origin=site.origin)
    assert register(signed_in_client(user, verified=True), passkey).status_code == 200
    sign_in_with_password(nojs_page, site, "nojs-publisher")
    assert nojs_page.get_by_text("using it needs JavaScript").is_visible()
    assert nojs_page.locator("#passkey-verification-button").count() == 0
    nojs_page.fill("#id_code", code(device))
    click_and_load(nojs_page.locator("input[type=submit]"))
    assert nojs_page.url == site.url(path("admin:index"))


def test_a_funder_signs_in_with_a_passkey_in_arabic(
    publisher, webauthn_origin, transactional_db, site, guard
):
    """The funders' code page, right to left, with its passkey button: axe-core, then the
    passkey (Chromium's authenticator holding the key a Python passkey registered)."""
    from funders import services
    from tests.factories import OrganizationFactory

    user = make_user(None, username="passkey-funder")
    services.add_member(user, OrganizationFactory())
    totp_device(user)
    passkey = SoftPasskey(origin=site.origin)
    response = register(signed_in_client(user, verified=True), passkey, prefix="funders:")
    assert response.status_code == 200
    page = new_js_page(site, guard)
    cdp, authenticator = with_authenticator(page)
    cdp.send(
        "WebAuthn.addCredential",
        {
            "authenticatorId": authenticator,
            "credential": {
                "credentialId": base64.b64encode(passkey.credential_id).decode(),
                "isResidentCredential": False,
                "rpId": "localhost",
                "privateKey": base64.b64encode(
                    passkey.key.private_bytes(
                        serialization.Encoding.DER,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    )
                ).decode(),
                "signCount": passkey.sign_count,
            },
        },
    )
    with translation.override("ar"):
        from django.urls import reverse

        login, dashboard = reverse("funders:login"), reverse("funders:dashboard")
    page.goto(site.url(login))
    page.fill("#id_username", "passkey-funder")
    page.fill("#id_password", STRONG_PASSWORD)
    click_and_load(page.locator("form.account-form button[type=submit]"))
    assert "/two-factor/verify/" in page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    button = page.locator("#passkey-verification-button")
    assert button.is_visible()
    problems = axe(page, site, guard, "funders' code page with a passkey (ar)")
    with page.expect_navigation(url=site.url(dashboard), wait_until="load"):
        button.click()
    guard.check("a funder signing in with a passkey", page)
    assert not problems, "\n".join(problems)
