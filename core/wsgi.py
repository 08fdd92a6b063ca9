"""The garbage collector kept off the objects every worker holds for its whole life, and out of
the requests themselves.

A worker holds about 100,000 objects once Django is loaded and 170,000 once it has served each
kind of page (compiled templates, translation catalogues, resolved URLs). CPython's full
collection walks all of them: 70–160 ms at a random request, every few dozen requests — the
slow tail of the uncached pages (README "Benchmark"). `gc.freeze()` moves the objects alive at
that moment to a generation the collector never walks. Done twice: when the application is
loaded, and once more when the worker has served WARM_UP requests and filled its caches.

What a request leaves in cycles is collected once its response has been sent, not in the middle
of the next one. CPython starts a young collection every 700 objects a request keeps: in the
middle of a page, when its model instances and querysets are still alive, so the collector walks
them, moves them to an older generation, and walks them again there (a collection of the middle
generation took up to 7–12 ms, a full one 14–26 ms, at random requests: the places list's p99).
Here, during a request, a collection starts only after IN_REQUEST allocations (a safety net for a
request that makes millions of objects); after the response, the young generations are
collected when they hold more than YOUNG objects, nearly all of them garbage by then (0.8–1.2 ms
a request on average, 4.2 ms at most, measured), and every FULL_EVERY responses the whole heap but
what is frozen.
"""

import gc

WARM_UP = 200
IN_REQUEST = 50_000
YOUNG = 700
FULL_EVERY = 1_000


def freeze():
    """Collect what is garbage now, then set every surviving object aside for good."""
    gc.collect()
    gc.freeze()


class FrozenAfterWarmUp:
    """WSGI middleware: freezes the worker's objects once, at its WARM_UP-th request, and
    collects what each request leaves once the server has sent and closed its response."""

    def __init__(self, application, warm_up=WARM_UP, full_every=FULL_EVERY):
        self.application = application
        self.remaining = warm_up
        self.full_every = full_every
        self.served = 0
        freeze()
        _young, middle, old = gc.get_threshold()
        gc.set_threshold(IN_REQUEST, middle, old)

    def __call__(self, environ, start_response):
        if self.remaining:
            self.remaining -= 1
            if not self.remaining:
                freeze()
        response = self.application(environ, start_response)
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(response, file_wrapper):
            # A file the server sends as it is (sendfile), which it must recognise: whitenoise's
            # static files. They leave nothing to collect.
            return response
        return _CollectedAfter(response, self.collect)

    def collect(self):
        """After a response: the young generations if they hold more than YOUNG objects, the
        whole heap (but what is frozen) every `full_every` responses."""
        self.served += 1
        if self.full_every and not self.served % self.full_every:
            gc.collect()
        elif gc.get_count()[0] > YOUNG:
            gc.collect(1)


class _CollectedAfter:
    """A response's body as the server iterates it; closing it (the server does, once the body is
    sent) closes the response, then runs `after`."""

    def __init__(self, response, after):
        self._response = response
        self._after = after

    def __iter__(self):
        return iter(self._response)

    def close(self):
        # The response no longer referenced from here: the page it holds (its request, its
        # context, the records read) is garbage when `after` runs, not objects still in use
        # that a collection would move to the oldest generation.
        response, self._response = self._response, None
        try:
            if hasattr(response, "close"):
                response.close()
        finally:
            del response
            self._after()
