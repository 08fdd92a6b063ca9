"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One Chromium per test process (xdist worker). The seed content is loaded once per test module
and committed, so the live server's threads see it; it is flushed when the module ends. For
that, `transactional_db` is overridden here: pytest-django's own version flushes the database
after every test, which would wipe the module's content after its first test. The browser
tests only read the site (GET requests), so sharing one load per module is safe.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# The live server and the test share the process; Playwright's sync API runs an event loop in
# it, which makes Django refuse ORM calls unless this is set before Django loads.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CSP_MESSAGE = re.compile(r"content security policy|refused to", re.IGNORECASE)
# French, English, and Arabic for the right-to-left languages (issue 13).
LANGS = ["fr", "en", "ar"]


# --- browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium package).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run `make browser-deps` (npm ci installs axe-core).")
    return AXE_SOURCE.read_text(encoding="utf-8")


# --- database -----------------------------------------------------------------------------


def load_seed():
    from network.seeding import seed_network

    seed_network()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed content, committed for the whole module, flushed afterwards."""
    with django_db_blocker.unblock():
        load_seed()
        close_connections()
    yield
    flush(django_db_blocker)


def flush(django_db_blocker):
    """Empty the database, keeping the staff roles that migrations created (tests/roles.py)."""
    from tests import roles

    with django_db_blocker.unblock():
        kept = roles.snapshot()
        call_command("flush", interactive=False, verbosity=0)
        roles.restore(kept)
        close_connections()


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Database access for the test and the live server, without a flush after each test.

    Overrides pytest-django's fixture (which `live_server` requests) in this folder only: the
    module fixtures above load and flush the content.
    """
    with django_db_blocker.unblock():
        yield
        close_connections()


def close_connections():
    """Close this thread's database connections.

    Playwright's sync API runs an event loop in the test thread, which makes Django keep its
    connections per context rather than per thread while it runs: one left open there would
    outlive the test and keep the test database from being dropped.
    """
    connections.close_all()


def click_and_load(locator):
    """Click what leads to another page and wait until that page has loaded.

    A click returns once the navigation has started: the address has changed, but the new
    page may not be parsed yet, so a locator counted straight away can see an empty body.
    """
    with locator.page.expect_navigation(wait_until="load"):
        locator.click()


# --- pages and what they do behind the scenes -----------------------------------------------


@dataclass
class Guard:
    """Everything a page asked for and said: requests, failed responses, console messages."""

    origin: str
    requests: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    console: list = field(default_factory=list)
    checked: int = 0

    def attach(self, context):
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("response", self._on_response)

    def watch(self, page):
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        return page

    def _on_response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed.append(f"{response.status} {response.url}")

    def collect(self, page):
        """Add the violations the page's own listener saw (JavaScript contexts only)."""
        try:
            seen = page.evaluate("() => window.__cspViolations || []")
        except Exception:  # noqa: BLE001 - a closed or navigating page has nothing more to say
            seen = []
        self.console.extend(f"Content Security Policy violation: {v}" for v in seen)
        if seen:
            page.evaluate("() => { window.__cspViolations = []; }")

    def problems(self):
        foreign = [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "about", "blob"}
            and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.origin
        ]
        csp = [text for text in self.console if CSP_MESSAGE.search(text)]
        out = []
        if foreign:
            out.append("requests to another host: " + ", ".join(foreign))
        if csp:
            out.append("Content Security Policy violations in the console: " + " | ".join(csp))
        if self.failed:
            out.append("resources that failed to load: " + ", ".join(self.failed))
        return out

    def reset(self):
        self.requests.clear()
        self.failed.clear()
        self.console.clear()

    def check(self, where="", page=None):
        """Fail on what happened since the last check; start afresh."""
        if page is not None:
            self.collect(page)
        problems = self.problems()
        self.reset()
        self.checked += 1
        assert not problems, f"{where}: " + "; ".join(problems)


class Site:
    """The live server seen through Chromium."""

    def __init__(self, live_server, browser, axe_source):
        self.origin = live_server.url.rstrip("/")
        self.browser = browser
        self.axe_source = axe_source
        self.contexts = []

    def url(self, path):
        return self.origin + path

    def context(self, guard, *, javascript=True, **options):
        context = self.browser.new_context(java_script_enabled=javascript, **options)
        guard.attach(context)
        self.contexts.append(context)
        return context

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def site(live_server, browser, axe_source):
    site = Site(live_server, browser, axe_source)
    yield site
    site.close()


@pytest.fixture
def guard(site):
    guard = Guard(site.origin)
    yield guard
    # Whatever happened after the test's last explicit check fails the test too.
    problems = guard.problems()
    assert not problems, "; ".join(problems)


@pytest.fixture
def nojs_page(site, guard):
    """A page with JavaScript off, as many visitors have it (the site has no script anyway)."""
    return guard.watch(site.context(guard, javascript=False).new_page())


# Runs before the page's own content, outside its CSP: records what the policy blocks.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"}` +
        ` at ${e.sourceFile || e.documentURI}` +
        `:${e.lineNumber}${e.sample ? ` sample: ${e.sample}` : ""}`
    );
});
"""


def new_js_page(site, guard):
    context = site.context(guard, javascript=True)
    context.add_init_script(CSP_LISTENER)
    return guard.watch(context.new_page())


@pytest.fixture
def js_page(site, guard):
    """A page with JavaScript on: needed to run axe-core in it."""
    return new_js_page(site, guard)


@pytest.fixture(scope="module")
def shared_js(live_server, browser, axe_source):
    """One JavaScript page for a whole module, for checks page after page: a new browser
    context costs a new renderer process (about 0.3 s). Each test resets the guard first."""
    site = Site(live_server, browser, axe_source)
    guard = Guard(site.origin)
    page = new_js_page(site, guard)
    yield site, guard, page
    site.close()


def run_axe(page, axe_source):
    """Run axe-core on the page (WCAG 2.2 A/AA and best practices); return its violations.

    The strict CSP blocks an injected <script> element, so the source is evaluated directly.
    """
    page.evaluate(axe_source)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def describe_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.append(f"       {summary[:400]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more elements")
    return "\n".join(lines)
