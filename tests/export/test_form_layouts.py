"""The forms `form_layout` lays out, as a user sees them in the written workbook: the
self-evaluation, the monitoring table, the optional indicator columns, the department-wide
table, several projects in one file — on real corpus tables, and read back to the same model."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import docx
import pytest
from openpyxl import load_workbook

from jixiao.core.model import Budget, TargetDocument
from jixiao.export import docx_form, html_form, xlsx_form
from jixiao.ingest import pipe_table, read_bytes, read_text
from jixiao.ingest.formats.grid import pipe_text
from tests.export.corpus_tables import CORPUS, comparable, corpus_document


def document(name: str) -> TargetDocument:
    return corpus_document(next(CORPUS.glob(name + "_*.txt")))


def sheet_of(document: TargetDocument, index: int = 0) -> Any:
    return load_workbook(io.BytesIO(xlsx_form.render(document))).worksheets[index]


def row_with(sheet: Any, text: str, column: int = 1) -> int:
    """The first row whose cell in `column` reads `text`."""
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, column).value == text)


def values(sheet: Any, row: int, first: int, last: int) -> list[Any]:
    return [sheet.cell(row, column).value for column in range(first, last + 1)]


def merged(sheet: Any) -> set[str]:
    return {str(cell_range) for cell_range in sheet.merged_cells.ranges}


def read_back_everywhere(document: TargetDocument) -> None:
    for data, name in (
        (xlsx_form.render(document), "x.xlsx"),
        (html_form.render(document).encode(), "x.html"),
        (docx_form.render(document), "x.docx"),
    ):
        assert comparable(read_bytes(data, name)) == comparable(document), name


def test_a_self_evaluation_is_written_as_the_self_evaluation_form() -> None:
    written = document("036")
    sheet = sheet_of(written)
    assert sheet["A1"].value == "绩效目标自评表 (2019年度)"
    assert sheet["A2"].value == "项目名称"  # the title gives the year: no second year line
    money = row_with(sheet, "项目资金（万元）")
    assert f"A{money}:A{money + 3}" in merged(sheet)  # over its header and three fund lines
    assert values(sheet, money, 3, 7) == ["全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert values(sheet, money + 1, 2, 7) == ["年度资金总额", 30, 30, 10, 100, 10]
    assert values(sheet, money + 3, 2, 7) == ["其他资金", None, None, None, None, None]
    goals = row_with(sheet, "年度总体目标")
    assert f"A{goals}:A{goals + 1}" in merged(sheet)
    assert [sheet.cell(goals, c).value for c in (2, 6)] == ["预期目标", "实际完成情况"]
    assert sheet.cell(goals + 1, 2).value == "为建档立卡扶贫户解决临时性的困难"
    assert sheet.cell(goals + 1, 6).value.startswith("全年救助建档立卡扶贫户临时救助87人次")
    grid = row_with(sheet, "绩效指标")
    assert values(sheet, grid, 2, 9) == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "偏差原因分析及改进措施",
    ]  # fmt: skip
    fourth = values(sheet, grid + 4, 4, 9)
    assert fourth == ["★★★特困人员救助供养人数(按月平均)(≥**人)", ">=4754人", "4604人", 5, 5,
                      "特困人员实行动态管理"]  # fmt: skip
    assert f"B{grid + 1}:B{grid + 8}" in merged(sheet)  # 产出指标(50分) over its eight rows
    read_back_everywhere(written)


def test_a_self_evaluations_results_stand_below_its_grid() -> None:
    sheet = sheet_of(document("002"))
    money = row_with(sheet, "项目资金（万元）")
    assert values(sheet, money, 3, 9) == [
        "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "原因", None,
    ]  # fmt: skip
    total = values(sheet, money + 1, 2, 7)
    assert total == ["总额", 238.93, 251.89, 251.89, 10, 100]
    assert sheet.cell(money + 1, 3).number_format == "#,##0.00"  # 238.93 with its decimals
    assert sheet.cell(money + 1, 8).value.startswith("1.预算执行率=预算执行数/调整后预算数")
    below = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)}
    assert below["评价结论"].startswith("结合自评情况,说明项目自评总分")
    assert below["存在问题"].startswith("结合自评情况,分析存在的问题及原因")
    assert below["改进措施"].startswith("针对项目自评中发现的问题")
    scored = sheet_of(document("053"))
    assert scored.cell(row_with(scored, "总分"), 2).value == 100
    goals = row_with(scored, "年度总体目标")  # four goals, each beside what was achieved of it
    assert f"A{goals}:A{goals + 4}" in merged(scored)
    assert scored.cell(goals + 2, 2).value == "目标2:加大违法行为打击力度。"


@pytest.mark.parametrize(
    ("name", "headers", "row"),
    [
        (
            "069",
            ["指标值", "分值", "指标解释"],
            ["0.00%", 0, "反映实施相关项目所产生的直接经济成本"],
        ),
        ("034", ["指标值", "指标解释", "备注"], [None, "反映小型水利工程建设项目开展情况"]),
        ("005", ["指标值", "分值", "指标方向性"], ["≥95%", 10, "正向指标"]),
    ],
    ids=["chongqing-weight-explanation", "fujian-explanation-note", "sichuan-weight-direction"],
)
def test_optional_indicator_columns_in_the_order_real_forms_print_them(
    name: str, headers: list[str], row: list[Any]
) -> None:
    written = document(name)
    sheet = sheet_of(written, 1 if written.department is not None else 0)  # after 部门整体
    grid = row_with(sheet, "绩效指标")
    assert values(sheet, grid, 2, 4 + len(headers)) == [
        "一级指标",
        "二级指标",
        "三级指标",
        *headers,
    ]
    assert values(sheet, grid + 1, 5, 4 + len(row)) == row
    if name == "034":
        assert sheet.cell(grid + 1, 7).value.startswith("西坪镇尧山村：1；桃舟乡吾培村：1")
    back = read_bytes(xlsx_form.render(written), "x.xlsx")
    assert [p.model_dump(mode="json") for p in back.projects] == [
        p.model_dump(mode="json") for p in written.projects
    ]


MONITORING = """\
项目支出绩效运行监控表(2024年度) | |||||||
项目名称 | 乡村道路养护 | |||||||
主管部门 | [306]某县交通运输局 | 实施单位 | [306001]某县公路事务中心 | |||||
项目资金(万元) | 年初预算数 | 全年预算数 | 1-6月执行数 | 1-6月执行率 | 全年预计执行数 | 偏差原因 | 纠偏措施 |
年度资金总额 | 120 | 150.50 | 40.25 | 26.74% | 150.50 | 上半年雨季停工 | 下半年抢工期 |
其中:财政拨款 | 120 | 150.50 | 40.25 | 26.74% | 150.50 | | |
年度目标 | 完成全县农村公路日常养护，路况优良率保持在85%以上 |
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1-6月完成情况 | 全年预计完成情况 | 完成目标可能性 | 偏差原因 | 纠偏措施 |
产出指标 | 数量指标 | 养护里程 | ≥300公里 | 120公里 | 300公里 | 确定能 | 雨季停工 | 增加班组 |
产出指标 | 质量指标 | 路况优良率 | ≥85% | 83% | ≥85% | 有可能 | | |
满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | | ≥90% | 有可能 | | |
"""
"""A 绩效运行监控表 in the layout units publish (the corpus has none that reads: its one
monitoring document is a narrative report)."""


def test_a_monitoring_table_is_written_as_the_monitoring_form() -> None:
    written = pipe_table.read(MONITORING, "监控.txt")
    [project] = written.projects
    assert project.monitoring is not None
    sheet = sheet_of(written)
    assert sheet["A1"].value == "项目支出绩效运行监控表(2024年度)"
    money = row_with(sheet, "项目资金（万元）", 1)
    money = next(r for r in range(money + 1, sheet.max_row + 1) if sheet.cell(r, 3).value)
    assert values(sheet, money, 3, 10) == [
        "年初预算数", "全年预算数", "1-6月执行数", "1-6月执行率", "全年预计执行数",
        "全年预计执行率", "偏差原因", "纠偏措施",
    ]  # fmt: skip
    assert values(sheet, money + 1, 2, 10) == [
        "年度资金总额", 120, 150.5, 40.25, 26.74, 150.5, None, "上半年雨季停工", "下半年抢工期",
    ]  # fmt: skip
    assert sheet.cell(money + 1, 4).number_format == "#,##0.00"  # 150.50 as written
    grid = row_with(sheet, "绩效指标")
    assert values(sheet, grid, 2, 10) == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "1-6月完成情况", "全年预计完成情况",
        "完成目标可能性", "偏差原因", "纠偏措施",
    ]  # fmt: skip
    assert values(sheet, grid + 1, 4, 10) == [
        "养护里程", "≥300公里", "120公里", "300公里", "确定能", "雨季停工", "增加班组",
    ]  # fmt: skip
    assert project.monitoring.funds[0].midyear_rate == Decimal("26.74")
    read_back_everywhere(written)


def test_a_department_wide_table_is_written_as_its_own_form() -> None:
    written = document("026")
    assert written.projects == []
    book = load_workbook(io.BytesIO(xlsx_form.render(written)))
    assert book.sheetnames == ["部门整体绩效目标"]
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "部门整体支出绩效目标申报表"
    labels = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)}
    assert labels["部门名称"] == "浮梁县林业局"
    assert labels["部门编码"] == "316"
    assert labels["部门职能职责概述"] == "保证林业局职能实现,保障人员经费。"
    assert labels["年度绩效总目标"] == "保证林业局职能实现,保障人员经费。"
    grid = row_with(sheet, "绩效指标")
    assert values(sheet, grid, 2, 6) == ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"]
    # The sheet's cells, as the cell reader takes them, give the department back whole.
    grid_cells = [[_text(cell.value) for cell in row] for row in sheet.iter_rows()]
    again = read_text(pipe_text(grid_cells), "部门.xlsx")
    assert again.department == written.department
    assert again.year == written.year
    page = html_form.render(written)
    assert '<th class="label">部门职能职责概述</th>' in page


def _text(value: object) -> str:
    return "" if value is None else str(value)


def test_a_department_wide_table_reads_back_from_the_workbook() -> None:
    written = document("026")
    assert read_bytes(xlsx_form.render(written), "部门.xlsx").department == written.department


def test_a_department_budget_keeps_its_unit_written_and_read_back() -> None:
    written = document("026")
    assert written.department is not None
    department = written.department.model_copy(
        update={"budget": Budget(total=Decimal("968.1918"), fiscal=Decimal("968.1918")),
                "money_unit": "万元"}
    )  # fmt: skip
    alone = written.model_copy(update={"department": department})
    sheet = sheet_of(alone)
    assert sheet.cell(row_with(sheet, "部门预算资金（万元）"), 1).value == "部门预算资金（万元）"
    again = read_bytes(xlsx_form.render(alone), "部门.xlsx").department
    assert again is not None
    assert (again.budget, again.money_unit) == (department.budget, "万元")


def test_several_projects_are_several_forms_one_below_the_other() -> None:
    target, evaluation = document("022"), document("036")
    both = TargetDocument(source="合订.txt", projects=[*target.projects, *evaluation.projects])
    data = docx_form.render(both)
    assert docx_form.layout_for(both) == docx_form.FORM
    assert comparable(read_bytes(data, "合订.docx")) == comparable(both)
    assert len(docx.Document(io.BytesIO(data)).tables) == 2
    assert [s.title for s in load_workbook(io.BytesIO(xlsx_form.render(both)))] == [
        "1-" + target.projects[0].name[:29],
        "2-临时救助",
    ]
    read_back_everywhere(both)


@pytest.mark.parametrize(
    ("change", "labels"),
    [
        ({"goals": []}, ["总体目标完成情况"]),
        (
            {"total_score": Decimal("88.50"), "grade": "良", "problems": "进度偏慢"},
            ["总分", "等级", "评价结论", "存在问题"],
        ),
        ({"grade": "优", "conclusion": "完成较好"}, ["评价结论", "等级"]),
        ({"implementation": "按计划采购并发放"}, ["项目实施内容及过程概述"]),
    ],
    ids=["no-goals", "score-and-grade", "grade-without-score", "implementation"],
)
def test_what_a_self_evaluation_holds_has_its_row(
    change: dict[str, Any], labels: list[str]
) -> None:
    written = document("036")
    project = written.projects[0]
    assert project.evaluation is not None
    goals = change.pop("goals", project.goals)
    evaluation = project.evaluation.model_copy(update=change)
    changed = written.model_copy(
        update={"projects": [project.model_copy(update={"goals": goals, "evaluation": evaluation})]}
    )
    sheet = sheet_of(changed)
    column = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    assert [label for label in column if label in labels] == labels  # in this order
    if "总分" in labels:
        assert sheet.cell(row_with(sheet, "总分"), 2).value == 88.5
        assert sheet.cell(row_with(sheet, "总分"), 2).number_format == "0.00"
    read_back_everywhere(changed)
