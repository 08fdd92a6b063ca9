"""The database refused, then paused: visitors get the page's last copy or a branded 503 with
Retry-After within 5 s, in their language; the worker is never killed; when the server is back
the site is too, with no restart (README "When things fail").

The site (conftest.py) runs on a PostgreSQL server of its own, which these tests stop and pause
(SIGSTOP to the postmaster and every backend): never the machine's shared server.
"""

import re
import time
import uuid

import redis

from centers.models import RESERVED_SLUGS
from tests.deploy.conftest import Browser

from .conftest import RETRY_AFTER

# What a visitor may wait for an answer with the database away.
PROMPT = 5.0
HEADINGS = {
    "fr": "Le site est momentanément indisponible",
    "en": "The site is unavailable for a moment",
}
MESSAGE = "The opening hours changed in March: now Monday to Friday from 9 to 17"


def timed(call, *args):
    began = time.monotonic()
    response = call(*args)
    return response, time.monotonic() - began


def uncached(language):
    """A list page no one has asked for before: neither fresh nor stale in the page cache."""
    return f"/{language}/places/?q={uuid.uuid4().hex}"


def assert_unavailable(browser, node, path, language):
    response, seconds = timed(browser.get, node, path)
    assert response.status == 503, response
    assert seconds < PROMPT, f"{path}: {seconds:.1f} s"
    assert int(response.headers["retry-after"]) > 0
    assert HEADINGS[language] in response.text, response
    assert "no-store" in response.headers["cache-control"]
    return response


def assert_outside_needs_no_database(browser, node):
    """What needs no database answers throughout: robots.txt, static files, liveness; and
    readiness says the database is away."""
    assert browser.get(node, "/robots.txt").status == 200
    style = browser.get(node, "/static/css/site.css")
    assert style.status == 200 and "text/css" in style.headers["content-type"], style
    assert browser.get(node, "/healthz").status == 200
    ready, seconds = timed(browser.get, node, "/readyz")
    assert ready.status == 503 and "database" in ready.text, ready
    assert seconds < PROMPT


def cached_then_outdated(site, browser, path):
    """Render `path` into the page cache, then make that copy no longer fresh (as a change
    through the admin would: the generation moves on). Returns the page as rendered."""
    page = browser.get(site.node, path)
    assert page.status == 200, page
    client = redis.Redis.from_url(site.redis_url)
    try:
        client.incr(":1:page-cache:generation")  # Django's key for core.page_cache's
    finally:
        client.close()
    return page


def assert_stale_copy(browser, node, path, page):
    response, seconds = timed(browser.get, node, path)
    assert response.status == 200, response
    assert seconds < PROMPT
    assert response.headers["x-cache"] == "stale"
    assert response.text == page.text


def assert_back(site, browser, pids):
    """After the retry interval, the next request is served from the database again, by the
    same worker: none was killed, none restarted."""
    time.sleep(RETRY_AFTER + 0.2)
    response = browser.get(site.node, uncached("fr"))
    assert response.status == 200, response
    assert browser.get(site.node, "/readyz").status == 200
    assert site.worker_pids() == pids
    assert "WORKER TIMEOUT" not in site.log()


def test_a_stopped_database_gives_503_then_comes_back(site):
    browser = Browser()
    pids = site.worker_pids()
    assert len(pids) == 1
    page = cached_then_outdated(site, browser, "/fr/")
    site.cluster.stop()
    try:
        for language in ("fr", "en"):
            assert_unavailable(browser, site.node, uncached(language), language)
        assert_stale_copy(browser, site.node, "/fr/", page)
        assert_outside_needs_no_database(browser, site.node)
    finally:
        site.cluster.start()
    assert_back(site, browser, pids)


def report_form(browser, node):
    """A place's correction form, as a visitor opens it: its address and the fields it sends."""
    places = browser.get(node, "/en/places/")
    slugs = re.findall(r'href="/en/places/([\w-]+)/"', places.text)
    slug = next(slug for slug in slugs if slug not in RESERVED_SLUGS)  # not the map's address
    path = f"/en/places/{slug}/report/"
    form = browser.get(node, path)
    assert form.status == 200, form
    return path, hidden_fields(form.text)


def hidden_fields(html):
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


def test_a_paused_database_gives_503_within_5_s_and_keeps_the_worker(site):
    browser = Browser()
    pids = site.worker_pids()
    path, fields = report_form(browser, site.node)
    page = cached_then_outdated(site, browser, "/en/")
    site.cluster.pause()
    try:
        # The worker's open connection first (its health check meets the paused server), then
        # straight away, then a new connection once the worker tries the server again.
        assert_unavailable(browser, site.node, uncached("en"), "en")
        assert_unavailable(browser, site.node, uncached("fr"), "fr")
        time.sleep(RETRY_AFTER + 0.2)
        assert_unavailable(browser, site.node, uncached("fr"), "fr")
        assert_stale_copy(browser, site.node, "/en/", page)
        assert_outside_needs_no_database(browser, site.node)
        # A correction report sent now: not saved, but the text comes back, ready to send again.
        sent = {**fields, "message": MESSAGE, "contact": "", "website": ""}
        refused, seconds = timed(browser.post, site.node, path, sent)
        assert refused.status == 503 and seconds < PROMPT, refused
        assert MESSAGE in refused.text
        assert f'action="{path}"' in refused.text
    finally:
        site.cluster.resume()
    assert_back(site, browser, pids)
    # Sent again from the 503 page, as it is: saved.
    again = {**hidden_fields(refused.text), "message": MESSAGE, "contact": ""}
    saved = browser.post(site.node, path, again)
    assert saved.status == 302 and saved.location.endswith(f"{path}thanks/"), saved
