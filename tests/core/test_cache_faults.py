"""A refused or hung cache server never fails a request (core/cache.py).

The cache under test is the production backend pointed at a port where nothing listens
(refused) or at a socket that accepts and never answers (hung): no Redis is needed, and the
machine's own Redis is never touched. tests/deploy/test_cache_faults.py does the same with a
real Redis stopped and paused under a real gunicorn.
"""

import socket
import time

import pytest
from django.core.cache import caches
from django.test import Client

from centers.forms import started_token
from centers.models import CorrectionReport
from centers.views import REPORTS_PER_HOUR
from core import cache as resilient
from core import page_cache
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hung_server():
    """A socket that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def broken_cache(settings, port):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
    resilient._down_until.clear()
    resilient._owed.clear()
    return caches["default"]


@pytest.fixture
def refused(settings):
    yield broken_cache(settings, free_port())
    resilient._down_until.clear()
    resilient._owed.clear()


@pytest.fixture
def hung(settings, hung_server):
    yield broken_cache(settings, hung_server)
    resilient._down_until.clear()
    resilient._owed.clear()


def test_a_refused_cache_answers_as_an_empty_one(refused, caplog):
    assert refused.get("k", "default") == "default"
    assert refused.get_many(["a", "b"]) == {}
    assert refused.set("k", 1) is None
    assert refused.add("k", 1) is False
    assert refused.get_or_set("k", 7) == 7
    with pytest.raises(ValueError):
        refused.incr("k")
    assert refused.delete("k") is False
    # Said once for the outage, not once per operation.
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1
    assert "Cache unreachable" in warnings[0].getMessage()


def test_a_hung_cache_costs_one_timeout_then_is_left_alone(hung):
    assert hung.get("k") is None  # waited for the socket timeout
    started = time.monotonic()
    for _ in range(20):
        assert hung.get("k") is None
        hung.set("k", 1)
    # The twenty round trips were not tried: the server rests for RETRY_AFTER seconds.
    assert time.monotonic() - started < 0.1


def test_invalidations_missed_during_an_outage_are_made_when_it_answers(settings, refused):
    with pytest.raises(ValueError):
        refused.incr(page_cache.GENERATION_KEY)
    owed = resilient._owed[refused._server_key]
    assert list(owed) == [("incr_owed", (page_cache.GENERATION_KEY, 1, None))]


@pytest.fixture
def center():
    return CenterFactory(name="CASO Lyon", slug="caso-lyon")


def report(client, center, message, ip="192.0.2.10"):
    data = {"message": message, "contact": "", "website": ""}
    data["started"] = started_token(center.pk, time.time() - 30)
    return client.post(f"/en/places/{center.slug}/report/", data, REMOTE_ADDR=ip)


@pytest.mark.parametrize("fault", ["refused", "hung"])
def test_pages_and_the_correction_form_work_without_the_cache(request, settings, center, fault):
    request.getfixturevalue(fault)
    settings.PAGE_CACHE_ENABLED = True
    client = Client()
    assert client.get(f"/en/places/{center.slug}/").status_code == 200
    assert client.get("/en/places/").status_code == 200
    response = report(client, center, "The place has moved.")
    assert response.status_code == 302
    assert CorrectionReport.objects.get().message == "The place has moved."


def test_the_report_rate_limit_holds_without_the_cache(refused, center):
    client = Client()
    for n in range(REPORTS_PER_HOUR):
        assert report(client, center, f"Report {n}").status_code == 302
    refused_report = report(client, center, "One too many")
    assert refused_report.status_code == 429
    assert "One too many" in refused_report.content.decode()  # the text is kept
    assert CorrectionReport.objects.count() == REPORTS_PER_HOUR
    # Another client is not limited.
    assert report(client, center, "Other", ip="198.51.100.4").status_code == 302
