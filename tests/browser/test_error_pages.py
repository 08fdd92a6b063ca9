"""The branded refusal and outage pages, in both languages, checked like every other public
page: 400 (a request not understood), 413 (too large to send) and 503 (the database away, on its
own and with a correction report's text kept), with no axe-core violation, nothing blocked by
the Content Security Policy, nothing from another host.

The database's absence is simulated in the live server's own process: the view raises what
psycopg raises when the server cannot be reached (the real outage is tests/faults)."""

import uuid

import pytest
from django.db import OperationalError

from centers.views import CenterListView, CenterReportView

from .conftest import LANGS, describe_violations, run_axe
from .pages import KOUNGOU, page_path

HEADINGS = {
    400: {"fr": "Requête incomprise", "en": "Request not understood", "ar": "لم يُفهم الطلب"},
    413: {
        "fr": "Trop volumineux pour être envoyé",
        "en": "Too large to send",
        "ar": "أكبر من أن يُرسَل",
    },
    503: {
        "fr": "Le site est momentanément indisponible",
        "en": "The site is unavailable for a moment",
        "ar": "الموقع غير متاح للحظة",
    },
}
MESSAGE = "Les horaires ont changé en mars : du lundi au vendredi de 9 h à 17 h."


def unreachable(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")


def assert_clean(page, guard, site, path, status, lang):
    problems = []
    try:
        guard.check(path, page)
    except AssertionError as error:
        problems.append(str(error))
    assert page.locator("html").get_attribute("lang") == lang
    assert HEADINGS[status][lang] in page.locator("h1").inner_text()
    violations = run_axe(page, site.axe_source)
    if violations:
        problems.append(
            f"{path} ({status}): axe-core found {len(violations)} violation(s):\n"
            + describe_violations(violations)
        )
    guard.reset()  # axe itself is not the page
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_400_page(seeded, site, guard, js_page, lang):
    path = page_path("places list", lang, query="q=" + "x" * 10_000)
    response = js_page.goto(site.url(path))
    assert response.status == 400
    assert_clean(js_page, guard, site, path[:40], 400, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_413_page(seeded, site, guard, js_page, settings, lang):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    path = page_path("report form", lang)
    # The browser sends the form's address a body over the limit (a navigation turned POST).
    js_page.route(
        site.url(path),
        lambda route: route.continue_(
            method="POST",
            post_data="message=" + "x" * 3000,
            headers={**route.request.headers, "content-type": "application/x-www-form-urlencoded"},
        ),
    )
    response = js_page.goto(site.url(path))
    assert response.status == 413
    js_page.unroute(site.url(path))
    assert_clean(js_page, guard, site, path, 413, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_503_page(seeded, site, guard, js_page, monkeypatch, lang):
    monkeypatch.setattr(CenterListView, "get", unreachable)
    path = page_path("places list", lang, query=f"q={uuid.uuid4().hex}")  # not in the cache
    response = js_page.goto(site.url(path))
    assert response.status == 503
    assert int(response.headers["retry-after"]) > 0
    assert_clean(js_page, guard, site, path, 503, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_503_page_keeping_a_correction_report(seeded, site, guard, js_page, monkeypatch, lang):
    path = page_path("report form", lang, slugs={"place": KOUNGOU})
    js_page.goto(site.url(path))
    guard.check(path, js_page)
    js_page.locator('textarea[name="message"]').fill(MESSAGE)
    monkeypatch.setattr(CenterReportView, "post", unreachable)
    with js_page.expect_navigation() as navigation:
        js_page.locator('main form button[type="submit"]').click()
    assert navigation.value.status == 503
    assert js_page.locator('textarea[name="message"]').input_value() == MESSAGE
    assert_clean(js_page, guard, site, f"{path} (sent)", 503, lang)
