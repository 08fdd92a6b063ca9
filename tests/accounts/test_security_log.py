"""The security log (accounts/security.py): one JSON line per event, with who, when, from which
address and what, and never a password, a code, a token or a session key."""

import json
import logging

import pytest
from django.test import Client

from accounts.models import RecoveryCodes
from tests.accounts.test_staff import (
    WRONG_PASSWORD,
    admin_url,
    code,
    forget_throttling,
    login,
    url,
    wrong_code,
)
from tests.accounts_fixtures import STRONG_PASSWORD, make_user, totp_device

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="accessante.security")
    return caplog


def lines(caplog):
    """Each line parsed, as an operator's log shipper would read it."""
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "accessante.security"]


def events(caplog):
    return [line["event"] for line in lines(caplog)]


def assert_no_secret(caplog, *secrets):
    text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in text


def test_failures_a_lock_out_and_a_sign_in_are_logged_without_the_password(security_log):
    make_user("Editors", username="alice")
    attacker = Client(REMOTE_ADDR=ADDRESS)
    for _attempt in range(5):
        login(attacker, "alice", WRONG_PASSWORD)
    failures = [line for line in lines(security_log) if line["event"] == "login_failed"]
    assert len(failures) == 5
    first = failures[0]
    assert first["username"] == "alice"
    assert first["user_id"] is None
    assert first["client"] == ADDRESS
    assert first["path"] == admin_url("login")
    assert first["time"].endswith("+00:00")
    assert "locked_out" in events(security_log)

    office = Client(REMOTE_ADDR="198.51.100.7")
    login(office, "alice", STRONG_PASSWORD)
    signed_in = lines(security_log)[-1]
    assert signed_in["event"] == "login"
    assert signed_in["username"] == "alice" and signed_in["user_id"] is not None
    assert signed_in["client"] == "198.51.100.7"
    assert_no_secret(
        security_log, WRONG_PASSWORD, STRONG_PASSWORD, office.session.session_key, "sessionid"
    )
    for record in security_log.records:
        if record.name == "accessante.security" and record.getMessage().find("failed") > 0:
            assert record.levelno == logging.WARNING


def test_two_factor_events_are_logged_without_the_codes(security_log):
    user = make_user("Publishers", username="alice")
    device = totp_device(user)
    recovery = RecoveryCodes.generate(user)
    client = Client(REMOTE_ADDR=ADDRESS)
    login(client, "alice", STRONG_PASSWORD)
    bad = wrong_code(device)
    client.post(url("two_factor_verify"), {"code": bad})
    forget_throttling(device)
    good = code(device)
    client.post(url("two_factor_verify"), {"code": good})
    client.post(admin_url("logout"))

    other = Client(REMOTE_ADDR=ADDRESS)
    login(other, "alice", STRONG_PASSWORD)
    other.post(url("two_factor_verify"), {"code": recovery[0]})

    assert events(security_log) == [
        "login",
        "two_factor_failed",
        "two_factor_verified",
        "logout",
        "login",
        "two_factor_verified",
    ]
    verified = [line for line in lines(security_log) if line["event"] == "two_factor_verified"]
    assert [line["method_used"] for line in verified] == ["totp", "recovery_code"]
    assert verified[1]["codes_left"] == 9
    assert all(line["username"] == "alice" and line["client"] == ADDRESS for line in verified)
    assert_no_secret(security_log, bad, good, recovery[0], recovery[0].replace("-", ""))


def test_a_refusal_is_logged(editor_client, editor, security_log):
    # Staff are not members of a funder: the funders' space refuses them (403).
    response = editor_client.get(url("funders:dashboard"))
    assert response.status_code == 403
    refusal = lines(security_log)[-1]
    assert refusal["event"] == "permission_denied"
    assert refusal["user_id"] == editor.pk
    assert refusal["path"] == url("funders:dashboard")
    assert refusal["method"] == "GET"


def test_re_authentication_and_a_password_change_are_logged(editor_client, security_log):
    editor_client.post(
        admin_url("password_change"),
        {
            "old_password": STRONG_PASSWORD,
            "new_password1": "a-brand-new-long-passphrase-7",
            "new_password2": "a-brand-new-long-passphrase-7",
        },
    )
    changed = lines(security_log)[-1]
    assert changed["event"] == "password_changed"
    assert changed["sessions_ended"] == 0
    assert_no_secret(security_log, STRONG_PASSWORD, "a-brand-new-long-passphrase-7")


def test_secret_fields_are_dropped_even_if_passed(rf, security_log):
    from accounts.security import log

    log("test", rf.get("/"), password="x1", code="123456", token="t0k3n", session_key="abc")
    line = lines(security_log)[-1]
    assert line["event"] == "test"
    assert not {"password", "code", "token", "session_key"} & set(line)
