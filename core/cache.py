"""The shared cache (Redis) as a convenience that can fail: it never fails a request.

Django's RedisCache raises when the server refuses the connection or does not answer in time.
`ResilientRedisCache` is the same backend with every operation guarded: a connection error or
a timeout is logged (once per outage, and again when the server answers) and the operation
answers as an empty cache would — a miss for a read, nothing stored for a write, ValueError
for `incr` as for a missing key. Every user of the cache is covered, the page cache, the rate
limits and any library, without each having to remember a try/except.

After a failure, the server is not even tried for `RETRY_AFTER` seconds in this process: a
hung server (socket timeouts, set short in settings) costs one timeout per process per
`RETRY_AFTER`, not one per operation. An invalidation that could not be made meanwhile
(`incr`: the page cache's generation, `delete`, `delete_many`) is owed, and made again as soon
as the server answers this process, so that a page rendered before a change made during the
outage does not outlive it.
"""

import logging
import threading
import time
from contextlib import suppress
from functools import partial

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What an unreachable or hung server raises (a TimeoutError is also an OSError subclass in
# some paths of redis-py; socket errors in others).
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0  # seconds without trying reads and stores after a failure

_lock = threading.Lock()
_down_until = {}  # server location → time.monotonic() until which it is not tried
_owed = {}  # server location → {(operation name, arguments): None}, in order
MAX_OWED = 1000


class ResilientRedisCache(RedisCache):
    def _is_resting(self):
        return _down_until.get(self._server_key, 0.0) > time.monotonic()

    @property
    def _server_key(self):
        return str(self._servers)

    def _failed(self, operation, error):
        with _lock:
            already = _down_until.get(self._server_key, 0.0) > 0.0
            _down_until[self._server_key] = time.monotonic() + RETRY_AFTER
        if not already:
            logger.warning("Cache unreachable (%s: %s): serving without it", operation, error)

    def _answered(self):
        if not _down_until.get(self._server_key):
            return
        with _lock:
            _down_until.pop(self._server_key, None)
            owed = list(_owed.pop(self._server_key, {}))
        logger.warning("Cache answers again (%d invalidations owed)", len(owed))
        for name, args in owed:
            getattr(self, name)(*args)

    def _guard(self, operation, call, default, *, owed=None):
        """`call()`, or `default` (called if callable) when the server fails or is resting.
        `owed`: the (method name, arguments) to make again once the server answers."""
        if not self._is_resting():
            try:
                result = call()
            except FAILURES as error:
                self._failed(operation, error)
            else:
                self._answered()
                return result
        if owed is not None:
            with _lock:
                pending = _owed.setdefault(self._server_key, {})
                if len(pending) < MAX_OWED:
                    pending[owed] = None
        return default() if callable(default) else default

    # -- reads: a miss ----------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._guard("get", partial(super().get, key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guard("get_many", partial(super().get_many, keys, version), dict)

    def has_key(self, key, version=None):
        return self._guard("has_key", partial(super().has_key, key, version), False)

    # -- stores: nothing stored -------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", partial(super().add, key, value, timeout, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", partial(super().set, key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "set_many", partial(super().set_many, data, timeout, version), lambda: list(data)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", partial(super().touch, key, timeout, version), False)

    # -- invalidations: owed when they cannot be made ----------------------------------------

    def incr(self, key, delta=1, version=None):
        missing = object()
        call = partial(super().incr, key, delta, version)
        result = self._guard("incr", call, missing, owed=("incr_owed", (key, delta, version)))
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def incr_owed(self, key, delta, version):
        with suppress(ValueError):  # gone meanwhile (evicted, or the server restarted empty)
            self.incr(key, delta, version)

    def delete(self, key, version=None):
        call = partial(super().delete, key, version)
        return self._guard("delete", call, False, owed=("delete", (key, version)))

    def delete_many(self, keys, version=None):
        call = partial(super().delete_many, keys, version)
        return self._guard("delete_many", call, None, owed=("delete_many", (tuple(keys), version)))

    def clear(self):
        return self._guard("clear", super().clear, False)
