"""Permission-matrix rows of these pages and API operations (every role × inside and outside its
reach); `tests/web/test_permission_matrix.py` checks that every URL and operation has a row."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.monitoring.evidence import store_evidence
from jixiao.monitoring.models import Evidence, IndicatorProgress, MonitoringReport
from tests.monitoring.test_evidence import PDF
from tests.monitoring.test_progress import OWN, make_report, media  # noqa: F401
from tests.web.conftest import PERSONAS, World

ROWS: list[tuple[str, str]] = [
    ("get", "/monitoring/reports/{pk}/progress/"),
    ("post", "/monitoring/reports/{pk}/progress/"),
    ("post", "/monitoring/reports/{pk}/progress/0/evidence/"),
    ("get", "/monitoring/evidence/{pk}/"),
    ("post", "/monitoring/evidence/{pk}/remove/"),
    ("get", "/monitoring/projects/{pk}/joint/"),
    ("get", "/api/monitoring/reports/{pk}/progress"),
    ("put", "/api/monitoring/reports/{pk}/progress/0"),
    ("post", "/api/monitoring/reports/{pk}/progress/0/evidence"),
    ("get", "/api/monitoring/evidence/{pk}"),
    ("delete", "/api/monitoring/evidence/{pk}"),
]
"""(method, path with {pk}) of every page and API operation here."""

SUCCESS = {"get": 200, "put": 200, "delete": 200}
"""What a permitted call answers (a page's POST redirects: 302; an API upload: 201)."""


def subject_of(path: str) -> str:
    if path.startswith(("/monitoring/evidence/", "/api/monitoring/evidence/")):
        return "evidence"
    if "/projects/" in path:
        return "project"
    return "report"


def call(client: Client, method: str, url: str) -> int:
    if method == "get":
        answer = client.get(url)
    elif method == "put":
        body = json.dumps({"reached": "60%", "likelihood": "确定能"})
        answer = client.put(url, body, content_type="application/json")
    elif method == "delete":
        answer = client.delete(url)
    elif url.endswith(("/evidence/", "/evidence")):
        upload = SimpleUploadedFile("佐证.pdf", PDF + url.encode())
        answer = client.post(url, {"file": upload})
    else:
        answer = client.post(url, {"reached_0": "60%", "likelihood_0": "确定能"})
    if answer.streaming:
        # read to its end: the test client then closes the file (closing the answer by hand
        # would also close the test's database connection)
        b"".join(answer.streaming_content)
    return int(answer.status_code)


def success_of(method: str, path: str) -> int:
    if path.startswith("/api/"):
        return 201 if method == "post" else SUCCESS[method]
    return 302 if method == "post" else 200


def subjects(world: World) -> dict[str, dict[str, Any]]:
    """For the role's own project and the other department's: the report, an evidence file, the
    project (each created by that project's unit filler)."""
    found: dict[str, dict[str, Any]] = {}
    for key, project, filler in (
        ("own", world.project(OWN), "filler"),
        ("other", world.other_project, "other_filler"),
    ):
        report = make_report(world, project)
        evidence = store_evidence(
            report, 1, world.users[filler], SimpleUploadedFile("原有材料.pdf", PDF + key.encode())
        )
        found[key] = {"report": report, "evidence": evidence, "project": project}
    return found


@pytest.mark.parametrize("role", PERSONAS)
@pytest.mark.parametrize(("method", "path"), ROWS)
def test_the_matrix(world: World, role: str, method: str, path: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    made = subjects(world)
    for key, reached in (
        ("own", role != "other_filler"),
        ("other", role in ("other_filler", "finance_reviewer", "admin")),
    ):
        subject = made[key][subject_of(path)]
        status = call(client, method, path.format(pk=subject.pk))
        if not reached:
            assert status == 404, (role, path, "outside reach")
            continue
        units_filler = role == ("filler" if key == "own" else "other_filler")
        may = method == "get" or units_filler
        assert status == (success_of(method, path) if may else 403), (role, path, key)


def test_a_permitted_write_really_happened(world: World) -> None:
    """The matrix's successes are real changes, not redirects past a refusal."""
    client = Client()
    client.force_login(world.users["filler"])
    made = subjects(world)["own"]
    report, evidence = made["report"], made["evidence"]
    for method, path in ROWS:
        if method != "get" and subject_of(path) == "report":
            call(client, method, path.format(pk=report.pk))
    row = IndicatorProgress.objects.get(report=report, indicator_index=0)
    assert (row.reached, row.likelihood) == ("60%", "确定能")
    assert Evidence.objects.filter(progress=row, removed_at__isnull=True).count() == 2
    call(client, "post", f"/monitoring/evidence/{evidence.pk}/remove/")
    evidence.refresh_from_db()
    assert evidence.removed_at is not None


@pytest.mark.parametrize(("method", "path"), [r for r in ROWS if r[0] != "get"])
def test_the_filler_of_a_submitted_report_is_refused_by_its_state(
    world: World, method: str, path: str
) -> None:
    made = subjects(world)["own"]
    MonitoringReport.objects.filter(pk=made["report"].pk).update(status="submitted")
    client = Client()
    client.force_login(world.users["filler"])
    subject = made[subject_of(path)]
    expected = 409 if path.startswith("/api/") else 302  # a page comes back with a message
    assert call(client, method, path.format(pk=subject.pk)) == expected
    assert not IndicatorProgress.objects.exclude(reached="").exists()
    assert Evidence.objects.filter(removed_at__isnull=True).count() == 2
