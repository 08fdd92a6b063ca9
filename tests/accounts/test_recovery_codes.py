"""Recovery codes: ten single-use codes shown once at two-factor set-up, stored hashed, each an
alternative to the app's code once, throttled like wrong codes, renewed after re-authentication
(accounts.models.RecoveryCodes, accounts.views)."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode, RecoveryCodes
from tests.accounts.test_staff import (
    admin_url,
    assert_no_inline_code,
    code,
    is_signed_in,
    later,
    login,
    url,
)
from tests.accounts_fixtures import STRONG_PASSWORD, make_user, signed_in_client, totp_device

pytestmark = pytest.mark.django_db

CODE_PATTERN = re.compile(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>")


def shown_codes(response):
    return CODE_PATTERN.findall(response.content.decode())


def signed_in_with_password(user, username):
    client = Client()
    assert login(client, username, STRONG_PASSWORD).status_code == 302
    return client


def test_setting_up_an_app_shows_ten_codes_once_and_stores_them_hashed():
    user = make_user("Publishers")
    client = signed_in_client(user)
    client.get(url("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(url("two_factor_setup"), {"code": code(device)})
    codes = shown_codes(response)
    assert len(codes) == len(set(codes)) == 10
    assert "will not be shown again" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert_no_inline_code(response)

    stored = list(RecoveryCode.objects.filter(device__user=user))
    assert len(stored) == 10
    for text in codes:
        secret = text.replace("-", "")[4:]
        assert not any(secret in row.digest for row in stored)
        assert not RecoveryCode.objects.filter(digest__contains=secret).exists()
    assert all(row.digest.startswith("pbkdf2_sha256$60000$") for row in stored)

    # Afterwards the page says how many are left, never the codes.
    page = client.get(url("recovery_codes"))
    assert "You have 10 unused recovery codes." in page.content.decode()
    assert shown_codes(page) == []


def test_a_recovery_code_signs_in_once_in_place_of_the_app():
    user = make_user("Publishers", username="alice")
    totp_device(user)
    codes = RecoveryCodes.generate(user)
    client = signed_in_with_password(user, "alice")
    page = client.get(url("two_factor_verify"))
    assert "one of your recovery codes" in page.content.decode()

    # Typed in upper case with spaces: still the code.
    response = client.post(url("two_factor_verify"), {"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert response["Location"] == url("two_factor_setup")  # to set up a new app
    setup = client.get(response["Location"])
    assert "9 codes are left" in setup.content.decode()
    assert client.get(admin_url("index")).status_code == 200

    again = signed_in_with_password(user, "alice")
    used = again.post(url("two_factor_verify"), {"code": codes[0]})
    assert used.status_code == 200
    assert "it was already used" in used.content.decode()
    assert again.post(url("two_factor_verify"), {"code": codes[1]}).status_code == 302
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 2


def test_another_accounts_code_and_nonsense_are_refused():
    alice = make_user("Publishers", username="alice")
    bob = make_user("Publishers", username="bob")
    totp_device(alice)
    bobs = RecoveryCodes.generate(bob)
    client = signed_in_with_password(alice, "alice")
    refused = client.post(url("two_factor_verify"), {"code": bobs[0]})
    assert "not one of yours" in refused.content.decode()
    nonsense = client.post(url("two_factor_verify"), {"code": "hello"})
    assert "or a recovery code" in nonsense.content.decode()
    assert client.get(admin_url("index")).status_code == 302


def test_wrong_recovery_codes_count_with_wrong_passwords_and_lock_out():
    user = make_user("Publishers", username="alice")
    totp_device(user)
    codes = RecoveryCodes.generate(user)
    client = signed_in_with_password(user, "alice")
    for _attempt in range(4):
        response = client.post(url("two_factor_verify"), {"code": "aaaa-bbbb-cccc"})
        assert response.status_code == 200
    assert AccessAttempt.objects.get().failures_since_start == 4
    locked = client.post(url("two_factor_verify"), {"code": "aaaa-bbbb-cccc"})
    assert locked.status_code == 429
    assert not is_signed_in(client)
    # Even a good code (after the right password) waits for the end of the lock.
    assert login(Client(), "alice", STRONG_PASSWORD).status_code == 429
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 0
    assert codes


def test_new_codes_need_a_recent_password_and_code_and_replace_the_old_ones():
    user = make_user("Publishers")
    device = totp_device(user)
    old = RecoveryCodes.generate(user)
    client = signed_in_client(user, verified=True)
    with later(11):
        response = client.post(url("recovery_codes"))
        assert response.status_code == 302
        assert response["Location"].startswith(url("reauthenticate"))
        assert RecoveryCode.objects.filter(device__user=user).count() == 10

        confirm = client.post(
            response["Location"],
            {"password": STRONG_PASSWORD, "code": code(device), "next": url("recovery_codes")},
        )
        assert confirm["Location"] == url("recovery_codes")
        renewed = client.post(url("recovery_codes"))
    new = shown_codes(renewed)
    assert len(new) == 10 and not set(new) & set(old)
    devices = RecoveryCodes.objects.filter(user=user)
    assert devices.count() == 1
    assert devices.get().verify_token(old[1]) is False
    assert devices.get().verify_token(new[1]) is True


def test_without_an_app_there_are_no_codes_to_make(editor_client):
    page = editor_client.get(url("recovery_codes"))
    assert "set one up first" in page.content.decode()
    editor_client.post(url("recovery_codes"))
    assert not RecoveryCodes.objects.exists()


def test_signed_in_with_a_recovery_code_new_codes_keep_the_session_verified():
    user = make_user("Publishers", username="alice")
    totp_device(user)
    codes = RecoveryCodes.generate(user)
    client = signed_in_with_password(user, "alice")
    client.post(url("two_factor_verify"), {"code": codes[0]})
    renewed = client.post(url("recovery_codes"))
    assert len(shown_codes(renewed)) == 10
    assert client.get(admin_url("index")).status_code == 200
