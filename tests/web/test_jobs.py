"""Long work as jobs: recorded, progress shown, all-or-nothing per step, run again after a
failure; in the process without Redis, on a real worker through Redis with it."""

from __future__ import annotations

import os
import socket
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jixiao.jobs.models import Job
from jixiao.jobs.queue import app
from jixiao.jobs.services import start_rereview
from jixiao.targets import reviewing
from jixiao.targets.models import TableReview, TargetDocument
from tests.web.conftest import World, client_for

REDIS = os.environ.get("JIXIAO_TEST_REDIS", "redis://127.0.0.1:6379/15")


def stale(document: TargetDocument) -> None:
    TableReview.objects.filter(document=document).update(rules="older", findings=[])


def current(document: TargetDocument) -> bool:
    rules = set(TableReview.objects.filter(document=document).values_list("rules", flat=True))
    return rules == {reviewing.rules_key()}


def test_an_administrator_re_reviews_their_bureaus_documents_and_follows_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    stale(document)
    admin = client_for(world, "admin")
    listing = admin.get(reverse("documents")).content.decode()
    assert "有 2 份文本是按旧的审核规则审核的" in listing  # the other bureau's was never reviewed
    with django_capture_on_commit_callbacks(execute=True):  # queued once the request commits
        response = admin.post(reverse("rereview"))
    job = Job.objects.get()
    assert response.url == reverse("job", args=[job.pk])
    page = admin.get(response.url).content.decode()
    assert (job.state, job.done, job.total) == (Job.State.DONE, 2, 2)
    assert job.started_by == world.users["admin"]
    assert "已完成" in page
    assert "已重新审核 2 个文本，共 6 张项目表。" in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    assert current(document)


def test_only_an_administrator_starts_one_and_only_its_starter_sees_it(world: World) -> None:
    assert client_for(world, "department_reviewer").post(reverse("rereview")).status_code == 403
    admin = client_for(world, "admin")
    admin.post(reverse("rereview"))
    job = Job.objects.get()
    for name in ("department_reviewer", "finance_reviewer"):
        assert client_for(world, name).get(reverse("job", args=[job.pk])).status_code == 404


def test_a_job_that_fails_keeps_what_it_finished_and_runs_on_when_started_again(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    other = world.other_project.document
    stale(document)
    real = reviewing.refresh_document
    calls: list[int] = []

    def breaks_on_the_second(doc: TargetDocument, *args: Any, **kwargs: Any) -> None:
        calls.append(doc.pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        real(doc, *args, **kwargs)

    monkeypatch.setattr(reviewing, "refresh_document", breaks_on_the_second)
    order = sorted([document.pk, other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        job = start_rereview(world.users["admin"], order)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.done == 1
    assert "请再次运行" in job.message
    first, second = (TargetDocument.objects.get(pk=pk) for pk in order)
    assert current(first)
    assert not TableReview.objects.filter(document=second, rules=reviewing.rules_key()).exists()
    monkeypatch.setattr(reviewing, "refresh_document", real)
    with django_capture_on_commit_callbacks(execute=True):
        again = start_rereview(world.users["admin"], [second.pk])
    again.refresh_from_db()
    assert again.state == Job.State.DONE
    assert current(second)


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def fresh_connections() -> None:
    """Connections made for the broker before it changed are dropped (Celery pools them)."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's producers by broker: one a closed pool's would be handed out again


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_job_through_redis(seed_path: Any) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":  # the worker thread writes beside the test's connection
        pytest.skip("SQLite serialises writes: the PostgreSQL run (make test-postgres) runs this")
    if not redis_reachable():
        if os.environ.get("JIXIAO_REQUIRE_REDIS"):
            pytest.fail("CI runs the job tests against the local Redis, which is not running")
        pytest.skip("no Redis on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    from jixiao.org.models import Organisation
    from jixiao.targets.services import import_file

    finance = Organisation.objects.create(kind="finance", code="1", name="财政局")
    commerce = Organisation.objects.create(
        kind="department", code="322", name="商务局", parent=finance
    )
    document = import_file(
        seed_path.read_bytes(), source="seed.txt", year=2024, department=commerce,
        create_units=True,
    ).document  # fmt: skip
    stale(document)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS, task_always_eager=False)
    fresh_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            job = start_rereview(None, [document.pk])
            for _ in range(300):
                job.refresh_from_db()
                if job.finished:
                    break
                time.sleep(0.1)
    finally:
        app.conf.update(saved)
        fresh_connections()
    assert job.state == Job.State.DONE, job.message
    assert current(document)


def test_the_job_page_refreshes_while_it_runs(world: World) -> None:
    job = Job.objects.create(
        kind=Job.Kind.REREVIEW, total=4, done=1, state=Job.State.RUNNING,
        started_by=world.users["admin"],
    )  # fmt: skip
    client: Client = client_for(world, "admin")
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "已完成 1 / 4 个文本（25%）" in page
