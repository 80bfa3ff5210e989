"""Layout `monitoring-report`: a mid-year monitoring report written as prose on a web page —
项目运行绩效监控报告 (048, on an essay aggregator, cut off) or 绩效监控情况报告 — read on the real
page and on complete reports worded otherwise. 048's model is pinned in
`tests/fixtures/corpus/expected/` (`test_corpus_expected.py`); here each rule on its own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ingest import READERS, IngestError, monitoring_report, read_bytes, read_text
from jixiao.ingest.source import decode
from tests.ingest.test_pathological import seeds

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = FIXTURES / "corpus"
PAGE = CORPUS / "048_hunan-changsha-chengjiandanganguan-monitoring-report.txt"

LIBRARY = """首页 > 政务公开 > 财政资金
某某县图书馆2023年上半年绩效监控情况报告
发布机构：某某县图书馆  发布日期：2023-07-20
【打印本页】

根据县财政局《关于开展2023年预算绩效运行监控的通知》要求，现将我馆上半年绩效监控情况报告如下。
一、项目基本情况
2023年我馆项目支出预算合计65.5万元，具体如下：
（1）图书购置项目年初预算为50万元，主要用于购置各类新书8000册；
（2）阅读推广活动经费预算15.5万元，用于开展全民阅读推广活动。
二、预算执行情况
截至6月30日，项目支出已执行30.2万元，执行率46.1%。
三、绩效目标实现情况
新书购置完成4200册，举办阅读推广活动12场，读者满意度95%。
四、偏差原因分析
部分图书采购因供应商配送延迟，进度略慢于计划。
五、纠偏措施
督促供应商按合同加快配送，确保9月底前完成全年采购任务。
六、其他需要说明的问题
无。

某某县图书馆
2023年7月15日
打印本页 关闭窗口
"""
"""A complete report of a unit's two projects, worded otherwise than 048: a government page,
预算 not 指标, (1) items, a total with 合计, every section the model has a field for."""

ROADS = """某某县交通运输局
2023年农村公路养护项目绩效运行监控报告
一、项目基本情况
农村公路养护项目年度预算资金120万元，用于全县农村公路日常养护。
二、绩效目标完成情况及偏差原因
截至6月底完成养护里程260公里，完成全年目标的52%，无明显偏差。
三、纠偏措施及下一步工作计划
加快推进下半年养护计划。
"""
"""A report of one project named by its title, its unit the line above it."""


def page() -> str:
    return decode(PAGE.read_bytes(), PAGE.name)


def test_048s_projects_are_the_listed_ones_with_amount_unit_and_use() -> None:
    document = read_bytes(PAGE.read_bytes(), PAGE.name)
    assert (document.layout, document.year) == ("monitoring-report", 2022)
    read = [
        (p.name, p.budget.total, p.money_unit, p.purpose, p.unit.name, p.year)
        for p in document.projects
    ]
    unit = "长沙市城市建设档案馆"
    assert read == [
        ("档案保护保管(档案事业发展)专项经费", Decimal(36), "万元", "对现有档案进行安全有效的保护保管", unit, 2022),
        (
            "档案保护管理(电费)专项", Decimal(16), "万元",
            "加强档案保护保管,为落实档案保护保管“九防”要求对相关设施设备正常运行提供服务保障",
            unit, 2022,
        ),
        ("档案装具专项", Decimal(12), "万元", "声像档案拍摄及纸质档案整理、装订、装盒、保管等", unit, 2022),
        (
            "城建档案管理业务系统升级维护专项经费", Decimal(5), "万元",
            "城建档案管理业务系统设施设备(软件、后台)维护维保", unit, 2022,
        ),
        ("城建档案外租库房租赁经费专项", Decimal(15), "元", "租赁临时专业库房存放散放档案", unit, 2022),
    ]  # fmt: skip
    # no section says what was found: the text stops in 绩效运行监控工作开展情况
    assert all(project.monitoring is None for project in document.projects)


def test_048s_15_yuan_among_wan_yuan_is_kept_as_written_and_warned_of() -> None:
    document = read_bytes(PAGE.read_bytes(), PAGE.name)
    [odd] = [warning for warning in document.warnings if warning.cell == "15元"]
    assert (odd.line, odd.table) == (28, "城建档案外租库房租赁经费专项")
    assert "已按原文读作 15 元，未作改动" in odd.message
    assert "若按万元计，各项之和正好是总额 84 万元" in odd.message


def test_048s_aggregator_text_is_passed_over_and_the_rest_warned_of() -> None:
    document = read_bytes(PAGE.read_bytes(), PAGE.name)
    said = " ".join(f"{w.message}{w.cell}" for w in document.warnings)
    for chrome in ("我要投稿", "范例", "小编", "报告范文", "监控报告1"):
        assert chrome not in said
    assert [w.line for w in document.warnings] == [28, 30, 32, 34]
    assert "公用经费指标总额为112.72万元" in (document.warnings[1].cell or "")  # no project
    assert (
        document.warnings[2].message == "「绩效运行监控工作开展情况」一节未读入（系统暂无对应栏目）"
    )
    assert "截断" in document.warnings[-1].message
    assert document.warnings[-1].message.startswith("文件到「绩效运行监控工作开展情况」一节的")


def test_a_second_report_below_the_first_ends_the_reading() -> None:
    text = page().replace(
        "重点针对绩效目标实现程度(成本指标、产出指标、效益指标、服务对象满意度指标)和",
        "重点针对绩效目标实现程度开展监控。\n\n项目运行绩效监控报告2\n\n  一、项目基本情况\n\n"
        "  某某局2022年项目经费指标为10万元,用于办公。\n",
    )
    document = read_text(text, "048.txt")
    assert len(document.projects) == 5
    last = document.warnings[-1]
    assert last.cell == "项目运行绩效监控报告2"
    assert "另一份报告" in last.message
    assert not any("截断" in warning.message for warning in document.warnings)


def test_a_complete_report_of_two_projects_reads_them_and_what_was_found() -> None:
    document = read_text(LIBRARY, "page.txt")
    assert (document.layout, document.year) == ("monitoring-report", 2023)
    assert [(p.name, p.budget.total, p.purpose) for p in document.projects] == [
        ("图书购置项目", Decimal(50), "购置各类新书8000册"),
        ("阅读推广活动经费", Decimal("15.5"), "开展全民阅读推广活动"),
    ]
    assert {p.unit.name for p in document.projects} == {"某某县图书馆"}  # the title's
    for project in document.projects:
        assert project.monitoring is not None
        assert project.monitoring.goal_progress == (
            "新书购置完成4200册，举办阅读推广活动12场，读者满意度95%。"
        )
        assert project.monitoring.cause == "部分图书采购因供应商配送延迟，进度略慢于计划。"
        assert project.monitoring.remedy == (
            "督促供应商按合同加快配送，确保9月底前完成全年采购任务。"
        )
        assert project.monitoring.funds == []  # the prose execution is no table's money row
    said = [(w.line, w.message) for w in document.warnings]
    assert said[0][0] == 6
    assert said[0][1].startswith("标题与第一节之间的文字")
    assert any("写的是所列 2 个项目的整体情况" in message for _, message in said)
    assert any(line == 11 and "运行监控" in message for line, message in said)
    assert any(message.startswith("「其他需要说明的问题」一节未读入") for _, message in said)
    assert not any("截断" in message or "总额" in message for _, message in said)  # signed


def test_a_report_of_one_project_is_named_by_its_title() -> None:
    document = read_text(ROADS, "page.txt")
    [project] = document.projects
    assert (project.name, project.unit.name, project.year) == (
        "农村公路养护项目", "某某县交通运输局", 2023,
    )  # fmt: skip
    assert (project.budget.total, project.money_unit) == (Decimal(120), "万元")
    assert project.purpose == "全县农村公路日常养护"
    assert project.monitoring is not None
    assert project.monitoring.goal_progress == (
        "截至6月底完成养护里程260公里，完成全年目标的52%，无明显偏差。"
    )
    assert (project.monitoring.cause, project.monitoring.remedy) == (
        None, "加快推进下半年养护计划。",
    )  # fmt: skip
    assert [w.line for w in document.warnings] == [3]  # the rest of 基本情况


def test_a_list_not_adding_up_to_its_total_is_warned_of() -> None:
    text = LIBRARY.replace("合计65.5万元", "合计70万元")
    document = read_text(text, "page.txt")
    [warning] = [w for w in document.warnings if "总额" in w.message]
    assert warning.line == 8
    assert "所列各项之和（65.5 万元）与文中的总额（70 万元）不符" in warning.message


def test_a_bare_title_and_no_list_leave_the_name_empty_saying_so() -> None:
    document = read_text("某某局\n绩效运行监控报告\n一、基本情况\n本局上半年工作正常。\n", "x.txt")
    [project] = document.projects
    assert (project.name, project.unit.name) == ("", "某某局")
    assert any("项目名称未读入" in warning.message for warning in document.warnings)


def test_this_reader_claims_no_other_page_of_the_corpus_nor_the_seed() -> None:
    claimed = []
    for path in [FIXTURES / "shanhaiguan-commerce-targets.txt", *sorted(CORPUS.glob("*.txt"))]:
        if monitoring_report.looks_like(decode(path.read_bytes(), path.name)):
            claimed.append(path.name[:3])
    assert claimed == ["048"]


@pytest.mark.parametrize(
    "text",
    [
        "某某局2023年度部门整体支出绩效自评报告\n一、基本情况\n",  # a self-evaluation
        "视频监控项目绩效评价报告\n一、项目基本情况\n",  # an evaluation of a monitoring project
        "项目运行绩效监控报告\n本单位…\n",  # no numbered section
        "项目运行绩效监控报告\n一、项目基本情况\n项目名称：某某项目\n",  # a form's label
        "时间:2024-06-17 报告范文 绩效监控报告\n一、基本情况\n",  # the aggregator's line
    ],
)
def test_what_is_no_monitoring_report_is_not_claimed(text: str) -> None:
    assert not monitoring_report.looks_like(text)


def test_a_title_without_sections_is_refused_naming_its_line() -> None:
    with pytest.raises(IngestError, match="第2行：报告标题之后没有编号的各节标题"):
        monitoring_report.read("首页\n某某局绩效运行监控报告\n正文…\n", "x.txt")


def test_the_reader_is_registered_just_before_the_self_evaluation_reports() -> None:
    layouts = [reader.layout for reader in READERS]
    assert layouts[layouts.index("monitoring-report") + 1] == "narrative-report"


HUGE = {  # 20,000 projects, not 100,000: each is three models to build, as any reader's are
    "20,000 listed projects": "某局2022年项目运行绩效监控报告\n一、项目基本情况\n"
    + "1、某某专项经费指标为1万元,用于办公;\n" * 20_000,
    "100,000 headings": "某局绩效运行监控报告\n一、基本情况\n" + "1.情况\n" * 100_000,
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_a_huge_report_is_read_at_the_speed_of_its_size(name: str) -> None:
    text = HUGE[name]

    def work() -> None:
        assert monitoring_report.looks_like(text)
        monitoring_report.read(text, "x.txt")

    assert seeds(work) < 1500, name


@pytest.mark.parametrize("command", ["parse", "review"])
def test_the_command_line_parses_and_reviews_048(command: str) -> None:
    result = CliRunner().invoke(app, [command, str(PAGE)], prog_name="jixiao")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
