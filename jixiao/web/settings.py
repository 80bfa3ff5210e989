"""Django settings, read from the environment; nothing here writes files or opens connections.

SQLite (a file in JIXIAO_DATA_DIR) unless DATABASE_URL names a PostgreSQL database, e.g.
postgres://postgres@127.0.0.1:5432/jixiao.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value not in ("true", "false"):
        raise ValueError(f"{name} must be 'true' or 'false', not {value!r}")
    return value == "true"


def database(url: str | None, data_dir: Path) -> dict[str, object]:
    """The default database from a DATABASE_URL (postgres://user:pass@host:port/name)."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": data_dir / "jixiao.sqlite3"}
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgres://)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "ATOMIC_REQUESTS": False,
        # Persistent connections (a new one per request cost more than most pages), checked
        # before reuse so a restarted database costs one failed check, not a 500.
        "CONN_MAX_AGE": int(os.environ.get("JIXIAO_DB_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        # Parameters bound by the server, not quoted into the query text by psycopg in Python:
        # an import's tables and findings are megabytes of JSON (bulk writes keep each
        # statement under PostgreSQL's 65,535 parameters: see `services.BATCH`).
        "OPTIONS": {"server_side_binding": True},
    }


DEBUG = env_bool("JIXIAO_DEBUG", False)
DEMO = env_bool("JIXIAO_DEMO", False)
"""A local run on demo data (`make run`, `jixiao demo`) or the test suite (tests/settings.py):
the built-in key is enough there, and only there."""
SECURE = env_bool("JIXIAO_SECURE", False)
"""Served over HTTPS behind a proxy: secure cookies, HSTS, HTTP redirected (see the end)."""
SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if SECURE or not (DEBUG or DEMO):
        raise ImproperlyConfigured(
            "未设置环境变量 JIXIAO_SECRET_KEY（登录会话和表单令牌的签名密钥），系统不能启动。"
            "部署时请设为足够长的随机串，如 "
            '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"` 的输出，并妥善保管、'
            "不要写进代码库；仅在本机演示或测试时可设 JIXIAO_DEMO=true 使用内置密钥"
            "（make run 已这样做）。"
        )
    SECRET_KEY = "insecure-local-key-set-JIXIAO_SECRET_KEY"  # noqa: S105 (demo and tests only)
ALLOWED_HOSTS = os.environ.get("JIXIAO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
DATA_DIR = Path(os.environ.get("JIXIAO_DATA_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # its Swagger page then loads its own static files, never a CDN
    "jixiao.org",
    "jixiao.targets",
    "jixiao.audit",
    "jixiao.jobs",
    "jixiao.monitoring",
    "jixiao.evaluation",
    "axes",  # login throttling and lockout (see "Logins" below)
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jixiao.web.middleware.SecurityHeadersMiddleware",  # CSP and Cache-Control on every answer
    "jixiao.web.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jixiao.web.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jixiao.web.middleware.NotAllowedPageMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into its page
]
ROOT_URLCONF = "jixiao.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jixiao" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.context.menu",
            ]
        },
    }
]
WSGI_APPLICATION = "jixiao.web.wsgi.application"
DATABASES = {"default": database(os.environ.get("DATABASE_URL"), DATA_DIR)}

# The cache: Redis when REDIS_URL is set (shared by every worker; also the job queue's broker),
# this process's memory otherwise. Review findings are never cached — they are stored per table
# (jixiao.targets.reviewing) — so no value ever holds a whole document's findings.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
JIXIAO_REVIEW_SCHEME = os.environ.get("JIXIAO_REVIEW_SCHEME", "").strip() or None
"""A TOML file with the bureau's own mapping from findings to the 审核结果 (default: built in)."""
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "todo"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "jixiao.web.passwords.MinimumLengthValidator"},  # Django's, refusing in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def env_count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


# Logins (django-axes): after JIXIAO_LOGIN_FAILURES failed attempts for one user name, or from one
# address, logging in is refused for JIXIAO_LOCKOUT_MINUTES; a success resets the count. Logins,
# failures, lockouts and password changes are written to the audit log (jixiao.org.accounts).
# JIXIAO_LOGIN_LOCKOUT=false turns the throttling off (never in a deployment).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking it
    "django.contrib.auth.backends.ModelBackend",
]
JIXIAO_LOGIN_FAILURES = env_count("JIXIAO_LOGIN_FAILURES", 5)
JIXIAO_LOCKOUT_MINUTES = env_count("JIXIAO_LOCKOUT_MINUTES", 30)
AXES_ENABLED = env_bool("JIXIAO_LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = JIXIAO_LOGIN_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=JIXIAO_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "jixiao.web.accounts.client_ip"  # behind proxies: JIXIAO_PROXY_COUNT
AXES_LOCKOUT_CALLABLE = "jixiao.web.accounts.locked_out"  # the login page, in Chinese, 429
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
AXES_VERBOSE = False  # jixiao.org.accounts logs lockouts itself

# Separation of duties: whoever submitted a table (or department-wide targets) last may not
# approve or return it, at any review step.
JIXIAO_SEPARATE_DUTIES = env_bool("JIXIAO_SEPARATE_DUTIES", True)

# Static files (the admin's, the API docs') are served by the application itself through
# WhiteNoise, from STATIC_ROOT, which `manage.py collectstatic` fills (`make run` does it).
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Evidence files (佐证材料): kept under the data directory, served only through the application's
# own permission-checked download (no MEDIA_URL). S3-compatible storage goes in STORAGES["default"].
MEDIA_ROOT = DATA_DIR / "media"
JIXIAO_EVIDENCE_MAX_MB = env_count("JIXIAO_EVIDENCE_MAX_MB", 20)
# Generated reports (MEDIA_ROOT/reports) are kept JIXIAO_REPORT_DAYS days after they finish, then
# removed (when a report is started, and by `jixiao reports purge`); their pages say so.
JIXIAO_REPORT_DAYS = env_count("JIXIAO_REPORT_DAYS", 7)

# Uploads: target documents are small; anything larger is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# Deployment. A session lasts JIXIAO_SESSION_HOURS (default 8: a working day) and ends when the
# browser closes. Behind an HTTPS proxy (JIXIAO_SECURE=true): cookies only over HTTPS, HSTS
# (JIXIAO_HSTS_SECONDS, default a year; JIXIAO_HSTS_PRELOAD=false leaves out "preload"), plain
# HTTP redirected, and the proxy's X-Forwarded-Proto believed — the proxy must set it and drop
# a client's own. `manage.py check --deploy` is then clean.
# Behind JIXIAO_PROXY_COUNT reverse proxies (default 0: clients connect directly), a client's
# address is the one the nearest proxy appended to X-Forwarded-For: without it every failed login
# would count against the proxy's own address and lock everyone out (`accounts.client_ip`).
JIXIAO_PROXY_COUNT = env_count("JIXIAO_PROXY_COUNT", 0)
SESSION_COOKIE_AGE = env_count("JIXIAO_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_count("JIXIAO_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("JIXIAO_HSTS_PRELOAD", True)
STATICFILES_DIRS = [BASE_DIR / "jixiao" / "web" / "static"]  # the pages' own scripts
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
"""Sent by `middleware.SecurityHeadersMiddleware`: scripts only from this site's own files (the
pages keep none inline), styles inline too (the pages' <style>, Swagger UI's)."""

# Errors: the traceback of every 500 (and Django's security warnings) to standard error, where
# gunicorn and systemd keep it, and to JIXIAO_LOG_FILE (a file name in the data directory, or a
# path) when set. The users see the Chinese error page, never the traceback.
LOG_FILE = os.environ.get("JIXIAO_LOG_FILE", "").strip()
_LOG_HANDLERS = ["stderr", "file"] if LOG_FILE else ["stderr"]
LOGGING: dict[str, object] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {process}: {message}", "style": "{"}
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        **(
            {
                "file": {
                    "class": "logging.handlers.WatchedFileHandler",  # logrotate-friendly
                    "filename": str(DATA_DIR / LOG_FILE),
                    "formatter": "plain",
                    "encoding": "utf-8",
                    "delay": True,  # opened at the first error, not when settings load
                }
            }
            if LOG_FILE
            else {}
        ),
    },
    "root": {"handlers": _LOG_HANDLERS, "level": "WARNING"},  # jixiao's own warnings too
    # 4xx answers are the access log's business; a 500 is logged with its traceback
    "loggers": {"django.request": {"level": "ERROR"}},
}
