"""The tasks, one per kind of job; each reads its Job row, works in steps that each commit
whole (a job that dies leaves nothing half-written) and records its progress."""

from __future__ import annotations

import logging

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
