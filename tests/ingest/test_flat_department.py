"""Layout `flat-department`: Hubei's 部门整体支出绩效目标申报表 printed to PDF and extracted as one
flattened line, its cells interleaved (a row of labels, then its values; a tall cell's label
mid-way through its text; page markers; a money block's numbers broken by spaces), read on the
real pages (007, 060: both cut inside 部门职能概述, pinned in `expected/`, see
`test_corpus_expected.py`) and on forms of the same layout worded differently."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Budget
from jixiao.ingest import READERS, IngestError, flat_department, read_bytes, read_text
from jixiao.ingest.layouts import layout_name
from tests.ingest.test_pathological import seeds

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
OFFICE = CORPUS / "007_hubei-guangshui-zhengfuban-depttarget.txt"
EDUCATION = CORPUS / "060_hubei-guangshui-jiaoyu-depttarget.txt"

HEAD = (
    "附件2: 部门整体支出绩效目标申报表 填报日期:2024 年 1 月 10 日 部门(单位) 名称 填报人 "
    "随县卫生健康局 李四 联系电话 0722-3334444 "
)
INTERLEAVED_MONEY = (
    "财政拨款 收入构成 支出构成 总体资金情况 部门总体 资金情况 单位:万元 当年 金额 "
    "近两年收支金额 占比 2022 年 2023 年 300.5 5 其他资金 合计 300.5 5 100% 基本支出 "
    "2005 5 66.7% 项目支出 100 33.3% 合计 300.5 5 100% "
)
DUTIES = (
    "(一)负责全县卫生健康事业发展规划并组织 实施。 (二)组织协调全县疾病预防控制 "
    "部门职能概述 工作,指导 — 1 — 基层医疗卫生机构建设。 "
)
COMPLETE = (
    "随县卫生健康局2024年部门整体支出绩效目标.pdf\n"
    + HEAD
    + INTERLEAVED_MONEY
    + DUTIES
    + "年度主要任务 任务名称 主要内容 预算金额 总额 财政拨款 其他资金 基本公共卫生服务 "
    "开展居民健康档案管理 120 100 20 年度总体目标 完成基本公共卫生服务各项任务,居民 "
    "健康水平进一步提高。 一级指标 二级指标 三级指标 指标值 数量指标 建档人数 ≥10万人 "
    "产出指标 质量指标 建档合格率 ≥95% 年度绩效目标 效益指标 社会效益指标 居民健康水平 提高\n"
)
"""A complete form of another department, flattened as 007 and 060 are: money interleaved and
broken (300.5 5), the duties' label mid-way, a page marker, a task table whose last amount the
goal's label follows, and an indicator grid with its 一级 names between the rows."""


def clean_money(head: str = HEAD) -> str:
    return (
        head + "部门总体资金情况 单位:万元 收入构成 财政拨款 100 其他资金 20 合计 120 支出构成 "
        "基本支出 80 项目支出 40 合计 120 部门职能概述 (一)负责全县卫生健康事业发展规划。 "
        "(二)负责全县疾病预防控制工作。\n"
    )


def test_the_real_pages_read_their_department_and_duties_as_far_as_they_go() -> None:
    office = read_bytes(OFFICE.read_bytes(), OFFICE.name)
    assert (office.layout, office.year, office.projects) == ("flat-department", None, [])
    department = office.department
    assert department is not None
    assert (department.name, department.budget, department.overall_goal) == (
        "广水市人民政府办公室",
        None,
        None,
    )
    duties = department.duties
    assert duties is not None
    items = duties.split("\n")
    assert [item[: item.index(")") + 1] for item in items] == [
        f"({number})" for number in "一二三四五六七八九十"
    ] + ["(十一)", "(十二)"]
    # the label placed mid-way and the page marker taken out, the broken words joined
    assert items[2].endswith("开展调查研究,为市政府决策提供参谋服务。")
    assert "及时向市政府领导报告,提出建议。" in items[4]
    assert "部门职能概述" not in duties
    assert "—" not in duties
    assert " " not in duties
    assert items[-1] == "(十二)统筹安排市政府领导同志的公务活动。负责市政府重大活动的组织"
    messages = [warning.message for warning in office.warnings]
    assert "填报日期「2021年1月28日」，填报日期不是预算年度" in messages[0]
    assert "「968.191 8」" in messages[1]
    assert "金额未读入" in messages[1]
    assert office.warnings[-1].cell == "部门职能概述"
    assert "第(十二)项为止" in messages[-1]
    assert "南春锋" not in office.to_json()
    assert "6296906" not in office.to_json()

    education = read_bytes(EDUCATION.read_bytes(), EDUCATION.name)
    assert education.year == 2023  # its file-name line; it was filled in on 2022-12-18
    assert education.department is not None
    assert education.department.name == "广水市教育局"
    assert education.department.budget is None
    assert education.department.duties is not None
    assert education.department.duties.startswith(
        "(一)贯彻执行党和国家关于教育改革与发展的各项方针、政策、法律法规\n(二)研究拟订"
    )
    assert "何永华" not in education.to_json()
    assert "07226233407" not in education.to_json()
    assert "第(七)项为止" in education.warnings[-1].message


def test_a_complete_form_reads_its_duties_and_goal_and_warns_of_the_rest() -> None:
    document = read_text(COMPLETE, "x.txt")
    assert (document.layout, document.year) == ("flat-department", 2024)
    department = document.department
    assert department is not None
    assert department.name == "随县卫生健康局"
    assert department.duties == (
        "(一)负责全县卫生健康事业发展规划并组织实施。\n"
        "(二)组织协调全县疾病预防控制工作,指导基层医疗卫生机构建设。"
    )
    assert department.overall_goal == "完成基本公共卫生服务各项任务,居民健康水平进一步提高。"
    assert (department.budget, department.indicators) == (None, [])
    cells = [warning.cell for warning in document.warnings]
    assert cells == ["部门总体资金情况", "年度主要任务", "年度绩效目标"]
    assert all(warning.line == 2 for warning in document.warnings)
    assert "「300.5 5」" in document.warnings[0].message
    assert "指标表" in document.warnings[-1].message
    assert "未读入" in document.warnings[-1].message
    assert {warning.table for warning in document.warnings} == {"随县卫生健康局"}


def test_a_goal_whose_start_is_hidden_among_the_tasks_is_warned_of_not_read() -> None:
    text = COMPLETE.replace("120 100 20 年度总体目标 完成", "120 100 20 完成全年 年度总体目标 ")
    document = read_text(text, "x.txt")
    assert document.department is not None
    assert document.department.overall_goal is None
    [goal] = [warning for warning in document.warnings if warning.cell == "年度总体目标"]
    assert "无法确定从哪里开始" in goal.message


def test_duties_and_goal_run_together_without_a_table_between_are_both_warned_of() -> None:
    text = HEAD + INTERLEAVED_MONEY + DUTIES + "全年完成 年度总体目标 各项任务。\n"
    document = read_text(text, "x.txt")
    assert document.department is not None
    assert (document.department.duties, document.department.overall_goal) == (None, None)
    [both] = [warning for warning in document.warnings if warning.cell == "年度总体目标"]
    assert "「部门职能概述」和「年度总体目标」" in both.message
    assert "无法确定两栏的分界" in both.message


def test_the_year_is_read_from_the_forms_own_title() -> None:
    head = HEAD.replace("部门整体支出", "随县卫生健康局2025年度部门整体支出")
    document = read_text(clean_money(head), "x.txt")
    assert document.year == 2025
    assert document.department is not None
    assert document.department.name == "随县卫生健康局"


def test_without_a_year_in_a_title_the_year_is_none_and_the_filing_date_is_no_year() -> None:
    document = read_text(clean_money(), "x.txt")
    assert document.year is None
    first = document.warnings[0]
    assert "没有写明预算年度" in first.message
    assert "2024年1月10日" in first.message
    assert first.line == 1


def test_a_money_block_in_clean_label_value_order_is_read() -> None:
    document = read_text(clean_money(), "x.txt")
    department = document.department
    assert department is not None
    assert department.budget == Budget(
        total=Decimal("120"), fiscal=Decimal("100"), other=Decimal("20")
    )
    assert department.money_unit == "万元"
    assert department.duties == "(一)负责全县卫生健康事业发展规划。\n(二)负责全县疾病预防控制工作。"
    [spending] = [w for w in document.warnings if w.cell == "部门总体资金情况"]
    assert "支出构成（基本支出、项目支出）未读入" in spending.message


def test_a_clean_block_with_its_columns_reads_the_current_years_amounts() -> None:
    text = HEAD + (
        "部门总体资金情况 单位:万元 当年金额 占比 2022年 2023年 收入构成 "
        "财政拨款 100 83.3% 90 95 其他资金 20 16.7% 10 5 合计 120 100% 100 100 "
        "部门职能概述 负责全县卫生健康工作。\n"
    )
    department = read_text(text, "x.txt").department
    assert department is not None
    assert department.budget == Budget(
        total=Decimal("120"), fiscal=Decimal("100"), other=Decimal("20")
    )
    assert department.duties == "负责全县卫生健康工作。"


@pytest.mark.parametrize(
    ("money", "why"),
    [
        ("财政拨款 100 其他资金 20 合计 130", "之和不等于合计"),  # they do not add up
        ("单位 财政拨款 100 其他资金 20 合计 120", "没有写明金额的单位"),
        ("财政拨款 100 83.3% 其他资金 20 16.7% 合计 120 100%", "之和不等于合计"),  # no heads
        ("100 财政拨款 其他资金 20 合计 120", "交错排列"),  # a number before its label
    ],
)
def test_a_money_block_in_any_doubt_is_not_read(money: str, why: str) -> None:
    unit = "" if "单位 " in money else "单位:万元 "
    text = HEAD + "部门总体资金情况 " + unit + money + " 部门职能概述 负责全县卫生健康工作。\n"
    document = read_text(text, "x.txt")
    assert document.department is not None
    assert document.department.budget is None
    [warning] = [w for w in document.warnings if w.cell == "部门总体资金情况"]
    assert why in warning.message
    assert "金额未读入" in warning.message


def test_a_form_whose_name_differs_from_its_title_keeps_the_forms_and_says_so() -> None:
    text = "随县卫生局2024年部门整体支出绩效目标.pdf\n" + clean_money()
    document = read_text(text, "x.txt")
    assert document.department is not None
    assert document.department.name == "随县卫生健康局"
    assert any("随县卫生局" in w.message for w in document.warnings)


def test_a_name_only_the_title_gives_is_taken_from_it_with_a_warning() -> None:
    text = "随县卫生健康局2024年部门整体支出绩效目标.pdf\n" + clean_money(
        HEAD.replace("随县卫生健康局 ", "")
    )
    document = read_text(text, "x.txt")
    assert document.department is not None
    assert document.department.name == "随县卫生健康局"
    assert "名称取自标题" in document.warnings[0].message


def test_a_form_naming_no_department_is_refused_saying_what_was_recognised() -> None:
    with pytest.raises(IngestError) as caught:
        read_text(clean_money(HEAD.replace("随县卫生健康局 ", "")), "x.txt")
    message = str(caught.value)
    assert "第1行" in message
    assert "部门整体支出绩效目标申报表" in message
    assert "「部门(单位)名称」栏后没有部门或单位的名称" in message
    assert "填报日期" in message


def test_a_complete_form_without_a_cut_says_which_parts_it_lacks() -> None:
    document = read_text(clean_money(), "x.txt")
    last = document.warnings[-1].message
    assert "「年度主要任务」" in last
    assert "「年度总体目标」" in last
    assert "「年度绩效目标」" in last


def test_the_layout_claims_no_text_another_reader_reads() -> None:
    claimed = {
        path.name
        for path in sorted(CORPUS.glob("*.txt"))
        if flat_department.looks_like(path.read_text(encoding="utf-8"))
    }
    assert claimed == {OFFICE.name, EDUCATION.name}
    unflattened = COMPLETE.replace(" ", "\n")  # a cell a line: no flattened form
    assert not flat_department.looks_like(unflattened)
    order = [reader.layout for reader in READERS]
    assert order.index("flat-department") < order.index("glued-text")
    assert layout_name("flat-department") == "压成一行的部门整体支出绩效目标申报表（湖北版式）"


HUGE = {
    "a line of labels": HEAD + "合计 " * 3_000,
    "a line of item numbers": HEAD + "部门职能概述 " + "(一) " * 2_000,
    "a line of broken numbers": HEAD + "财政拨款 " + "1.5 5 " * 1_500,
    "100,000 lines after the form": HEAD
    + "部门职能概述 (一)负责卫生健康工作。\n"
    + "(二)x\n" * 100_000,
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_the_layout_is_detected_and_read_at_the_speed_of_its_size(name: str) -> None:
    text = HUGE[name]
    assert seeds(lambda: flat_department.looks_like(text)) < 100, name

    def quietly() -> None:
        with contextlib.suppress(IngestError):
            read_text(text, "x.txt")

    assert seeds(quietly) < 1000, name
