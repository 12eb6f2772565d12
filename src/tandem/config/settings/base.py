"""Settings shared by every environment. Environment variables override the defaults.

``DATABASE_URL`` selects the database (SQLite file in the data directory when unset),
``CELERY_BROKER_URL`` a broker (jobs run in-process when unset), ``TANDEM_DATA_DIR`` where the
embedded database and uploaded files live.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext

from tandem.config.domain import DOMAIN_APPS

# Generic classes such as ModelForm[Project] at run time, for the type annotations.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("TANDEM_DATA_DIR", Path.cwd() / "var")).resolve()

# No key here: the embedded default keeps one in the data directory (settings.dev), production
# takes TANDEM_SECRET_KEY, and Django refuses to start with an empty key anywhere else.
SECRET_KEY = os.environ.get("TANDEM_SECRET_KEY", "")
DEBUG = False
# The demo organization's passwords are published: it loads on the embedded default only.
TANDEM_ALLOW_DEMO = False
ALLOWED_HOSTS = [
    h for h in os.environ.get("TANDEM_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "axes",
    *(f"tandem.{app}" for app in DOMAIN_APPS),
    "tandem.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tandem.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language from the browser (Accept-Language) among LANGUAGES; after the
    # session, before CommonMiddleware. UserLocaleMiddleware then applies the person's own choice.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tandem.core.middleware.UserTimeZoneMiddleware",
    "tandem.core.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A message after every save (inside MessageMiddleware, which then stores it).
    "tandem.core.feedback.FeedbackMiddleware",
    "tandem.core.middleware.TandemErrorMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tandem.config.urls"
WSGI_APPLICATION = "tandem.config.wsgi.application"
ASGI_APPLICATION = "tandem.config.asgi.application"

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
            # {% translate %} and the locale formatting filters (|amount, |local_date...) in
            # every template without a {% load %}.
            "builtins": ["django.templatetags.i18n", "tandem.core.templatetags.l10n_tags"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'tandem.sqlite3'}",
        conn_max_age=int(os.environ.get("TANDEM_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Sign-in throttling (django-axes, see tandem.accounts.throttle): after 5 failed sign-ins for one
# username, or from one address, within 15 minutes, that username and that address are refused for
# 15 minutes after the last failure. Behind reverse proxies, TANDEM_TRUSTED_PROXIES says how many
# add themselves to X-Forwarded-For, so the client's address is counted, not the proxy's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("TANDEM_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("TANDEM_SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "tandem.accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "tandem.accounts.throttle.client_ip"
TANDEM_TRUSTED_PROXIES = int(os.environ.get("TANDEM_TRUSTED_PROXIES", "0"))

# Personal access tokens live at most this many days.
TANDEM_TOKEN_MAX_DAYS = int(os.environ.get("TANDEM_TOKEN_MAX_DAYS", "365"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Interface languages shipped with a catalog under LOCALE_PATHS (``make messages LANG=de`` starts
# one). A person picks one on their profile once there is more than one; else their browser's.
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# How numbers, amounts and dates are written when neither the person's profile nor their browser
# names a locale (any CLDR locale, a BCP 47 tag; see tandem.core.l10n).
TANDEM_DEFAULT_LOCALE = os.environ.get("TANDEM_DEFAULT_LOCALE", "en-GB")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads go through Django's storage API (``default``): a folder under the data directory that
# every web process and worker must share, or any other storage backend put here.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise serves what ``tandem run`` (or ``tandem collectstatic``) collected in STATIC_ROOT.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: documents up to 25 MiB; anything larger is refused before it reaches a model.
TANDEM_MAX_UPLOAD_BYTES = int(os.environ.get("TANDEM_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Networks that URLs fetched for users (calendar subscriptions, webhooks) may reach although they
# are not on the public internet. Empty: only tests set it, to serve feeds on 127.0.0.1.
TANDEM_SAFE_FETCH_ALLOWED_NETWORKS: list[str] = []
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# In-process jobs must not turn a committed action into an error page: failures are recorded
# on the job's object (e.g. a notification's email status) and retried by the periodic job.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "resend-failed-notification-emails": {
        "task": "tandem.comms.resend_failed_notification_emails",
        "schedule": 15 * 60,
    },
    "purge-expired-projects": {
        "task": "tandem.projects.purge_expired_projects",
        "schedule": 60 * 60,
    },
    # Hourly, but each overdue action item reminds its owner at most once a day (their day).
    "remind-overdue-action-items": {
        "task": "tandem.coordination.remind_overdue_action_items",
        "schedule": 60 * 60,
    },
    # Daily digests of alerts, each at the hour its reader chose in their own zone.
    "send-daily-digests": {
        "task": "tandem.comms.send_daily_digests",
        "schedule": 10 * 60,
    },
    "refresh-external-calendars": {
        "task": "tandem.meetings.refresh_external_calendars",
        "schedule": 15 * 60,
    },
    # Monitoring: every active project hourly, and a rescheduled one within the minute.
    "evaluate-projects": {
        "task": "tandem.monitoring.evaluate_projects",
        "schedule": 60 * 60,
    },
    "evaluate-requested-projects": {
        "task": "tandem.monitoring.evaluate_requested_projects",
        "schedule": 60,
    },
    # Webhooks: new audit events become deliveries; due deliveries (and retries) are sent.
    "dispatch-webhooks": {
        "task": "tandem.integrations.dispatch_webhooks",
        "schedule": 60,
    },
    # Status reports: each project's weekly report once per period, and emails that failed.
    "run-report-schedules": {
        "task": "tandem.reports.run_report_schedules",
        "schedule": 5 * 60,
    },
}
# A deleted project stays restorable this many days, then the hourly job above purges it.
TANDEM_DELETED_PROJECT_GRACE_DAYS = int(os.environ.get("TANDEM_DELETED_PROJECT_GRACE_DAYS", "30"))

# Without a mail server configured, emails are written to the server's log instead.
EMAIL_HOST = os.environ.get("TANDEM_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("TANDEM_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("TANDEM_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TANDEM_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("TANDEM_EMAIL_TLS", "0") == "1"
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
TANDEM_BASE_URL = os.environ.get("TANDEM_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("TANDEM_FROM_EMAIL", "tandem@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TANDEM_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in and sign-out at INFO; lockouts come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
