"""The admin pages of organisations, years, roles and users.

The operator (a superuser) manages everything. A 系统管理员 (is_staff, with the role "admin" in an
organisation) manages only their own bureau (`admin_scope`): the organisations below the ones they
hold the role in, the roles there, and the users whose roles all lie there; they grant no role
outside it, never to themselves, make no one staff or superuser, and take over no staff account.
Fiscal years are the operator's.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ForeignKey, Q, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse

from jixiao.audit.audited import AuditedAdmin, snapshot
from jixiao.audit.models import record
from jixiao.org.access import reach_of
from jixiao.org.accounts import record_password_change
from jixiao.org.admin_scope import (
    BureauScopedAdmin,
    bureau_of,
    operator,
    organisations_in_reach,
)
from jixiao.org.models import FiscalYear, Membership, Organisation

STAFF_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
"""What only the operator sets: who enters the admin site, with which Django permissions."""


@admin.register(Organisation)
class OrganisationAdmin(BureauScopedAdmin, AuditedAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not operator(request) and obj is not None and obj in bureau_of(request):
            fields.append("parent")  # the bureau's own place in the tree is the operator's
        return fields

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "parent" and not operator(request):
            kwargs["queryset"] = organisations_in_reach(request)
            kwargs["required"] = True  # a new root would be outside every reach
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not operator(request) and obj in bureau_of(request):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(FiscalYear)
class FiscalYearAdmin(AuditedAdmin):
    list_display = ["year", "is_open"]


def manageable_users(request: HttpRequest) -> QuerySet[User]:
    """The accounts a 系统管理员 manages: every role in their reach, not staff (but themselves),
    never a superuser. The operator manages every account."""
    users = User.objects.all()
    if operator(request):
        return users
    held = bureau_of(request)
    if not held:
        return users.none()
    inside = Membership.objects.filter(reach_of(held, "organisation__")).values("user_id")
    outside = Membership.objects.exclude(reach_of(held, "organisation__")).values("user_id")
    return (
        users.filter(pk__in=inside, is_superuser=False)
        .exclude(pk__in=outside)
        .filter(Q(is_staff=False) | Q(pk=request.user.pk))
    )


@admin.register(Membership)
class MembershipAdmin(BureauScopedAdmin, AuditedAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    scope_prefix = "organisation__"

    def scoped(
        self, request: HttpRequest, rows: QuerySet[Any], held: list[Organisation]
    ) -> QuerySet[Any]:
        return super().scoped(request, rows, held).filter(user__in=manageable_users(request))

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if not operator(request):
            if db_field.name == "organisation":
                kwargs["queryset"] = organisations_in_reach(request)
            elif db_field.name == "user":
                kwargs["queryset"] = manageable_users(request).exclude(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _own(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and not operator(request) and obj.user_id == request.user.pk

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._own(request, obj) and super().has_delete_permission(request, obj)


class PlacedUserCreationForm(AdminUserCreationForm):
    """A 系统管理员's new account comes with its first role, in their bureau."""

    organisation = forms.ModelChoiceField(Organisation.objects.none(), label="组织")
    role = forms.ChoiceField(choices=Membership.Role.choices, label="角色")


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(BureauScopedAdmin, AuditedAdmin, UserAdmin):  # type: ignore[misc]
    """Django's user pages, with accounts' creation, changes, deletion and passwords set in the
    audit log (never the password hash)."""

    audit_exclude = ("password", "last_login")

    def scoped(
        self, request: HttpRequest, rows: QuerySet[Any], held: list[Organisation]
    ) -> QuerySet[Any]:
        return rows.filter(pk__in=manageable_users(request).values("pk"))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if operator(request):
            return fieldsets
        if obj is None:
            return [*fieldsets, ("角色", {"fields": ("organisation", "role")})]
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in STAFF_FIELDS]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return fields if operator(request) else [*fields, "last_login", "date_joined"]

    def get_list_filter(self, request: HttpRequest) -> Any:
        return super().get_list_filter(request) if operator(request) else ["is_active"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        if obj is None and not operator(request):
            places = organisations_in_reach(request)

            class Form(PlacedUserCreationForm):
                def __init__(self, *args: Any, **options: Any) -> None:
                    super().__init__(*args, **options)
                    self.fields["organisation"].queryset = places  # type: ignore[attr-defined]

            kwargs["form"] = Form
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not operator(request):
            stored = User.objects.filter(pk=obj.pk).first() if change else None
            for field in ("is_staff", "is_superuser"):
                if getattr(obj, field) != (getattr(stored, field) if stored else False):
                    raise PermissionDenied("系统管理员不能授予或取消管理后台权限")
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            place = getattr(form, "cleaned_data", {}).get("organisation")
            if not change and place is not None:
                granted = Membership.objects.create(
                    user=obj, organisation=place, role=form.cleaned_data["role"]
                )
                record(request.user, "admin_create", granted, after=snapshot(granted))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # accounts that acted stay (the log names them): a 系统管理员 deactivates instead
        return operator(request) and super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Setting a user's password in the admin, audited when it changed."""
        with transaction.atomic():
            before = self.get_queryset(request).filter(pk=id).values_list("password", flat=True)
            old = before.first() if id.isdigit() else None
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and old is not None:
                user = User.objects.get(pk=id)
                if user.password != old:
                    record_password_change(request.user, user, request, "admin_password_change")
        return response
