"""The tasks, one per kind of job; each reads its Job row, works in steps that each commit
whole (a job that dies leaves nothing half-written) and records its progress."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jixiao.jobs.models import Job
from jixiao.jobs.queue import app

logger = logging.getLogger(__name__)


@app.task(name="jixiao.rereview", bind=True, max_retries=3)
def rereview(task: object, job_id: int) -> None:
    """Review the job's documents again, each in its own transaction; run again (a retry, or a
    new job) it goes on from the documents still reviewed by older rules."""
    from jixiao.targets import reviewing
    from jixiao.targets.models import TargetDocument

    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    documents = TargetDocument.objects.filter(pk__in=job.scope.get("documents", []))

    def step(_: object) -> None:
        Job.objects.filter(pk=job_id).update(done=F("done") + 1)

    try:
        tables = reviewing.rereview(documents.order_by("pk"), progress=step)
    except Exception:  # recorded on the job, whose page offers to run it again
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, finished_at=timezone.now(),
            message="重新审核中断，已完成的文本已保存；请再次运行，将从未完成的文本继续。",
        )  # fmt: skip
        return
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE, finished_at=timezone.now(),
        message=f"已重新审核 {job.total} 个文本，共 {tables} 张项目表。",
    )  # fmt: skip


@app.task(name="jixiao.review", bind=True, max_retries=3)
def review(task: object, job_id: int) -> None:
    """Review one document whole and store every table's findings, in one transaction with the
    document locked (an edit waits for it, and one made before it is read with the rest)."""
    from jixiao.targets import reviewing
    from jixiao.targets.models import TableReview, TargetDocument

    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    try:
        with transaction.atomic():
            document = (
                TargetDocument.objects.select_for_update(of=("self",))
                .filter(pk=job.scope.get("document"))
                .first()
            )
            tables = 0
            if document is not None:
                rows = list(document.projects.order_by("position"))
                new = not TableReview.objects.filter(document=document).exists()
                reviewing.refresh_document(document, rows, new=new)
                tables = len(rows)
    except Exception:  # recorded on the job; the pages ask for another while tables wait
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, finished_at=timezone.now(),
            message="审核中断，未保存任何结果；打开该文本的页面会重新发起审核。",
        )  # fmt: skip
        return
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE, done=1, finished_at=timezone.now(),
        message=f"已审核 {tables} 张项目表。",
    )  # fmt: skip


@app.task(name="jixiao.import", bind=True, max_retries=3)
def import_group(task: object, job_id: int) -> None:
    """Store the job's upload group file by file: each file's document, its draft's removal and
    its row of the result commit together, so a job run again (a retry) goes on from the files
    still waiting and never stores one twice."""
    from jixiao.targets import uploads

    job = Job.objects.select_related("started_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    user, group = job.started_by, job.scope.get("group", "")
    try:
        while True:
            with transaction.atomic():
                locked = Job.objects.select_for_update().get(pk=job_id)
                outcome = uploads.store_next(user, group, locked.done + 1) if user else None
                if outcome is None:
                    break
                locked.results = [*locked.results, outcome.as_row()]
                locked.done += 1
                locked.save(update_fields=["results", "done"])
    except Exception:  # recorded on the job: what was stored stays, the rest waits
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, finished_at=timezone.now(),
            message="导入中断，已导入的文件已保存；请重新上传未导入的文件。",
        )  # fmt: skip
        return
    job.refresh_from_db()
    results = [row["result"] for row in job.results]
    message = f"共 {len(results)} 个文件：{uploads.tally(results)}。"
    if "失败" in results:
        message += "失败的文件未保存任何内容，请按说明修改后重新上传。"
    if job.total > len(results):
        message += f"其余 {job.total - len(results)} 个文件的预览已失效，未导入，请重新上传。"
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE, finished_at=timezone.now(), message=message
    )
