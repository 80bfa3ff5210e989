"""Permission-matrix rows of these pages and API operations (every role × inside and outside its
reach); `tests/web/test_permission_matrix.py` checks that every URL and operation has a row.

The 部门整体自评: everyone who sees the document sees it (404 outside); the 主管部门's keeper writes
and submits it; the fiscal bureau's 财政审核人 approves or returns it (on a draft: refused by the
state — a message on the page, 409 in the API); every other role 403. The scoring profiles: the
top 系统管理员 only, everyone else 403; a profile that does not exist 404."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jixiao.evaluation import department
from jixiao.evaluation.models import DepartmentSelfEvaluation, ScoringProfile
from jixiao.evaluation.profiles import builtin_text
from jixiao.targets.models import Status, TargetDocument
from tests.web.conftest import PERSONAS, World

ROWS: list[tuple[str, str]] = [
    ("get", "/evaluation/documents/{pk}/"),
    ("post", "/evaluation/documents/{pk}/save/"),
    ("post", "/evaluation/documents/{pk}/submit/"),
    ("post", "/evaluation/documents/{pk}/approve/"),
    ("post", "/evaluation/documents/{pk}/return/"),
    ("get", "/api/evaluation/documents/{pk}/self-evaluation"),
    ("put", "/api/evaluation/documents/{pk}/self-evaluation"),
    ("post", "/api/evaluation/documents/{pk}/self-evaluation/submit"),
    ("post", "/api/evaluation/documents/{pk}/self-evaluation/approve"),
    ("post", "/api/evaluation/documents/{pk}/self-evaluation/return"),
    ("get", "/evaluation/profiles/"),
    ("get", "/evaluation/profiles/new/"),
    ("post", "/evaluation/profiles/new/"),
    ("get", "/evaluation/profiles/{pk}/"),
    ("post", "/evaluation/profiles/{pk}/in-force/"),
    ("get", "/api/evaluation/profiles"),
    ("get", "/api/evaluation/profiles/{pk}"),
]
"""(method, path with {pk}) of every page and API operation here."""

DOCUMENT_ROWS = [row for row in ROWS if "/documents/" in row[1]]
PROFILE_ROWS = [row for row in ROWS if "/profiles" in row[1]]
OWN = "322-0601-YBN-5D8Z"
FILLED = {0: ("5%", ""), 1: ("7家", ""), 2: ("85次", ""), 3: ("100%", ""), 4: ("320家", ""),
          5: ("210人", "")}  # fmt: skip
KEEPS = {"department_reviewer"}
REVIEWS = {"finance_reviewer"}


def prepared(world: World) -> tuple[TargetDocument, TargetDocument]:
    """The 322 document approved with a complete draft self-evaluation; the other department's
    document as it is (a draft, none started)."""
    own = world.project(OWN).document
    TargetDocument.objects.filter(pk=own.pk).update(status=Status.APPROVED)
    own.refresh_from_db()
    entry = department.Entry(FILLED, summary="目标基本完成")
    department.save(own, world.users["department_reviewer"], entry)
    return own, world.other_project.document


def call(client: Client, method: str, url: str) -> int:
    if method == "get":
        return client.get(url).status_code
    if url.startswith("/api/"):
        body = (
            {"actuals": [{"index": 0, "actual": "6%"}], "summary": "目标基本完成"}
            if method == "put"
            else {"comment": "请核实"}
        )
        send = client.put if method == "put" else client.post
        return send(url, json.dumps(body), content_type="application/json").status_code
    return client.post(url, {"comment": "请核实", "actual_0": "6%", "summary": "目标基本完成"})\
        .status_code  # fmt: skip


def expected_on_a_draft(role: str, method: str, path: str, own: bool) -> int:
    api = path.startswith("/api/")
    if method == "get":
        return 200
    if path.endswith(("/approve", "/return", "/approve/", "/return/")):
        # the fiscal bureau's reviewer takes these at 财政审核: a draft refuses them by its state
        return (409 if api else 302) if role in REVIEWS else 403
    if own and role in KEEPS:
        return 200 if api else 302
    return 403


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize(("method", "path"), DOCUMENT_ROWS)
def test_the_department_self_evaluation_answers_each_role(
    world: World, role: str, method: str, path: str
) -> None:
    own, other = prepared(world)
    client = Client()
    client.force_login(world.users[role])
    for document, reached in (
        (own, role != "other_filler"),
        (other, role in ("other_filler", "finance_reviewer", "admin")),
    ):
        status = call(client, method, path.format(pk=document.pk))
        if not reached:
            assert status == 404, (role, path, "outside reach")
            continue
        wanted = expected_on_a_draft(role, method, path, document == own)
        if document == other and wanted == 200 and method != "get":
            wanted = 403  # no one this side keeps the other department
        assert status == wanted, (role, path, document.source)
        DepartmentSelfEvaluation.objects.update(status=Status.DRAFT)


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize("action", ["approve", "return"])
@pytest.mark.parametrize("api", [False, True])
def test_a_submitted_self_evaluation_is_reviewed_by_the_fiscal_bureau_only(
    world: World, role: str, action: str, api: bool
) -> None:
    own, _ = prepared(world)
    department.submit(own, world.users["department_reviewer"])
    client = Client()
    client.force_login(world.users[role])
    path = (
        f"/api/evaluation/documents/{own.pk}/self-evaluation/{action}"
        if api
        else f"/evaluation/documents/{own.pk}/{action}/"
    )
    status = call(client, "post", path)
    if role == "other_filler":
        assert status == 404
    elif role in REVIEWS:
        assert status == (200 if api else 302)
        changed = DepartmentSelfEvaluation.objects.get()
        assert changed.status == (Status.APPROVED if action == "approve" else Status.RETURNED)
    else:
        assert status == 403, role
        assert DepartmentSelfEvaluation.objects.get().status == Status.FINANCE_REVIEW


def profile_call(client: Client, method: str, url: str, role: str) -> int:
    if method == "get":
        return client.get(url).status_code
    text = builtin_text().replace('version = "2026.1"', f'version = "matrix-{role}"')
    return client.post(url, {"text": text}).status_code


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize(("method", "path"), PROFILE_ROWS)
def test_the_scoring_profiles_answer_the_top_administrator_only(
    world: World, role: str, method: str, path: str
) -> None:
    local = ScoringProfile.objects.get(key="local-2020")
    client = Client()
    client.force_login(world.users[role])
    status = profile_call(client, method, path.format(pk=local.pk), role)
    success = 302 if method == "post" else 200
    assert status == (success if role == "admin" else 403), (role, path)
    if "{pk}" in path:
        missing = profile_call(client, method, path.format(pk=local.pk + 1000), role)
        assert missing == (404 if role == "admin" else 403), (role, path, "no such profile")
