"""The 审核结果 of a stored table: computed from its findings by the bureau's scheme, or set by a
reviewer with a reason (until the table is submitted again)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.audit.models import record
from jixiao.org.access import User, roles_at
from jixiao.org.people import display_name
from jixiao.review.engine import Finding
from jixiao.review.result import CONSEQUENCES_88, ReviewResult, Scheme, load_scheme, review_result
from jixiao.targets.models import Project, ReviewGrade
from jixiao.targets.workflow import REVIEWER, WorkflowError, can_review


@dataclass(frozen=True)
class Grade:
    """What the table page, 待办, the printable review and the API show as the 审核结果."""

    computed: ReviewResult
    override: str
    reason: str
    by: str

    @property
    def grade(self) -> str:
        return self.override or self.computed.grade

    @property
    def consequence(self) -> str:
        return CONSEQUENCES_88[self.grade]

    def to_data(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "consequence": self.consequence,
            "computed": self.computed.to_data(),
            "override": (
                {"grade": self.override, "reason": self.reason, "by": self.by}
                if self.override
                else None
            ),
        }


@cache
def scheme() -> Scheme:
    """The bureau's scheme (`JIXIAO_REVIEW_SCHEME`, a TOML file) or the default."""
    path = getattr(settings, "JIXIAO_REVIEW_SCHEME", None)
    return load_scheme(Path(path) if path else None)


def grade_of(project: Project, findings: list[Finding]) -> Grade:
    by = display_name(project.grade_by) if project.grade_override else ""
    return Grade(
        review_result(findings, scheme()), project.grade_override, project.grade_reason, by
    )


GRADE_NEEDS_REASON = "改定审核结果须说明理由"


def set_grade(project: Project, user: User, grade: str, reason: str) -> Project:
    """The reviewer of the current step sets the 审核结果 (or clears it with an empty grade, back
    to the computed one); the reason is required and logged."""
    if grade and grade not in ReviewGrade.values:
        raise WorkflowError("审核结果只能是优、良、中、差之一")
    if grade and not reason.strip():
        raise WorkflowError(GRADE_NEEDS_REASON)
    with transaction.atomic():
        locked = (
            Project.objects.select_for_update(of=("self",))
            .select_related("unit__parent__parent")
            .get(pk=project.pk)
        )
        if not can_review(user, locked):
            if roles_at(user, locked.unit) & set(REVIEWER.values()):
                raise WorkflowError(
                    f"本表当前为“{locked.get_status_display()}”，不在您的审核环节，不能改定审核结果"
                )
            raise PermissionDenied("只有审核人可以改定审核结果")
        before = {"grade": locked.grade_override or None}
        locked.grade_override = grade
        locked.grade_reason = reason.strip() if grade else ""
        locked.grade_by = user if grade else None
        locked.save(update_fields=["grade_override", "grade_reason", "grade_by"])
        record(user, "grade", locked, before=before, after={"grade": grade or None}, reason=reason)
    return locked
