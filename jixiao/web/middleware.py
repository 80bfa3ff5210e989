"""Requests carrying a NUL character are refused before any view runs: PostgreSQL cannot store
one in text or JSON, and no form or table here has a use for it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

MESSAGE = "请求中含有空字符（NUL），无法保存；请删除该字符后重试。"


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if any("\x00" in value for _, values in request.GET.lists() for value in values):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if request.content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    # form fields only: an uploaded file's bytes are the readers' business (they refuse binary)
    return any("\x00" in value for _, values in request.POST.lists() for value in values)
