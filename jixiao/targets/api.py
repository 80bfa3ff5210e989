"""REST API of the target documents and tables (django-ninja), with the same access rules as the
pages: documents, department-wide targets, project tables, indicator rows, review findings and the
workflow actions of both review cycles.

What the user's roles do not reach answers 404; an action the user may not take answers 403; an
action the state does not allow answers 409; a value that cannot be stored answers 400. Writes
need the session's CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from jixiao.core.value import parse_value
from jixiao.ingest import IngestError
from jixiao.org.access import User, reach, roles_at
from jixiao.org.models import Organisation
from jixiao.org.people import display_name
from jixiao.review.engine import Finding
from jixiao.targets import editing, grading, importing, reviewing, uploads, workflow
from jixiao.targets.history import Line, document_entries, document_lines, entries_of, lines
from jixiao.targets.models import COMMENT_FIELDS, Project, TargetDocument
from jixiao.targets.services import store

router = Router(tags=["项目绩效目标表"])
documents_router = Router(tags=["部门整体绩效目标"])


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
    project_index: int | None
    indicator: str | None
    indicator_index: int | None
    field: str | None
    message: str
    detail: str = Field(description="问题本身（不含位置），表格各行旁显示的文字")
    suggestion: str
    reference: str
    merged: list[str] = Field(description="同一处提出相同修改、已并入本条的其他规则")


class ReviewResultOut(Schema):
    grade: str = Field(description="审核结果：优、良、中、差（审核人改定的优先）")
    consequence: str = Field(description="该审核结果的后果（财预〔2015〕88号第二十五条）")
    computed: dict[str, Any] = Field(description="按审核评分方案计算的结果及各维度算式")
    override: dict[str, Any] | None = Field(description="审核人改定的结果、理由和改定人")


class ProjectDetail(ProjectRow):
    revision: int = Field(description="本表的修订号，每次修改加一")
    table: dict[str, Any]
    reviewed: bool = Field(
        description="审核意见是否已生成；为 false 时本表正在审核（导入后由后台任务审核），"
        "findings 为空、review_result 为 null，稍后再取"
    )
    findings: list[FindingOut]
    review_result: ReviewResultOut | None


class GradeIn(Schema):
    grade: str = Field("", description="优、良、中、差；空表示恢复按审核评分")
    reason: str = ""


class IndicatorOut(Schema):
    index: int
    level1: str | None
    level2: str | None
    name: str
    description: str | None
    target: str
    value: dict[str, Any]
    basis: str | None
    basis_kind: str | None
    category: dict[str, str | None] | None
    findings: list[FindingOut]
    revision: int = Field(description="本表的修订号：修改时随 revision 提交，以免覆盖他人的修改")


class IndicatorIn(Schema):
    level1: str = ""
    level2: str = ""
    name: str
    description: str = ""
    target: str = ""
    basis: str = ""
    basis_kind: str = ""
    revision: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="读取本行时本表的修订号（GET 返回的 revision）；本表此后已被他人修改的，"
        "不保存，答 409 并附上现在的内容",
    )


class IndicatorConflict(Schema):
    detail: str
    revision: int = Field(description="本表现在的修订号")
    current: IndicatorOut | None = Field(description="本行现在的内容（该行已被删除时为空）")


class DocumentRow(Schema):
    id: int
    department_code: str
    department_name: str
    year: int
    source: str
    status: str
    status_label: str
    version: int


class ImportOut(Schema):
    created: bool
    stored: bool
    layout: str | None
    projects: int
    document: DocumentRow | None
    findings: list[FindingOut]
    warnings: list[str]
    """What the reader kept without fully understanding it: where (line, table, cell) and why."""


class ImportFileOut(ImportOut):
    file: str = Field(description="文件名（压缩包中的文件：压缩包名/文件夹/文件名）")
    result: str = Field(
        description="可导入、有警告（试导入），成功、有警告、未重复保存（已导入），失败或跳过"
    )
    detail: str = Field(description="说明：失败、跳过的原因，或已导入的情况")


class DocumentDetail(DocumentRow):
    department: dict[str, Any] | None = Field(
        description="部门整体绩效目标（文件中没有时为空）；其中 name、code 是文件中写的部门名称、"
        "编码，可能与所属主管部门的 department_name 不同（如“××局本级”）"
    )
    reviewing: int = Field(
        description="我能查看的项目表中正在审核（审核意见尚未生成）的张数；"
        "部门整体目标尚在审核时另加 1"
    )
    findings: list[FindingOut]
    projects: list[ProjectRow]


class Comment(Schema):
    comment: str = ""


class Problem(Schema):
    detail: str


class CommentIn(Schema):
    text: str
    field: str = ""
    index: int | None = None
    rule: str = ""


class CommentOut(Schema):
    id: int
    author: str
    """The author's 姓名, as the pages show it."""
    author_username: str
    field: str
    index: int | None
    rule: str
    text: str
    created_at: datetime


def _row(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "unit_code": project.unit.code,
        "unit_name": project.unit.name,
        "year": project.year,
        "status": project.status,
        "status_label": project.get_status_display(),
        "version": project.version,
    }


def _visible(request: HttpRequest, project_id: int) -> Project:
    project = (
        workflow.visible_projects(request.user)
        .select_related("unit__parent__parent")
        .filter(pk=project_id)
    )
    found = project.first()
    if found is None:
        raise Http404("没有这个项目，或您无权查看")
    return found


class Page(LimitOffsetPagination):
    """?limit=&offset= (100 rows a page unless asked otherwise); the answer says the total."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(100, ge=1, le=1000, description="每页条数（1—1000）")
        offset: int = Field(0, ge=0, le=2**31 - 1, description="跳过的条数")


@router.get(
    "/projects",
    response=list[ProjectRow],
    summary="我能查看的项目绩效目标表（分页：limit、offset）",
)
@paginate(Page)
def list_projects(request: HttpRequest) -> Any:
    rows = (
        workflow.listed_projects(request.user)
        .select_related(None)
        .select_related("unit")
        .only(*ROW_FIELDS)
        .order_by("document_id", "position")
    )
    return _Rows(rows, _row)


ROW_FIELDS = ("code", "name", "unit__code", "unit__name", "year", "status", "version")
"""What `_row` reads: nothing else is fetched for a list."""


class _Rows:
    """A query set whose slices come out as rows: pagination counts and slices in the database."""

    def __init__(self, queryset: Any, as_row: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset, self.as_row = queryset, as_row

    def all(self) -> _Rows:
        return self

    def count(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.as_row(item) for item in self.queryset[window]]


def _findings_of(request: HttpRequest, project: Project) -> list[Finding]:
    """The review of the table within its whole document (some rules compare tables), as the
    user may read it; 409 while the table is 审核中."""
    found = reviewing.findings_for(request.user, project)
    if found is None:
        raise HttpError(409, workflow.REVIEW_PENDING)
    return found


@router.get("/projects/{project_id}", response=ProjectDetail, summary="项目绩效目标表及审核意见")
def project_detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = _visible(request, project_id)
    found = reviewing.findings_for(request.user, project)
    return {
        **_row(project),
        "revision": project.revision,
        "table": project.data,
        "reviewed": found is not None,
        "findings": [f.to_data() for f in found or []],
        "review_result": grading.grade_of(project, found).to_data() if found is not None else None,
    }


@router.post(
    "/projects/{project_id}/grade",
    response={200: ReviewResultOut, 403: Problem, 409: Problem},
    summary="审核人改定审核结果（须填理由）",
)
def set_grade(request: HttpRequest, project_id: int, body: GradeIn) -> Any:
    project = _visible(request, project_id)
    try:
        changed = grading.set_grade(project, request.user, body.grade, body.reason)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or "您的角色不能改定审核结果"})
    except workflow.WorkflowError as error:
        return Status(409, {"detail": str(error)})
    return Status(200, grading.grade_of(changed, _findings_of(request, changed)).to_data())


@router.get(
    "/projects/{project_id}/findings", response=list[FindingOut], summary="项目表的审核意见"
)
def project_findings(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    return [f.to_data() for f in _findings_of(request, _visible(request, project_id))]


def _indicator(project: Project, index: int, findings: list[Finding]) -> dict[str, Any]:
    indicator = project.to_core().indicators[index]
    return {
        "index": index,
        **indicator.model_dump(
            mode="json",
            include={"level1", "level2", "name", "description", "basis", "basis_kind", "category"},
        ),
        "target": indicator.target.raw,
        "value": indicator.target.model_dump(mode="json"),
        "findings": [f.to_data() for f in findings if f.indicator_index == index],
        "revision": project.revision,
    }


@router.get(
    "/projects/{project_id}/indicators",
    response=list[IndicatorOut],
    summary="项目表的绩效指标（逐行，含指标值解读与该行审核意见）",
)
def list_indicators(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    project = _visible(request, project_id)
    findings = _findings_of(request, project)
    return [_indicator(project, n, findings) for n in range(len(project.to_core().indicators))]


@router.put(
    "/projects/{project_id}/indicators/{index}",
    response={200: IndicatorOut, 400: Problem, 403: Problem, 404: Problem, 409: IndicatorConflict},
    summary="修改一行绩效指标（仅草稿状态的单位填报人）；返回该行及其最新审核意见。"
    "附 revision 时，本表此后已被他人修改的答 409（已被他人修改）并附现在的内容",
)
def update_indicator(request: HttpRequest, project_id: int, index: int, body: IndicatorIn) -> Any:
    project = _visible(request, project_id)
    if not 0 <= index < len(project.to_core().indicators):
        return Status(404, {"detail": f"没有第 {index + 1} 行指标"})
    try:
        changed = editing.update_indicator(project, request.user, index, body.dict())
    except PermissionDenied:
        return Status(403, {"detail": "只有本单位填报人可以修改草稿状态的项目表"})
    except editing.EditConflictError as conflict:
        current = conflict.current
        current.document = project.document
        exists = 0 <= index < len(current.to_core().indicators)
        return Status(
            409,
            {
                "detail": str(conflict),
                "revision": current.revision,
                "current": _indicator(current, index, _findings_of(request, current))
                if exists
                else None,
            },
        )
    except workflow.WorkflowError as error:
        return Status(400, {"detail": str(error)})
    changed.document = project.document
    changed.document.refresh_from_db(fields=["revision"])  # the edit bumped it
    return Status(200, _indicator(changed, index, _findings_of(request, changed)))


@router.get(
    "/parse-value", url_name="parse_value", summary="按审核规则读取一个指标值（编辑时实时解读）"
)
def parse_value_endpoint(request: HttpRequest, text: str = "") -> dict[str, Any]:
    return parse_value(text).model_dump(mode="json")


def visible_documents(request: HttpRequest) -> Any:
    return TargetDocument.objects.filter(workflow.visible_documents(request.user)).select_related(
        "department__parent", "fiscal_year"
    )


def _document_row(document: TargetDocument) -> dict[str, Any]:
    return {
        "id": document.pk,
        "department_code": document.department.code,
        "department_name": document.department.name,
        "year": document.fiscal_year.year,
        "source": document.source,
        "status": document.status,
        "status_label": document.get_status_display(),
        "version": document.version,
    }


def _visible_document(request: HttpRequest, document_id: int) -> TargetDocument:
    found: TargetDocument | None = visible_documents(request).filter(pk=document_id).first()
    if found is None:
        raise Http404("没有这个文档，或您无权查看")
    return found


@documents_router.get(
    "/documents",
    response=list[DocumentRow],
    summary="我能查看的绩效目标文本（分页：limit、offset）",
)
@paginate(Page)
def list_documents(request: HttpRequest) -> Any:
    return _Rows(visible_documents(request).order_by("pk"), _document_row)


@documents_router.get(
    "/documents/{document_id}",
    response=DocumentDetail,
    summary="部门整体绩效目标、审核意见及我能查看的项目表",
)
def document_detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    document = _visible_document(request, document_id)
    projects = list(
        workflow.visible_projects(request.user).filter(document=document).order_by("position")
    )
    for project in projects:
        project.document = document
    found, reviewing_ = _document_findings(request.user, document, projects)
    return {
        **_document_row(document),
        "department": document.data,
        "reviewing": reviewing_,
        "findings": [f.to_data() for f in found],
        "projects": [_row(p) for p in projects],
    }


@documents_router.get(
    "/documents/{document_id}/findings",
    response=list[FindingOut],
    summary="文档的审核意见：部门整体目标及我能查看的项目表",
)
def document_findings(request: HttpRequest, document_id: int) -> list[dict[str, Any]]:
    document = _visible_document(request, document_id)
    projects = workflow.visible_projects(request.user).filter(document=document)
    shown = list(projects.order_by("position"))
    found, waiting = _document_findings(request.user, document, shown)
    if waiting:
        raise HttpError(409, f"本文本有 {waiting} 处审核意见正在生成，请稍后再取")
    return [f.to_data() for f in found]


def _document_findings(
    user: User, document: TargetDocument, visible: list[Project]
) -> tuple[list[Finding], int]:
    """The department-wide findings and those of the tables the user reaches, in table order,
    and how many of them (tables, the department-wide targets) are 审核中."""
    department = reviewing.department_findings(document)
    found = reviewing.for_reader(user, department or [])
    waiting = int(department is None)
    for _, own in reviewing.document_findings(user, document, visible):
        if own is None:
            waiting += 1
        else:
            found.extend(own)
    return found, waiting


@documents_router.post(
    "/documents",
    response={
        200: ImportOut | list[ImportFileOut],
        201: ImportOut | list[ImportFileOut],
        400: Problem,
        403: Problem,
    },
    summary="导入绩效目标文件（每个文件全部成功或全部不存）；dry_run=true 只读取并审核、不保存",
)
def import_document(
    request: HttpRequest,
    *,
    file: File[list[UploadedFile]],
    year: Form[str],
    department: Form[str] = "",
    department_id: Form[int | None] = None,
    dry_run: Form[bool] = False,
) -> Any:
    """`department` is the 主管部门's code, `department_id` its id (where two of the user's
    departments share a code); without either, the department the file names. A dry run is
    refused exactly when the import would be. Several `file` parts, or a .zip, answer a list:
    one entry per file, each stored on its own (see `uploads`)."""
    if not workflow.may_import(request.user):
        return Status(403, {"detail": "您的角色不能导入绩效目标文件"})
    if uploads.is_many(file):
        return _import_many(
            request, file, year=year, department=department, department_id=department_id,
            dry_run=dry_run,
        )  # fmt: skip
    try:
        checked = importing.check_upload(
            request.user, file[0], year, department, department_id=department_id
        )
    except importing.ImportRefusedError as refused:
        return Status(400, {"detail": refused.message})
    reviewed = reviewing.Reviewed.of(checked.document)  # stored as it is: reviewed once
    findings = [f.to_data() for f in reviewed.findings]
    answer = {
        "created": False,
        "stored": False,
        "layout": checked.document.layout,
        "projects": len(checked.document.projects),
        "document": None,
        "findings": findings,
        "warnings": [w.text(checked.document.source) for w in checked.document.warnings],
    }
    if dry_run:
        return Status(200, answer)
    try:  # checked again in the transaction that stores it
        result = store(
            checked.document, year=checked.year, department=checked.department,
            user=request.user, reviewed=reviewed,
        )  # fmt: skip
    except IngestError as refused:
        return Status(400, {"detail": refused.message})
    answer |= {
        "created": result.created,
        "stored": True,
        "document": _document_row(result.document),
    }
    return Status(201 if result.created else 200, answer)


def _import_many(
    request: HttpRequest,
    files: list[UploadedFile],
    *,
    year: str,
    department: str,
    department_id: int | None,
    dry_run: bool,
) -> Any:
    try:
        previews = uploads.check_many(
            request.user, files, year, department, department_id=department_id
        )
    except importing.ImportRefusedError as refused:
        return Status(400, {"detail": refused.message})
    readable = uploads.pending_of(previews)
    outcomes = iter([] if dry_run else uploads.store_each(request.user, readable))
    answer = []
    for preview in previews:
        entry: dict[str, Any] = {
            "file": preview.label,
            "result": preview.result,
            "detail": preview.note,
            "created": False,
            "stored": False,
            "layout": preview.checked.document.layout if preview.checked else None,
            "projects": preview.projects or 0,
            "document": None,
            "findings": [f.to_data() for f in preview.findings],
            "warnings": preview.warnings,
        }
        if preview.checked is not None and not dry_run:
            outcome = next(outcomes)  # the readable files' outcomes, in the same order
            stored = outcome.document is not None
            entry |= {
                "result": outcome.result,
                "detail": outcome.note,
                "created": outcome.result in ("成功", "有警告"),
                "stored": stored,
                "document": _document_row(outcome.document) if stored else None,
            }
        answer.append(entry)
    created = any(e["created"] for e in answer)
    return Status(201 if created else 200, answer)


@router.get(
    "/projects/{project_id}/history",
    response=list[Line],
    summary="项目表的审计日志（谁、何时、做了什么、变更前 → 变更后、原因），最新的在前"
    "（分页：limit、offset；不给总数）",
)
def project_history(
    request: HttpRequest,
    project_id: int,
    limit: int = Query(100, ge=1, le=1000, description="每页条数（1—1000）"),
    offset: int = Query(0, ge=0, le=2**31 - 1, description="跳过的条数"),
) -> list[Any]:
    return lines(entries_of([_visible(request, project_id)])[offset : offset + limit])


@documents_router.get(
    "/documents/{document_id}/history",
    response=list[Line],
    summary="文档的审计日志：部门整体绩效目标及我能查看的项目表，最新的在前"
    "（分页：limit、offset；不给总数）",
)
def document_history(
    request: HttpRequest,
    document_id: int,
    limit: int = Query(100, ge=1, le=1000, description="每页条数（1—1000）"),
    offset: int = Query(0, ge=0, le=2**31 - 1, description="跳过的条数"),
) -> list[Any]:
    document = _visible_document(request, document_id)
    whole = bool(roles_at(request.user, document.department))  # reaches all its tables
    tables = workflow.visible_projects(request.user).filter(document=document)
    units = None if whole else Organisation.objects.filter(reach(request.user))
    entries = document_entries(document, units)[offset : offset + limit]
    return document_lines(document, entries, None if whole else tables)


@router.get(
    "/projects/{project_id}/comments", response=list[CommentOut], summary="项目表的审核意见交流"
)
def list_comments(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    project = _visible(request, project_id)
    return [_comment(c) for c in project.comments.select_related("author")]


@router.post(
    "/projects/{project_id}/comments",
    response={201: CommentOut, 400: Problem, 403: Problem},
    summary="对整张表、表头栏目（field）、指标行（index，从 0 起）或审核规则（rule）发表意见",
)
def add_comment(request: HttpRequest, project_id: int, body: CommentIn) -> Any:
    project = _visible(request, project_id)
    if body.field and body.field not in COMMENT_FIELDS:
        return Status(400, {"detail": f"栏目应为{'、'.join(COMMENT_FIELDS)}之一"})
    try:
        comment = editing.add_comment(
            project, request.user, body.text, field=body.field, index=body.index,
            rule=body.rule[:64],
        )  # fmt: skip
    except PermissionDenied:
        return Status(403, {"detail": "您的角色不能对此项目发表意见"})
    except workflow.WorkflowError as error:
        return Status(400, {"detail": str(error)})
    return Status(201, _comment(comment))


def _comment(comment: Any) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "author": display_name(comment.author),
        "author_username": comment.author.get_username(),
        "field": comment.field,
        "index": comment.indicator_index,
        "rule": comment.rule,
        "text": comment.text,
        "created_at": comment.created_at,
    }


# The action routes end in a path parameter: declared last, they do not shadow the routes above.
@router.post(
    "/projects/{project_id}/{action}",
    response={200: ProjectRow, 403: Problem, 409: Problem},
    summary="工作流操作：submit 提交（有错误时须填说明）、approve 审核通过（有错误时须填理由）、"
    "return 退回（须填意见）、adjust 目标调整（须填原因）",
)
def act(request: HttpRequest, project_id: int, action: str, body: Comment) -> Any:
    if action not in workflow.PROJECT_ACTIONS:
        raise Http404("没有这个操作")
    project = _visible(request, project_id)
    try:
        changed = workflow.PROJECT_ACTIONS[action](project, request.user, body.comment)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or "您的角色不能对此项目执行该操作"})
    except workflow.WorkflowError as error:
        return Status(409, {"detail": str(error)})
    changed.document = project.document
    return Status(200, _row(changed))


@documents_router.post(
    "/documents/{document_id}/{action}",
    response={200: DocumentRow, 403: Problem, 409: Problem},
    summary="部门整体绩效目标的工作流操作：submit 提交财政审核、approve 审核通过、"
    "return 退回（须填意见）、adjust 目标调整（须填原因）",
)
def document_act(request: HttpRequest, document_id: int, action: str, body: Comment) -> Any:
    if action not in workflow.DEPARTMENT_ACTIONS:
        raise Http404("没有这个操作")
    document = _visible_document(request, document_id)
    try:
        changed = workflow.DEPARTMENT_ACTIONS[action](document, request.user, body.comment)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or "您的角色不能对部门整体绩效目标执行该操作"})
    except workflow.WorkflowError as error:
        return Status(409, {"detail": str(error)})
    changed.fiscal_year = document.fiscal_year
    return Status(200, _document_row(changed))
