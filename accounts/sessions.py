"""Sessions beyond Django's idle timeout: an absolute lifetime, each account's list of its
sessions (to end the others), and re-authentication before a sensitive change.

What a session remembers (its data, server-side): when it was signed in to (`STARTED`), when its
password (`PASSWORD_AT`) and its second factor (`CODE_AT`) were last given, and which
`SignedInSession` row lists it (`TRACKED`, the row's id and the session key it last saw: a
session gets a new key when its second factor is accepted).
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from core.client import client_ip
from core.page_cache import is_sessionless_path

from .entrances import with_next
from .models import SignedInSession
from .otp import confirmed_devices
from .security import log

STARTED = "accounts_started_at"
PASSWORD_AT = "accounts_password_at"  # noqa: S105 (a session key's name)
CODE_AT = "accounts_code_at"
TRACKED = "accounts_tracked"
SEEN_AT = "accounts_seen_at"
# How often a session's "last seen" is written (seconds): not at every request.
SEEN_EVERY = 5 * 60


def _now():
    # timezone.now(), not time.time(): the tests move the same clock as Django's sessions.
    return timezone.now().timestamp()


def _track(request, user):
    session = request.session
    record = SignedInSession.objects.create(
        user=user,
        session_key=session.session_key,
        client_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
    )
    session[TRACKED] = [record.pk, record.session_key]
    session[SEEN_AT] = _now()


@receiver(user_logged_in, dispatch_uid="accounts.sessions.logged_in")
def _signed_in(sender, request, user, **kwargs):
    session = request.session
    moment = _now()
    session[STARTED] = moment
    session[PASSWORD_AT] = moment
    session.pop(CODE_AT, None)
    if session.session_key is None:
        session.save()
    _track(request, user)


@receiver(user_logged_out, dispatch_uid="accounts.sessions.logged_out")
def _signed_out(sender, request, user, **kwargs):
    tracked = request.session.get(TRACKED) if hasattr(request, "session") else None
    if tracked:
        SignedInSession.objects.filter(pk=tracked[0]).delete()


def second_factor_given(request):
    """The session's second factor was just accepted (sign-in or re-authentication)."""
    request.session[CODE_AT] = _now()


def password_given(request):
    request.session[PASSWORD_AT] = _now()


def recently_authenticated(request):
    """The password, and the second factor if the account has an app, given in the last
    REAUTHENTICATION_MINUTES (ASVS 7.5.1)."""
    window = settings.REAUTHENTICATION_MINUTES * 60
    session, moment = request.session, _now()
    password_at = session.get(PASSWORD_AT)
    if password_at is None or moment - password_at > window:
        return False
    if confirmed_devices(request.user).exists():
        code_at = session.get(CODE_AT)
        return code_at is not None and moment - code_at <= window
    return True


def reauthentication_redirect(request, entrance):
    """None after a recent re-authentication, else the redirect to the entrance's page for it
    (back here afterwards)."""
    if recently_authenticated(request):
        return None
    return redirect(with_next(reverse(entrance.reauthenticate), request.get_full_path()))


def open_sessions(user):
    """The account's sessions still open, the most recently used first. The rows of sessions
    that ended by themselves (idle or too old) are deleted on the way."""
    moment = timezone.now()
    idle = moment - timedelta(seconds=settings.SESSION_COOKIE_AGE + SEEN_EVERY)
    too_old = moment - timedelta(seconds=settings.SESSION_ABSOLUTE_AGE)
    rows = SignedInSession.objects.filter(user=user)
    rows.filter(last_seen_at__lt=idle).delete()
    rows.filter(created_at__lt=too_old).delete()
    return rows.order_by("-last_seen_at")


def end_sessions(user, keep=None, keep_row=None):
    """End every session of `user` but the one whose key is `keep` (and its row `keep_row`,
    whose key may be older); return how many ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = SignedInSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    if keep_row:
        rows = rows.exclude(pk=keep_row)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    return len(keys)


def end_other_sessions(request):
    tracked = request.session.get(TRACKED) or [None]
    return end_sessions(request.user, keep=request.session.session_key, keep_row=tracked[0])


def end_session(request, row_id):
    """End one other session of the request's account (by its row); return 1, or 0 if there is
    no such session of this account (or it is this one)."""
    tracked = request.session.get(TRACKED) or [None]
    row = (
        SignedInSession.objects.filter(user=request.user, pk=row_id)
        .exclude(session_key=request.session.session_key)
        .exclude(pk=tracked[0])
        .first()
    )
    if row is None:
        return 0
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=row.session_key).delete()
    row.delete()
    return 1


class SessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_AGE after its sign-in, however active (ASVS 7.3.2; the
    idle timeout is Django's SESSION_COOKIE_AGE), and keeps its row in the account's list of
    sessions current. After AuthenticationMiddleware, before django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.session_key is None or is_sessionless_path(request):
            # No cookie: nobody signed in. The API reads no session: its answers stay public.
            return self.get_response(request)
        if request.user.is_authenticated:
            started = request.session.setdefault(STARTED, _now())
            if _now() - started > settings.SESSION_ABSOLUTE_AGE:
                log("session_expired", request, reason="absolute_lifetime")
                logout(request)
        response = self.get_response(request)
        if request.user.is_authenticated:
            self.touch(request)
        return response

    def touch(self, request):
        session = request.session
        tracked = session.get(TRACKED)
        if not tracked:
            _track(request, request.user)
            return
        moment = _now()
        if tracked[1] == session.session_key and moment - session.get(SEEN_AT, 0) < SEEN_EVERY:
            return
        updated = SignedInSession.objects.filter(pk=tracked[0]).update(
            session_key=session.session_key, last_seen_at=timezone.now()
        )
        if not updated:
            _track(request, request.user)
            return
        session[TRACKED] = [tracked[0], session.session_key]
        session[SEEN_AT] = moment
