"""Permission-matrix rows of these pages and API operations (every role × inside and outside its
reach); `tests/web/test_permission_matrix.py` checks that every URL and operation has a row.

Two rounds: one over the 商务局 (the filler's report and the department's summary in it), one
over the 教育局's unit (another department's report and summary). Outside the user's reach: 404;
inside it, a role that may not: 403; a state that does not allow it, asked by a role that acts in
another state: a message (pages, 302) or 409 (API); what the role may do succeeds."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from jixiao.monitoring import progress, rounds
from jixiao.monitoring.models import DepartmentMonitoring, MonitoringReport, MonitoringRound
from jixiao.targets.models import Status
from tests.monitoring.test_rounds import OWN, approve_all
from tests.web.conftest import PERSONAS, World

EVERYONE = set(PERSONAS)
COMMERCE = EVERYONE - {"other_filler"}
"""Who reaches the 商务局's round and the filler's report."""
EDUCATION = {"other_filler", "finance_reviewer", "admin"}
"""Who reaches the 教育局's round and report."""
COMMERCE_SUMMARY = {"department_reviewer", "readonly", "finance_reviewer", "admin"}
EDUCATION_SUMMARY = {"finance_reviewer", "admin"}
"""A summary is the department's: reached at the department or above, not from its units."""

REVIEWERS = {"unit_reviewer", "department_reviewer", "finance_reviewer"}

# (method, path, state set first, {role: status} on the own subject, {role: status} on the
# other one); a role reaching the subject and not named answers 403.
ENDPOINTS: list[tuple[str, str, str, dict[str, int], dict[str, int]]] = [
    ("get", "/monitoring/", "", dict.fromkeys(EVERYONE, 200), {}),
    ("post", "/monitoring/rounds/new/", "", {"finance_reviewer": 302, "admin": 302}, {}),
    ("get", "/monitoring/rounds/{pk}/", "", dict.fromkeys(COMMERCE, 200),
     dict.fromkeys(EDUCATION, 200)),
    ("post", "/monitoring/rounds/{pk}/close/", "", {"finance_reviewer": 302, "admin": 302},
     {"finance_reviewer": 302, "admin": 302}),
    ("get", "/monitoring/reports/{pk}/", "draft", dict.fromkeys(COMMERCE, 200),
     dict.fromkeys(EDUCATION, 200)),
    ("post", "/monitoring/reports/{pk}/edit/", "draft", {"filler": 302}, {"other_filler": 302}),
    ("post", "/monitoring/reports/{pk}/submit/", "draft", {"filler": 302}, {"other_filler": 302}),
    # a draft is no reviewer's step: refused by its state, with a message
    ("post", "/monitoring/reports/{pk}/approve/", "draft", dict.fromkeys(REVIEWERS, 302),
     {"finance_reviewer": 302}),
    ("post", "/monitoring/reports/{pk}/approve/", "submitted", {"unit_reviewer": 302}, {}),
    ("post", "/monitoring/reports/{pk}/approve/", "finance_review", {"finance_reviewer": 302},
     {"finance_reviewer": 302}),
    ("post", "/monitoring/reports/{pk}/return/", "department_review",
     {"department_reviewer": 302}, {}),
    ("post", "/monitoring/reports/{pk}/return/", "approved", dict.fromkeys(REVIEWERS, 302),
     {"finance_reviewer": 302}),
    ("get", "/monitoring/summaries/{pk}/", "draft", dict.fromkeys(COMMERCE_SUMMARY, 200),
     dict.fromkeys(EDUCATION_SUMMARY, 200)),
    ("post", "/monitoring/summaries/{pk}/edit/", "draft", {"department_reviewer": 302}, {}),
    ("post", "/monitoring/summaries/{pk}/submit/", "returned", {"department_reviewer": 302}, {}),
    ("post", "/monitoring/summaries/{pk}/approve/", "finance_review", {"finance_reviewer": 302},
     {"finance_reviewer": 302}),
    ("post", "/monitoring/summaries/{pk}/return/", "finance_review", {"finance_reviewer": 302},
     {"finance_reviewer": 302}),
    ("post", "/monitoring/summaries/{pk}/approve/", "draft", {"finance_reviewer": 302},
     {"finance_reviewer": 302}),
    ("get", "/api/monitoring/rounds", "", dict.fromkeys(EVERYONE, 200), {}),
    ("get", "/api/monitoring/rounds/{pk}", "", dict.fromkeys(COMMERCE, 200),
     dict.fromkeys(EDUCATION, 200)),
    ("get", "/api/monitoring/reports/{pk}", "draft", dict.fromkeys(COMMERCE, 200),
     dict.fromkeys(EDUCATION, 200)),
    ("post", "/api/monitoring/reports/{pk}/submit", "draft", {"filler": 200},
     {"other_filler": 200}),
    ("post", "/api/monitoring/reports/{pk}/submit", "submitted", {"filler": 409},
     {"other_filler": 409}),
    ("post", "/api/monitoring/reports/{pk}/approve", "draft", dict.fromkeys(REVIEWERS, 409),
     {"finance_reviewer": 409}),
    ("post", "/api/monitoring/reports/{pk}/approve", "submitted", {"unit_reviewer": 200}, {}),
    ("post", "/api/monitoring/reports/{pk}/return", "finance_review", {"finance_reviewer": 200},
     {"finance_reviewer": 200}),
    ("post", "/api/monitoring/reports/{pk}/return", "draft", dict.fromkeys(REVIEWERS, 409),
     {"finance_reviewer": 409}),
    ("get", "/api/monitoring/summaries/{pk}", "draft", dict.fromkeys(COMMERCE_SUMMARY, 200),
     dict.fromkeys(EDUCATION_SUMMARY, 200)),
    ("post", "/api/monitoring/summaries/{pk}/submit", "draft", {"department_reviewer": 200}, {}),
    ("post", "/api/monitoring/summaries/{pk}/submit", "approved", {"department_reviewer": 409},
     {}),
    ("post", "/api/monitoring/summaries/{pk}/approve", "finance_review",
     {"finance_reviewer": 200}, {"finance_reviewer": 200}),
    ("post", "/api/monitoring/summaries/{pk}/approve", "draft", {"finance_reviewer": 409},
     {"finance_reviewer": 409}),
    ("post", "/api/monitoring/summaries/{pk}/return", "finance_review",
     {"finance_reviewer": 200}, {"finance_reviewer": 200}),
    ("post", "/api/monitoring/rounds", "", {"finance_reviewer": 201, "admin": 201}, {}),
    ("post", "/api/monitoring/rounds/{pk}/close", "", {"finance_reviewer": 200, "admin": 200},
     {"finance_reviewer": 200, "admin": 200}),
]  # fmt: skip

ROWS: list[tuple[str, str]] = sorted({(method, path) for method, path, *_ in ENDPOINTS})
"""(method, path with {pk}) of every page and API operation here."""


@pytest.fixture
def subjects(world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[Any, Any]]:
    """The rounds, reports and summaries of both departments (own, other); the indicators'
    progress taken as complete (tested with its own part)."""
    monkeypatch.setattr(progress, "missing_explanations", lambda report: [])
    approve_all(world)
    bureau = world.users["finance_reviewer"]
    issued = [
        rounds.issue_round(
            bureau,
            world.finance,
            title=title,
            period="1-2月",
            as_of=date(2024, 2, 29),
            due=date(2024, 3, 10),
            organisations=[scope],
        )
        for title, scope in (("商务局监控", world.commerce), ("教育局监控", world.other_unit))
    ]
    own_report = MonitoringReport.objects.get(round=issued[0], project__code=OWN)
    other_report = MonitoringReport.objects.get(round=issued[1])
    own_summary = DepartmentMonitoring.objects.get(round=issued[0])
    other_summary = DepartmentMonitoring.objects.get(round=issued[1])
    DepartmentMonitoring.objects.update(summary="总体情况")
    return {
        "rounds": (issued[0], issued[1]),
        "reports": (own_report, other_report),
        "summaries": (own_summary, other_summary),
    }


def _subjects_of(path: str, subjects: dict[str, tuple[Any, Any]]) -> tuple[Any, Any] | None:
    for part in ("rounds", "reports", "summaries"):
        if f"/{part}/{{pk}}" in path:
            return subjects[part]
    return None


def _reset(subject: Any, state: str) -> None:
    if isinstance(subject, MonitoringRound):
        MonitoringRound.objects.filter(pk=subject.pk).update(closed_at=None)
    elif state:
        type(subject).objects.filter(pk=subject.pk).update(status=state)


def call(client: Client, method: str, url: str, world: World) -> int:
    if method == "get":
        return client.get(url).status_code
    if url == "/api/monitoring/rounds":
        fields = {"title": "矩阵", "period": "1-6月", "as_of": "2024-06-30",
                  "due": "2024-07-15", "organisations": [world.commerce.pk]}  # fmt: skip
        return client.post(url, json.dumps(fields), content_type="application/json").status_code
    if url.startswith("/api/"):
        body = json.dumps({"comment": "请核实"})
        return client.post(url, body, content_type="application/json").status_code
    if url.endswith("/rounds/new/"):
        fields = {"title": "矩阵", "period": "1-6月", "as_of": "2024-06-30",
                  "due": "2024-07-15", "organisations": [world.commerce.pk]}  # fmt: skip
        return client.post(url, fields).status_code
    return client.post(url, {"comment": "请核实", "summary": "总体情况"}).status_code


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize(("method", "path", "state", "own", "other"), ENDPOINTS)
def test_the_matrix(
    world: World,
    subjects: dict[str, tuple[Any, Any]],
    role: str,
    method: str,
    path: str,
    state: str,
    own: dict[str, int],
    other: dict[str, int],
) -> None:
    client = Client()
    client.force_login(world.users[role])
    pair = _subjects_of(path, subjects)
    if pair is None:  # a list, or issuing a round
        assert call(client, method, path, world) == own.get(role, 403), (role, path)
        return
    if "/summaries/" in path:
        reached = (COMMERCE_SUMMARY, EDUCATION_SUMMARY)
    else:
        reached = (COMMERCE, EDUCATION)
    for subject, reaching, expected in zip(pair, reached, (own, other), strict=True):
        _reset(subject, state)
        status = call(client, method, path.format(pk=subject.pk), world)
        if role not in reaching:
            assert status == 404, (role, path, state, "outside reach")
            continue
        assert status == expected.get(role, 403), (role, path, state, str(subject))


@pytest.mark.parametrize("role", PERSONAS)
def test_a_success_changes_the_state_and_a_refusal_does_not(
    world: World, subjects: dict[str, tuple[Any, Any]], role: str
) -> None:
    """The page's answer is a redirect either way: what happened is the state."""
    own_report = subjects["reports"][0]
    client = Client()
    client.force_login(world.users[role])
    client.post(f"/monitoring/reports/{own_report.pk}/submit/")
    expected = Status.SUBMITTED if role == "filler" else Status.DRAFT
    assert MonitoringReport.objects.get(pk=own_report.pk).status == expected
    MonitoringReport.objects.filter(pk=own_report.pk).update(status=Status.FINANCE_REVIEW)
    client.post(f"/monitoring/reports/{own_report.pk}/approve/", {"comment": "同意"})
    expected = Status.APPROVED if role == "finance_reviewer" else Status.FINANCE_REVIEW
    assert MonitoringReport.objects.get(pk=own_report.pk).status == expected


def test_the_api_issues_and_closes_a_round_as_the_page_does(
    world: World, subjects: dict[str, tuple[Any, Any]]
) -> None:
    client = Client()
    client.force_login(world.users["finance_reviewer"])
    bad = {"title": "", "period": "1-6月", "as_of": "6月底", "due": "2024-07-15",
           "organisations": []}  # fmt: skip
    refused = client.post(
        "/api/monitoring/rounds", json.dumps(bad), content_type="application/json"
    )
    assert refused.status_code == 400
    problems = refused.json()["problems"]
    assert problems[0].startswith("名称：请填写监控轮次的名称")
    assert any(p.startswith("截至日期") for p in problems)
    assert any(p.startswith("参加单位：请至少选择") for p in problems)
    count = MonitoringRound.objects.count()
    good = {**bad, "title": "2024年1-6月绩效运行监控", "as_of": "2024年6月30日",
            "organisations": [world.commerce.pk], "projects": [OWN]}  # fmt: skip
    made = client.post("/api/monitoring/rounds", json.dumps(good), content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert (body["title"], body["period"], body["as_of"]) == (good["title"], "1-6月", "2024-06-30")
    assert [r["project_code"] for r in body["reports_list"]] == [OWN]
    assert MonitoringRound.objects.count() == count + 1
    close = f"/api/monitoring/rounds/{body['id']}/close"
    closed = client.post(
        close, json.dumps({"comment": "按期结束"}), content_type="application/json"
    )
    assert (closed.status_code, closed.json()["closed"]) == (200, True)
    again = client.post(close, "{}", content_type="application/json")
    assert again.status_code == 409


def test_every_row_resolves() -> None:
    from django.urls import resolve

    for _, path in ROWS:
        if not path.startswith("/api/"):
            assert resolve(path.format(pk=1)).url_name.startswith(
                ("monitoring_round", "monitoring_report", "monitoring_summary")
            )
