"""Settings shared by every environment. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The site's name, wherever it is written: pages and their titles, the 500 page, e-mails, the
# admin's header, authenticator apps (OTP_TOTP_ISSUER) and the open data's publisher.
SITE_NAME = env("DJANGO_SITE_NAME", default="Accès Santé")
# The site's address as people reach it, for the links in e-mails written outside a request
# (the digest, verification campaigns): no trailing slash.
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "csp",
    "reversion",
    "core",
    "accounts",
    "partners",
    "programs",
    "centers",
    "history",
    "grants",
    "funders",
    "operators",
    "network",
    "api",
    "imports",
    "opendata",
    "outbox",
    "campaigns",
    # Accounts and security (see "Accounts and security" in the README).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Passkeys (WebAuthn) as a second factor (accounts/passkeys.py).
    "django_otp_webauthn",
]

MIDDLEWARE = [
    # A deadline on every database round trip (README "When things fail").
    "core.middleware.DatabaseDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /ar/admin/… → /fr/admin/…: the admin stays French and English.
    "core.middleware.AdminLanguageMiddleware",
    # Anonymous pages from the shared cache, before anything reads the session or the database
    # (see "Caching" in the README). It keeps what the middleware below produced: compressed,
    # with its ETag and security headers.
    "core.middleware.PageCacheMiddleware",
    # gzip, never for a page with a CSRF token or for a signed-in user (BREACH).
    "core.middleware.GZipMiddleware",
    # ETag, and 304 for a conditional request.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Request bodies over their path's limit (413) and overlong query strings (400), refused
    # before anything reads them (core/limits.py).
    "core.limits.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A session ends SESSION_ABSOLUTE_AGE after its sign-in; the account's list of sessions.
    "accounts.sessions.SessionLifetimeMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    # Publishers and superusers reach no admin page without it.
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # The project's templates load without their layout (core.template_loaders); the
            # apps' own (the admin's, django-otp's…) load as they are shipped.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "core.template_loaders.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "network.context_processors.site",
            ],
        },
    },
]

# The embedded default: a SQLite file in the project, so a new user needs nothing else.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# --- When the database fails (README "When things fail") ------------------------------------
# A web request waits for the database at most DATABASE_QUERY_TIMEOUT seconds per round trip
# and DJANGO_DB_CONNECT_TIMEOUT seconds for a new connection (libpq counts at least 2), then
# gets the 503 page with Retry-After: DATABASE_RETRY_AFTER, which is also how long a process
# leaves a failed server alone before it connects again. Management commands have no deadline.
DATABASE_QUERY_TIMEOUT = env.float("DJANGO_DB_QUERY_TIMEOUT", default=2.0)
DATABASE_RETRY_AFTER = env.int("DJANGO_DB_RETRY_AFTER", default=5)
# /readyz's deadline for its `SELECT 1`.
DATABASE_READY_TIMEOUT = env.float("DJANGO_DB_READY_TIMEOUT", default=1.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with the client-side deadline (core/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DJANGO_DB_CONNECT_TIMEOUT", default=2
    )
    # No JIT compilation: it pays off on long analytical queries, and costs a page's short ones
    # 0.5 to 6 s of compiling as soon as a plan's estimate passes jit_above_cost (measured at
    # 50,000 places: the "open now" count, 0.9 s with JIT, 0.2 s without).
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
else:
    # SQLite builds the covering indexes (centers.models) without their carried columns:
    # the embedded database needs them no more than it needs the rest of the tuning.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A refused or hung Redis never fails a request (core/cache.py; "Caching" in the README):
    # short socket timeouts, overridable in CACHE_URL (?socket_timeout=0.5), and a backend that
    # answers as an empty cache when the server does not.
    CACHES["default"]["BACKEND"] = "core.cache.ResilientRedisCache"
    _cache_options = CACHES["default"].setdefault("OPTIONS", {})
    _cache_options.setdefault("socket_connect_timeout", 0.1)
    _cache_options.setdefault("socket_timeout", 0.25)

# --- Page cache (core/page_cache.py; "Caching" in the README) ---------------------------------
# On unless DJANGO_PAGE_CACHE=off (the benchmark's uncached columns).
PAGE_CACHE_ENABLED = env("DJANGO_PAGE_CACHE", default="on").lower() not in ("off", "0", "false")
PAGE_CACHE_ALIAS = "default"
# How long the server keeps a page at most (a change bumps it out at once, a time boundary at
# its instant): a safety net for what a page shows without declaring it (a date "today").
PAGE_CACHE_TIMEOUT = env.int("DJANGO_PAGE_CACHE_TIMEOUT", default=10 * 60)
# Cache-Control: public, max-age for browsers and a CDN, which nothing can invalidate.
PAGE_CACHE_MAX_AGE = 60
# First path segment (after the language) of what is never cached and always private.
PAGE_CACHE_PRIVATE_PATHS = ["admin", "funders", "operators", "i18n", "verify"]
# Never kept: robots.txt is the benchmark's trivial view, which must stay a Django view; the
# load balancer's checks must say how this process is now.
PAGE_CACHE_EXCLUDED_PATHS = ["/robots.txt", "/healthz", "/readyz"]
# How long the last copy of a page stays in the cache after it stopped being fresh: served,
# marked stale, when the database is away (README "When things fail"); 0 keeps none.
PAGE_CACHE_STALE_TIMEOUT = env.int("DJANGO_PAGE_CACHE_STALE_TIMEOUT", default=24 * 60 * 60)
# Query parameters public pages read besides their FilterSets' fields (found by themselves):
# pagination, search, the sitemap's pages (Django's `p`); any other is dropped before the view
# sees it.
PAGE_CACHE_QUERY_PARAMETERS = [
    "page",
    "q",
    "p",
    # The places picked for one printed sheet, and its second language (centers/selection.py).
    "sel",
    "also",
    # The HSDS API's (api/hsds/params.py).
    *["per_page", "search", "lang", "format", "minimal", "full", "full_service"],
    *["taxonomy_id", "taxonomy_term_id", "organization_id", "modified_after", "postcode"],
    *["proximity", "top_only", "parent_id"],
]
# Paths whose answers never depend on who asks (their views read no session and no user): a
# session cookie does not make them private, and the cache answers them all the same.
PAGE_CACHE_SESSIONLESS_PATHS = ["/api/"]
# Models whose changes the public never sees: saving them leaves the cached pages alone.
PAGE_CACHE_PRIVATE_MODELS = [
    # Applied to its record on approval, and that save counts.
    "core.PendingChange",
    # Visitors' reports: the public form must not be a way to empty the cache.
    "centers.CorrectionReport",
    "funders.FunderMembership",
    "funders.DraftShare",
    "funders.GrantDocument",
    "funders.DocumentDownload",
    "funders.FunderComment",
    "operators.OperatorMembership",
    # The stored open-data files are built from the public records: storing one changes nothing.
    "opendata.Dataset",
    # Mail and campaigns (README "Verification campaigns…"): nothing the public reads; a
    # confirmation through a campaign saves the place, and that save counts.
    "outbox.OutgoingMessage",
    "accounts.MailPreference",
    "campaigns.Campaign",
    "campaigns.CampaignContact",
    "campaigns.CampaignLetter",
    "campaigns.CampaignPlace",
]
# Mail queue (outbox): attempts before a message is marked failed (1, 2, 4, 8… minutes apart).
OUTBOX_MAX_ATTEMPTS = env.int("DJANGO_OUTBOX_MAX_ATTEMPTS", default=5)

PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def breached_passwords(url):
    """Breached passwords refused (accounts/passwords.py) through the Pwned Passwords range API
    at `url`, which is sent five hexadecimal digits of the password's SHA-1 and nothing else.
    Empty: off (the common-password list still applies). Production defaults to the public
    service (production.py)."""
    if not url:
        return []
    return [{"NAME": "accounts.passwords.BreachedPasswordValidator", "OPTIONS": {"endpoint": url}}]


AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS + breached_passwords(
    env("DJANGO_BREACHED_PASSWORDS_URL", default="")
)
# Seconds to wait for it; past that, the common-password list decides.
PWNED_PASSWORDS = {"API_TIMEOUT": env.float("DJANGO_BREACHED_PASSWORDS_TIMEOUT", default=2.0)}

# --- Accounts and security ------------------------------------------------------------------
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one IP address, that pair may not sign in until AXES_COOLOFF_TIME has passed since the last
# counted failure; an administrator can unlock earlier (admin "Access attempts", or
# `manage.py axes_reset_username`). Wrong two-factor codes count too (accounts.views).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lock-out do not push its end further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"
# Store no more than the throttling needs: no log of successful sign-ins, no failure history
# beyond the current attempts (deleted on success and once the cool-off is over).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Proxies in front of the app that append the client's address to X-Forwarded-For (0: use the
# connection's address). Only the address added by the nearest trusted proxy is believed; every
# rate limit and throttle counts by it (core.client.client_ip).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Two-factor authentication (django-otp, TOTP apps): required for publishers and superusers.


def _totp_issuer(device):
    """The name authenticator apps show beside the code: SITE_NAME, read when an app is set up."""
    from django.conf import settings

    return settings.SITE_NAME


OTP_TOTP_ISSUER = _totp_issuer
OTP_ADMIN_HIDE_SENSITIVE_DATA = True


# Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside the app (accounts/passkeys.py).
def _site_domain(hosts):
    """The relying party's id by default: the first allowed host that is a domain (WebAuthn
    refuses an IP address), else localhost."""
    for host in hosts:
        host = host.lstrip(".")
        if host and host != "*" and not host.replace(".", "").isdigit() and ":" not in host:
            return host
    return "localhost"


# Passkeys are bound to this domain (and its subdomains): changing it makes every passkey unusable.
OTP_WEBAUTHN_RP_ID = env("DJANGO_WEBAUTHN_RP_ID", default="") or _site_domain(ALLOWED_HOSTS)
OTP_WEBAUTHN_RP_NAME = env("DJANGO_WEBAUTHN_RP_NAME", default="") or SITE_NAME
# The addresses (scheme, host, port) the site's pages are served from, which a passkey's answer
# must name: https://<the domain> by default, http://localhost:8000 for `make run`.
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("DJANGO_WEBAUTHN_ORIGINS", default=[]) or [
    "http://localhost:8000"
    if OTP_WEBAUTHN_RP_ID == "localhost"
    else f"https://{OTP_WEBAUTHN_RP_ID}"
]
# A passkey is a second factor only: the password comes first (no passwordless sign-in).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Failures are written to the security log (accounts.passkeys), without the library's tracebacks.
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = ""

# Sessions end after SESSION_COOKIE_AGE seconds without a request (each request pushes the end
# back), and when the browser is closed.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
# ... and, however active, SESSION_ABSOLUTE_AGE seconds after signing in (accounts.sessions).
SESSION_ABSOLUTE_AGE = env.int("DJANGO_SESSION_ABSOLUTE_AGE", default=12 * 60 * 60)
# Changing a password, an account, the authenticator app or the recovery codes asks for the
# password and the second factor given in the last REAUTHENTICATION_MINUTES (accounts.sessions).
REAUTHENTICATION_MINUTES = env.int("DJANGO_REAUTHENTICATION_MINUTES", default=10)

# A password reset link works once, for an hour.
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_PASSWORD_RESET_TIMEOUT", default=60 * 60)

# French first, English second, then the languages of the people the network serves (issue 13):
# Arabic, Dari/Persian and Pashto (right to left), Ukrainian, Russian. The switcher names each
# language in itself (Django's LANG_INFO name_local; Pashto's is added below).
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Dari/Persian")),
    ("ps", _("Pashto")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
]
# Whether a fluent speaker has reviewed each language's interface and content: an unreviewed one
# says so on every page, in itself and in French (templates/includes/review_notice.html).
# ar, fa, ps, uk, ru: the interface catalogues and the seed content (network/seed_translations/)
# are machine-written from the French and English, not reviewed by a fluent speaker.
LANGUAGES_REVIEWED = {
    "fr": True,
    "en": True,
    "ar": False,
    "fa": False,
    "ps": False,
    "uk": False,
    "ru": False,
}
# The admin is written in French and English only: /ar/admin/… redirects to /fr/admin/…
# (core.middleware.AdminLanguageMiddleware).
ADMIN_LANGUAGES = ["fr", "en"]
# Django ships no Pashto: its name, its direction, and its formats (config/formats/ps/); its
# plural rule is in locale/ps/LC_MESSAGES/django.po. Dari is written like Persian (fa): its
# local name says both.
LANG_INFO["ps"] = {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"}
LANG_INFO["fa"] = {**LANG_INFO["fa"], "name_local": "دری / فارسی"}
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ps", "ur"]
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers that hold everywhere; HTTPS-only ones are in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Strict Content Security Policy (django-csp 4): nothing inline, nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # The security log (accounts/security.py): one JSON line per sign-in, failure, lock-out,
    # two-factor event, refusal and confidential download, whatever the root level; to the
    # console with the rest, where the service manager or a log shipper collects it (README
    # "Security log": what it holds, and how long to keep it).
    "loggers": {
        "accessante.security": {
            "level": env("DJANGO_SECURITY_LOG_LEVEL", default="INFO"),
        },
    },
}

# Files for funders' eyes (grant documents): outside STATIC_ROOT and any public media path,
# served only through a view that checks permission.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Where `manage.py backup` (make backup) writes its dated folders: the database and the private
# documents (see "Backup and restore" in the README).
BACKUP_DIR = env.path("DJANGO_BACKUP_DIR", default=BASE_DIR / "backups")
GRANT_DOCUMENT_MAX_BYTES = env.int("DJANGO_GRANT_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Spreadsheet imports (imports app): the largest file, and the most rows a file may hold.
IMPORT_MAX_BYTES = env.int("DJANGO_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("DJANGO_IMPORT_MAX_ROWS", default=20_000)
# A confirmed file of more rows than this is not saved in the web request (past a worker's
# timeout) but queued for `manage.py run_imports`, which the timer runs every
# IMPORT_JOB_MINUTES minutes (what the admin promises the staff member).
IMPORT_INLINE_MAX_ROWS = env.int("DJANGO_IMPORT_INLINE_MAX_ROWS", default=1_000)
IMPORT_JOB_MINUTES = env.int("DJANGO_IMPORT_JOB_MINUTES", default=5)

# --- Request limits (core/limits.py; "Deployment" in the README) -------------------------------
# The largest request body, by path (a regular expression on the path without its language
# prefix; the first match wins), refused with a 413 page before it is read. The proxy in front
# must accept at least the largest (nginx: client_max_body_size).
REQUEST_BODY_LIMITS = [
    # A grant document upload (funders.GrantDocument): the file, and the form around it.
    (r"^admin/funders/grantdocument/(add|\d+/change)/$", GRANT_DOCUMENT_MAX_BYTES + 256 * 1024),
    # A spreadsheet import (imports.ImportBatch): the file, and the form around it.
    (r"^admin/imports/importbatch/add/$", IMPORT_MAX_BYTES + 256 * 1024),
]
# Every other path: Django's own default for a form's fields, stated.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
REQUEST_BODY_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
# An upload above this is written to a temporary file rather than kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The longest query string, encoded (a 400 page past it); each page bounds its own parameters
# below it (search: 200 characters, filters: 100). nginx refuses a request line over 8 KiB.
QUERY_STRING_MAX_LENGTH = 8000

# Open grant data (360Giving): the publisher is the network that runs this site.
THREESIXTYGIVING_PREFIX = env("THREESIXTYGIVING_PREFIX", default="360G-accessante")
OPEN_DATA_PUBLISHER_NAME = env("OPEN_DATA_PUBLISHER_NAME", default=SITE_NAME)
OPEN_DATA_PUBLISHER_IDENTIFIER = env("OPEN_DATA_PUBLISHER_IDENTIFIER", default="360G-accessante")
OPEN_DATA_LICENSE_URL = env(
    "OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
OPEN_DATA_LICENSE_NAME = env(
    "OPEN_DATA_LICENSE_NAME", default="Creative Commons Attribution 4.0 International"
)
# A stored open-data file out of date whose last build had more rows than this is not built
# again inside a request (it would outlast the worker's timeout at national size): the request
# answers 503 and `manage.py build_datasets` (cron) builds it (README "Open data files").
OPEN_DATA_REQUEST_BUILD_MAX_ROWS = 5000
# A stored file whose answer (as sent: gzipped to a client that takes it) is no larger than this
# is also kept in the page cache, under the same generation and time limit as a page (the
# 360Giving files at national size: 39 KB gzipped); a larger one is read from its row every time.
OPEN_DATA_PAGE_CACHE_MAX_BYTES = env.int("DJANGO_OPEN_DATA_PAGE_CACHE_MAX_BYTES", default=1_000_000)
