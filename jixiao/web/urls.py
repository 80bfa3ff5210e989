from django.contrib import admin
from django.contrib.auth import views as auth
from django.urls import include, path

from jixiao.web import accounts, health
from jixiao.web.api import api

admin.site.site_header = "绩效 jixiao 管理"
admin.site.site_title = "绩效 jixiao 管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),  # no login: answers "ok" and nothing else
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth.PasswordChangeDoneView.as_view(template_name="account/password_change_done.html"),
        name="password_change_done",
    ),
    # the admin's own password page, audited (unnamed: Django's admin:password_change names it)
    path("admin/password_change/", admin.site.admin_view(accounts.admin_password_change)),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("jixiao.jobs.urls")),
    path("", include("jixiao.reports.urls")),
    path("monitoring/", include("jixiao.monitoring.urls")),
    path("evaluation/", include("jixiao.evaluation.urls")),
    path("", include("jixiao.targets.urls")),
]

handler403 = "jixiao.web.errors.forbidden"
handler404 = "jixiao.web.errors.not_found"
handler500 = "jixiao.web.errors.server_error"
