from django.contrib import admin

from jixiao.audit.audited import AuditedAdmin
from jixiao.targets.models import Project, TargetDocument


class ProjectInline(admin.TabularInline):
    model = Project
    fields = ["position", "code", "name", "unit", "budget_total", "money_unit"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(TargetDocument)
class TargetDocumentAdmin(AuditedAdmin):
    list_display = ["department", "fiscal_year", "source", "status", "version", "imported_at"]
    list_filter = ["fiscal_year", "status"]
    list_select_related = ["department", "fiscal_year", "imported_by"]
    # content and state change only through the audited domain functions (targets.workflow,
    # targets.editing), never by editing rows here
    readonly_fields = ["content_hash", "imported_at", "data", "status", "version"]
    inlines = [ProjectInline]
