#!/usr/bin/env bash
# Load test of the public site (called by `make bench`).
#
#   scripts/bench.sh
#
# On PostgreSQL (DATABASE_URL if set, otherwise a throwaway cluster from with-postgres.sh):
# migrate, load the seed content, build a large synthetic data set (build_bench_data: 5,000
# places, 500 programs, 200 organisations, 2,000 events), collect static files, serve with
# gunicorn on production settings (2 workers, persistent connections, plain HTTP on loopback),
# then run wrk against the main pages, a trivial Django view and a static file, and print
# requests/s, median and 99th-percentile latency, and each page's ratio to the trivial view and
# to the static file. wrk and gunicorn share the machine: compare the ratios of one run, not
# absolute figures across machines. gunicorn (and the throwaway cluster) stop at the end.
#
# Environment: BENCH_DURATION (wrk seconds per URL, default 10), BENCH_CONNECTIONS (default 8),
# BENCH_THREADS (default 2), BENCH_WORKERS (gunicorn workers, default 2).
set -euo pipefail

cd "$(dirname "$0")/.."
python="$PWD/.venv/bin/python"

if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set: starting a throwaway PostgreSQL cluster for the benchmark."
    PG_DBNAME=acces_bench exec scripts/with-postgres.sh "$0" "$@"
fi

duration="${BENCH_DURATION:-10}"
connections="${BENCH_CONNECTIONS:-8}"
threads="${BENCH_THREADS:-2}"
workers="${BENCH_WORKERS:-2}"

# --- wrk -----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing wrk (Debian package)"
        apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
        "${apt_get[@]}" install -y -qq wrk >/dev/null \
            || { "${apt_get[@]}" update -qq && "${apt_get[@]}" install -y -qq wrk >/dev/null; }
    fi
fi
if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: wrk is missing; install it (Debian/Ubuntu: sudo apt-get install wrk)." >&2
    exit 1
fi

# --- production settings, loopback only ------------------------------------------------------
unset DJANGO_SETTINGS_MODULE
export DJANGO_SETTINGS_MODULE=config.settings.production
DJANGO_SECRET_KEY="$("$python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export DJANGO_SECRET_KEY
export DJANGO_DEBUG=False
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=False
export DJANGO_SESSION_COOKIE_SECURE=False
export DJANGO_CSRF_COOKIE_SECURE=False
export DJANGO_CONN_MAX_AGE=60
export DJANGO_LOG_LEVEL=WARNING

# With DATABASE_URL given, create its database if it does not exist yet.
"$python" - <<'EOF'
import os
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created database {name}")
EOF

echo "==> migrate, seed, build the synthetic data set, collect static files"
"$python" manage.py migrate --noinput -v0
"$python" manage.py seed_network | tail -n 1
"$python" manage.py build_bench_data
"$python" manage.py collectstatic --noinput -v0

# --- gunicorn --------------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/acces-bench.XXXXXX")"
gunicorn_pid=""
stop_gunicorn() {
    local rc=$?
    if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$gunicorn_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$gunicorn_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$rc"
}
trap stop_gunicorn EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
.venv/bin/gunicorn config.wsgi -b "127.0.0.1:$port" -w "$workers" --log-level warning \
    >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!

# Wait for it, then check every URL answers 200 before measuring it.
export BENCH_BASE="$base"
"$python" - <<'EOF' >"$work/urls"
import os
import re
import sys
import time
import urllib.error
import urllib.request

base = os.environ["BENCH_BASE"]


def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - loopback
        return response.status, response.read().decode("utf-8", "replace")


deadline = time.monotonic() + 60
while True:
    try:
        status, home = get("/fr/")
        break
    except (urllib.error.URLError, ConnectionError):
        if time.monotonic() > deadline:
            sys.exit("bench: gunicorn did not answer within 60 s")
        time.sleep(0.3)

stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home)
if not stylesheet:
    sys.exit("bench: no stylesheet link on the home page")

urls = [
    ("home", "/fr/"),
    ("places list", "/fr/places/"),
    ("places list, filtered", "/fr/places/?territory=metropolitan-france&audience=bench-group-3&free=yes"),
    ("place detail", "/fr/places/bench-place-42/"),
    ("program detail", "/fr/programs/bench-program-7/"),
    ("search", "/fr/search/?q=soins"),
    ("trivial view (robots.txt)", "/robots.txt"),
    ("static file (site.css)", stylesheet.group(1)),
]
for name, path in urls:
    try:
        status, body = get(path)
    except urllib.error.HTTPError as error:
        sys.exit(f"bench: {path} answered {error.code}; fix it before measuring")
    print(f"{name}\t{path}\t{len(body.encode())}")
EOF

echo
echo "==> wrk -t$threads -c$connections -d${duration}s against gunicorn ($workers workers) at $base"
# gunicorn's sync workers finish every request they accepted, even once wrk has gone: wait until
# a request to the trivial view comes back quickly, so one URL's backlog does not slow the next.
drain() {
    "$python" - <<'EOF'
import os
import time
import urllib.request

deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    started = time.monotonic()
    urllib.request.urlopen(os.environ["BENCH_BASE"] + "/robots.txt", timeout=60).read()  # noqa: S310
    if time.monotonic() - started < 0.05:
        break
EOF
}

while IFS=$'\t' read -r name path size; do
    drain
    echo "--- $name: $path ($size bytes)"
    # A warm-up, then the measured run; each bounded.
    timeout 30 wrk -t"$threads" -c"$connections" -d2s --timeout 10s "$base$path" >/dev/null
    drain
    output="$work/wrk-$(printf '%s' "$name" | tr -c 'a-z0-9' '_').txt"
    timeout $((duration + 20)) wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s --latency \
        "$base$path" \
        | tee "$output"
    printf '%s\t%s\t%s\n' "$name" "$path" "$output" >>"$work/results"
done <"$work/urls"

if grep -qE "Traceback|Error" "$work/gunicorn.log"; then
    echo "gunicorn logged errors during the run:" >&2
    tail -n 30 "$work/gunicorn.log" >&2
fi

echo
"$python" - "$work/results" <<'EOF'
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def latency(text, percent):
    match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    name, path, output = line.rstrip("\n").split("\t")
    text = open(output, encoding="utf-8").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    rows.append((name, rps, latency(text, 50), latency(text, 99), errors))


def ratio(value, reference):
    return f"{value / reference:.3f}x" if reference else "n/a"


def line(cells, widths):
    return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"


trivial = next(r[1] for r in rows if r[0].startswith("trivial"))
static = next(r[1] for r in rows if r[0].startswith("static"))
columns = ["page", "req/s", "p50 ms", "p99 ms", "vs trivial view", "vs static file", "errors"]
table = [
    [name, f"{rps:.1f}", f"{p50:.2f}", f"{p99:.2f}", ratio(rps, trivial), ratio(rps, static), str(errors)]
    for name, rps, p50, p99, errors in rows
]
widths = [max(len(row[i]) for row in [columns, *table]) for i in range(len(columns))]
print(line(columns, widths))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for row in table:
    print(line(row, widths))
print()
print("errors: non-2xx/3xx responses plus socket errors (connect, read, write, timeout after 10 s).")
print("Ratios: requests/s of the page divided by requests/s of the trivial view or of the static file.")
EOF
