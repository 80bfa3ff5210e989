from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "jixiao.targets"
    label = "targets"
    verbose_name = "绩效目标"
