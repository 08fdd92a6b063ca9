"""Staff accounts: login throttling, strong passwords, sessions, deactivation, password reset,
two-factor authentication (accounts, django-axes, django-otp)."""

import datetime
import re
import time
from base64 import b32encode
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.client import client_ip
from core.qr import qr_svg
from tests.accounts_fixtures import (
    STRONG_PASSWORD,
    make_user,
    signed_in_client,
    totp_device,
)

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "not-the-password-at-all"
NEW_PASSWORD = "a-brand-new-long-passphrase-7"


def url(name, *args, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def admin_url(name, *args, lang="en"):
    return url(f"admin:{name}", *args, lang=lang)


def assert_no_inline_code(response):
    """The strict CSP forbids inline script and style: the page must not rely on any."""
    html = response.content.decode()
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def login(client, username, password, lang="en", **extra):
    return client.post(
        admin_url("login", lang=lang),
        {"username": username, "password": password, "next": admin_url("index", lang=lang)},
        **extra,
    )


def is_signed_in(client):
    return "_auth_user_id" in client.session


def code(device, offset=0):
    """The code the authenticator app shows `offset` time steps from now."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + offset * device.step
    return f"{generator.token():06d}"


def wrong_code(device):
    """Six digits no authenticator app would show around now."""
    near = {int(code(device, offset)) for offset in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(123456, 10**6) if n not in near)


def forget_throttling(device):
    """As if django-otp's delay after the last wrong code had passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(days=1)
    )


def later(minutes):
    """Patch the clock Django's sessions use, `minutes` from now."""
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(admin_url("login"))


# -- login throttling (django-axes) --------------------------------------------------------------


def test_five_failed_logins_lock_the_username_from_that_address_with_a_clear_page():
    make_user("Editors", username="alice")
    client = Client()
    for _attempt in range(4):
        response = login(client, "alice", WRONG_PASSWORD)
        assert response.status_code == 200
        assert "errornote" in response.content.decode()

    fifth = login(client, "alice", WRONG_PASSWORD)
    sixth = login(client, "alice", WRONG_PASSWORD)
    for response in (fifth, sixth):
        assert response.status_code == 429
        page = response.content.decode()
        assert "Too many failed attempts" in page
        assert "after 5 failed attempts" in page
        assert "Wait 15 minutes, then try again" in page
        assert "ask an administrator: they can unlock your account" in page
        assert admin_url("login") in page
        assert "Accès Santé administration" in page  # the admin's frame
        assert_no_inline_code(response)

    # The right password is refused too while the lock lasts.
    assert login(client, "alice", STRONG_PASSWORD).status_code == 429
    assert not is_signed_in(client)


def test_the_lock_ends_by_itself_after_the_cool_off_and_success_forgets_the_failures():
    make_user("Editors", username="alice")
    client = Client()
    for _attempt in range(5):
        login(client, "alice", WRONG_PASSWORD)
    assert login(client, "alice", STRONG_PASSWORD).status_code == 429

    # 14 minutes later: still locked (and the refused attempt does not push the end back).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=14))
    assert login(client, "alice", STRONG_PASSWORD).status_code == 429
    # Past 15 minutes: the right password works again.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=2))
    response = login(client, "alice", STRONG_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == admin_url("index")
    assert is_signed_in(client)
    assert not AccessAttempt.objects.exists()  # reset on success


def test_a_successful_login_resets_the_count():
    make_user("Editors", username="alice")
    client = Client()
    for _attempt in range(4):
        login(client, "alice", WRONG_PASSWORD)
    assert login(client, "alice", STRONG_PASSWORD).status_code == 302
    client.post(admin_url("logout"))
    for _attempt in range(4):
        assert login(client, "alice", WRONG_PASSWORD).status_code == 200


def test_the_lock_is_for_one_username_from_one_address():
    make_user("Editors", username="alice")
    make_user("Editors", username="bob")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _attempt in range(5):
        login(attacker, "alice", WRONG_PASSWORD)
    assert login(attacker, "alice", STRONG_PASSWORD).status_code == 429

    # Alice from her own address, and Bob from the attacker's, still sign in.
    assert login(Client(REMOTE_ADDR="198.51.100.7"), "alice", STRONG_PASSWORD).status_code == 302
    assert login(Client(REMOTE_ADDR="203.0.113.9"), "bob", STRONG_PASSWORD).status_code == 302


def test_what_is_stored_about_failed_logins():
    """For the privacy notice: username, address, user agent; never the password."""
    make_user("Editors", username="alice")
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Test browser")
    login(client, "alice", WRONG_PASSWORD)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.user_agent) == (
        "alice",
        "203.0.113.9",
        "Test browser",
    )
    assert attempt.failures_since_start == 1
    assert WRONG_PASSWORD not in attempt.post_data
    # A successful sign-in deletes the failures and is not logged.
    login(client, "alice", STRONG_PASSWORD)
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()


def test_client_address_behind_a_trusted_proxy(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # a forwarded header alone is not believed
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "192.0.2.1"  # what the proxy saw, not what the client claims
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


# -- strong passwords -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("short-1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("839201746352", "This password is entirely numeric."),
        ("alice-example-org", "The password is too similar to the"),
    ],
)
def test_a_weak_password_is_refused_in_the_admin_password_change(weak, message):
    user = make_user("Editors", username="alice", email="alice-example-org@example.org")
    client = signed_in_client(user)
    response = client.post(
        admin_url("password_change"),
        {"old_password": STRONG_PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)


def test_a_strong_password_is_accepted_in_the_admin_password_change(editor_client, editor):
    response = editor_client.post(
        admin_url("password_change"),
        {
            "old_password": STRONG_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)


# -- sessions -------------------------------------------------------------------------------------


def test_a_session_ends_after_thirty_minutes_without_a_request(editor_client):
    index = admin_url("index")
    assert editor_client.get(index).status_code == 200
    # Each request pushes the end back: 29 minutes, then 29 more, still signed in.
    with later(29):
        assert editor_client.get(index).status_code == 200
    with later(58):
        assert editor_client.get(index).status_code == 200
    # 31 minutes after the last request: back to the login page.
    with later(89):
        assert login_redirect(editor_client.get(index))


def test_the_session_cookie_ends_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    make_user("Editors", username="alice")
    client = Client()
    login(client, "alice", STRONG_PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


# -- deactivated accounts -------------------------------------------------------------------------


def test_a_deactivated_account_loses_access_at_once(editor_client, editor):
    assert editor_client.get(admin_url("index")).status_code == 200
    get_user_model().objects.filter(pk=editor.pk).update(is_active=False)
    assert login_redirect(editor_client.get(admin_url("index")))
    assert login_redirect(editor_client.get(admin_url("programs_program_changelist")))


def test_a_deactivated_publisher_loses_access_at_once(publisher_client, publisher):
    assert publisher_client.get(admin_url("index")).status_code == 200
    publisher.is_active = False
    publisher.save()
    assert login_redirect(publisher_client.get(admin_url("index")))


def test_a_deactivated_account_cannot_sign_in():
    make_user("Editors", username="alice", is_active=False)
    client = Client()
    response = login(client, "alice", STRONG_PASSWORD)
    assert response.status_code == 200
    assert not is_signed_in(client)


# -- password reset by e-mail ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_login_page_links_to_password_reset(client, lang):
    page = client.get(admin_url("login", lang=lang)).content.decode()
    reset = url("admin_password_reset", lang=lang)
    assert reset == f"/{lang}/admin/password-reset/"
    assert f'href="{reset}"' in page


def test_the_reset_form_never_says_whether_an_address_exists(client):
    make_user("Editors", username="alice", email="alice@example.org")
    page = client.get(url("admin_password_reset"))
    assert page.status_code == 200
    assert "Accès Santé administration" in page.content.decode()
    assert_no_inline_code(page)

    unknown = client.post(url("admin_password_reset"), {"email": "nobody@example.org"})
    known = client.post(url("admin_password_reset"), {"email": "alice@example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == url("password_reset_done")
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    done = client.get(url("password_reset_done"))
    assert "if an account exists with the email you entered" in done.content.decode()


def test_no_reset_mail_for_a_deactivated_account(client):
    make_user("Editors", username="alice", email="alice@example.org", is_active=False)
    client.post(url("admin_password_reset"), {"email": "alice@example.org"})
    assert mail.outbox == []


def test_password_reset_by_email_from_start_to_end(client):
    user = make_user("Publishers", username="alice", email="alice@example.org")
    client.post(url("admin_password_reset"), {"email": "alice@example.org"})
    (message,) = mail.outbox
    assert "Accès Santé" in message.subject
    assert "alice" in message.body
    assert "for 60 minutes" in message.body
    link = re.search(r"http://testserver(/en/admin/password-reset/\S+/\S+/)", message.body).group(1)

    # Django swaps the token in the address for one in the session, then asks for a password.
    form_url = client.get(link)["Location"]
    form = client.get(form_url)
    assert form.status_code == 200
    assert form.context["validlink"]
    page = form.content.decode()
    assert "at least 12 characters" in page  # the rules, shown under the field
    assert_no_inline_code(form)

    weak = client.post(form_url, {"new_password1": "short-1", "new_password2": "short-1"})
    assert weak.status_code == 200
    assert "This password is too short" in weak.content.decode()

    strong = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert strong.status_code == 302
    assert strong["Location"] == url("password_reset_complete")
    assert client.get(strong["Location"]).status_code == 200

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(STRONG_PASSWORD)
    assert login(Client(), "alice", STRONG_PASSWORD).status_code == 200  # refused
    assert login(Client(), "alice", NEW_PASSWORD).status_code == 302
    # The link worked once.
    used = Client().get(link, follow=True)
    assert not used.context["validlink"]


# -- two-factor authentication (django-otp) -------------------------------------------------------

ADMIN_PAGES = [
    ("index", ()),
    ("programs_program_changelist", ()),
    ("programs_program_add", ()),
    ("password_change", ()),
    ("auth_user_changelist", ()),
]


def _redirect_target(response):
    assert response.status_code == 302
    path, _, query = response["Location"].partition("?")
    return path, query


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_without_an_app_publishers_and_superusers_reach_no_admin_page(role):
    user = make_user("Publishers") if role == "publisher" else make_user(superuser=True)
    client = signed_in_client(user)
    for name, args in ADMIN_PAGES:
        target = admin_url(name, *args)
        path, query = _redirect_target(client.get(target))
        assert path == url("two_factor_setup")
        assert query == f"next={target}"


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_with_an_app_but_no_code_yet_they_are_asked_for_one(role):
    user = make_user("Publishers") if role == "publisher" else make_user(superuser=True)
    totp_device(user)
    client = signed_in_client(user)
    for name, args in ADMIN_PAGES:
        path, _query = _redirect_target(client.get(admin_url(name, *args)))
        assert path == url("two_factor_verify")


def test_an_unconfirmed_app_does_not_count(client):
    user = make_user("Publishers")
    totp_device(user, confirmed=False)
    path, _query = _redirect_target(signed_in_client(user).get(admin_url("index")))
    assert path == url("two_factor_setup")


def test_a_verified_publisher_and_superuser_reach_the_admin(publisher_client, admin_client):
    assert publisher_client.get(admin_url("index")).status_code == 200
    assert publisher_client.get(admin_url("programs_program_changelist")).status_code == 200
    assert admin_client.get(admin_url("index")).status_code == 200
    assert admin_client.get(admin_url("auth_user_changelist")).status_code == 200


def test_editors_are_not_forced(editor_client):
    assert editor_client.get(admin_url("index")).status_code == 200
    assert editor_client.get(admin_url("programs_program_changelist")).status_code == 200


def test_public_pages_login_and_logout_do_not_need_a_second_factor():
    user = make_user("Publishers")
    client = signed_in_client(user)
    assert client.get("/en/").status_code == 200
    assert client.get("/fr/").status_code == 200
    assert client.get(url("two_factor_setup")).status_code == 200
    # The admin's own redirect of a signed-in user to its index, not ours to the setup page.
    assert client.get(admin_url("login"))["Location"] == admin_url("index")
    response = client.post(admin_url("logout"))
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_funders_and_visitors_are_sent_to_the_login_page(funder_client, client):
    assert login_redirect(funder_client.get(admin_url("index")))
    assert login_redirect(funder_client.get(url("two_factor_setup")))
    assert login_redirect(client.get(url("two_factor_setup")))
    assert login_redirect(client.get(url("two_factor_verify")))


def test_setup_page_shows_a_qr_code_and_the_key():
    user = make_user("Publishers", username="alice")
    client = signed_in_client(user)
    response = client.get(
        url("two_factor_setup"), {"next": admin_url("programs_program_changelist")}
    )
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    page = response.content.decode()
    assert "Set up two-factor authentication" in page
    assert "can publish content" in page  # why it is required
    assert str(qr_svg(device.config_url, "QR code to scan with your authenticator app")) in page
    assert 'role="img"' in page
    assert device.config_url.startswith("otpauth://totp/Acc%C3%A8s%20Sant%C3%A9%3Aalice?secret=")
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert 'name="next" value="/en/admin/programs/program/"' in page
    assert 'autocomplete="one-time-code"' in page
    assert_no_inline_code(response)
    # Nothing from another host: the QR code is drawn in the page.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # Reloading keeps the same key (the app may already have it).
    client.get(url("two_factor_setup"))
    assert TOTPDevice.objects.get(user=user).key == device.key


def test_setup_refuses_a_wrong_code_and_confirms_with_the_right_one():
    user = make_user("Publishers")
    client = signed_in_client(user)
    next_url = admin_url("programs_program_changelist")
    client.get(url("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)

    for bad in ("", "12345", "abcdef", wrong_code(device)):
        forget_throttling(device)
        response = client.post(url("two_factor_setup"), {"code": bad, "next": next_url})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        assert "errornote" in response.content.decode()
    assert "This code is not the right one" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert _redirect_target(client.get(admin_url("index")))[0] == url("two_factor_setup")

    forget_throttling(device)
    response = client.post(url("two_factor_setup"), {"code": code(device), "next": next_url})
    # The recovery codes, shown once, then on to the page asked for.
    assert response.status_code == 200
    assert "Your recovery codes" in response.content.decode()
    assert f'href="{next_url}" class="button"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(admin_url("index")).status_code == 200


def test_setup_ignores_a_next_address_on_another_site():
    user = make_user("Publishers")
    client = signed_in_client(user)
    client.get(url("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        url("two_factor_setup"), {"code": code(device), "next": "https://evil.example/"}
    )
    html = response.content.decode()
    assert f'href="{admin_url("index")}" class="button"' in html
    assert "evil.example" not in html


def test_a_code_from_the_current_app_is_needed_to_replace_it():
    user = make_user("Publishers")
    old = totp_device(user)
    client = signed_in_client(user)
    path, _query = _redirect_target(client.get(url("two_factor_setup")))
    assert path == url("two_factor_verify")

    verified = signed_in_client(user, verified=True)
    page = verified.get(url("two_factor_setup")).content.decode()
    assert "already has an authenticator app" in page
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    verified.post(url("two_factor_setup"), {"code": code(new)})
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_editors_may_set_it_up(editor_client, editor):
    page = editor_client.get(url("two_factor_setup")).content.decode()
    assert "can publish content" not in page
    assert "protects your account" in page
    device = TOTPDevice.objects.get(user=editor)
    response = editor_client.post(url("two_factor_setup"), {"code": code(device)})
    assert "Your recovery codes" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    # Once set up, it is asked for at each sign-in, as for publishers.
    path, _query = _redirect_target(signed_in_client(editor).get(admin_url("index")))
    assert path == url("two_factor_verify")


def test_verify_refuses_wrong_codes_slows_down_and_accepts_the_right_one(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a delay no slow test run can outlast
    user = make_user("Publishers")
    device = totp_device(user)
    client = signed_in_client(user)
    next_url = admin_url("programs_program_changelist")
    page = client.get(url("two_factor_verify"), {"next": next_url})
    assert page.status_code == 200
    assert "Enter the code your authenticator app shows" in page.content.decode()
    assert_no_inline_code(page)

    wrong = client.post(url("two_factor_verify"), {"code": wrong_code(device), "next": next_url})
    assert wrong.status_code == 200
    assert "This code is not the right one" in wrong.content.decode()
    # Right away, even the right code waits for django-otp's delay.
    hurried = client.post(url("two_factor_verify"), {"code": code(device), "next": next_url})
    assert "Too many wrong codes: wait" in hurried.content.decode()
    assert _redirect_target(client.get(admin_url("index")))[0] == url("two_factor_verify")

    forget_throttling(device)
    good = code(device)
    response = client.post(url("two_factor_verify"), {"code": good, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.get(next_url).status_code == 200
    # A code is good once.
    reused = signed_in_client(user).post(url("two_factor_verify"), {"code": good})
    assert reused.status_code == 200
    assert "This code is not the right one" in reused.content.decode()


def test_wrong_codes_count_with_wrong_passwords_and_end_the_session():
    user = make_user("Publishers", username="alice")
    device = totp_device(user)
    client = signed_in_client(user)
    for _attempt in range(4):
        forget_throttling(device)
        response = client.post(url("two_factor_verify"), {"code": wrong_code(device)})
        assert response.status_code == 200
    forget_throttling(device)
    response = client.post(url("two_factor_verify"), {"code": wrong_code(device)})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert not is_signed_in(client)
    # The password alone no longer opens a session from this address.
    assert login(Client(), "alice", STRONG_PASSWORD).status_code == 429


def test_verify_without_an_app_goes_to_setup_and_verified_goes_on(publisher_client):
    user = make_user("Publishers")
    path, _query = _redirect_target(signed_in_client(user).get(url("two_factor_verify")))
    assert path == url("two_factor_setup")
    response = publisher_client.get(url("two_factor_verify"))
    assert response["Location"] == admin_url("index")


def test_the_whole_sign_in_of_a_publisher():
    user = make_user("Publishers", username="alice")
    device = totp_device(user)
    client = Client()
    response = login(client, "alice", STRONG_PASSWORD)
    path, query = _redirect_target(client.get(response["Location"]))
    assert path == url("two_factor_verify")
    response = client.post(
        url("two_factor_verify"), {"code": code(device), "next": admin_url("index")}
    )
    assert client.get(response["Location"]).status_code == 200


def test_superusers_can_remove_a_lost_app_but_not_read_its_key(admin_client):
    user = make_user("Publishers")
    device = totp_device(user)
    change = admin_client.get(admin_url("otp_totp_totpdevice_change", device.pk))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    response = admin_client.post(
        admin_url("otp_totp_totpdevice_delete", device.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    # At the next sign-in, the publisher sets up a new app.
    path, _query = _redirect_target(signed_in_client(user).get(admin_url("index")))
    assert path == url("two_factor_setup")


def test_an_administrator_can_unlock_at_once(admin_client):
    make_user("Editors", username="alice")
    client = Client()
    for _attempt in range(5):
        login(client, "alice", WRONG_PASSWORD)
    attempt = AccessAttempt.objects.get(username="alice")
    changelist = admin_client.get(admin_url("axes_accessattempt_changelist"))
    assert "alice" in changelist.content.decode()
    response = admin_client.post(
        admin_url("axes_accessattempt_delete", attempt.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert login(client, "alice", STRONG_PASSWORD).status_code == 302
