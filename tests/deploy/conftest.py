"""Two gunicorn nodes, one PostgreSQL, one Redis: the deployment of the README's "Deployment".

`nodes` starts, once per module: a Redis server of its own on a free port, the static files
collected into a temporary folder (as a release would), and two gunicorn servers (one worker
each, production settings, DEBUG off, plain HTTP on loopback) on the same secret key, the
pytest-django test database and that Redis. The tests write their data through the ORM with
committed transactions (`transactional_db`), so the nodes see it. Every wait has a deadline;
the servers are stopped when the module ends, whatever happened.

Nothing is skipped: without gunicorn or redis-server the tests fail and say what to install.
"""

import ctypes
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_SERVER = "redis-server"
GUNICORN = Path(sys.executable).with_name("gunicorn")
NODE_SETTINGS = "tests.deploy.node_settings"
PUBLIC_HOST = "127.0.0.1"
# The production default, given to the nodes explicitly: the lock-out test counts to it.
AXES_FAILURE_LIMIT = 5

START_TIMEOUT = 60  # seconds for a server to answer after it is started
REQUEST_TIMEOUT = 30  # seconds for one HTTP request to a node
STOP_TIMEOUT = 10  # seconds for a server to stop on SIGTERM before it is killed


# -- HTTP: one browser's cookies, sent to whichever node a request reaches ------------------------


@dataclass
class Response:
    status: int
    location: str
    text: str
    headers: dict = None  # lower-cased names

    def __str__(self):
        return f"{self.status} {self.location or ''} {self.text[:300]!r}"


class Browser:
    """A visitor's browser behind a load balancer: one set of cookies, each request sent to the
    node the test names. Redirects are not followed."""

    def __init__(self):
        self.cookies = {}

    def get(self, node, path):
        return self.request(node, "GET", path)

    def post(self, node, path, data):
        return self.request(node, "POST", path, data)

    def request(self, node, method, path, data=None):
        # The host name the proxy passes on: the same whichever node answers.
        headers = {"Host": PUBLIC_HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body, headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", "replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            headers = {name.lower(): value for name, value in raw.getheaders()}
            return Response(raw.status, raw.getheader("Location", ""), text, headers)
        finally:
            connection.close()

    def _keep(self, header):
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


# -- servers ------------------------------------------------------------------------------------


@dataclass
class Node:
    name: str
    process: subprocess.Popen
    log: Path
    port: int = 0


def find_program(path_or_name, install_hint):
    found = shutil.which(str(path_or_name))
    if not found:
        pytest.fail(f"{path_or_name} is missing: {install_hint}", pytrace=False)
    return found


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process):
    """SIGTERM to the process group (gunicorn's master and its workers), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)
    except ProcessLookupError:
        pass


def _die_with_the_tests():
    """In the child, before it runs: SIGTERM when the test process dies (Linux), so that a test
    run killed before its finally blocks leaves no server behind."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def start(command, log, env=None):
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - programs and arguments the fixtures fix
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
            preexec_fn=_die_with_the_tests,
        )


def wait_for(ready, what, process, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped (exit code {process.returncode}):\n{log.read_text()}")
        result = ready()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"{what} did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


def database_url():
    """The pytest-django test database (after django_db_setup), as a DATABASE_URL."""
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    if host.startswith("/"):  # a Unix socket folder
        host = quote(host, safe="")
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


def launch_redis(folder):
    """A redis-server on a free port, nothing written to disk, answering: (its URL, its process).
    The caller stops it (stop())."""
    binary = find_program(
        REDIS_SERVER,
        "the deployment tests start their own Redis: install it "
        "(Debian/Ubuntu: sudo apt-get install redis-server).",
    )
    import redis

    port = free_port()
    log = folder / "redis.log"
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder)]
    process = start(command, log)
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)

    def ready():
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    try:
        wait_for(ready, f"redis-server on port {port}", process, log)
    except BaseException:
        stop(process)
        raise
    finally:
        client.close()
    return f"redis://127.0.0.1:{port}/0", process


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis of its own, on a free port, nothing written to disk."""
    url, process = launch_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def node_env(django_db_setup, redis_url, tmp_path_factory):
    """What every node is given: the same secret key, database and cache, and static files."""
    folder = tmp_path_factory.mktemp("nodes")
    return node_environment(database_url(), redis_url, folder), folder


def node_environment(database_url, redis_url, folder, **extra):
    """The environment of a node on that database and cache (`extra`: more variables), with
    the static files collected into `folder`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": NODE_SETTINGS,
        "NODE_STATIC_ROOT": str(folder / "static"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_DEBUG": "False",
        "DJANGO_ALLOWED_HOSTS": PUBLIC_HOST,
        "DATABASE_URL": database_url,
        "DJANGO_CONN_MAX_AGE": "60",
        "CACHE_URL": redis_url,
        "DJANGO_AXES_FAILURE_LIMIT": str(AXES_FAILURE_LIMIT),
        "DJANGO_TRUSTED_PROXY_COUNT": "0",
        # Plain HTTP on loopback, as scripts/bench.sh serves it.
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SESSION_COOKIE_SECURE": "False",
        "DJANGO_CSRF_COOKIE_SECURE": "False",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )
    assert collect.returncode == 0, f"collectstatic failed:\n{collect.stdout}{collect.stderr}"
    return env


def launch_node(name, env, folder, timeout=REQUEST_TIMEOUT):
    """A gunicorn node (one worker, gunicorn's `timeout`), started; wait_for_node() waits."""
    gunicorn = find_program(
        GUNICORN, "gunicorn is in requirements.lock: run `make venv` to install it."
    )
    log = folder / f"gunicorn-{name}.log"
    command = [gunicorn, "config.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"]
    command += ["--timeout", str(timeout), "--log-level", "info"]
    return Node(name, start(command, log, env), log)


def wait_for_node(node):
    """Until the node answers /robots.txt, on the port the system chose (gunicorn says which)."""

    def listening():
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", node.log.read_text())
        return int(found.group(1)) if found else None

    node.port = wait_for(listening, f"gunicorn {node.name}", node.process, node.log)
    browser = Browser()

    def answers():
        try:
            return browser.get(node, "/robots.txt").status == 200
        except OSError:
            return False

    wait_for(answers, f"gunicorn {node.name} (/robots.txt)", node.process, node.log)
    return node


@pytest.fixture(scope="module")
def nodes(node_env):
    """Nodes A and B, started together."""
    env, folder = node_env
    started = []
    try:
        for name in ("A", "B"):
            started.append(launch_node(name, env, folder))
        for node in started:
            wait_for_node(node)
        yield started
    finally:
        for node in started:
            stop(node.process)
