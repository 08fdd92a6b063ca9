"""Production: PostgreSQL, Redis cache, HTTPS. Refuses to start without a real secret key.

Every value comes from the environment; .env.example lists them all with production values, and
`make check-deploy` runs `check --deploy --fail-level WARNING` against those (zero warnings).
The HTTPS settings default to on; each can be turned off by its variable, e.g. for a plain-HTTP
loopback benchmark (DJANGO_SECURE_SSL_REDIRECT=False), never for the public site.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, PASSWORD_VALIDATORS, breached_passwords, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Breached passwords refused (ASVS 6.2.12): the public Pwned Passwords service unless set
# otherwise (an empty value turns it off, e.g. on a server that may not reach it).
AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS + breached_passwords(
    env("DJANGO_BREACHED_PASSWORDS_URL", default="https://api.pwnedpasswords.com/range/")
)

# Persistent connections (DJANGO_CONN_MAX_AGE > 0) are checked before reuse, so a restarted
# database server costs one failed check rather than a failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0

# TLS is terminated by the reverse proxy, which must set X-Forwarded-Proto (and strip any
# value sent by the client).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The host (and port) the redirect to HTTPS goes to; empty: the host the request named. Set it when
# HTTPS is served on another port than 443 (`make observatory`: gunicorn's own TLS on loopback).
SECURE_SSL_HOST = env("DJANGO_SECURE_SSL_HOST", default="") or None
# A load balancer's health checks come over plain HTTP from inside (README "When things fail").
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=True)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
