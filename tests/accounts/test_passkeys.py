"""Passkeys as a second factor (accounts/passkeys.py, django-otp-webauthn): who may add one and
when, the list (rename, remove), signing in with one, refused passkeys counted like wrong codes,
the security log. The ceremonies are answered by a passkey in Python (soft_authenticator); the
browser test (tests/browser/test_passkeys.py) uses Chromium's virtual authenticator."""

import json
import logging
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import SignedInSession
from tests.accounts.soft_authenticator import SoftPasskey, b64url
from tests.accounts.test_staff import admin_url, code, is_signed_in, later, login, url
from tests.accounts_fixtures import (
    STRONG_PASSWORD,
    make_user,
    signed_in_client,
    totp_device,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="accessante.security")
    return caplog


def events(caplog):
    return [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "accessante.security" and "passkey" in r.getMessage()
    ]


def register(client, passkey, prefix=""):
    begin = client.post(url(f"{prefix}passkeys_register_begin"))
    if begin.status_code != 200:
        return begin
    return client.post(
        url(f"{prefix}passkeys_register_complete"),
        passkey.create(begin.json()),
        content_type="application/json",
    )


def verify(client, passkey, prefix="", next_url=None, credential_id=None):
    begin = client.post(url(f"{prefix}passkeys_verify_begin"))
    if begin.status_code != 200:
        return begin
    address = url(f"{prefix}passkeys_verify_complete")
    if next_url:
        address += "?next=" + quote(next_url)
    return client.post(
        address, passkey.get(begin.json(), credential_id), content_type="application/json"
    )


def publisher_with_passkey(username="pat"):
    """A publisher with an app and a passkey, added from a verified session."""
    user = make_user("Publishers", username=username)
    totp_device(user)
    passkey = SoftPasskey()
    response = register(signed_in_client(user, verified=True), passkey)
    assert response.status_code == 200, response.content
    return user, passkey


def password_only(username):
    client = Client()
    assert login(client, username, STRONG_PASSWORD).status_code == 302
    return client


# -- adding a passkey ---------------------------------------------------------------------------


def test_a_verified_publisher_adds_a_passkey_names_it_and_sees_it_listed(security_log):
    user = make_user("Publishers", username="pat")
    totp_device(user)
    client = signed_in_client(user, verified=True)
    other = signed_in_client(user, verified=True)

    page = client.get(url("passkeys")).content.decode()
    assert "Your account has no passkey." in page
    # The button is in a <template>: shown by the library's script only, with JavaScript.
    assert '<template id="passkey-registration-available-template">' in page
    assert "Adding a passkey needs JavaScript" in page
    # The script's configuration is a JSON data block (never run), the scripts are files.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [
        '<script id="otp_webauthn_config" type="application/json">'
    ]
    assert "django_otp_webauthn/otp_webauthn_register.js" in page

    response = register(client, SoftPasskey())
    assert response.status_code == 200, response.content
    device = WebAuthnCredential.objects.get(user=user)
    assert device.name == "Passkey 1"
    # A new way to sign in ends the account's other sessions.
    assert not is_signed_in(other)
    assert SignedInSession.objects.filter(user=user).count() == 1

    page = client.get(url("passkeys")).content.decode()
    assert "Your passkey is added" in page
    assert 'value="Passkey 1"' in page
    response = client.post(url("passkeys"), {"rename": device.pk, "name": "Work laptop"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.name == "Work laptop"
    assert [line["event"] for line in events(security_log)] == [
        "passkey_registered",
        "passkey_renamed",
    ]


@pytest.mark.parametrize("name", ["", "   ", "x" * 65])
def test_a_blank_or_too_long_name_is_a_form_error(name):
    user, _passkey = publisher_with_passkey()
    client = signed_in_client(user, verified=True)
    device = WebAuthnCredential.objects.get(user=user)
    response = client.post(url("passkeys"), {"rename": device.pk, "name": name})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    device.refresh_from_db()
    assert device.name == "Passkey 1"


def test_adding_a_passkey_needs_a_recent_reauthentication():
    user = make_user("Publishers", username="pat")
    totp_device(user)
    client = signed_in_client(user, verified=True)
    with later(minutes=11):
        page = client.get(url("passkeys")).content.decode()
        assert "passkey-register-button" not in page
        assert "Confirm it is you" in page
        assert url("reauthenticate") + "?next=" in page
        response = client.post(url("passkeys_register_begin"))
        assert response.status_code == 403
        assert "Confirm it is you first" in response.json()["detail"]
        device = WebAuthnCredential.objects.filter(user=user)
        assert not device.exists()
        # Re-authenticated (password and app's code), the button is there.
        response = client.post(
            url("reauthenticate"),
            {
                "password": STRONG_PASSWORD,
                "code": code(user.totpdevice_set.get()),
                "next": url("passkeys"),
            },
        )
        assert response.status_code == 302
        assert "passkey-register-button" in client.get(url("passkeys")).content.decode()
        assert register(client, SoftPasskey()).status_code == 200


def test_adding_a_passkey_needs_an_app_first(editor_client):
    page = editor_client.get(url("passkeys")).content.decode()
    assert "Set up an authenticator app first" in page
    assert "passkey-register-button" not in page
    response = editor_client.post(url("passkeys_register_begin"))
    assert response.status_code == 403
    assert "authenticator app first" in response.json()["detail"]


def test_adding_a_passkey_needs_the_second_factor_of_this_sign_in():
    user = make_user("Publishers", username="pat")
    totp_device(user)
    client = password_only("pat")
    response = client.get(url("passkeys"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("two_factor_verify"))
    response = client.post(url("passkeys_register_begin"))
    assert response.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_visitors_and_the_other_entrance_may_not_add_one(funder_client, funder):
    assert Client().post(url("passkeys_register_begin")).status_code == 403
    assert Client().get(url("passkeys")).status_code == 302
    # A funder at the admin's door, a publisher at the funders' door.
    totp_device(funder)
    funder_client = signed_in_client(funder, verified=True)
    assert funder_client.post(url("passkeys_register_begin")).status_code == 403
    user = make_user("Publishers", username="pat")
    totp_device(user)
    publisher = signed_in_client(user, verified=True)
    assert publisher.post(url("funders:passkeys_register_begin")).status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_a_funder_adds_one_in_the_funders_space(funder):
    from funders import services
    from partners.models import Organization
    from tests.factories import OrganizationFactory

    services.add_member(funder, Organization.objects.first() or OrganizationFactory())
    totp_device(funder)
    client = signed_in_client(funder, verified=True)
    assert client.get(url("funders:passkeys")).status_code == 200
    assert register(client, SoftPasskey(), prefix="funders:").status_code == 200
    assert WebAuthnCredential.objects.filter(user=funder).count() == 1
    # Turning two-factor off removes the passkeys with the app.
    response = client.post(url("funders:two-factor-setup"), {"turn_off": "1"})
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=funder).exists()


# -- signing in with a passkey ------------------------------------------------------------------


def test_a_publisher_signs_in_with_password_and_passkey(security_log):
    user, passkey = publisher_with_passkey()
    client = password_only("pat")
    assert client.get(admin_url("index")).status_code == 302

    page = client.get(url("two_factor_verify")).content.decode()
    assert '<template id="passkey-verification-available-template">' in page
    assert "django_otp_webauthn/otp_webauthn_auth.js" in page
    # Without JavaScript the code form is still there.
    assert 'name="code"' in page

    key_before = client.session.session_key
    response = verify(client, passkey, next_url=admin_url("index"))
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == admin_url("index")
    assert client.session.session_key != key_before
    assert client.get(admin_url("index")).status_code == 200
    device = WebAuthnCredential.objects.get(user=user)
    assert device.last_used_at is not None

    logged = events(security_log)
    assert [line["event"] for line in logged][-1] == "passkey_used"
    assert logged[-1]["username"] == "pat"
    assert logged[-1]["passkey_id"] == device.pk
    text = "\n".join(r.getMessage() for r in security_log.records)
    assert b64url(passkey.credential_id) not in text
    assert "signature" not in text and "challenge" not in text


def test_a_next_address_on_another_site_is_ignored():
    _user, passkey = publisher_with_passkey()
    client = password_only("pat")
    response = verify(client, passkey, next_url="https://evil.example/")
    assert response.status_code == 200
    assert response.json()["redirect_url"] == admin_url("index")


def test_an_unknown_passkey_is_refused_logged_and_counted(security_log):
    user, _passkey = publisher_with_passkey()
    client = password_only("pat")
    stranger = SoftPasskey()
    response = verify(client, stranger)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("This passkey is not one of this account's")
    assert client.get(admin_url("index")).status_code == 302
    failed = [line for line in events(security_log) if line["event"] == "passkey_failed"]
    assert failed[-1]["reason"] == "credential_not_found"
    assert failed[-1]["step"] == "sign_in"
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="pat").failures_since_start == 1


def test_another_accounts_passkey_is_refused():
    _pat, pat_passkey = publisher_with_passkey("pat")
    publisher_with_passkey("sam")
    client = password_only("sam")
    response = verify(client, pat_passkey)
    assert response.status_code == 403
    assert response.json()["code"] == "credential_user_mismatch"
    assert client.get(admin_url("index")).status_code == 302


def test_a_forged_signature_is_refused():
    _user, passkey = publisher_with_passkey()
    client = password_only("pat")
    begin = client.post(url("passkeys_verify_begin")).json()
    answer = passkey.get(begin)
    answer["response"]["signature"] = passkey.get(begin)["response"]["signature"][:-4] + "AAAA"
    response = client.post(url("passkeys_verify_complete"), answer, content_type="application/json")
    assert response.status_code == 422
    assert client.get(admin_url("index")).status_code == 302


def test_an_answer_without_a_ceremony_or_a_replayed_one_is_refused():
    _user, passkey = publisher_with_passkey()
    client = password_only("pat")
    begin = client.post(url("passkeys_verify_begin")).json()
    answer = passkey.get(begin)
    assert (
        client.post(url("passkeys_verify_complete"), answer, content_type="application/json")
    ).status_code == 200
    signed_out = password_only("pat")
    response = signed_out.post(
        url("passkeys_verify_complete"), answer, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_state"
    assert response.json()["detail"] == "This attempt is no longer valid: try again."
    response = signed_out.post(
        url("passkeys_verify_complete"), "not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_five_refused_passkeys_end_the_session_and_lock_the_account_out(settings):
    _user, passkey = publisher_with_passkey()
    client = password_only("pat")
    stranger = SoftPasskey()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert verify(client, stranger).status_code == 404
    response = verify(client, stranger)
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert not is_signed_in(client)
    # Even the right password is refused now, from this address.
    assert login(Client(), "pat", STRONG_PASSWORD).status_code == settings.AXES_HTTP_RESPONSE_CODE


def test_the_verification_ceremony_needs_a_password_sign_in_first():
    _user, passkey = publisher_with_passkey()
    response = Client().post(url("passkeys_verify_begin"))
    assert response.status_code == 403
    assert WebAuthnCredential.objects.get().last_used_at is None


def test_a_passkey_without_an_app_still_signs_in():
    """An administrator removed the lost phone's app: the passkey is still a second factor."""
    user, passkey = publisher_with_passkey()
    user.totpdevice_set.all().delete()
    client = password_only("pat")
    response = client.get(admin_url("index"))
    assert response["Location"].startswith(url("two_factor_verify"))
    page = client.get(response["Location"]).content.decode()
    assert "passkey-verification-button" in page
    # Six digits cannot pass for the missing app.
    response = client.post(url("two_factor_verify"), {"code": "123456"})
    assert "not the right one" in response.content.decode()
    assert verify(client, passkey).status_code == 200
    assert client.get(admin_url("index")).status_code == 200


# -- removing a passkey -------------------------------------------------------------------------


def test_removing_a_passkey_needs_a_recent_reauthentication_and_it_no_longer_signs_in(
    security_log,
):
    user, passkey = publisher_with_passkey()
    client = signed_in_client(user, verified=True)
    device = WebAuthnCredential.objects.get(user=user)
    with later(minutes=11):
        response = client.post(url("passkeys"), {"remove": device.pk})
        assert response.status_code == 302
        assert response["Location"].startswith(url("reauthenticate"))
        assert WebAuthnCredential.objects.filter(pk=device.pk).exists()
    response = client.post(url("passkeys"), {"remove": device.pk})
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=device.pk).exists()
    assert "passkey_removed" in [line["event"] for line in events(security_log)]
    assert "Your account has no passkey." in client.get(url("passkeys")).content.decode()

    other = password_only("pat")
    assert verify(other, passkey).status_code == 404
    assert other.get(admin_url("index")).status_code == 302


def test_one_may_not_remove_or_rename_another_accounts_passkey():
    _pat, _passkey = publisher_with_passkey("pat")
    sam, _other = publisher_with_passkey("sam")
    pats = WebAuthnCredential.objects.get(user__username="pat")
    client = signed_in_client(sam, verified=True)
    for data in ({"remove": pats.pk}, {"rename": pats.pk, "name": "Mine"}, {"remove": "x"}):
        assert client.post(url("passkeys"), data).status_code == 302
    pats.refresh_from_db()
    assert pats.name == "Passkey 1"


def test_the_scripts_messages_and_the_refusals_are_in_the_pages_language():
    _user, _passkey = publisher_with_passkey()
    catalog = Client().get(url("funders:passkeys_jsi18n", lang="fr")).content.decode()
    assert "V\\u00e9rification annul\\u00e9e ou non autoris\\u00e9e." in catalog or (
        "Vérification annulée ou non autorisée." in catalog
    )
    client = Client()
    assert login(client, "pat", STRONG_PASSWORD, lang="fr").status_code == 302
    begin = client.post(url("passkeys_verify_begin", lang="fr")).json()
    response = client.post(
        url("passkeys_verify_complete", lang="fr"),
        SoftPasskey().get(begin),
        content_type="application/json",
    )
    assert response.json()["detail"].startswith("Cette clé d’accès n’est pas")


def test_the_relying_party_is_a_domain_from_the_allowed_hosts():
    from config.settings.base import _site_domain

    assert _site_domain(["127.0.0.1", ".acces-sante.example.org", "www.example.org"]) == (
        "acces-sante.example.org"
    )
    assert _site_domain(["127.0.0.1", "[::1]", "*"]) == "localhost"


@pytest.mark.parametrize(
    "body",
    [
        "[]",
        "null",
        "42",
        '{"id": 1}',
        '{"id": "x", "rawId": "x", "type": "public-key", "response": []}',
        '{"id": "x", "rawId": "!!", "type": "public-key", "response": {"clientDataJSON": 5}}',
    ],
)
def test_a_malformed_answer_is_a_clear_refusal_never_a_server_error(body):
    user, _passkey = publisher_with_passkey()
    signing_in = password_only("pat")
    signing_in.post(url("passkeys_verify_begin"))
    response = signing_in.post(
        url("passkeys_verify_complete"), body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
    adding = signed_in_client(user, verified=True)
    adding.post(url("passkeys_register_begin"))
    response = adding.post(url("passkeys_register_complete"), body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_a_publisher_who_lost_their_phone_signs_in_with_a_recovery_code_and_adds_a_passkey():
    """Issue 15's "done means": the phone with the app is lost; a recovery code signs in, a
    passkey is added in the same sitting, and from then on the passkey is the second factor."""
    from accounts.models import RecoveryCodes

    user = make_user("Publishers", username="lost")
    totp_device(user)
    codes = RecoveryCodes.generate(user)
    client = password_only("lost")
    assert client.post(url("two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(admin_url("index")).status_code == 200
    passkey = SoftPasskey()
    assert register(client, passkey).status_code == 200
    assert WebAuthnCredential.objects.filter(user=user).count() == 1

    later_on = password_only("lost")
    assert later_on.get(admin_url("index")).status_code == 302  # the second factor first
    assert verify(later_on, passkey).status_code == 200
    assert later_on.get(admin_url("index")).status_code == 200
