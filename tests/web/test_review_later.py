"""With a job queue, an import stores its tables and leaves their review to a job right after it
commits: until the job has run the tables are 审核中 on every page and in the API, cannot be
submitted or approved, and no page request reviews them; once it has, they show exactly what a
review in the import's own transaction gives."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from jixiao.jobs.models import Job
from jixiao.targets import reviewing, workflow
from jixiao.targets.models import DepartmentReview, Project, TableReview, TargetDocument
from jixiao.targets.services import import_file
from tests.web.conftest import SUBMIT_WHY, World, client_for


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> None:
    """A job queue with workers: whole-document reviews go to a job (run here, in-process, when
    the test runs the transaction's on-commit callbacks)."""
    monkeypatch.setattr(reviewing, "deferred", lambda: True)


def imported(world: World, seed_path: Path, capture: Any) -> TargetDocument:
    """The seed imported again (for 2025) with its review job held back."""
    with capture(execute=False) as callbacks:
        document = import_file(
            seed_path.read_bytes(), source="seed-2025.txt", year=2025, department=world.commerce
        ).document
    assert callbacks, "the review job is queued once the import commits"
    return document


def run_jobs(capture: Any) -> None:
    """The queued review jobs run (as a worker would)."""
    for job in Job.objects.filter(kind=Job.Kind.REVIEW, state=Job.State.QUEUED):
        with capture(execute=True):
            from jixiao.jobs import tasks

            tasks.review.delay(job.pk)


def test_an_import_stores_no_review_and_queues_one_job(
    world: World, seed_path: Path, queued: None, django_capture_on_commit_callbacks: Any
) -> None:
    document = imported(world, seed_path, django_capture_on_commit_callbacks)
    assert document.projects.count() == 5
    assert not TableReview.objects.filter(document=document).exists()
    assert not DepartmentReview.objects.filter(document=document).exists()
    job = Job.objects.get(kind=Job.Kind.REVIEW)
    assert (job.state, job.scope) == (Job.State.QUEUED, {"document": document.pk})


def test_pending_tables_show_as_being_reviewed_and_no_page_reviews_them(
    world: World, seed_path: Path, queued: None, django_capture_on_commit_callbacks: Any
) -> None:
    document = imported(world, seed_path, django_capture_on_commit_callbacks)
    project = document.projects.get(code="322-0601-YBN-5D8Z")
    filler = client_for(world, "filler")
    reviewer = client_for(world, "department_reviewer")
    with django_capture_on_commit_callbacks(execute=False):
        todo = filler.get(reverse("todo")).content.decode()
        page = filler.get(reverse("project", args=[project.pk])).content.decode()
        listing = reviewer.get(reverse("document", args=[document.pk])).content.decode()
        printable = b"".join(
            reviewer.get(reverse("document-review", args=[document.pk])).streaming_content
        ).decode()
        detail = json.loads(filler.get(f"/api/projects/{project.pk}").content)
        findings = filler.get(f"/api/projects/{project.pk}/findings")
        whole = json.loads(reviewer.get(f"/api/documents/{document.pk}").content)
    assert "待提交（审核中）" in todo
    assert "本表正在审核" in page
    assert "审核结果：" not in page
    assert "本文本正在审核" in listing
    assert listing.count('<span class="pending">审核中</span>') == 5
    assert "审核意见正在生成。" in listing  # the department-wide targets' too
    assert "另有 5 张项目表正在审核" in printable
    assert "审核结论：" not in printable  # none on part of the tables
    assert printable.count("本表正在审核") == 5
    assert detail["reviewed"] is False
    assert detail["findings"] == []
    assert detail["review_result"] is None
    assert findings.status_code == 409
    assert "正在审核" in findings.json()["detail"]
    assert whole["reviewing"] == 6
    assert whole["findings"] == []
    # nothing was reviewed in a page request, and the job already waiting was not asked twice
    assert not TableReview.objects.filter(document=document).exists()
    assert Job.objects.filter(kind=Job.Kind.REVIEW).count() == 1


def test_a_pending_table_is_neither_submitted_nor_approved(
    world: World, seed_path: Path, queued: None, django_capture_on_commit_callbacks: Any
) -> None:
    document = imported(world, seed_path, django_capture_on_commit_callbacks)
    project = document.projects.get(code="322-0601-YBN-5D8Z")
    with pytest.raises(workflow.WorkflowError, match="本表正在审核"):
        workflow.submit(project, world.users["filler"], SUBMIT_WHY["comment"])
    response = client_for(world, "filler").post(
        reverse("project-action", args=[project.pk, "submit"]), SUBMIT_WHY, follow=True
    )
    assert "本表正在审核" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == "draft"
    run_jobs(django_capture_on_commit_callbacks)
    workflow.submit(project, world.users["filler"], SUBMIT_WHY["comment"])
    assert Project.objects.get(pk=project.pk).status == "submitted"


def test_the_job_stores_what_a_review_in_the_import_would_have(
    world: World, seed_path: Path, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    inline = world.projects[0].document  # the world's import reviewed in its transaction
    monkeypatch.setattr(reviewing, "deferred", lambda: True)
    later = imported(world, seed_path, django_capture_on_commit_callbacks)
    run_jobs(django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=Job.Kind.REVIEW)
    assert (job.state, job.message) == (Job.State.DONE, "已审核 5 张项目表。")

    def stored(document: TargetDocument) -> list[tuple[Any, ...]]:
        rows = TableReview.objects.filter(document=document).order_by("project__position")
        return [
            (r.rules, r.errors, r.warnings, r.hints, r.grade, r.categories, len(r.findings))
            for r in rows
        ]

    assert stored(later) == stored(inline)
    assert len(stored(later)) == 5
    first = later.projects.get(position=1)
    same = inline.projects.get(position=1)
    assert [f.message for f in reviewing.table_findings(first) or []] == [
        f.message for f in reviewing.table_findings(same) or []
    ]
    reviewer = client_for(world, "department_reviewer")
    page = reviewer.get(reverse("project", args=[first.pk])).content.decode()
    assert "本表正在审核" not in page
    assert "审核结果：" in page


def test_a_department_edit_leaves_the_tables_to_a_job_and_a_table_edit_is_reviewed_at_once(
    world: World, queued: None, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    project = world.project("322-0601-YBN-5D8Z")
    TableReview.objects.filter(project=project).update(errors=99)  # marks the stored row
    with django_capture_on_commit_callbacks(execute=False):
        reviewing.refresh_tables(document, [project.pk])  # one table: in the edit's transaction
    assert TableReview.objects.get(project=project).errors != 99
    assert not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        reviewing.department_changed(document)
    assert not TableReview.objects.filter(document=document, rules=reviewing.rules_key()).exists()
    assert Job.objects.filter(kind=Job.Kind.REVIEW, state=Job.State.QUEUED).count() == 1
    run_jobs(django_capture_on_commit_callbacks)
    assert set(TableReview.objects.filter(document=document).values_list("rules", flat=True)) == {
        reviewing.rules_key()
    }
    assert DepartmentReview.objects.get(document=document).rules == reviewing.rules_key()


def test_a_failed_review_job_is_asked_for_again_by_the_next_page(
    world: World, seed_path: Path, queued: None, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    document = imported(world, seed_path, django_capture_on_commit_callbacks)

    def breaks(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    real = reviewing.refresh_document
    monkeypatch.setattr(reviewing, "refresh_document", breaks)
    run_jobs(django_capture_on_commit_callbacks)
    failed = Job.objects.get(kind=Job.Kind.REVIEW)
    assert failed.state == Job.State.FAILED
    assert "未保存任何结果" in failed.message
    assert not TableReview.objects.filter(document=document).exists()
    monkeypatch.setattr(reviewing, "refresh_document", real)
    reviewer = client_for(world, "department_reviewer")
    with django_capture_on_commit_callbacks(execute=True):  # the page's request for a new job
        reviewer.get(reverse("document", args=[document.pk]))
    again = Job.objects.filter(kind=Job.Kind.REVIEW).exclude(pk=failed.pk).get()
    assert again.state == Job.State.DONE
    assert TableReview.objects.filter(document=document).count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reviews_an_import_through_redis(seed_path: Path) -> None:
    import time

    from django.db import connection

    from jixiao.jobs.queue import app
    from jixiao.org.models import Organisation
    from tests.web.test_jobs import REDIS, fresh_connections, redis_reachable

    if connection.vendor == "sqlite":  # the worker thread writes beside the test's connection
        pytest.skip("SQLite serialises writes: the PostgreSQL run (make test-postgres) runs this")
    if not redis_reachable():
        if os.environ.get("JIXIAO_REQUIRE_REDIS"):
            pytest.fail("CI runs the job tests against the local Redis, which is not running")
        pytest.skip("no Redis on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    finance = Organisation.objects.create(kind="finance", code="1", name="财政局")
    commerce = Organisation.objects.create(
        kind="department", code="322", name="商务局", parent=finance
    )
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS, task_always_eager=False)
    fresh_connections()
    try:
        assert reviewing.deferred()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            document = import_file(
                seed_path.read_bytes(), source="seed.txt", year=2024, department=commerce,
                create_units=True,
            ).document  # fmt: skip
            job = Job.objects.get(kind=Job.Kind.REVIEW)
            for _ in range(300):
                job.refresh_from_db()
                if job.finished:
                    break
                time.sleep(0.1)
    finally:
        app.conf.update(saved)
        fresh_connections()
    assert job.state == Job.State.DONE, job.message
    rules = set(TableReview.objects.filter(document=document).values_list("rules", flat=True))
    assert rules == {reviewing.rules_key()}
    assert TableReview.objects.filter(document=document).count() == 5
