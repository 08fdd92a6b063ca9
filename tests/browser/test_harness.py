"""The checks themselves catch what they are for, on pages made to fail them (served from the
live server's own address by a Playwright route, with the site's strict CSP)."""

from .conftest import run_axe
from .test_pages import NARROW, overflow_problem

CSP = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'"
BAD_PAGE = """<!DOCTYPE html><html><head><title>bad</title></head><body>
<p style="color: red">an inline style</p>
<img src="https://third-party.example/pixel.png">
<table><tr><td>too-wide-{word}</td></tr></table>
</body></html>""".format(word="x" * 80)


def serve_bad_page(site, page):
    url = site.url("/harness-bad-page/")
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            body=BAD_PAGE,
            headers={"Content-Type": "text/html", "Content-Security-Policy": CSP},
        ),
    )
    page.goto(url)
    return url


def test_the_guard_reports_csp_violations_and_third_party_requests(site, guard, js_page):
    serve_bad_page(site, js_page)
    guard.collect(js_page)
    problems = " ".join(guard.problems())
    guard.reset()
    assert "https://third-party.example/pixel.png" in problems
    assert "Content Security Policy" in problems
    assert "style-src" in problems


def test_axe_reports_violations(site, guard, js_page):
    serve_bad_page(site, js_page)
    rules = {v["id"] for v in run_axe(js_page, site.axe_source)}
    guard.reset()
    assert {"html-has-lang", "image-alt"} <= rules


def test_the_narrow_screen_check_names_what_sticks_out(site, guard, js_page):
    serve_bad_page(site, js_page)
    js_page.set_viewport_size(NARROW)
    problem = overflow_problem(js_page, "/harness-bad-page/")
    guard.reset()
    assert problem is not None
    assert "td" in problem and "too-wide-" in problem
