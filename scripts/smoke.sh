#!/usr/bin/env bash
# Smoke test of the embedded default (called by `make smoke`).
#
# In a fresh clone of the committed HEAD (so only committed files count), with no DATABASE_URL
# (the SQLite default): `make run`, wait for http://127.0.0.1:PORT/, fetch / (redirected to
# /fr/), the admin login and the public lists (places, programs, grants, partners, timeline,
# search, sitemap) expecting 200, stop the server; then `make run` a second time, fetch
# the same pages again, and check that the second run added no rows to the project's tables
# (the seed command must be idempotent).
#
# Environment: SMOKE_PORT (default 8000; it must be free), SMOKE_KEEP=1 keeps the clone.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${SMOKE_PORT:-8000}"
base="http://127.0.0.1:$port"
first_timeout=240  # builds the virtualenv (the uv cache keeps that short)
later_timeout=90

say() { echo "smoke: $*"; }
die() { echo "smoke: FAILED: $*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_in_use "$port"; then
    die "port $port on 127.0.0.1 is already in use; stop whatever listens there (or set SMOKE_PORT)"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/smoke.XXXXXX")"
server_pid=""

stop_server() {
    [ -n "$server_pid" ] || return 0
    # `make run` was started in its own session: signal the whole process group
    # (make, manage.py runserver and its autoreloader child).
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 -- "-$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

cleanup() {
    local rc=$?
    stop_server
    if [ "${SMOKE_KEEP:-0}" = "1" ]; then
        say "kept $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "cloning $(git -C "$repo" rev-parse --short HEAD) into $work/clone"
git clone --quiet --no-hardlinks "$repo" "$work/clone"
cd "$work/clone"

# Behave like a new user's shell: no database, settings or make state inherited from the caller.
unset DATABASE_URL DJANGO_SETTINGS_MODULE VIRTUAL_ENV MAKEFLAGS MAKELEVEL MFLAGS

# GET a path (following redirects); print "STATUS FINAL_URL", or "000 error" if unreachable.
fetch() {
    python3 - "$base$1" <<'EOF'
import sys
import urllib.error
import urllib.request

opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    with opener.open(sys.argv[1], timeout=30) as response:
        print(response.status, response.url)
except urllib.error.HTTPError as error:
    print(error.code, error.url)
except Exception as error:  # not listening yet, connection reset...
    print("000", type(error).__name__)
EOF
}

start_server() {  # $1: log file, $2: timeout in seconds
    local logfile="$1" timeout="$2" started=$SECONDS
    setsid make run PORT="$port" </dev/null >"$logfile" 2>&1 &
    server_pid=$!
    while true; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            tail -n 40 "$logfile" >&2
            die "make run exited before the server answered (log above)"
        fi
        if [ "$(fetch / | cut -d' ' -f1)" != "000" ]; then
            break
        fi
        if [ $((SECONDS - started)) -ge "$timeout" ]; then
            tail -n 40 "$logfile" >&2
            die "no answer on $base/ after ${timeout}s (log above)"
        fi
        sleep 1
    done
    say "server answered after $((SECONDS - started))s"
}

check_pages() {
    local result status url
    result="$(fetch /)"
    status="${result%% *}"
    url="${result#* }"
    [ "$status" = "200" ] || die "GET / gave $result, expected 200"
    [ "$url" = "$base/fr/" ] || die "GET / ended at $url, expected a redirect to $base/fr/"
    say "GET / -> $url: 200"
    # The admin's door, and every kind of public page on the seed content, lists and detail
    # pages: their queries must run on SQLite too (some are written for PostgreSQL, with a
    # portable path beside them; an organisation's page answered 500 here until stop 26).
    local path
    for path in /fr/admin/login/ /fr/places/ "/fr/places/?territory=mayotte&free=on" \
        "/fr/places/?open_now=on" /en/places/ /fr/programs/ /fr/grants/ /en/grants/ \
        /fr/partners/ /fr/history/ "/fr/search/?q=soins" /sitemap.xml \
        /ar/ /fr/places/red-cross-dieppe-mobile/ /fr/partners/medecins-du-monde/ \
        /ar/partners/medecins-du-monde/ /fr/programs/koungou-minors/ \
        /fr/grants/sanofi-espoir-enfams/ /ar/places/map/; do
        result="$(fetch "$path")"
        [ "${result%% *}" = "200" ] || die "GET $path gave $result, expected 200"
        say "GET $path: 200"
    done
}

# Row counts of every model of the project's own apps (not Django's or third parties'; not the
# unmanaged search documents, a PostgreSQL-only table).
count_rows() {
    .venv/bin/python manage.py shell -v0 -c '
import json
from django.apps import apps
from django.conf import settings
root = str(settings.BASE_DIR)
counts = {
    model._meta.label: model._default_manager.count()
    for config in apps.get_app_configs()
    if config.path.startswith(root) and "site-packages" not in config.path
    for model in config.get_models()
    if model._meta.managed
}
print(json.dumps(counts, sort_keys=True))
'
}

say "first run (fresh clone: builds .venv, migrates, seeds)"
start_server "$work/run1.log" "$first_timeout"
check_pages
stop_server
[ -f .venv/.synced ] || die "make run did not create the clone's own .venv"
counts1="$(count_rows)"
say "rows after first run: $counts1"
python3 -c 'import json, sys; sys.exit(0 if sum(json.loads(sys.argv[1]).values()) else 1)' \
    "$counts1" || die "the seed command created no rows"

say "second run (must duplicate nothing)"
start_server "$work/run2.log" "$later_timeout"
check_pages
stop_server
counts2="$(count_rows)"
if [ "$counts1" != "$counts2" ]; then
    say "rows after second run: $counts2"
    die "the second make run changed row counts (seed not idempotent?)"
fi
say "row counts unchanged by the second run"
if port_in_use "$port"; then
    die "something still listens on port $port after stopping the server"
fi
say "OK"
