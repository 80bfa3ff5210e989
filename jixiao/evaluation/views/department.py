"""Pages of the 部门整体自评 (a document's department-wide indicators' actual values, the roll-up of
its projects' self-evaluations and their cycle) and of the scoring profiles (the system
administrator's).

The first line of every view loads through the user's reach (404 outside it) or checks the
administrator (403); writes go through `evaluation.department` and `evaluation.profile_admin`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.evaluate.profile import ProfileError
from jixiao.evaluation import department, profile_admin
from jixiao.evaluation.models import ScoringProfile
from jixiao.evaluation.profiles import builtin_text, in_force, profile_of
from jixiao.targets.history import last_returns
from jixiao.targets.models import Status, TargetDocument
from jixiao.targets.workflow import WorkflowError, visible_documents
from jixiao.web.paging import Pages

PAGE_SIZE = 50
_FIELD = re.compile(r"(actual|deviation)_(\d{1,4})")


def document_for(request: HttpRequest, pk: int) -> TargetDocument:
    """The document, if the user may see it (with its self-evaluation, in the same query)."""
    found = (
        TargetDocument.objects.filter(visible_documents(request.user))
        .select_related("department__parent", "fiscal_year", "self_evaluation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有这个文档，或您无权查看")
    return found


def entry_from(posted: Any) -> department.Entry:
    actuals: dict[int, tuple[str, str]] = {}
    for name in posted:
        matched = _FIELD.fullmatch(name)
        if matched is None:
            continue
        index = int(matched.group(2))
        actual, deviation = actuals.get(index, ("", ""))
        if matched.group(1) == "actual":
            actual = posted.get(name, "")
        else:
            deviation = posted.get(name, "")
        actuals[index] = (actual, deviation)
    return department.Entry(
        actuals=actuals,
        summary=posted.get("summary", ""),
        problems=posted.get("problems", ""),
        improvements=posted.get("improvements", ""),
        stamp=posted.get("stamp"),
    )


def rollup_shown(data: dict[str, Any]) -> dict[str, Any]:
    """The roll-up as the page lays it out: each grade with its share of the graded projects."""
    graded = sum(data["grades"].values())
    grades = [
        (grade, count, f"{Decimal(count * 100) / graded:.1f}%" if graded else "—")
        for grade, count in data["grades"].items()
    ]
    return {**data, "graded": graded, "grade_rows": grades}


@login_required
def department_selfeval(request: HttpRequest, pk: int) -> HttpResponse:
    """The department's self-evaluation of this document: the roll-up, each department-wide
    indicator with its target, actual, completion and deviation, the actions and the log."""
    document = document_for(request, pk)
    evaluation = department.of(document)
    profile_row = in_force()
    rows = department.rows_of(document, evaluation, profile_of(profile_row))
    may = department.may(request.user, document, evaluation)
    live = evaluation is None or evaluation.status in (Status.DRAFT, Status.RETURNED)
    log = Pages(department.log_entries(evaluation), PAGE_SIZE).get_page(request.GET.get("log_page"))
    returned = (
        last_returns([evaluation]).get(evaluation.pk)
        if evaluation is not None and evaluation.status == Status.RETURNED
        else None
    )
    return render(
        request,
        "evaluation/department.html",
        {
            "document": document,
            "evaluation": evaluation,
            "rows": rows,
            "rollup": rollup_shown(department.shown_rollup(document, evaluation)),
            "live": live,
            "may": may,
            "stamp": department.stamp_of(evaluation),
            "returned": returned,
            "history": department.log_lines(log),
            "log_page": log,
            "profile": profile_row,
            "targets_approved": document.status == Status.APPROVED,
        },
    )


@login_required
@require_POST
def department_selfeval_save(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_for(request, pk)
    try:
        department.save(document, request.user, entry_from(request.POST))
    except (WorkflowError, department.InputError) as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "部门整体自评已保存。")
    return redirect("department_selfeval", pk=document.pk)


@login_required
@require_POST
def department_selfeval_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    document = document_for(request, pk)
    if action not in department.ACTIONS:
        raise Http404("没有这个操作")
    try:
        department.ACTIONS[action](document, request.user, request.POST.get("comment", ""))
    except WorkflowError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"部门整体自评{department.DONE[action]}。")
    return redirect("department_selfeval", pk=document.pk)


# -- scoring profiles ------------------------------------------------------------------------------


def profile_for(request: HttpRequest, pk: int) -> ScoringProfile:
    profile_admin.require_manager(request.user)
    found = profile_admin.stored().filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个评分方案")
    return found


@login_required
def scoring_profile_list(request: HttpRequest) -> HttpResponse:
    profile_admin.require_manager(request.user)
    in_force()  # the shipped default is listed even before anyone stored one
    page = Pages(profile_admin.stored(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluation/profiles.html", {"page": page})


@login_required
def scoring_profile(request: HttpRequest, pk: int) -> HttpResponse:
    row = profile_for(request, pk)
    try:
        parts, problem = profile_admin.parts(profile_of(row)), ""
    except ProfileError as error:  # stored under older rules that no longer read it
        parts, problem = [], error.message
    return render(
        request, "evaluation/profile.html", {"row": row, "parts": parts, "problem": problem}
    )


@login_required
def scoring_profile_new(request: HttpRequest) -> HttpResponse:
    """A new version from edited TOML: the form starts from the version chosen (?from=), the one
    in force by default; an error keeps what was typed and says where."""
    profile_admin.require_manager(request.user)
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            row = profile_admin.save_version(request.user, text)
        except profile_admin.ProfileTextError as problem:
            return render(
                request, "evaluation/profile_form.html", {"text": text, "error": str(problem)},
                status=400,
            )  # fmt: skip
        messages.success(request, f"已保存评分方案「{row}」。需要时请将其设为当前使用。")
        return redirect("scoring_profile", pk=row.pk)
    base = request.GET.get("from", "")
    source = (
        profile_admin.stored().filter(pk=int(base)).first()
        if base.isascii() and base.isdigit() and len(base) < 12
        else None
    ) or in_force()
    return render(
        request,
        "evaluation/profile_form.html",
        {"text": source.text or builtin_text(), "source": source, "error": ""},
    )


@login_required
@require_POST
def scoring_profile_in_force(request: HttpRequest, pk: int) -> HttpResponse:
    row = profile_for(request, pk)
    try:
        profile_admin.set_in_force(request.user, row)
    except WorkflowError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"「{row}」已设为当前使用的评分方案；此后的自评按此方案评分。")
    return redirect("scoring_profile", pk=row.pk)
