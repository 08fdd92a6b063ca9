"""The WSGI entry point sets the worker's long-lived objects aside from the garbage collector
(core/wsgi.py), and what requests leave in cycles is still collected."""

import gc
import weakref

from core.wsgi import FrozenAfterWarmUp


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def call(application):
    statuses = []
    body = application({}, lambda status, headers: statuses.append(status))
    return statuses[0], b"".join(body)


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

    class Node:
        pass

    node = Node()
    node.self = node  # a cycle, as a request's model instances and their caches make
    alive = weakref.ref(node)
    del node
    gc.collect()
    assert alive() is None
    gc.unfreeze()
