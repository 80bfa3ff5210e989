"""Lost updates: a form or API call filled in from an older revision of a table is refused (已被他人
修改, with what is stored now), never saved over a newer one; the 资金支出计划 stays within 0–100%
and never decreases."""

from __future__ import annotations

import json
import re
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from jixiao.audit.models import AuditEntry
from jixiao.org.models import Membership
from jixiao.targets.models import Project, TargetDocument
from tests.web.conftest import World, client_for, person

CODE = "322-0601-YBN-5D8Z"
ROW = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度",
       "description": "客商对全年接待工作的整体满意度", "target": "≤85%", "basis": "", "basis_kind": ""}  # fmt: skip
HEADER = {"code": CODE, "name": "人事代理专项补助经费", "total": "300000.00", "fiscal": "300000.00",
          "other": "", "purpose": "用于招商引资工作人事代理人员工资", "plan_0": "30.00", "plan_1": "65.00",
          "plan_2": "90.00", "plan_3": "100.00", "goals": "1、保障招商引资工作正常开展\n2、人事代理人员基本保障"}  # fmt: skip
POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def two_editors(world: World) -> tuple[Client, Client]:
    """The unit's filler and a second filler of the same unit, each in their own browser."""
    second = person("filler2", world.investment_unit, Membership.Role.UNIT_FILLER)
    other = Client()
    other.force_login(second)
    return client_for(world, "filler"), other


def revision_in(page: str) -> str:
    found = re.search(r'name="revision" value="(\d+)"', page)
    assert found is not None, "the form carries the table's revision"
    return found.group(1)


def stored(pk: int) -> Project:
    return Project.objects.get(pk=pk)


def edits_logged(pk: int) -> int:
    return AuditEntry.objects.filter(object_type="targets.project", object_id=str(pk)).count()


def test_the_second_editor_of_a_row_is_told_not_overwritten(world: World) -> None:
    pk = world.project(CODE).pk
    first, second = two_editors(world)
    url = f"/projects/{pk}/indicators/5/"
    opened = revision_in(first.get(url).content.decode())
    assert revision_in(second.get(url).content.decode()) == opened
    assert first.post(url, {**ROW, "target": "≥85%", "revision": opened}).status_code == 302
    logged = edits_logged(pk)

    page = second.post(url, {**ROW, "target": "≥90%", "revision": opened}).content.decode()
    assert "已被他人修改" in page
    assert "第 6 行现在是：三级指标「群众满意度」，指标值「≥85%」。" in page
    assert stored(pk).to_core().indicators[5].target.raw == "≥85%"  # the first edit stands
    assert edits_logged(pk) == logged  # nothing saved, nothing logged
    # the form now shows the row as stored, under the revision it is at now
    assert 'name="target" id="target" value="≥85%"' in page
    now = revision_in(page)
    assert int(now) == int(opened) + 1 == stored(pk).revision
    # saved again knowingly, from the current revision: it goes through
    assert second.post(url, {**ROW, "target": "≥90%", "revision": now}).status_code == 302
    assert stored(pk).to_core().indicators[5].target.raw == "≥90%"


def test_a_refused_row_keeps_the_revision_it_was_opened_at(world: World) -> None:
    """A form shown again for a mistake keeps its revision: a change by someone else in the
    meantime is still caught on the next save."""
    pk = world.project(CODE).pk
    first, second = two_editors(world)
    url = f"/projects/{pk}/indicators/5/"
    opened = revision_in(second.get(url).content.decode())
    page = second.post(url, {**ROW, "name": " ", "revision": opened}).content.decode()
    assert "三级指标名称不能为空" in page
    assert revision_in(page) == opened
    first.post(url, {**ROW, "target": "≥85%", "revision": opened})
    page = second.post(url, {**ROW, "target": "≥90%", "revision": opened}).content.decode()
    assert "已被他人修改" in page
    assert stored(pk).to_core().indicators[5].target.raw == "≥85%"


def test_editing_another_table_of_the_document_is_no_conflict(world: World) -> None:
    """The revision is the table's own: two fillers on two tables of one document never clash."""
    pk = world.project(CODE).pk
    other = world.project("322-0601-YBN-Y6VV").pk
    first, second = two_editors(world)
    opened = revision_in(second.get(f"/projects/{pk}/indicators/5/").content.decode())
    first.post(f"/projects/{other}/header/", {**HEADER, "code": "322-0601-YBN-Y6VV",
               "name": "另一张表", "revision": str(stored(other).revision)})  # fmt: skip
    assert stored(other).name == "另一张表"
    response = second.post(
        f"/projects/{pk}/indicators/5/", {**ROW, "target": "≥85%", "revision": opened}
    )
    assert response.status_code == 302


def test_the_second_editor_of_the_header_is_told_not_overwritten(world: World) -> None:
    pk = world.project(CODE).pk
    first, second = two_editors(world)
    url = f"/projects/{pk}/header/"
    opened = revision_in(first.get(url).content.decode())
    first.post(url, {**HEADER, "total": "320000.00", "revision": opened})
    page = second.post(url, {**HEADER, "name": "改过的名称", "revision": opened}).content.decode()
    assert "已被他人修改" in page
    assert "表头现在是：项目名称「人事代理专项补助经费」，预算数「320000.00」" in page
    assert "资金支出计划「3月底 30.00%、6月底 65.00%、10月底 90.00%、12月底 100.00%」" in page
    project = stored(pk)
    assert (project.name, project.budget_total) == ("人事代理专项补助经费", Decimal("320000.00"))
    assert 'name="total" value="320000.00"' in page  # the form shows what is stored now
    assert revision_in(page) == str(project.revision)


def test_a_row_is_not_removed_from_a_page_showing_older_rows(world: World) -> None:
    pk = world.project(CODE).pk
    first, second = two_editors(world)
    shown = revision_in(second.get(f"/projects/{pk}/").content.decode())
    first.post(f"/projects/{pk}/rows/up/", {"index": "5", "revision": shown})  # rows 5 and 4 swap
    names = [i.name for i in stored(pk).to_core().indicators]
    response = second.post(
        f"/projects/{pk}/rows/remove/", {"index": "5", "revision": shown}, follow=True
    )
    page = response.content.decode()
    assert "已被他人修改" in page
    assert "第 6 行现在是：三级指标「招商宣传完成比率」" in page
    assert [i.name for i in stored(pk).to_core().indicators] == names  # nothing removed


def api_put(client: Client, pk: int, index: int, **fields: Any) -> tuple[int, Any]:
    response = client.put(
        f"/api/projects/{pk}/indicators/{index}",
        json.dumps({**ROW, **fields}),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_the_api_answers_409_with_the_current_row_when_stale(world: World) -> None:
    pk = world.project(CODE).pk
    first, second = two_editors(world)
    row = second.get(f"/api/projects/{pk}/indicators").json()[5]
    opened = row["revision"]
    assert second.get(f"/api/projects/{pk}").json()["revision"] == opened
    status, body = api_put(first, pk, 5, target="≥85%", revision=opened)
    assert (status, body["revision"], body["target"]) == (200, opened + 1, "≥85%")

    status, body = api_put(second, pk, 5, target="≥90%", revision=opened)
    assert status == 409
    assert body["detail"].startswith("已被他人修改")
    assert "指标值「≥85%」" in body["detail"]
    assert (body["revision"], body["current"]["target"], body["current"]["index"]) == (
        opened + 1,
        "≥85%",
        5,
    )
    assert stored(pk).to_core().indicators[5].target.raw == "≥85%"
    status, body = api_put(second, pk, 5, target="≥90%", revision=opened + 1)
    assert (status, body["target"]) == (200, "≥90%")
    # a call that sends no revision is not compared (clients written before it)
    assert api_put(second, pk, 5, target="≥95%")[0] == 200


def test_the_api_409_says_what_the_row_holds_now_after_a_move(world: World) -> None:
    pk = world.project(CODE).pk
    first, second = two_editors(world)
    opened = second.get(f"/api/projects/{pk}").json()["revision"]
    first.post(f"/projects/{pk}/rows/up/", {"index": "5"})  # rows 5 and 6 swap
    status, body = api_put(second, pk, 5, target="≥90%", revision=opened)
    assert status == 409
    assert "第 6 行现在是：三级指标「招商宣传完成比率」" in body["detail"]
    assert (body["current"]["name"], body["revision"]) == ("招商宣传完成比率", opened + 1)
    assert [i.name for i in stored(pk).to_core().indicators][4:] == [
        "群众满意度",
        "招商宣传完成比率",
    ]


# -- the 资金支出计划 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (
            {"plan_2": "50.00"},
            "资金支出计划逐期减少：10月底 50.00% 少于 6月底 65.00%；"
            "应为逐期不减的累计百分比（后一时点不少于前一时点）",
        ),
        ({"plan_3": "120"}, "资金支出计划「12月底」为 120%，不在 0—100% 之间；应为0 到 100 之间"),
        ({"plan_0": "-5"}, "资金支出计划「3月底」为 -5%，不在 0—100% 之间"),
    ],
)
def test_the_editor_keeps_the_plan_within_0_to_100_and_never_decreasing(
    world: World, plan: dict[str, str], message: str
) -> None:
    pk = world.project(CODE).pk
    before = stored(pk).data
    page = client_for(world, "filler").post(f"/projects/{pk}/header/", {**HEADER, **plan})
    assert message in page.content.decode()
    assert stored(pk).data == before


def test_a_plan_with_blank_points_is_checked_over_the_filled_ones(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "filler")
    response = client.post(f"/projects/{pk}/header/", {**HEADER, "plan_1": "", "plan_2": "20"})
    assert "10月底 20% 少于 3月底 30.00%" in response.content.decode()
    response = client.post(f"/projects/{pk}/header/", {**HEADER, "plan_1": "", "plan_2": "40"})
    assert response.status_code == 302
    assert [p.percent for p in stored(pk).to_core().spending_plan] == [
        Decimal("30.00"),
        None,
        Decimal("40"),
        Decimal("100.00"),
    ]


# -- at the same moment (PostgreSQL: SQLite serialises writes) --------------------------------


@pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: run with DATABASE_URL=…")
@pytest.mark.django_db(transaction=True)
def test_ten_saves_of_one_row_from_the_same_revision_at_once_keep_one(world: World) -> None:
    project = world.project(CODE)
    opened = project.revision
    editors = [client_for(world, "filler") for _ in range(10)]
    barrier = threading.Barrier(10)
    answers: list[Any] = [None] * 10

    def save(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            answers[n] = api_put(editors[n], project.pk, 5, target=f"≥{80 + n}%", revision=opened)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(status for status, _ in answers) == [200] + [409] * 9
    kept = next(body for status, body in answers if status == 200)
    assert stored(project.pk).to_core().indicators[5].target.raw == kept["target"]
    assert stored(project.pk).revision == opened + 1
    assert {body["current"]["target"] for status, body in answers if status == 409} == {
        kept["target"]
    }
    assert TargetDocument.objects.get(pk=project.document_id).revision == 1
