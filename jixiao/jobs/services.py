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


def start_import(user: User, group: str, files: int) -> Job:
    """A job storing the user's previewed files of this upload group (`targets.uploads`), each
    on its own, all or nothing."""
    from jixiao.jobs import tasks

    job = Job.objects.create(
        kind=Job.Kind.IMPORT, scope={"group": group}, total=files, started_by=user
    )
    transaction.on_commit(lambda: tasks.import_group.delay(job.pk))
    return job


def start_review(user: User | None, document: int) -> Job | None:
    """A job reviewing the whole document right after this transaction commits; none when one
    is already waiting to start (it will read the document as it then is)."""
    from jixiao.jobs import tasks

    waiting = Job.objects.filter(
        kind=Job.Kind.REVIEW, state=Job.State.QUEUED, scope__document=document
    )
    if waiting.exists():
        return None
    job = Job.objects.create(
        kind=Job.Kind.REVIEW,
        scope={"document": document},
        total=1,
        started_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: tasks.review.delay(job.pk))
    return job
