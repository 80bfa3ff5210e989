"""The API of a project's 绩效自评, with the page's access rules: what the user's roles do not
reach answers 404, a role that may not act 403, a state that does not allow it 409, a value that
cannot be stored 400 (every problem named). Amounts travel as decimal strings ("251.89")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.evaluation import selfeval
from jixiao.evaluation.models import SelfEvaluation
from jixiao.evaluation.views.projects import project_for
from jixiao.targets import workflow
from jixiao.targets.models import Project

router = Router(tags=["绩效自评"])


class Problem(Schema):
    detail: str


class Problems(Schema):
    detail: str
    problems: list[str] = Field(description="每个问题一条，写明栏目或第几行")


class ActualIn(Schema):
    index: int = Field(ge=0, le=9999, description="指标在项目表中的序号（从 0 起）")
    actual: str | None = Field(None, description="实际完成值，如“8次”；省略则不变")
    deviation: str | None = Field(None, description="偏差原因分析及改进措施；省略则不变")


class SelfEvaluationIn(Schema):
    initial_budget: str | None = Field(None, description="年初预算数（项目的金额单位），省略则不变")
    full_year_budget: str | None = Field(None, description="全年预算数，省略则不变")
    executed: str | None = Field(None, description="全年执行数，省略则不变")
    actuals: list[ActualIn] = Field(default_factory=list, description="逐行实际完成值")
    conclusion: str | None = None
    problems: str | None = None
    improvements: str | None = None
    execution_reason: str | None = Field(
        None, description="执行率偏低的原因（低于评分方案要求时必填）"
    )


class AdjustIn(Schema):
    index: int = Field(ge=0, le=9999, description="指标序号（从 0 起）")
    score: str = Field("", description="调整后的得分；空表示恢复计算得分")
    reason: str = Field("", description="调整理由（必填）")


class Comment(Schema):
    comment: str = ""


class SelfEvaluationOut(Schema):
    project_id: int
    project_code: str
    project_name: str
    money_unit: str
    status: str
    status_label: str
    figures: dict[str, str | None] = Field(description="年初预算数、全年预算数、全年执行数，如所填")
    actuals: list[dict[str, Any]]
    adjustments: list[dict[str, Any]] = Field(description="人工调整：序号、得分、理由、调整人")
    conclusion: str
    problems: str
    improvements: str
    execution_reason: str
    total_score: str | None = Field(description="总分（各项均已计分时）")
    grade: str | None
    profile: dict[str, Any] | None = Field(description="计分所用评分方案（标识、版本、名称）")
    computed_at: datetime | None
    submitted_at: datetime | None
    result: dict[str, Any] = Field(
        description="计分过程：预算执行率和每个指标的分值、分值来源、得分及算式"
    )
    submit_problems: list[str] = Field(description="提交前还须完成的事项（逐条写明第几行）")


def _out(project: Project, evaluation: SelfEvaluation) -> dict[str, Any]:
    figures = selfeval.written_figures(evaluation)
    result = evaluation.result or {}
    return {
        "project_id": project.pk,
        "project_code": project.code,
        "project_name": project.name,
        "money_unit": project.money_unit,
        "status": evaluation.status,
        "status_label": evaluation.get_status_display(),
        "figures": {k: None if v is None else format(v, "f") for k, v in figures.items()},
        "actuals": evaluation.actuals,
        "adjustments": evaluation.adjustments,
        "conclusion": evaluation.conclusion,
        "problems": evaluation.problems,
        "improvements": evaluation.improvements,
        "execution_reason": evaluation.execution_reason,
        "total_score": None if evaluation.total_score is None else str(evaluation.total_score),
        "grade": evaluation.grade or None,
        "profile": result.get("profile"),
        "computed_at": evaluation.computed_at,
        "submitted_at": evaluation.submitted_at,
        "result": {k: v for k, v in result.items() if k != "figures"},
        "submit_problems": selfeval.submit_problems(evaluation),
    }


NOT_STARTED = {"detail": "本项目尚未开始绩效自评"}


@router.get(
    "/evaluation/projects/{project_id}",
    response={200: SelfEvaluationOut, 404: Problem},
    summary="项目的绩效自评：预算执行情况、实际完成值、各项得分及算式、总分和等级",
)
def detail(request: HttpRequest, project_id: int) -> Any:
    project = project_for(request, project_id)
    evaluation = selfeval.evaluation_of(project)
    if evaluation is None:
        return Status(404, NOT_STARTED)
    return Status(200, _out(project, evaluation))


@router.put(
    "/evaluation/projects/{project_id}",
    response={200: SelfEvaluationOut, 400: Problems, 403: Problem, 404: Problem, 409: Problem},
    summary="填写预算执行情况、实际完成值和偏差原因（本单位填报人，草稿或已退回时）；"
    "保存后按当前评分方案重新计分。省略的栏目不变",
)
def update(request: HttpRequest, project_id: int, body: SelfEvaluationIn) -> Any:
    project = project_for(request, project_id)
    evaluation = selfeval.evaluation_of(project)
    if evaluation is None:
        return Status(404, NOT_STARTED)
    given = body.dict()
    figures = {key: given[key] or "" for key, _ in selfeval.FIGURES if given[key] is not None}
    texts = {
        key: given[key] for key, _ in (*selfeval.TEXTS, selfeval.REASON) if given[key] is not None
    }
    actuals: dict[int, dict[str, str | None]] = {}
    for entry in body.actuals:
        actuals.setdefault(entry.index, {}).update(
            {
                k: v
                for k, v in (("actual", entry.actual), ("deviation", entry.deviation))
                if v is not None
            }
        )
    try:
        changed = selfeval.save(
            evaluation, request.user, figures=figures, actuals=actuals, texts=texts
        )
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or selfeval.FILLER_ONLY})
    except workflow.WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    except ValidationError as invalid:
        return Status(400, {"detail": "；".join(invalid.messages), "problems": invalid.messages})
    return Status(200, _out(project, changed))


@router.post(
    "/evaluation/projects/{project_id}/adjust",
    response={200: SelfEvaluationOut, 400: Problems, 403: Problem, 404: Problem, 409: Problem},
    summary="人工调整一个指标的得分（须写明理由，得分在 0 至分值之间；空得分恢复计算得分）",
)
def adjust(request: HttpRequest, project_id: int, body: AdjustIn) -> Any:
    project = project_for(request, project_id)
    evaluation = selfeval.evaluation_of(project)
    if evaluation is None:
        return Status(404, NOT_STARTED)
    try:
        changed = selfeval.adjust_score(
            evaluation, request.user, body.index, body.score, body.reason
        )
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or selfeval.FILLER_ONLY})
    except workflow.WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    except ValidationError as invalid:
        return Status(400, {"detail": "；".join(invalid.messages), "problems": invalid.messages})
    return Status(200, _out(project, changed))


# The action route ends in a path parameter: declared last, it shadows none of the above.
@router.post(
    "/evaluation/projects/{project_id}/{action}",
    response={200: SelfEvaluationOut, 403: Problem, 404: Problem, 409: Problem},
    summary="start 开始绩效自评（项目已批复后，本单位填报人）、submit 提交（未完全达成的指标须"
    "填写偏差原因）、approve 审核通过、return 退回（须填意见）",
)
def act(request: HttpRequest, project_id: int, action: str, body: Comment) -> Any:
    if action != "start" and action not in selfeval.ACTIONS:
        raise Http404("没有这个操作")
    project = project_for(request, project_id)
    evaluation = selfeval.evaluation_of(project)
    try:
        if action == "start":
            changed = selfeval.start(project, request.user)
        elif evaluation is None:
            return Status(404, NOT_STARTED)
        else:
            changed = selfeval.ACTIONS[action](evaluation, request.user, body.comment)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or "您的角色不能执行此操作"})
    except workflow.WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    return Status(200, _out(project, changed))
