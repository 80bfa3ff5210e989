"""The REST API: one NinjaAPI with session authentication (CSRF-checked) and OpenAPI docs."""

from ninja import NinjaAPI
from ninja.security import django_auth

from jixiao.targets.api import documents_router as documents
from jixiao.targets.api import router as targets

api = NinjaAPI(
    title="绩效（jixiao）API",
    version="1",
    description="预算绩效目标的查看、审核意见与审核流程。权限与网页相同。",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/", documents)
api.add_router("/", targets)
