"""The garbage collector kept off the objects every worker holds for its whole life.

A worker holds about 100,000 objects once Django is loaded and 170,000 once it has served each
kind of page (compiled templates, translation catalogues, resolved URLs). CPython's full
collection walks all of them: 70–160 ms at a random request, every few dozen requests — the
slow tail of the uncached pages (README "Benchmark"). `gc.freeze()` moves the objects alive at
that moment to a generation the collector never walks; what a request leaves in cycles is
still collected as before. Done twice: when the application is loaded, and once more when the
worker has served WARM_UP requests and filled its caches.
"""

import gc

WARM_UP = 200


def freeze():
    """Collect what is garbage now, then set every surviving object aside for good."""
    gc.collect()
    gc.freeze()


class FrozenAfterWarmUp:
    """WSGI middleware: freezes the worker's objects once, at its WARM_UP-th request."""

    def __init__(self, application, warm_up=WARM_UP):
        self.application = application
        self.remaining = warm_up
        freeze()

    def __call__(self, environ, start_response):
        if self.remaining:
            self.remaining -= 1
            if not self.remaining:
                freeze()
        return self.application(environ, start_response)
