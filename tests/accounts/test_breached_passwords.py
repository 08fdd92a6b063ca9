"""Breached passwords refused (ASVS 6.2.12): the Pwned Passwords range API, here a stand-in on
loopback that answers as the real one does (suffixes and counts, padded with zero counts)."""

import hashlib
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import translation

from config.settings.base import PASSWORD_VALIDATORS, breached_passwords
from tests.accounts_fixtures import STRONG_PASSWORD, make_user, signed_in_client

pytestmark = pytest.mark.django_db

# Long, not numeric, not in Django's common list: only the breach corpus can refuse it.
BREACHED = "purple-monkey-dishwasher-1987"
NEW_PASSWORD = "a-brand-new-long-passphrase-7"


def sha1(password):
    return hashlib.sha1(password.encode()).hexdigest().upper()  # noqa: S324 (the API's own)


@pytest.fixture
def pwned_service():
    """(the range API's address, the paths it was asked for)."""
    asked = []
    prefix, suffix = sha1(BREACHED)[:5], sha1(BREACHED)[5:]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            asked.append(self.path)
            lines = [f"{'0' * 34}{n:01X}:0" for n in range(8)]  # padding
            if self.path == f"/range/{prefix}":
                lines.append(f"{suffix}:1,234")
            body = "\r\n".join(lines).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/range/", asked
    server.shutdown()
    server.server_close()


def change_password(new, username="alice"):
    user = make_user("Editors", username=username, email=f"{username}@example.org")
    client = signed_in_client(user)
    with translation.override("en"):
        url = reverse("admin:password_change")
    response = client.post(
        url, {"old_password": STRONG_PASSWORD, "new_password1": new, "new_password2": new}
    )
    user.refresh_from_db()
    return response, user


def test_a_breached_password_is_refused_and_only_five_digits_of_its_hash_leave(
    settings, pwned_service
):
    url, asked = pwned_service
    settings.AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS + breached_passwords(url)
    response, user = change_password(BREACHED)
    assert response.status_code == 200
    assert "appears in the data stolen from other sites" in response.content.decode()
    assert user.check_password(STRONG_PASSWORD)
    assert asked == [f"/range/{sha1(BREACHED)[:5]}"]


def test_a_password_not_in_any_breach_is_accepted(settings, pwned_service):
    url, asked = pwned_service
    settings.AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS + breached_passwords(url)
    response, user = change_password(NEW_PASSWORD)
    assert response.status_code == 302
    assert user.check_password(NEW_PASSWORD)
    assert asked == [f"/range/{sha1(NEW_PASSWORD)[:5]}"]


def test_when_the_service_does_not_answer_the_common_list_decides(settings, caplog):
    with socket.socket() as closed:  # a port nothing listens on once closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS + breached_passwords(
        f"http://127.0.0.1:{port}/range/"
    )
    with caplog.at_level(logging.ERROR, logger="pwned_passwords_django.validators"):
        response, user = change_password(BREACHED)
    assert response.status_code == 302  # not in the common list: accepted, not blocked
    assert "Falling back to Django CommonPasswordValidator" in caplog.text
    assert BREACHED not in caplog.text

    response, user = change_password("password1234", username="bob")
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()


def test_off_without_an_address():
    assert breached_passwords("") == []
    names = [v["NAME"] for v in breached_passwords("https://api.pwnedpasswords.com/range/")]
    assert names == ["accounts.passwords.BreachedPasswordValidator"]
