from django.contrib import admin
from django.contrib.auth import views as auth
from django.urls import include, path

from jixiao.web.api import api

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("jixiao.targets.urls")),
]
