"""Fixtures for signed-in staff (loaded for every test through pyproject's `-p`).

- `admin_client` (replaces pytest-django's): the superuser `admin_user`, signed in with a
  confirmed authenticator app and a session verified with it, as two-factor authentication
  requires of superusers.
- `editor_client`, `publisher_client`: staff in the "Editors" / "Publishers" group (the
  publisher with two-factor, verified); `editor`, `publisher` are their users.
- `funder_client`: a member of "Funders", not staff; `funder` is the user.
- `make_staff_user(role=..., ...)` and `signed_in_client(user, verified=...)` for other cases,
  `totp_device(user)` for an authenticator app.

This module is imported before Django is set up: Django imports go inside the functions.
"""

import pytest

STRONG_PASSWORD = "correct-horse-battery-staple-42"


# -- helpers ----------------------------------------------------------------------------------


def make_user(role=None, *, staff=None, superuser=False, password=STRONG_PASSWORD, **fields):
    """A user in `role` ("Editors", "Publishers", "Funders" or None) with `password`.

    Editors and publishers are staff unless `staff` says otherwise; funders are not.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    if staff is None:
        staff = superuser or role in ("Editors", "Publishers")
    user = UserFactory(is_staff=staff, is_superuser=superuser, **fields)
    user.set_password(password)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)


def totp_device(user, confirmed=True):
    """An authenticator app of `user` (django-otp's TOTPDevice)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=confirmed)


def verify_session(client, device):
    """Mark the client's session as verified with `device`, as a code entered at sign-in does."""
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.sessions import CODE_AT

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[CODE_AT] = timezone.now().timestamp()
    session.save()


def signed_in_client(user, *, verified=False):
    """A test client signed in as `user`; with `verified`, with a second factor too."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    if verified:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
        verify_session(client, device)
    return client


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def make_staff_user(db):
    return make_user


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, with the two-factor sign-in superusers need."""
    return signed_in_client(admin_user, verified=True)


@pytest.fixture
def editor(db):
    return make_user("Editors", username="editor")


@pytest.fixture
def publisher(db):
    return make_user("Publishers", username="publisher")


@pytest.fixture
def funder(db):
    return make_user("Funders", username="funder")


@pytest.fixture
def editor_client(editor):
    return signed_in_client(editor)


@pytest.fixture
def publisher_client(publisher):
    return signed_in_client(publisher, verified=True)


@pytest.fixture
def funder_client(funder):
    return signed_in_client(funder)
