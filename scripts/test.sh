#!/usr/bin/env bash
# Run the whole pytest suite against a real PostgreSQL (called by `make test`).
#
#   scripts/test.sh [PYTEST ARGS...]
#
# With DATABASE_URL set, the tests use that server (pytest-django creates and drops
# test_<name>, one per xdist worker, so the user needs CREATEDB). Without it, a throwaway
# cluster is started by scripts/with-postgres.sh and removed afterwards.
# pytest's "no tests collected" (exit code 5) is reported as a failure.
#
# Environment: PYTEST_WORKERS (default 2, pytest-xdist processes; 0 runs in-process).
set -euo pipefail

cd "$(dirname "$0")/.."
python=".venv/bin/python"

if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set: starting a throwaway PostgreSQL cluster for the tests."
    exec scripts/with-postgres.sh "$0" "$@"
fi

# Say which database is used, without printing a password.
"$python" - <<'EOF'
import os
import sys
from urllib.parse import urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
if url.scheme not in {"postgres", "postgresql", "pgsql", "postgis"}:
    sys.exit(
        f"make test needs PostgreSQL, but DATABASE_URL uses {url.scheme!r}. "
        "Unset DATABASE_URL to use a throwaway cluster."
    )
name = url.path.lstrip("/") or "postgres"
where = f"{url.hostname or 'local socket'}:{url.port or 5432}"
user = url.username or "(default user)"
print(f"Tests use PostgreSQL at {where} as {user}; pytest-django creates test_{name}[_gwN] there.")
EOF

# The pytest configuration (pyproject.toml) names the test settings; a DJANGO_SETTINGS_MODULE
# left in the shell would take precedence over it.
unset DJANGO_SETTINGS_MODULE

set +e
"$python" -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests (exit code 5): treating that as a failure." >&2
fi
exit "$rc"
