"""Starting a table in jixiao: the blank form and the copy of an earlier year's table, by a unit's
filler for their own units only, each stored with its audit entry and its review."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.core import model as core
from jixiao.targets import creating
from jixiao.targets.models import Project, TableReview, TargetDocument
from tests.web.conftest import World, client_for
from tests.web.test_browser import CHROMIUM, shot, signed_in

OWN = "322-0601-YBN-5D8Z"  # a 2024 table of 322003, the filler's unit
HEADER = {
    "name": "外贸企业培训经费",
    "code": "322-0601-NEW-0001",
    "money_unit": "元",
    "total": "80000.00",
    "fiscal": "80000.00",
    "other": "",
    "purpose": "组织外贸企业参加业务培训",
    "plan_0": "20",
    "plan_1": "50.0",
    "plan_2": "80",
    "plan_3": "100.00",
    "goals": "1、培训外贸企业骨干\n2、提升企业出口能力",
}


def _entries(action: str, target: object) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=action, object_type=target._meta.label_lower, object_id=str(target.pk)
        )
    )


def test_a_filler_starts_a_table_and_its_document_for_a_new_year(world: World) -> None:
    client = client_for(world, "filler")
    page = client.get("/new/?year=2025").content.decode()
    assert "本部门该年度尚无绩效目标文本，保存时一并新建" in page
    response = client.post("/new/", {**HEADER, "unit": world.investment_unit.pk, "year": "2025"})
    created = Project.objects.get(name="外贸企业培训经费")
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{created.pk}/"
    document = created.document
    assert (document.department, document.fiscal_year.year, document.source) == (
        world.commerce, 2025, "在线填报",
    )  # fmt: skip
    assert (created.unit, created.status, created.position) == (world.investment_unit, "draft", 1)
    table = created.to_core()
    assert table.year == 2025
    assert table.unit == core.Organisation(code="322003", name=world.investment_unit.name)
    assert table.supervisor == core.Organisation(code="322", name="秦皇岛市山海关区商务局")
    assert table.budget == core.Budget(total=Decimal("80000.00"), fiscal=Decimal("80000.00"))
    assert [(p.by, format(p.percent, "f")) for p in table.spending_plan] == [
        ("3月底", "20"), ("6月底", "50.0"), ("9月底", "80"), ("12月底", "100.00"),
    ]  # fmt: skip
    assert table.goals == ["培训外贸企业骨干", "提升企业出口能力"]
    assert [(i.level1, i.level2, i.name) for i in table.indicators] == [
        ("产出指标", "数量指标", "新指标"),
        ("效益指标", "社会效益指标", "新指标"),
        ("满意度指标", "服务对象满意度指标", "新指标"),
    ]
    assert created.budget_total == Decimal("80000.00")
    assert TableReview.objects.filter(project=created).exists()  # reviewed in the same step
    assert len(_entries("create_table", created)) == 1
    assert _entries("create_document", document)[0].after["year"] == 2025
    # the table page reads its stored findings and offers the editors
    shown = client.get(f"/projects/{created.pk}/").content.decode()
    assert "外贸企业培训经费" in shown
    assert "/indicators/0/" in shown


def test_a_new_table_joins_the_departments_only_document_of_the_year(world: World) -> None:
    seed = world.project(OWN).document
    before = seed.projects.count()
    response = client_for(world, "filler").post(
        "/new/", {**HEADER, "unit": world.investment_unit.pk, "year": "2024"}
    )
    assert response.status_code == 302
    created = Project.objects.get(name="外贸企业培训经费")
    assert created.document == seed
    assert created.position == before + 1
    assert TargetDocument.objects.filter(department=world.commerce).count() == 1


def test_a_form_with_a_mistake_stores_nothing_and_says_what_to_write(world: World) -> None:
    documents = TargetDocument.objects.count()
    client = client_for(world, "filler")
    response = client.post(
        "/new/",
        {**HEADER, "unit": world.investment_unit.pk, "year": "2026", "plan_1": "10"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "资金支出计划逐期减少：6月底 10% 少于 3月底 20%" in page
    assert 'value="外贸企业培训经费"' in page  # what was typed is shown again
    response = client.post("/new/", {**HEADER, "total": "八万", "year": "2026"})
    assert "预算数「八万」不是可保存的数字" in response.content.decode()
    assert TargetDocument.objects.count() == documents  # no document started either
    assert not Project.objects.filter(name="外贸企业培训经费").exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("unit_reviewer", 403), ("department_reviewer", 403), ("finance_reviewer", 403),
     ("readonly", 403), ("admin", 403)],
)  # fmt: skip
def test_only_a_units_filler_starts_a_table(world: World, name: str, status: int) -> None:
    client = client_for(world, name)
    assert client.get("/new/").status_code == status
    assert client.post("/new/", {**HEADER, "year": "2025"}).status_code == status
    assert client.get("/new/copy/").status_code == status
    assert not Project.objects.filter(name="外贸企业培训经费").exists()


def test_a_filler_cannot_start_a_table_for_another_unit(world: World) -> None:
    client = client_for(world, "filler")
    for unit in (world.commerce_unit, world.other_unit):
        response = client.post("/new/", {**HEADER, "unit": unit.pk, "year": "2025"})
        assert response.status_code == 404
    other = client_for(world, "other_filler")
    response = other.post("/new/", {**HEADER, "unit": world.investment_unit.pk, "year": "2025"})
    assert response.status_code == 404
    assert not Project.objects.filter(name="外贸企业培训经费").exists()
    with pytest.raises(PermissionDenied):  # the domain function checks it too
        creating.create_table(world.users["other_filler"], world.investment_unit, 2025, HEADER)


def test_a_copy_keeps_the_targets_and_clears_the_year_and_the_money(world: World) -> None:
    source = world.project(OWN)
    old = source.to_core()
    assert old.budget.total is not None
    assert old.spending_plan
    response = client_for(world, "filler").post("/new/copy/", {"source": source.pk, "year": "2025"})
    copied = Project.objects.exclude(pk=source.pk).get(code=OWN)
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{copied.pk}/"
    table = copied.to_core()
    assert copied.document.fiscal_year.year == 2025
    assert table.year == 2025
    assert table.budget == core.Budget()
    assert copied.budget_total is None
    assert [p.by for p in table.spending_plan] == [p.by for p in old.spending_plan]
    assert all(p.percent is None for p in table.spending_plan)
    assert table.indicators == old.indicators
    assert (table.name, table.goals, table.purpose, table.unit) == (
        old.name, old.goals, old.purpose, old.unit,
    )  # fmt: skip
    assert (copied.unit, copied.status) == (source.unit, "draft")
    entry = _entries("copy_table", copied)[0]
    assert (
        entry.reason == f"复制自 2024 年度「{source.name}」（项目编码 {OWN}），原表编号 {source.pk}"
    )
    assert entry.after["source"] == f"2024 年度「{source.name}」"
    assert source.to_core() == old  # the source table is untouched


def test_a_copy_drops_what_belonged_to_the_old_year(world: World) -> None:
    source = world.project(OWN)
    old = source.to_core()
    rows = [
        old.indicators[0].model_copy(
            update={"actual": old.indicators[0].target, "score": Decimal("10"), "deviation": "无"}
        ),
        *old.indicators[1:],
    ]
    dated = old.model_copy(
        update={
            "title": "2024年度商务项目绩效目标表",
            "spending_plan": [core.Checkpoint(by="2024年6月底", percent=Decimal("50"))],
            "evaluation": core.Evaluation(conclusion="完成"),
            "indicators": rows,
        }
    )
    Project.objects.filter(pk=source.pk).update(data=dated.model_dump(mode="json"))
    source.refresh_from_db()
    copied = creating.copy_table(world.users["filler"], source, 2025)
    table = copied.to_core()
    assert table.title == "2025年度商务项目绩效目标表"
    assert table.spending_plan == [core.Checkpoint(by="2025年6月底")]
    assert table.evaluation is None
    first = table.indicators[0]
    assert (first.actual, first.score, first.deviation) == (None, None, None)
    assert first.target == old.indicators[0].target


def test_a_copy_goes_only_forward_and_only_from_the_fillers_units(world: World) -> None:
    source = world.project(OWN)
    client = client_for(world, "filler")
    response = client.post("/new/copy/", {"source": source.pk, "year": "2024"})
    assert response.status_code == 200
    assert "只能复制到以后的年度（如 2025）" in response.content.decode()
    other_unit_table = next(p for p in world.projects if p.unit == world.commerce_unit)
    assert (
        client.post("/new/copy/", {"source": other_unit_table.pk, "year": "2025"}).status_code
        == 404
    )
    assert (
        client.post("/new/copy/", {"source": world.other_project.pk, "year": "2025"}).status_code
        == 404
    )
    # a reviewer who sees the table still may not start one from it
    reviewer = client_for(world, "unit_reviewer")
    assert reviewer.post("/new/copy/", {"source": source.pk, "year": "2025"}).status_code == 403
    assert Project.objects.filter(code=OWN).count() == 1


def test_the_copy_page_lists_the_fillers_earlier_tables_only(world: World) -> None:
    page = client_for(world, "filler").get("/new/copy/?year=2025").content.decode()
    own = [p for p in world.projects if p.unit == world.investment_unit]
    assert own
    assert all(p.name in page for p in own)
    others = [p for p in world.projects if p.unit != world.investment_unit]
    assert all(f"/projects/{p.pk}/" not in page for p in others)
    assert world.other_project.name not in page
    assert (
        "没有 2024 年以前的项目表"
        in client_for(world, "filler").get("/new/copy/?year=2024").content.decode()
    )


def test_posts_need_the_csrf_token(world: World) -> None:
    client = client_for(world, "filler", csrf=True)
    assert client.post("/new/", {**HEADER, "year": "2025"}).status_code == 403
    source = world.project(OWN)
    assert client.post("/new/copy/", {"source": source.pk, "year": "2025"}).status_code == 403
    assert not Project.objects.filter(name="外贸企业培训经费").exists()
    assert Project.objects.filter(code=OWN).count() == 1


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(captured)


def test_the_pages_ask_the_same_queries_however_many_tables(world: World) -> None:
    client = client_for(world, "filler")
    few = (_queries(client, "/new/copy/?year=2025"), _queries(client, "/new/?year=2024"))
    source = world.project(OWN)
    for _ in range(5):
        creating.copy_table(world.users["filler"], source, 2023 + 2)
    creating.create_table(world.users["filler"], world.investment_unit, 2024, HEADER)
    many = (_queries(client, "/new/copy/?year=2026"), _queries(client, "/new/?year=2024"))
    assert many == few


# -- The Excel 填报模板 ------------------------------------------------------------------------


def _template(client: object, world: World, year: int = 2025) -> bytes:
    response = client.get(  # type: ignore[attr-defined]
        f"/new/template/download/?unit={world.investment_unit.pk}&year={year}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return bytes(response.content)


def _fill(data: bytes, rows: list[tuple[str, ...]], **header: object) -> bytes:
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.export.test_xlsx_template import cell_of, grid_row

    workbook = load_workbook(BytesIO(data))
    sheet = workbook["项目绩效目标表"]
    for label, value in {"项目名称": "外贸企业培训经费", "年度资金总额": 80000,
                         "其中：财政拨款": 80000, "年度目标": "培训外贸企业骨干", **header}.items():  # fmt: skip
        cell_of(sheet, label).value = value
    for n, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=grid_row(sheet, n), column=column).value = value or None
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


ROWS = [
    ("产出指标", "数量指标", "培训人次", "", "≥", "100", "人次", "计划标准：年度工作计划"),
    ("效益指标", "社会效益指标", "企业出口能力", "", "", "明显提升", "", ""),
    ("满意度指标", "服务对象满意度指标", "参训企业满意度", "", "≥", "90", "%", "历史标准"),
]


def _upload(client: object, world: World, data: bytes, name: str = "模板.xlsx") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, data)
    return client.post(  # type: ignore[attr-defined]
        "/new/template/", {"file": file, "unit": world.investment_unit.pk, "year": "2025"}
    )


def test_a_filled_template_goes_through_the_preview_to_a_stored_draft(world: World) -> None:
    client = client_for(world, "filler")
    page = client.get("/new/template/").content.decode()
    assert "下载 " in page
    assert "填报模板" in page
    data = _fill(_template(client, world), ROWS)
    preview = _upload(client, world, data)
    shown = preview.content.decode()  # type: ignore[attr-defined]
    assert preview.status_code == 200
    assert "确认导入" in shown
    assert "外贸企业培训经费" in shown
    assert not Project.objects.filter(
        name="外贸企业培训经费"
    ).exists()  # nothing before the confirm
    confirmed = client.post("/import/", {"confirm": "1"})
    assert confirmed.status_code == 302
    stored = Project.objects.get(name="外贸企业培训经费")
    assert (stored.unit, stored.status, stored.document.fiscal_year.year) == (
        world.investment_unit, "draft", 2025,
    )  # fmt: skip
    table = stored.to_core()
    assert table.budget.total == Decimal("80000.00")
    assert table.goals == ["培训外贸企业骨干"]
    assert [(i.level1, i.level2, i.name, i.target.raw, i.basis) for i in table.indicators] == [
        (one, two, name, f"{op}{value}{unit}", basis or None)
        for one, two, name, _, op, value, unit, basis in ROWS
    ]
    assert TableReview.objects.filter(project=stored).exists()


def test_a_template_with_three_mistakes_comes_back_marked(world: World) -> None:
    import base64
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for(world, "filler")
    rows = list(ROWS)
    rows[0] = ("产出指标", "社会效益指标", "培训人次", "", "≥", "100", "人次", "")
    rows[2] = ("满意度指标", "服务对象满意度指标", "参训企业满意度", "", "≥", "九十", "%", "")
    data = _fill(_template(client, world), rows, 年度资金总额="八万元")
    response = _upload(client, world, data, "我的模板.xlsx")
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "「我的模板.xlsx」有 3 处需要改正" in page
    assert "「八万元」不是数字" in page
    assert "「九十」不是数字" in page
    assert "「社会效益指标」不在一级指标「产出指标」之下" in page
    link = page.split(
        'href="data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,'
    )[1]
    marked = load_workbook(BytesIO(base64.b64decode(link.split('"')[0])))["项目绩效目标表"]
    red = sorted(
        c.coordinate for row in marked.iter_rows() for c in row if c.fill.fgColor.rgb == "00FF9999"
    )
    commented = sorted(c.coordinate for row in marked.iter_rows() for c in row if c.comment)
    assert len(red) == 3
    assert red == commented
    assert 'download="我的模板（已标注错误）.xlsx"' in page
    assert not Project.objects.filter(name="外贸企业培训经费").exists()


def test_an_upload_that_is_no_template_is_refused_in_words(world: World, seed_path: object) -> None:
    from jixiao.export import xlsx_form
    from jixiao.ingest import read_path

    client = client_for(world, "filler")
    page = _upload(
        client, world, xlsx_form.render(read_path(seed_path)), "表.xlsx"
    ).content.decode()  # type: ignore[attr-defined, arg-type]
    assert "不是本系统的填报模板" in page
    page = _upload(client, world, b"hello", "表.txt").content.decode()  # type: ignore[attr-defined]
    assert "不是 Excel 工作簿（.xlsx）" in page


def test_templates_are_for_the_fillers_own_units(world: World) -> None:
    client = client_for(world, "filler")
    for unit in (world.commerce_unit, world.other_unit):
        assert client.get(f"/new/template/download/?unit={unit.pk}").status_code == 404
        assert client.get(f"/new/template/?unit={unit.pk}").status_code == 404
    reviewer = client_for(world, "unit_reviewer")
    assert reviewer.get("/new/template/download/").status_code == 403
    assert _upload(reviewer, world, b"x").status_code == 403  # type: ignore[attr-defined]
    template = client_for(world, "filler", csrf=True)
    assert _upload(template, world, _fill(_template(client, world), ROWS)).status_code == 403  # type: ignore[attr-defined]
    # the template names the unit's department and the unit itself
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(_template(client, world, 2026)))["项目绩效目标表"]
    assert sheet["A2"].value == "（2026年度）"
    assert sheet["F5"].value == f"[322003]{world.investment_unit.name}"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True)
def test_starting_tables_in_a_browser(
    browser: object, live_server: object, world: World, tmp_path: object
) -> None:
    server = str(live_server)
    page: Any = signed_in(browser, server, "filler")
    shot(page, "creating-00-todo")
    page.click("text=新建项目表")
    shot(page, "creating-01-new-table")
    for name, value in (("name", "外贸企业培训经费"), ("total", "80000.00"), ("plan_0", "30"),
                        ("plan_1", "20")):  # fmt: skip
        page.fill(f"input[name={name}]", value)
    page.click("text=新建草稿表")
    assert "资金支出计划逐期减少" in page.content()
    shot(page, "creating-02-new-table-refused")
    page.fill("input[name=plan_1]", "60")
    page.click("text=新建草稿表")
    assert "已新建「外贸企业培训经费」（草稿）" in page.content()
    shot(page, "creating-03-new-table-created")
    page.goto(f"{server}/new/copy/?year=2025")
    shot(page, "creating-04-copy")
    page.locator("tr", has_text=world.project(OWN).name).locator("button").click()
    assert "预算数和资金支出计划已清空" in page.content()
    shot(page, "creating-05-copied")
    page.goto(f"{server}/")
    page.click("text=下载填报模板")
    with page.expect_download() as download:
        page.locator("a[download]").first.click()
    saved = Path(str(tmp_path)) / "模板.xlsx"
    download.value.save_as(saved)
    rows = list(ROWS)
    rows[0] = ("产出指标", "社会效益指标", "培训人次", "", "≥", "100", "人次", "")
    rows[2] = ("满意度指标", "服务对象满意度指标", "参训企业满意度", "", "≥", "九十", "%", "")
    wrong = Path(str(tmp_path)) / "填好的模板.xlsx"
    wrong.write_bytes(_fill(saved.read_bytes(), rows, 年度资金总额="八万元"))
    shot(page, "creating-06-template")
    page.set_input_files("input[name=file]", str(wrong))
    page.click("text=上传并检查")
    assert "有 3 处需要改正" in page.content()
    shot(page, "creating-07-template-mistakes")
    right = Path(str(tmp_path)) / "改好的模板.xlsx"
    right.write_bytes(_fill(saved.read_bytes(), ROWS, 项目名称="招商推介经费"))
    page.set_input_files("input[name=file]", str(right))
    page.click("text=上传并检查")
    shot(page, "creating-08-template-preview")
    page.click("text=确认导入")
    assert "已导入" in page.content()
    assert Project.objects.filter(name="招商推介经费", status="draft").exists()
    keeper: Any = signed_in(browser, server, "department_reviewer")
    keeper.goto(f"{server}/documents/")
    keeper.click("text=填写部门整体绩效目标")
    shot(keeper, "creating-09-new-department")
    keeper.click("text=开始填写")
    # this year has the document started in jixiao and the one the template's import made
    assert "请选择在哪一份中填写" in keeper.content()
    shot(keeper, "creating-10-department-choice")
    keeper.click("text=在线填报")
    assert keeper.locator("textarea[name=overall_goal]").count() == 1
    shot(keeper, "creating-11-department-form")


# -- Department-wide targets for a new year ------------------------------------------------


def test_a_department_keeper_starts_the_department_targets_of_a_new_year(world: World) -> None:
    client = client_for(world, "department_reviewer")
    assert "填写部门整体绩效目标" in client.get("/documents/").content.decode()
    response = client.post("/documents/new/", {"department": world.commerce.pk, "year": "2026"})
    document = TargetDocument.objects.get(department=world.commerce, fiscal_year__year=2026)
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{document.pk}/department/"
    assert (document.source, document.projects.count()) == ("在线填报", 0)
    assert _entries("create_document", document)[0].actor == world.users["department_reviewer"]
    saved = client.post(
        f"/documents/{document.pk}/department/",
        {
            "overall_goal": "推动全区外贸稳中提质",
            "sub_goal_count": "0",
            "safeguards": "加强组织领导",
        },
    )
    assert saved.status_code == 302
    document.refresh_from_db()
    assert document.data["overall_goal"] == "推动全区外贸稳中提质"
    # the same year again opens the same document; a table started later joins it
    again = client.post("/documents/new/", {"department": world.commerce.pk, "year": "2026"})
    assert again["Location"] == f"/documents/{document.pk}/department/"
    table = creating.create_table(world.users["filler"], world.investment_unit, 2026, HEADER)
    assert table.document == document


def test_only_keepers_start_department_targets(world: World) -> None:
    for name in ("filler", "unit_reviewer", "finance_reviewer", "readonly", "admin"):
        client = client_for(world, name)
        assert "填写部门整体绩效目标" not in client.get("/documents/").content.decode()
        answer = client.post("/documents/new/", {"department": world.commerce.pk, "year": "2026"})
        assert answer.status_code == 403, name
    other = client_for(world, "department_reviewer")
    elsewhere = TargetDocument.objects.filter(department=world.other_unit.parent).count()
    answer = other.post(
        "/documents/new/", {"department": world.other_unit.parent_id, "year": "2026"}
    )
    assert answer.status_code == 404
    assert TargetDocument.objects.filter(department=world.other_unit.parent).count() == elsewhere
    csrf = client_for(world, "department_reviewer", csrf=True)
    assert (
        csrf.post("/documents/new/", {"department": world.commerce.pk, "year": "2026"}).status_code
        == 403
    )
    assert not TargetDocument.objects.filter(fiscal_year__year=2026).exists()


def test_with_several_documents_of_the_year_the_keeper_chooses_one(world: World) -> None:
    world.copy_documents(1)  # a second 2024 document of the department
    client = client_for(world, "department_reviewer")
    page = client.post("/documents/new/", {"department": world.commerce.pk, "year": "2024"})
    shown = page.content.decode()
    assert "2024 年度有 2 份绩效目标文本，请选择在哪一份中填写" in shown
    for document in TargetDocument.objects.filter(department=world.commerce):
        assert f"/documents/{document.pk}/department/" in shown
    assert TargetDocument.objects.filter(department=world.commerce).count() == 2
