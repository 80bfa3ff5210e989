"""Starting a report job and what its task and download share: the formats, the document as
the user may see it, the file's place and its human name.

A report holds exactly the tables of the document the starting user may see
(`workflow.visible_projects`, in document order) and the department-wide targets where the
format has a place for them — Word and PDF always, Excel only for a 部门整体支出绩效目标申报表, as
`jixiao export` writes them. The file is kept under MEDIA_ROOT/reports by the job's key, never
under a name a user chose or sees; the download names it after the department and year.

A finished report is kept JIXIAO_REPORT_DAYS days (`expired`): after that its page and download
say it has expired and may be generated again, and its file is removed — a few at a time each
time a report is started (`purge_expired`), all of them by `jixiao reports purge`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jixiao.core import model as core
from jixiao.jobs.models import Job
from jixiao.org.access import User
from jixiao.targets.models import Project, TargetDocument
from jixiao.targets.workflow import visible_documents, visible_projects

Tables = Callable[[], Iterable[list[core.Project]]]
"""The report's tables in document order, a batch at a time, given afresh each time it is called
(`docx_form.Tables`)."""
Writer = Callable[[core.TargetDocument, Tables, IO[bytes]], None]
Progress = Callable[[int, int, int], None]
"""A writer's progress, as it converts part after part: (parts done, parts, tables done)."""
PartsWriter = Callable[[core.TargetDocument, Tables, IO[bytes], Progress], None]


def _xlsx(document: core.TargetDocument, tables: Tables, out: IO[bytes]) -> None:
    from jixiao.export import xlsx_form

    xlsx_form.write(document, tables, out)


def _docx(document: core.TargetDocument, tables: Tables, out: IO[bytes]) -> None:
    from jixiao.export import docx_form

    docx_form.write(document, tables, out)


def _pdf(document: core.TargetDocument, tables: Tables, out: IO[bytes], progress: Progress) -> None:
    from jixiao.export import pdf_form

    pdf_form.write(document, tables, out, progress)


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    label: str
    """As the form and the messages name it."""
    kind: str
    """What the file is, in a sentence (已生成 Excel 工作簿)."""
    content_type: str
    write: Writer
    """Writes the document (its department part and year) with the tables to the open file."""
    department_always: bool
    """Whether the department-wide targets always have a place (else only as a 申报表)."""
    write_in_parts: PartsWriter | None = None
    """`write` that says how far it got after each part (the PDF, printed a part at a time):
    its job counts the tables printed, not the tables read."""


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
        Format(
            "pdf", "PDF", "PDF 文件", "application/pdf",
            lambda document, tables, out: _pdf(document, tables, out, lambda *_: None), True, _pdf,
        ),
    )
}  # fmt: skip

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_REPORT = re.compile(r"job-(\d+)\.(?:xlsx|docx|pdf)")
_LEFTOVER = re.compile(r"\.job-\d+-.*\.part")
PURGE_BATCH = 200
"""Files looked at when a report is started (the oldest jobs' first): one query, whatever the
number of files kept."""

logger = logging.getLogger(__name__)


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
    try:
        purge_expired(limit=PURGE_BATCH)
    except OSError:  # the new report is written all the same; the next start tries again
        logger.exception("removing expired report files failed")
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


def kept_days() -> int:
    return int(settings.JIXIAO_REPORT_DAYS)


def _cutoff() -> datetime:
    return timezone.now() - timedelta(days=kept_days())


def kept_until(job: Job) -> datetime | None:
    """Until when the finished report's file is kept."""
    if job.kind != Job.Kind.REPORT or job.state != Job.State.DONE or job.finished_at is None:
        return None
    return job.finished_at + timedelta(days=kept_days())


def expired(job: Job) -> bool:
    """Whether the finished report is past the days it is kept (its file removed, or about to
    be): its page and download say so and offer to generate it again."""
    until = kept_until(job)
    return until is not None and until < timezone.now()


def expired_message() -> str:
    return (
        f"该报表生成已超过保留期限（{kept_days()} 天），文件已过期，不能再下载；"
        "如仍需要，请重新生成（将按文本当前的内容生成）。"
    )


def purge_expired(limit: int | None = None) -> int:
    """Remove the report files of jobs finished more than `kept_days` ago (and any whose job is
    gone, and temporary files a dead run left as long ago); how many were removed. With `limit`,
    only the files of the `limit` oldest jobs are looked at."""
    where = folder()
    if not where.is_dir():
        return 0
    cutoff = _cutoff()
    files: dict[int, list[Path]] = {}
    removed = 0
    with os.scandir(where) as entries:
        for entry in entries:
            if (found := _REPORT.fullmatch(entry.name)) is not None:
                files.setdefault(int(found.group(1)), []).append(Path(entry.path))
            elif _LEFTOVER.fullmatch(entry.name) and (entry.stat().st_mtime < cutoff.timestamp()):
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    keys = sorted(files)[:limit] if limit is not None else sorted(files)
    for start in range(0, len(keys), PURGE_BATCH):  # a query per batch of files
        chunk = keys[start : start + PURGE_BATCH]
        jobs = {
            key: (kind, state, finished)
            for key, kind, state, finished in Job.objects.filter(pk__in=chunk).values_list(
                "pk", "kind", "state", "finished_at"
            )
        }
        for key in chunk:
            kind, state, finished = jobs.get(key, (None, None, None))
            running = kind == Job.Kind.REPORT and state in (Job.State.QUEUED, Job.State.RUNNING)
            if kind != Job.Kind.REPORT or (
                not running and finished is not None and finished < cutoff
            ):  # gone, or finished long enough ago
                for path in files[key]:
                    path.unlink(missing_ok=True)
                    removed += 1
    return removed
