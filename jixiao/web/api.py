"""The REST API: one NinjaAPI with session authentication (CSRF-checked) and OpenAPI docs.

The docs page (/api/docs) loads Swagger UI from django-ninja's own static files ("ninja" is an
installed app), and asks no outside validator: it works without internet. It and the schema
(/api/openapi.json) need a login, as the API does: they map what the API can do.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from ninja import NinjaAPI, Swagger
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
api.add_router("/", documents)
api.add_router("/", targets)
for part in (
    monitoring_payments, monitoring_reports, monitoring_progress,
    evaluation_projects, evaluation_department,
):  # fmt: skip
    api.add_router("/", part.router)
