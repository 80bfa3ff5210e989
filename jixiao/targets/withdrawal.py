"""Withdrawing (撤回/作废) a stored document instead of deleting it.

A document is never deleted: withdrawn, it leaves every list and page (`workflow.visible_*`), while
its tables, versions and comments stay stored and the audit log keeps who withdrew it, when and
why. The same content may then be imported again as a new document.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jixiao.audit.models import record
from jixiao.org.access import Role, User, roles_at
from jixiao.targets.models import TargetDocument
from jixiao.targets.workflow import WorkflowError

NEEDS_REASON = "撤回须说明原因"
ALREADY = "「{title}」已于 {at:%Y-%m-%d %H:%M} 撤回"
ADMINS_ONLY = "只有本部门所属的系统管理员可以撤回绩效目标文本"


def may_withdraw(user: User, document: TargetDocument) -> bool:
    """The operator, or a 系统管理员 whose role reaches the document's department."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(getattr(user, "is_superuser", False)) or Role.ADMIN in roles_at(
        user, document.department
    )


def withdraw(document: TargetDocument, user: User, reason: str) -> TargetDocument:
    """Mark the document withdrawn, with the reason, in the audit log in the same transaction."""
    if not reason.strip():
        raise WorkflowError(NEEDS_REASON)
    with transaction.atomic():
        locked = (
            TargetDocument.objects.select_for_update(of=("self",))
            .select_related("department__parent")
            .get(pk=document.pk)
        )
        if not may_withdraw(user, locked):
            raise PermissionDenied(ADMINS_ONLY)
        if locked.withdrawn_at is not None:
            at = timezone.localtime(locked.withdrawn_at)
            raise WorkflowError(ALREADY.format(title=locked.title, at=at))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user if user.is_authenticated else None  # type: ignore[assignment]
        locked.withdrawal_reason = reason.strip()
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        record(user, "withdraw", locked, reason=locked.withdrawal_reason)
    return locked
