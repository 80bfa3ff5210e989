"""The review cycle of a project table: 草稿 → 已提交 → 主管部门审核 → 财政审核 → 已批复.

One function per state change. Each checks the permission (PermissionDenied), checks the state
(WorkflowError, in Chinese), changes it under a row lock, and writes the audit entry, all in one
transaction. Views, the API and bulk actions call these and nothing else to change a state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from jixiao.audit.models import record
from jixiao.org.access import Role, User, memberships, reach, reach_of, roles_at
from jixiao.org.models import Organisation
from jixiao.targets.models import Project, ProjectVersion, Status, TargetDocument

REVIEWER = {
    Status.SUBMITTED: Role.UNIT_REVIEWER,
    Status.DEPARTMENT_REVIEW: Role.DEPARTMENT_REVIEWER,
    Status.FINANCE_REVIEW: Role.FINANCE_REVIEWER,
}
NEXT = {
    Status.SUBMITTED: Status.DEPARTMENT_REVIEW,
    Status.DEPARTMENT_REVIEW: Status.FINANCE_REVIEW,
    Status.FINANCE_REVIEW: Status.APPROVED,
}


class WorkflowError(Exception):
    """A state change that the table's current state does not allow; the message is Chinese."""


def can_view(user: User, project: Project) -> bool:
    return bool(roles_at(user, project.unit))


def can_edit(user: User, project: Project) -> bool:
    return project.status == Status.DRAFT and Role.UNIT_FILLER in roles_at(user, project.unit)


def can_review(user: User, project: Project) -> bool:
    role = REVIEWER.get(Status(project.status))
    return role is not None and role in roles_at(user, project.unit)


def submit(project: Project, user: User) -> Project:
    """单位填报人 submits a draft for review."""
    return _change(
        project, user, "submit", allowed=lambda p: Role.UNIT_FILLER in roles_at(user, p.unit),
        source=(Status.DRAFT,), target=lambda p: Status.SUBMITTED, snapshot="提交",
    )  # fmt: skip


def approve(project: Project, user: User, comment: str = "") -> Project:
    """The reviewer of the current step passes the table on (or, at 财政审核, approves it)."""
    return _change(
        project, user, "approve", allowed=lambda p: can_review(user, p),
        source=tuple(NEXT), target=lambda p: NEXT[Status(p.status)], reason=comment,
    )  # fmt: skip


def send_back(project: Project, user: User, comment: str) -> Project:
    """The reviewer of the current step returns the table to the unit; a comment is required."""
    if not comment.strip():
        raise WorkflowError("退回须填写退回意见，说明需要修改的内容")
    return _change(
        project, user, "return", allowed=lambda p: can_review(user, p),
        source=tuple(REVIEWER), target=lambda p: Status.DRAFT, reason=comment,
    )  # fmt: skip


def adjust(project: Project, user: User, reason: str) -> Project:
    """目标调整: an approved table is reopened as a new version, with the reason stated."""
    if not reason.strip():
        raise WorkflowError("目标调整须说明调整原因")
    return _change(
        project, user, "adjust", allowed=lambda p: Role.UNIT_FILLER in roles_at(user, p.unit),
        source=(Status.APPROVED,), target=lambda p: Status.DRAFT, reason=reason,
        snapshot="调整前", new_version=True,
    )  # fmt: skip


def _change(
    project: Project,
    user: User,
    action: str,
    *,
    allowed: Callable[[Project], bool],
    source: tuple[Status, ...],
    target: Callable[[Project], Status],
    reason: str = "",
    snapshot: str | None = None,
    new_version: bool = False,
) -> Project:
    with transaction.atomic():
        locked = (
            Project.objects.select_for_update(of=("self",))
            .select_related("unit__parent__parent")
            .get(pk=project.pk)
        )
        if locked.status not in source:
            raise WorkflowError(
                f"「{locked.name}」当前状态为“{locked.get_status_display()}”，不能执行此操作"
            )
        if not allowed(locked):
            raise PermissionDenied
        before: dict[str, Any] = {"status": locked.status, "version": locked.version}
        if snapshot is not None:
            ProjectVersion.objects.create(
                project=locked, number=locked.version, event=snapshot, data=locked.data,
                created_by=user if user.is_authenticated else None,
            )  # fmt: skip
        locked.status = target(locked)
        if new_version:
            locked.version += 1
        locked.save(update_fields=["status", "version"])
        record(
            user, action, locked, before=before,
            after={"status": locked.status, "version": locked.version}, reason=reason,
        )  # fmt: skip
    return locked


ACTOR = {
    Status.DRAFT: Role.UNIT_FILLER,
    **REVIEWER,
}


def todo(user: User) -> Q:
    """A filter on project tables to those waiting for this user's action (待办)."""
    waiting = Q(pk__in=[])
    for status, role in ACTOR.items():
        ids = [m.organisation_id for m in memberships(user) if m.role == role]
        if ids:
            waiting |= Q(status=status) & reach_of(ids, "unit__")
    return waiting


def can_adjust(user: User, project: Project) -> bool:
    return project.status == Status.APPROVED and Role.UNIT_FILLER in roles_at(user, project.unit)


IMPORTERS = (Role.UNIT_FILLER, Role.DEPARTMENT_REVIEWER, Role.ADMIN)


def may_import(user: User) -> bool:
    return any(m.role in IMPORTERS for m in memberships(user))


def may_import_into(user: User, department_code: str | None) -> bool:
    """Whether the user may store a document under the department with this code: one of the
    organisations they import for is that department, below it or above it."""
    codes: set[str] = set()
    for membership in memberships(user):
        if membership.role in IMPORTERS:
            node: Organisation | None = membership.organisation
            while node is not None:
                codes.add(node.code)
                node = node.parent
    return department_code is not None and department_code in codes


COMMENTERS = (Role.UNIT_REVIEWER, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER, Role.UNIT_FILLER)


def can_comment(user: User, project: Project) -> bool:
    return bool(roles_at(user, project.unit) & set(COMMENTERS))


def can_edit_department(user: User, document: TargetDocument) -> bool:
    """The department-wide targets are the 主管部门's: its reviewer keeps them."""
    return Role.DEPARTMENT_REVIEWER in roles_at(user, document.department)


def visible_documents(user: User) -> Q:
    """Documents of a department the user reaches, or holding a table the user reaches."""
    return reach(user, "department__") | Q(
        projects__in=Project.objects.filter(reach(user, "unit__"))
    )
