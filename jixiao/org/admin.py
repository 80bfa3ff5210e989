from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from jixiao.audit.audited import AuditedAdmin
from jixiao.org.models import FiscalYear, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(FiscalYear)
class FiscalYearAdmin(AuditedAdmin):
    list_display = ["year", "is_open"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[misc]
    """Django's user pages, with accounts' creation, changes and deletion in the audit log (never
    the password hash)."""

    audit_exclude = ("password", "last_login")
