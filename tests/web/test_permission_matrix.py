"""Every URL and API endpoint × every role × a table (and a document) of the user's own reach and
one outside it.

The data that could leak is created first (another department's table, see conftest.World). What
is outside the user's reach answers 404 everywhere; inside it, a page or action the role may not
use answers 403; an action the state does not allow, asked by a role that takes it in another
state, answers 409 (API) or comes back with a message (pages) — asked by a role that never takes
it, 403 (the role is the real reason); what the role may do succeeds. A guard test fails when a URL or an API operation
is added without a row here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from jixiao.targets.models import Project, TargetDocument
from jixiao.web.api import api
from tests.evaluation import test_department_matrix, test_selfeval_matrix
from tests.monitoring import test_payments_matrix, test_progress_matrix, test_reports_matrix
from tests.web.conftest import PERSONAS, World

ROLES = PERSONAS
OWN = "322-0601-YBN-5D8Z"  # a 322003 table: reached by every role but other_filler
# (method, path template, roles allowed on a draft table, success status)
ENDPOINTS = [
    ("get", "/projects/{pk}/", "all", 200),
    ("get", "/projects/{pk}/versions/", "all", 200),
    ("get", "/projects/{pk}/header/", {"filler"}, 200),
    ("get", "/projects/{pk}/indicators/0/", {"filler"}, 200),
    ("post", "/projects/{pk}/submit/", {"filler"}, 302),
    ("post", "/projects/{pk}/rows/add/", {"filler"}, 302),
    ("post", "/projects/{pk}/rows/up/", {"filler"}, 302),
    ("post", "/projects/{pk}/rows/remove/", {"filler"}, 302),
    ("post", "/projects/{pk}/header/", {"filler"}, 200),  # an empty form comes back with its error
    ("post", "/projects/{pk}/indicators/0/", {"filler"}, 200),
    ("post", "/projects/{pk}/approve/", set(), 302),  # refused by state: a message, no change
    ("post", "/projects/{pk}/return/", set(), 302),
    ("post", "/projects/{pk}/adjust/", set(), 302),
    ("post", "/projects/{pk}/grade/", set(), 302),
    (
        "post",
        "/projects/{pk}/comments/",
        {"filler", "unit_reviewer", "department_reviewer", "finance_reviewer"},
        302,
    ),
    ("post", "/api/projects/{pk}/return", set(), 409),
    ("post", "/api/projects/{pk}/adjust", set(), 409),
    ("get", "/api/projects/{pk}", "all", 200),
    ("post", "/api/projects/{pk}/submit", {"filler"}, 200),
    ("post", "/api/projects/{pk}/approve", set(), 409),  # a draft is no reviewer's step
    ("post", "/api/projects/{pk}/grade", set(), 409),
    ("get", "/api/projects/{pk}/findings", "all", 200),
    ("get", "/api/projects/{pk}/indicators", "all", 200),
    ("put", "/api/projects/{pk}/indicators/0", {"filler"}, 200),
    ("get", "/api/projects/{pk}/history", "all", 200),
    ("get", "/api/projects/{pk}/comments", "all", 200),
    (
        "post",
        "/api/projects/{pk}/comments",
        {"filler", "unit_reviewer", "department_reviewer", "finance_reviewer"},
        201,
    ),
]


ROW = {"level1": "产出指标", "level2": "数量指标", "name": "企业人数", "target": "≥5人"}
REVIEWERS = {"unit_reviewer", "department_reviewer", "finance_reviewer"}
LATER = {"/approve": REVIEWERS, "/return": REVIEWERS, "/grade": REVIEWERS, "/adjust": {"filler"}}
"""Who takes these actions in another state than a draft's: refused by the state, not the role."""


def call(client: Client, method: str, url: str) -> int:
    if method == "get":
        return client.get(url).status_code
    if method == "put":
        return client.put(url, json.dumps(ROW), content_type="application/json").status_code
    if url.startswith("/api/"):
        body = (
            {"text": "请核实"}
            if url.endswith("/comments")
            else {"comment": "请核实", "grade": "中", "reason": "请核实"}
        )
        return client.post(url, json.dumps(body), content_type="application/json").status_code
    # a reason given: the seed's tables carry 错误, which a submission has to explain
    return client.post(url, {"comment": "请核实", "reason": "请核实", "grade": "中"}).status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "allowed", "success"), ENDPOINTS)
def test_the_matrix(
    world: World, role: str, method: str, path: str, allowed: object, success: int
) -> None:
    client = Client()
    client.force_login(world.users[role])
    for project, reached in (
        (world.project(OWN), role != "other_filler"),
        (world.other_project, role in ("other_filler", "finance_reviewer", "admin")),
    ):
        status = call(client, method, path.format(pk=project.pk))
        if not reached:
            assert status == 404, (role, path, "outside reach")
            continue
        own_unit_filler = role == "filler" if project.code == OWN else role == "other_filler"
        # reviewers act wherever their roles reach (both tables are reached only from 财政)
        reviewer_here = role in allowed and role.endswith("reviewer")  # type: ignore[operator]
        may = allowed == "all" or (own_unit_filler and "filler" in allowed) or reviewer_here  # type: ignore[operator]
        later = next((roles for key, roles in LATER.items() if key in path), None)
        if later is not None:
            may = own_unit_filler if "filler" in later else role in later
        assert status == (success if may else 403), (role, path, project.code)
        Project.objects.filter(pk=project.pk).update(status="draft")


# Documents: (method, path template, roles allowed on draft department targets — or, for
# approve/return/adjust, the roles that take them in another state and are refused by the draft's
# state —, success status). The 主管部门's reviewer keeps its department-wide targets.
DOCUMENT_ENDPOINTS = [
    ("get", "/documents/{pk}/", "all", 200),
    ("get", "/documents/{pk}/versions/", "all", 200),
    ("get", "/documents/{pk}/review/", "all", 200),
    ("get", "/documents/{pk}/department/", {"department_reviewer"}, 200),
    ("post", "/documents/{pk}/department/", {"department_reviewer"}, 302),
    ("post", "/documents/{pk}/submit/", {"department_reviewer"}, 302),
    ("post", "/documents/{pk}/approve/", {"finance_reviewer"}, 302),
    ("post", "/documents/{pk}/return/", {"finance_reviewer"}, 302),
    ("post", "/documents/{pk}/adjust/", {"department_reviewer"}, 302),
    ("post", "/reports/documents/{pk}/", "all", 302),  # no format chosen: back with a message
    ("get", "/api/documents/{pk}", "all", 200),
    ("get", "/api/documents/{pk}/findings", "all", 200),
    ("get", "/api/documents/{pk}/history", "all", 200),
    ("post", "/api/documents/{pk}/submit", {"department_reviewer"}, 200),
    ("post", "/api/documents/{pk}/approve", {"finance_reviewer"}, 409),
    ("post", "/api/documents/{pk}/return", {"finance_reviewer"}, 409),
    ("post", "/api/documents/{pk}/adjust", {"department_reviewer"}, 409),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "allowed", "success"), DOCUMENT_ENDPOINTS)
def test_the_document_matrix(
    world: World, role: str, method: str, path: str, allowed: object, success: int
) -> None:
    client = Client()
    client.force_login(world.users[role])
    own, other = world.project(OWN).document, world.other_project.document
    for document, reached in (
        (own, role != "other_filler"),
        (other, role in ("other_filler", "finance_reviewer", "admin")),
    ):
        status = call(client, method, path.format(pk=document.pk))
        if not reached:
            assert status == 404, (role, path, "outside reach")
            continue
        keeper = document == own and role == "department_reviewer"
        # the fiscal bureau's reviewer reviews every department's targets it reaches
        may = allowed == "all" or (
            role in allowed and (keeper or role == "finance_reviewer")  # type: ignore[operator]
        )
        assert status == (success if may else 403), (role, path, document.source)
        TargetDocument.objects.filter(pk=document.pk).update(status="draft")


def test_every_url_and_api_operation_has_a_row_in_the_matrix() -> None:
    """A page or an API operation added without a matrix row fails here."""
    paths = [path for _, path, _, _ in ENDPOINTS + DOCUMENT_ENDPOINTS] + LISTS + JOB_PAGES
    paths += [path for _, path in CYCLE_ROWS]
    covered = {resolve(path.format(pk=1)).url_name for path in paths if not path.startswith("/api")}
    pages = {name for name in _url_names(get_resolver()) if name} - UNSCOPED_PAGES
    assert pages <= covered, sorted(pages - covered)

    operations = {
        (method.lower(), route)
        for route, item in api.get_openapi_schema()["paths"].items()
        for method in item
    }
    rows = {
        (method, path.replace("{pk}", "1")) for method, path, _, _ in ENDPOINTS + DOCUMENT_ENDPOINTS
    }
    rows |= {("get", path.split("?")[0]) for path in LISTS if path.startswith("/api")}
    rows |= {("post", "/api/documents")}  # test_the_api_import_answers_each_role
    rows |= {(method, path.replace("{pk}", "1").split("?")[0]) for method, path in CYCLE_ROWS}
    for method, route in operations:
        pattern = re.sub(r"\\{[a-z_]+\\}", "[^/]+", re.escape(route)) + "$"
        assert any(m == method and re.match(pattern, p) for m, p in rows), (method, route)


CYCLE_ROWS = [
    *test_payments_matrix.ROWS,
    *test_reports_matrix.ROWS,
    *test_progress_matrix.ROWS,
    *test_selfeval_matrix.ROWS,
    *test_department_matrix.ROWS,
]
"""The monitoring and self-evaluation pages' rows, each tested in its own matrix module."""

UNSCOPED_PAGES = {"login", "logout", "healthz"}
"""Pages outside the matrix: the login page itself, logging out and the health check (it answers
"ok" to anyone and shows nothing); the admin (below) is Django's own and checks `is_staff`,
which no persona has."""

JOB_PAGES = ["/jobs/rereview/", "/jobs/{pk}/", "/reports/{pk}/download/"]
"""(A report's download by its starter alone: tests/web/test_report_jobs.py.)"""


@pytest.mark.parametrize("role", ROLES)
def test_jobs_are_started_by_administrators_and_seen_by_their_starter(
    world: World, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    from jixiao.jobs.models import Job

    client = Client()
    client.force_login(world.users[role])
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/jobs/rereview/")
    assert started.status_code == (302 if role == "admin" else 403), role
    admin = Client()
    admin.force_login(world.users["admin"])
    if role != "admin":
        with django_capture_on_commit_callbacks(execute=True):
            admin.post("/jobs/rereview/")
    job = Job.objects.get()
    assert client.get(f"/jobs/{job.pk}/").status_code == (200 if role == "admin" else 404), role
    assert client.get(f"/reports/{job.pk}/download/").status_code == 404  # no report


def _url_names(resolver: URLResolver) -> list[str | None]:
    names: list[str | None] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api"):
                continue  # the admin is Django's own; the API is checked by its operations
            names.extend(_url_names(entry))
        elif isinstance(entry, URLPattern):
            names.append(entry.name)
    return names


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_closed_to_every_persona(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


LISTS = [
    "/",
    "/import/",
    "/new/",  # 新建项目表 and 复制上年项目表: a unit's filler only (FILLERS)
    "/new/copy/",
    "/new/template/",  # 填报模板: the page (upload included) and the download
    "/new/template/download/",
    "/documents/new/",  # 填写部门整体绩效目标: the department's keepers (KEEPERS)
    "/documents/",
    "/password/",  # every signed-in user changes their own password
    "/password/done/",
    "/api/projects",
    "/api/documents",
    "/api/parse-value?text=1",
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("role", ROLES)
def test_lists_answer_every_role(world: World, role: str, path: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    expected = (
        403
        if (path == "/import/" and role in ("unit_reviewer", "finance_reviewer", "readonly"))
        or (path.startswith("/new/") and role not in FILLERS)
        or (path == "/documents/new/" and role not in KEEPERS)
        else 200
    )
    assert client.get(path).status_code == expected


KEEPERS = {"department_reviewer"}
"""Who keeps the department-wide targets of their 主管部门 (starts them for a new year)."""
FILLERS = {"filler", "other_filler"}
"""Who starts tables in jixiao (each for their own units: tests/web/test_creating.py)."""

IMPORT_ANSWERS = {
    "filler": 400,  # the seed holds another unit's tables and the department's own: refused
    "department_reviewer": 200,
    "admin": 200,
    "other_filler": 400,  # may import, but not into 322: said in words
    "unit_reviewer": 403,
    "finance_reviewer": 403,
    "readonly": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_api_import_answers_each_role(world: World, role: str, seed_path: Path) -> None:
    client = Client()
    client.force_login(world.users[role])
    file = SimpleUploadedFile("seed.txt", seed_path.read_bytes(), content_type="text/plain")
    response = client.post("/api/documents", {"file": file, "year": "2025", "dry_run": "true"})
    assert response.status_code == IMPORT_ANSWERS[role]
