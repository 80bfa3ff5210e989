"""Layout `narrative-report`: a self-evaluation report written as prose on a web page —
部门整体支出绩效自评报告 / 绩效评价报告 (020, 021, 045, 052) or a fund's 绩效自评报告 (057) — read
on the real pages and on complete reports worded otherwise. The real pages' models are pinned in
`tests/fixtures/corpus/expected/` (`test_corpus_expected.py`); here each rule on its own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ingest import READERS, IngestError, narrative_report, read_bytes, read_text
from jixiao.ingest.source import decode
from tests.ingest.test_pathological import seeds

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = FIXTURES / "corpus"
PAGES = {path.name[:3]: path for path in CORPUS.glob("0[0-9][0-9]_*.txt")}
REPORTS = ("020", "021", "045", "052", "057")

DEPARTMENT = """首页 > 信息公开 > 财政预决算
某某市生态环境局2023年度部门整体支出绩效自评报告
发布机构：某某市财政局  发布日期：2024-03-20
【字体：大 中 小】【打印本页】

一、部门基本情况
（一）主要职能
1. 负责全市生态环境保护的统筹协调和监督管理。
2. 负责重大生态环境问题的统筹协调和监督管理。
3. 负责监督管理全市减排目标的落实。
4. 负责提出生态环境领域固定资产投资规模和方向。
（二）机构设置及人员情况
本局内设科室8个，下属事业单位3个，在职人员126人。
（三）部门预算收支情况
2023年部门预算收入1200.50万元，其中财政拨款1100.50万元；部门决算支出1180.20万元。
二、部门整体支出绩效目标
全年完成大气、水、土壤污染防治年度任务，空气质量优良天数比例不低于85%。
持续改善生态环境质量，群众满意度达到90%以上。
三、部门整体支出绩效目标完成情况
（一）产出情况
完成重点减排项目12个。
（二）效益情况
空气质量优良天数比例达到87.6%。
四、存在的问题及改进措施
部分项目支出进度偏慢。下一步将加强预算执行管理。
五、自评结论
经自评，本局2023年度部门整体支出绩效自评得分为95分，等级为优。

某某市生态环境局
2024年3月15日
打印本页 关闭窗口
"""

PROJECT = """某县农业农村局
2022年度耕地地力保护补贴项目支出绩效自评报告

一、项目基本情况
本项目用于向种粮农户发放耕地地力保护补贴。
二、项目绩效目标
项目年初预算数为560.00万元。
1.按时足额发放补贴，惠及农户1.2万户；
2.耕地地力保持稳定。
三、项目实施情况
按照县财政局文件要求，于2022年6月底前完成补贴发放。
四、绩效目标完成情况
补贴发放到户率100%，农户满意度96%。
五、存在的问题
部分农户信息变更不及时。
六、改进措施
加强与乡镇的信息核对。
七、自评结论
项目自评得分92分，评价等级为优。
"""


def page(code: str) -> str:
    path = PAGES[code]
    return decode(path.read_bytes(), path.name)


def test_a_complete_department_report_reads_its_duties_and_goal_and_names_the_rest() -> None:
    document = read_text(DEPARTMENT, "report.txt")
    assert (document.layout, document.year, document.projects) == ("narrative-report", 2023, [])
    department = document.department
    assert department is not None
    assert (department.name, department.code, department.budget) == ("某某市生态环境局", None, None)
    assert department.duties == (
        "1. 负责全市生态环境保护的统筹协调和监督管理。\n"
        "2. 负责重大生态环境问题的统筹协调和监督管理。\n"
        "3. 负责监督管理全市减排目标的落实。\n"
        "4. 负责提出生态环境领域固定资产投资规模和方向。"
    )
    assert department.overall_goal == (
        "全年完成大气、水、土壤污染防治年度任务，空气质量优良天数比例不低于85%。\n"
        "持续改善生态环境质量，群众满意度达到90%以上。"
    )
    # the page's furniture (发布机构 among it) is passed over; each section without a field is
    # named once, at its heading (三、's subsections with it); a signed, dated report is whole
    assert [(w.line, w.cell) for w in document.warnings] == [
        (12, "（二）机构设置及人员情况"),
        (14, "（三）部门预算收支情况"),
        (19, "三、部门整体支出绩效目标完成情况"),
        (24, "四、存在的问题及改进措施"),
        (26, "五、自评结论"),
    ]
    assert all(w.table == "某某市生态环境局" for w in document.warnings)
    money = document.warnings[1].message
    assert "决算收支是当年的执行数，不是预算" in money
    assert "预算金额也未读入" in money


def test_a_complete_project_report_reads_its_goals_budget_and_evaluation() -> None:
    document = read_text(PROJECT, "project.txt")
    assert document.department is None
    [project] = document.projects
    assert (project.name, project.unit.name, project.year, document.year) == (
        "耕地地力保护补贴项目", "某县农业农村局", 2022, 2022,
    )  # fmt: skip
    assert project.title is None  # a table's title: the report's names the project, unit, year
    assert (project.money_unit, project.budget.total, project.budget.fiscal) == (
        "万元", Decimal("560.00"), None,
    )  # fmt: skip
    assert project.goals == ["按时足额发放补贴，惠及农户1.2万户", "耕地地力保持稳定。"]
    evaluation = project.evaluation
    assert evaluation is not None
    assert evaluation.goal_achieved == "补贴发放到户率100%，农户满意度96%。"
    assert evaluation.implementation == "按照县财政局文件要求，于2022年6月底前完成补贴发放。"
    assert evaluation.problems == "部分农户信息变更不及时。"
    assert evaluation.improvements == "加强与乡镇的信息核对。"
    assert evaluation.conclusion == "项目自评得分92分，评价等级为优。"
    assert (evaluation.total_score, evaluation.grade) == (Decimal("92"), "优")
    assert project.indicators == []  # a report's prose states no indicator grid
    assert [(w.line, w.cell) for w in document.warnings] == [(4, "一、项目基本情况")]


def test_the_funds_report_reads_the_funds_unit_budget_goals_and_what_was_achieved() -> None:
    document = read_text(page("057"), "057.txt")
    [project] = document.projects
    assert (project.name, project.unit.name, project.year) == (
        "政法纪检监察转移支付资金", "青川县司法局", 2021,
    )  # fmt: skip
    assert (project.money_unit, project.budget.total) == ("万元", Decimal("150"))
    assert project.goals[0] == "通过开展法制宣传活动提高全民法治素养,建设法治政府"
    assert len(project.goals) == 3  # 一是…二是…三是…
    evaluation = project.evaluation
    assert evaluation is not None
    assert evaluation.goal_achieved is not None
    assert evaluation.goal_achieved.startswith("1.接受法律援助机构指派")
    assert evaluation.goal_achieved.endswith("7.21个司法所基本完成信息化建设。")
    # 二、 only groups (一)(二)(三): (一) and (三) are named, (二) read; the cut said last
    assert [w.cell for w in document.warnings] == [
        "(一)资金投入情况分析。", "(三)绩效指标完成情况分析。", "转移支",
    ]  # fmt: skip
    assert "截断" in document.warnings[-1].message


@pytest.mark.parametrize(
    ("code", "name", "year"),
    [
        ("020", "南昌市档案馆", 2022),  # the title's text before 2022年整体支出…
        ("021", None, 2021),  # no unit beside the title; the year of its 2021年部门决算
        ("045", "田心乡", 2022),  # 田心乡部门整体支出…, (2022年度) below the title
        ("052", "益阳市赫山区城市管理和综合执法局", 2019),  # the line above the title
    ],
)
def test_a_department_report_is_named_by_its_title_never_by_the_site(
    code: str, name: str | None, year: int
) -> None:
    document = read_text(page(code), PAGES[code].name)
    assert document.department is not None
    assert (document.department.name, document.year) == (name, year)
    assert document.department.budget is None  # 决算 figures are no budget


def test_a_report_naming_no_unit_says_so() -> None:
    document = read_text(page("021"), "021.txt")
    first = document.warnings[0]
    assert (first.line, first.table, first.cell) == (10, None, "部门整体支出绩效评价报告")
    assert "没有写明是哪个单位" in first.message
    assert "决算收支是当年的执行数" in document.warnings[1].message


def test_duties_numbered_like_their_heading_are_items_until_the_count_of_headings_goes_on() -> None:
    text = """某某区城市管理局2021年部门整体支出绩效评价报告
一、基本情况
1.机构设置
内设科室3个。
2.人员情况
在编10人。
3.职责职能
    1.
负责城市管理工作。
2.负责市容环境卫生管理。
3.负责城市道路管理。
4.负责户外广告管理。
5.负责燃气供应管理。
4.部门预算情况
预算另行公开。
二、部门整体支出绩效目标
完成年度城市管理任务。
"""
    document = read_text(text, "duties.txt")
    assert document.department is not None
    assert document.department.duties == (
        "1.负责城市管理工作。\n2.负责市容环境卫生管理。\n3.负责城市道路管理。\n"
        "4.负责户外广告管理。\n5.负责燃气供应管理。"
    )  # 4. continues both counts: closed as a sentence, an item
    assert document.department.overall_goal == "完成年度城市管理任务。"
    assert [w.cell for w in document.warnings] == ["1.机构设置", "2.人员情况", "4.部门预算情况"]


def test_a_fields_heading_followed_at_once_by_subheadings_only_groups_them() -> None:
    text = """某县司法局
关于2022年度法律援助资金绩效的自评报告
一、绩效目标
为困难群众提供法律援助。
二、绩效目标完成情况
（一）资金使用情况分析
资金全部用于办案补贴。
（二）目标实现情况分析
办理法律援助案件120件。
"""
    document = read_text(text, "group.txt")
    [project] = document.projects
    assert project.name == "法律援助资金"
    assert project.goals == ["为困难群众提供法律援助。"]
    assert project.evaluation is not None
    assert project.evaluation.goal_achieved == "办理法律援助案件120件。"  # (二), not 二、 whole
    assert [w.cell for w in document.warnings] == ["（一）资金使用情况分析"]


def test_a_heading_with_its_text_after_a_colon_is_read() -> None:
    text = """某镇人民政府2022年度部门整体支出绩效自评报告
一、基本情况
1.主要职责：负责全镇经济社会发展。
2.人员情况：在编20人。
"""
    document = read_text(text, "colon.txt")
    assert document.department is not None
    assert document.department.duties == "负责全镇经济社会发展。"
    assert [(w.line, w.cell) for w in document.warnings] == [(4, "2.人员情况：")]


def test_a_second_report_below_the_first_ends_the_reading_with_a_warning() -> None:
    second = "项目支出绩效评价报告\n一、项目基本情况\n某项目……\n二、主要职责\n不是本部门的职责。\n"
    document = read_text(DEPARTMENT + second, "two.txt")
    assert document.department is not None
    assert document.department.duties is not None
    assert "不是本部门的职责" not in document.department.duties
    last = document.warnings[-1]
    assert (last.line, last.cell) == (32, "项目支出绩效评价报告")
    assert "另一份报告" in last.message
    assert not any("截断" in warning.message for warning in document.warnings)  # signed, dated


@pytest.mark.parametrize("code", REPORTS)
def test_each_report_page_is_read_by_this_reader(code: str) -> None:
    document = read_bytes(PAGES[code].read_bytes(), PAGES[code].name)
    assert document.layout == "narrative-report"
    assert "截断" in document.warnings[-1].message  # all five are cut off


def test_this_reader_claims_no_other_page_of_the_corpus_nor_the_seed() -> None:
    claimed = []
    for path in [FIXTURES / "shanhaiguan-commerce-targets.txt", *sorted(CORPUS.glob("*.txt"))]:
        if narrative_report.looks_like(decode(path.read_bytes(), path.name)):
            claimed.append(path.name[:3])
    assert claimed == list(REPORTS)


def test_a_report_holding_a_forms_labels_is_left_to_the_forms_readers() -> None:
    assert not narrative_report.looks_like(page("009"))  # 部门(单位)名称: a form's cover
    with_label = DEPARTMENT.replace("（一）主要职能", "项目名称：大气污染防治\n（一）主要职能")
    assert not narrative_report.looks_like(with_label)
    with_grid = DEPARTMENT + "一级指标 | 二级指标 | 三级指标\n"
    assert not narrative_report.looks_like(with_grid)


@pytest.mark.parametrize(
    "text",
    [
        "项目运行绩效监控报告\n一、项目支出基本情况\n本项目…\n",  # a monitoring report
        "某某局2023年度部门整体支出绩效自评报告\n本局2023年…\n",  # no numbered section
        "一、基本情况\n某某局2023年度部门整体支出绩效自评报告\n",  # the title after it
        "您所在的位置：首页 > 绩效自评报告\n一、基本情况\n",  # a breadcrumb is no title
    ],
)
def test_what_is_no_narrative_report_is_not_claimed(text: str) -> None:
    assert not narrative_report.looks_like(text)


def test_a_text_without_the_reports_title_is_refused_naming_the_line() -> None:
    with pytest.raises(IngestError, match="第1行：文件开头没有绩效自评报告或绩效评价报告的标题"):
        narrative_report.read("一、基本情况\n某某局…\n", "x.txt")


def test_a_title_without_sections_is_refused_naming_its_line() -> None:
    with pytest.raises(IngestError, match="第2行：报告标题之后没有编号的各节标题"):
        narrative_report.read("首页\n某某局2023年度部门整体支出绩效自评报告\n正文…\n", "x.txt")


def test_the_reader_is_registered_just_before_the_scrambled_one() -> None:
    layouts = [reader.layout for reader in READERS]
    assert layouts[layouts.index("narrative-report") + 1] == "scrambled"


HUGE = {
    "100,000 headings": "某局2023年度部门整体支出绩效自评报告\n一、基本情况\n"
    + "1.情况\n" * 100_000,
    "100,000 duty items": (
        "某局2023年度部门整体支出绩效自评报告\n一、主要职责\n" + "1.负责工作。\n" * 100_000
    ),
    "100,000 nested headings": (
        "某局2023年度部门整体支出绩效自评报告\n" + "一、基本情况\n（一）概况\n1.情况\n" * 33_000
    ),
    "a goal line of 1,900 items": (
        "某局\n关于2023年度某资金绩效的自评报告\n一、绩效目标\n绩效目标：" + "一是做好；" * 1_900
    ),
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_a_huge_report_is_read_at_the_speed_of_its_size(name: str) -> None:
    text = HUGE[name]

    def work() -> None:
        assert narrative_report.looks_like(text)
        narrative_report.read(text, "x.txt")

    # 100,000 lines are 200 times the seed's, each looked at a few times, and up to 33,000
    # sections warned of (a warning each); a step quadratic in them would take hours
    assert seeds(work) < 1500, name


@pytest.mark.parametrize("code", REPORTS)
@pytest.mark.parametrize("command", ["parse", "review"])
def test_the_command_line_parses_and_reviews_each_page(code: str, command: str) -> None:
    result = CliRunner().invoke(app, [command, str(PAGES[code])], prog_name="jixiao")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if command == "review":  # cut off, so not passed — 021's department unnamed too
        assert "暂不下结论" in result.output
