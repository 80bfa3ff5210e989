"""The Excel 填报模板: the official form with cells to fill, drop-downs and protection; a filled
one read by the .xlsx reader to what was filled; mistakes marked on the same workbook."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from jixiao.core.framework import framework
from jixiao.export import xlsx_template as template
from jixiao.ingest import read_bytes

PLACE = template.Place("[322]秦皇岛市山海关区商务局", "[322003]秦皇岛市山海关区投资促进中心", 2025)
ROWS = [
    ("产出指标", "数量指标", "培训人次", "全年培训外贸企业人员", "≥", "100", "人次", "计划标准：年度工作计划"),
    ("产出指标", "质量指标", "培训合格率", "", "≥", "95.0", "%", ""),
    ("效益指标", "社会效益指标", "企业出口能力", "", "", "明显提升", "", ""),
    ("满意度指标", "服务对象满意度指标", "参训企业满意度", "", "≥", "90", "%", "历史标准"),
]  # fmt: skip


def blank() -> Any:
    return load_workbook(BytesIO(template.render(PLACE)))


def cell_of(sheet: Any, label: str, offset: int = 1) -> Any:
    """The cell `offset` columns right of the label (found by its text)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == label:
                return sheet.cell(row=cell.row, column=cell.column + offset)
    raise AssertionError(label)


def grid_row(sheet: Any, n: int) -> int:
    """The sheet row of the n-th indicator row (0-based)."""
    return cell_of(sheet, "一级指标", 0).row + 1 + n


def filled(rows: list[tuple[str, ...]] = ROWS, **changes: Any) -> bytes:
    workbook = blank()
    sheet = workbook[template.SHEET]
    values = {"项目编码": "322-0601-NEW-0001", "项目名称": "外贸企业培训经费", "年度资金总额": 80000.5,
              "其中：财政拨款": 80000.5, "资金用途": "组织外贸企业参加业务培训",
              "年度目标": "1、培训外贸企业骨干\n2、提升企业出口能力"}  # fmt: skip
    values.update(changes)
    plan_shares = values.pop("plan", (20, 50, 80, 100))
    for label, value in values.items():
        cell_of(sheet, label).value = value
    plan = cell_of(sheet, "资金支出计划（%）", 0).row + 1
    for column, share in zip(range(2, 6), plan_shares, strict=True):
        sheet.cell(row=plan, column=column).value = share
    for n, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value:
                sheet.cell(row=grid_row(sheet, n), column=column).value = value
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_template_is_the_form_with_its_place_filled_in() -> None:
    sheet = blank()[template.SHEET]
    assert sheet["A1"].value == "项目支出绩效目标表"
    assert sheet["A2"].value == "（2025年度）"
    assert cell_of(sheet, "主管部门").value == "[322]秦皇岛市山海关区商务局"
    assert cell_of(sheet, "实施单位").value == "[322003]秦皇岛市山海关区投资促进中心"
    header = cell_of(sheet, "一级指标", 0).row
    assert [sheet.cell(row=header, column=c).value for c in range(1, 9)] == list(template.GRID)
    assert any("填写说明" in str(c.value) for row in sheet.iter_rows() for c in row)


def test_labels_are_protected_and_the_cells_to_fill_are_not() -> None:
    sheet = blank()[template.SHEET]
    assert sheet.protection.sheet
    assert not sheet.protection.password
    assert cell_of(sheet, "项目名称", 0).protection.locked
    assert cell_of(sheet, "主管部门").protection.locked  # given by the system
    assert not cell_of(sheet, "项目名称").protection.locked
    assert not cell_of(sheet, "年度资金总额").protection.locked
    first = grid_row(sheet, 0)
    assert all(not sheet.cell(row=first, column=c).protection.locked for c in range(1, 9))
    assert sheet.cell(row=first - 1, column=1).protection.locked


def test_the_grid_has_drop_downs_for_categories_operators_and_bases() -> None:
    workbook = blank()
    sheet = workbook[template.SHEET]
    first = grid_row(sheet, 0)
    last = first + template.ROWS - 1
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists[f"A{first}:A{last}"] == "一级指标列表"
    assert lists[f"B{first}:B{last}"] == f"INDIRECT($A{first})"
    assert lists[f"E{first}:E{last}"] == '"≥,≤,=,＞,＜"'
    assert lists[f"H{first}:H{last}"] == '"计划标准,行业标准,历史标准,其他"'
    # each 一级 names the range of its 二级 on the hidden sheet
    options = workbook[template.LISTS]
    assert options.sheet_state == "hidden"
    for level1 in framework():
        ((title, cells),) = workbook.defined_names[level1.name].destinations
        assert title == template.LISTS
        assert [c.value for row in options[cells.replace("$", "")] for c in row] == [
            two.name for two in level1.level2
        ]


def test_a_filled_template_reads_back_to_what_was_filled() -> None:
    data = filled()
    assert template.check(data) == []
    document = read_bytes(template.as_form(data), "填好的模板.xlsx")
    assert document.warnings == []
    (project,) = document.projects
    assert (project.code, project.name, project.year) == (
        "322-0601-NEW-0001",
        "外贸企业培训经费",
        2025,
    )
    assert (project.unit.code, project.supervisor.code if project.supervisor else None) == (
        "322003",
        "322",
    )
    assert project.budget.total == Decimal("80000.50")
    assert project.budget.other is None
    assert [format(p.percent, "f") for p in project.spending_plan if p.percent is not None] == [
        "20.00", "50.00", "80.00", "100.00",
    ]  # fmt: skip
    assert project.goals == ["培训外贸企业骨干", "提升企业出口能力"]
    assert [(i.level1, i.level2, i.name, i.description, i.target.raw, i.basis, i.basis_kind)
            for i in project.indicators] == [
        ("产出指标", "数量指标", "培训人次", "全年培训外贸企业人员", "≥100人次", "计划标准：年度工作计划", "计划标准"),
        ("产出指标", "质量指标", "培训合格率", None, "≥95.0%", None, None),
        ("效益指标", "社会效益指标", "企业出口能力", None, "明显提升", None, None),
        ("满意度指标", "服务对象满意度指标", "参训企业满意度", None, "≥90%", "历史标准", "历史标准"),
    ]  # fmt: skip
    assert project.indicators[1].target.number == Decimal("95.0")  # written precision kept


def test_three_mistakes_are_found_each_in_its_cell() -> None:
    rows = list(ROWS)
    rows[1] = (
        "产出指标",
        "社会效益指标",
        "培训合格率",
        "",
        "≥",
        "95",
        "%",
        "",
    )  # 二级 of another 一级
    rows[3] = ("满意度指标", "服务对象满意度指标", "参训企业满意度", "", "≥", "九十", "%", "")
    data = filled(rows, 年度资金总额="八万元")
    sheet = blank()[template.SHEET]
    mistakes = template.check(data)
    assert [(m.cell, m.field) for m in mistakes] == [
        (cell_of(sheet, "年度资金总额").coordinate, "年度资金总额"),
        (f"B{grid_row(sheet, 1)}", "第 2 行指标的二级指标"),
        (f"F{grid_row(sheet, 3)}", "第 4 行指标的指标值"),
    ]
    assert mistakes[0].problem == "「八万元」不是数字"
    assert "不在一级指标「产出指标」之下" in mistakes[1].problem
    assert "数量指标" in mistakes[1].fix


def test_the_marked_workbook_is_the_same_with_exactly_the_wrong_cells_red() -> None:
    rows = list(ROWS)
    rows[1] = ("产出指标", "社会效益指标", "培训合格率", "", "≥", "95", "%", "")
    rows[3] = ("满意度指标", "服务对象满意度指标", "参训企业满意度", "", "≥", "九十", "%", "")
    data = filled(rows, 年度资金总额="八万元")
    mistakes = template.check(data)
    marked = load_workbook(BytesIO(template.mark(data, mistakes)))[template.SHEET]
    original = load_workbook(BytesIO(data))[template.SHEET]
    red = {
        c.coordinate for row in marked.iter_rows() for c in row if c.fill.fgColor.rgb == "00FF9999"
    }
    assert red == {m.cell for m in mistakes}
    assert len(red) == 3
    commented = {
        c.coordinate: c.comment.text for row in marked.iter_rows() for c in row if c.comment
    }
    assert commented.keys() == red
    assert commented[mistakes[2].cell].startswith("「九十」不是数字。有计算符号时指标值只填数字")
    assert [[c.value for c in row] for row in marked.iter_rows()] == [
        [c.value for c in row] for row in original.iter_rows()
    ]
    assert marked.protection.sheet
    assert len(marked.data_validations.dataValidation) == 5


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        ({"plan": (20, 10, 80, 100)}, "资金支出计划 6月底", "10% 少于 3月底 的 20%"),
        ({"plan": (20, 50, 80, 120)}, "资金支出计划 12月底", "120% 超过 100%"),
        ({"项目名称": None}, "项目名称", "没有填写"),
        ({"其中：财政拨款": 90000}, "其中：财政拨款", "超过年度资金总额"),
        ({"年度资金总额": -5}, "年度资金总额", "-5 是负数"),
    ],
)
def test_header_mistakes_say_where_and_what(
    change: dict[str, Any], where: str, problem: str
) -> None:
    (mistake,) = template.check(filled(**change))
    assert mistake.field == where
    assert problem in mistake.problem


def test_rows_half_filled_and_empty_grids_are_mistakes() -> None:
    rows = [("产出指标", "", "", "", "≥", "", "", "")]
    found = {(m.field, m.problem) for m in template.check(filled(rows))}
    assert found == {
        ("第 1 行指标的三级指标", "这一行填了内容，却没有三级指标名称"),
        ("第 1 行指标的二级指标", "没有选择"),
        ("第 1 行指标的指标值", "写了计算符号却没有填指标值"),
        ("三级指标", "一个指标也没有填写"),
    }


def test_another_workbook_is_no_template(seed: Any) -> None:
    from jixiao.export import xlsx_form

    assert template.is_template(template.render(PLACE))
    assert not template.is_template(xlsx_form.render(seed))
    assert not template.is_template(b"not a workbook")
