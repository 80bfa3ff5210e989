"""Accounts in the audit log: every login, failed login, lockout and password change.

Logins and failures come from Django's `user_logged_in` / `user_login_failed` signals, lockouts
from django-axes' `user_locked_out` (also logged as a warning); password changes are recorded by
the pages that make them (`record_password_change`: the user's own 修改密码 page and the admin's
password page for a user). Connected in `OrgConfig.ready`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import models
from django.http import HttpRequest

from jixiao.audit.models import AuditEntry, bulk_record, record

log = logging.getLogger(__name__)
USER_LABEL = "auth.user"
NAME_KEPT = 150  # a user name's length in Django's user table: longer input is cut


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        from axes.helpers import get_client_ip_address

        address = get_client_ip_address(request)
    return str(address or "")


def _kept(username: Any) -> str:
    """What of a typed user name the log keeps (PostgreSQL stores no NUL)."""
    return str(username or "").replace("\x00", "")[:NAME_KEPT]


def _user_named(username: str) -> models.Model | None:
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


def _about_username(actor: Any, action: str, username: str, after: dict[str, Any]) -> None:
    """An entry about the account with this name, or about the name alone when none has it."""
    user = _user_named(username) if username else None
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=USER_LABEL,
        object_id=str(user.pk) if user is not None else "",
        after=after,
    )
    bulk_record([entry])


def logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(user, "login", user, after={"address": client_address(request)})


def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = _kept(credentials.get("username"))
    after = {"username": username, "address": client_address(request)}
    _about_username(None, "login_failed", username, after)


def locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str | None,
    **kwargs: Any,
) -> None:  # fmt: skip
    name = _kept(username)
    log.warning("登录失败次数过多，已锁定：用户名 %r，地址 %s", name, ip_address or "未知")
    _about_username(None, "locked_out", name, {"username": name, "address": ip_address or ""})


def record_password_change(actor: Any, user: Any, request: HttpRequest | None, action: str) -> None:
    """A password set: by its user ("password_change") or for them in the admin
    ("admin_password_change"). Never the password or its hash."""
    record(
        actor, action, user,
        after={"usable": user.has_usable_password(), "address": client_address(request)},
    )  # fmt: skip


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(logged_in, dispatch_uid="jixiao.accounts.logged_in")
    user_login_failed.connect(login_failed, dispatch_uid="jixiao.accounts.login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="jixiao.accounts.locked_out")
