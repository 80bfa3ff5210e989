"""The admin site for a 系统管理员: their own bureau only.

The operator (a Django superuser, created with `manage.py createsuperuser`) sees everything.
Anyone else on the admin site (is_staff) sees and changes only what their 系统管理员 roles reach —
the organisations where they hold it and everything below — whatever Django permissions they
have been given; without such a role, nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from jixiao.org.access import administered, reach_of
from jixiao.org.models import Organisation


def operator(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


def bureau_of(request: HttpRequest) -> list[Organisation]:
    """The organisations a non-superuser manages on the admin site (none: they manage nothing)."""
    return administered(request.user)


class BureauScopedAdmin:
    """A ModelAdmin mixin: rows filtered to the 系统管理员's reach, permissions from the role."""

    scope_prefix = ""
    """The path from a row to the organisation that places it ("" for an organisation itself)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        if operator(request):
            return rows
        return self.scoped(request, rows, bureau_of(request))

    def scoped(
        self, request: HttpRequest, rows: QuerySet[Any], held: list[Organisation]
    ) -> QuerySet[Any]:
        return rows.filter(reach_of(held, self.scope_prefix)) if held else rows.none()

    def in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def manages(self, request: HttpRequest) -> bool:
        return bool(bureau_of(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        if operator(request):
            return super().has_module_permission(request)  # type: ignore[misc,no-any-return]
        return self.manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if operator(request):
            return super().has_view_permission(request, obj)  # type: ignore[misc,no-any-return]
        return self.manages(request) and self.in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if operator(request):
            return super().has_change_permission(request, obj)  # type: ignore[misc,no-any-return]
        return self.manages(request) and self.in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if operator(request):
            return super().has_add_permission(request, *args)  # type: ignore[misc,no-any-return]
        return self.manages(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if operator(request):
            return super().has_delete_permission(request, obj)  # type: ignore[misc,no-any-return]
        return self.manages(request) and self.in_scope(request, obj)


def organisations_in_reach(request: HttpRequest) -> QuerySet[Organisation]:
    if operator(request):
        return Organisation.objects.all()
    held = bureau_of(request)
    return Organisation.objects.filter(reach_of(held)) if held else Organisation.objects.none()
