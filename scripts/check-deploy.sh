#!/usr/bin/env bash
# Django's deployment checklist on the production settings (called by `make check-deploy`).
#
# Loads the production values of .env.example into the environment (replacing its placeholder
# secret key by a freshly generated one) and runs
#   manage.py check --deploy --fail-level WARNING
# so any warning fails. Nothing is connected to: the checks need no database or cache.
set -euo pipefail

cd "$(dirname "$0")/.."

# Read KEY=value lines literally (the file is data, not shell code).
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        '' | '#'*) continue ;;
    esac
    if [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]]; then
        export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
    else
        echo "check-deploy: cannot parse .env.example line: $line" >&2
        exit 1
    fi
done < .env.example

DJANGO_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
export DJANGO_SECRET_KEY
export DJANGO_SETTINGS_MODULE=config.settings.production

echo "check-deploy: config.settings.production with the values of .env.example and a generated key"
exec .venv/bin/python manage.py check --deploy --fail-level WARNING
