"""The project's middleware: requests carrying text that cannot be stored refused, 405 answered
with a page, static files served by the application, the security headers every answer carries.

Requests carrying a NUL character or a lone surrogate (U+D800–U+DFFF, half of a UTF-16 pair)
are refused before any view runs: PostgreSQL cannot store either in text or JSON (and SQLite's
driver cannot encode a lone surrogate), and no form or table here has a use for them. Looked at:
the query string, form fields and their names, uploaded files' names, and any other request
body as JSON — raw (which must then be UTF-8) and in its escapes ("\\u0000", "\\ud800"; a
surrogate pair's escapes, an emoji's, are whole characters and pass)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
    QueryDict,
)
from whitenoise.middleware import WhiteNoiseMiddleware

MESSAGE = "请求中含有空字符（NUL），无法保存；请删除该字符后重试。"
SURROGATE_MESSAGE = (
    "请求中含有不成对的代理字符（U+D800—U+DFFF，不是完整的字符），无法保存；"
    "请删除该字符（常见于从其他程序复制的文本）后重试。"
)
NOT_UTF8_MESSAGE = "请求正文不是 UTF-8 编码的文本，无法读取；请以 UTF-8 编码发送 JSON。"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPE = re.compile(
    rb"\\(?:\\|u(?:(?P<pair>[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?P<lone>[dD][89a-fA-F][0-9a-fA-F]{2})|(?P<nul>0000)))"
)
"""A JSON escape: an escaped backslash (consumed, so that "\\\\u0000" is text, not NUL), a
surrogate pair, a lone surrogate or NUL. Fixed width: one linear scan."""


class RejectNulMiddleware:
    """Refuses requests carrying NUL or a lone surrogate (see the module's docstring): 400 with
    the reason in Chinese, as JSON ({"detail": …}) on the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = unstorable(request)
        if problem is not None:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": problem}, status=400)
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def unstorable(request: HttpRequest) -> str | None:
    """Why the request cannot be stored (in Chinese), or None."""
    headers = (v for k, v in request.META.items() if k.startswith("HTTP_") and isinstance(v, str))
    problem = (
        _in_texts(_pairs(request.GET.lists()))
        or _in_texts(headers)  # the user agent is stored with a failed login, cookies looked up
        or _in_texts(_pairs((name, [value]) for name, value in request.COOKIES.items()))
    )
    if problem is not None or request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return problem
    if request.content_type == _FORMS[0] and request.method != "POST":
        return _in_texts(_pairs(QueryDict(request.body, encoding=request.encoding).lists()))
    if request.content_type in _FORMS:
        # form fields and file names: an uploaded file's bytes are the readers' business (they
        # refuse NUL and lone surrogates in the text they decode)
        names = (upload.name or "" for upload in request.FILES.values())
        return _in_texts(_pairs(request.POST.lists())) or _in_texts(names)
    return _in_json(request.body)


def _pairs(lists: Iterable[tuple[str, list[str]]]) -> Iterable[str]:
    for key, values in lists:
        yield key
        yield from values


def _in_texts(texts: Iterable[str]) -> str | None:
    for text in texts:
        if "\x00" in text:
            return MESSAGE
        if not text.isascii() and _SURROGATE.search(text):
            return SURROGATE_MESSAGE
    return None


def _in_json(body: bytes) -> str | None:
    """A JSON body (or any other that is not a form): raw NUL, bytes that are not UTF-8 (a raw
    surrogate among them: the json module would read it), or an escape of either."""
    if b"\x00" in body:
        return MESSAGE
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8_MESSAGE
    if b"\\" not in body:
        return None
    for escape in _JSON_ESCAPE.finditer(body):
        if escape["nul"]:
            return MESSAGE
        if escape["lone"]:
            return SURROGATE_MESSAGE
    return None


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


class SecurityHeadersMiddleware:
    """Headers every answer carries: the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY:
    scripts only from this site's files), and `Cache-Control: private, no-store` on what a
    signed-in user sees and on the API's answers, so that no shared cache or browser history
    keeps a page of targets after logout. Static files keep WhiteNoise's own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static = "/" + django_settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.static):
            return response
        response.setdefault("Content-Security-Policy", django_settings.CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or request.path.startswith("/api/")) and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            response["Cache-Control"] = "private, no-store"
        return response
