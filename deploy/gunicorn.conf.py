"""gunicorn's settings for jixiao in production: `make serve` (or `.venv/bin/gunicorn --config
deploy/gunicorn.conf.py`). The application's own settings come from the environment as always
(JIXIAO_SECRET_KEY, DATABASE_URL, JIXIAO_SECURE …, see README "生产部署 / Production").

It listens on 127.0.0.1 only: an HTTPS proxy (nginx, …) in front of it terminates TLS and sets
X-Forwarded-Proto, which gunicorn believes from 127.0.0.1 alone. Each value may be overridden
by an environment variable named beside it.
"""

import multiprocessing
import os

wsgi_app = "jixiao.web.wsgi:application"
bind = os.environ.get("JIXIAO_BIND", "127.0.0.1:8000")
# Synchronous workers, the usual two per CPU and one: each request is short (an upload is read
# and reviewed in well under a second).
workers = int(os.environ.get("JIXIAO_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("JIXIAO_TIMEOUT", "60"))  # a worker silent this long is replaced
graceful_timeout = 30  # requests in flight finish on a restart
keepalive = 5
max_requests = 2000  # workers are renewed now and then (jitter: not all at once)
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1,::1"  # X-Forwarded-* believed from the local proxy only
# Requests: a request line and headers of ordinary size; bodies are limited by Django (10 MB).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Access log and gunicorn's own errors to standard output and error (journald, docker logs) or
# to files: JIXIAO_ACCESS_LOG=/var/log/jixiao/access.log. The application's tracebacks go to
# standard error as well (settings.LOGGING; JIXIAO_LOG_FILE adds a file).
accesslog = os.environ.get("JIXIAO_ACCESS_LOG", "-")
errorlog = os.environ.get("JIXIAO_ERROR_LOG", "-")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
loglevel = "info"
proc_name = "jixiao"
