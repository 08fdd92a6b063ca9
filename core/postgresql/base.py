"""Django's PostgreSQL backend with a client-side deadline (README "When things fail").

A paused or unreachable database server answers nothing: a server-side statement_timeout never
fires (the server is not running) and TCP keepalives do not either (the server's kernel still
answers them), so a request would wait until gunicorn kills its worker. Here every round trip
of a web request to the server has a deadline, kept by the client itself:

- A new connection: libpq's `connect_timeout` (DATABASES OPTIONS; psycopg applies it to the
  whole connection, startup included).
- Anything else (a query, the health check of a persistent connection, COMMIT, ROLLBACK):
  psycopg 3 waits on the socket in `Connection.wait()`, in the calling thread; this backend's
  connection gives that wait the deadline. When it passes, the query is cancelled
  (`cancel_safe()`: a cancel request over a new connection, which a live but slow server obeys:
  the request gets QueryCanceled and the connection stays usable); if the cancel is not
  obeyed within a short grace (a paused server accepts the cancel's connection in its kernel
  and never reads it), the connection is closed and the wait ends with OperationalError.
  No thread is needed: the waiting thread keeps its own deadline.
- After such a failure the process does not try the server again for DB_RETRY_AFTER seconds
  (new connections fail at once): a paused server costs one request per worker one deadline,
  not every request a connect_timeout.

The deadline applies only inside `deadline()` (the web request, core.middleware): management
commands (a migration, a rebuild of 50,000 search documents) run without one.
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base, operations
from psycopg import errors

logger = logging.getLogger(__name__)

# Seconds one round trip may last in the current context (None: no deadline).
_deadline = contextvars.ContextVar("database_deadline", default=None)
# Seconds a cancelled query has to give up before its connection is closed.
CANCEL_GRACE = 0.5


@contextmanager
def deadline(seconds):
    """Every round trip to the database inside the block lasts at most `seconds`."""
    token = _deadline.set(seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


class Unavailable:
    """The process's view of the server: once it failed, no new connection for a while."""

    _lock = threading.Lock()
    _until = 0.0

    @classmethod
    def mark(cls, reason):
        with cls._lock:
            cls._until = time.monotonic() + settings.DATABASE_RETRY_AFTER
        logger.warning(
            "Database unavailable (%s): no new connection for %s s",
            reason,
            settings.DATABASE_RETRY_AFTER,
        )

    @classmethod
    def clear(cls):
        with cls._lock:
            cls._until = 0.0

    @classmethod
    def is_marked(cls):
        return time.monotonic() < cls._until


class WatchedConnection(psycopg.Connection):
    """A psycopg connection whose waits end at the context's deadline (see the module)."""

    def wait(self, gen, interval=0.1, timeout=None):
        seconds = _deadline.get()
        if seconds is None or timeout is not None:
            return super().wait(gen, interval, timeout)
        try:
            return super().wait(gen, interval, seconds)
        except errors._WaitTimeout:
            pass
        # The server did not answer in time: ask it to cancel, wait a little for it to obey.
        try:
            self.cancel_safe(timeout=CANCEL_GRACE)
        except psycopg.Error:  # CancellationTimeout: the cancel request was not read either
            pass
        else:
            try:
                return super().wait(gen, interval, CANCEL_GRACE)
            except errors.QueryCanceled:
                logger.warning("A query took more than %s s: cancelled", seconds)
                raise
            except errors._WaitTimeout:
                pass
        Unavailable.mark(f"no answer within {seconds} s")
        self.close()
        raise errors.OperationalError(
            f"the database server did not answer within {seconds} s: connection closed"
        )


class _Psycopg:
    """psycopg, as Django's backend sees it, with connections of the class above."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    @staticmethod
    def connect(*args, **kwargs):
        return WatchedConnection.connect(*args, **kwargs)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        """The SQL as logged (connection.queries, the debug toolbar, query counts in tests): a
        statement prepared on the server (core.prepared.PlannedOnce) has no text with its values
        in it, so its SQL is given with them, as Django gives it with server-side binding."""
        if not isinstance(cursor, psycopg.ClientCursor):
            try:
                return self.compose_sql(sql, params)
            except errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg()
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params):
        if _deadline.get() is not None and Unavailable.is_marked():
            raise errors.OperationalError(
                "the database server failed a moment ago: not trying again yet"
            )
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:
            if _deadline.get() is not None:
                Unavailable.mark(f"cannot connect: {error}")
            raise
        Unavailable.clear()
        return connection

    def close_if_unusable_or_obsolete(self):
        # At the start and end of a request (Django's signals): its health check too.
        with deadline(settings.DATABASE_QUERY_TIMEOUT):
            super().close_if_unusable_or_obsolete()
