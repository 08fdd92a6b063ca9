"""The database backend's client-side deadline (core/postgresql/base.py; README "When things
fail"): inside a web request no round trip outlasts DATABASE_QUERY_TIMEOUT, a query the server
does not give up is cut off with its connection, and a failed server is left alone for
DATABASE_RETRY_AFTER seconds; outside a request (a command) nothing changes.

A paused server (SIGSTOP) is tested for real in tests/faults/; here the server is alive and
`pg_sleep` plays the slow query.
"""

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from psycopg import errors

from core.postgresql.base import Unavailable, WatchedConnection, deadline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _server_not_marked():
    Unavailable.clear()
    yield
    Unavailable.clear()


@pytest.fixture
def other_connection():
    """A connection of the test's own, which the test may break."""
    made = connections.create_connection("default")
    yield made
    made.close()


def sleep(seconds, using=connection):
    with using.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


def test_a_slow_query_is_cancelled_at_the_deadline_and_the_connection_kept():
    cancelled = pytest.raises(OperationalError, match="canceling statement")
    with cancelled, deadline(0.2), transaction.atomic():
        sleep(3)
    # The same connection answers the next query: only the statement was cancelled.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert not Unavailable.is_marked()


def test_without_a_deadline_a_query_takes_the_time_it_needs():
    # A management command: no deadline, whatever DATABASE_QUERY_TIMEOUT says.
    with transaction.atomic():
        sleep(0.3)


def test_a_request_whose_query_is_too_slow_gets_the_503(settings, monkeypatch):
    settings.DATABASE_QUERY_TIMEOUT = 0.2

    def slow(self, **kwargs):
        sleep(3)

    monkeypatch.setattr("network.views.PrivacyView.get_context_data", slow)
    response = Client(raise_request_exception=False).get(reverse("network:privacy"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER)


def test_a_cancel_the_server_does_not_obey_closes_the_connection(other_connection, monkeypatch):
    """A paused server takes the cancel's connection in its kernel and never reads it."""

    def unanswered(self, *, timeout):
        raise errors.CancellationTimeout("cancellation timeout expired")

    monkeypatch.setattr(WatchedConnection, "cancel_safe", unanswered)
    with pytest.raises(OperationalError, match="did not answer within 0.2 s"), deadline(0.2):
        sleep(2, using=other_connection)
    assert other_connection.connection.closed
    assert Unavailable.is_marked()
    # Inside a request, the next new connection is not even tried...
    other_connection.close()
    with pytest.raises(OperationalError, match="not trying again yet"), deadline(0.2):
        other_connection.ensure_connection()
    # ...outside one it is; and once the interval is over, requests connect again.
    other_connection.ensure_connection()
    other_connection.close()
    Unavailable.clear()
    with deadline(0.2):
        other_connection.ensure_connection()
    assert other_connection.is_usable()


def test_a_refused_connection_marks_the_server_failed(other_connection, settings):
    other_connection.settings_dict = {**other_connection.settings_dict, "PORT": "1"}
    with pytest.raises(OperationalError), deadline(0.2):
        other_connection.ensure_connection()
    assert Unavailable.is_marked()


def test_web_requests_connect_with_a_timeout():
    assert connection.get_connection_params()["connect_timeout"] == 2
    assert isinstance(connection.connection, WatchedConnection)
