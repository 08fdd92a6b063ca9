"""Every kind of page, in both languages, on the seed content: no axe-core violation (WCAG 2.2
A/AA and best practices), no Content Security Policy violation, no request to another host, no
resource that fails to load, and no horizontal scrolling on a 320-pixel-wide screen."""

import pytest

from .conftest import LANGS, describe_violations, run_axe
from .pages import PAGE_TYPES, expected_status, page_path

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
    site, guard, js_page = shared_js
    guard.reset()
    js_page.set_viewport_size(WIDE)
    path = page_path(page_type, lang)
    problems = []

    response = js_page.goto(site.url(path))
    assert response.status == expected_status(page_type), f"{path} answered {response.status}"
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
