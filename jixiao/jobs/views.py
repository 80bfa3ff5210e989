"""The pages of jobs: start one (a 系统管理员 re-reviewing their documents) and follow it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.jobs.models import Job
from jixiao.jobs.services import start_rereview
from jixiao.org.access import administered, reach_of


def rereview_scope(request: HttpRequest, *, everything: bool = False) -> list[int]:
    """The documents of the bureaus the user administers that need reviewing again (all of
    them with `everything`); empty for anyone else."""
    from jixiao.targets import reviewing
    from jixiao.targets.models import TargetDocument

    bureaus = administered(request.user)
    if not bureaus:
        return []
    documents = TargetDocument.objects.filter(
        reach_of(bureaus, "department__"), withdrawn_at__isnull=True
    )
    if not everything:
        documents = documents.filter(reviewing.needs_review())
    return list(documents.distinct().order_by("pk").values_list("pk", flat=True))


@login_required
@require_POST
def rereview(request: HttpRequest) -> HttpResponse:
    if not administered(request.user):
        raise PermissionDenied("只有系统管理员可以重新审核")
    documents = rereview_scope(request, everything=request.POST.get("all") == "1")
    job = start_rereview(request.user, documents)
    return redirect("job", pk=job.pk)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from jixiao.reports import services as reports

    job = Job.objects.filter(pk=pk, started_by=request.user).first()
    if job is None:
        raise Http404("没有这个任务，或不是您发起的")
    expired = reports.expired_message() if reports.expired(job) else ""
    context = {"job": job, "expired": expired, "kept_until": reports.kept_until(job)}
    return render(request, "jobs/job.html", context)
