"""Lectio settings: one module, read from the environment.

Every value has a safe development default except in production (`DEBUG=false`), where
`SECRET_KEY` must be set. See README.md ("Configuration") for the variables.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from config.site_url import SiteUrl

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links follow the address each request came in on unless SITE_URL is set (config/site_url.py).
SITE_URL_FROM_REQUEST = not env_str("SITE_URL")
SITE_URL = (
    SiteUrl(f"http://127.0.0.1:{env_int('PORT', 8000)}")
    if SITE_URL_FROM_REQUEST
    else env_str("SITE_URL").rstrip("/")
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "groups",
    "edition",
    "annotations",
    "seminars",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, which serves its own precompressed static files. Django's gzip
    # pads each response with random bytes against BREACH (CSRF tokens in pages).
    "config.middleware.CompressionMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.site_url.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.HeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for the lock (the timeout, in seconds) instead of failing
    # with "database is locked". IMMEDIATE takes the write lock at BEGIN: a transaction
    # that read first and then writes would otherwise have to upgrade its lock, which
    # SQLite refuses at once, whatever the timeout. WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # The database cache is shared by every worker on every machine; a per-process
    # cache would make workers disagree.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lectio_cache",
        }
    }
# Rendered section texts (edition/caching.py). Their keys carry the edition's version, so
# a per-process memory cache is correct, only filled once per worker; with Redis every
# worker shares one copy. The database cache costs more than rendering saves. A text is
# up to a few hundred KB: the entry cap bounds a worker's memory.
CACHES["pages"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pages",
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lectio-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 200)},
    }
)

AUTH_USER_MODEL = "accounts.User"
# Apps above annotations that decide who sees a note, how its author is named and where a
# new note goes by default (annotations/audience.py describes the interface).
ANNOTATION_AUDIENCE_BACKENDS = ["seminars.audience.AssignmentAudience"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (accounts/throttling.py): a cooldown, never a lock-out.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)  # per account and address
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_COOLDOWN_SECONDS = env_int("LOGIN_COOLDOWN_SECONDS", 60)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 100)  # from all addresses
LOGIN_ACCOUNT_WINDOW_SECONDS = env_int("LOGIN_ACCOUNT_WINDOW_SECONDS", 3600)
# The request header that a trusted reverse proxy sets to the client's address (e.g.
# X-Forwarded-For; its last entry is used). Empty: REMOTE_ADDR. Set it only behind a
# proxy that writes the header, or clients could pick their own address.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "edition:library"
LOGOUT_REDIRECT_URL = "edition:library"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail: the console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lectio <noreply@localhost>")

# Security: strict whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every script is an ES module under static/, and no template carries inline scripts,
# styles or event handlers, so the policy allows this origin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The browser features no page uses, refused to every page and frame.
PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()",
)

# Ingestion limits.
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 20_000_000)

# CORS for the annotation API and the passage IRIs: any origin reads, without cookies, so a
# cross-origin write must carry a token, and is accepted only from ANNOTATION_WRITE_ORIGINS
# (annotations.access.write_origin_allowed).
CORS_URLS_REGEX = r"^/(api/|editions/[^/]+/passages/)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
    "prefer",
    "slug",
]
CORS_EXPOSE_HEADERS = [
    "accept-post",
    "allow",
    "content-location",
    "etag",
    "link",
    "location",
    "preference-applied",
    "vary",
]
ANNOTATION_WRITE_ORIGINS = env_list("ANNOTATION_WRITE_ORIGINS")
# Texts added from the web (docs/deployment.md): limits per file and per user, and the
# time a job may take. The files are kept in the database.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10_000_000)
UPLOAD_MAX_PAGES = env_int("UPLOAD_MAX_PAGES", 600)
UPLOAD_MAX_LINE_BYTES = env_int("UPLOAD_MAX_LINE_BYTES", 100_000)
UPLOAD_MAX_IN_FLIGHT = env_int("UPLOAD_MAX_IN_FLIGHT", 3)
UPLOAD_TIME_LIMIT = env_int("UPLOAD_TIME_LIMIT", 600)
UPLOAD_RATE_LIMIT = env_int("UPLOAD_RATE_LIMIT", 20)  # uploads per user per hour
# The web request stores the file and enqueues; `manage.py db_worker` runs the job.
# Sites with Redis may use django-tasks-rq instead, by changing this setting alone.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lectio API",
    "DESCRIPTION": "Reading editions and W3C Web Annotations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Moderation and notifications (annotations/moderation/, notifications/; docs/moderation.md).
# A new account's first N public posts wait for a moderator (0: off).
MODERATION_FIRST_POSTS = env_int("MODERATION_FIRST_POSTS", 0)
# Spam signals hold a new public or group item for moderation (never drop it).
MODERATION_MAX_LINKS = env_int("MODERATION_MAX_LINKS", 5)
MODERATION_DUPLICATE_MIN_LENGTH = env_int("MODERATION_DUPLICATE_MIN_LENGTH", 40)
MODERATION_BURST_POSTS = env_int("MODERATION_BURST_POSTS", 8)
MODERATION_BURST_SECONDS = env_int("MODERATION_BURST_SECONDS", 120)
# Rate limits (counters in the shared cache): at most N per window of seconds, per user.
RATE_LIMIT_POSTS = env_int("RATE_LIMIT_POSTS", 60)
RATE_LIMIT_POSTS_SECONDS = env_int("RATE_LIMIT_POSTS_SECONDS", 600)
RATE_LIMIT_FLAGS = env_int("RATE_LIMIT_FLAGS", 20)
RATE_LIMIT_FLAGS_SECONDS = env_int("RATE_LIMIT_FLAGS_SECONDS", 3600)
# Private notes and highlights reach nobody, but each costs a write: a looser limit.
RATE_LIMIT_NOTES = env_int("RATE_LIMIT_NOTES", 600)
RATE_LIMIT_NOTES_SECONDS = env_int("RATE_LIMIT_NOTES_SECONDS", 600)
# Request bodies past this many bytes are refused before they are read (the API answers
# 413); Django's default, 2.5 MB, let one request hold a worker for half a minute.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1_000_000)
# Notification e-mails go through EMAIL_BACKEND (the console unless EMAIL_HOST is set).
NOTIFICATIONS_EMAIL = env_bool("NOTIFICATIONS_EMAIL", True)
