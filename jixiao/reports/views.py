"""The pages of reports: start one from a document's page (a job), download it from the job's
page — only its starter, only while they may still see the document."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.jobs.models import Job
from jixiao.reports import services


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """下载报表: a job writing the document's forms as the user sees them; its page follows it."""
    document = services.visible_document(request.user, pk)
    if document is None:
        raise Http404("没有这个文档，或您无权查看")
    fmt = request.POST.get("format", "")
    if fmt not in services.FORMATS:
        messages.error(request, "请选择报表格式：Excel、Word 或 PDF。")
        return redirect("document", pk=document.pk)
    job = services.start_report(request.user, document, fmt)
    return redirect("job", pk=job.pk)


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The finished report as an attachment under its human name (RFC 5987 `filename*`); once
    past the days reports are kept, or its file lost, a page saying so (410) that offers to
    generate it again."""
    job = Job.objects.filter(
        pk=pk, kind=Job.Kind.REPORT, state=Job.State.DONE, started_by=request.user
    ).first()
    if job is None or not job.results:
        raise Http404("没有这个报表，或不是您生成的")
    if services.visible_document(request.user, job.scope.get("document")) is None:
        raise Http404("没有这个文档，或您无权查看")
    if services.expired(job):
        return _gone(request, job, "报表文件已过期", services.expired_message())
    fmt = services.FORMATS[job.scope["format"]]
    try:
        handle = services.report_path(job).open("rb")
    except FileNotFoundError:
        return _gone(request, job, "报表文件已不在", "报表文件已不在，不能下载；请重新生成。")
    response = FileResponse(handle, content_type=fmt.content_type)
    name = str(job.results[0]["name"])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _gone(request: HttpRequest, job: Job, heading: str, message: str) -> HttpResponse:
    context = {"job": job, "heading": heading, "message": message}
    return render(request, "reports/expired.html", context, status=410)
