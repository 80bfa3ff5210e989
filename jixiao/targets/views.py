"""Pages of the target tables: 待办, a table with its review findings and actions, and import.

The first line of every view loads what it shows through the user's reach: what the user's roles
do not reach answers 404. State changes go through `workflow`, which answers 403 for a role that
may not act.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from jixiao.core.compare import compare_departments, compare_projects
from jixiao.core.framework import framework
from jixiao.core.model import Department as CoreDepartment
from jixiao.core.model import Project as CoreProject
from jixiao.core.model import TargetDocument as CoreDocument
from jixiao.export import review_html, xlsx_template
from jixiao.ingest import IngestError
from jixiao.jobs.services import start_import
from jixiao.jobs.views import rereview_scope
from jixiao.monitoring.views.reports import todo_section as monitoring_todo
from jixiao.org.access import administered, reach, roles_at
from jixiao.org.models import Organisation
from jixiao.org.people import display_name
from jixiao.review import review_document
from jixiao.review.engine import SEVERITIES, all_rules
from jixiao.review.result import review_result
from jixiao.review.summary import by_project, summarize
from jixiao.targets import creating, editing, grading, importing, reviewing, uploads, workflow
from jixiao.targets.history import (
    document_entries,
    document_lines,
    entries_of,
    last_returns,
    lines,
)
from jixiao.targets.models import (
    COMMENT_FIELDS,
    EDITABLE,
    LISTED,
    Project,
    ReviewGrade,
    Status,
    TargetDocument,
)
from jixiao.targets.reviewing import (
    counts_of,
    department_findings,
    document_findings,
    findings_for,
    for_reader,
)
from jixiao.targets.services import store
from jixiao.web.paging import Pages

HEADER_FIELDS = ("budget", "purpose", "spending_plan", "goals")
PREVIEW_KEY = "jixiao_import_preview"
PAGE_SIZE = 50


def project_for(request: HttpRequest, pk: int) -> Project:
    project = (
        workflow.visible_projects(request.user).select_related(
            "unit__parent__parent", "document__department", "grade_by"
        )
    ).filter(pk=pk)
    found = project.first()
    if found is None:
        raise Http404("没有这个项目，或您无权查看")
    return found


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """待办 first, then every table the user may see: filtered by year, state and words, a page
    at a time."""
    waiting = _rows(workflow.listed_projects(request.user)).filter(workflow.todo(request.user))
    everything = _rows(workflow.listed_projects(request.user)).order_by(*LISTED)
    filters = {
        "year": request.GET.get("year", "").strip(),
        "status": request.GET.get("status", "").strip(),
        "q": request.GET.get("q", "").strip()[:100],
    }
    if filters["year"].isascii() and filters["year"].isdigit():
        everything = everything.filter(year=int(filters["year"]))
    if filters["status"] in Status.values:
        everything = everything.filter(status=filters["status"])
    if filters["q"]:
        words = _search(filters["q"])
        everything = everything.filter(
            Q(**{f"name__{words}": filters["q"]})
            | Q(**{f"code__{words}": filters["q"]})
            | Q(**{f"unit__name__{words}": filters["q"]})
        )
    page = Pages(everything, PAGE_SIZE).get_page(request.GET.get("page"))
    departments = (
        TargetDocument.objects.filter(workflow.department_todo(request.user))
        .select_related("department", "fiscal_year")
        .defer("data")
    )
    waiting_page = Pages(waiting.order_by(*LISTED), PAGE_SIZE).get_page(
        request.GET.get("todo_page")
    )
    waiting_rows = list(waiting_page)
    counts = _finding_counts([*waiting_rows, *page])
    for project in [*waiting_rows, *page]:
        project.finding_counts = counts[project.pk]
    returns = last_returns([p for p in waiting_rows if p.status == Status.RETURNED])
    for project in waiting_rows:
        project.why = _why_waiting(project, returns)
    return render(
        request,
        "targets/todo.html",
        {
            "waiting": waiting_rows,
            "waiting_page": waiting_page,
            "departments": departments,
            "page": page,
            "filters": filters,
            "statuses": Status.choices,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "can_fill": creating.fills_tables(request.user),
            "monitoring": monitoring_todo(request),
        },
    )


def _search(words: str) -> str:
    """The lookup that finds the words inside names: Chinese has no case, and a search without
    cased letters needs no case folding — a plain LIKE, which reads each name once where
    UPPER(name) LIKE builds a folded copy of every name first (PostgreSQL: 1.4 against 4–6 ms
    over 10,000 tables)."""
    return "contains" if words.lower() == words.upper() else "icontains"


ROW_FIELDS = (
    "document_id", "unit_id", "position", "year", "code", "name", "status", "version",
    "grade_override", "unit__name",
)  # fmt: skip
"""What a row of 待办 and of the list shows: nothing else is read (narrow rows sort in memory)."""


def _rows(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related(None).select_related("unit").only(*ROW_FIELDS)


def _finding_counts(projects: list[Project]) -> dict[int, dict[str, Any]]:
    """错误/警告 counts and the 审核结果 of each table, from the stored reviews (one query, no
    findings decoded)."""
    counts = counts_of(projects)
    for project in projects:
        counts[project.pk]["grade"] = project.grade_override or counts[project.pk]["computed_grade"]
    return counts


def _why_waiting(project: Project, returns: dict[int, Any]) -> str:
    """Why a table is in the user's 待办, in a few words."""
    if project.status == Status.RETURNED:
        back = returns.get(project.pk)
        return f"已退回：{back.reason}" if back is not None else "已退回，请修改后重新提交"
    if project.status == Status.DRAFT:
        if project.finding_counts.get("pending"):
            return f"待提交（{reviewing.PENDING}）"
        errors = project.finding_counts.get("错误", 0)
        return f"待提交（还有 {errors} 处错误）" if errors else "待提交"
    return f"待您审核（{project.get_status_display()}）"


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    found = findings_for(request.user, project)
    findings = found or []
    table = project.to_core()
    user = request.user
    comments = list(project.comments.select_related("author"))
    rules = all_rules()
    entries = entries_of([project])
    log = Pages(entries, PAGE_SIZE).get_page(request.GET.get("log_page"))
    remarks = entries.filter(action__in=REMARK_ACTIONS).exclude(reason="")[:REMARKS_SHOWN]
    reviews = workflow.can_review(user, project)
    may_review = workflow.may_take_review(user, project, reviews)
    return render(
        request,
        "targets/project.html",
        {
            "project": project,
            "table": table,
            "findings": findings,
            "rows": [
                (
                    indicator,
                    [f for f in findings if f.indicator_index == index],
                    [c for c in comments if c.indicator_index == index],
                )
                for index, indicator in enumerate(table.indicators)
            ],
            "table_findings": [
                f for f in findings if f.indicator_index is None and f.field not in HEADER_FIELDS
            ],
            "field_findings": _by_header_field(findings),
            "field_comments": {
                field: [c for c in comments if c.indicator_index is None and c.field == field]
                for field in HEADER_FIELDS
            },
            "comment_fields": COMMENT_FIELDS.items(),
            "comment_rules": sorted(
                {(f.rule, rules[f.rule].title) for f in findings if f.rule in rules},
                key=lambda pair: pair[1],
            ),
            "errors": sum(1 for f in findings if f.severity == "错误"),
            "pending": found is None,
            "grade": grading.grade_of(project, findings) if found is not None else None,
            "grades": ReviewGrade.values,
            "returned": last_returns([project]).get(project.pk)
            if project.status == Status.RETURNED
            else None,
            "can_submit": project.status in EDITABLE and workflow.can_edit(user, project),
            "can_edit": workflow.can_edit(user, project),
            "row_actions": [("up", "上移"), ("down", "下移"), ("remove", "删除")],
            "can_review": may_review,
            "own_submission": reviews and not may_review,
            "can_adjust": workflow.can_adjust(user, project),
            "history": lines(log),
            "log_page": log,
            "exchange": _exchange(comments, lines(remarks)),
            "comments": comments,
            "can_comment": workflow.can_comment(user, project),
        },
    )


REMARKS = ("退回", "审核通过", "提交", "目标调整", "改定审核结果")
"""Steps of the cycle whose stated reason is part of the exchange between unit and reviewers."""
REMARK_ACTIONS = ("return", "approve", "submit", "adjust", "grade")
"""Their audit actions."""
REMARKS_SHOWN = 200
"""The newest reasons given with those steps that the exchange shows (a table's log pages)."""


def _exchange(comments: list[Any], log: list[Any]) -> list[dict[str, Any]]:
    """审核意见交流: the remarks and the reasons given with returns, approvals, submissions and
    changed results, oldest first."""
    said = [
        {"at": c.created_at, "who": display_name(c.author), "comment": c, "step": ""}
        for c in comments
    ] + [
        {
            "at": line.at,
            "who": line.actor,
            "comment": None,
            "step": line.action,
            "text": line.reason,
        }
        for line in log
        if line.reason and line.action in REMARKS
    ]
    return sorted(said, key=lambda item: item["at"])


def _by_header_field(findings: list[Any]) -> dict[str, list[Any]]:
    """A table's findings on its header fields, by field: they are shown beside the field."""
    return {
        field: [f for f in findings if f.indicator_index is None and f.field == field]
        for field in HEADER_FIELDS
    }


@login_required
def project_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The table's versions, and what changed between any two (the current table included)."""
    project = project_for(request, pk)
    versions = list(project.versions.select_related("created_by"))
    states: dict[str, tuple[str, Any]] = {"current": ("当前", project.to_core())}
    for version in versions:
        states[str(version.pk)] = (
            f"第{version.number}版（{version.event}，{_local(version.created_at)}）",
            CoreProject.model_validate(version.data),
        )
    return _versions_page(
        request, versions, states, compare_projects,
        {"title": project.name, "back": reverse("project", args=[project.pk])},
    )  # fmt: skip


def _local(moment: datetime) -> str:
    """A stored time as the pages show it: in Asia/Shanghai (TIME_ZONE), not UTC."""
    return f"{localtime(moment):%Y-%m-%d %H:%M}"


def _versions_page(
    request: HttpRequest,
    versions: list[Any],
    states: dict[str, tuple[str, Any]],
    compare: Any,
    context: dict[str, Any],
) -> HttpResponse:
    first = request.GET.get("a") or (str(versions[-1].pk) if versions else "current")
    second = request.GET.get("b") or "current"
    if first not in states or second not in states:
        raise Http404("没有这个版本")
    return render(
        request,
        "targets/versions.html",
        {
            **context,
            "versions": versions,
            "choices": [(key, label) for key, (label, _) in states.items()],
            "a": first,
            "b": second,
            "a_label": states[first][0],
            "b_label": states[second][0],
            "changes": compare(states[first][1], states[second][1]),
        },
    )


@login_required
def edit_indicator(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    project = project_for(request, pk)
    if not workflow.can_edit(request.user, project):
        raise PermissionDenied
    table = project.to_core()
    if not 0 <= index < len(table.indicators):
        raise Http404("没有这一行指标")
    error = None
    values = request.POST if request.method == "POST" else None
    if request.method == "POST":
        try:
            editing.update_indicator(project, request.user, index, request.POST.dict())
        except editing.EditConflictError as conflict:
            # 已被他人修改: the form shows the row as stored now, under the current revision
            error, values = str(conflict), None
            project.revision, table = conflict.current.revision, conflict.current.to_core()
            project.document.refresh_from_db(fields=["revision"])  # its review changed too
            if not 0 <= index < len(table.indicators):
                messages.error(request, error)
                return redirect("project", pk=project.pk)
        except workflow.WorkflowError as problem:
            error = str(problem)
        else:
            messages.success(request, f"第 {index + 1} 行指标已保存，审核意见已更新。")
            return redirect("project", pk=project.pk)
    return render(
        request,
        "targets/indicator_form.html",
        {
            "project": project,
            "index": index,
            "row": index + 1,
            "indicator": table.indicators[index],
            "found": [
                f for f in findings_for(request.user, project) or [] if f.indicator_index == index
            ],
            "values": values,
            **_category_choices(table.indicators[index], values),
            "basis_kinds": editing.BASIS_KINDS,
            "error": error,
            # the revision the form was first filled in from, kept while it is shown again
            "revision": values.get("revision", "") if values is not None else project.revision,
        },
    )


def _category_choices(indicator: Any, posted: Any) -> dict[str, Any]:
    """The editor's 一级/二级 choices: every category of the indicator framework (二级 grouped
    under its 一级), and the row's own wording too where it is not one of them, so that saving
    without touching it keeps it."""
    chosen = {
        key: (posted.get(key, "") if posted is not None else getattr(indicator, key) or "").strip()
        for key in ("level1", "level2")
    }
    levels = framework()
    names = {
        "level1": {one.name for one in levels},
        "level2": {two.name for one in levels for two in one.level2},
    }
    return {
        "levels": levels,
        "chosen": chosen,
        "others": {key: value for key, value in chosen.items() if value not in names[key]},
    }


@login_required
def edit_header(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    if not workflow.can_edit(request.user, project):
        raise PermissionDenied
    table = project.to_core()
    error = None
    # What was typed when it is shown again, else the stored fields as written (never a Decimal
    # through the template's number formatting), with the revision they were read at.
    values: Any = request.POST if request.method == "POST" else editing.header_fields(project)
    if request.method == "POST":
        try:
            editing.update_header(project, request.user, request.POST.dict())
        except editing.EditConflictError as conflict:
            # 已被他人修改: the form shows the header as stored now, under the current revision
            error, values = str(conflict), editing.header_fields(conflict.current)
            table = conflict.current.to_core()
            project.document.refresh_from_db(fields=["revision"])  # its review changed too
        except workflow.WorkflowError as problem:
            error = str(problem)
        else:
            messages.success(request, "表头已保存，审核意见已更新。")
            return redirect("project", pk=project.pk)
    return render(
        request,
        "targets/header_form.html",
        {
            "project": project,
            "table": table,
            "values": values,
            "plan": [
                (f"plan_{n}", point.by, values.get(f"plan_{n}", ""))
                for n, point in enumerate(table.spending_plan)
            ],
            "error": error,
            "units": editing.unit_choices(project, request.user),
            "field_findings": _by_header_field(findings_for(request.user, project) or []),
        },
    )


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    # 针对: "row:N" (an indicator row), "field:NAME" (a header field) or the whole table
    kind, _, value = request.POST.get("target", "").partition(":")
    index = value if kind == "row" else request.POST.get("index", "")
    field = value if kind == "field" else request.POST.get("field", "")
    try:
        editing.add_comment(
            project, request.user, request.POST.get("text", ""),
            field=field if field in COMMENT_FIELDS else "", rule=request.POST.get("rule", "")[:64],
            index=int(index) if index.isascii() and index.isdigit() else None,
        )  # fmt: skip
    except workflow.WorkflowError as problem:
        messages.error(request, str(problem))
    return redirect("project", pk=project.pk)


@login_required
@require_POST
def set_grade(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    try:
        grading.set_grade(
            project, request.user, request.POST.get("grade", ""), request.POST.get("reason", "")
        )
    except workflow.WorkflowError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "审核结果已保存。")
    return redirect("project", pk=project.pk)


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    """The documents the user may see: department and year, the department-wide targets' state,
    and how many tables of each the user reaches."""
    documents = (
        TargetDocument.objects.filter(workflow.visible_documents(request.user))
        .distinct()
        .select_related("department", "fiscal_year", "imported_by")
        .annotate(
            tables=Count(
                "projects",
                filter=Q(projects__in=workflow.visible_projects(request.user)),
                distinct=True,
            )
        )
        .order_by("-fiscal_year__year", "department__code", "-imported_at")
    )
    mine = request.GET.get("mine") == "1"
    if mine:  # what the user imported, to find it again afterwards
        documents = documents.filter(imported_by=request.user)
    page = Pages(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    administers = bool(administered(request.user))
    stale = len(rereview_scope(request)) if administers else 0
    return render(
        request,
        "targets/documents.html",
        {
            "page": page,
            "mine": mine,
            "administers": administers,
            "stale": stale,
            "keeps": creating.keeps_departments(request.user),
        },
    )


def document_for(request: HttpRequest, pk: int) -> TargetDocument:
    found = (
        TargetDocument.objects.filter(workflow.visible_documents(request.user))
        .select_related("department__parent", "fiscal_year")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有这个文档，或您无权查看")
    return found


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The department-wide targets, their cycle, the tables the user reaches and the log — the
    tables and the log a page at a time, whatever the size of the document."""
    document = document_for(request, pk)
    tables = workflow.listed_projects(request.user).filter(document=document)
    page = Pages(_rows(tables).order_by("position"), PAGE_SIZE).get_page(request.GET.get("page"))
    # a role at the department (or above) reaches every table of its documents
    whole = bool(roles_at(request.user, document.department))
    units = None if whole else Organisation.objects.filter(reach(request.user))
    log = Pages(document_entries(document, units), PAGE_SIZE).get_page(request.GET.get("log_page"))
    user = request.user
    counts = counts_of(list(page))
    found = department_findings(document)
    department = document.to_core(projects=[]).department
    return render(
        request,
        "targets/document.html",
        {
            "document": document,
            "department": department,
            "file_department_name": _file_department_name(department, document.department),
            "findings": for_reader(user, found or []),
            "department_pending": found is None,
            "pending": found is None or any(c.get("pending") for c in counts.values()),
            "projects": [(p, _total(counts[p.pk])) for p in page],
            "page": page,
            "log_page": log,
            "can_edit": workflow.can_edit_department(user, document),
            "can_review": workflow.may_take_review(
                user, document, workflow.can_review_department(user, document)
            ),
            "can_adjust": workflow.can_adjust_department(user, document),
            "warnings": workflow.department_warnings(document)
            if workflow.can_review_department(user, document)
            else [],
            "returned": last_returns([document]).get(document.pk)
            if document.status == Status.RETURNED
            else None,
            "history": document_lines(document, log, None if whole else tables),
        },
    )


def _file_department_name(department: CoreDepartment | None, organisation: Organisation) -> str:
    """The department's name as the file writes it in its department-wide targets, when it is
    not the name of the organisation they are stored under (matched by its code, or by one name
    holding the other: 零陵区林业局本级 under 零陵区林业局); "" when it is (spacing aside) or the
    file names none."""
    written = (department.name or "").strip() if department is not None else ""
    if "".join(written.split()) == "".join(organisation.name.split()):
        return ""
    return written


def _total(counts: dict[str, Any]) -> int | None:
    """How many findings a table has (None while it is 审核中)."""
    return None if counts.get("pending") else sum(counts[s] for s in SEVERITIES)


@login_required
def document_review(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The printable 审核意见 of the document: the department-wide targets and the tables the user
    reaches (other units' tables are neither named nor counted). Streamed from the stored
    reviews a batch of tables at a time: the first bytes leave at once, memory stays flat."""
    document = document_for(request, pk)
    reviewing.ensure_reviewed(document)
    tables = workflow.listed_projects(request.user).filter(document=document)
    department = for_reader(request.user, department_findings(document) or [])
    summary = reviewing.summary_of(document, tables, department)
    rows = tables.select_related("grade_by").order_by("position").iterator(chunk_size=500)
    user = request.user

    def page() -> Iterator[str]:
        yield review_html.page_start()
        yield from review_html.document_head(document.source, summary)
        yield from review_html.department_section(department)
        for project, found in document_findings(user, document, rows):
            if found is None:
                worded = f"审核结果：{reviewing.PENDING}。"
                yield from review_html.table_section(project, worded, None)
                continue
            grade = grading.grade_of(project, found)  # the reviewers' own results count
            why = f"审核人改定，理由：{grade.reason}" if grade.override else grade.computed.reason
            worded = f"审核结果：{grade.grade}。{why}。{grade.consequence}。"
            yield from review_html.table_section(project, worded, found)
        yield review_html.page_end()

    return StreamingHttpResponse(page(), content_type="text/html; charset=utf-8")


DONE = {"submit": "已提交", "approve": "已审核通过", "return": "已退回", "adjust": "已开始目标调整"}
"""What the message after a state change says was done."""


@login_required
@require_POST
def document_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    document = document_for(request, pk)
    if action not in workflow.DEPARTMENT_ACTIONS:
        raise Http404("没有这个操作")
    try:
        warnings = workflow.department_warnings(document) if action == "approve" else []
        workflow.DEPARTMENT_ACTIONS[action](document, request.user, request.POST.get("comment", ""))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"部门整体绩效目标{DONE[action]}。")
        for warning in warnings:
            messages.warning(request, warning)
    return redirect("document", pk=document.pk)


@login_required
def document_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The department-wide targets' versions, and what changed between any two."""
    document = document_for(request, pk)
    versions = list(document.versions.select_related("created_by"))
    states: dict[str, tuple[str, CoreDepartment | None]] = {
        "current": ("当前", document.to_core(projects=[]).department)
    }
    for version in versions:
        states[str(version.pk)] = (
            f"第{version.number}版（{version.event}，{_local(version.created_at)}）",
            CoreDepartment.model_validate(version.data) if version.data else None,
        )
    return _versions_page(
        request, versions, states, compare_departments,
        {"title": document.title, "back": reverse("document", args=[document.pk])},
    )  # fmt: skip


@login_required
def edit_department(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_for(request, pk)
    if not workflow.can_edit_department(request.user, document):
        raise PermissionDenied
    if request.method == "POST":
        try:
            editing.update_department(document, request.user, request.POST.dict())
        except workflow.WorkflowError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, "部门整体绩效目标已保存，审核意见已更新。")
        return redirect("document", pk=document.pk)
    department = document.to_core(projects=[]).department
    return render(
        request,
        "targets/department_form.html",
        {
            "document": document,
            "department": department,
            "safeguards": "\n".join(department.safeguards) if department else "",
            "blank": len(department.sub_goals) if department else 0,
            "stamp": editing.department_stamp(document.data),
            "found": for_reader(request.user, department_findings(document) or []),
        },
    )


ROW_ACTIONS: dict[str, Callable[..., Project]] = {
    "add": lambda project, user, index, revision: editing.add_indicator(project, user),
    "remove": lambda project, user, index, revision: editing.remove_indicator(
        project, user, index, revision=revision
    ),
    "up": lambda project, user, index, revision: editing.move_indicator(
        project, user, index, -1, revision=revision
    ),
    "down": lambda project, user, index, revision: editing.move_indicator(
        project, user, index, 1, revision=revision
    ),
}
"""Row actions by name; each is refused when the rows changed since the page showed them
(the revision it carries), since the row at the index may then be another."""


@login_required
@require_POST
def edit_rows(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    project = project_for(request, pk)
    if action not in ROW_ACTIONS:
        raise Http404("没有这个操作")
    try:
        index = int(request.POST.get("index", "0"))
        revision = editing.expected_revision(request.POST.dict())
        changed = ROW_ACTIONS[action](project, request.user, index, revision)
    except (ValueError, workflow.WorkflowError) as problem:
        messages.error(request, str(problem))
    else:
        if action == "add":  # the new row is blank: straight to its editor
            last = len(changed.to_core().indicators) - 1
            return redirect("indicator-edit", pk=project.pk, index=last)
    return redirect("project", pk=project.pk)


@login_required
@require_POST
def project_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    project = project_for(request, pk)
    if action not in workflow.PROJECT_ACTIONS:
        raise Http404("没有这个操作")
    try:
        workflow.PROJECT_ACTIONS[action](project, request.user, request.POST.get("comment", ""))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"「{project.name}」{DONE[action]}。")
    return redirect("project", pk=project.pk)


@login_required
def import_document(request: HttpRequest) -> HttpResponse:
    """Upload → preview with review findings → confirm; nothing is stored before the confirm."""
    if not workflow.may_import(request.user):
        raise PermissionDenied
    context: dict[str, Any] = {
        "max_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024),
        "departments": _department_choices(request.user),
    }
    if request.method == "POST" and "confirm" in request.POST:
        if "group" in request.POST:  # an upload of several files (or a zip)
            return _confirm_many(request, context)
        return _confirm(request)
    if request.method == "POST" and uploads.is_many(request.FILES.getlist("file")):
        return _preview_many(request, context)
    if request.method == "POST":
        error = None
        try:
            chosen = request.POST.get("department", "").strip()
            checked = importing.check_upload(
                request.user, _upload_of(request), request.POST.get("year"),
                # the choice is the department's key: codes repeat across fiscal bureaus
                department_id=int(chosen) if chosen.isascii() and chosen.isdigit() else None,
                department_code=None if chosen.isascii() and chosen.isdigit() else chosen,
            )  # fmt: skip
        except importing.ImportRefusedError as refused:
            error = refused.message
        else:
            request.session[PREVIEW_KEY] = importing.keep_draft(request.user, checked)
            findings = review_document(checked.document)
            context.update(
                preview=checked.document,
                read_warnings=[w.text(checked.document.source) for w in checked.document.warnings],
                findings=findings,
                summary=summarize(checked.document, findings),
                groups=_preview_groups(checked.document, findings),
                chosen=checked.department if checked.chosen else None,
                target_department=checked.department,
            )
        context["error"] = error
        context["year"] = request.POST.get("year", "")
        context["department"] = request.POST.get("department", "")
        upload = request.FILES.get("file")
        context["file_name"] = upload.name if error and upload is not None else ""
    return render(request, "targets/import.html", context)


def _upload_of(request: HttpRequest) -> Any:
    """The file uploaded; a filled-in 填报模板 as the official form its cells make, once
    `fill_template` has checked it."""
    return getattr(request, "filled_template", None) or request.FILES.get("file")


def _department_choices(user: Any) -> list[tuple[int, str]]:
    """The departments the user may import into, by key, each labelled with its code and name,
    and with its fiscal bureau where two of them share a code."""
    departments = workflow.importable_departments(user)
    codes = [d.code for d in departments]
    return [
        (
            d.pk,
            f"{d.code} {d.name}"
            + (f"（{d.parent.name}）" if codes.count(d.code) > 1 and d.parent else ""),
        )
        for d in departments
    ]


def _preview_groups(document: CoreDocument, findings: list[Any]) -> list[dict[str, Any]]:
    """What was read, place by place, beside its findings: the department-wide targets, then
    each table with its header fields, its rows (each with the findings on it) and its counts.
    Findings are grouped in one pass."""
    by_table = by_project(findings)
    places = [("部门整体绩效目标", None)] + [
        (f"{p.code or '（无编码）'} {p.name}", n) for n, p in enumerate(document.projects)
    ]
    groups = []
    for title, index in places:
        own = by_table.get(index, [])
        counts = {
            level: sum(1 for f in own if f.severity == level) for level in ("错误", "警告", "提示")
        }
        project = document.projects[index] if index is not None else None
        on_rows: dict[int, list[Any]] = {}
        for finding in own:
            if finding.indicator_index is not None:
                on_rows.setdefault(finding.indicator_index, []).append(finding)
        groups.append(
            {
                "title": title,
                "findings": own,
                "counts": counts,
                "project": project,
                "table_findings": [f for f in own if f.indicator_index is None],
                "rows": [
                    (indicator, on_rows.get(n, []))
                    for n, indicator in enumerate(project.indicators if project else [])
                ],
                "grade": review_result(own) if project is not None else None,
            }
        )
    return groups


def _preview_many(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """Each file checked as a single upload is, one table of them, one confirm for them all."""
    chosen = request.POST.get("department", "").strip()
    by_key = chosen.isascii() and chosen.isdigit()  # the page's choice is the department's key
    context.update(year=request.POST.get("year", ""), department=chosen)
    try:
        previews = uploads.check_many(
            request.user, request.FILES.getlist("file"), request.POST.get("year"),
            department_id=int(chosen) if by_key else None,
            department_code=None if by_key else chosen,
        )  # fmt: skip
    except importing.ImportRefusedError as refused:
        context["error"] = refused.message
        return render(request, "targets/import.html", context)
    context.update(
        previews=previews,
        group=uploads.keep_group(request.user, previews),
        readable=sum(1 for p in previews if p.checked is not None),
        tally=uploads.tally([p.result for p in previews]),
        details=[
            {
                "label": p.label,
                "document": p.checked.document,
                "counts": p.counts,
                "groups": _preview_groups(p.checked.document, p.findings),
            }
            for p in previews
            if p.checked is not None
        ],
    )
    return render(request, "targets/import_many.html", context)


def _confirm_many(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The files are stored by a job (`jobs.tasks.import_group`); its page shows how far it got
    and then each file's result."""
    group = request.POST.get("group", "")
    files = uploads.group_size(request.user, group)
    if files is None:
        messages.error(request, "预览已失效，请重新上传文件。")
        return redirect("import")
    job = start_import(request.user, group, files)
    return redirect("job", pk=job.pk)


def _confirm(request: HttpRequest) -> HttpResponse:
    pending = importing.take_draft(request.user, request.session.pop(PREVIEW_KEY, None))
    if pending is None:
        messages.error(request, "预览已失效，请重新上传文件。")
        return redirect("import")
    document, year, chosen = pending
    department = next(
        (d for d in workflow.importable_departments(request.user) if d.pk == chosen), None
    )
    if department is None:
        messages.error(request, "所选主管部门已不在您可导入的范围内，请重新上传。")
        return redirect("import")
    try:  # checked again as the preview was: the tree or the user's roles may have changed
        result = store(document, year=year, department=department, user=request.user)
    except IngestError as refused:
        messages.error(request, f"未导入：{refused.message}")
        return redirect("import")
    stored = result.document
    if result.created:
        messages.success(
            request, f"已导入 {stored.department.name} {stored.fiscal_year.year}年度。"
        )
    else:
        messages.info(request, "该文件此前已导入，未重复保存。")
    return redirect("document", pk=stored.pk)  # the importer sees what was stored


# Starting a table in jixiao: a blank form, a copy of an earlier year's table, the 填报模板.


def _fill_years(request: HttpRequest) -> tuple[int, list[int]]:
    """The year asked for (?year= / the form's), else the current one, and the years offered."""
    this_year = localtime().year
    chosen = importing.parse_year(request.POST.get("year") or request.GET.get("year"))
    return chosen or this_year, list(range(this_year + 1, this_year - 3, -1))


def _fill_unit(request: HttpRequest, units: list[Any]) -> Any:
    """The unit asked for among the user's, else their first; 403 when they fill in for none."""
    if not units:
        raise PermissionDenied("只有单位填报人可以新建项目绩效目标表")
    asked = (request.POST.get("unit") or request.GET.get("unit") or "").strip()
    if not asked:
        return units[0]
    found = next((u for u in units if str(u.pk) == asked), None)
    if found is None:
        raise Http404("没有这个预算单位，或您不能为它填报")
    return found


def _chosen_document(request: HttpRequest) -> TargetDocument | None:
    asked = request.POST.get("document", "").strip()
    if not (asked.isascii() and asked.isdigit()):
        return None
    return TargetDocument.objects.filter(pk=int(asked)).first()  # checked by the domain function


@login_required
def new_table(request: HttpRequest) -> HttpResponse:
    """新建项目表: the blank form's header for a unit the user fills in for and a year."""
    units = creating.fillable_units(request.user)
    unit = _fill_unit(request, units)
    year, years = _fill_years(request)
    values: Any = request.POST if request.method == "POST" else creating.blank_fields()
    error = None
    if request.method == "POST":
        try:
            created = creating.create_table(
                request.user, unit, year, request.POST.dict(),
                document=_chosen_document(request),
            )  # fmt: skip
        except workflow.WorkflowError as problem:
            error = str(problem)
        else:
            messages.success(
                request, f"已新建「{created.name}」（草稿）：请逐行填写绩效指标，完成后提交审核。"
            )
            return redirect("project", pk=created.pk)
    department = creating.department_of(unit)
    return render(
        request,
        "targets/new_table.html",
        {
            "units": units,
            "unit": unit,
            "year": year,
            "years": years,
            "documents": creating.documents_for(department, year),
            "department": department,
            "values": values,
            "plan": [
                (f"plan_{n}", by, values.get(f"plan_{n}", ""))
                for n, by in enumerate(creating.PLAN_POINTS)
            ],
            "money_units": creating.MONEY_UNITS,
            "first_rows": creating.FIRST_ROWS,
            "error": error,
        },
    )


@login_required
def copy_table(request: HttpRequest) -> HttpResponse:
    """复制上年项目表: the user's units' tables of earlier years, each copied into a year."""
    units = creating.fillable_units(request.user)
    if not units:
        raise PermissionDenied("只有单位填报人可以复制项目绩效目标表")
    year, years = _fill_years(request)
    error = None
    if request.method == "POST":
        asked = request.POST.get("source", "").strip()
        source = (
            workflow.visible_projects(request.user)
            .select_related("unit__parent", "document__fiscal_year")
            .filter(pk=int(asked) if asked.isascii() and asked.isdigit() else 0)
            .first()
        )
        if source is None:
            raise Http404("没有这个项目，或您无权查看")
        try:
            copied = creating.copy_table(
                request.user, source, year, document=_chosen_document(request)
            )
        except workflow.WorkflowError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                f"已将 {source.document.fiscal_year.year} 年度「{source.name}」复制为 {year} 年度的"
                "草稿：预算数和资金支出计划已清空，请填写本年度的金额并核对指标值。",
            )
            return redirect("project", pk=copied.pk)
    earlier = (
        workflow.listed_projects(request.user)
        .filter(unit__in=units, year__lt=year)
        .order_by("-year", "unit__code", "position")
    )
    page = Pages(earlier, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "targets/copy_table.html",
        {"page": page, "year": year, "years": years, "error": error},
    )


TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def fill_template(request: HttpRequest) -> HttpResponse:
    """下载填报模板 for a unit and year, and the upload of one filled in: a template with mistakes
    comes back marked (the list here, the workbook with its wrong cells red and commented); a
    correct one goes on to the import preview and its confirm, like any other upload."""
    units = creating.fillable_units(request.user)
    unit = _fill_unit(request, units)
    year, years = _fill_years(request)
    department = creating.department_of(unit)
    context: dict[str, Any] = {"units": units, "unit": unit, "year": year, "years": years,
                               "department": department, "rows": xlsx_template.ROWS}  # fmt: skip
    if request.method == "POST" and "confirm" in request.POST:
        return import_document(request)  # the preview's confirm posts back here
    if request.method == "POST":
        upload = request.FILES.get("file")
        problem = importing.upload_problem(upload)
        if problem is None and not upload.name.lower().endswith(".xlsx"):
            problem = (
                f"「{upload.name}」不是 Excel 工作簿（.xlsx）："
                "请上传从本页下载、填好后保存的填报模板。"
            )
        data = upload.read() if problem is None else b""
        if problem is None and not xlsx_template.is_template(data):
            problem = (
                f"「{upload.name}」不是本系统的填报模板（没有「{xlsx_template.SHEET}」工作表或其"
                "指标表头）：请从本页下载模板填写；其他格式的绩效目标表请在“导入”页面上传。"
            )
        if problem is not None:
            context["error"] = problem
            return render(request, "targets/fill_template.html", context)
        mistakes = xlsx_template.check(data)
        if mistakes:
            marked = xlsx_template.mark(data, mistakes)
            stem = upload.name[: -len(".xlsx")]
            context.update(
                mistakes=mistakes, file_name=upload.name, marked_name=f"{stem}（已标注错误）.xlsx",
                marked=f"data:{TEMPLATE_TYPE};base64,{base64.b64encode(marked).decode()}",
            )  # fmt: skip
            return render(request, "targets/fill_template.html", context)
        # checked: on to the import preview, read by the .xlsx reader as the official form
        request.filled_template = SimpleUploadedFile(  # type: ignore[attr-defined]
            upload.name, xlsx_template.as_form(data), content_type=TEMPLATE_TYPE
        )
        request.POST = request.POST.copy()
        written = xlsx_template.year_of(data)  # the template's own year, whatever the page shows
        request.POST["department"], request.POST["year"] = str(department.pk), str(written or year)
        return import_document(request)
    return render(request, "targets/fill_template.html", context)


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """The 填报模板 (.xlsx) of a unit the user fills in for, for a year."""
    unit = _fill_unit(request, creating.fillable_units(request.user))
    year, _ = _fill_years(request)
    department = creating.department_of(unit)
    place = xlsx_template.Place(
        department=f"[{department.code}]{department.name}", unit=f"[{unit.code}]{unit.name}",
        year=year,
    )  # fmt: skip
    response = HttpResponse(xlsx_template.render(place), content_type=TEMPLATE_TYPE)
    name = f"{year}年度项目绩效目标表填报模板（{unit.name}）.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def new_department(request: HttpRequest) -> HttpResponse:
    """新建部门整体目标: a department the user keeps and a year; its document of the year (made
    when it has none), opened at the department-wide targets' form."""
    departments = creating.keeper_departments(request.user)
    if not departments:
        raise PermissionDenied("只有主管部门的填报人或审核人可以填写部门整体绩效目标")
    year, years = _fill_years(request)
    error, choices = None, []
    sources = creating.copy_sources(request.user, max(years))  # any year offered, checked again
    if request.method == "POST" and request.POST.get("copy_from"):
        asked = request.POST.get("copy_from", "").strip()
        source = next((d for d in sources if str(d.pk) == asked), None)
        if source is None:
            raise Http404("没有这份文本，或您不能复制它的部门整体绩效目标")
        try:
            document = creating.copy_department(request.user, source, year)
        except workflow.WorkflowError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                f"已复制 {source.fiscal_year.year} 年度的部门整体绩效目标；"
                "金额已清空，请逐项核对后填写本年度的数额",
            )
            return redirect("department-edit", pk=document.pk)
    elif request.method == "POST":
        asked = request.POST.get("department", "").strip()
        department = next((d for d in departments if str(d.pk) == asked), None)
        if department is None:
            raise Http404("没有这个主管部门，或您不能为它填写部门整体绩效目标")
        try:
            document = creating.start_department(request.user, department, year)
        except creating.SeveralDocumentsError as several:
            error, choices = str(several), several.documents
        except workflow.WorkflowError as problem:
            error = str(problem)
        else:
            return redirect("department-edit", pk=document.pk)
    return render(
        request,
        "targets/new_department.html",
        {"departments": departments, "year": year, "years": years, "error": error,
         "choices": choices, "sources": sources},
    )  # fmt: skip
