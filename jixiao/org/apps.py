from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jixiao.org"
    label = "org"
    verbose_name = "组织与人员"

    def ready(self) -> None:
        from jixiao.org import accounts

        accounts.connect()  # logins, failures and lockouts into the audit log
