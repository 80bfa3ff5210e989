"""The 部门整体支出绩效运行监控表: the department's money block (年度预算执行情况 over 年初预算数 |
全年预算数 | 1-6月执行数 | 1-6月执行率 | 全年预计执行数 | 全年预计执行率 | 偏差原因), 年度总体目标
with its 1-6月完成情况, and the grid's monitoring columns — read into `Department.monitoring`,
never dropped, and written back by jixiao's writers. A project's monitoring table with its goals'
1-6月完成情况 keeps it too (`Monitoring.goal_progress`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.export import docx_form, html_form, xlsx_form
from jixiao.ingest import read_bytes, read_text
from tests.ingest.test_department_selfeval import word_table

ROWS = [
    ["部门（单位）名称", "某县林业局", "", "", "", "", "", "", ""],
    ["年度预算执行情况（万元）", "", "年初预算数", "全年预算数", "1-6月执行数", "1-6月执行率", "全年预计执行数", "全年预计执行率", "偏差原因"],
    ["", "年度资金总额", "800", "820", "380", "46.3%", "800", "97.6%", "项目进度滞后"],
    ["年度总体目标", "预期目标", "", "", "1-6月完成情况", "", "", "", ""],
    ["", "完成造林1万亩", "", "", "已完成造林0.4万亩", "", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1-6月完成情况", "全年预计完成情况", "完成目标可能性", "偏差原因"],
    ["", "产出指标", "数量指标", "造林面积", "≥1万亩", "0.4万亩", "1万亩", "确定能", ""],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "—", "92%", "确定能", ""],
]  # fmt: skip


def test_a_department_monitoring_table_keeps_its_money_and_progress() -> None:
    document = read_bytes(word_table(ROWS), "监控表.docx")
    department = document.department
    assert department is not None
    monitoring = department.monitoring
    assert monitoring is not None
    [line] = monitoring.funds
    assert (line.initial_budget, line.full_year_budget, line.midyear_executed) == (
        Decimal("800"),
        Decimal("820"),
        Decimal("380"),
    )
    assert (line.midyear_rate, line.expected_executed, line.cause) == (
        Decimal("46.3"),
        Decimal("800"),
        "项目进度滞后",
    )
    assert department.money_unit == "万元"
    assert department.overall_goal == "完成造林1万亩"
    assert monitoring.goal_progress == "已完成造林0.4万亩"
    assert department.evaluation is None  # progress is no year-end achievement
    [first, _] = department.indicators
    assert first.monitoring is not None
    assert first.monitoring.midyear is not None
    assert (first.monitoring.midyear.raw, first.monitoring.likelihood) == ("0.4万亩", "确定能")
    assert not document.warnings  # nothing of it dropped or left over


def test_as_a_pages_text_it_reads_the_same() -> None:
    cells = ["部门整体支出绩效运行监控表", "（2023年度）"] + [c for row in ROWS for c in row if c]
    text = read_text("\n\n".join(cells) + "\n", "监控表.txt")
    document = read_bytes(word_table(ROWS), "监控表.docx")
    assert text.department == document.department


@pytest.mark.parametrize("writer", [docx_form, xlsx_form, html_form], ids=["docx", "xlsx", "html"])
def test_written_by_jixiao_it_reads_back(writer: object) -> None:
    document = read_bytes(word_table(ROWS), "监控表.docx")
    data = writer.render(document)  # type: ignore[attr-defined]
    data = data.encode() if isinstance(data, str) else data
    suffix = {docx_form: "docx", xlsx_form: "xlsx", html_form: "html"}[writer]  # type: ignore[index]
    again = read_bytes(data, f"监控表.{suffix}")
    skip = {"source", "layout"}
    assert again.model_dump(exclude=skip) == document.model_dump(exclude=skip)


PROJECT = [
    ["项目名称", "国有林场造林补助", "", "", "", "", "", "", ""],
    ["主管部门", "某县林业局", "", "", "实施单位", "某县国有林场", "", "", ""],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "1-6月执行数", "1-6月执行率", "全年预计执行数", "全年预计执行率", "偏差原因"],
    ["", "年度资金总额", "100", "100", "40", "40%", "100", "100%", ""],
    ["年度总体目标", "预期目标", "", "", "1-6月完成情况", "", "", "", ""],
    ["", "完成造林0.5万亩", "", "", "已完成0.2万亩", "", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1-6月完成情况", "全年预计完成情况", "完成目标可能性", "偏差原因"],
    ["", "产出指标", "数量指标", "造林面积", "≥0.5万亩", "0.2万亩", "0.5万亩", "确定能", ""],
]  # fmt: skip


@pytest.mark.parametrize("writer", [docx_form, xlsx_form, html_form], ids=["docx", "xlsx", "html"])
def test_a_projects_goal_progress_is_kept_and_written_back(writer: object) -> None:
    document = read_bytes(word_table(PROJECT), "监控表.docx")
    [project] = document.projects
    assert project.monitoring is not None
    assert project.monitoring.goal_progress == "已完成0.2万亩"
    assert project.goals == ["完成造林0.5万亩"]
    data = writer.render(document)  # type: ignore[attr-defined]
    data = data.encode() if isinstance(data, str) else data
    suffix = {docx_form: "docx", xlsx_form: "xlsx", html_form: "html"}[writer]  # type: ignore[index]
    again = read_bytes(data, f"监控表.{suffix}")
    skip = {"source", "layout"}
    assert again.model_dump(exclude=skip) == document.model_dump(exclude=skip)
