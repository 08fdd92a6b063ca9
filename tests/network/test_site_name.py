"""The site's name comes from one setting (SITE_NAME, DJANGO_SITE_NAME in the environment)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import translation

from tests.accounts_fixtures import make_user, signed_in_client, totp_device
from tests.helpers import jsonld, page

pytestmark = pytest.mark.django_db

NAME = "Health Access Test"


@pytest.fixture
def renamed(settings):
    settings.SITE_NAME = NAME


def test_a_public_page_says_the_name_of_the_setting(client, renamed):
    html = page(client, "/en/")
    assert f"<title>Free care for people in precarity – {NAME}</title>" in html
    assert f'<meta property="og:site_name" content="{NAME}">' in html
    assert f'rel="home">{NAME}</a>' in html
    assert jsonld(html)["name"] == NAME
    assert "Accès Santé" not in html


def test_the_admin_header_says_it(admin_client, renamed):
    html = admin_client.get("/en/admin/").content.decode()
    assert f"{NAME} administration" in html
    assert "Accès Santé" not in html


def test_the_500_page_says_it_without_the_database(renamed, django_assert_num_queries):
    handler = get_resolver().resolve_error_handler(500)
    with django_assert_num_queries(0), translation.override("en"):
        response = handler(RequestFactory().get("/en/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert f"<title>Server error – {NAME}</title>" in html
    assert f'rel="home">{NAME}</a>' in html


def test_authenticator_apps_and_the_two_factor_pages_say_it(renamed):
    user = make_user("Publishers", username="alice")
    client = signed_in_client(user)
    html = client.get("/en/admin/two-factor/setup/").content.decode()
    assert f"the app now shows for {NAME}, to confirm." in html
    device = user.totpdevice_set.get()
    assert device.config_url.startswith("otpauth://totp/Health%20Access%20Test%3Aalice?")
    assert device.config_url.endswith("&issuer=Health%20Access%20Test")

    totp_device(user)
    html = signed_in_client(user).get("/en/admin/two-factor/verify/").content.decode()
    assert f"shows now for {NAME}." in html


def test_password_reset_mails_say_it(client, renamed):
    make_user("Editors", username="alice", email="alice@example.org")
    client.post("/en/admin/password-reset/", {"email": "alice@example.org"})
    [message] = mail.outbox
    assert NAME in message.subject


def test_the_environment_sets_it_for_the_open_data_and_the_issuer_too():
    """DJANGO_SITE_NAME is read once: the open data's publisher defaults to it."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SITE_NAME); print(settings.OPEN_DATA_PUBLISHER_NAME); "
        "print(settings.OTP_TOTP_ISSUER(None))"
    )
    env = {**os.environ, "DJANGO_SITE_NAME": NAME, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env.pop("OPEN_DATA_PUBLISHER_NAME", None)
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[-3:] == [NAME, NAME, NAME]
