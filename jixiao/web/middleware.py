"""The project's middleware: requests carrying a NUL character refused, 405 answered with a
page, static files served by the application.

Requests carrying a NUL character are refused before any view runs: PostgreSQL cannot store
one in text or JSON, and no form or table here has a use for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from whitenoise.middleware import WhiteNoiseMiddleware

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


class NotAllowedPageMiddleware:
    """A page answered with 405 (a form's address opened in the browser, say) gets the site's
    Chinese error page, with the same status and Allow header; the API keeps its own answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not request.path.startswith("/api/"):
            from jixiao.web.errors import not_allowed

            return not_allowed(request, response.get("Allow", ""))
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise: the application serves its static files (the admin's styles, the API docs'
    scripts) itself. From STATIC_ROOT once `collectstatic` has filled it (a deployment, `make
    run`); until then — a fresh checkout, the tests — straight from the installed apps."""

    def __init__(self, get_response: Any = None, settings: Any = django_settings) -> None:
        if not Path(settings.STATIC_ROOT).is_dir():
            settings = _Overridden(settings, STATIC_ROOT=None, WHITENOISE_USE_FINDERS=True)
        super().__init__(get_response, settings=settings)


class _Overridden:
    def __init__(self, base: Any, **values: Any) -> None:
        self._base, self._values = base, values

    def __getattr__(self, name: str) -> Any:
        return self._values[name] if name in self._values else getattr(self._base, name)
