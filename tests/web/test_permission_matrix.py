"""Every URL and API endpoint × every role × a table of the user's own reach and one outside it.

The data that could leak is created first (another department's table, see conftest.World). A
table outside the user's reach answers 404 everywhere; inside it, a page or action the role may
not use answers 403 (pages) or 403 (API); what the role may do succeeds.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jixiao.targets.models import Project
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
]


def call(client: Client, method: str, url: str) -> int:
    if method == "get":
        return client.get(url).status_code
    if url.startswith("/api/"):
        return client.post(
            url, json.dumps({"comment": ""}), content_type="application/json"
        ).status_code
    return client.post(url).status_code


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
        state_refusal = "/approve" in path or "/return" in path or "/adjust" in path
        expected = success if may or state_refusal else (409 if success == 409 else 403)
        assert status == expected, (role, path, project.code)
        Project.objects.filter(pk=project.pk).update(status="draft")


@pytest.mark.parametrize("role", ROLES)
def test_department_pages(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    own, other = world.project(OWN).document, world.other_project.document
    reaches_own = role != "other_filler"
    reaches_other = role in ("other_filler", "finance_reviewer", "admin")
    assert client.get(f"/documents/{own.pk}/").status_code == (200 if reaches_own else 404)
    assert client.get(f"/documents/{other.pk}/").status_code == (200 if reaches_other else 404)
    edit = client.get(f"/documents/{own.pk}/department/").status_code
    assert edit == (200 if role == "department_reviewer" else 403 if reaches_own else 404)


@pytest.mark.parametrize("path", ["/", "/import/", "/api/projects", "/api/parse-value?text=1"])
@pytest.mark.parametrize("role", ROLES)
def test_lists_answer_every_role(world: World, role: str, path: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    expected = (
        403
        if path == "/import/" and role in ("unit_reviewer", "finance_reviewer", "readonly")
        else 200
    )
    assert client.get(path).status_code == expected
