"""A document's official forms downloaded from the web: a job writes exactly the tables its
starter may see, in document order, all or nothing; only its starter downloads it, only while
they may still see the document."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import time
import zipfile
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jixiao.ingest import read_bytes
from jixiao.jobs.models import Job
from jixiao.org.models import Membership
from jixiao.reports import services, tasks
from jixiao.targets import withdrawal
from jixiao.targets.models import Project, TargetDocument
from tests.web.conftest import World, client_for

TITLE = "秦皇岛市山海关区商务局_2024年_项目支出绩效目标表"
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FORMATS = [
    "xlsx",
    "docx",
    pytest.param(
        "pdf",
        marks=pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed"),
    ),
]
SEES = {
    "filler": ["322-0601-YBN-5D8Z", "322-0601-YBN-Y6VV", "322-0601-YBN-13RG"],
    "department_reviewer": [
        "322-0503-JBN-G5SQ", "322-0503-JBN-SN7Q",
        "322-0601-YBN-5D8Z", "322-0601-YBN-Y6VV", "322-0601-YBN-13RG",
    ],
}  # fmt: skip
"""The seed's tables each persona may see, in document order (the filler's unit is 322003)."""


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT) / "reports"


def files_in(folder: Path) -> list[str]:
    """Every file in the reports folder, temporary (dot) files included."""
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def texts_of(fmt: str, data: bytes) -> str:
    """All the text of the file, opened with the library of its format."""
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(BytesIO(data))
        cells = [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        return "\n".join([*book.sheetnames, *cells])
    if fmt == "docx":
        import docx

        document = docx.Document(BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        parts += [
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        ]
        return "\n".join(parts)
    import pdfplumber

    with pdfplumber.open(BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def status_of(client: Client, url: str) -> int:
    """The answer's status, its file (if any) read whole, which closes it (the test client
    closes a streamed answer once read; closing it again would end the test's transaction)."""
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return int(response.status_code)


def start(client: Client, document: TargetDocument, fmt: str, capture: Any) -> Job:
    """下载报表 from the document's page, as the browser posts it (its CSRF token included)."""
    page = client.get(reverse("document", args=[document.pk])).content.decode()
    action = reverse("report-start", args=[document.pk])
    form = page[page.index(f'action="{action}"') :]
    assert f'value="{fmt}"' in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    with capture(execute=True):  # the job runs once the request commits (no Redis: in-process)
        response = client.post(action, {"format": fmt, "csrfmiddlewaretoken": token.group(1)})
    job = Job.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("job", args=[job.pk])
    return job


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", ["filler", "department_reviewer"])
def test_a_report_holds_exactly_the_tables_its_starter_may_see(
    world: World, media: Path, fmt: str, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    client = client_for(world, persona, csrf=True)
    page = client.get(reverse("document", args=[document.pk])).content.decode()
    assert "下载报表" in page
    assert "Excel（.xlsx）" in page
    assert "Word（.docx）" in page
    job = start(client, document, fmt, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    seen = SEES[persona]
    assert (job.kind, job.state) == (Job.Kind.REPORT, Job.State.DONE), job.message
    assert (job.done, job.total) == (len(seen), len(seen))
    assert job.scope == {"document": document.pk, "format": fmt}
    assert job.results == [
        {"name": f"{TITLE}.{fmt}", "title": TITLE, "format": fmt, "document": document.pk,
         "tables": len(seen)},
    ]  # fmt: skip

    page = client.get(reverse("job", args=[job.pk])).content.decode()
    link = reverse("report-download", args=[job.pk])
    assert f'<a href="{link}">下载 {TITLE}（.{fmt}）</a>' in page
    assert f"共 {len(seen)} 张项目表" in page
    assert f"已完成 {len(seen)} / {len(seen)} 张项目表" in page
    assert str(media) not in page
    assert f"job-{job.pk}.{fmt}" not in page

    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == TYPES[fmt]
    assert download["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote(TITLE)}.{fmt}"
    data = b"".join(download.streaming_content)  # read whole: the client closes the file
    assert files_in(media) == [f"job-{job.pk}.{fmt}"]

    # read back by the project's own reader: exactly the visible tables, in document order
    again = read_bytes(data, f"report.{fmt}")
    assert [p.code for p in again.projects] == seen
    # and opened with the format's library: every visible table's code and name, no other's
    text = texts_of(fmt, data)
    for project in Project.objects.filter(document=document):
        assert (project.code in text) == (project.code in seen), project.code
        assert (project.name in text) == (project.code in seen), project.name
    assert world.other_project.code not in text
    positions = [text.index(code) for code in seen]
    assert positions == sorted(positions)
    if fmt == "xlsx":  # the seed's Hebei department part has no place in the forms (as the CLI)
        assert again.department is None
        assert "部门整体绩效目标未写入" in job.message
    else:
        assert again.department is not None
        assert "含部门整体绩效目标" in job.message


def test_csrf_get_and_unknown_formats_are_refused(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    action = reverse("report-start", args=[document.pk])
    guarded = client_for(world, "filler", csrf=True)
    assert guarded.post(action, {"format": "xlsx"}).status_code == 403  # no token
    filler = client_for(world, "filler")
    assert filler.get(action).status_code == 405
    response = filler.post(action, {"format": "exe"}, follow=True)
    assert "请选择报表格式" in response.content.decode()
    assert not Job.objects.exists()
    anonymous = Client().post(action, {"format": "xlsx"})
    assert anonymous.status_code == 302
    assert "/login/" in anonymous.url


def test_a_user_who_cannot_see_the_document_gets_404_and_a_withdrawn_one_is_not_exported(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    action = reverse("report-start", args=[document.pk])
    assert client_for(world, "other_filler").post(action, {"format": "xlsx"}).status_code == 404
    withdrawal.withdraw(document, world.users["admin"], "重复导入")
    reviewer = client_for(world, "department_reviewer")
    assert reviewer.post(action, {"format": "docx"}).status_code == 404
    assert not Job.objects.exists()


def test_only_the_starter_downloads_and_only_while_they_may_see_the_document(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    filler = client_for(world, "filler")
    job = start(filler, document, "xlsx", django_capture_on_commit_callbacks)
    job_page, link = reverse("job", args=[job.pk]), reverse("report-download", args=[job.pk])
    assert status_of(filler, link) == 200
    for name in ("other_filler", "unit_reviewer", "department_reviewer", "admin"):
        other = client_for(world, name)  # some see the document: still not their job
        assert other.get(job_page).status_code == 404, name
        assert status_of(other, link) == 404, name
    assert status_of(Client(), link) == 302  # to the login page

    Membership.objects.filter(user=world.users["filler"]).delete()  # no longer sees it
    assert status_of(filler, link) == 404
    Membership.objects.create(
        user=world.users["filler"], organisation=world.investment_unit,
        role=Membership.Role.UNIT_FILLER,
    )  # fmt: skip
    assert status_of(filler, link) == 200
    withdrawal.withdraw(document, world.users["admin"], "重复导入")
    assert status_of(filler, link) == 404


def boom(document: object, tables: Any, out: Any) -> None:
    out.write(b"half a file")
    raise RuntimeError("the renderer broke")


def broken_disk(descriptor: int) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("where", ["render", "write"])
def test_a_failing_job_ends_failed_in_chinese_leaves_no_file_and_starts_over_when_run_again(
    world: World, media: Path, where: str, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    document = world.projects[0].document
    reviewer = client_for(world, "department_reviewer")
    if where == "render":
        xlsx = services.FORMATS["xlsx"]
        monkeypatch.setitem(services.FORMATS, "xlsx", dataclasses.replace(xlsx, write=boom))
    else:  # the disk fails half way through writing: the temporary file goes too
        monkeypatch.setattr(tasks.os, "fsync", broken_disk)
    job = start(reviewer, document, "xlsx", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert (
        job.message
        == "生成 Excel 工作簿时出错，未生成文件；请回到文本重新生成，如仍失败请联系系统管理员。"
    )
    assert job.results == []
    assert job.finished_at is not None
    assert files_in(media) == []
    page = reviewer.get(reverse("job", args=[job.pk])).content.decode()
    assert job.message in page
    assert "重新生成" in page
    assert "下载 " not in page
    assert status_of(reviewer, reverse("report-download", args=[job.pk])) == 404

    monkeypatch.undo()
    tasks.report(job.pk)  # the same job run again (a retry) starts over
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.DONE, 5, 5)
    assert files_in(media) == [f"job-{job.pk}.xlsx"]
    with django_capture_on_commit_callbacks(execute=True):  # or 重新生成 from the job's page
        response = reviewer.post(reverse("report-start", args=[document.pk]), {"format": "xlsx"})
    fresh = Job.objects.latest("pk")
    assert response.url == reverse("job", args=[fresh.pk])
    assert fresh.state == Job.State.DONE


def test_without_libreoffice_a_pdf_fails_saying_so_and_leaves_no_file(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from jixiao.ingest.formats import doc

    monkeypatch.setattr(doc, "soffice_path", lambda: None)
    job = start(
        client_for(world, "filler"), world.projects[0].document, "pdf",
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message.startswith("无法生成 PDF：服务器上的 LibreOffice 未安装")
    assert "Word（.docx）" in job.message
    assert files_in(media) == []


def blank_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def pages_of(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def progress_on(page: str) -> tuple[str, str]:
    """The job page's progress line and its message."""
    done = re.search(r"已完成 \d+ / \d+ 张项目表", page)
    message = re.search(r"<p>(正在[^<]*)</p>", page)
    return (done.group(0) if done else "", message.group(1) if message else "")


def pdf_job(world: World, capture: Any) -> Job:
    """A PDF report of the department reviewer's 5 tables, queued, not run."""
    with capture(execute=False):
        return services.start_report(
            world.users["department_reviewer"], world.projects[0].document, "pdf"
        )


def test_a_pdf_is_printed_a_part_at_a_time_its_progress_on_the_job_page(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from jixiao.export import pdf_form
    from jixiao.ingest.formats import doc

    reviewer = client_for(world, "department_reviewer")
    job = pdf_job(world, django_capture_on_commit_callbacks)
    seen: list[tuple[str, str]] = []

    def converted(data: bytes, suffix: str, target: str, *, timeout: float) -> bytes:
        seen.append(progress_on(reviewer.get(reverse("job", args=[job.pk])).content.decode()))
        assert f"job-{job.pk}.pdf" not in files_in(media)  # not under its name until whole
        return blank_pdf(len(seen))  # part n: n pages

    monkeypatch.setattr(doc, "soffice_path", lambda: "/usr/bin/soffice")  # none needed here
    monkeypatch.setattr(pdf_form, "convert", converted)
    monkeypatch.setattr(pdf_form, "PART", 2)  # 5 tables: parts of 2, 2 and 1
    tasks.report(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    assert seen == [
        ("已完成 0 / 5 张项目表", "正在生成 PDF：第 1 部分，共 3 部分"),
        ("已完成 2 / 5 张项目表", "正在生成 PDF：第 2 部分，共 3 部分"),
        ("已完成 4 / 5 张项目表", "正在生成 PDF：第 3 部分，共 3 部分"),
    ]
    assert (job.done, job.total) == (5, 5)
    assert job.message == "已生成 PDF 文件，共 5 张项目表，含部门整体绩效目标。"
    assert files_in(media) == [f"job-{job.pk}.pdf"]
    assert pages_of(services.report_path(job).read_bytes()) == 1 + 2 + 3  # the parts, in order


def test_a_pdf_part_past_its_time_limit_says_so_on_the_job_page_and_leaves_no_file(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from jixiao.export import pdf_form
    from jixiao.ingest.formats import doc

    calls: list[int] = []

    def slow(data: bytes, suffix: str, target: str, *, timeout: float) -> bytes:
        calls.append(1)
        if len(calls) < 2:
            return blank_pdf(1)
        time.sleep(timeout)  # LibreOffice stopped at the limit, as `doc.convert` stops it
        raise doc.ConversionError(f"LibreOffice 转换超过 {timeout:.0f} 秒未完成")

    monkeypatch.setattr(doc, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf_form, "convert", slow)
    monkeypatch.setattr(pdf_form, "PART", 2)
    monkeypatch.setattr(pdf_form, "TIMEOUT", 0.2)
    job = pdf_job(world, django_capture_on_commit_callbacks)
    tasks.report(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message == (
        "PDF 转换超时（第 2 部分，共 3 部分）：LibreOffice 未能在 0.2 秒内完成转换，未生成文件；"
        "请改用 Excel 或 Word 格式，或稍后重试。"
    )
    assert files_in(media) == []
    page = client_for(world, "department_reviewer").get(reverse("job", args=[job.pk]))
    text = page.content.decode()
    assert job.message in text
    assert "未安装" not in text  # not said to be missing: it is there, and was too slow
    assert "重新生成" in text
    assert "下载 " not in text


def test_a_pdf_part_libreoffice_fails_on_is_said_so_not_as_a_missing_install(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from jixiao.export import pdf_form
    from jixiao.ingest.formats import doc

    def broken(data: bytes, suffix: str, target: str, *, timeout: float) -> bytes:
        raise doc.ConversionError("LibreOffice 未能转换该文件（文件可能已损坏或加密）")

    monkeypatch.setattr(doc, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf_form, "convert", broken)
    job = pdf_job(world, django_capture_on_commit_callbacks)
    tasks.report(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message == (
        "无法生成 PDF：LibreOffice 未能完成转换（第 1 部分，共 1 部分），未生成文件；"
        "请改用 Excel 或 Word 格式，或稍后重试，如仍失败请联系系统管理员。"
    )
    assert files_in(media) == []


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_a_pdf_printed_in_parts_reads_back_to_the_tables_in_order_department_first(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from jixiao.export import pdf_form

    parts: list[bytes] = []
    convert = pdf_form.convert

    def recorded(data: bytes, suffix: str, target: str, *, timeout: float) -> bytes:
        parts.append(convert(data, suffix, target, timeout=timeout))
        return parts[-1]

    monkeypatch.setattr(pdf_form, "convert", recorded)
    monkeypatch.setattr(pdf_form, "PART", 2)
    job = pdf_job(world, django_capture_on_commit_callbacks)
    tasks.report(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    data = services.report_path(job).read_bytes()
    assert len(parts) == 3
    assert pages_of(data) == sum(map(pages_of, parts))
    again = read_bytes(data, "report.pdf")
    assert [p.code for p in again.projects] == SEES["department_reviewer"]
    assert again.department is not None
    document = world.projects[0].document
    visible = [
        p.to_core() for p in services.tables_of(world.users["department_reviewer"], document)
    ]
    whole = document.to_core(projects=[]).model_copy(update={"projects": visible})
    assert again.model_dump(exclude={"source"}) == read_bytes(
        pdf_form.render(whole), "whole.pdf"
    ).model_dump(exclude={"source"})  # PART 2 still: the CLI's path, the same parts


def test_a_run_starts_over_clearing_what_a_dead_run_left(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    user = world.users["filler"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.start_report(user, document, "docx")
    assert len(queued) == 1
    media.mkdir(parents=True)
    (media / f".job-{job.pk}-dead.part").write_bytes(b"half a file")
    (media / f"job-{job.pk}.docx").write_bytes(b"an older run's file")
    (media / f"job-{job.pk}0.docx").write_bytes(b"another job's file")
    Job.objects.filter(pk=job.pk).update(done=2, state=Job.State.RUNNING)
    queued[0]()
    job.refresh_from_db()
    assert (job.state, job.done) == (Job.State.DONE, 3)
    assert files_in(media) == [f"job-{job.pk}.docx", f"job-{job.pk}0.docx"]
    written = read_bytes((media / f"job-{job.pk}.docx").read_bytes(), "x.docx")
    assert [p.code for p in written.projects] == SEES["filler"]


def test_a_document_withdrawn_before_the_job_runs_is_not_written(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.start_report(world.users["department_reviewer"], document, "xlsx")
    withdrawal.withdraw(document, world.users["admin"], "重复导入")
    queued[0]()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message == "该文本已撤回，或您已无权查看，未生成文件。"
    assert files_in(media) == []


def more_tables(document: TargetDocument, count: int) -> list[str]:
    """`count` more tables in the document, each with a code of its own."""
    model = Project.objects.filter(document=document).order_by("position").last()
    assert model is not None
    top = model.position
    codes = [f"322-9999-TST-{n:04d}" for n in range(count)]
    Project.objects.bulk_create(
        Project(
            document=document, unit=model.unit, position=top + 1 + n, year=model.year, code=code,
            name=f"追加项目{n}", money_unit=model.money_unit,
            data={**model.data, "code": code, "name": f"追加项目{n}"},
        )
        for n, code in enumerate(codes)
    )  # fmt: skip
    return codes


def queries_of_a_run(user: Any, document: TargetDocument, fmt: str = "xlsx") -> tuple[int, Job]:
    job = services.start_report(user, document, fmt)  # queued on commit: not run here
    with CaptureQueriesContext(connection) as run:
        tasks.report(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    return len(run.captured_queries), job


def test_the_tasks_queries_do_not_grow_with_the_number_of_tables(world: World, media: Path) -> None:
    document = world.projects[0].document
    reviewer = world.users["department_reviewer"]
    few, job = queries_of_a_run(reviewer, document)
    assert job.total == 5
    codes = more_tables(document, 60)
    many, job = queries_of_a_run(reviewer, document)
    assert job.total == job.done == 65
    assert many == few, (few, many)
    assert few <= 12
    written = read_bytes(services.report_path(job).read_bytes(), "x.xlsx")
    assert [p.code for p in written.projects] == SEES["department_reviewer"] + codes


def test_tables_are_read_a_batch_at_a_time_in_document_order(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = world.projects[0].document
    reviewer = world.users["department_reviewer"]
    one, _ = queries_of_a_run(reviewer, document)  # 5 tables: one batch
    monkeypatch.setattr(tasks, "BATCH", 2)
    three, job = queries_of_a_run(reviewer, document)  # 2 + 2 + 1: a query and an update more each
    assert three == one + 4
    written = read_bytes(services.report_path(job).read_bytes(), "x.xlsx")
    assert [p.code for p in written.projects] == SEES["department_reviewer"]


def test_a_worker_finds_the_report_task_by_autodiscovery() -> None:
    """A worker started on its own (no test module imported the task) knows the task by name."""
    import subprocess
    import sys

    probe = (
        "import django; django.setup()\n"
        "from jixiao.jobs.queue import app\n"
        "app.loader.import_default_modules()\n"  # what a starting worker does
        "print('jixiao.report' in app.tasks)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "True", out.stderr


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_report_through_redis(
    seed_path: Path, media: Path, settings: Any
) -> None:
    from celery.contrib.testing.worker import start_worker

    from jixiao.jobs.queue import app
    from jixiao.org.models import Organisation
    from jixiao.targets.services import import_file
    from tests.web.conftest import person
    from tests.web.test_jobs import REDIS, fresh_connections, redis_reachable

    if connection.vendor == "sqlite":  # the worker thread writes beside the test's connection
        pytest.skip("SQLite serialises writes: the PostgreSQL run (make test-postgres) runs this")
    if not redis_reachable():
        if os.environ.get("JIXIAO_REQUIRE_REDIS"):
            pytest.fail("CI runs the job tests against the local Redis, which is not running")
        pytest.skip("no Redis on 127.0.0.1:6379")
    finance = Organisation.objects.create(kind="finance", code="1", name="财政局")
    commerce = Organisation.objects.create(
        kind="department", code="322", name="商务局", parent=finance
    )
    document = import_file(
        seed_path.read_bytes(), source="seed.txt", year=2024, department=commerce,
        create_units=True,
    ).document  # fmt: skip
    reviewer = person("reviewer", commerce, Membership.Role.DEPARTMENT_REVIEWER)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS, task_always_eager=False)
    fresh_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            job = services.start_report(reviewer, document, "xlsx")  # autocommit: queued now
            for _ in range(300):
                job.refresh_from_db()
                if job.finished:
                    break
                time.sleep(0.1)
    finally:
        app.conf.update(saved)
        fresh_connections()
    assert job.state == Job.State.DONE, job.message
    written = read_bytes(services.report_path(job).read_bytes(), "x.xlsx")
    assert [p.code for p in written.projects] == SEES["department_reviewer"]
    assert files_in(media) == [f"job-{job.pk}.xlsx"]


# -- written a batch of tables at a time -------------------------------------------------------


def parts_of(data: bytes, skip: tuple[str, ...] = ()) -> list[tuple[str, bytes]]:
    """Each part of the package, by name, as its bytes (unzipped)."""
    archive = zipfile.ZipFile(BytesIO(data))
    return [(i.filename, archive.read(i)) for i in archive.infolist() if i.filename not in skip]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_report_written_a_batch_at_a_time_is_the_whole_documents_file(
    world: World, media: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.export import docx_form, xlsx_form

    document = world.projects[0].document
    reviewer = world.users["department_reviewer"]
    codes = more_tables(document, 40)
    monkeypatch.setattr(tasks, "BATCH", 7)  # 45 tables: 7 batches read, written and spooled
    _, job = queries_of_a_run(reviewer, document, fmt)
    data = services.report_path(job).read_bytes()
    visible = [project.to_core() for project in services.tables_of(reviewer, document)]
    whole = document.to_core(projects=[]).model_copy(update={"projects": visible})
    render = docx_form.render if fmt == "docx" else xlsx_form.render
    expected = render(whole)
    if fmt == "docx":
        assert data == expected  # the same bytes: every part, word/document.xml included
    skip = ("docProps/core.xml",) if fmt == "xlsx" else ()  # a workbook's time of writing
    assert parts_of(data, skip) == parts_of(expected, skip)
    again = read_bytes(data, f"report.{fmt}")
    assert [p.code for p in again.projects] == SEES["department_reviewer"] + codes
    assert again.model_dump(exclude={"source"}) == read_bytes(expected, f"x.{fmt}").model_dump(
        exclude={"source"}
    )


# -- kept JIXIAO_REPORT_DAYS days -----------------------------------------------------------------


def finished_days_ago(job: Job, days: float) -> None:
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days))


EXPIRED = (
    "该报表生成已超过保留期限（7 天），文件已过期，不能再下载；"
    "如仍需要，请重新生成（将按文本当前的内容生成）。"
)


def test_a_report_past_its_days_is_gone_from_its_pages_and_removed_when_another_starts(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    document = world.projects[0].document
    filler = client_for(world, "filler")
    old = start(filler, document, "docx", django_capture_on_commit_callbacks)
    recent = start(filler, document, "xlsx", django_capture_on_commit_callbacks)
    finished_days_ago(old, 7.01)
    finished_days_ago(recent, 6.99)

    # past its days, its page and download say so at once (the file is removed later)
    page = filler.get(reverse("job", args=[old.pk])).content.decode()
    assert EXPIRED in page
    assert reverse("report-download", args=[old.pk]) not in page
    action = reverse("report-start", args=[document.pk])
    assert f'action="{action}"' in page
    assert "重新生成" in page
    gone = filler.get(reverse("report-download", args=[old.pk]))
    assert gone.status_code == 410
    text = gone.content.decode()
    assert "<h1>报表文件已过期</h1>" in text
    assert EXPIRED in text
    assert f'action="{action}"' in text
    assert 'name="format" value="docx"' in text
    assert f"job-{old.pk}" not in text
    assert files_in(media) == [f"job-{old.pk}.docx", f"job-{recent.pk}.xlsx"]

    # a report started removes the file; the one within its days stays and downloads
    fresh = start(filler, document, "docx", django_capture_on_commit_callbacks)
    assert files_in(media) == [f"job-{recent.pk}.xlsx", f"job-{fresh.pk}.docx"]
    assert status_of(filler, reverse("report-download", args=[old.pk])) == 410
    assert status_of(filler, reverse("report-download", args=[recent.pk])) == 200
    page = filler.get(reverse("job", args=[recent.pk])).content.decode()
    assert "报表文件保留至" in page
    assert EXPIRED not in page


def test_a_lost_file_is_said_so_and_offered_again(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    filler = client_for(world, "filler")
    job = start(filler, world.projects[0].document, "xlsx", django_capture_on_commit_callbacks)
    services.report_path(job).unlink()
    response = filler.get(reverse("report-download", args=[job.pk]))
    assert response.status_code == 410
    assert "报表文件已不在，不能下载；请重新生成。" in response.content.decode()


def test_starting_a_report_looks_at_the_oldest_files_only_in_one_query(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    document = world.projects[0].document
    filler = client_for(world, "filler")
    jobs = [start(filler, document, "xlsx", django_capture_on_commit_callbacks) for _ in range(3)]
    for job in jobs[:2]:
        finished_days_ago(job, 30)
    with CaptureQueriesContext(connection) as purging:
        assert services.purge_expired(limit=1) == 1  # the oldest job's file
    assert len(purging.captured_queries) == 1
    assert files_in(media) == [f"job-{jobs[1].pk}.xlsx", f"job-{jobs[2].pk}.xlsx"]
    monkeypatch.setattr(services, "PURGE_BATCH", 1)
    fresh = start(filler, document, "xlsx", django_capture_on_commit_callbacks)
    assert files_in(media) == [f"job-{jobs[2].pk}.xlsx", f"job-{fresh.pk}.xlsx"]


def test_jixiao_reports_purge_removes_every_expired_file_and_says_how_many(
    world: World, media: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    settings.JIXIAO_REPORT_DAYS = 2
    document = world.projects[0].document
    filler = client_for(world, "filler")
    jobs = [start(filler, document, "xlsx", django_capture_on_commit_callbacks) for _ in range(4)]
    finished_days_ago(jobs[0], 30)
    finished_days_ago(jobs[1], 2.01)
    finished_days_ago(jobs[2], 1.99)
    running = jobs[3]
    Job.objects.filter(pk=running.pk).update(state=Job.State.RUNNING, finished_at=None)
    long_ago = time.time() - 3 * 24 * 3600
    (media / f".job-{jobs[0].pk}-dead.part").write_bytes(b"a dead run's half file")
    os.utime(media / f".job-{jobs[0].pk}-dead.part", (long_ago, long_ago))
    (media / f".job-{running.pk}-live.part").write_bytes(b"being written")
    (media / "job-999999.docx").write_bytes(b"a job no longer there")  # its file: nobody's

    runner = CliRunner()
    result = runner.invoke(app, ["reports", "purge"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "已删除 4 个过期的报表文件（生成后保留 2 天）。\n"
    assert files_in(media) == [
        f".job-{running.pk}-live.part", f"job-{jobs[2].pk}.xlsx", f"job-{running.pk}.xlsx"
    ]  # fmt: skip
    again = runner.invoke(app, ["reports", "purge"])
    assert again.stdout == "已删除 0 个过期的报表文件（生成后保留 2 天）。\n"
    shutil.rmtree(media)
    assert runner.invoke(app, ["reports", "purge"]).stdout.startswith("已删除 0 个")
    help_text = runner.invoke(app, ["reports", "purge", "--help"]).output
    assert "删除超过保留期限的报表文件" in help_text


def test_the_days_reports_are_kept_come_from_the_environment() -> None:
    from tests.web.test_deployment import python

    code = "import django; django.setup(); from django.conf import settings as s; print(s.JIXIAO_REPORT_DAYS)"
    assert python(code, JIXIAO_DEMO="true").stdout.strip() == "7"
    assert python(code, JIXIAO_DEMO="true", JIXIAO_REPORT_DAYS="30").stdout.strip() == "30"
    refused = python(code, JIXIAO_DEMO="true", JIXIAO_REPORT_DAYS="0")
    assert refused.returncode != 0
    assert "JIXIAO_REPORT_DAYS" in refused.stderr
