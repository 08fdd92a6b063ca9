"""Re-authentication before a sensitive change, ending the other sessions, and the absolute
session lifetime (accounts.sessions, accounts.views, accounts.admin)."""

import datetime
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignedInSession
from tests.accounts.test_staff import (
    NEW_PASSWORD,
    WRONG_PASSWORD,
    admin_url,
    assert_no_inline_code,
    code,
    forget_throttling,
    is_signed_in,
    later,
    login,
    url,
    wrong_code,
)
from tests.accounts_fixtures import STRONG_PASSWORD, make_user, signed_in_client, totp_device

pytestmark = pytest.mark.django_db


def change_password(client):
    return client.post(
        admin_url("password_change"),
        {
            "old_password": STRONG_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


def test_a_password_change_asks_for_the_password_and_the_code_and_ends_the_other_session():
    user = make_user("Publishers", username="alice")
    device = totp_device(user)
    laptop = signed_in_client(user, verified=True)
    phone = signed_in_client(user, verified=True)
    assert phone.get(admin_url("index")).status_code == 200

    with later(11):  # the sign-in's password and code are no longer recent
        asked = laptop.get(admin_url("password_change"))
        assert asked.status_code == 302
        confirm = asked["Location"]
        assert confirm.startswith(url("reauthenticate"))
        page = laptop.get(confirm)
        html = page.content.decode()
        assert "Confirm it is you" in html
        assert 'name="password"' in html and 'name="code"' in html
        assert_no_inline_code(page)

        next_url = admin_url("password_change")
        wrong = laptop.post(
            confirm, {"password": WRONG_PASSWORD, "code": code(device), "next": next_url}
        )
        assert "This is not your password." in wrong.content.decode()
        assert AccessAttempt.objects.get().failures_since_start == 1  # throttled like a login
        bad_code = laptop.post(
            confirm, {"password": STRONG_PASSWORD, "code": wrong_code(device), "next": next_url}
        )
        assert "This code is not the right one" in bad_code.content.decode()
        assert laptop.get(admin_url("password_change")).status_code == 302  # still not confirmed

        forget_throttling(device)
        right = laptop.post(
            confirm, {"password": STRONG_PASSWORD, "code": code(device), "next": next_url}
        )
        assert right["Location"] == next_url
        assert laptop.get(next_url).status_code == 200

        changed = change_password(laptop)
        assert changed.status_code == 302
        assert changed["Location"] == admin_url("password_change_done")

        # The laptop stays signed in; the phone's session is over.
        assert laptop.get(admin_url("index")).status_code == 200
        assert phone.get(admin_url("index"))["Location"].startswith(admin_url("login"))
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert SignedInSession.objects.filter(user=user).count() == 1


def test_an_account_without_an_app_confirms_with_its_password_alone(editor_client, editor):
    with later(11):
        confirm = editor_client.get(admin_url("password_change"))["Location"]
        page = editor_client.get(confirm).content.decode()
        assert 'name="password"' in page and 'name="code"' not in page
        editor_client.post(confirm, {"password": STRONG_PASSWORD})
        assert editor_client.get(admin_url("password_change")).status_code == 200


def test_a_fresh_sign_in_counts_as_recent(editor_client):
    assert editor_client.get(admin_url("password_change")).status_code == 200


def test_changing_an_account_in_the_admin_needs_a_recent_confirmation(admin_client, editor):
    change = admin_url("auth_user_change", editor.pk)
    assert admin_client.get(change).status_code == 200
    with later(11):
        response = admin_client.post(change, {"email": "new@example.org"})
        assert response["Location"].startswith(url("reauthenticate"))
        password = admin_client.get(admin_url("auth_user_password_change", editor.pk))
        assert password["Location"].startswith(url("reauthenticate"))
    editor.refresh_from_db()
    assert editor.email != "new@example.org"


def test_replacing_the_app_needs_a_recent_confirmation():
    user = make_user("Publishers")
    totp_device(user)
    client = signed_in_client(user, verified=True)
    assert client.get(url("two_factor_setup")).status_code == 200
    with later(11):
        assert client.get(url("two_factor_setup"))["Location"].startswith(url("reauthenticate"))
        response = client.post(url("two_factor_setup"), {"code": "123456"})
        assert response["Location"].startswith(url("reauthenticate"))


def test_wrong_passwords_on_the_confirmation_page_lock_out_and_sign_out(editor_client, editor):
    with later(11):
        confirm = editor_client.get(admin_url("password_change"))["Location"]
        for _attempt in range(4):
            assert editor_client.post(confirm, {"password": WRONG_PASSWORD}).status_code == 200
        locked = editor_client.post(confirm, {"password": WRONG_PASSWORD})
        assert locked.status_code == 429
        assert not is_signed_in(editor_client)


# -- the list of sessions -------------------------------------------------------------------------


def test_the_sessions_page_lists_each_sign_in_and_ends_the_others():
    make_user("Editors", username="alice")
    office = Client(REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Office browser")
    home = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Home browser")
    login(office, "alice", STRONG_PASSWORD)
    login(home, "alice", STRONG_PASSWORD)

    page = office.get(url("sessions"))
    html = page.content.decode()
    assert "Office browser" in html and "Home browser" in html
    assert "198.51.100.7" in html and "203.0.113.9" in html
    assert html.count("(this session)") == 1
    assert_no_inline_code(page)

    ended = office.post(url("sessions"), follow=True)
    assert "1 other session was ended." in ended.content.decode()
    assert "Home browser" not in ended.content.decode()
    assert home.get(admin_url("index"))["Location"].startswith(admin_url("login"))
    assert office.get(admin_url("index")).status_code == 200


def test_signing_out_removes_the_session_from_the_list():
    make_user("Editors", username="alice")
    client = Client()
    login(client, "alice", STRONG_PASSWORD)
    assert SignedInSession.objects.count() == 1
    client.post(admin_url("logout"))
    assert not SignedInSession.objects.exists()


def test_the_list_follows_the_new_key_a_second_factor_gives():
    user = make_user("Publishers", username="alice")
    device = totp_device(user)
    client = Client()
    login(client, "alice", STRONG_PASSWORD)
    client.post(url("two_factor_verify"), {"code": code(device)})
    row = SignedInSession.objects.get(user=user)
    client.get(admin_url("index"))
    row.refresh_from_db()
    assert row.session_key == client.session.session_key


# -- absolute lifetime ----------------------------------------------------------------------------


def test_a_session_ends_twelve_hours_after_sign_in_however_active():
    make_user("Editors", username="alice")
    client = Client()
    login(client, "alice", STRONG_PASSWORD)
    start = timezone.now()
    # A request every 20 minutes: the idle timeout (30 minutes) never ends it.
    for step in range(1, 36):  # up to 11 h 40
        moment = start + datetime.timedelta(minutes=20 * step)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            assert client.get(admin_url("index")).status_code == 200, step
    moment = start + datetime.timedelta(hours=12, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        response = client.get(admin_url("index"))
    assert response["Location"].startswith(admin_url("login"))
    assert not is_signed_in(client)


def test_the_absolute_lifetime_is_a_setting(settings):
    settings.SESSION_ABSOLUTE_AGE = 60 * 60
    make_user("Editors", username="alice")
    client = Client()
    login(client, "alice", STRONG_PASSWORD)
    with later(20):
        assert client.get(admin_url("index")).status_code == 200
    with later(40):
        assert client.get(admin_url("index")).status_code == 200
    with later(61):
        assert client.get(admin_url("index")).status_code == 302


def test_one_other_session_can_be_ended_but_never_another_accounts():
    make_user("Editors", username="alice")
    make_user("Editors", username="bob")
    office, home, bobs = Client(), Client(), Client()
    login(office, "alice", STRONG_PASSWORD)
    login(home, "alice", STRONG_PASSWORD)
    login(bobs, "bob", STRONG_PASSWORD)
    home_row = SignedInSession.objects.get(session_key=home.session.session_key)
    bob_row = SignedInSession.objects.get(user__username="bob")

    refused = office.post(url("sessions"), {"end": bob_row.pk}, follow=True)
    assert "0 other sessions were ended." in refused.content.decode()
    assert bobs.get(admin_url("index")).status_code == 200

    office.post(url("sessions"), {"end": home_row.pk})
    assert home.get(admin_url("index"))["Location"].startswith(admin_url("login"))
    assert office.get(admin_url("index")).status_code == 200
    assert office.post(url("sessions"), {"end": "x"}).status_code == 302  # nonsense: no 500


def test_ending_sessions_needs_a_recent_confirmation(editor_client):
    with later(11):
        response = editor_client.post(url("sessions"))
    assert response["Location"].startswith(url("reauthenticate"))


def test_re_authentication_gives_the_session_a_new_key(editor_client):
    before = editor_client.session.session_key
    with later(11):
        confirm = editor_client.get(admin_url("password_change"))["Location"]
        editor_client.post(confirm, {"password": STRONG_PASSWORD})
    assert editor_client.session.session_key != before
    assert is_signed_in(editor_client)


def test_replacing_the_app_ends_the_other_sessions():
    user = make_user("Publishers")
    totp_device(user)
    laptop = signed_in_client(user, verified=True)
    phone = signed_in_client(user, verified=True)
    laptop.get(url("two_factor_setup"))
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    laptop.post(url("two_factor_setup"), {"code": code(new)})
    assert phone.get(admin_url("index"))["Location"].startswith(admin_url("login"))
    assert laptop.get(admin_url("index")).status_code == 200
