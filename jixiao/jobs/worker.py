"""A job worker (`make worker`): Django set up first, so the broker is the settings' REDIS_URL;
extra arguments go to Celery's worker (e.g. --concurrency 4)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()
    from django.conf import settings

    from jixiao.jobs.queue import app

    if not settings.REDIS_URL:
        sys.exit("未设置 REDIS_URL：没有消息队列时任务在发起它的进程中直接运行，无需启动任务进程。")
    app.worker_main(["worker", "--loglevel=INFO", *sys.argv[1:]])


if __name__ == "__main__":
    main()
