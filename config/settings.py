"""Promesa settings: one module, driven by environment variables.

Every default here is the development default (SQLite, console email, DEBUG on). Production
sets PROMESA_ENV=production, SECRET_KEY, TRACKING_CODE_KEY, ALLOWED_HOSTS and DATABASE_URL; see
docs/deployment.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    SettingsError,
    cache_config,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PROMESA_VAR_DIR", str(BASE_DIR / "var")))

PROMESA_ENV = env_str("PROMESA_ENV", "development")
if PROMESA_ENV not in {"development", "production", "test"}:
    raise SettingsError("PROMESA_ENV must be development, production or test.")
PRODUCTION = PROMESA_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
# Named so that `promesa serve` can refuse to run a real server with it.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105 - public
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if not SECRET_KEY:
    raise SettingsError("SECRET_KEY must be set in production.")
# Key for hashing tracking codes; kept apart from SECRET_KEY so that rotating the session
# key does not invalidate every tracking code already handed to requesters.
# Required in production: falling back to SECRET_KEY would tie every tracking code to it.
TRACKING_CODE_KEY = env_str("TRACKING_CODE_KEY", "" if PRODUCTION else SECRET_KEY)
if not TRACKING_CODE_KEY:
    raise SettingsError("TRACKING_CODE_KEY must be set in production.")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "promesa.core",
    "promesa.accounts",
    "promesa.organization",
    "promesa.notifications",
    "promesa.cases",
    "promesa.intake",
    "promesa.intake.mail",
    "promesa.portal",
    "promesa.workspace",
    "promesa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "promesa.core.middleware.content_security_policy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "promesa.core.middleware.staff_session",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL"), default_sqlite_path=VAR_DIR / "promesa.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config(os.environ.get("CACHE_URL"))}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Staff land on their work queue, ordered by legal risk.
LOGIN_REDIRECT_URL = "workspace:queue"
LOGOUT_REDIRECT_URL = "accounts:login"

# Reverse proxies in front of Promesa that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Sign-in throttle (decision 0012): an address may fail LOGIN_RATE_LIMIT times on one account,
# then waits LOGIN_BACKOFF_SECONDS, doubling with each further failure; an address failing
# four times that on any accounts waits until the window slides. Owners elsewhere are not held.
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 5)
LOGIN_RATE_WINDOW_SECONDS = env_int("LOGIN_RATE_WINDOW_SECONDS", 15 * 60)
LOGIN_BACKOFF_SECONDS = env_int("LOGIN_BACKOFF_SECONDS", 30)
# A signed-in staff member idle for longer than this is signed out (seconds).
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "es-co")
LANGUAGES = [("es-co", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Bogota")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # WhiteNoise serves from the finders in development; it only needs the folder to exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # The database backend writes the task row in the caller's transaction, so a
        # task enqueued with a case is committed, or rolled back, together with it.
    }
}
# `promesa serve` (gunicorn): address to listen on, and web processes per node (0: two per
# CPU core plus one, at most eight, so that several nodes stay within PostgreSQL's default
# 100 connections).
SERVE_BIND = env_str("PROMESA_BIND", "127.0.0.1:8000")
SERVE_WORKERS = env_int("WEB_CONCURRENCY", 0)
# Periodic commands `promesa worker --with-scheduler` runs on every node, soon after it starts
# and then every so many seconds. Each is safe on several nodes at once: the deadline sweep
# takes a database lease and its alerts are unique per day, a mail message is unique by its
# SHA-256, the outbox claims each message with a conditional UPDATE, and the prunes only delete
# rows that are old enough.
WORKER_SCHEDULE: list[tuple[str, list[str], int]] = [
    ("deliver_outbox", [], 60),
    ("sweep_deadlines", [], 15 * 60),
    ("poll_mailboxes", ["--once"], 60),
    ("prune_db_task_results", ["--queue-name", "*", "--min-age-days", "1"], 24 * 60 * 60),
    ("prune_idempotency_keys", [], 24 * 60 * 60),
    ("prune_event_deliveries", [], 24 * 60 * 60),
]
# The health check calls the queue unhealthy when a ready task waits longer than this.
TASK_QUEUE_MAX_DELAY_SECONDS = env_int("TASK_QUEUE_MAX_DELAY_SECONDS", 600)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
# Used by EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (staging, trials).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Promesa <no-responder@promesa.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox (docs/decisions/0013-outbox.md): a message that cannot be sent is tried again
# after OUTBOX_RETRY_SECONDS, then 4, 16, 64... times that, and is marked failed after
# OUTBOX_MAX_ATTEMPTS tries. A worker that claimed a message and died is replaced after
# OUTBOX_SENDING_LEASE_SECONDS (longer than EMAIL_TIMEOUT).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_SENDING_LEASE_SECONDS = env_int("OUTBOX_SENDING_LEASE_SECONDS", 10 * 60)
# Public intake (portal, embedded form, e-mail).
# Version of the personal-data (habeas data) policy text the requester accepts.
CONSENT_TEXT_VERSION = env_str("CONSENT_TEXT_VERSION", "2026-01")
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = env_int("ATTACHMENT_MAX_COUNT", 5)
# Uploads are measured while they stream in: a file over ATTACHMENT_MAX_BYTES stops being
# written at the limit (see promesa.core.uploads).
FILE_UPLOAD_HANDLERS = [
    "promesa.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Filings and tracking look-ups allowed per client address per hour on public pages.
PUBLIC_FILING_RATE_LIMIT = env_int("PUBLIC_FILING_RATE_LIMIT", 10)
PUBLIC_TRACKING_RATE_LIMIT = env_int("PUBLIC_TRACKING_RATE_LIMIT", 20)
# A form sent back faster than this many seconds after it was shown was not typed by a person.
SPAM_MIN_SECONDS = env_int("SPAM_MIN_SECONDS", 3)
# Leading zero bits of the optional proof-of-work challenge (0 switches it off).
SPAM_PROOF_OF_WORK_BITS = env_int("SPAM_PROOF_OF_WORK_BITS", 0)
# Sites allowed to embed the filing form in a frame (Content-Security-Policy frame-ancestors).
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS", [])
# Replies to case e-mails go to this address; {token} identifies the case.
MAIL_REPLY_TO = env_str("MAIL_REPLY_TO", "pqrs+{token}@promesa.localhost")
MAIL_INBOUND_MAX_BYTES = env_int("MAIL_INBOUND_MAX_BYTES", 25 * 1024 * 1024)
# The same requester filing the same text within this many hours gets the first case back.
DUPLICATE_WINDOW_HOURS = env_int("DUPLICATE_WINDOW_HOURS", 72)
# The organization (by short name) whose public pages answer on a host that no organization
# claims as its public host name; the demo by default (docs/administrators.md).
PUBLIC_DEFAULT_ORGANIZATION = env_str("PROMESA_DEFAULT_ORGANIZATION", "aguas-y-energia-del-valle")
PROMESA_BASE_URL = env_str("PROMESA_BASE_URL", "http://127.0.0.1:8000")
# Mounts the trivial /bench/ping/ view that bench/run.sh measures as the framework ceiling.
# Only the benchmark sets it; normal deployments have no such URL.
BENCH_PING = env_bool("PROMESA_BENCH_PING", False)

# Security headers. The content security policy allows only this origin's own files.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe the health endpoint over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "promesa.core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "json" if PRODUCTION else "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}
