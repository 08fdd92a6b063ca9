"""The security log: one JSON line per event, through Django's logging (logger
"accessante.security", configured in config/settings/base.py; README "Security log").

Each line holds the event, when (UTC), who (user id and username, or the username typed), the
client's address (core.client.client_ip), the method and path, and the event's own details.
Never a password, a code, a token or a session key: callers pass only the fields below, and
`log` drops any name in SECRET_FIELDS if one is passed by mistake.
"""

import json
import logging
from datetime import UTC

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone
from django.views import defaults

from core.client import client_ip

logger = logging.getLogger("accessante.security")

SECRET_FIELDS = {"password", "code", "token", "session_key", "secret", "otp", "key"}


def log(event, request=None, *, user=None, username=None, level=logging.INFO, **details):
    """Write one line of the security log."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    record = {
        "event": event,
        "time": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        "user_id": user.pk if user is not None else None,
        "username": user.get_username() if user is not None else (username or None),
        "client": client_ip(request) if request is not None else None,
        "method": request.method if request is not None else None,
        "path": request.path if request is not None else None,
        **{name: value for name, value in details.items() if name not in SECRET_FIELDS},
    }
    logger.log(
        level, json.dumps(record, ensure_ascii=False, default=str), extra={"security": record}
    )


# -- django.contrib.auth and django-axes signals ------------------------------------------------


@receiver(user_logged_in, dispatch_uid="accounts.security.logged_in")
def _logged_in(sender, request, user, **kwargs):
    log("login", request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts.security.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log("logout", request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.security.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Wrong codes and refused passkeys are sent by accounts.views and accounts.passkeys with
    # their own event: counted, not logged twice.
    if sender in ("accounts.views", "accounts.passkeys"):
        return
    log(
        "login_failed",
        request,
        username=str(credentials.get("username", ""))[:150],
        level=logging.WARNING,
    )


@receiver(user_locked_out, dispatch_uid="accounts.security.locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log("locked_out", request, username=str(username or "")[:150], level=logging.WARNING)


# -- refusals ---------------------------------------------------------------------------------


def permission_denied(request, exception):
    """handler403 (config/urls.py): log the refusal, then Django's 403 page (403.html)."""
    log("permission_denied", request, level=logging.WARNING)
    return defaults.permission_denied(request, exception)
