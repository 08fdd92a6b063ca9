"""`make observatory`'s pieces, under the production settings (README "Observatory score").

Two gunicorn servers on loopback, as scripts/observatory.sh starts them: one serving HTTPS
itself with a throwaway certificate for `localhost` (gunicorn's --certfile/--keyfile), one plain
HTTP; production settings, DEBUG off, the pytest-django database and a Redis of the module's
own. The tests check what the MDN HTTP Observatory scores: every page of plain HTTP is
redirected to the same page over HTTPS, and the home page, the places list, a place's page and
its correction form, in French and in Arabic, carry HSTS (a year, subdomains, preload), the
strict CSP, nosniff, the referrer policy, CORP and COOP, no CORS, and no cookie but the
correction form's CSRF cookie, Secure and SameSite. Then the scanner itself (its own code
through scripts/observatory.mjs, Node trusting the certificate) scores them: A+ each.
"""

import http.client
import json
import os
import re
import ssl
import subprocess
from http.cookies import SimpleCookie

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CenterFactory

from .conftest import (
    BASE_DIR,
    GUNICORN,
    REQUEST_TIMEOUT,
    database_url,
    find_program,
    node_environment,
    start,
    stop,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

HOST = "localhost"
LANGUAGES = ("fr", "ar")  # and Arabic is written right to left
SCAN_TIMEOUT = 120  # seconds for the scanner's eight pages (about 25 s on a loaded 2-core box)
HSTS = "max-age=31536000; includeSubDomains; preload"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "x-frame-options": "DENY",
}


def page_paths(place, language):
    """The four pages the scan scores, in `language`."""
    with translation.override(language):
        return [
            reverse("network:home"),
            reverse("centers:center-list"),
            reverse("centers:center-detail", args=[place.slug]),
            reverse("centers:center-report", args=[place.slug]),
        ]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A throwaway self-signed certificate for `localhost`: (certificate, key) paths."""
    openssl = find_program("openssl", "install it (Debian/Ubuntu: sudo apt-get install openssl).")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"]
    command += ["-keyout", str(key), "-out", str(cert)]
    made = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    assert made.returncode == 0, made.stderr
    return cert, key


def launch(name, env, folder, *arguments):
    """gunicorn (production settings from `env`) on a free loopback port: (process, port)."""
    gunicorn = find_program(GUNICORN, "gunicorn is in requirements.lock: run `make venv`.")
    log = folder / f"gunicorn-{name}.log"
    command = [gunicorn, "config.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"]
    command += ["--no-control-socket", "--log-level", "info", *arguments]
    process = start(command, log, env)

    def listening():
        found = re.search(r"Listening at: https?://127\.0\.0\.1:(\d+)", log.read_text())
        return int(found.group(1)) if found else None

    try:
        return process, wait_for(listening, f"gunicorn {name}", process, log)
    except BaseException:
        stop(process)
        raise


@pytest.fixture(scope="module")
def site(django_db_setup, redis_url, certificate, tmp_path_factory):
    """The HTTPS server and the plain-HTTP one: {"https": port, "http": port, "cafile": …}."""
    cert, key = certificate
    folder = tmp_path_factory.mktemp("observatory")
    env = node_environment(
        database_url(),
        redis_url,
        folder,
        DJANGO_ALLOWED_HOSTS=HOST,
        # What the nodes of tests/deploy turn off for plain HTTP, and HSTS: production's values
        # (.env.example's), whatever the caller's shell or a .env file says.
        DJANGO_SECURE_SSL_REDIRECT="True",
        DJANGO_SECURE_SSL_HOST="",
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="True",
        DJANGO_SECURE_HSTS_PRELOAD="True",
        DJANGO_SESSION_COOKIE_SECURE="True",
        DJANGO_CSRF_COOKIE_SECURE="True",
    )
    started = []
    try:
        process, https_port = launch("https", env, folder, "--certfile", cert, "--keyfile", key)
        started.append(process)
        plain = {**env, "DJANGO_SECURE_SSL_HOST": f"{HOST}:{https_port}"}
        process, http_port = launch("http", plain, folder)
        started.append(process)
        servers = {"https": https_port, "http": http_port, "cafile": cert}
        for scheme, process in zip(("https", "http"), started, strict=True):
            log = folder / f"gunicorn-{scheme}.log"
            wait_for(lambda s=scheme: answers(servers, s), f"gunicorn {scheme}", process, log)
        yield servers
    finally:
        for process in started:
            stop(process)


def answers(servers, scheme):
    try:
        return get(servers, "/robots.txt", scheme).status in (200, 301)
    except OSError:
        return False


def get(servers, path, scheme="https", method="GET"):
    """One request to `localhost` (the certificate checked); the response, body read."""
    if scheme == "https":
        context = ssl.create_default_context(cafile=str(servers["cafile"]))
        connection = http.client.HTTPSConnection(
            HOST, servers["https"], timeout=REQUEST_TIMEOUT, context=context
        )
    else:
        connection = http.client.HTTPConnection(HOST, servers["http"], timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        return response
    finally:
        connection.close()


def test_plain_http_is_redirected_to_the_same_page_over_https(site):
    place = CenterFactory(slug="gerland")
    for language in LANGUAGES:
        for path in [*page_paths(place, language), f"/{language}/places/?q=soins&page=1"]:
            response = get(site, path, "http")
            assert response.status == 301, (path, response.status)
            assert response.getheader("Location") == f"https://{HOST}:{site['https']}{path}"
            # HSTS only ever comes over HTTPS, where a browser takes it into account.
            assert response.getheader("Strict-Transport-Security") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_four_pages_carry_every_header_an_a_plus_needs(site, language):
    place = CenterFactory(slug="gerland")
    for path in page_paths(place, language):
        response = get(site, path)
        assert response.status == 200, (path, response.status)
        assert response.getheader("Strict-Transport-Security") == HSTS, path
        for name, value in SECURITY_HEADERS.items():
            assert response.getheader(name) == value, (path, name)
        csp = dict(
            (directive.split(None, 1) + [""])[:2]
            for directive in response.getheader("Content-Security-Policy").split(";")
            if directive.strip()
        )
        assert csp["default-src"] == "'none'", path
        assert csp["frame-ancestors"] == "'none'", path
        assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'", path
        assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'", path
        assert csp["form-action"] == "'self'", path
        assert "unsafe" not in response.getheader("Content-Security-Policy"), path
        # No script from another host (nothing for Subresource Integrity to protect).
        assert not re.search(r"<script[^>]+src=\"(https?:)?//", response.text), path
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        if path.endswith("/report/"):
            # The correction form's CSRF cookie: Secure, SameSite; no session cookie.
            assert sorted(cookies) == ["csrftoken"], path
            assert cookies["csrftoken"]["secure"] is True
            assert cookies["csrftoken"]["samesite"] == "Lax"
        else:
            assert not cookies, (path, list(cookies))

    # The scanner's CORS preflight: no Access-Control-Allow-Origin, to anyone.
    preflight = get(site, page_paths(place, language)[0], method="OPTIONS")
    assert preflight.getheader("Access-Control-Allow-Origin") is None


def test_the_observatory_scanner_scores_every_page_a_plus(site):
    node = find_program("node", "install Node.js and npm (Debian/Ubuntu: sudo apt-get install npm)")
    package = BASE_DIR / "node_modules" / "@mdn" / "mdn-http-observatory" / "package.json"
    assert package.is_file(), "the scanner is missing: make browser-deps (npm ci --ignore-scripts)"
    place = CenterFactory(slug="gerland")
    paths = [path for language in LANGUAGES for path in page_paths(place, language)]
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(site["cafile"]), "NO_PROXY": "*"}
    command = [node, "scripts/observatory.mjs", HOST, str(site["http"]), str(site["https"])]
    scan = subprocess.run(  # noqa: S603 - the program and arguments are fixed above
        [*command, *paths],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=SCAN_TIMEOUT,
        check=False,
    )
    pages = [json.loads(line[7:]) for line in scan.stdout.splitlines() if line[:7] == "RESULT "]
    assert [page["path"] for page in pages] == paths, scan.stdout + scan.stderr
    for page in pages:
        results = {test["name"]: test["result"] for test in page["tests"]}
        assert page["grade"] == "A+" and page["score"] >= 100, scan.stdout
        assert results["redirection"] == "redirection-to-https", page
        assert results["strict-transport-security"] == (
            "hsts-implemented-max-age-at-least-six-months"
        ), page
        assert results["content-security-policy"] == (
            "csp-implemented-with-no-unsafe-default-src-none"
        ), page
        assert all(test["pass"] for test in page["tests"]), page
    assert scan.returncode == 0, scan.stdout + scan.stderr
