"""Real pages read by `cell_form` to the model an expert reads from them.

Each `tests/fixtures/corpus/expected/cell_form/<page>.json` is the `TargetDocument` of the page
of that name in `tests/fixtures/corpus/` (copied unchanged from the shared corpus), checked field
by field against the text, warnings included (`warnings` is no part of the interchange JSON, so
the fixtures carry it as an extra key). Pages cut off are read as far as they go, with a warning
where they stop; nothing is filled in that the page does not write.

The pages are read through the front end of their layout (pipe rows, a cell per line): which
layout a file is in is the front ends' business, tested with them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import Budget, ReadWarning, TargetDocument
from jixiao.ingest import cell_lines, pipe_table

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
EXPECTED = sorted((CORPUS / "expected" / "cell_form").glob("*.json"))
FRONT_ENDS = {"cell-lines": cell_lines, "pipe-table": pipe_table}


def read(page: Path) -> TargetDocument:
    expected = json.loads((CORPUS / "expected" / "cell_form" / f"{page.stem}.json").read_text())
    front_end = FRONT_ENDS[expected["layout"]]
    return front_end.read(page.read_text(encoding="utf-8"), page.name)  # type: ignore[no-any-return]


def page(number: str) -> Path:
    return next(CORPUS.glob(f"{number}_*.txt"))


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda path: path.stem[:3])
def test_a_corpus_page_reads_to_its_expected_model(expected: Path) -> None:
    data = json.loads(expected.read_text(encoding="utf-8"))
    warnings = [ReadWarning.model_validate(item) for item in data.pop("warnings")]
    document = read(CORPUS / f"{expected.stem}.txt")
    assert document.to_data() == TargetDocument.model_validate(data).to_data()
    assert document.warnings == warnings


def test_every_expected_model_has_its_page() -> None:
    assert len(EXPECTED) >= 11
    assert all((CORPUS / f"{expected.stem}.txt").is_file() for expected in EXPECTED)


def test_a_sheet_of_many_projects_is_cut_into_its_projects() -> None:
    document = read(page("005"))
    assert [p.name for p in document.projects] == ["村组干部报酬", "基层组织活动经费"]
    assert [len(p.indicators) for p in document.projects] == [8, 5]
    first = document.projects[0]
    assert (first.unit.code, first.unit.name) == ("820001", "井研县马踏镇人民政府")
    assert first.budget.total == Decimal("3309840.00")  # "3,309,840.00", precision kept
    assert document.department is not None
    assert (document.department.code, document.department.name) == ("820", "马踏镇部门")
    # 指标性质 ≥ + 指标值 95 + 度量单位 % read as parse_value would read "≥95%"
    target = first.indicators[0].target
    assert (target.op, target.number, target.unit) == (">=", Decimal("95"), "%")
    assert (first.indicators[0].weight, first.indicators[0].direction) == (Decimal(10), "正向指标")


def test_a_self_evaluation_keeps_its_figures_as_written() -> None:
    [project] = read(page("003")).projects
    assert project.code == "51092324T000010263357"  # split off "code-name"
    assert project.evaluation is not None
    total = project.evaluation.funds[0]
    assert (total.label, total.initial_budget, total.full_year_budget, total.rate) == (
        "总额",
        Decimal("0.00"),
        Decimal("3.36"),
        Decimal("100.00"),
    )
    assert str(total.initial_budget) == "0.00"
    assert project.evaluation.implementation == "2023年购买13台安可电脑,并于12月前完成资金支付。"


def test_a_deviation_explained_at_length_is_kept_with_its_indicator() -> None:
    [project] = read(page("067")).projects
    [indicator] = project.indicators
    assert (indicator.target.raw, indicator.actual and indicator.actual.raw) == ("11个", "0")
    assert indicator.deviation is not None
    assert indicator.deviation.startswith("在准备开始建设时,发现原计划建设内容不适合现状。")
    assert project.evaluation is not None
    assert [line.label for line in project.evaluation.funds] == [
        "年度资金总额", "其中:中央资金", "省级资金", "地方资金", "其他资金",
    ]  # fmt: skip
    assert project.evaluation.funds[0].executed == Decimal("0")


def test_a_department_wide_table_fills_the_department() -> None:
    document = read(page("026"))
    assert document.projects == []
    department = document.department
    assert department is not None
    assert (department.code, department.name) == ("316", "浮梁县林业局")
    assert department.overall_goal == "保证林业局职能实现,保障人员经费。"
    assert len(department.indicators) == 13
    last = department.indicators[-1]
    assert (last.level2, last.target.raw, last.description) == (
        "质量指标",
        "≥95%",
        "该指标值数据合理",
    )


HEADLESS = (
    "文件中没有这张表的表头（项目名称、主管部门、实施单位、资金等），项目名称和预算单位留空，"
    "只读入了其下的绩效指标表；文件可能从表格中间开始，请取得完整的表格后补全表头"
)


def test_a_grid_without_its_header_is_read_as_a_table_whose_name_is_not_given() -> None:
    text = page("038").read_text(encoding="utf-8")
    document = cell_lines.read(text, "038.txt")
    [project] = document.projects
    # the page's title names the unit and year, never the project: nothing is taken from it
    assert (project.name, project.code, project.unit.name, project.supervisor) == (
        "",
        None,
        "",
        None,
    )
    assert project.year == 2022  # 大英县民政局2022年度…公示, the year line above the grid
    assert (project.budget, project.goals) == (Budget(), [])
    # nine rows: the site's "qrcode 手机扫码…" below the grid is page furniture, no indicator
    assert [
        (i.level2, i.name, i.target.raw, i.actual and i.actual.raw) for i in project.indicators
    ][:5] == [
        ("数量指标", "孤儿助学人数", "应助尽助", "9"),
        ("质量指标", "保障贫困孤儿完成学业", "100%", "100%"),
        ("时效指标", "按季发放助学金", "发放时间达标率", "100%"),
        ("成本指标", "助学金社会化发放率", "≥95%", "100%"),
        ("成本指标", "资金执行率", "100%", "82%"),
    ]
    assert len(project.indicators) == 9
    assert project.indicators[4].deviation == "动态管理人员减少"  # 未完成原因和改进措施
    # no 一级 cell is written: 成本指标 after 数量/质量/时效指标 is the 二级 of 产出指标
    assert [i.category and i.category.level1 for i in project.indicators] == [
        *["产出指标"] * 5, "效益指标", "效益指标", "满意度指标", "满意度指标",
    ]  # fmt: skip
    assert project.evaluation is not None
    assert project.evaluation.funds == []
    # the two paragraphs above the grid have lost their label (a goal?): said, not guessed
    assert [(w.line, w.table, w.cell) for w in document.warnings] == [
        (14, "", "按照福利彩票“助残、救孤、济困”的发行宗旨,对已被认定为孤儿…"),
        (20, "", "一级 指标"),
    ]
    assert document.warnings[0].message.startswith(
        "绩效指标表之上有 2 段没有栏目名称的文字，未读入"
    )
    assert document.warnings[1].message == HEADLESS


def test_a_report_begun_mid_way_reads_its_grid_and_warns_of_the_table_below() -> None:
    text = page("018").read_text(encoding="utf-8")
    document = pipe_table.read(text, "018.txt")
    [project] = document.projects
    # the copy starts inside the report's 绩效目标 table; the 项目名称 of line 64 heads the
    # columns of its 资金到位 table, cut off after them; the name is only in the report's prose
    assert (project.name, project.unit.name, project.year) == ("", "", None)
    assert [i.name for i in project.indicators] == [
        "宣传次数", "创建质量", "全年", "成本", "提升全县消费者维权意识", "群众满意度",
    ]  # fmt: skip
    assert {i.note for i in project.indicators} == {"实施进度：已完成100%"}
    assert [(w.line, w.table, w.cell) for w in document.warnings] == [
        (4, "", "一级指标"),
        (4, "", "实施进度"),
        (46, "", "3.分析评价申报内容是否与实际相符,申报目标是否合理可行"),
        (64, "", "项目名称"),
    ]
    assert document.warnings[0].message == HEADLESS
    assert document.warnings[-1].message.startswith("「项目名称」是另一张表的列标题")


def test_a_grid_below_the_tail_of_another_table_is_no_headless_table() -> None:
    # 003 starts with the tail of another table, then its own form: the tail is not read
    document = pipe_table.read(page("003").read_text(encoding="utf-8"), "003.txt")
    assert [p.name for p in document.projects] == ["2023年全县安可替代补助资金项目"]
    assert document.warnings[0].message == "文件开头是另一张表的末尾（没有项目名称），未读入"


HEADED = """项目名称
        | 文明城市创建专项资金
主管部门
        | 某县市场监督管理局
        |
"""
"""A header for 018's grid (the copy has none): the same page as it would read whole."""


def test_a_pipe_table_ends_where_the_pages_text_resumes() -> None:
    lines = page("018").read_text(encoding="utf-8").split("\n")
    text = "\n".join([*lines[:3], *HEADED.splitlines(), *lines[3:]])
    document = pipe_table.read(text, "018.txt")
    [project] = document.projects
    # the report's paragraphs after the grid (3.分析评价…, 二、项目资金申报…) are no indicators
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("项目决策", "数量指标", "宣传次数", "至少全年完成2次宣传"),
        ("项目决策", "质量指标", "创建质量", "按质按量完成"),
        ("项目决策", "时效指标", "全年", "1-12月"),
        ("成本指标", None, "成本", "10万元"),  # named after its category: no 二级 cell
        ("项目效益", "社会效益 指标", "提升全县消费者维权意识", "不断提升"),
        ("满意度指标", "满意度指标", "群众满意度", "90%"),
    ]
    assert {i.note for i in project.indicators} == {"实施进度：已完成100%"}
    table = "文明城市创建专项资金"
    assert [(w.line, w.table, w.cell, w.message) for w in document.warnings if w.line] == [
        (9, table, "实施进度", "绩效指标表的这一列未能识别，其内容记入备注"),
        (51, table, "3.分析评价申报内容是否与实际相符,申报目标是否合理可行",
         "绩效指标表到此为止，其后的文字不在表格之内，未作为指标读入"),
        (69, table, "项目名称",
         "「项目名称」是另一张表的列标题（「项目名称」「中央、省、市(州)、县级财政资金」「资金计划」"
         "「资金到位 情况」），其后没有项目名称，这张表不是绩效目标表，未读入"),
    ]  # fmt: skip


MONITORING = """\
项目支出绩效运行监控表(2024年度) | |||||||
项目名称 | 乡村道路养护 | |||||||
主管部门 | 某县交通运输局 | 实施单位 | 某县公路事务中心 | |||||
项目资金(万元) | 年初预算数 | 全年预算数 | 1-6月执行数 | 全年预计执行数 | 偏差原因 | 纠偏措施 |
年度资金总额 | 120 | 150.50 | 40.25 | 150.50 | 上半年雨季停工 | 下半年抢工期 |
其中:财政拨款 | 120 | 150.50 | 40.25 | 150.50 | | |
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1-6月完成情况 | 全年预计完成情况 | 完成目标可能性 | 偏差原因 | 纠偏措施 |
产出指标 | 数量指标 | 养护里程 | ≥300公里 | 120公里 | 300公里 | 确定能 | 雨季停工 | 增加班组 |
满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | | ≥90% | 有可能 | | |
"""


def test_a_monitoring_table_fills_the_monitoring_part() -> None:
    document = pipe_table.read(MONITORING, "监控.txt")
    [project] = document.projects
    assert project.evaluation is None
    assert project.monitoring is not None
    first = project.monitoring.funds[0]
    assert (first.label, first.initial_budget, first.full_year_budget) == (
        "年度资金总额",
        Decimal("120"),
        Decimal("150.50"),
    )
    assert (first.midyear_executed, first.expected_executed) == (
        Decimal("40.25"),
        Decimal("150.50"),
    )
    assert (first.cause, first.remedy) == ("上半年雨季停工", "下半年抢工期")
    road, people = project.indicators
    assert road.monitoring is not None
    assert people.monitoring is not None
    assert (road.target.raw, road.monitoring.midyear and road.monitoring.midyear.raw) == (
        "≥300公里",
        "120公里",
    )
    assert (road.monitoring.likelihood, road.monitoring.cause, road.monitoring.remedy) == (
        "确定能",
        "雨季停工",
        "增加班组",
    )
    assert (people.monitoring.midyear, people.monitoring.likelihood) == (None, "有可能")
    assert document.warnings == []


VARIANTS = """\
项目支出绩效目标申报表 | |||||
项目支出名称 | 农村饮水安全巩固提升 | |||||
主管部门及代码 | [610001]某县水利局 | 项目执行单位 | [610001001]某县农村供水站 | |||
年度本级预算金额 | 250万 | 上级资金 | 200万 | 其他资金 | 50万 |
实施期目标 | 三年内农村自来水普及率达到98% | |||||
年度目标 | 新建供水工程3处 | |||||
一级指标 | 二级指标 | 指标内容 | 计算符号 | 目标值 | 度量单位 | 权重 | 指标解释 | 备注 |
产 出 指 标 | 数量指标 | 新建供水工程(≥**处) | ≥ | 3 | 处 | 20 | 当年建成的工程 | 含管网 |
| 质量指标 | 水质达标率 | ≥ | 95 | % | 20 | | |
效益指标 | 社会效益指标 | | | | | | | |
满意度指标 | 服务对象满意度指标 | 受益群众满意度 | ≥ | 90 | % | 10 | | |
"""


def test_label_variants_and_a_column_set_of_their_own_are_read_by_label() -> None:
    document = pipe_table.read(VARIANTS, "变体.txt")
    [project] = document.projects
    assert project.name == "农村饮水安全巩固提升"
    assert project.supervisor is not None
    assert (project.supervisor.code, project.supervisor.name) == ("610001", "某县水利局")
    assert (project.unit.code, project.unit.name) == ("610001001", "某县农村供水站")
    assert project.money_unit == "万元"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        Decimal("250"),
        Decimal("200"),
        Decimal("50"),
    )
    assert project.long_term_goals == ["三年内农村自来水普及率达到98%"]
    assert project.goals == ["新建供水工程3处"]
    works, water, people = project.indicators  # the empty 社会效益指标 row is no indicator
    assert works.level1 == "产 出 指 标"  # as written; the framework names it
    assert works.category is not None
    assert works.category.level1 == "产出指标"
    assert works.name == "新建供水工程(≥**处)"  # the template hint kept as written
    assert (works.target.raw, works.weight) == ("≥3处", Decimal("20"))
    assert (works.description, works.note) == ("当年建成的工程", "含管网")
    assert (water.level1, water.level2, water.target.raw) == ("产 出 指 标", "质量指标", "≥95%")
    assert people.target.number == Decimal("90")
    assert document.warnings == []
    budget_department = VARIANTS.replace(
        "项目执行单位 | [610001001]某县农村供水站", "预算部门 | [610001]某县水利局"
    )
    [project] = pipe_table.read(budget_department, "变体.txt").projects
    assert (project.unit.code, project.unit.name) == ("610001", "某县水利局")


def test_parse_shows_the_warnings_on_stderr() -> None:
    result = CliRunner().invoke(app, ["parse", str(page("029"))], env={"COLUMNS": "240"})
    assert result.exit_code == 0
    assert TargetDocument.from_json(result.stdout).projects[0].indicators
    assert result.stderr.splitlines()[-1] == (
        f"警告：{page('029')} 第28行（表「原州区2022年南部水源涵养林建设项目」，"
        "单元格「满意度指标」）：表格在这个指标类别处中断，其下没有指标"
    )


def test_a_department_self_evaluation_cover_fills_the_department_as_far_as_it_goes() -> None:
    document = read(page("009"))
    department = document.department
    assert department is not None
    # 部门(单位)名称: and 预 算 编 码: written with their values in one cell
    assert (department.name, department.code, document.year) == (
        "岳阳市城市管理监督指挥中心",
        "906017",
        2018,
    )
    assert department.duties is not None
    assert department.duties.startswith("负责全市数字化城市管理监督、指挥、调度和协调工作。")
    # the cover's 评价方式, 评价机构, 报告日期 and the report's 年度主要工作内容 (its label broken
    # over two cells) and 总体运行情况 have no field beside the 职能职责: said, not lost
    assert [(warning.line, warning.message) for warning in document.warnings] == [
        (
            22,
            "表头中的「评价方式:部门(单位)绩效自评」「评价机构:部门(单位)评价组」"
            "「报告日期:2019年06月18日」「岳阳市财政局(制)」不是本表的栏目或其内容，未读入",
        ),
        (59, "「年度主要工作内容」一节未读入（系统暂无对应栏目）"),
        (65, "「年度部门(单位)总体运行情况及取得的成绩」一节未读入（系统暂无对应栏目）"),
        (None, "表中没有绩效指标表（「一级指标」），只读入了表头；文件可能在表头处被截断"),
    ]


SELF_EVALUATION = """\
项目支出绩效自评表(2024年度) | ||||||
项目名称 | 社区养老服务补助 | ||||||
主管部门 | 某区民政局 | 实施单位 | 某区养老服务中心 | ||||
项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
年度资金总额 | 80.00 | 82.50 | 80.85 | 10 | 98.00% | 9.8 |
其中:财政拨款 | 80.00 | 82.50 | 80.85 | — | — | — |
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标 | 数量指标 | 服务老人人次 | ≥1200人次 | 1180人次 | 50 | 49.17 | 冬季活动减少，明年提前安排 |
满意度指标 | 服务对象满意度指标 | 老人满意度 | ≥90% | 93% | 40 | 40 | |
总分 | 98.97 | 等级 | 优 | |||
评价结论 | 项目完成良好。 | ||||||
存在问题 | 冬季服务人次偏少。 | ||||||
改进措施 | 提前安排冬季活动。 | ||||||
"""


def test_a_self_evaluation_keeps_every_written_figure_and_conclusion() -> None:
    [project] = pipe_table.read(SELF_EVALUATION, "自评.txt").projects
    evaluation = project.evaluation
    assert evaluation is not None
    [total, fiscal] = evaluation.funds
    assert (total.initial_budget, total.full_year_budget, total.executed) == (
        Decimal("80.00"),
        Decimal("82.50"),
        Decimal("80.85"),
    )
    assert (total.rate, total.weight, total.score) == (
        Decimal("98.00"),
        Decimal(10),
        Decimal("9.8"),
    )
    assert (fiscal.label, fiscal.weight, fiscal.score) == ("其中:财政拨款", None, None)
    assert (project.budget.total, project.budget.fiscal) == (Decimal("82.50"), Decimal("82.50"))
    served, pleased = project.indicators
    assert served.actual is not None
    assert (served.target.raw, served.actual.raw) == ("≥1200人次", "1180人次")
    assert (served.weight, served.score) == (Decimal(50), Decimal("49.17"))
    assert served.deviation == "冬季活动减少，明年提前安排"
    assert (pleased.score, pleased.deviation) == (Decimal(40), None)
    assert (evaluation.total_score, evaluation.grade) == (Decimal("98.97"), "优")
    assert (evaluation.conclusion, evaluation.problems, evaluation.improvements) == (
        "项目完成良好。",
        "冬季服务人次偏少。",
        "提前安排冬季活动。",
    )
