#!/usr/bin/env bash
# The MDN HTTP Observatory's score of the site under production settings, over TLS on loopback
# (called by `make observatory`; README "Observatory score").
#
# In a temporary folder: a throwaway self-signed certificate for `localhost` (openssl), a SQLite
# database migrated and seeded (seed_network, as `make run` does). Then two gunicorn servers on
# loopback, with config.settings.production and DEBUG off: one serving HTTPS itself (gunicorn's
# --certfile/--keyfile), one plain HTTP, whose only answer is Django's redirect to HTTPS
# (SECURE_SSL_REDIRECT, to the HTTPS port: DJANGO_SECURE_SSL_HOST). scripts/observatory.mjs
# scores the home page, the places list, a place's page and its correction form in French and
# in Arabic (right to left) with the scanner's own code, Node trusting the certificate through
# NODE_EXTRA_CA_CERTS. Everything is stopped and deleted at the end, whatever happened.
#
# Exits 0 when every page scored A+ (100 or more), 1 otherwise; 2 when something could not be
# set up. Nothing leaves the machine: the servers listen on 127.0.0.1, the scanner fetches only
# http(s)://localhost:<port>, and the scanner's HSTS preload list (downloaded by its install
# script, which `npm ci --ignore-scripts` does not run) is an empty stand-in.
#
# Environment: OBSERVATORY_KEEP=1 keeps the folder (logs, certificate, database).
set -euo pipefail

cd "$(dirname "$0")/.."
repo="$(pwd)"
PY="$repo/.venv/bin/python"
GUNICORN="$repo/.venv/bin/gunicorn"
PACKAGE="node_modules/@mdn/mdn-http-observatory"
HOST=localhost
START_TIMEOUT=60   # seconds for a server to answer
STEP_TIMEOUT=600   # seconds for migrate, seed, collectstatic each (minutes on a busy machine)
SCAN_TIMEOUT=180   # seconds for the whole scan

say() { echo "observatory: $*"; }
die() { echo "observatory: FAILED: $*" >&2; exit 2; }

command -v node >/dev/null || die "Node.js is missing (sudo apt-get install nodejs npm)"
command -v openssl >/dev/null || die "openssl is missing (sudo apt-get install openssl)"
[ -x "$GUNICORN" ] || die "gunicorn is missing: run make venv"
[ -f "$PACKAGE/package.json" ] || die "$PACKAGE is missing: run npm ci --ignore-scripts"

work="$(mktemp -d "${TMPDIR:-/tmp}/observatory.XXXXXX")"
pids=()

stop_servers() {
    local pid
    for pid in "${pids[@]}"; do
        # Each server was started in its own session: signal its process group (gunicorn's
        # master and workers), then make sure it is gone.
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 -- "-$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pids=()
}

cleanup() {
    local rc=$?
    stop_servers
    if [ "${OBSERVATORY_KEEP:-0}" = "1" ]; then
        say "kept $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "Node $(node -v), @mdn/mdn-http-observatory $(node -p "require('./$PACKAGE/package.json').version")"

# A throwaway certificate for localhost, valid for one day; its key never leaves $work.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$HOST" \
    -addext "subjectAltName=DNS:$HOST" -keyout "$work/key.pem" -out "$work/cert.pem" \
    2>"$work/openssl.log" || { cat "$work/openssl.log" >&2; die "openssl could not make a certificate"; }

# Production settings, with what a loopback run needs instead of .env.example's hosts.
export DJANGO_SETTINGS_MODULE=config.settings.production
DJANGO_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
export DJANGO_SECRET_KEY
export DJANGO_DEBUG=False
export DATABASE_URL="sqlite:///$work/db.sqlite3"
export DJANGO_ALLOWED_HOSTS="$HOST"
export DJANGO_CSRF_TRUSTED_ORIGINS="https://$HOST"
export DJANGO_PRIVATE_MEDIA_ROOT="$work/private-media"
export DJANGO_LOG_LEVEL=WARNING
export CACHE_URL="locmemcache://"  # the page cache in each process's memory: no Redis needed
# The HTTPS settings at production's values, whatever a .env file says (these win over it).
export DJANGO_SECURE_SSL_REDIRECT=True DJANGO_SECURE_SSL_HOST=""
export DJANGO_SECURE_HSTS_SECONDS=31536000 DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=True
export DJANGO_SECURE_HSTS_PRELOAD=True
export DJANGO_SESSION_COOKIE_SECURE=True DJANGO_CSRF_COOKIE_SECURE=True

say "migrating and seeding a throwaway SQLite database"
timeout "$STEP_TIMEOUT" "$PY" manage.py migrate --noinput -v0 >"$work/migrate.log" 2>&1 \
    || { tail -n 40 "$work/migrate.log" >&2; die "migrate failed"; }
timeout "$STEP_TIMEOUT" "$PY" manage.py seed_network >"$work/seed.log" 2>&1 \
    || { tail -n 40 "$work/seed.log" >&2; die "seed_network failed"; }
timeout "$STEP_TIMEOUT" "$PY" manage.py collectstatic --noinput -v0 >"$work/static.log" 2>&1 \
    || { tail -n 40 "$work/static.log" >&2; die "collectstatic failed"; }

# The four pages in French and in Arabic: a published place with a correction form.
mapfile -t paths < <(timeout "$STEP_TIMEOUT" "$PY" manage.py shell -v0 -c '
from django.urls import reverse
from django.utils import translation
from centers.models import Center
place = Center.objects.published().order_by("pk").first()
assert place, "the seed content has no published place"
for language in ("fr", "ar"):
    with translation.override(language):
        print(reverse("network:home"))
        print(reverse("centers:center-list"))
        print(reverse("centers:center-detail", args=[place.slug]))
        print(reverse("centers:center-report", args=[place.slug]))
' 2>"$work/paths.log") || { cat "$work/paths.log" >&2; die "could not name the pages to scan"; }
[ "${#paths[@]}" -eq 8 ] || { cat "$work/paths.log" >&2; die "expected 8 pages, got ${#paths[@]}"; }

# Start gunicorn (arguments after the log file) in its own session; set `port` to the port it
# chose (the system picks a free one: --bind 127.0.0.1:0; gunicorn's log says which).
start_server() {
    local log="$1" started=$SECONDS
    shift
    port=""
    : >"$log"
    setsid "$GUNICORN" config.wsgi --bind 127.0.0.1:0 --workers 2 --timeout 30 --no-control-socket \
        --log-level info "$@" </dev/null >"$log" 2>&1 &
    pids+=("$!")
    while [ -z "$port" ]; do
        kill -0 "${pids[-1]}" 2>/dev/null || { tail -n 40 "$log" >&2; die "gunicorn stopped"; }
        [ $((SECONDS - started)) -lt "$START_TIMEOUT" ] \
            || { tail -n 40 "$log" >&2; die "gunicorn did not start in ${START_TIMEOUT}s"; }
        port="$(sed -n 's/.*Listening at: https\{0,1\}:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")"
        [ -n "$port" ] || sleep 0.2
    done
}

# Wait until URL answers (curl: the certificate checked against the throwaway one).
wait_for() {
    local url="$1" started=$SECONDS
    until curl -s -o /dev/null --max-time 5 --noproxy '*' --cacert "$work/cert.pem" "$url"; do
        [ $((SECONDS - started)) -lt "$START_TIMEOUT" ] || die "no answer from $url"
        sleep 0.3
    done
}

start_server "$work/https.log" --certfile "$work/cert.pem" --keyfile "$work/key.pem"
https_port="$port"
# The plain-HTTP server redirects every request to the HTTPS one.
export DJANGO_SECURE_SSL_HOST="$HOST:$https_port"
start_server "$work/http.log"
http_port="$port"
wait_for "https://$HOST:$https_port/robots.txt"
wait_for "http://$HOST:$http_port/robots.txt"
say "serving https://$HOST:$https_port/ (TLS by gunicorn) and http://$HOST:$http_port/ (redirect)"

say "scanning ${#paths[@]} pages"
status=0
NODE_EXTRA_CA_CERTS="$work/cert.pem" NO_PROXY='*' timeout "$SCAN_TIMEOUT" \
    node scripts/observatory.mjs "$HOST" "$http_port" "$https_port" "${paths[@]}" \
    >"$work/scan.out" || status=$?
grep -v '^RESULT ' "$work/scan.out" || true
case "$status" in
    0) say "every page scored A+ (100 or more)" ;;
    1) say "FAILED: a page scored below A+ (100)"; exit 1 ;;
    *) die "the scan did not finish (exit $status)" ;;
esac
