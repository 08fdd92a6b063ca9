"""The WSGI entry point sets the worker's long-lived objects aside from the garbage collector
(core/wsgi.py), and what requests leave in cycles is still collected: once the server has sent
and closed the response, not in the middle of a page."""

import gc
import weakref

import pytest

from core import wsgi
from core.wsgi import FrozenAfterWarmUp


@pytest.fixture(autouse=True)
def _collector_as_it_was():
    """The middleware sets the process's thresholds: give the other tests theirs back."""
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def call(application):
    statuses = []
    body = application({}, lambda status, headers: statuses.append(status))
    return statuses[0], b"".join(body)


class Node:
    """An object in a cycle, as a request's model instances and their caches make."""

    def __init__(self):
        self.self = self


def test_the_answer_passes_through_unchanged():
    assert call(FrozenAfterWarmUp(hello, warm_up=2)) == ("200 OK", b"hello")


def test_objects_alive_at_load_and_after_warm_up_are_frozen():
    gc.unfreeze()
    application = FrozenAfterWarmUp(hello, warm_up=3)
    at_load = gc.get_freeze_count()
    assert at_load > 0
    kept = [[index] for index in range(1000)]  # the caches a worker fills while warming up
    call(application)
    call(application)
    # Not frozen again yet (a frozen object may still be freed: the count never grows).
    assert gc.get_freeze_count() <= at_load
    call(application)  # the third request: frozen once more, with what the caches hold now
    assert gc.get_freeze_count() >= at_load + len(kept)
    frozen = gc.get_freeze_count()
    for _ in range(5):
        call(application)
    assert gc.get_freeze_count() <= frozen  # once warm, never again
    gc.unfreeze()


def test_cycles_left_by_requests_are_still_collected():
    gc.unfreeze()
    application = FrozenAfterWarmUp(hello, warm_up=1)
    call(application)
    node = Node()
    alive = weakref.ref(node)
    del node
    gc.collect()
    assert alive() is None
    gc.unfreeze()


def test_what_a_request_leaves_in_cycles_is_collected_when_its_response_is_closed():
    made = []

    def page(environ, start_response):
        node = Node()
        made.append(weakref.ref(node))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"page"]

    application = FrozenAfterWarmUp(page, warm_up=0)
    for _ in range(3):
        gc.collect()
        body = application({}, lambda status, headers: None)
        assert b"".join(body) == b"page"
        # Not during the request: the young generation's threshold is now far above a page's.
        assert gc.get_threshold()[0] == wsgi.IN_REQUEST
        alive = made[-1]() is not None
        assert alive
        # Enough objects kept since the last collection for one to start after the response.
        padding = [Node() for _ in range(wsgi.YOUNG + 1)]
        del padding
        body.close()
        alive = made[-1]() is not None
        assert not alive


def test_the_response_is_closed_once_and_no_longer_held_after():
    closed = []

    class Response(list):
        def close(self):
            closed.append(self)

    def page(environ, start_response):
        start_response("200 OK", [])
        return Response([b"page"])

    body = FrozenAfterWarmUp(page, warm_up=0)({}, lambda status, headers: None)
    held = weakref.ref(body._response)
    assert b"".join(body) == b"page"
    body.close()
    assert len(closed) == 1
    closed.clear()
    assert held() is None  # nothing of the page is kept until the server drops the body


def test_every_full_every_responses_the_whole_heap_is_collected():
    generations = []

    def record(phase, info):
        if phase == "start":
            generations.append(info["generation"])

    application = FrozenAfterWarmUp(hello, warm_up=0, full_every=3)
    gc.callbacks.append(record)
    try:
        for _ in range(6):
            generations.clear()
            body = application({}, lambda status, headers: None)
            b"".join(body)
            body.close()
            full = 2 in generations
            assert full == (application.served % 3 == 0), (application.served, generations)
    finally:
        gc.callbacks.remove(record)


def test_a_file_the_server_sends_itself_is_returned_as_it_is():
    class FileWrapper:
        def __init__(self, data):
            self.data = data

        def __iter__(self):
            return iter([self.data])

    sent = FileWrapper(b"static")

    def static(environ, start_response):
        start_response("200 OK", [])
        return sent

    environ = {"wsgi.file_wrapper": FileWrapper}
    # As a server checks it before using sendfile: the very object it wrapped.
    assert FrozenAfterWarmUp(static, warm_up=0)(environ, lambda status, headers: None) is sent
