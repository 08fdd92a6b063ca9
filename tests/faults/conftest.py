"""A site of its own to break: its own PostgreSQL cluster, its own Redis, a real gunicorn.

`cluster` runs `initdb` in a temporary folder and starts PostgreSQL on a free loopback port,
as scripts/with-postgres.sh does, whatever DATABASE_URL says: the tests stop and pause this
server, never the machine's. `site` migrates and seeds it (`seed_network`), then starts one
gunicorn node on it (tests/deploy/conftest.py: the production settings, a Redis of its own)
with gunicorn's worker timeout at GUNICORN_TIMEOUT, so that a request that hangs gets its
worker killed, which the tests look for. Every wait has a deadline; everything started is
stopped when the module ends.

Nothing is skipped: without the PostgreSQL server binaries the tests fail and say what to
install.
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.conftest import (
    BASE_DIR,
    START_TIMEOUT,
    free_port,
    launch_node,
    node_environment,
    redis_url,  # noqa: F401 - the fixture, for `site`
    stop,
    wait_for_node,
)

# gunicorn's worker timeout for the node: far above what a request may take with the database
# away (the 503 comes within 5 s), far below the 31 s a hung request took before.
GUNICORN_TIMEOUT = 10
# How long a worker leaves a failed database alone (DJANGO_DB_RETRY_AFTER), short for the tests.
RETRY_AFTER = 1


def postgres_bindir():
    """PG_BINDIR, or the newest /usr/lib/postgresql/*/bin (scripts/with-postgres.sh's rule)."""
    if os.environ.get("PG_BINDIR"):
        candidates = [Path(os.environ["PG_BINDIR"])]
    else:
        found = Path("/usr/lib/postgresql").glob("*/bin")
        candidates = sorted(
            found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
        )
    for bindir in reversed(candidates):
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    pytest.fail(
        "the fault tests start a PostgreSQL server of their own and found no initdb/pg_ctl "
        "(looked in PG_BINDIR and /usr/lib/postgresql/*/bin): install the server, "
        "e.g. sudo apt-get install postgresql",
        pytrace=False,
    )


@dataclass
class Cluster:
    """A throwaway PostgreSQL server: started, stopped, paused and resumed by the tests."""

    bindir: Path
    folder: Path
    port: int
    as_user: list

    @property
    def datadir(self):
        return self.folder / "data"

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/acces_sante"

    def run(self, *command):
        subprocess.run(  # noqa: S603 - the server's own programs
            [*self.as_user, *command],
            cwd=self.folder,
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT,
        )

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.run(
            self.bindir / "pg_ctl",
            "-D",
            self.datadir,
            "-l",
            self.folder / "log",
            "-w",
            "-t",
            str(START_TIMEOUT),
            "-o",
            options,
            "start",
        )

    def stop(self):
        self.run(self.bindir / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "stop")

    def processes(self):
        """The postmaster and every process it started (backends, checkpointer…)."""
        postmaster = int((self.datadir / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone meanwhile
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def signal(self, number):
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, number)

    def pause(self):
        """SIGSTOP: the server keeps its sockets, its kernel answers TCP, nothing more."""
        self.signal(signal.SIGSTOP)

    def resume(self):
        self.signal(signal.SIGCONT)


@pytest.fixture(scope="module")
def cluster():
    bindir = postgres_bindir()
    as_user = []
    folder = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    server = Cluster(bindir, folder, free_port(), as_user)
    started = False
    try:
        server.run(
            bindir / "initdb",
            "-D",
            server.datadir,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        server.start()
        started = True
        server.run(
            bindir / "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(server.port),
            "-U",
            "postgres",
            "acces_sante",
        )
        yield server
    finally:
        if started:
            server.resume()  # a failed test may have left it paused
            # A test may have stopped it already.
            with contextlib.suppress(subprocess.CalledProcessError):
                server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Site:
    node: object
    cluster: Cluster
    redis_url: str

    def worker_pids(self):
        """Every worker gunicorn booted so far (a killed one is replaced by a new pid)."""
        return re.findall(r"Booting worker with pid: (\d+)", self.node.log.read_text())

    def log(self):
        return self.node.log.read_text()


@pytest.fixture(scope="module")
def site(cluster, redis_url, tmp_path_factory):  # noqa: F811 - the fixture imported above
    folder = tmp_path_factory.mktemp("faults")
    env = node_environment(
        cluster.url,
        redis_url,
        folder,
        DJANGO_DB_RETRY_AFTER=str(RETRY_AFTER),
        DJANGO_LOG_LEVEL="ERROR",
    )
    for command in (["migrate", "--noinput", "-v0"], ["seed_network"]):
        done = subprocess.run(  # noqa: S603 - the project's own commands
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{command} failed:\n{done.stdout}{done.stderr}"
    node = launch_node("faults", env, folder, timeout=GUNICORN_TIMEOUT)
    try:
        wait_for_node(node)
        yield Site(node, cluster, redis_url)
    finally:
        stop(node.process)
