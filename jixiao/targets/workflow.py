"""The review cycles: a project table goes 草稿 → 已提交 → 主管部门审核 → 财政审核 → 已批复; the
department-wide targets, kept by the 主管部门 itself, go 草稿 → 财政审核 → 已批复. A reviewer's
return makes either 已退回: the unit edits it and submits it again.

One function per state change. Each checks the permission (PermissionDenied), checks the state
(WorkflowError, in Chinese), changes it under a row lock, and writes the audit entry, all in one
transaction. Views, the API and bulk actions call these and nothing else to change a state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from jixiao.audit.models import AuditEntry, record
from jixiao.org.access import Role, User, memberships, reach, reach_of, roles_at
from jixiao.org.models import Organisation
from jixiao.targets.models import EDITABLE, Project, Status, TargetDocument

Reviewed = Project | TargetDocument

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


class OwnSubmissionError(WorkflowError, PermissionDenied):
    """The submitter asked to review their own submission: refused like a state change (pages say
    why) and like a permission (the API answers 403)."""


OWN_SUBMISSION = "提交人不能审核自己提交的表"
OWN_DEPARTMENT_SUBMISSION = "报送人不能审核自己报送的部门整体绩效目标"


def last_submitter(subject: Reviewed) -> int | None:
    """Who submitted the table (or the department-wide targets) last: the latest "submit" entry
    of its audit log."""
    return (
        AuditEntry.objects.filter(
            object_type=subject._meta.label_lower, object_id=str(subject.pk), action="submit"
        )
        .order_by("-pk")
        .values_list("actor_id", flat=True)
        .first()
    )


def separate_duties(subject: Any, user: User, message: str) -> None:
    """Separation of duties (JIXIAO_SEPARATE_DUTIES, on unless set to false): whoever submitted
    it last does not approve or return it, at any review step."""
    if not getattr(settings, "JIXIAO_SEPARATE_DUTIES", True) or not user.is_authenticated:
        return
    if last_submitter(subject) == user.pk:
        raise OwnSubmissionError(message)


def can_view(user: User, project: Project) -> bool:
    return bool(roles_at(user, project.unit))


def can_edit(user: User, project: Project) -> bool:
    return project.status in EDITABLE and Role.UNIT_FILLER in roles_at(user, project.unit)


def can_review(user: User, project: Project) -> bool:
    role = REVIEWER.get(Status(project.status))
    return role is not None and role in roles_at(user, project.unit)


def may_take_review(user: User, subject: Any, reviews: bool) -> bool:
    """Whether to offer the review step's actions: the user `reviews` it and is not the one who
    submitted it (separation of duties would refuse them)."""
    if not reviews:
        return False
    if not getattr(settings, "JIXIAO_SEPARATE_DUTIES", True):
        return True
    return last_submitter(subject) != user.pk


def submit(project: Project, user: User, reason: str = "") -> Project:
    """单位填报人 submits a draft (or a returned table) for review. A table with 错误 goes only
    with the filler's stated reason, which the log keeps."""
    return change_state(
        project, user, "submit", allowed=lambda p: Role.UNIT_FILLER in roles_at(user, p.unit),
        source=EDITABLE, target=lambda p: Status.SUBMITTED, snapshot=_submitted, reason=reason,
        denied=FILLER_ONLY, gate=lambda p: _errors_explained(p, reason, SUBMIT_WITH_ERRORS),
    )  # fmt: skip


def approve(project: Project, user: User, comment: str = "") -> Project:
    """The reviewer of the current step passes the table on (or, at 财政审核, approves it).
    With 错误 outstanding it needs the reviewer's explicit reason; its submitter may not."""

    def gate(locked: Project) -> None:
        separate_duties(locked, user, OWN_SUBMISSION)
        _errors_explained(locked, comment, APPROVE_WITH_ERRORS)

    return change_state(
        project, user, "approve", allowed=lambda p: can_review(user, p),
        source=tuple(NEXT), target=lambda p: NEXT[Status(p.status)], reason=comment,
        snapshot=_approved, denied=_reviewer_needed, gate=gate,
    )  # fmt: skip


def send_back(project: Project, user: User, comment: str) -> Project:
    """The reviewer of the current step returns the table to the unit (已退回); a comment is
    required: the unit reads it at the top of the table."""
    require(comment, RETURN_NEEDS_COMMENT)
    return change_state(
        project, user, "return", allowed=lambda p: can_review(user, p),
        source=tuple(REVIEWER), target=lambda p: Status.RETURNED, reason=comment,
        denied=_reviewer_needed, gate=lambda p: separate_duties(p, user, OWN_SUBMISSION),
    )  # fmt: skip


def adjust(project: Project, user: User, reason: str) -> Project:
    """目标调整: an approved table is reopened as a new version, with the reason stated."""
    require(reason, ADJUST_NEEDS_REASON)
    return change_state(
        project, user, "adjust", allowed=lambda p: Role.UNIT_FILLER in roles_at(user, p.unit),
        source=(Status.APPROVED,), target=lambda p: Status.DRAFT, reason=reason,
        snapshot=_before_adjustment, new_version=True, denied=FILLER_ONLY,
    )  # fmt: skip


RETURN_NEEDS_COMMENT = "退回须填写退回意见，说明需要修改的内容"
ADJUST_NEEDS_REASON = "目标调整须说明调整原因"
SUBMIT_WITH_ERRORS = (
    "本表还有 {errors} 处错误。请先改正；确需带错误提交的，请填写提交说明（原因），审核人会看到"
)
APPROVE_WITH_ERRORS = "本表还有 {errors} 处错误未改正。确需审核通过的，须在审核意见中写明理由"
FILLER_ONLY = "只有本单位的单位填报人可以提交或调整本表"
DEPARTMENT_NEEDS_TARGETS = "本文本没有部门整体绩效目标，不能报送财政审核；请先填写部门整体绩效目标"


def _reviewer_needed(subject: Reviewed) -> str:
    role = REVIEWER.get(Status(subject.status))
    label = Role(role).label if role is not None else "审核人"
    return f"本表当前处于“{subject.get_status_display()}”，只有{label}可以审核或退回"


REVIEW_PENDING = "本表正在审核（审核意见生成中），审核完成后才能提交或审核通过；请稍候刷新页面再试"


def errors_on(project: Project) -> int:
    """错误 on the table now (from its stored review); refused while it is 审核中."""
    from jixiao.targets.reviewing import counts_of  # reviewing lists tables through here

    counts = counts_of([project])[project.pk]
    if counts.get("pending"):
        raise WorkflowError(REVIEW_PENDING)
    return int(counts["错误"])


def _errors_explained(project: Project, reason: str, message: str) -> None:
    errors = errors_on(project)
    if errors:
        require(reason, message.format(errors=errors))


def _submitted(subject: Reviewed) -> str:
    """What made the version a submission snapshot records (the versions page shows it)."""
    if subject.status == Status.RETURNED:
        return "退回后重新提交"
    if subject.version > 1 and not subject.versions.filter(number=subject.version).exists():
        return "目标调整"
    return "提交"


def _approved(subject: Reviewed) -> str | None:
    return "已批复" if NEXT.get(Status(subject.status)) == Status.APPROVED else None


def _before_adjustment(subject: Reviewed) -> str | None:
    """The approved content is already kept as 已批复; older tables have no such snapshot."""
    approved = subject.versions.filter(number=subject.version, event="已批复").exists()
    return None if approved else "调整前"


def require(text: str, message: str) -> None:
    if not text.strip():
        raise WorkflowError(message)


def change_state(
    subject: Any,
    user: User,
    action: str,
    *,
    allowed: Callable[[Any], bool],
    source: tuple[Status, ...],
    target: Callable[[Any], Status],
    reason: str = "",
    snapshot: Callable[[Any], str | None] | None = None,
    new_version: bool = False,
    denied: str | Callable[[Any], str] = "您的角色不能执行此操作",
    gate: Callable[[Any], None] | None = None,
) -> Any:
    """One state change of a reviewed row (a table, department-wide targets, a monitoring report,
    a self-evaluation …): under its row lock, the role checked before the state, `gate` before
    the change, a snapshot into `versions` when `snapshot` names an event, the audit entry after."""
    with transaction.atomic():
        locked = _lock(subject)
        # The role first: someone who may never act is told so, not about the state.
        if not allowed(locked) and not _may_act_in_some_state(user, locked, allowed):
            raise PermissionDenied(denied(locked) if callable(denied) else denied)
        if locked.status not in source:
            raise WorkflowError(
                f"「{locked.title}」当前状态为“{locked.get_status_display()}”，不能执行此操作"
            )
        if not allowed(locked):
            raise PermissionDenied(denied(locked) if callable(denied) else denied)
        if gate is not None:
            gate(locked)
        before: dict[str, Any] = {"status": locked.status, "version": locked.version}
        event = snapshot(locked) if snapshot is not None else None
        if event is not None:
            locked.versions.create(
                number=locked.version, event=event, data=locked.data,
                created_by=user if user.is_authenticated else None,
            )  # fmt: skip
        locked.status = target(locked)
        if new_version:
            locked.version += 1
        changed = ["status", "version"]
        if action == "submit" and isinstance(locked, Project) and locked.grade_override:
            # a reviewer's 审核结果 judged the table as it was: a new submission is judged anew
            locked.grade_override, locked.grade_reason, locked.grade_by = "", "", None
            changed += ["grade_override", "grade_reason", "grade_by"]
        locked.save(update_fields=changed)
        record(
            user, action, locked, before=before,
            after={"status": locked.status, "version": locked.version}, reason=reason,
        )  # fmt: skip
    return locked


def _may_act_in_some_state(user: User, subject: Reviewed, allowed: Callable[[Any], bool]) -> bool:
    """Whether the check would pass in a state the action starts from (the reviewer of another
    step, the filler of an approved table): then the state, not the role, is the reason."""
    current = subject.status
    try:
        for status in Status:
            subject.status = status
            if allowed(subject):
                return True
        return False
    finally:
        subject.status = current


def _lock(subject: Any) -> Any:
    """The row again, locked for the rest of the transaction, with the organisations that decide
    who may act on it (another cycle's row names them in its `lock_related`)."""
    if isinstance(subject, Project):
        return (
            Project.objects.select_for_update(of=("self",))
            .select_related("unit__parent__parent")
            .get(pk=subject.pk)
        )
    if isinstance(subject, TargetDocument):
        return (
            TargetDocument.objects.select_for_update(of=("self",))
            .select_related("department__parent")
            .get(pk=subject.pk)
        )
    model = type(subject)
    related = getattr(model, "lock_related", ())
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=subject.pk)


ACTOR = {
    Status.DRAFT: Role.UNIT_FILLER,
    Status.RETURNED: Role.UNIT_FILLER,
    **REVIEWER,
}


def todo(user: User) -> Q:
    """A filter on project tables to those waiting for this user's action (待办)."""
    waiting = Q(pk__in=[])
    for status, role in ACTOR.items():
        held = [m.organisation for m in memberships(user) if m.role == role]
        if held:
            waiting |= Q(status=status) & reach_of(held, "unit__")
    return waiting


def can_adjust(user: User, project: Project) -> bool:
    return project.status == Status.APPROVED and Role.UNIT_FILLER in roles_at(user, project.unit)


IMPORTERS = (Role.UNIT_FILLER, Role.DEPARTMENT_REVIEWER, Role.ADMIN)


def may_import(user: User) -> bool:
    return any(m.role in IMPORTERS for m in memberships(user))


def may_import_into(user: User, department: Organisation) -> bool:
    """Whether the user may store a document under this department (one of
    `importable_departments`: the same department, by its key — codes repeat across fiscal
    bureaus)."""
    return any(found.pk == department.pk for found in importable_departments(user))


def importable_departments(user: User) -> list[Organisation]:
    """The 主管部门 the user may store documents under: the department they import for, the
    department above their unit, or the departments below their fiscal bureau."""
    found: dict[int, Organisation] = {}
    for membership in memberships(user):
        if membership.role not in IMPORTERS:
            continue
        held = membership.organisation
        if held.kind == Organisation.Kind.FINANCE:
            for child in Organisation.objects.filter(
                parent=held, kind=Organisation.Kind.DEPARTMENT
            ):
                found[child.pk] = child
            continue
        node: Organisation | None = held
        while node is not None and node.kind != Organisation.Kind.DEPARTMENT:
            node = node.parent
        if node is not None:
            found[node.pk] = node
    return sorted(found.values(), key=lambda department: department.code)


COMMENTERS = (Role.UNIT_REVIEWER, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER, Role.UNIT_FILLER)


def can_comment(user: User, project: Project) -> bool:
    return bool(roles_at(user, project.unit) & set(COMMENTERS))


KEEPERS = frozenset({Role.UNIT_FILLER, Role.DEPARTMENT_REVIEWER})
"""Who keeps the department-wide targets: the 主管部门's own filler or reviewer (held at the
department, not at one of its units)."""


def keeps_department(user: User, document: TargetDocument) -> bool:
    return bool(roles_at(user, document.department) & KEEPERS)


def can_edit_department(user: User, document: TargetDocument) -> bool:
    return document.status in EDITABLE and keeps_department(user, document)


def reviews_department(user: User, document: TargetDocument) -> bool:
    """The fiscal bureau reviews the department-wide targets: its 财政审核人."""
    return Role.FINANCE_REVIEWER in roles_at(user, document.department)


def can_review_department(user: User, document: TargetDocument) -> bool:
    return document.status == Status.FINANCE_REVIEW and reviews_department(user, document)


def can_adjust_department(user: User, document: TargetDocument) -> bool:
    return document.status == Status.APPROVED and keeps_department(user, document)


def submit_department(document: TargetDocument, user: User) -> TargetDocument:
    """The 主管部门 submits its department-wide targets to the fiscal bureau (not when the
    document has none)."""
    return change_state(
        document, user, "submit", allowed=lambda d: keeps_department(user, d),
        source=EDITABLE, target=lambda d: Status.FINANCE_REVIEW, snapshot=_submitted,
        denied=KEEPERS_ONLY, gate=_has_department_targets,
    )  # fmt: skip


KEEPERS_ONLY = "只有主管部门的填报人或审核人可以报送或调整部门整体绩效目标"
FINANCE_ONLY = "只有财政审核人可以审核或退回部门整体绩效目标"


def _has_department_targets(document: TargetDocument) -> None:
    data = document.data or {}
    if not (data.get("overall_goal") or data.get("sub_goals")):
        raise WorkflowError(DEPARTMENT_NEEDS_TARGETS)


def department_warnings(document: TargetDocument) -> list[str]:
    """What a reviewer should know before approving the department-wide targets."""
    drafts = document.projects.filter(status__in=EDITABLE).count()
    if not drafts:
        return []
    return [
        f"本文本还有 {drafts} 张项目绩效目标表尚未提交（草稿或已退回）："
        "部门整体目标批复后，项目目标仍可能变化，请确认后再审核通过"
    ]


def approve_department(document: TargetDocument, user: User, comment: str = "") -> TargetDocument:
    """财政审核人 approves the department-wide targets; they are locked from then on."""
    return change_state(
        document, user, "approve", allowed=lambda d: reviews_department(user, d),
        source=(Status.FINANCE_REVIEW,), target=lambda d: Status.APPROVED, reason=comment,
        snapshot=lambda d: "已批复", denied=FINANCE_ONLY,
        gate=lambda d: separate_duties(d, user, OWN_DEPARTMENT_SUBMISSION),
    )  # fmt: skip


def send_back_department(document: TargetDocument, user: User, comment: str) -> TargetDocument:
    """财政审核人 returns the department-wide targets to the 主管部门; a comment is required."""
    require(comment, RETURN_NEEDS_COMMENT)
    return change_state(
        document, user, "return", allowed=lambda d: reviews_department(user, d),
        source=(Status.FINANCE_REVIEW,), target=lambda d: Status.RETURNED, reason=comment,
        denied=FINANCE_ONLY, gate=lambda d: separate_duties(d, user, OWN_DEPARTMENT_SUBMISSION),
    )  # fmt: skip


def adjust_department(document: TargetDocument, user: User, reason: str) -> TargetDocument:
    """目标调整 of approved department-wide targets: reopened as a new version, reason stated."""
    require(reason, ADJUST_NEEDS_REASON)
    return change_state(
        document, user, "adjust", allowed=lambda d: keeps_department(user, d),
        source=(Status.APPROVED,), target=lambda d: Status.DRAFT, reason=reason,
        snapshot=_before_adjustment, new_version=True, denied=KEEPERS_ONLY,
    )  # fmt: skip


Action = Callable[[Any, User, str], Any]
PROJECT_ACTIONS: dict[str, Action] = {
    "submit": submit,
    "approve": approve,
    "return": send_back,
    "adjust": adjust,
}
DEPARTMENT_ACTIONS: dict[str, Action] = {
    "submit": lambda document, user, _text: submit_department(document, user),
    "approve": approve_department,
    "return": send_back_department,
    "adjust": adjust_department,
}
"""The state changes by the name pages and the API use for them (each takes a comment or
reason, ignored where none is asked)."""


DEPARTMENT_ACTOR: dict[Status, frozenset[str]] = {
    Status.DRAFT: KEEPERS,
    Status.RETURNED: KEEPERS,
    Status.FINANCE_REVIEW: frozenset({Role.FINANCE_REVIEWER}),
}


def department_todo(user: User) -> Q:
    """A filter on documents to those whose department-wide targets wait for this user."""
    waiting = Q(pk__in=[])
    for status, roles in DEPARTMENT_ACTOR.items():
        held = [m.organisation for m in memberships(user) if m.role in roles]
        if held:
            # held at the department or above it: a unit's filler keeps no department targets
            waiting |= Q(status=status) & reach_of(held, "department__")
    return waiting & Q(withdrawn_at__isnull=True)


def visible_projects(user: User) -> QuerySet[Project]:
    """The tables the user's roles reach, with what their lists show (never those of a withdrawn
    document)."""
    return Project.objects.filter(
        reach(user, "unit__"), document__withdrawn_at__isnull=True
    ).select_related("unit", "document__fiscal_year")


def listed_projects(user: User) -> QuerySet[Project]:
    """`visible_projects` for lists: without the tables' and their documents' content (JSON a
    list never shows)."""
    return visible_projects(user).defer("data", "document__data")


def visible_documents(user: User) -> Q:
    """Documents of a department the user reaches, or holding a table the user reaches; never a
    withdrawn one."""
    holds = Project.objects.filter(reach(user, "unit__"), document=OuterRef("pk"))
    # EXISTS, not a join: a join repeats each document per table and needs DISTINCT over them
    return (reach(user, "department__") | Q(Exists(holds))) & Q(withdrawn_at__isnull=True)
