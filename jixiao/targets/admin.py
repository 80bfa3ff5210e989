from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from jixiao.audit.audited import AuditedAdmin
from jixiao.org.admin_scope import BureauScopedAdmin, operator
from jixiao.targets import withdrawal
from jixiao.targets.models import Project, TargetDocument
from jixiao.targets.workflow import WorkflowError


class ProjectInline(admin.TabularInline):
    model = Project
    fields = ["position", "code", "name", "unit", "budget_total", "money_unit"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class Withdrawn(admin.SimpleListFilter):
    title = "是否撤回"
    parameter_name = "withdrawn"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "在用"), ("yes", "已撤回")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("no", "yes"):
            return queryset.filter(withdrawn_at__isnull=self.value() == "no")
        return queryset


@admin.register(TargetDocument)
class TargetDocumentAdmin(BureauScopedAdmin, AuditedAdmin):
    """Documents are never deleted here: they are withdrawn (撤回/作废) with a reason, which keeps
    their tables, versions and comments, and the audit log says who did it and why."""

    list_display = [
        "department", "fiscal_year", "source", "status", "version", "imported_at", "withdrawn_at",
    ]  # fmt: skip
    list_filter = [Withdrawn, "fiscal_year", "status"]
    list_select_related = ["department", "fiscal_year", "imported_by"]
    # content and state change only through the audited domain functions (targets.workflow,
    # targets.editing, targets.withdrawal), never by editing rows here
    readonly_fields = [
        "content_hash", "imported_at", "data", "status", "version", "withdrawn_at",
        "withdrawn_by", "withdrawal_reason",
    ]  # fmt: skip
    inlines = [ProjectInline]
    actions = ["withdraw"]
    scope_prefix = "department__"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # a document moved to another year takes its tables along (they carry its year)
            obj.projects.exclude(year=obj.fiscal_year.year).update(year=obj.fiscal_year.year)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return operator(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # a 系统管理员 looks and withdraws; moving a document is the operator's
        return operator(request) and super().has_change_permission(request, obj)

    def has_withdraw_permission(self, request: HttpRequest) -> bool:
        return operator(request) or self.manages(request)

    @admin.action(description="撤回（作废）所选绩效目标文本", permissions=["withdraw"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        documents = list(queryset.filter(withdrawn_at__isnull=True))
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirm") == "yes" and reason:
            done = 0
            for document in documents:
                try:
                    withdrawal.withdraw(document, request.user, reason)
                except (WorkflowError, PermissionDenied) as problem:
                    self.message_user(request, str(problem), messages.ERROR)
                else:
                    done += 1
            self.message_user(request, f"已撤回 {done} 份绩效目标文本。", messages.SUCCESS)
            return None
        if not documents:
            self.message_user(request, "所选文本均已撤回。", messages.WARNING)
            return None
        return TemplateResponse(
            request,
            "admin/targets/withdraw_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "撤回（作废）绩效目标文本",
                "opts": self.model._meta,
                "documents": documents,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "missing_reason": request.POST.get("confirm") == "yes",
            },
        )
