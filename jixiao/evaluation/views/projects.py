"""A project's 绩效自评 page: the budget figures and each indicator's actual value with the score's
arithmetic, manual adjustments, the review actions and the log.

The first line of every view loads the project through the user's reach (404 outside it); writes
go through `evaluation.selfeval`, which answers 403 (PermissionDenied) for a role that may not and
a WorkflowError — shown as a message — for a state that does not allow it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.evaluate.profile import BASIS_LABELS, Profile
from jixiao.evaluation import selfeval
from jixiao.evaluation.models import SelfEvaluation
from jixiao.evaluation.profiles import profile_of
from jixiao.targets import workflow
from jixiao.targets.history import last_returns
from jixiao.targets.models import Project, Status


def project_for(request: HttpRequest, pk: int) -> Project:
    """The project with its self-evaluation and its profile, in one query; 404 outside reach."""
    found = (
        workflow.visible_projects(request.user)
        .select_related("unit__parent__parent", "document__department", "self_evaluation__profile")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有这个项目，或您无权查看")
    return found


def started(project: Project) -> SelfEvaluation:
    evaluation = selfeval.evaluation_of(project)
    if evaluation is None:
        raise Http404("本项目尚未开始绩效自评")
    return evaluation


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    return _render(request, project)


def _render(
    request: HttpRequest,
    project: Project,
    *,
    error: list[str] | None = None,
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    evaluation = selfeval.evaluation_of(project)
    context: dict[str, Any] = {
        "project": project,
        "evaluation": evaluation,
        "can_start": evaluation is None and selfeval.can_start(user, project),
        "fills": selfeval.fills(user, project),
        "error": error or [],
    }
    if evaluation is None:
        return render(request, "evaluation/selfeval.html", context, status=status)
    table = project.to_core()
    result = evaluation.result or {}
    profile = profile_of(evaluation.profile) if evaluation.profile is not None else None
    entered = {int(entry["index"]): entry for entry in evaluation.actuals}
    adjusted = {int(entry["index"]): entry for entry in evaluation.adjustments}
    scored = result.get("indicators") or []
    figures = {
        key: "" if value is None else format(value, "f")
        for key, value in selfeval.written_figures(evaluation).items()
    }
    if typed is not None:  # what was typed, shown again with the error
        figures.update(typed.get("figures", {}))
    rows = []
    for index, indicator in enumerate(table.indicators):
        item = scored[index] if index < len(scored) else {}
        entry = entered.get(index, {})
        shown = typed.get("actuals", {}).get(index, {}) if typed is not None else {}
        rows.append(
            {
                "index": index,
                "indicator": indicator,
                "item": item,
                "actual": shown.get("actual", entry.get("actual", "")),
                "deviation": shown.get("deviation", entry.get("deviation", "")),
                "source": selfeval.weight_source(item, profile),
                "adjustment": adjusted.get(index),
            }
        )
    reviews = selfeval.reviews(user, evaluation)
    may_review = reviews and selfeval.may_take_review(user, evaluation)
    editable = selfeval.can_edit(user, evaluation)
    texts = {key: getattr(evaluation, key) for key, _ in (*selfeval.TEXTS, selfeval.REASON)}
    if typed is not None:
        texts.update(typed.get("texts", {}))
    context.update(
        table=table,
        result=result,
        execution=result.get("execution") or {},
        figures=[(key, label, figures.get(key, "")) for key, label in selfeval.FIGURES],
        texts=[(key, label, texts.get(key, "")) for key, label in selfeval.TEXTS],
        execution_reason=texts.get(selfeval.REASON[0], ""),
        rows=rows,
        profile=profile,
        standing=_standing(profile) if profile is not None else [],
        can_edit=editable,
        can_submit=editable,
        problems=selfeval.submit_problems(evaluation) if editable else [],
        can_review=may_review,
        own_submission=reviews and not may_review,
        returned=last_returns([evaluation]).get(evaluation.pk)
        if evaluation.status == Status.RETURNED
        else None,
        history=selfeval.history(evaluation),
    )
    return render(request, "evaluation/selfeval.html", context, status=status)


def _standing(profile: Profile) -> list[tuple[str, str, str]]:
    """The profile's sections as users read them: what, 政策规定/通行做法/默认设置, its source."""
    sections = [
        ("分值", profile.weights.standing),
        ("预算执行率", profile.execution.standing),
        ("正向指标", profile.positive.standing),
        ("反向指标", profile.negative.standing),
        ("“=”指标", profile.equal.standing),
        ("目标值为 0", profile.zero_target.standing),
        ("定性指标", profile.qualitative),
        ("评价等级", profile.grading),
        ("取整", profile.rounding),
    ]
    return [(name, BASIS_LABELS[s.basis], s.source) for name, s in sections]


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    try:
        selfeval.start(project, request.user)
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"「{project.name}」的绩效自评已开始，请填写预算执行情况和实际完成值。"
        )
    return redirect("selfeval", pk=project.pk)


@login_required
@require_POST
def save(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    evaluation = started(project)
    posted = request.POST
    figures = {key: posted.get(key, "") for key, _ in selfeval.FIGURES if key in posted}
    texts = {
        key: posted.get(key, "") for key, _ in (*selfeval.TEXTS, selfeval.REASON) if key in posted
    }
    actuals: dict[int, dict[str, str | None]] = {}
    for index in range(len(project.to_core().indicators)):
        fields = {key: posted.get(f"{key}_{index}") for key in ("actual", "deviation")}
        if any(value is not None for value in fields.values()):
            actuals[index] = fields
    try:
        selfeval.save(evaluation, request.user, figures=figures, actuals=actuals, texts=texts)
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
    except ValidationError as invalid:
        typed = {"figures": figures, "texts": texts, "actuals": actuals}
        return _render(request, project, error=invalid.messages, typed=typed)
    else:
        messages.success(request, "已保存，并已按评分方案重新计分。")
    return redirect("selfeval", pk=project.pk)


@login_required
@require_POST
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    evaluation = started(project)
    index = request.POST.get("index", "")
    if not (index.isascii() and index.isdigit()):
        raise Http404("没有这一行指标")
    try:
        selfeval.adjust_score(
            evaluation, request.user, int(index), request.POST.get("score", ""),
            request.POST.get("reason", ""),
        )  # fmt: skip
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
    except ValidationError as invalid:
        for text in invalid.messages:
            messages.error(request, text)
    else:
        messages.success(request, f"第 {int(index) + 1} 行的得分已调整，总分已重新计算。")
    return redirect("selfeval", pk=project.pk)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in selfeval.ACTIONS:
        raise Http404("没有这个操作")
    project = project_for(request, pk)
    evaluation = started(project)
    try:
        selfeval.ACTIONS[action](evaluation, request.user, request.POST.get("comment", ""))
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"「{project.name}」的绩效自评{selfeval.DONE[action]}。")
    return redirect("selfeval", pk=project.pk)
