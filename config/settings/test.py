"""Test settings: a real PostgreSQL from DATABASE_URL (make test provides one)."""

from .base import *  # noqa: F403
from .base import STORAGES, env

SECRET_KEY = "tests-only-not-a-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain storage: tests render {% static %} without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, so that tests measure what a page costs to render (query counts); tests/core/
# test_page_cache.py turns it on, and DJANGO_PAGE_CACHE=on runs any test with it.
PAGE_CACHE_ENABLED = env("DJANGO_PAGE_CACHE", default="off").lower() not in ("off", "0", "false")
# No deadline on the database (README "When things fail"): a test's outcome must not depend on
# how loaded the machine is; the tests of the deadline set one (tests/core/
# test_postgresql_deadline.py), and tests/faults/ runs the production settings.
DATABASE_QUERY_TIMEOUT = None
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files from the apps' folders, without collectstatic (and without its warning).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
