"""The lists' order and their narrow rows: every table carries its document's year, lists show
the newest year first, and on PostgreSQL a table's JSON is kept out of its row."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory

from jixiao.ops import bulk
from jixiao.org.models import Organisation
from jixiao.targets import creating
from jixiao.targets.models import Project, TargetDocument
from jixiao.targets.services import import_file
from tests.web.conftest import World, client_for

OWN = "322-0601-YBN-5D8Z"  # a 2024 table of 322003, the filler's unit


def test_every_table_carries_its_documents_year(world: World) -> None:
    imported = {p.year for p in Project.objects.filter(document=world.projects[0].document)}
    assert imported == {2024}  # stored by the import's bulk write
    assert world.other_project.year == 2024  # saved one by one
    copied = creating.copy_table(world.users["filler"], world.project(OWN), 2025)
    copied.refresh_from_db()
    assert copied.year == copied.document.fiscal_year.year == 2025


def test_lists_show_the_newest_year_first(world: World) -> None:
    source = world.project(OWN)
    copied = creating.copy_table(world.users["filler"], source, 2025)
    page = client_for(world, "filler").get("/").content.decode()
    listed = page.split("我可查看的项目", 1)[1]
    assert listed.index(f"/projects/{copied.pk}/") < listed.index(f"/projects/{source.pk}/")
    assert ">2025</a>" in listed
    rows = client_for(world, "filler").get("/api/projects").json()["items"]
    assert {r["year"] for r in rows if r["id"] == copied.pk} == {2025}
    # a year asked for lists that year's tables only
    only = client_for(world, "filler").get("/?year=2025").content.decode()
    assert only.split("我可查看的项目", 1)[1].count('href="/projects/') == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's TOAST")
def test_a_tables_content_is_kept_out_of_its_row(world: World) -> None:
    # rows of more than 512 bytes have their JSON moved out (measured by `make loadtest`: 10,000
    # rows 14 MB → 1.9 MB); the heap's size is no test here, as rolled-back tests leave pages
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'targets_project'")
        (options,) = cursor.fetchone()
        cursor.execute("SELECT min(pg_column_size(data)) FROM targets_project")
        (content,) = cursor.fetchone()
    assert "toast_tuple_target=512" in options
    assert content > 512  # every seed table's JSON is over the line: kept out of its row


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_large_import_leaves_its_tables_analysed_and_vacuumed(
    transactional_db: None, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "ANALYZE_AT", 1)  # the seed's five tables count as a large import
    finance = Organisation.objects.create(kind="finance", code="130303", name="财政局")
    commerce = Organisation.objects.create(
        kind="department", code="322", name="商务局", parent=finance
    )
    import_file(
        seed_path.read_bytes(), source="seed.txt", year=2024, department=commerce,
        create_units=True,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE vacuum_count > 0 AND analyze_count > 0"
        )
        done = {name for (name,) in cursor.fetchall()}
    # the new rows, and the small tables they refer to (which autovacuum would leave alone)
    assert {
        "targets_project", "targets_tablereview", "audit_auditentry",
        "targets_targetdocument", "org_organisation", "org_fiscalyear",
    } <= done  # fmt: skip


def test_a_document_moved_to_another_year_in_the_admin_takes_its_tables_along(
    world: World, rf: RequestFactory
) -> None:
    from django.contrib import admin

    from jixiao.org.models import FiscalYear
    from jixiao.targets.admin import TargetDocumentAdmin

    document = world.projects[0].document
    document.fiscal_year = FiscalYear.objects.create(year=2023)
    request = rf.post("/admin/")
    request.user = User.objects.create_superuser("operator", password="x")
    TargetDocumentAdmin(TargetDocument, admin.site).save_model(request, document, None, True)
    assert set(document.projects.values_list("year", flat=True)) == {2023}


def test_the_lists_rows_escape_what_the_tables_hold(world: World) -> None:
    """The rows are written in Python (`table_rows`), not by the template engine: every value
    still escaped, in 待办, the list, the document's tables and its log."""
    project = world.project(OWN)
    Project.objects.filter(pk=project.pk).update(name='<b>名称</b>&"', code="<i>X</i>")
    unit = project.unit
    Organisation.objects.filter(pk=unit.pk).update(name="<u>单位</u>")
    todo = client_for(world, "filler").get("/").content.decode()
    shown = "&lt;b&gt;名称&lt;/b&gt;&amp;&quot;"
    assert todo.count(shown) == 2  # waiting (a draft) and listed
    assert "&lt;i&gt;X&lt;/i&gt;" in todo
    assert "&lt;u&gt;单位&lt;/u&gt;" in todo
    assert "<b>名称" not in todo
    assert "<u>单位" not in todo
    document = client_for(world, "filler").get(f"/documents/{project.document_id}/")
    page = document.content.decode()
    assert shown in page
    assert "<b>名称" not in page
    assert f'<a href="/projects/{project.pk}/">{shown}</a>' in page
    log = page.split("审计日志", 1)[1]
    assert f"<td>&lt;i&gt;X&lt;/i&gt; {shown}</td>" in log  # its import, named in the log


def test_the_search_finds_words_inside_names_and_codes_in_any_case(world: World) -> None:
    """Chinese words are looked up as written (they have no case), codes in any case."""
    client = client_for(world, "filler")

    def listed(words: str) -> str:
        page = client.get("/", {"q": words}).content.decode()
        return page.split("我可查看的项目", 1)[1]

    assert f"/projects/{world.project(OWN).pk}/" in listed("ybn-5d8z")
    assert f"/projects/{world.project(OWN).pk}/" in listed("YBN-5D8Z")
    name = world.project(OWN).name
    assert f"/projects/{world.project(OWN).pk}/" in listed(name[1:4])
    assert "没有符合条件的项目" in listed("没有这样的项目名")
