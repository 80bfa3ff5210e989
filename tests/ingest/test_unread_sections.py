"""Sections of a form the model has no field for are warned of by name, in their table.

The Hunan 部门整体支出绩效评价自评报告 (corpus 009) opens with a 基本概况 table: 职能职责概述, then
年度主要工作内容 — its label broken over two cells where a page writes a cell per line — and
年度部门(单位)总体运行情况及取得的成绩; a 转移支付 self-evaluation (066) has a 资金管理情况 block.
"""

from __future__ import annotations

from jixiao.core.model import TargetDocument
from jixiao.ingest import read_text

REPORT = """\
某市2019年度部门整体支出

绩效评价自评报告

部门(单位)名称:  某市数字城管中心

预 算 编 码:   906018

一、部门(单位)基本概况

联系人

李四

联络电话

8690000

人员编制

12

职能职责概述

负责全市数字化城市管理的监督指挥。

年度主要

工作内容

1.完成监督指挥工作。2.维护市级平台。

年度部门(单位)总体运行情况及取得的成绩

平台全年运行,各类问题及时处置。

二、部门(单位
"""


def where(document: TargetDocument) -> list[tuple[int | None, str | None, str | None]]:
    return [(warning.line, warning.table, warning.cell) for warning in document.warnings]


def test_a_department_reports_tasks_and_results_are_warned_of_not_taken_for_its_duties() -> None:
    document = read_text(REPORT, "report.txt")
    assert document.layout == "cell-lines"
    department = document.department
    assert department is not None
    assert (department.name, department.code, department.duties, document.year) == (
        "某市数字城管中心",
        "906018",
        "负责全市数字化城市管理的监督指挥。",
        2019,
    )
    assert department.overall_goal is None  # the tasks are no goal
    assert "维护市级平台" not in document.to_json()
    assert "及时处置" not in document.to_json()
    assert where(document) == [
        (27, "某市数字城管中心", "年度主要工作内容"),
        (33, "某市数字城管中心", "年度部门(单位)总体运行情况及取得的成绩"),
        (None, "某市数字城管中心", None),
    ]
    assert document.warnings[0].message == "「年度主要工作内容」一节未读入（系统暂无对应栏目）"


def test_cells_joined_into_a_label_only_where_together_they_are_one() -> None:
    # 年度主要 then a cell that is no part of a label: both stay what they were
    text = REPORT.replace("工作内容\n", "重点\n")
    document = read_text(text, "report.txt")
    assert document.department is not None
    assert document.department.duties == "负责全市数字化城市管理的监督指挥。"
    # the pieces stay cells, and what no label claims is said, never dropped
    first = document.warnings[0]
    assert first.cell == "年度主要"
    assert "「年度主要」「重点」「1.完成监督指挥工作。2.维护市级平台。」" in first.message
    assert document.warnings[1].cell == "年度部门(单位)总体运行情况及取得的成绩"


SELF_EVALUATION = """\
就业补助资金绩效自评表 | |||||||
(2024年度) | |||||||
转移支付(项目)名称 | 就业补助资金 | ||||||
地方主管部门 | 某市人力资源和社会保障局 |
资金使用单位 | 某区人力资源和社会保障局 | ||||
资金投入情况 (万元) |
全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) | ||||
年度资金总额: | 100 | 90 | 90% | ||||
资金管理情况 | 情况说明 | 存在问题和改进措施 | |||||
分配科学性 | 合理分配。 | ||||||
总体目标完成情况 | 总体目标 | 全年实际完成情况 | |||||
落实就业政策。 | 均按要求完成。 | ||||||
一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 |
产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 |
"""


def test_a_section_warned_of_in_the_header_names_its_table() -> None:
    document = read_text(SELF_EVALUATION, "selfeval.txt")
    [project] = document.projects
    assert project.name == "就业补助资金"
    assert [indicator.name for indicator in project.indicators] == ["培训人次"]
    assert project.goals == ["落实就业政策。"]
    assert project.evaluation is not None
    assert project.evaluation.goal_achieved == "均按要求完成。"
    assert "合理分配" not in document.to_json()
    assert where(document) == [
        (9, "就业补助资金", "资金管理情况"),
        (14, "就业补助资金", "120人次"),  # the text ends among the 产出指标: cut, it says
    ]
