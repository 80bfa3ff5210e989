"""The Celery application: Redis as broker when REDIS_URL is set (`celery -A jixiao.jobs.queue
worker`), otherwise every task runs at once in the process that starts it (`make run` needs
nothing more)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")

app = Celery("jixiao")


def configure() -> None:
    """Read the broker from the settings (called once Django is set up)."""
    from django.conf import settings

    broker = getattr(settings, "REDIS_URL", "")
    app.conf.update(
        broker_url=broker or "memory://",
        task_always_eager=not broker,
        task_eager_propagates=True,
        task_acks_late=True,  # a worker that dies mid-task leaves it to another
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,  # progress and outcome are in the Job row
    )
    app.autodiscover_tasks(["jixiao.jobs", "jixiao.reports"])
