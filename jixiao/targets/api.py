"""REST API of the target tables (django-ninja), with the same access rules as the pages.

A table the user's roles do not reach answers 404; an action the user may not take answers 403; an
action the table's state does not allow answers 409. Writes need the session's CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from jixiao.core.value import parse_value
from jixiao.org.access import User, reach
from jixiao.review import review_document
from jixiao.targets import workflow
from jixiao.targets.models import Project

router = Router(tags=["项目绩效目标表"])


class ProjectRow(Schema):
    id: int
    code: str
    name: str
    unit_code: str
    unit_name: str
    year: int
    status: str
    status_label: str
    version: int


class FindingOut(Schema):
    rule: str
    category: str
    severity: str
    project_code: str | None
    indicator: str | None
    indicator_index: int | None
    field: str | None
    message: str
    suggestion: str
    reference: str


class ProjectDetail(ProjectRow):
    table: dict[str, Any]
    findings: list[FindingOut]


class Comment(Schema):
    comment: str = ""


class Problem(Schema):
    detail: str


def visible_projects(request: HttpRequest) -> Any:
    return Project.objects.filter(reach(request.user, "unit__")).select_related(
        "unit", "document__fiscal_year"
    )


def _row(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "unit_code": project.unit.code,
        "unit_name": project.unit.name,
        "year": project.document.fiscal_year.year,
        "status": project.status,
        "status_label": project.get_status_display(),
        "version": project.version,
    }


def _visible(request: HttpRequest, project_id: int) -> Project:
    project = visible_projects(request).select_related("unit__parent__parent").filter(pk=project_id)
    found = project.first()
    if found is None:
        raise Http404("没有这个项目，或您无权查看")
    return found


@router.get("/projects", response=list[ProjectRow], summary="我能查看的项目绩效目标表")
def list_projects(request: HttpRequest) -> list[dict[str, Any]]:
    return [_row(p) for p in visible_projects(request).order_by("document_id", "position")]


@router.get("/projects/{project_id}", response=ProjectDetail, summary="项目绩效目标表及审核意见")
def project_detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = _visible(request, project_id)
    document = project.document.to_core()
    findings = [
        f.to_data() for f in review_document(document) if f.project_code == (project.code or None)
    ]
    return {**_row(project), "table": project.data, "findings": findings}


@router.get(
    "/parse-value", url_name="parse_value", summary="按审核规则读取一个指标值（编辑时实时解读）"
)
def parse_value_endpoint(request: HttpRequest, text: str = "") -> dict[str, Any]:
    return parse_value(text).model_dump(mode="json")


ACTIONS: dict[str, Callable[[Project, User, str], Project]] = {
    "submit": lambda project, user, _text: workflow.submit(project, user),
    "approve": workflow.approve,
    "return": workflow.send_back,
    "adjust": workflow.adjust,
}


@router.post(
    "/projects/{project_id}/{action}",
    response={200: ProjectRow, 403: Problem, 409: Problem},
    summary="工作流操作：submit 提交、approve 审核通过、return 退回（须填意见）、"
    "adjust 目标调整（须填原因）",
)
def act(request: HttpRequest, project_id: int, action: str, body: Comment) -> Any:
    if action not in ACTIONS:
        raise Http404("没有这个操作")
    project = _visible(request, project_id)
    try:
        changed = ACTIONS[action](project, request.user, body.comment)
    except PermissionDenied:
        return Status(403, {"detail": "您的角色不能对此项目执行该操作"})
    except workflow.WorkflowError as error:
        return Status(409, {"detail": str(error)})
    changed.document = project.document
    return Status(200, _row(changed))
