"""The 部门整体支出绩效自评表 — a department's year-end self-evaluation — read into the department
part: its name (部门（单位）名称, 一级预算单位名称 …), the money block (年度预算申请 over 年初预算数 |
全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) with its money by kind (按收入性质分 / 按支出性质分),
年度总体目标 with 预期目标 | 实际完成情况, the grid with 实际完成值 | 分值 | 得分 | 偏差原因, and 总分.
The same form as a Word table made by hand (not by jixiao's writer), as a page's text one cell a
line, and with its cells broken at their line breaks; and written by jixiao's writers, read back."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest

from jixiao.core.model import TargetDocument
from jixiao.export import docx_form, html_form, xlsx_form
from jixiao.ingest import read_bytes, read_text

ROWS: list[list[str]] = [
    ["部门（单位）名称", "某县水利局", "", "", "", "", "", ""],
    [
        "年度预算申请（万元）",
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ],
    ["", "年度资金总额", "500.00", "520.50", "468.45", "10", "90%", "9"],
    ["", "按收入性质分：", "", "", "按支出性质分：", "", "", ""],
    ["", "其中：一般公共预算：", "400.50", "", "其中：基本支出：", "320.00", "", ""],
    ["", "政府性基金拨款：", "20", "", "项目支出：", "200.50", "", ""],
    ["", "其他资金：", "100", "", "", "", "", ""],
    ["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""],
    ["", "1.完成农田水利工程建设", "", "", "1.已完成农田水利工程建设", "", "", ""],
    ["", "2.保障城乡居民饮水安全", "", "", "2.城乡居民饮水安全得到保障", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["", "产出指标", "数量指标", "新建渠道长度", "≥12公里", "12.5公里", "20", "20"],
    ["", "产出指标", "质量指标", "工程验收合格率", "100%", "100%", "20", "20"],
    ["", "效益指标", "社会效益指标", "受益人口", "≥3万人", "2.8万人", "20", "18"],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "20", "20"],
    ["总分", "87", "", "", "", "", "", ""],
]


def word_table(rows: list[list[str]] = ROWS) -> bytes:
    """The form as a Word table typed by hand: the merged label cells of each block left blank
    below their first row, as Word writes a vertical merge's continuation."""
    document = docx.Document()
    document.add_paragraph("部门整体支出绩效自评表")
    document.add_paragraph("（2023年度）")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for cells, row in zip(rows, table.rows, strict=True):
        for text, cell in zip(cells, row.cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check(document: TargetDocument) -> None:
    department = document.department
    assert department is not None
    assert not document.projects
    assert document.year == 2023
    assert department.name == "某县水利局"
    assert department.money_unit == "万元"
    assert department.budget is not None
    # 全年预算数 of the 年度资金总额; 一般公共预算 + 政府性基金拨款 its 财政拨款
    assert (department.budget.total, department.budget.fiscal, department.budget.other) == (
        Decimal("520.50"),
        Decimal("420.50"),
        Decimal("100"),
    )
    evaluation = department.evaluation
    assert evaluation is not None
    [line] = evaluation.funds
    assert (line.label, line.initial_budget, line.full_year_budget, line.executed) == (
        "年度资金总额",
        Decimal("500.00"),
        Decimal("520.50"),
        Decimal("468.45"),
    )
    assert (line.rate, line.weight, line.score) == (Decimal("90"), Decimal("10"), Decimal("9"))
    assert department.overall_goal is not None
    assert "完成农田水利工程建设" in department.overall_goal
    assert evaluation.goal_achieved is not None
    assert "城乡居民饮水安全得到保障" in evaluation.goal_achieved
    assert evaluation.total_score == Decimal("87")
    rows = [
        (i.category.level2 if i.category else None, i.name, i.target.raw, i.actual.raw if i.actual else None, i.weight, i.score)
        for i in department.indicators
    ]  # fmt: skip
    assert rows == [
        ("数量指标", "新建渠道长度", "≥12公里", "12.5公里", Decimal("20"), Decimal("20")),
        ("质量指标", "工程验收合格率", "100%", "100%", Decimal("20"), Decimal("20")),
        ("社会效益指标", "受益人口", "≥3万人", "2.8万人", Decimal("20"), Decimal("18")),
        ("服务对象满意度指标", "群众满意度", "≥90%", "95%", Decimal("20"), Decimal("20")),
    ]
    # the spending split has no place in the model: said, with its amounts
    [said] = [w for w in document.warnings if "按性质的分项" in w.message]
    assert "基本支出 320.00" in said.message
    assert "项目支出 200.50" in said.message


def test_a_word_table_typed_by_hand_is_read_into_the_department_part() -> None:
    check(read_bytes(word_table(), "自评表.docx"))


def cell_lines(rows: list[list[str]], *, broken: bool = False) -> str:
    """The form as a web page's text: each filled cell on a line of its own between blank lines,
    row by row; `broken`: each wrapped label split where a narrow column breaks it."""
    cells = ["部门整体支出绩效自评表", "（2023年度）"]
    for row in rows:
        cells += [text for text in row if text]
    if broken:
        splits = {
            "年初预算数": ["年初", "预算数"], "全年执行数": ["全年", "执行数"],
            "年度指标值": ["年度", "指标值"], "实际完成值": ["实际", "完成值"],
            "社会效益指标": ["社会效", "益指标"], "服务对象满意度指标": ["服务对象", "满意度指标"],
        }  # fmt: skip
        cells = [piece for cell in cells for piece in splits.get(cell, [cell])]
    return "\n\n".join(cells) + "\n"


def test_a_pages_text_one_cell_a_line_is_read_the_same() -> None:
    check(read_text(cell_lines(ROWS), "自评表.txt"))


def test_labels_broken_at_their_line_breaks_are_joined_back() -> None:
    document = read_text(cell_lines(ROWS, broken=True), "自评表.txt")
    check(document)
    assert document.department is not None
    assert [i.level2 for i in document.department.indicators][-2:] == [
        "社会效益指标",
        "服务对象满意度指标",
    ]


def test_a_value_is_never_joined_to_a_label() -> None:
    """A short value before a label piece stays a value: 年度 | 指标值 joins, 12公里 | 指标值
    does not (a value is no start of any label)."""
    from jixiao.ingest.broken_cells import rejoined
    from jixiao.ingest.cell_vocabulary import Cell

    cells = [
        Cell(text, n)
        for n, text in enumerate(["12公里", "指标值", "年度", "指标值", "数量", "指标"])
    ]
    assert [c.text for c in rejoined(cells)] == ["12公里", "指标值", "年度指标值", "数量指标"]


def test_goals_written_a_column_after_the_other_are_paired_by_their_numbers() -> None:
    """Cells one a line, the 预期目标 column's goals first, then the 实际完成情况 column's, each
    numbered from 1: the goals are the first run, what was achieved the second."""
    rows = [row[:] for row in ROWS]
    goals = ["1.完成农田水利工程建设", "2.保障城乡居民饮水安全"]
    done = ["1.已完成农田水利工程建设", "2.城乡居民饮水安全得到保障"]
    rows[8] = ["", goals[0], "", "", "", "", "", ""]
    rows[9] = ["", goals[1], done[0], done[1], "", "", "", ""]
    document = read_text(cell_lines(rows), "自评表.txt")
    department = document.department
    assert department is not None
    assert department.evaluation is not None
    assert department.overall_goal == "\n".join(goals)
    assert department.evaluation.goal_achieved == "\n".join(done)


@pytest.mark.parametrize("writer", [docx_form, xlsx_form, html_form], ids=["docx", "xlsx", "html"])
def test_written_by_jixiao_it_reads_back_to_the_same_model(writer: object) -> None:
    document = read_bytes(word_table(), "自评表.docx")
    data = writer.render(document)  # type: ignore[attr-defined]
    data = data.encode() if isinstance(data, str) else data
    suffix = {docx_form: "docx", xlsx_form: "xlsx", html_form: "html"}[writer]  # type: ignore[index]
    again = read_bytes(data, f"自评表.{suffix}")
    skip = {"source", "layout"}
    assert again.model_dump(exclude=skip) == document.model_dump(exclude=skip)


VARIANT = [
    ["部门（单位）名称", "某市生态环境局", "", "", "", "", "", ""],
    ["年度预算申请（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额：", "1,200.00", "1,350.00", "1,296.00", "10", "96%", "9.6"],
    ["", "其中：财政拨款", "1,000.00", "1,150.00", "1,100.00", "—", "95.65%", "—"],
    ["", "上年结转资金", "200.00", "200.00", "196.00", "—", "98%", "—"],
    ["年度总体目标完成情况", "预期目标", "", "", "实际完成目标", "", "", ""],
    ["", "空气优良天数比例达到85%", "", "", "空气优良天数比例达到87.2%", "", "", ""],
    ["年度绩效指标完成情况", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["", "产出指标（50分）", "数量指标", "监测站点运行数", "≥15个", "15个", "10", "10"],
    ["", "效益指标（30分）", "生态效益指标", "空气优良天数比例", "≥85%", "87.2%", "15", "15"],
    ["总分", "", "", "", "", "", "", "94.6"],
    ["自评等级", "优", "", "", "", "", "", ""],
]  # fmt: skip


def test_another_provinces_wording_reads_the_same_parts() -> None:
    """年度总体目标完成情况 over 预期目标 | 实际完成目标, a 财政拨款 row in the money block, 自评等级."""
    document = read_bytes(word_table(VARIANT), "自评表.docx")
    department = document.department
    assert department is not None
    evaluation = department.evaluation
    assert evaluation is not None
    assert department.overall_goal == "空气优良天数比例达到85%"
    assert evaluation.goal_achieved == "空气优良天数比例达到87.2%"
    assert [line.label for line in evaluation.funds] == [
        "年度资金总额",
        "其中：财政拨款",
        "上年结转资金",
    ]
    assert department.budget is not None
    assert (department.budget.total, department.budget.fiscal) == (
        Decimal("1350.00"),
        Decimal("1150.00"),
    )
    assert (evaluation.total_score, evaluation.grade) == (Decimal("94.6"), "优")
    assert [i.score for i in department.indicators] == [Decimal("10"), Decimal("15")]


def test_a_text_in_a_department_form_that_is_no_label_is_warned_of_never_dropped() -> None:
    rows = [row[:] for row in VARIANT]
    rows.insert(1, ["填表说明", "本表由部门财务科填写", "", "", "", "", "", ""])
    document = read_bytes(word_table(rows), "自评表.docx")
    said = [w.message for w in document.warnings]
    assert any(
        "「填表说明」" in message and "「本表由部门财务科填写」" in message for message in said
    )
