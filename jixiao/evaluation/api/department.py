"""The API of the 部门整体自评 and of the scoring profiles, with the pages' access rules: outside
the user's reach 404, a role that may not 403, a state that does not allow it 409, a value that
cannot be stored 400. Writes need the session's CSRF token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.evaluate.profile import ProfileError
from jixiao.evaluation import department, profile_admin
from jixiao.evaluation.models import ScoringProfile
from jixiao.evaluation.profiles import in_force, profile_of
from jixiao.targets.models import EDITABLE, TargetDocument
from jixiao.targets.workflow import WorkflowError, visible_documents

router = Router(tags=["绩效自评"])


class Problem(Schema):
    detail: str


class IndicatorRow(Schema):
    index: int = Field(description="部门整体绩效指标的序号（从 0 起，按文本顺序）")
    goal: str = Field(description="所属分项绩效目标")
    name: str
    target: str = Field(description="年度目标值（原文）")
    actual: str = Field(description="实际完成值")
    deviation: str = Field(description="偏差原因分析及改进措施")
    met: bool | None = Field(description="是否达成；无法自动判断时为空")
    judgement: str = Field(description="达成、未达成或待判断")
    words: str = Field(description="判断的理由")


class Rollup(Schema):
    projects: int
    not_started: int
    draft: int = Field(description="草稿（含已退回）")
    submitted: int = Field(description="审核中")
    approved: int
    scored: int = Field(description="已评分的项目数")
    score_total: str | None
    score_mean: str | None
    grades: dict[str, int] = Field(description="优、良、中、差各有几个项目")
    with_figures: int = Field(description="有全年预算数和执行数的项目数")
    budget: str | None = Field(description="全年预算数合计（元）")
    executed: str | None = Field(description="全年执行数合计（元）")
    rate: str | None = Field(description="预算执行率（%）")


class Allowed(Schema):
    edit: bool
    submit: bool
    review: bool


class SelfEvaluationOut(Schema):
    document_id: int
    started: bool
    status: str | None
    status_label: str
    summary: str
    problems: str
    improvements: str
    indicators: list[IndicatorRow]
    rollup: Rollup
    rollup_live: bool = Field(description="true：实时汇总；false：报送时保存的汇总")
    submitted_at: datetime | None
    stamp: str = Field(description="当前内容的标记：修改时随 stamp 提交，以免覆盖他人的修改")
    allowed: Allowed = Field(description="当前用户现在可执行的操作")


class ActualIn(Schema):
    index: int = Field(ge=0, le=9999)
    actual: str = ""
    deviation: str = ""


class SelfEvaluationIn(Schema):
    actuals: list[ActualIn] = Field(default_factory=list, max_length=1000)
    summary: str = ""
    problems: str = ""
    improvements: str = ""
    stamp: str | None = Field(
        None, description="读取时的 stamp；此后已被他人修改的，不保存，答 409"
    )


class Comment(Schema):
    comment: str = ""


class ProfileRow(Schema):
    id: int
    key: str
    version: str
    title: str
    in_force: bool
    created_at: datetime


class ProfilePart(Schema):
    title: str
    rule: str
    marking: str = Field(description="政策规定或可配置的默认设置")
    basis: str = Field(description="政策规定、通行做法或默认设置")
    source: str


class ProfileDetail(ProfileRow):
    text: str = Field(description="方案内容（TOML）")
    parts: list[ProfilePart]


def _document(request: HttpRequest, document_id: int) -> TargetDocument:
    found: TargetDocument | None = (
        TargetDocument.objects.filter(visible_documents(request.user))
        .select_related("department__parent", "fiscal_year", "self_evaluation")
        .filter(pk=document_id)
        .first()
    )
    if found is None:
        raise Http404("没有这个文档，或您无权查看")
    return found


def _out(request: HttpRequest, document: TargetDocument) -> dict[str, Any]:
    evaluation = department.of(document)
    rows = department.rows_of(document, evaluation, profile_of(in_force()))
    may = department.may(request.user, document, evaluation)
    return {
        "document_id": document.pk,
        "started": evaluation is not None,
        "status": evaluation.status if evaluation else None,
        "status_label": evaluation.get_status_display() if evaluation else "未开始",
        "summary": evaluation.summary if evaluation else "",
        "problems": evaluation.problems if evaluation else "",
        "improvements": evaluation.improvements if evaluation else "",
        "indicators": [row.to_data() for row in rows],
        "rollup": department.shown_rollup(document, evaluation),
        "rollup_live": evaluation is None or evaluation.status in EDITABLE,
        "submitted_at": evaluation.submitted_at if evaluation else None,
        "stamp": department.stamp_of(evaluation),
        "allowed": {"edit": may.edit, "submit": may.submit, "review": may.review},
    }


@router.get(
    "/evaluation/documents/{document_id}/self-evaluation",
    response=SelfEvaluationOut,
    summary="部门整体自评：各项部门整体绩效指标的完成情况、项目自评汇总及状态",
)
def get_self_evaluation(request: HttpRequest, document_id: int) -> dict[str, Any]:
    return _out(request, _document(request, document_id))


@router.put(
    "/evaluation/documents/{document_id}/self-evaluation",
    response={200: SelfEvaluationOut, 400: Problem, 403: Problem, 409: Problem},
    summary="填写部门整体自评（主管部门；首次保存即开始自评；只改所列指标，其余保持）",
)
def put_self_evaluation(request: HttpRequest, document_id: int, body: SelfEvaluationIn) -> Any:
    document = _document(request, document_id)
    entry = department.Entry(
        actuals={a.index: (a.actual, a.deviation) for a in body.actuals},
        summary=body.summary, problems=body.problems, improvements=body.improvements,
        stamp=body.stamp,
    )  # fmt: skip
    try:
        department.save(document, request.user, entry)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied)})
    except department.InputError as problem:
        return Status(400, {"detail": str(problem)})
    except WorkflowError as problem:
        return Status(409, {"detail": str(problem)})
    return Status(200, _out(request, _document(request, document_id)))


@router.get(
    "/evaluation/profiles",
    response={200: list[ProfileRow], 403: Problem},
    summary="评分方案的各个版本（系统管理员）",
)
def list_profiles(request: HttpRequest) -> Any:
    if not profile_admin.manages_profiles(request.user):
        return Status(403, {"detail": profile_admin.MANAGERS_ONLY})
    in_force()
    return Status(200, [_profile_row(row) for row in profile_admin.stored()])


@router.get(
    "/evaluation/profiles/{profile_id}",
    response={200: ProfileDetail, 403: Problem, 404: Problem},
    summary="一个评分方案版本：内容（TOML）及要点（系统管理员）",
)
def profile_detail(request: HttpRequest, profile_id: int) -> Any:
    if not profile_admin.manages_profiles(request.user):
        return Status(403, {"detail": profile_admin.MANAGERS_ONLY})
    row = ScoringProfile.objects.filter(pk=profile_id).first()
    if row is None:
        return Status(404, {"detail": "没有这个评分方案"})
    try:
        parts = profile_admin.parts(profile_of(row))
    except ProfileError:
        parts = []
    shown = [
        {"title": p.title, "rule": p.rule, "marking": p.marking, "basis": p.basis,
         "source": p.source}
        for p in parts
    ]  # fmt: skip
    return Status(200, {**_profile_row(row), "text": row.text, "parts": shown})


def _profile_row(row: ScoringProfile) -> dict[str, Any]:
    return {
        "id": row.pk,
        "key": row.key,
        "version": row.version,
        "title": row.title,
        "in_force": row.in_force,
        "created_at": row.created_at,
    }


# The action route ends in a path parameter: declared last, it shadows no route above.
@router.post(
    "/evaluation/documents/{document_id}/self-evaluation/{action}",
    response={200: SelfEvaluationOut, 403: Problem, 409: Problem},
    summary="部门整体自评的工作流操作：submit 报送财政审核（主管部门）、approve 审核通过、"
    "return 退回（须填意见）（财政审核人）",
)
def act(request: HttpRequest, document_id: int, action: str, body: Comment) -> Any:
    if action not in department.ACTIONS:
        raise Http404("没有这个操作")
    document = _document(request, document_id)
    try:
        department.ACTIONS[action](document, request.user, body.comment)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or "您的角色不能对部门整体自评执行该操作"})
    except WorkflowError as problem:
        return Status(409, {"detail": str(problem)})
    return Status(200, _out(request, _document(request, document_id)))
