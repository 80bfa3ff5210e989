"""Starting jobs: one function per kind, recording the job and queueing its task once the
transaction that asked for it commits."""

from __future__ import annotations

from django.db import transaction

from jixiao.jobs.models import Job
from jixiao.org.access import User


def start_rereview(user: User | None, documents: list[int]) -> Job:
    """A job re-reviewing these documents (keys) with the current rules."""
    from jixiao.jobs import tasks

    job = Job.objects.create(
        kind=Job.Kind.REREVIEW,
        scope={"documents": documents},
        total=len(documents),
        started_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: tasks.rereview.delay(job.pk))
    return job
