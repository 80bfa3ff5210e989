"""The report job's task: the document's tables the starter may see, read a batch at a time
into a temporary file (the stored JSON of each, a line each: one reading of the database, however
long the writing takes), then written in the job's format from there — Word a batch of tables at
a time (`docx_form.write`), so memory stays flat in the number of tables; PDF a part of
`pdf_form.PART` tables at a time, each part printed by LibreOffice in turn, the job's progress
counting the tables printed — to a temporary name beside the final one, renamed into place only
once complete: a job that fails or dies (a part's conversion failing or past its time limit
included) leaves no file, and run again it starts over."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone

from jixiao.core import model as core
from jixiao.jobs.models import Job
from jixiao.jobs.queue import app

if TYPE_CHECKING:
    from jixiao.reports.services import Format, Tables

logger = logging.getLogger(__name__)

BATCH = 200
"""Tables read in one query: memory and queries stay bounded whatever the document's size."""

FAILED = "生成 {kind}时出错，未生成文件；请回到文本重新生成，如仍失败请联系系统管理员。"
NO_PDF = (
    "无法生成 PDF：服务器上的 LibreOffice 未安装，未生成文件。请改为下载 "
    "Word（.docx）后自行另存为 PDF，或请系统管理员安装 LibreOffice 后重新生成。"
)
PDF_TIMEOUT = (
    "PDF 转换超时（第 {part} 部分，共 {parts} 部分）：LibreOffice 未能在 {seconds:g} 秒内完成"
    "转换，未生成文件；请改用 Excel 或 Word 格式，或稍后重试。"
)
PDF_FAILED = (
    "无法生成 PDF：LibreOffice 未能完成转换{where}，未生成文件；请改用 Excel 或 Word 格式，"
    "或稍后重试，如仍失败请联系系统管理员。"
)
PRINTING = "正在生成 PDF：第 {part} 部分，共 {parts} 部分"
MERGING = "正在合并 PDF 的 {parts} 个部分"


class ReportError(Exception):
    """Why no report was written, in Chinese, for the job's page."""


@app.task(name="jixiao.report", bind=True, max_retries=3)
def report(task: object, job_id: int) -> None:
    """Write the job's report; its outcome (and on success the download's name) on the row."""
    from jixiao.reports import services

    job = Job.objects.select_related("started_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(
        state=Job.State.RUNNING, done=0, message="", results=[], finished_at=None
    )
    fmt = services.FORMATS.get(str(job.scope.get("format", "")))
    try:
        if fmt is None:
            raise ReportError("不支持的报表格式，未生成文件。")
        row, message = _write(job, fmt)
    except Exception as error:  # recorded on the job; nothing of the file is left behind
        _discard(services.report_path(job) if fmt is not None else None)
        if isinstance(error, ReportError):
            text = str(error)
        else:
            logger.exception("report job %s failed", job_id)
            text = (
                FAILED.format(kind=fmt.kind) if fmt is not None else "生成报表时出错，未生成文件。"
            )
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, finished_at=timezone.now(), message=text
        )
        return
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE, finished_at=timezone.now(), message=message, results=[row]
    )


def _write(job: Job, fmt: Format) -> tuple[dict[str, Any], str]:
    """The report written in place; its row of `Job.results` and the job's message."""
    from jixiao.export.form_layout import department_table
    from jixiao.reports import services

    user = job.started_by
    if user is None:
        raise ReportError("发起人的账号已不存在，未生成文件。")
    document = services.visible_document(user, job.scope.get("document"))
    if document is None:
        raise ReportError("该文本已撤回，或您已无权查看，未生成文件。")
    target = services.report_path(job)
    _discard(target)  # an earlier run's file or leftovers: a run starts over
    target.parent.mkdir(parents=True, exist_ok=True)
    tables = services.tables_of(user, document)
    Job.objects.filter(pk=job.pk).update(total=tables.count())
    rows = tables.values_list("position", "data")
    content = document.to_core(projects=[])
    with _Spool(target.parent) as spool:
        last: int | None = None
        while True:  # keyset batches in document order: one query a batch, however many tables
            batch = list((rows if last is None else rows.filter(position__gt=last))[:BATCH])
            spool.add(data for _, data in batch)
            if batch and fmt.write_in_parts is None:  # else: the tables printed count
                Job.objects.filter(pk=job.pk).update(done=spool.count)
            if len(batch) < BATCH:
                break
            last = batch[-1][0]
        count = spool.count
        department = content.department is not None and (
            fmt.department_always or department_table(content)
        )
        if not count and not department:
            raise ReportError(f"没有您可查看、可写入 {fmt.kind}的项目支出绩效目标表，未生成文件。")
        _write_whole(target, _writer(job, fmt, content, spool.batches))
    title = services.title_of(document)
    message = f"已生成 {fmt.kind}，共 {count} 张项目表"
    if department:
        message += "，含部门整体绩效目标。"
    elif content.department is not None:
        message += (
            f"。部门整体绩效目标未写入（{fmt.kind}只含项目支出绩效目标表；"
            "需要时请下载 Word 或 PDF）。"
        )
    else:
        message += "。"
    row = {
        "name": f"{title}.{fmt.key}", "title": title, "format": fmt.key,
        "document": document.pk, "tables": count,
    }  # fmt: skip
    return row, message


def _writer(
    job: Job, fmt: Format, content: core.TargetDocument, tables: Tables
) -> Callable[[IO[bytes]], None]:
    """What writes the file; for a format written in parts (the PDF), the job's progress updated
    after each part, and a part's failure said as what it was."""
    in_parts = fmt.write_in_parts
    if in_parts is None:
        return lambda out: fmt.write(content, tables, out)
    from jixiao.export import pdf_form
    from jixiao.ingest.formats.doc import ConversionError

    def progress(printed: int, parts: int, done: int) -> None:
        message = (
            PRINTING.format(part=printed + 1, parts=parts)
            if printed < parts
            else MERGING.format(parts=parts)
        )
        Job.objects.filter(pk=job.pk).update(done=done, message=message)

    def write(out: IO[bytes]) -> None:
        try:
            in_parts(content, tables, out, progress)
        except pdf_form.NoLibreOfficeError:
            raise ReportError(NO_PDF) from None
        except pdf_form.ConversionTimeoutError as error:
            logger.warning("report job %s: %s", job.pk, error)
            raise ReportError(
                PDF_TIMEOUT.format(part=error.part, parts=error.parts, seconds=error.seconds)
            ) from None
        except ConversionError as error:
            logger.exception("report job %s: PDF conversion failed", job.pk)
            where = (
                f"（第 {error.part} 部分，共 {error.parts} 部分）"
                if isinstance(error, pdf_form.PartError)
                else ""
            )
            raise ReportError(PDF_FAILED.format(where=where)) from None

    return write


class _Spool:
    """The tables' stored JSON, a line each, in an unnamed temporary file (gone when closed,
    or when the process dies), read back a batch at a time as often as the writer asks."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 — closed on __exit__
        self.count = 0

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def add(self, datas: Iterable[Any]) -> None:
        for data in datas:
            self._file.write(json.dumps(data, ensure_ascii=False).encode() + b"\n")
            self.count += 1

    def batches(self) -> Iterator[list[core.Project]]:
        """The tables in order, `BATCH` at a time, each read as the stored row is
        (`Project.to_core`)."""
        self._file.flush()
        self._file.seek(0)
        batch: list[core.Project] = []
        for line in self._file:
            batch.append(core.Project.model_validate(json.loads(line)))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def _write_whole(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """The file written by `write` under a temporary name in the same folder, renamed to
    `target` once all is on disk: a reader never sees part of a file, a failure leaves none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 — closed before the rename
        dir=target.parent, prefix=f".{target.stem}-", suffix=".part", delete=False
    )
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _discard(target: Path | None) -> None:
    """The job's file and any temporary file a dead run left beside it."""
    if target is None or not target.parent.is_dir():
        return
    target.unlink(missing_ok=True)
    for leftover in target.parent.glob(f".{target.stem}-*.part"):
        leftover.unlink(missing_ok=True)
