"""The database away (README "When things fail"): a branded 503 with Retry-After in the
visitor's language, the page's last copy when the page cache has one, a correction report's
text given back; /healthz and /readyz for a load balancer.

The database is made unreachable as a refused server would be: every connection attempt raises
OperationalError (tests/faults/ stops and pauses a real server).
"""

import re

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from centers.forms import CorrectionReportForm
from core import page_cache
from core.models import Status
from tests.factories import CenterFactory

HEADINGS = {
    "fr": "Le site est momentanément indisponible",
    "en": "The site is unavailable for a moment",
}
MESSAGE = "The place has moved to 12 rue des Lilas & opens at 9"


@pytest.fixture
def visitor():
    """A browser: Django's error handlers answer, as they do for a real visitor."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    def refused(self):
        raise OperationalError("connection refused (the test's database is down)")

    def take_down():
        monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refused)

    return take_down


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args or None)


def assert_503(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert HEADINGS[language] in page
    assert f'<html lang="{language}"' in page
    # The site's look, without the database: its stylesheet and a way home.
    assert 'href="/static/css/site.css"' in page
    assert f'href="{url(language, "network:home")}"' in page
    assert "style=" not in page and "<script" not in page  # the strict CSP
    return page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_visitor_gets_a_503_in_their_language(visitor, database_down, language):
    database_down()
    assert_503(visitor.get(url(language, "centers:center-list")), language)
    assert_503(visitor.get(url(language, "network:home")), language)


def test_without_a_language_in_the_address_the_browsers_language(visitor, database_down):
    database_down()
    response = visitor.get("/sitemap.xml", headers={"accept-language": "en"})
    assert_503(response, "en")


def test_any_other_error_is_still_a_500(visitor, monkeypatch):
    def broken(self, **kwargs):
        raise ValueError("a bug, not the database")

    monkeypatch.setattr("network.views.HomeView.get_context_data", broken)
    response = visitor.get(url("en", "network:home"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_a_cached_page_is_served_stale_rather_than_a_503(visitor, database_down, settings):
    settings.PAGE_CACHE_ENABLED = True
    CenterFactory(name="Centre du Port", status=Status.PUBLISHED)
    address = url("fr", "centers:center-list")
    rendered = visitor.get(address)
    assert rendered.status_code == 200
    page_cache.bump()  # a change since: the copy is no longer fresh
    database_down()
    stale = visitor.get(address)
    assert stale.status_code == 200
    assert stale["X-Cache"] == "stale"
    assert stale["Warning"] == '110 - "Response is Stale"'
    assert "no-cache" in stale["Cache-Control"]
    assert stale.content == rendered.content
    assert "Centre du Port" in stale.content.decode()
    # Another page, never rendered: nothing to fall back on.
    assert_503(visitor.get(url("fr", "network:home")), "fr")


@pytest.mark.django_db
def test_the_copy_outlives_its_freshness_by_the_stale_timeout(visitor, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_STALE_TIMEOUT = 3600
    kept = {}
    real_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        kept[key] = timeout
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    response = visitor.get(url("en", "network:privacy"))
    assert response.status_code == 200
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    (timeout,) = [t for key, t in kept.items() if key.startswith("page-cache:page:")]
    assert timeout >= 3600 + max_age


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_correction_report_meeting_a_503_gets_its_text_back(visitor, database_down, language):
    center = CenterFactory(status=Status.PUBLISHED)
    address = url(language, "centers:center-report", center.slug)
    form = visitor.get(address).content.decode()
    started = re.search(r'name="started" value="([^"]+)"', form).group(1)
    database_down()
    response = visitor.post(
        address, {"message": MESSAGE, "contact": "0601020304", "started": started, "website": ""}
    )
    page = assert_503(response, language)
    # The text, escaped, in a form that sends it to the same place again, with its token.
    assert "12 rue des Lilas &amp; opens at 9</textarea>" in page
    assert 'maxlength="2000"' in page  # the form's own limit
    assert 'value="0601020304"' in page
    assert f'name="started" value="{started}"' in page
    assert f'<form method="post" action="{address}">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    with translation.override(language):
        label = str(CorrectionReportForm.base_fields["message"].label)
    assert f'<label for="kept-message">{escape(label)}</label>' in page


def test_healthz_answers_without_database_or_cache(visitor, database_down, monkeypatch):
    database_down()

    def cache_down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "get", cache_down)
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert visitor.get("/fr/healthz").status_code == 404


@pytest.mark.django_db
def test_readyz_says_whether_the_database_and_the_cache_answer(visitor, database_down, monkeypatch):
    ready = visitor.get("/readyz")
    assert ready.status_code == 200
    assert "no-store" in ready["Cache-Control"]

    def cache_down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    with monkeypatch.context() as patched:
        patched.setattr(cache, "get", cache_down)
        no_cache = visitor.get("/readyz")
    assert no_cache.status_code == 503 and no_cache["Retry-After"]
    assert "cache" in no_cache.content.decode()
    assert visitor.get("/readyz").status_code == 200

    database_down()
    no_database = visitor.get("/readyz")
    assert no_database.status_code == 503
    assert "database" in no_database.content.decode()
    assert visitor.get("/fr/readyz").status_code == 404


@pytest.mark.django_db
def test_health_checks_are_never_cached_nor_in_the_sitemap(visitor, database_down, settings):
    settings.PAGE_CACHE_ENABLED = True
    assert visitor.get("/readyz").status_code == 200
    assert visitor.get("/readyz").status_code == 200
    sitemaps = [visitor.get("/sitemap.xml").content.decode()]
    sitemaps += [
        visitor.get(u).content.decode()
        for u in re.findall(r"<loc>http://testserver([^<]+)", sitemaps[0])
    ]
    assert not any("healthz" in s or "readyz" in s for s in sitemaps)
    database_down()
    assert visitor.get("/readyz").status_code == 503
