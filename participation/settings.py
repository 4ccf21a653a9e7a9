"""Settings for the participation platform, read from the environment.

Development runs on embedded defaults (SQLite and a filesystem broker under .data/);
production (DJANGO_ENV=production) refuses to start without a secret key and allowed hosts.
Every variable is listed in .env.example.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """An empty variable counts as unset, so a copied .env.example changes nothing."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


IS_PRODUCTION = env_str("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not IS_PRODUCTION)
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / ".data")))

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if IS_PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
else:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-use-this-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "participation.apps.ParticipationConfig",
    "guidance",
    "designlabs",
    "community",
    "participation.apps.ParticipationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "participation.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "participation.urls"
WSGI_APPLICATION = "participation.wsgi.application"
AUTH_USER_MODEL = "participation.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "participation.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static", "participation.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "participation.forms.renderer.GovukFormRenderer"

# Databases: Postgres when DATABASE_URL is set, otherwise the embedded SQLite file.
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the broker and the shared cache; without it, kombu's filesystem transport and a
# local-memory cache keep `make run` self-contained.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than the hardest task time limit, so acks_late tasks are not redelivered early.
        "visibility_timeout": 900,
        "socket_connect_timeout": 5,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    BROKER_DIR = DATA_DIR / "broker"
    for folder in ("out", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Crontab entries below are UK times.
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    # Every minute: hand due emails to workers and re-queue any a lost message left behind.
    "sweep-email-deliveries": {"task": "participation.sweep_deliveries", "schedule": 60.0},
    # Every minute: queue again any report job a lost broker message or a dead worker left behind.
    "requeue-stalled-reports": {"task": "participation.requeue_stalled_reports", "schedule": 60.0},
    # Nightly at 03:10: delete report files past their retention period.
    "delete-expired-reports": {"task": "participation.delete_expired_reports", "schedule": crontab(hour=3, minute=10)},
    # Mondays at 07:30: tell each organisation's editors which responses to recommendations are overdue.
    # Every minute: publish guidance versions and publications scheduled for now or earlier.
    "publish-due-guidance": {"task": "guidance.publish_due", "schedule": 60.0},
    # Every five minutes: tell subscribers of any major version whose notice task was lost.
    "requeue-missed-guidance-notices": {"task": "guidance.requeue_missed_notices", "schedule": 300.0},
    # Every minute: write the delivery rows for meeting reminders that are due, and send them.
    "send-due-meeting-reminders": {"task": "community.send_due_reminders", "schedule": 60.0},
    # Nightly at 02:40: create the next meetings of each monthly series (idempotent).
    "generate-series-meetings": {"task": "community.generate_series_meetings", "schedule": crontab(hour=2, minute=40)},
    # Daily at 06:00 UK time: one digest per member of yesterday's posts in topics they follow that way.
    # Every minute: queue the Design Lab session reminders that are due (each offset goes once).
    "send-due-lab-session-reminders": {"task": "designlabs.send_due_session_reminders", "schedule": 60.0},
    # Daily at 03:30 UK time: remove participants' personal data from labs past their retention date.
    "remove-expired-lab-personal-data": {
        "task": "designlabs.remove_expired_personal_data",
        "schedule": crontab(hour=3, minute=30),
    },
    "forum-daily-digest": {"task": "community.send_forum_digests", "schedule": crontab(hour=6, minute=0)},
    "send-overdue-response-digests": {
        "task": "participation.send_overdue_response_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "participation.auth_backends.ModelBackend",
    "participation.auth_backends.AuthenticationBackend",
]

# allauth: email login with mandatory verification, login by emailed code, MFA with passkeys.
ACCOUNT_ADAPTER = "participation.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key,20/5m/ip",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Participation platform"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Tracking last activity costs an UPDATE on every request; sign-in time and device are enough.
USERSESSIONS_TRACK_ACTIVITY = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-vendor"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["participation.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / ".build" / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Email: SMTP when EMAIL_HOST is set (and always in production), otherwise printed to the console.
smtp_host = env_str("EMAIL_HOST")
use_smtp = bool(smtp_host) or IS_PRODUCTION
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if use_smtp
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": {
            "host": smtp_host,
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", default=use_smtp),
            "timeout": 20,
        }
        if use_smtp
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Participation platform <no-reply@participation.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. The CSP allows no inline script or style: scripts carry a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# Database sessions, read with SQL compiled once per process (participation/session_store.py).
SESSION_ENGINE = "participation.session_store"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Shown in the header: the generic header unless the service runs on GOV.UK.
GOVUK_BRANDING = env_bool("GOVUK_BRANDING", default=False)
SERVICE_NAME = env_str("SERVICE_NAME", "Public participation in data and AI")
SERVICE_NAME_CY = env_str("SERVICE_NAME_CY", "Cyfranogiad y cyhoedd mewn data a deallusrwydd artiffisial")
PHASE = env_str("PHASE", "beta")
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", "feedback@participation.localhost")

MARKDOWN_MAX_CHARS = env_int("MARKDOWN_MAX_CHARS", 200_000)
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 30)
# Seconds a PDF report may render before it is marked failed (the worker kills it 30 s later).
REPORT_TIME_LIMIT = env_int("REPORT_TIME_LIMIT", 120)
PDF_STATIC_ROOTS = [BASE_DIR / "static"]
EMAIL_DELIVERY_MAX_ATTEMPTS = env_int("EMAIL_DELIVERY_MAX_ATTEMPTS", 8)
# Deliveries per worker task, sent over one SMTP connection (a fan-out of 10,000 is 100 tasks).
EMAIL_DELIVERY_BATCH_SIZE = max(1, env_int("EMAIL_DELIVERY_BATCH_SIZE", 100))
INVITATION_VALID_DAYS = 14

# Community meetings: reminders this many minutes before a meeting starts. A reminder of a day or
# more keeps its local time of day across a clock change (Europe/London); shorter ones are exact.
MEETING_REMINDER_MINUTES = [int(m) for m in env_str("MEETING_REMINDER_MINUTES", "1440,60").split(",") if m.strip()]
FORUM_POSTS_PER_PAGE = 20
# A member's first posts wait for a moderator's approval (0 turns this off).
FORUM_HOLD_FIRST_POSTS = env_int("FORUM_HOLD_FIRST_POSTS", 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}
