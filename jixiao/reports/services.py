"""Starting a report job and what its task and download share: the formats, the document as
the user may see it, the file's place and its human name.

A report holds exactly the tables of the document the starting user may see
(`workflow.visible_projects`, in document order) and the department-wide targets where the
format has a place for them — Word and PDF always, Excel only for a 部门整体支出绩效目标申报表, as
`jixiao export` writes them. The file is kept under MEDIA_ROOT/reports by the job's key, never
under a name a user chose or sees; the download names it after the department and year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from jixiao.core import model as core
from jixiao.jobs.models import Job
from jixiao.org.access import User
from jixiao.targets.models import Project, TargetDocument
from jixiao.targets.workflow import visible_documents, visible_projects


def _xlsx(document: core.TargetDocument) -> bytes:
    from jixiao.export import xlsx_form

    return xlsx_form.render(document)


def _docx(document: core.TargetDocument) -> bytes:
    from jixiao.export import docx_form

    return docx_form.render(document)


def _pdf(document: core.TargetDocument) -> bytes:
    from jixiao.export import pdf_form

    return pdf_form.render(document)


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    label: str
    """As the form and the messages name it."""
    kind: str
    """What the file is, in a sentence (已生成 Excel 工作簿)."""
    content_type: str
    render: Callable[[core.TargetDocument], bytes]
    department_always: bool
    """Whether the department-wide targets always have a place (else only as a 申报表)."""


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format(
            "xlsx", "Excel（.xlsx）", "Excel 工作簿",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx, False,
        ),
        Format(
            "docx", "Word（.docx）", "Word 文档",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx, True,
        ),
        Format("pdf", "PDF", "PDF 文件", "application/pdf", _pdf, True),
    )
}  # fmt: skip

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def visible_document(user: User, pk: object) -> TargetDocument | None:
    """The document if the user may see it now (never a withdrawn one)."""
    if not user.is_authenticated:
        return None
    return (
        TargetDocument.objects.filter(visible_documents(user), pk=pk)
        .select_related("department", "fiscal_year")
        .first()
    )


def tables_of(user: User, document: TargetDocument) -> QuerySet[Project]:
    """The document's tables the user may see, in document order."""
    return visible_projects(user).filter(document=document).order_by("position")


def start_report(user: User, document: TargetDocument, fmt: str) -> Job:
    """A job writing the document's forms, as the user may see them, in this format."""
    from jixiao.reports import tasks

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    job = Job.objects.create(
        kind=Job.Kind.REPORT,
        scope={"document": document.pk, "format": fmt},
        total=tables_of(user, document).count(),
        started_by=user,
    )
    transaction.on_commit(lambda: tasks.report.delay(job.pk))
    return job


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "reports"


def report_path(job: Job) -> Path:
    """Where the job's finished file is (by the job's key: one file a job)."""
    return folder() / f"job-{job.pk}.{job.scope['format']}"


def title_of(document: TargetDocument) -> str:
    """The download's name without its extension: <部门名称>_<年度>年_项目支出绩效目标表."""
    name = _UNSAFE.sub("_", document.department.name).strip(" ._") or "绩效目标"
    return f"{name}_{document.fiscal_year.year}年_项目支出绩效目标表"
