"""Admin pages that write the audit log: every create, change and delete made in the Django admin
(organisations, roles, years, users, documents) leaves an entry with before → after, like the
application's own changes do."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest

from jixiao.audit.models import record


def snapshot(obj: models.Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The row's fields as JSON-safe values (related rows by their key)."""
    data = model_to_dict(obj, exclude=list(exclude))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))  # type: ignore[no-any-return]


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    audit_exclude: tuple[str, ...] = ()
    """Fields kept out of the log (a password hash, say)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = None
        if change:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(stored, self.audit_exclude) if stored is not None else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = snapshot(obj, self.audit_exclude)
            action = "admin_change" if change else "admin_create"
            record(request.user, action, obj, before=before, after=after)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record(request.user, "admin_delete", obj, before=snapshot(obj, self.audit_exclude))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                record(request.user, "admin_delete", obj, before=snapshot(obj, self.audit_exclude))
            super().delete_queryset(request, queryset)
