"""The error pages (403, 404, 405, 500): in Chinese, in the site's layout, with a way back.

Django calls these when DEBUG is off (`handler403` … in urls.py); 405 has no handler in Django and
is rendered by `middleware.NotAllowedPageMiddleware`. The API keeps answering in JSON.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

_CHINESE = re.compile(r"[\u4e00-\u9fff]")

NOT_FOUND = "您要打开的页面不存在，或不在您可查看的范围内。"
FORBIDDEN = "您的角色不能使用这个页面或操作。"


def _said(exception: Exception | None, default: str) -> str:
    """The reason the view gave, when it gave one in words (ours are Chinese); else the default:
    Django's own reasons (a URL that matched nothing, an English message) are not for users."""
    reason = exception.args[0] if exception is not None and exception.args else None
    return reason if isinstance(reason, str) and _CHINESE.search(reason) else default


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _said(exception, NOT_FOUND)
    return render(request, "404.html", {"message": message}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _said(exception, FORBIDDEN)
    return render(request, "403.html", {"message": message}, status=403)


def not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    response = render(request, "405.html", status=405)
    response["Allow"] = allowed
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed (the database, say) is not asked
    again to draw the page that reports it."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
