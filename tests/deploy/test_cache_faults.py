"""With its Redis paused or stopped, the site still serves pages, saves reports and signs in.

The two gunicorn nodes of conftest.py run on a Redis of this module's own (on a free port,
never the machine's), which the tests pause (SIGSTOP: a hung cache, connections accepted and
never answered) and then stop (a refused cache). Each request must get its answer, and a hung
cache must cost each request less than a second (the socket timeouts and core/cache.py's
breaker), not the seconds a default client waits.
"""

import re
import signal
import time
from dataclasses import dataclass

import pytest
from django.core import signing

from centers.forms import _SALT as REPORT_FORM_SALT
from centers.models import CorrectionReport
from tests.factories import CenterFactory
from tests.helpers import en

from .conftest import Browser, launch_redis, stop
from .test_two_nodes import csrf_token, is_signed_in, sign_in, staff_member, url

pytestmark = pytest.mark.django_db(transaction=True)

HUNG_REQUEST_BUDGET = 1.0  # seconds a request may take with the cache hung


@dataclass
class RedisServer:
    url: str
    process: object

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    url, process = launch_redis(tmp_path_factory.mktemp("redis-faults"))
    server = RedisServer(url, process)
    try:
        yield server
    finally:
        if process.poll() is None:
            server.resume()
        stop(process)


@pytest.fixture(scope="module")
def redis_url(redis_server):
    """The nodes' cache (conftest.node_env): this module's Redis, which it may pause and stop."""
    return redis_server.url


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def send_report(browser, node, center, message, secret_key):
    """The correction form, fetched and sent as a person would, shown 30 seconds ago."""
    form = browser.get(node, f"/en/places/{center.slug}/report/")
    assert form.status == 200, form
    assert re.search(r'name="started" value="[^"]+"', form.text), form
    started = signing.dumps(
        {"c": center.pk, "t": int(time.time()) - 30}, key=secret_key, salt=REPORT_FORM_SALT
    )
    data = {
        "message": message,
        "contact": "",
        "website": "",
        "started": started,
        "csrfmiddlewaretoken": csrf_token(form),
    }
    return browser.post(node, f"/en/places/{center.slug}/report/", data)


def visit_every_page(nodes, center):
    visitor = Browser()
    slowest = 0.0
    for node in nodes:
        for path in ("/en/", url("centers:center-list"), en(center), "/robots.txt"):
            response, seconds = timed(lambda node=node, path=path: visitor.get(node, path))
            assert response.status == 200, (node.name, path, response)
            slowest = max(slowest, seconds)
    return slowest


def test_a_hung_cache_costs_each_request_under_a_second(nodes, node_env, redis_server):
    a, b = nodes
    secret_key = node_env[0]["DJANGO_SECRET_KEY"]
    center = CenterFactory(name_en="Gerland drop-in", slug="gerland")
    user, device = staff_member("hung-cache-staff")
    visit_every_page(nodes, center)  # the pages are in the cache

    redis_server.pause()
    try:
        assert visit_every_page(nodes, center) < HUNG_REQUEST_BUDGET
        browser = Browser()
        sent, seconds = timed(lambda: send_report(browser, a, center, "Moved (hung).", secret_key))
        assert sent.status == 302, sent
        assert seconds < 2 * HUNG_REQUEST_BUDGET  # the form's page, then its post
        assert CorrectionReport.objects.filter(message="Moved (hung).", center=center).exists()
        staff = Browser()
        sign_in(staff, b, user, device)
        assert is_signed_in(staff, a, user)  # the session is in the database, on both nodes
    finally:
        redis_server.resume()
    # Back: the pages are served, and cached again.
    assert visit_every_page(nodes, center) < HUNG_REQUEST_BUDGET


def test_a_stopped_cache_fails_no_request(nodes, node_env, redis_server):
    a, b = nodes
    secret_key = node_env[0]["DJANGO_SECRET_KEY"]
    center = CenterFactory(name_en="Wazemmes drop-in", slug="wazemmes")
    user, device = staff_member("stopped-cache-staff")

    stop(redis_server.process)
    visit_every_page(nodes, center)
    for node, message in ((a, "Moved (stopped, A)."), (b, "Moved (stopped, B).")):
        sent = send_report(Browser(), node, center, message, secret_key)
        assert sent.status == 302, sent
        assert CorrectionReport.objects.filter(message=message, center=center).exists()
    staff = Browser()
    sign_in(staff, a, user, device)
    assert is_signed_in(staff, b, user)
