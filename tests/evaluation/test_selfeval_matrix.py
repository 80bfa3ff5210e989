"""Permission-matrix rows of these pages and API operations (every role × inside and outside its
reach); `tests/web/test_permission_matrix.py` checks that every URL and operation has a row.

Each row is tried by every persona on a project of the filler's unit and on the education
bureau's (reached only by its own filler, the fiscal bureau's reviewer and the administrator):
outside the reach 404; a role that may not 403; the role that may succeeds and the change is
there. A state that forbids the action answers 409 (API) or a message with nothing changed (page).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jixiao.evaluation import selfeval
from jixiao.evaluation.models import SelfEvaluation
from jixiao.targets.models import Project
from tests.evaluation.test_selfeval import ACTUALS, CODE, EXPLAINED, approved
from tests.web.conftest import PERSONAS, World

SPECS: list[tuple[str, str, str, str, int]] = [
    # (method, path, the state it is tried in, who may, success status)
    ("get", "/evaluation/projects/{pk}/", "draft", "all", 200),
    ("post", "/evaluation/projects/{pk}/start/", "none", "filler", 302),
    ("post", "/evaluation/projects/{pk}/save/", "draft", "filler", 302),
    ("post", "/evaluation/projects/{pk}/adjust/", "draft", "filler", 302),
    ("post", "/evaluation/projects/{pk}/submit/", "draft", "filler", 302),
    ("post", "/evaluation/projects/{pk}/approve/", "submitted", "unit_reviewer", 302),
    ("post", "/evaluation/projects/{pk}/return/", "submitted", "unit_reviewer", 302),
    ("get", "/api/evaluation/projects/{pk}", "draft", "all", 200),
    ("put", "/api/evaluation/projects/{pk}", "draft", "filler", 200),
    ("post", "/api/evaluation/projects/{pk}/adjust", "draft", "filler", 200),
    ("post", "/api/evaluation/projects/{pk}/start", "none", "filler", 200),
    ("post", "/api/evaluation/projects/{pk}/submit", "draft", "filler", 200),
    ("post", "/api/evaluation/projects/{pk}/approve", "submitted", "unit_reviewer", 200),
    ("post", "/api/evaluation/projects/{pk}/return", "submitted", "unit_reviewer", 200),
]

ROWS: list[tuple[str, str]] = [(method, path) for method, path, *_ in SPECS]
"""(method, path with {pk}) of every page and API operation here."""

OTHER_ACTUALS = {0: "10次", 1: "3起", 2: "5%"}
"""The education bureau's table (商务执法大队工作经费's targets): every one met."""
AFTER = {
    "start": lambda e: e is not None,
    "save": lambda e: e.executed == Decimal("59000.00"),
    "adjust": lambda e: e.adjustments != [],
    "submit": lambda e: e.status == "submitted",
    "approve": lambda e: e.status == "department_review",
    "return": lambda e: e.status == "returned",
}
"""What each write leaves behind when it succeeded."""
WRONG_STATE = {
    "start": "draft",  # already started
    "save": "submitted",
    "adjust": "submitted",
    "submit": "submitted",
    "approve": "draft",
    "return": "draft",
}


def action_of(method: str, path: str) -> str:
    return "save" if method == "put" else path.rstrip("/").rsplit("/", 1)[-1]


def prepare(world: World, project: Project, filler: str, state: str) -> None:
    approved(project)
    if state == "none":
        return
    user = world.users[filler]
    evaluation = selfeval.start(project, user)
    own = project.code == CODE
    evaluation = selfeval.save(
        evaluation, user,
        figures={"full_year_budget": "300000.00" if own else "60000.00", "executed": "60000.00"},
        actuals={
            index: {"actual": actual, "deviation": EXPLAINED.get(index, "") if own else ""}
            for index, actual in (ACTUALS if own else OTHER_ACTUALS).items()
        },
        texts={"execution_reason": "合同延期签订，资金延后支付"},
    )  # fmt: skip
    if state == "submitted":
        selfeval.submit(evaluation, user)


def call(client: Client, method: str, path: str) -> int:
    action = action_of(method, path)
    if not path.startswith("/api/"):
        if method == "get":
            return client.get(path).status_code
        form = {"comment": "请核实", "index": "0", "score": "10", "reason": "请核实"}
        return client.post(path, {**form, "executed": "59000.00"}).status_code
    body: dict[str, Any] = {"comment": "请核实"}
    if action == "adjust":
        body = {"index": 0, "score": "10", "reason": "请核实"}
    if method == "put":
        body = {"executed": "59000.00"}
    sent = json.dumps(body)
    if method == "get":
        return client.get(path).status_code
    if method == "put":
        return client.put(path, sent, content_type="application/json").status_code
    return client.post(path, sent, content_type="application/json").status_code


def stored(project: Project) -> SelfEvaluation | None:
    return SelfEvaluation.objects.filter(project=project).first()


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize(("method", "path", "state", "who", "success"), SPECS)
def test_the_matrix(
    world: World, role: str, method: str, path: str, state: str, who: str, success: int
) -> None:
    client = Client()
    client.force_login(world.users[role])
    own, other = world.project(CODE), world.other_project
    action = action_of(method, path)
    for project, filler, reached in (
        (own, "filler", role != "other_filler"),
        (other, "other_filler", role in ("other_filler", "finance_reviewer", "admin")),
    ):
        prepare(world, project, filler, state)
        status = call(client, method, path.format(pk=project.pk))
        if not reached:
            assert status == 404, (role, path, "outside reach")
            continue
        may = (
            who == "all"
            or (who == "filler" and role == filler)
            or (who == "unit_reviewer" and role == "unit_reviewer")  # the unit's, of 322003
        )
        assert status == (success if may else 403), (role, path, project.code)
        if method != "get":
            done = AFTER[action]
            after = stored(project)
            assert (after is not None and done(after)) == may, (role, path, "effect")


WRITES = [(method, path) for method, path, *_ in SPECS if method != "get"]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_state_that_forbids_the_action_answers_409_or_a_message(
    world: World, method: str, path: str
) -> None:
    action = action_of(method, path)
    who = next(spec[3] for spec in SPECS if spec[:2] == (method, path))
    project = world.project(CODE)
    prepare(world, project, "filler", WRONG_STATE[action])
    before = stored(project)
    assert before is not None
    client = Client()
    client.force_login(world.users[who])
    status = call(client, method, path.format(pk=project.pk))
    assert status == (409 if path.startswith("/api/") else 302), (path, who)
    after = stored(project)
    assert after is not None
    assert (after.status, after.executed, after.adjustments) == (
        before.status, before.executed, before.adjustments,
    )  # fmt: skip
    if not path.startswith("/api/"):
        page = client.get(f"/evaluation/projects/{project.pk}/").content.decode()
        assert "不能" in page or "已开始绩效自评" in page  # the message says why
