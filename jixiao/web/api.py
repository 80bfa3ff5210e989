"""The REST API: one NinjaAPI with session authentication (CSRF-checked) and OpenAPI docs.

The docs page (/api/docs) loads Swagger UI from django-ninja's own static files ("ninja" is an
installed app), and asks no outside validator: it works without internet. It and the schema
(/api/openapi.json) need a login, as the API does: they map what the API can do.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import django_auth

from jixiao.evaluation.api import department as evaluation_department
from jixiao.evaluation.api import projects as evaluation_projects
from jixiao.monitoring.api import payments as monitoring_payments
from jixiao.monitoring.api import progress as monitoring_progress
from jixiao.monitoring.api import reports as monitoring_reports
from jixiao.targets.api import documents_router as documents
from jixiao.targets.api import router as targets


class LocalTimeEncoder(NinjaJSONEncoder):
    """Times as the pages show them: in TIME_ZONE (Asia/Shanghai), "2024-03-01T10:00:00+08:00",
    never the UTC they are stored in."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder


api = NinjaAPI(
    title="绩效（jixiao）API",
    version="1",
    description="预算绩效目标的查看、审核意见与审核流程。权限与网页相同。",
    auth=django_auth,
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=login_required,  # the docs and openapi.json: for signed-in users only
    renderer=LocalTimeRenderer(),
)


PROBLEMS = {
    "missing": "缺少此项",
    "json_invalid": "不是合法的 JSON",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期（如 2025-06-30）",
    "date_parsing": "应为日期（如 2025-06-30）",
    "date_from_datetime_parsing": "应为日期（如 2025-06-30）",
    "datetime_parsing": "应为时间（如 2025-06-30T10:00:00）",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_attributes_type": "应为对象",
    "string_too_long": "过长",
    "string_too_short": "不能为空",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "extra_forbidden": "不是可接受的项",
    "greater_than": "超出允许范围（过小）",
    "greater_than_equal": "超出允许范围（过小）",
    "less_than": "超出允许范围（过大）",
    "less_than_equal": "超出允许范围（过大）",
}
"""pydantic's error types in the words the pages use; any other is 格式不正确."""


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A body or query that does not fit the operation's schema: 422 with each problem in
    Chinese, naming the field by its path (never pydantic's English)."""
    problems = []
    for error in exc.errors:
        where = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "query", "form", "path", "payload")
        ]
        field = ".".join(where) or "请求内容"
        problems.append(
            {"field": field, "problem": PROBLEMS.get(str(error.get("type")), "格式不正确")}
        )
    detail = "；".join(f"「{p['field']}」{p['problem']}" for p in problems)
    return api.create_response(
        request, {"detail": f"请求内容不符合要求：{detail}", "errors": problems}, status=422
    )


api.add_router("/", documents)
api.add_router("/", targets)
for part in (
    monitoring_payments, monitoring_reports, monitoring_progress,
    evaluation_projects, evaluation_department,
):  # fmt: skip
    api.add_router("/", part.router)
