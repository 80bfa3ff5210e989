"""Every long page and answer costs the same queries and shows the same bounded rows whether the
document holds 10 tables or 2,000: what grows is the data, never the work of one request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.targets import reviewing
from jixiao.targets.models import Project
from tests.web.conftest import World, client_for

PAGE = 50
API_PAGE = 100


def _grow_to(world: World, tables: int) -> None:
    """Copies of the seed's tables, alternately in the filler's unit and in the other unit of
    the department, each with its import entry, then the document reviewed as an import does."""
    template = world.projects[0]
    document = template.document
    have = document.projects.count()  # positions go on from the last
    units = [world.investment_unit, world.commerce_unit]
    added = Project.objects.bulk_create(
        Project(document=document, unit=units[n % 2], position=100 + have + n, year=template.year,
                code=f"X{n:05d}", name=f"复制{n}", money_unit="元", data=template.data)
        for n in range(tables - have)
    )  # fmt: skip
    AuditEntry.objects.bulk_create(
        AuditEntry(action="import", object_type="targets.project", object_id=str(p.pk))
        for p in added
    )
    reviewing.refresh_document(document)


def _measure(world: World) -> dict[str, tuple[int, int]]:
    """(queries, rows shown) of each page and answer, a second request of each (the first of a
    client looks up what later ones reuse)."""
    table = world.project("322-0601-YBN-5D8Z")  # a table of the filler's unit
    document = table.document
    pages = {
        ("filler", "待办"): "/",
        ("department_reviewer", "待办"): "/",
        ("department_reviewer", "待办，按名称筛选"): "/?q=复制",
        ("filler", "项目表"): f"/projects/{table.pk}/",
        ("department_reviewer", "项目表"): f"/projects/{table.pk}/",
        ("filler", "文本"): f"/documents/{document.pk}/",
        ("department_reviewer", "文本"): f"/documents/{document.pk}/",
        ("department_reviewer", "文本，第2页"): f"/documents/{document.pk}/?page=2&log_page=2",
        ("filler", "API 列表"): "/api/projects",
        ("department_reviewer", "API 列表"): "/api/projects?offset=100",
        ("filler", "API 项目表"): f"/api/projects/{table.pk}",
        ("filler", "API 日志"): f"/api/documents/{document.pk}/history",
        ("department_reviewer", "API 日志"): f"/api/documents/{document.pk}/history",
    }
    found: dict[str, tuple[int, int]] = {}
    for (user, label), url in pages.items():
        client = client_for(world, user)
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if url.startswith("/api/"):
            data = response.json()  # a list, a page of one ({"items": …}), or one table
            rows = len(data) if isinstance(data, list) else len(data.get("items", [data]))
        else:
            page = response.content.decode()
            rows = page.count("<tr><td>")
        found[f"{user} {label}"] = (len(queries), rows)
    return found


def test_pages_cost_the_same_at_10_and_at_2000_tables(world: World) -> None:
    _grow_to(world, 10)
    few = _measure(world)
    _grow_to(world, 2000)
    many = _measure(world)
    for page, (queries, rows) in many.items():
        # at most a COUNT more per paged list, once a list has later pages to number
        assert queries <= few[page][0] + 2, (page, few[page], (queries, rows))
        assert rows <= (API_PAGE if "API" in page else 2 * PAGE + 5), (page, rows)
    # the lists are full pages of the large document: 50 tables and 50 log lines
    assert many["filler 待办"][1] == 2 * PAGE  # waiting and reachable tables
    assert many["department_reviewer 文本"][1] >= 2 * PAGE
    assert many["filler API 列表"][1] == many["filler API 日志"][1] == API_PAGE


def test_a_table_edited_hundreds_of_times_shows_its_log_a_page_at_a_time(world: World) -> None:
    table = world.project("322-0601-YBN-5D8Z")
    reviewer = world.users["department_reviewer"]

    def entries(count: int, action: str = "edit_header", reason: str = "") -> None:
        AuditEntry.objects.bulk_create(
            AuditEntry(action=action, object_type="targets.project", object_id=str(table.pk),
                       actor=reviewer, reason=reason, before={"name": "旧"}, after={"name": "新"},
                       document_id=table.document_id, unit_id=table.unit_id)
            for _ in range(count)
        )  # fmt: skip

    entries(1, "return", "请补充数量指标")  # the oldest: a reason the exchange keeps showing
    client = client_for(world, "filler")

    def measure() -> tuple[int, str, int]:
        client.get(f"/projects/{table.pk}/")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/projects/{table.pk}/").content.decode()
        api = client.get(f"/api/projects/{table.pk}/history").json()
        return len(queries), page, len(api)

    entries(5)
    few, _, _ = measure()
    entries(500)
    many, page, api = measure()
    assert many <= few + 1  # at most the count of a log with later pages
    log = page[page.index("<h2>审计日志</h2>") :]
    assert log.count("<tr><td>") == PAGE
    assert "较早" in log
    assert "请补充数量指标" in page[: page.index("<h2>审计日志</h2>")]  # in the exchange
    assert api == API_PAGE
    older = client.get(f"/projects/{table.pk}/?log_page=11").content.decode()
    assert "较新" in older
    assert client.get(f"/api/projects/{table.pk}/history?offset=500").json()  # the oldest ones
