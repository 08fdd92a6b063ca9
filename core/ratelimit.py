"""Fixed-window counters in the shared cache, for the rate limits that have no table to count in.

`attempt(scope, identity, limit, window)` counts one attempt of `identity` (a client's address,
an e-mail address) and says whether it is over `limit` in the current `window` of seconds; an
attempt refused is not counted. Keys hold a keyed hash of the identity, never the identity.

With the cache unreachable (core/cache.py answers as an empty cache) nothing is counted and
nothing is refused: these limits slow a robot down, and a visitor must not be refused because
the cache is down. A limit that must hold then counts in the database (the correction form:
centers.views.recent_reports).
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def key(scope, identity):
    return f"ratelimit:{scope}:{salted_hmac(f'ratelimit:{scope}', identity).hexdigest()}"


def attempt(scope, identity, limit, window):
    """Count an attempt; False when `identity` already made `limit` in this window."""
    name = key(scope, identity)
    if (cache.get(name) or 0) >= limit:
        return False
    if not cache.add(name, 1, timeout=window):
        try:
            cache.incr(name)
        except ValueError:  # expired in between, or the cache is unreachable
            cache.add(name, 1, timeout=window)
    return True
