"""A load smoke: 32 connections for 10 seconds on the main public pages, through real gunicorn
servers, and every answer is a 2xx.

The seed content is loaded (committed, so the servers see it); then 32 client threads, half on
each node, request the home page, the places list, a place, a search, the programs list and the
grants index in turn, each over its own connection (gunicorn's sync workers close it after each
answer; the client opens the next), for 10 seconds. What must hold: no connection error, no
timeout, no answer other than 2xx. How fast is not asserted (timings live in the benchmark):
the count is logged for whoever reads the log.

A pool of Python threads rather than wrk: it checks every status exactly (wrk counts 3xx as
success) and needs nothing that `make test` does not already install.
"""

import http.client
import itertools
import logging
import threading
import time
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import translation

from centers.models import Center
from network.seeding import seed_network
from tests.deploy.conftest import PUBLIC_HOST, REQUEST_TIMEOUT

logger = logging.getLogger(__name__)

pytestmark = pytest.mark.django_db(transaction=True)

CONNECTIONS = 32
SECONDS = 10


def main_pages():
    place = Center.objects.public().order_by("pk").first()
    with translation.override("fr"):
        return [
            reverse("network:home"),
            reverse("centers:center-list"),
            reverse("centers:center-detail", args=[place.slug]),
            reverse("network:search") + "?q=mayotte",
            reverse("programs:program-list"),
            reverse("grants:grant-list"),
        ]


def load(nodes, paths, *, connections, seconds):
    """Requests from `connections` threads until `seconds` have passed: (statuses, errors)."""
    statuses = Counter()
    errors = []
    lock = threading.Lock()
    deadline = []
    # The clock starts when every thread is ready.
    start = threading.Barrier(
        connections, action=lambda: deadline.append(time.monotonic() + seconds)
    )

    def client(number):
        node = nodes[number % len(nodes)]
        connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=REQUEST_TIMEOUT)
        mine = Counter()
        first = number % len(paths)
        start.wait()
        try:
            for path in itertools.cycle(paths[first:] + paths[:first]):
                if time.monotonic() >= deadline[0]:
                    break
                try:
                    connection.request("GET", path, headers={"Host": PUBLIC_HOST})
                    response = connection.getresponse()
                    response.read()
                    mine[(response.status, path)] += 1
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()
                    with lock:
                        errors.append(f"{node.name} {path}: {exc!r}")
        finally:
            connection.close()
            with lock:
                statuses.update(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * REQUEST_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client thread never finished"
    return statuses, errors


def test_32_connections_for_10_seconds_get_only_2xx_answers(nodes):
    seed_network()
    paths = main_pages()
    statuses, errors = load(nodes, paths, connections=CONNECTIONS, seconds=SECONDS)
    total = sum(statuses.values())
    logger.info("load smoke: %d requests in %d s from %d connections", total, SECONDS, CONNECTIONS)
    assert errors == []
    not_2xx = {key: count for key, count in statuses.items() if not 200 <= key[0] < 300}
    assert not_2xx == {}
    # Every page was requested, and answered, during the run.
    assert {path for _status, path in statuses} == set(paths)
