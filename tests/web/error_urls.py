"""The site's URLs plus one view that fails: the 500 page is tested through it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from jixiao.web.urls import handler403, handler404, handler500, urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("测试用的故障")


urlpatterns = [path("fail/", fail), *urlpatterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
