#!/usr/bin/env bash
# Load test of the public site (called by `make bench`).
#
#   scripts/bench.sh                      # national size: 50,000 places (the README's figures)
#   BENCH_SIZE=quick scripts/bench.sh     # 5,000 places, for a quick run
#
# On PostgreSQL (DATABASE_URL if set, otherwise a throwaway cluster from with-postgres.sh): a
# fresh database (DATABASE_URL's is dropped and created again; its name must contain "bench"),
# migrate, load the seed content, build the synthetic data set with build_bench_data (timed),
# collect static files, then serve it with two gunicorn servers on production settings (plain
# HTTP on loopback, persistent database connections): one with the page cache off
# (DJANGO_PAGE_CACHE=off, "cold") and one with it on ("warm"), sharing a Redis of their own
# when redis-server is installed (local memory per worker otherwise). scripts/bench_run.py then
# prints two tables: every public page's throughput cold and warm with its size and queries,
# and one connection's latency per filter, deep page and search. wrk and gunicorn share the
# machine: compare the ratios of one run, not absolute figures across machines (the cold server
# is measured, then the warm one, each while the other is idle, and the trivial view around
# every few pages: see bench_run.py). Everything it started stops at the end.
#
# Environment: BENCH_SIZE (national or quick), BENCH_FRESH (0 keeps DATABASE_URL's database and
# only rebuilds the synthetic data), BENCH_BUILD (0 keeps the data too: measure the database as a
# previous run left it, e.g. to compare two commits on the same data), BENCH_WORKERS (gunicorn workers per server, default 2), and
# scripts/bench_run.py's BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_SEQ_SECONDS,
# BENCH_GROUP.
set -euo pipefail

cd "$(dirname "$0")/.."
python="$PWD/.venv/bin/python"
began=$SECONDS

if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set: starting a throwaway PostgreSQL cluster for the benchmark."
    PG_DBNAME=acces_bench exec scripts/with-postgres.sh "$0" "$@"
fi

case "${BENCH_SIZE:-national}" in
    national) sizes=(--places 50000 --programs 2000 --grants 10000 --organizations 1000 --events 5000) ;;
    quick) sizes=(--places 5000 --programs 500 --grants 1000 --organizations 200 --events 2000) ;;
    *) echo "bench: BENCH_SIZE is national or quick, not '${BENCH_SIZE}'." >&2; exit 2 ;;
esac
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

build="${BENCH_BUILD:-1}"
if [ "$build" = 0 ]; then
    BENCH_FRESH=0
fi
# A fresh database: drop and create DATABASE_URL's (a benchmark database only).
BENCH_FRESH="${BENCH_FRESH:-1}" "$python" - <<'EOF'
import os
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
fresh = os.environ["BENCH_FRESH"] != "0"
if fresh and "bench" not in name:
    sys.exit(
        f"bench: the database {name!r} is not a benchmark database (its name lacks 'bench'), "
        "and the benchmark starts from a fresh one: name it *bench*, or set BENCH_FRESH=0."
    )
with psycopg.connect(admin, autocommit=True) as conn:
    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists and fresh:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    if not exists or fresh:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created database {name}")
EOF

if [ "$build" = 0 ]; then
    echo "==> BENCH_BUILD=0: the data as a previous run built it (no migrate, seed or build)"
else
    echo "==> migrate, seed, build the synthetic data set (${BENCH_SIZE:-national}), collect static files"
    "$python" manage.py migrate --noinput -v0
    "$python" manage.py seed_network | tail -n 1
    build_started=$SECONDS
    "$python" manage.py build_bench_data --no-versions "${sizes[@]}"
    echo "build_bench_data: $((SECONDS - build_started)) s (wall clock, command included)"
fi
"$python" manage.py collectstatic --noinput -v0
# What the build leaves the machine to do (PostgreSQL's checkpoint of the pages it wrote, the
# kernel's writing of dirty files) is done now rather than during the first measurements.
settle_started=$SECONDS
"$python" - <<'EOF'
import os

import psycopg

with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
    try:
        conn.execute("CHECKPOINT")
    except psycopg.errors.InsufficientPrivilege:
        print("CHECKPOINT needs a superuser: skipped")
os.sync()
EOF
echo "checkpoint and sync: $((SECONDS - settle_started)) s"

# --- Redis, gunicorn --------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/acces-bench.XXXXXX")"
pids=()
stop_all() {
    local rc=$?
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
    exit "$rc"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if command -v redis-server >/dev/null 2>&1; then
    redis_port="$(free_port)"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
        --loglevel warning >"$work/redis.log" 2>&1 &
    pids+=($!)
    export CACHE_URL="redis://127.0.0.1:$redis_port/0"
    cache="a Redis of its own (port $redis_port)"
else
    cache="local memory per worker (redis-server is not installed)"
fi

cold_port="$(free_port)"
DJANGO_PAGE_CACHE=off .venv/bin/gunicorn config.wsgi -b "127.0.0.1:$cold_port" -w "$workers" \
    --log-level warning >"$work/gunicorn-cold.log" 2>&1 &
pids+=($!)
warm_port="$(free_port)"
DJANGO_PAGE_CACHE=on .venv/bin/gunicorn config.wsgi -b "127.0.0.1:$warm_port" -w "$workers" \
    --log-level warning >"$work/gunicorn-warm.log" 2>&1 &
pids+=($!)

echo
echo "==> gunicorn, $workers workers each: cold (page cache off) on :$cold_port, warm on" \
    ":$warm_port; cache: $cache"
"$python" scripts/bench_run.py "http://127.0.0.1:$cold_port" "http://127.0.0.1:$warm_port"

for server in cold warm; do
    if grep -qE "Traceback|Error" "$work/gunicorn-$server.log"; then
        echo "gunicorn ($server) logged errors during the run:" >&2
        tail -n 30 "$work/gunicorn-$server.log" >&2
    fi
done
echo
echo "make bench (${BENCH_SIZE:-national}): $((SECONDS - began)) s in all."
