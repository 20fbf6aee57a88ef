"""Tally settings: one flat file, driven by environment variables.

Every variable is read through a small parser that refuses bad values with a message
naming the variable, so a typo in production stops the process instead of silently
falling back to a default.
"""

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TALLY_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def dev_secret(filename: str, make=lambda: secrets.token_urlsafe(50)) -> str:
    """A secret generated once into var/ for development; production must set its own."""
    path = VAR_DIR / filename
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("TALLY_DEBUG", False)
# Production is anything that is not explicitly a development machine: it must be
# configured completely, or it does not start.
DEVELOPMENT = env_bool("TALLY_DEVELOPMENT", DEBUG)

SECRET_KEY = os.environ.get("TALLY_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("TALLY_SECRET_KEY is required outside development")
    SECRET_KEY = dev_secret("secret_key.txt")
elif len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("TALLY_SECRET_KEY must be at least 50 characters long")

# Personal data (ID-card and phone numbers) are encrypted with this key: 32 bytes as hex
# (SM4 key + HMAC-SM3 blind-index key). Losing it loses the data: back it up separately.
DATA_KEY = os.environ.get("TALLY_DATA_KEY") or ""
if not DATA_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("TALLY_DATA_KEY is required outside development")
    DATA_KEY = dev_secret("data_key.txt", lambda: secrets.token_hex(32))
# Seals backups (`manage.py backup --encrypt`): 64 hex characters, not the data key, kept
# apart from the backups (docs/operations.md).
BACKUP_KEY = os.environ.get("TALLY_BACKUP_KEY", "")

ALLOWED_HOSTS = env_list(
    "TALLY_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEVELOPMENT else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("TALLY_ALLOWED_HOSTS is required outside development")
CSRF_TRUSTED_ORIGINS = env_list("TALLY_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver leaves /static/ to WhiteNoise, as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "auditlog",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "tally.core",  # migrations of what moved out of it; the probe's regression tests
    "tally.ops",  # backup, restore, serve, the database file's mode
    "tally.shell",  # layout, navigation, home page and its panels, health check
    "tally.site_settings",  # settings the office changes in the UI (reporting period)
    "tally.orgs",
    "tally.accounts",
    "tally.ledgers",
    "tally.metrics",
    "tally.party",
    "tally.community",
    "tally.readymade",  # the generic ledgers DOMAIN.md ships, their metrics and demo data
    "tally.supervision",  # tasks, notices, inspections, 包联, filings, reminders
    "tally.economy",  # investment pipeline, construction projects, enterprises, indicators
    "tally.reports",
    "tally.dashboard",  # the leaders' dashboard and the leader's home headline
    "tally.demo",  # the fictional demo zone and `seed_demo`; last, it seeds every app
]

MIDDLEWARE = [
    # Outermost: whatever answers (a debug page too) leaves with the security headers.
    "tally.accounts.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with debug off, compressed and cached (docs/operations.md).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tally.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A one-time or expired password is changed before anything else.
    "tally.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tally.urls"
WSGI_APPLICATION = "tally.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tally" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "tally.shell.context_processors.shell",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "tally.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgresql:// or sqlite:// URL")
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # the start of a transaction, so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 64 MiB page cache (the default is 2 MiB) keeps the indexes of a large
        # import in memory: a 100,000-row insert takes a quarter less time. Temporary
        # storage in memory: a table with triggers (the data version's) gets a statement
        # journal for every row inserted, in a temporary file by default; 100,000 rows
        # took 3.6 s instead of 1.4 s, in memory 1.6 s.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000; PRAGMA cache_size=-65536; "
            "PRAGMA temp_store=MEMORY;"
        ),
    }
    # Tests share the file-less in-memory database; WAL is meaningless there.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TALLY_TEST_SQLITE", "")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and security ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tally.accounts.passwords.CharacterClassValidator", "OPTIONS": {"classes": 3}},
    {"NAME": "tally.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"keep": 5}},
]
# 等保 2.0 asks for passwords changed regularly: after this many days a user is sent to the
# password page before anything else (0: never).
PASSWORD_MAX_AGE_DAYS = env_int("TALLY_PASSWORD_MAX_AGE_DAYS", 90)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Accounts lock by user name only: 5 failures lock that account for 30 minutes, and a
# success clears that user's failures only. An address is never locked (a whole office
# shares its proxy's address): after LOGIN_CAPTCHA_AFTER failures from one address within
# the cool-off time its login form asks for a picture's characters first (captcha.py).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# A lock ends 30 minutes after it began: guesses during it neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tally.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "tally.accounts.addresses.client_ip"
LOGIN_CAPTCHA_AFTER = env_int("TALLY_LOGIN_CAPTCHA_AFTER", 5)
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks); empty:
# the client is REMOTE_ADDR (accounts/addresses.py).
TRUSTED_PROXIES = env_list("TALLY_TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TALLY_TRUSTED_PROXIES must list addresses or networks, got {_proxy!r}"
        ) from None
AXES_VERBOSE = False
# axes.W006 wants addresses locked too: here an address is slowed by the login captcha
# instead, and a user name locks whatever the address or browser (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Idle timeout: the session lives 30 minutes past the last request. The absolute
# timeout (a working day) is enforced by SessionTimeoutMiddleware.
SESSION_COOKIE_AGE = env_int("TALLY_IDLE_TIMEOUT_MINUTES", 30, minimum=1) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("TALLY_ABSOLUTE_TIMEOUT_HOURS", 12, minimum=1) * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Chinese 403 page in the site's layout for a form sent without its token.
CSRF_FAILURE_VIEW = "tally.accounts.views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEVELOPMENT:
    SECURE_SSL_REDIRECT = env_bool("TALLY_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("TALLY_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("TALLY_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "tally" / "static"]
MEDIA_ROOT = Path(os.environ.get("TALLY_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Development (make run, make dev, the tests) serves static files straight from the apps,
# without collectstatic; production serves what collectstatic put in STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEVELOPMENT
if DEVELOPMENT:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one
WHITENOISE_AUTOREFRESH = DEBUG
UPLOAD_MAX_BYTES = env_int("TALLY_UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("TALLY_IMPORT_MAX_ROWS", 200_000, minimum=10)
IMPORT_MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
# A zip packed tighter than this (unpacked / sent) is a zip bomb, not a spreadsheet.
IMPORT_MAX_ZIP_RATIO = env_int("TALLY_IMPORT_MAX_ZIP_RATIO", 500, minimum=20)
# Checked inside the upload request only when this small once unpacked; else by the worker.
IMPORT_INLINE_ROWS = env_int("TALLY_IMPORT_INLINE_ROWS", 10_000, minimum=0)
IMPORT_INLINE_UNPACKED_BYTES = env_int("TALLY_IMPORT_INLINE_UNPACKED_MB", 8, minimum=0) * 2**20
# Imports one user may have waiting, being checked or being written at the same time.
IMPORT_MAX_RUNNING_PER_USER = env_int("TALLY_IMPORT_MAX_RUNNING", 2, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- reports -------------------------------------------------------------------------
# The site's address as readers reach it (https://tally.example.org), for the links to the
# evidence of every figure in Word and PDF files; without it a request's own address is used.
SITE_URL = os.environ.get("TALLY_SITE_URL", "").strip().rstrip("/")
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"TALLY_SITE_URL must start with http(s)://, got {SITE_URL!r}")

# --- supervision: reminders by e-mail -------------------------------------------------
# Reminders also go out by e-mail when the site has mail: an SMTP server in TALLY_EMAIL_HOST
# (docs/operations.md, "督查提醒"). Without it they reach people in Tally and the group robots.
if os.environ.get("TALLY_EMAIL_HOST"):
    EMAIL_HOST = os.environ["TALLY_EMAIL_HOST"]
    EMAIL_PORT = env_int("TALLY_EMAIL_PORT", 465, minimum=1)
    EMAIL_HOST_USER = os.environ.get("TALLY_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("TALLY_EMAIL_PASSWORD", "")
    EMAIL_USE_SSL = env_bool("TALLY_EMAIL_SSL", EMAIL_PORT == 465)
    EMAIL_USE_TLS = not EMAIL_USE_SSL and env_bool("TALLY_EMAIL_STARTTLS", True)
    EMAIL_TIMEOUT = 20
    DEFAULT_FROM_EMAIL = os.environ.get("TALLY_EMAIL_FROM", EMAIL_HOST_USER)
SUPERVISION_EMAIL_REMINDERS = bool(os.environ.get("TALLY_EMAIL_HOST"))

# --- background work -----------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TALLY_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- audit ------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "sessions",
    "admin.logentry",
    "axes",
    "django_tasks_db",
    "accounts.securityevent",
    # Password hashes and sealed one-time passwords have no place in a readable diff.
    "accounts.passwordhistory",
    "accounts.initialpasswords",
    "ops.keycheck",
    "auditlog",
)
# Ciphertext and blind indexes of personal data say nothing useful in a diff.
AUDITLOG_EXCLUDE_TRACKING_FIELDS = (
    "password",
    "last_login",
    "id_number_enc",
    "id_index",
    "phone_enc",
    "phone_index",
    # supervision: group robots' addresses and signing secrets (credentials, encrypted)
    "url_enc",
    "secret_enc",
)

# --- API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {"TITLE": "Tally API", "VERSION": "1", "SERVE_INCLUDE_SCHEMA": False}

# --- logging: to stderr, never personal data (see docs/operations.md) -------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TALLY_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
