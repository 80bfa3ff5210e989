from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jixiao.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from jixiao.jobs import queue

        queue.configure()
