"""Every kind of page, in both languages, on the seed content: no axe-core violation (WCAG 2.2
A/AA and best practices), no Content Security Policy violation, no request to another host, no
resource that fails to load, and no horizontal scrolling on a 320-pixel-wide screen."""

import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import LANGS, describe_violations, run_axe
from .pages import KOUNGOU, PAGE_TYPES, expected_status, page_path

WIDE = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}

# The elements that stick out on the right of a narrow screen: the innermost ones, which are
# the ones to fix.
OVERFLOWING = """() => {
    const limit = document.documentElement.clientWidth;
    const sticksOut = (el) => el.getBoundingClientRect().right > limit + 0.5;
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
        if (!sticksOut(el) || [...el.children].some(sticksOut)) continue;
        const classes = typeof el.className === "string" && el.className.trim()
            ? "." + el.className.trim().split(/\\s+/).join(".") : "";
        const text = (el.textContent || "").trim().slice(0, 60);
        out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}` +
                 ` (right edge at ${Math.round(el.getBoundingClientRect().right)}px) “${text}”`);
    }
    return out.slice(0, 8);
}"""


def overflow_problem(page, path):
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= NARROW["width"]:
        return None
    culprits = page.evaluate(OVERFLOWING)
    return (
        f"{path} scrolls sideways at 320px (document {width}px wide); widest elements: "
        + "; ".join(culprits)
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_is_accessible_self_contained_and_fits_320px(seeded, shared_js, page_type, lang):
    check_page(shared_js, page_path(page_type, lang), expected_status(page_type), lang)


# The pages issue 14 added or changed (sharing, the selection and its sheet, the map, access
# conditions, opening state, urgent help), in the four languages the tests above do not visit.
MORE_LANGS = ["fa", "ps", "uk", "ru"]
ISSUE_14_PAGES = ["place detail", "place sheet", "places map", "places list filtered"]


@pytest.mark.parametrize("lang", MORE_LANGS)
def test_the_new_pages_in_the_other_languages(seeded, shared_js, lang):
    from centers.models import Center

    koungou = Center.objects.get(slug=KOUNGOU).pk
    paths = [page_path(page_type, lang) for page_type in ISSUE_14_PAGES]
    with translation.override(lang):
        selection = reverse("centers:center-selection")
    paths.append(f"{selection}?sel={koungou}&also=fr")
    paths.append(f"{page_path('places list', lang)}?sel={koungou}")
    for path in paths:
        check_page(shared_js, path, 200, lang)


def check_page(shared_js, path, status, lang):
    """No axe-core violation, nothing from another host or blocked, no sideways scrolling."""
    site, guard, js_page = shared_js
    guard.reset()
    js_page.set_viewport_size(WIDE)
    problems = []

    response = js_page.goto(site.url(path))
    assert response.status == status, f"{path} answered {response.status}"
    assert js_page.locator("html").get_attribute("lang") == lang

    # What the page loads and what its policy blocks, before any test script runs in it.
    try:
        guard.check(path, js_page)
    except AssertionError as error:
        problems.append(str(error))

    violations = run_axe(js_page, site.axe_source)
    if violations:
        problems.append(
            f"{path}: axe-core found {len(violations)} violation(s):\n"
            + describe_violations(violations)
        )
    guard.reset()  # axe itself is not the page

    js_page.set_viewport_size(NARROW)
    overflow = overflow_problem(js_page, path)
    if overflow:
        problems.append(overflow)
    try:
        guard.check(f"{path} at 320px", js_page)
    except AssertionError as error:
        problems.append(str(error))

    assert not problems, "\n".join(problems)
