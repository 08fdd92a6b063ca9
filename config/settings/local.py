"""Local development: the embedded SQLite default, debug on unless told otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A throwaway key for a developer's own machine; production.py refuses to start without a real one.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret-key-0123456789")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
