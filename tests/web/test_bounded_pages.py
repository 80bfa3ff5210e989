"""Pages that show a whole document stay bounded: a page of tables and a page of the log,
at the same number of queries whatever the document's size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.targets.models import Project
from tests.web.conftest import World, client_for

CODE = "322-0601-YBN-5D8Z"


def _grow(world: World, tables: int) -> None:
    template = world.project(CODE)
    added = Project.objects.bulk_create(
        Project(document=template.document, unit=template.unit, position=100 + n, year=template.year, code=f"X{n}",
                name=f"复制{n}", money_unit="元", data=template.data)
        for n in range(tables)
    )  # fmt: skip
    for project in added:  # a log line per table, as an import writes
        AuditEntry.objects.create(
            action="import", object_type="targets.project", object_id=str(project.pk)
        )


@pytest.mark.parametrize("tables", [0, 120])
def test_the_document_page_shows_a_page_of_tables_and_of_the_log(world: World, tables: int) -> None:
    _grow(world, tables)
    client = client_for(world, "department_reviewer")
    url = f"/documents/{world.project(CODE).document_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    rows = page.count('<td><a href="/projects/')
    assert rows == min(5 + tables, 50)
    log = page[page.index("审计日志") :]
    assert log.count("<tr><td>") <= 50
    if tables:
        assert "共 125 张表，第 1/3 页" in page
        assert "下一页" in page
    # no SQL lists every table of the document
    assert all(sql.count("%s") < 60 and sql.count(",") < 400 for sql in [q["sql"] for q in queries])
    assert len(queries) <= 16


def test_later_pages_of_tables_and_log(world: World) -> None:
    _grow(world, 120)
    client = client_for(world, "department_reviewer")
    url = f"/documents/{world.project(CODE).document_id}/"
    third = client.get(url, {"page": 3}).content.decode()
    assert third.count('<td><a href="/projects/') == 25
    first = client.get(url).content.decode()
    assert "日志第 1 页" in first
    assert "较早" in first
    older = client.get(url, {"log_page": 2}).content.decode()
    assert "日志第 2 页" in older
    assert "较新" in older


def test_the_document_log_shows_a_unit_only_its_own_tables(world: World) -> None:
    own, other = world.project(CODE), world.project("322-0503-JBN-G5SQ")  # 322003, 322002
    assert own.document_id == other.document_id
    for project, text in ((own, "本单位的修改"), (other, "其他单位的修改")):
        AuditEntry.objects.create(
            action="edit_header", object_type="targets.project", object_id=str(project.pk),
            reason=text,
        )  # fmt: skip
    entry = AuditEntry.objects.filter(reason="本单位的修改").get()
    assert entry.document_id == own.document_id  # found from the table when not given
    url = f"/documents/{own.document_id}/"
    filler = client_for(world, "filler").get(url).content.decode()
    log = filler[filler.index("审计日志") :]
    assert "本单位的修改" in log
    assert "其他单位的修改" not in log
    reviewer = client_for(world, "department_reviewer").get(url).content.decode()
    log = reviewer[reviewer.index("审计日志") :]
    assert "本单位的修改" in log
    assert "其他单位的修改" in log
    api = client_for(world, "filler").get(f"/api/documents/{own.document_id}/history").json()
    assert [line["reason"] for line in api if line["reason"].endswith("的修改")] == ["本单位的修改"]


def test_a_units_log_is_found_by_the_unit_the_table_had_when_written(world: World) -> None:
    own, other = world.project(CODE), world.project("322-0503-JBN-G5SQ")  # 322003, 322002
    AuditEntry.objects.create(
        action="edit_header", object_type="targets.project", object_id=str(own.pk),
        reason="移出前的修改",
    )  # fmt: skip
    entry = AuditEntry.objects.get(reason="移出前的修改")
    assert entry.unit_id == own.unit_id  # found from the table when not given
    Project.objects.filter(pk=own.pk).update(unit=other.unit)  # the table moves to 322002
    AuditEntry.objects.create(
        action="edit_header", object_type="targets.project", object_id=str(own.pk),
        reason="移出后的修改",
    )  # fmt: skip
    url = f"/documents/{own.document_id}/"
    with CaptureQueriesContext(connection) as queries:
        filler = client_for(world, "filler").get(url).content.decode()
    log = filler[filler.index("审计日志") :]
    assert "移出前的修改" in log  # written while the table was the filler's unit's
    assert "移出后的修改" not in log
    assert "（已移出的项目表）" in log
    assert own.name not in log
    # the log is read by the units reached, not matched against every table reached
    entries = [q["sql"] for q in queries if 'FROM "audit_auditentry"' in q["sql"]]
    assert entries
    assert all('"targets_project"' not in sql for sql in entries)
    api = client_for(world, "filler").get(f"/api/documents/{own.document_id}/history").json()
    reasons = [line["reason"] for line in api if line["reason"].startswith("移出")]
    assert reasons == ["移出前的修改"]


def test_the_api_gives_the_document_log_a_page_at_a_time(world: World) -> None:
    _grow(world, 30)
    client = client_for(world, "department_reviewer")
    url = f"/api/documents/{world.project(CODE).document_id}/history"
    everything = client.get(url).json()
    assert len(everything) == 36  # the document and its five tables imported, thirty more tables
    first = client.get(url, {"limit": 10}).json()
    second = client.get(url, {"limit": 10, "offset": 10}).json()
    assert first + second == everything[:20]
    assert client.get(url, {"limit": 0}).status_code == 422
