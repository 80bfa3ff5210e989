"""Permission-matrix rows of these pages and API operations (every role × inside and outside its
reach); `tests/web/test_permission_matrix.py` checks that every URL and operation has a row.

支出管理: everyone who reaches the project's unit sees its payments; only the unit's 单位填报人
records, voids and imports (403 for the others); outside the reach, 404. On a table not yet
approved, the filler is told so (a message on the page, 409 from the API) — the others still
hear about their role first."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.monitoring.models import Payment
from jixiao.targets.models import Project
from tests.web.conftest import PERSONAS, World

ROWS: list[tuple[str, str]] = [
    ("get", "/monitoring/projects/{pk}/payments/"),
    ("post", "/monitoring/projects/{pk}/payments/add/"),
    ("post", "/monitoring/payments/{pk}/void/"),
    ("get", "/monitoring/projects/{pk}/payments/import/"),
    ("post", "/monitoring/projects/{pk}/payments/import/"),
    ("get", "/monitoring/projects/{pk}/payments/import/preview/"),
    ("post", "/monitoring/projects/{pk}/payments/import/preview/"),
    ("get", "/api/monitoring/projects/{pk}/payments"),
    ("post", "/api/monitoring/projects/{pk}/payments"),
    ("post", "/api/monitoring/payments/{pk}/void"),
]
"""(method, path with {pk}) of every page and API operation here. {pk} is the project's, or the
payment's in the void rows."""

OWN = "322-0601-YBN-5D8Z"  # a 322003 table: reached by every role but other_filler
READ = {"get"}
"""Rows every role reaching the unit may use; the others are the unit filler's."""
SUCCESS = {
    ("get", "/monitoring/projects/{pk}/payments/"): 200,
    ("post", "/monitoring/projects/{pk}/payments/add/"): 302,
    ("post", "/monitoring/payments/{pk}/void/"): 302,
    ("get", "/monitoring/projects/{pk}/payments/import/"): 200,
    ("post", "/monitoring/projects/{pk}/payments/import/"): 302,
    ("get", "/monitoring/projects/{pk}/payments/import/preview/"): 200,
    ("post", "/monitoring/projects/{pk}/payments/import/preview/"): 302,
    ("get", "/api/monitoring/projects/{pk}/payments"): 200,
    ("post", "/api/monitoring/projects/{pk}/payments"): 201,
    ("post", "/api/monitoring/payments/{pk}/void"): 200,
}
LEDGER = '支付日期,金额（元）,凭证号\r\n2024-04-01,"1,000.00",台账-1\r\n'.encode("gbk")
PAYMENT = {"paid_on": "2024-03-05", "amount": "12.50", "source": "fiscal", "voucher": "矩阵-1"}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def upload_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("台账.csv", LEDGER, content_type="text/csv")


def draft_for(client: Client, project: Project) -> str:
    """A ledger preview of this user (for the preview rows): the upload's token, or "" when
    the user may not upload."""
    response = client.post(
        f"/monitoring/projects/{project.pk}/payments/import/", {"file": upload_file()}
    )
    match = re.search(r"draft=([0-9a-f]{32})", response.get("Location", ""))
    return match.group(1) if match else ""


def call(client: Client, method: str, path: str, project: Project, payment: Payment) -> int:
    url = path.format(pk=payment.pk if "/payments/{pk}/void" in path else project.pk)
    if url.startswith("/api/"):
        if method == "get":
            return client.get(url).status_code
        body = {"reason": "录错"} if url.endswith("/void") else PAYMENT
        return client.post(url, json.dumps(body), content_type="application/json").status_code
    if "/import/preview/" in url:
        token = draft_for(client, project)
        if method == "get":
            return client.get(f"{url}?draft={token}").status_code
        return client.post(url, {"draft": token, "action": "confirm"}).status_code
    if method == "get":
        return client.get(url).status_code
    if url.endswith("/import/"):
        return client.post(url, {"file": upload_file()}).status_code
    return client.post(url, {**PAYMENT, "reason": "录错"}).status_code


def setting(world: World, status: str = "approved") -> list[tuple[Project, Payment]]:
    """Both tables (the filler's and another department's) in `status`, each with a payment."""
    projects = [world.project(OWN), world.other_project]
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=status)
    placed = []
    for project in projects:
        project.refresh_from_db()
        payment = Payment.objects.create(
            project=project, paid_on=date(2024, 2, 1), amount=Decimal("100.00"),
            voucher="原-1", recorded_by=world.users["filler"],
        )  # fmt: skip
        placed.append((project, payment))
    return placed


def reaches(role: str, project: Project, world: World) -> bool:
    if project.pk == world.other_project.pk:
        return role in ("other_filler", "finance_reviewer", "admin")
    return role != "other_filler"


def unit_filler(role: str, project: Project, world: World) -> bool:
    return role == ("other_filler" if project.pk == world.other_project.pk else "filler")


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize(("method", "path"), ROWS)
def test_the_matrix(world: World, role: str, method: str, path: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    for project, payment in setting(world):
        before = Payment.objects.filter(project=project).count()
        status = call(client, method, path, project, payment)
        if not reaches(role, project, world):
            assert status == 404, (role, path, "outside reach")
            continue
        may = (method in READ and "/import" not in path) or unit_filler(role, project, world)
        assert status == (SUCCESS[method, path] if may else 403), (role, path, project.code)
        changed = Payment.objects.filter(project=project).count() != before
        writes = "/add/" in path or (path.endswith("/payments") and method == "post")
        writes = writes or (path.endswith("/preview/") and method == "post")
        assert changed == (may and writes), (role, path, "stored" if changed else "not stored")
        if "void" in path:
            payment.refresh_from_db()
            assert (payment.voided_at is not None) == may, (role, path)


WRITES = [
    ("post", "/monitoring/projects/{pk}/payments/add/", 302),
    ("post", "/api/monitoring/projects/{pk}/payments", 409),
    ("post", "/monitoring/projects/{pk}/payments/import/", 200),
    ("get", "/monitoring/projects/{pk}/payments/import/", 200),
]


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize(("method", "path", "refused"), WRITES)
def test_a_table_not_yet_approved_refuses_by_its_state(
    world: World, role: str, method: str, path: str, refused: int
) -> None:
    client = Client()
    client.force_login(world.users[role])
    for project, payment in setting(world, status="finance_review"):
        status = call(client, method, path, project, payment)
        if not reaches(role, project, world):
            assert status == 404, (role, path)
        elif unit_filler(role, project, world):
            assert status == refused, (role, path)
        else:
            assert status == 403, (role, path)  # the role is the reason, not the state
    assert Payment.objects.count() == 2  # the two placed, nothing more


def test_the_filler_is_told_why_on_the_page(world: World) -> None:
    (project, _), _ = setting(world, status="submitted")
    client = Client()
    client.force_login(world.users["filler"])
    url = f"/monitoring/projects/{project.pk}/payments/add/"
    told = client.post(url, PAYMENT, follow=True).content.decode()
    assert "绩效目标表当前状态为“已提交”，批复（已批复）后才能录入或导入支付记录" in told


def test_a_voided_payment_is_refused_by_its_state(world: World) -> None:
    (_, payment), _ = setting(world)
    client = Client()
    client.force_login(world.users["filler"])
    url = f"/api/monitoring/payments/{payment.pk}/void"
    body = json.dumps({"reason": "录错"})
    assert client.post(url, body, content_type="application/json").status_code == 200
    assert client.post(url, body, content_type="application/json").status_code == 409
