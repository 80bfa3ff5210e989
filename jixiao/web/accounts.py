"""The account pages the site adds to Django's: the lockout page and the audited password change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jixiao.org.accounts import record_password_change


def client_ip(request: HttpRequest) -> str:
    """The client's address for login lockouts and the log: REMOTE_ADDR, or — behind
    JIXIAO_PROXY_COUNT trusted proxies — the address the outermost of them saw, counted from the
    right of X-Forwarded-For (entries further left are the client's to forge)."""
    proxies = settings.JIXIAO_PROXY_COUNT
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not proxies:
        return remote
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): the login page with the
    reason in Chinese, status 429."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off is not None else None
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class PasswordChangeView(auth.PasswordChangeView):
    """修改密码, with the change in the audit log (in the same transaction)."""

    template_name = "account/password_change.html"

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record_password_change(self.request.user, form.user, self.request, "password_change")
        return response


class AdminPasswordChangeView(PasswordChangeView):
    template_name = "registration/password_change_form.html"  # the admin's own page


def admin_password_change(request: HttpRequest) -> HttpResponse:
    """The admin's 修改密码 for the signed-in user (AdminSite.password_change), audited."""
    from django.contrib import admin
    from django.contrib.admin.forms import AdminPasswordChangeForm

    request.current_app = admin.site.name
    return AdminPasswordChangeView.as_view(
        form_class=AdminPasswordChangeForm,
        success_url=reverse("admin:password_change_done", current_app=admin.site.name),
        extra_context=admin.site.each_context(request),
    )(request)
