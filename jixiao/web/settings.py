"""Django settings, read from the environment; nothing here writes files or opens connections.

SQLite (a file in JIXIAO_DATA_DIR) unless DATABASE_URL names a PostgreSQL database, e.g.
postgres://postgres@127.0.0.1:5432/jixiao.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
    }


DEBUG = env_bool("JIXIAO_DEBUG", False)
# The default serves local runs and tests only; a deployment sets JIXIAO_SECRET_KEY.
SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY", "insecure-local-key-set-JIXIAO_SECRET_KEY")
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
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jixiao.web.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jixiao.web.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jixiao.web.middleware.NotAllowedPageMiddleware",
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

# Static files (the admin's, the API docs') are served by the application itself through
# WhiteNoise, from STATIC_ROOT, which `manage.py collectstatic` fills (`make run` does it).
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: target documents are small; anything larger is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
