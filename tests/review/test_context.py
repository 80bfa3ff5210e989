"""Keyword rules read their keyword in context, and tables written to other templates are read for
what they mean.

Every keyword rule is tried on wordings taken from real published tables (the corpus, and the
tables the review was tried on when this was written): where the keyword stands inside a phrase
that names another dimension, or the row is right as filed, the rule stays silent; where the row
is wrong, it speaks.
"""

from __future__ import annotations

import pytest

from jixiao.core.model import Indicator
from jixiao.review import all_rules
from tests.review.builders import clean_indicators, document, findings, indicator, project

# (rule, the row as a real table wrote it, whether the rule must speak)
KEYWORD_CASES = [
    # 时效 words: 周期 frames a quality here; the head of the name decides
    ("classification.timeliness-as-quality",
     indicator("服务周期内空气质量", "优良", "产出指标", "质量指标"), False),
    ("classification.timeliness-as-quality",
     indicator("监测数据传输及时率", "≥95%", "产出指标", "质量指标"), True),
    ("classification.timeliness-as-quality",
     indicator("全年及时发放工资情况", "100%", "产出指标", "质量指标"), True),
    ("classification.timeliness-as-quality",
     indicator("项目(工程)验收合格率", "100%", "产出指标", "质量指标"), False),
    # inputs and management as targets, wherever they stand
    ("classification.input-as-output",
     indicator("预算资金当年下达率", "100%", "产出指标", "时效指标"), True),
    ("classification.input-as-output",
     indicator("资金拨付及时率", "100%", "产出指标", "时效指标"), True),
    ("classification.input-as-output",
     indicator("预算执行率", "≥90%", "产出指标", "质量指标"), True),
    ("classification.input-as-output",
     indicator("资金到位率", "100%", "效益指标", "经济效益指标"), True),
    ("classification.input-as-output",
     indicator("财政资金补助", "1600元/亩", "产出指标", "成本指标"), False),  # a cost standard
    ("classification.input-as-output",
     indicator("受益脱贫(监测)人口数", "≥500人", "效益指标", "社会效益指标"), False),
    # satisfaction filed as a benefit
    ("classification.satisfaction-as-benefit",
     indicator("市民对空气质量改善的满意程度", "≥90%", "效益指标", "社会效益指标"), True),
    ("classification.satisfaction-as-benefit",
     indicator("受益脱贫(监测)户满意度", "≥95%", "满意度指标", "服务对象满意度指标"), False),
    ("classification.satisfaction-as-benefit",
     indicator("受助对象满意度", "≥90%", "效益指标", "社会公众或服务对象满意度指标"), False),
    # satisfaction words under 满意度指标
    ("classification.not-satisfaction",
     indicator("社会满意度", "100%", "满意度指标", "满意度指标"), False),
    ("classification.not-satisfaction",
     indicator("学生、家长、社会满意度", "≥90%", "满意度指标", "服务对象满意度指标"), False),
    ("classification.not-satisfaction",
     indicator("清扫保洁覆盖率", "≥99%", "满意度指标", "服务对象满意度指标"), True),
    # counts under 效益: a benefit word makes the count an effect
    ("classification.output-as-benefit",
     indicator("受益脱贫(监测)人口数", "≥500人", "效益指标", "社会效益指标"), False),
    ("classification.output-as-benefit",
     indicator("解决脱贫(监测)饮水安全问题人数", "≥1000人", "效益指标", "社会效益指标"), False),
    ("classification.output-as-benefit",
     indicator("清扫保洁道路条数", "485条", "效益指标", "社会效益指标"), True),
    # periods under 效益
    ("classification.period-as-benefit",
     indicator("工程设计使用年限", "≥20年", "效益指标", "可持续影响指标"), False),
    ("classification.period-as-benefit",
     indicator("保障期限", "2020年1月--2020年11月", "效益指标", "可持续影响指标"), True),
    # percentages on names that say what share they are
    ("measurability.percent-without-measure",
     indicator("全年足额发放工资及缴纳保险", "100%", "产出指标", "质量指标"), False),
    ("measurability.percent-without-measure",
     indicator("项目(工程)验收合格率", "100%", "产出指标", "质量指标"), False),
    ("measurability.percent-without-measure",
     indicator("按政策、法律、法规乡镇申报、初审确认对象资格,县级按要求复审", "100%",
               "产出指标", "质量指标"), True),
    # names that only repeat their category
    ("measurability.name-without-subject",
     indicator("项目维持时效", "≥95%", "效益指标", "可持续影响指标"), True),
    ("measurability.name-without-subject",
     indicator("项目(工程)验收合格率", "100%", "产出指标", "质量指标"), False),
    ("measurability.name-without-subject",
     indicator("项目完成时间", "2023年底", "产出指标", "时效指标"), False),
    # a number in the name with another unit than the value's
    ("unit.name-states-other-unit",
     indicator("村组干部230人", "≥230个"), True),
    ("unit.name-states-other-unit",
     indicator("扶贫临时救助标准(<**元/户·年)——一户年最高5300元", "<=5300元/户",
               "产出指标", "质量指标"), False),
    # vague words
    ("measurability.vague-name",
     indicator("基础教育学校办学条件", "持续改善", "效益指标", "社会效益指标"), False),
    ("measurability.vague-name",
     indicator("作风建设比率", "≤80%", "产出指标", "质量指标"), True),
    # the form's hints
    ("completeness.template-hint",
     indicator("实施营造林总面积(亩)", "80000", "产出指标", "数量指标"), False),
    ("completeness.template-hint",
     indicator("★★★特困人员救助供养人数(按月平均)(≥**人)", ">=4754人"), True),
    ("completeness.placeholder-target",
     indicator("苗木成活率", "≥**%", "产出指标", "质量指标"), True),
    ("completeness.placeholder-target",
     indicator("苗木成活率", "≥85%", "产出指标", "质量指标"), False),
    # a timeliness requirement valued as a count (马踏 005), and names whose head is a count or rate
    ("unit.timeliness-with-count",
     indicator("按时发放", "≥1人/年", "产出指标", "质量指标"), True),
    ("unit.timeliness-with-count",
     indicator("全年及时发放工资情况", "100%", "产出指标", "质量指标"), False),
    ("unit.timeliness-with-count",
     indicator("按时发放报酬人数", "≥230人", "产出指标", "数量指标"), False),
    ("unit.timeliness-with-count",
     indicator("项目(工程)完成及时率", "100%", "产出指标", "时效指标"), False),
    # a value that writes only its unit (陈仓 035) is empty, not qualitative
    ("completeness.empty-target",
     indicator("指标2:灌区节水改造面积", "万亩"), True),
    ("completeness.empty-target",
     indicator("指标1:工程验收合格率", "≧ %", "产出指标", "质量指标"), True),
    ("completeness.empty-target",
     indicator("指标1:工程验收合格率", "≧95%", "产出指标", "质量指标"), False),
    ("measurability.ungraded-qualitative",
     indicator("指标1:新建堤防、护岸长度", "公里"), False),
    ("measurability.ungraded-qualitative",
     indicator("基础教育学校办学条件", "持续改善", "效益指标", "社会效益指标"), True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "row", "speaks"),
    KEYWORD_CASES,
    ids=[f"{rule}:{row.name}" for rule, row, _ in KEYWORD_CASES],
)
def test_keyword_rules_read_the_keyword_in_context(rule: str, row: Indicator, speaks: bool) -> None:
    found = findings(document(project(indicators=[*clean_indicators(), row])), rule)
    assert [f.indicator for f in found] == ([row.name] if speaks else [])


def test_every_keyword_rule_has_a_near_miss_from_a_real_table() -> None:
    keyword_rules = {
        rule.id
        for rule in all_rules().values()
        if rule.module in ("classification", "measurability", "relevance")
        and rule.scope == "indicator"
    } | {
        "completeness.template-hint",
        "completeness.placeholder-target",
        "unit.name-states-other-unit",
        "unit.timeliness-with-count",
    }
    silent = {rule for rule, _, speaks in KEYWORD_CASES if not speaks}
    # ungraded-qualitative reads the value, not a keyword; its near miss is a unit alone (035)
    assert keyword_rules - silent - {"classification.level2-outside-level1"} == set()


def test_a_placeholder_is_never_read_as_a_unit_a_value_or_a_conflict() -> None:
    rows = [
        indicator("项目总投入(≥**元)", "50000元", "产出指标", "成本指标"),
        indicator("受助对象满意度(≥**%)", "≥**%", "满意度指标", "服务对象满意度指标",
                  description="受助对象满意度不低于90%"),
        indicator("救助人数", "≥**人", description="救助不少于80人"),
    ]  # fmt: skip
    found = findings_of(rows)
    assert {(f.indicator, f.rule) for f in found if f.indicator in {r.name for r in rows}} == {
        ("项目总投入(≥**元)", "completeness.template-hint"),
        ("受助对象满意度(≥**%)", "completeness.placeholder-target"),
        ("救助人数", "completeness.placeholder-target"),
    }
    [hint] = [f for f in found if f.indicator == "项目总投入(≥**元)"]
    assert hint.suggestion == "删去「(≥**元)」；指标值以已填写的「50000元」为准"
    [empty] = [f for f in found if f.indicator == "救助人数"]
    assert empty.severity == "错误"
    assert "「≥**人」" in empty.suggestion


def test_a_hint_in_a_name_with_no_value_asks_for_the_value() -> None:
    found = findings_of([indicator("救助人数(≥**人)", "")])
    [hint] = [f for f in found if f.rule == "completeness.template-hint"]
    assert hint.suggestion == "删去「(≥**人)」并填写实际指标值"


def findings_of(rows: list[Indicator]) -> list:  # type: ignore[type-arg]
    from jixiao.review import review_document

    return review_document(document(project(indicators=[*clean_indicators(), *rows])))


# The older national template, as 宁乡市坝塘镇's 2021 form lays it out: satisfaction as a 二级
# under 效益指标, beside 可持续影响指标; names and values as a complete table of that form has them.
OLDER = [
    indicator("完成集镇立面改造面积", "≥8000平方米", "产出指标", "数量指标"),
    indicator("工程验收合格率", "100%", "产出指标", "质量指标"),
    indicator("项目完成时间", "2021年12月底前", "产出指标", "时效指标"),
    indicator("项目总成本", "≤60000元", "产出指标", "成本指标"),
    indicator("带动群众增收", "≥50万元", "效益指标", "经济效益指标"),
    indicator("受益群众人数", "≥5000人", "效益指标", "社会效益指标"),
    indicator("镇域环境卫生达标率", "≥95%", "效益指标", "生态效益指标"),
    indicator("设施正常使用年限", "≥10年", "效益指标", "可持续影响指标"),
    indicator("群众满意度", "≥90%", "效益指标", "社会公众或服务对象满意度指标"),
]


def test_a_table_on_the_older_template_gets_one_hint_and_no_error() -> None:
    found = findings_of_project(OLDER)
    assert [f for f in found if f.severity == "错误"] == []
    assert not [f for f in found if f.rule.startswith("completeness.missing")]
    hints = [f for f in found if f.rule == "classification.older-template"]
    assert [(f.severity, f.field) for f in hints] == [("提示", "indicators")]
    assert "「效益指标—社会公众或服务对象满意度指标」" in hints[0].message
    assert {f.rule for f in found} == {"classification.older-template"}


def findings_of_project(rows: list[Indicator]) -> list:  # type: ignore[type-arg]
    from jixiao.review import review_document

    return review_document(document(project(name="镇域内基础设施建设", indicators=rows,
                                            goals=["完成集镇立面改造8000平方米"])))  # fmt: skip


@pytest.mark.parametrize(
    ("level1", "level2"),
    [
        ("产出值", "数量值"),
        ("产出指标(70分)", "数量指标"),
        ("产 出 指 标", "数 量 指 标"),
        ("产出指标 70分", "数量值"),
    ],
)
def test_local_labels_are_read_as_their_categories(level1: str, level2: str) -> None:
    rows = [
        indicator("完成集镇立面改造面积", "≥8000平方米", level1, level2),
        indicator("工程验收合格率", "100%", level1, "质量值"),
        indicator("项目完成时间", "2021年12月底前", level1, "时效值"),
        indicator("项目总成本", "≤60000元", level1, "成本值"),
        indicator("受益群众人数", "≥5000人", "效益值", "社会效益值"),
        indicator("群众满意度", "≥90%", "满意度值", "服务对象满意度值"),
    ]
    found = findings_of_project(rows)
    assert not [f for f in found if f.category == "completeness"], [f.message for f in found]
    [named] = [f for f in found if f.rule == "wording.non-standard-category"]
    assert "「质量值」（1 行）应为「质量指标」" in named.message
    assert "「效益值」（1 行）应为「效益指标」" in named.message
    assert ("「产出值」" in named.message) == (level1 == "产出值")
    assert "产出指标(70分)" not in named.message  # a weight is a note, not a wording


def test_a_document_stored_with_old_categories_is_judged_by_what_its_labels_mean() -> None:
    rows = [row.model_copy(update={"category": None}) for row in OLDER]
    found = findings_of_project(rows)
    assert {f.rule for f in found} == {"classification.older-template"}
    assert rows[-1].category is None  # the document passed in is left as it was


def test_a_table_cut_off_in_the_copy_is_not_said_to_lack_what_was_not_read() -> None:
    """The readers warn where a copy ends mid-table: the categories and the value after the cut
    are missing from the copy, not from the table."""
    from jixiao.core.model import ReadWarning
    from jixiao.review import review_document

    rows = [
        indicator("绿化美化公路", "=3500米"),
        indicator("树木成活率", "≥85%", "产出指标", "质量指标"),
        indicator("0-6岁儿童视力检查覆盖率", "", "产出指标", "质量指标"),
    ]
    table = project(name="乡村振兴绿化美化项目", indicators=rows)
    whole = document(table)
    cut = whole.model_copy(
        update={
            "warnings": [
                ReadWarning(
                    message="指标行不完整，缺少指标值；表格可能在此处被截断",
                    table="乡村振兴绿化美化项目",
                    cell="0-6岁儿童视力检查覆盖率",
                )
            ]
        }
    )
    assert {f.rule for f in review_document(whole)} >= {
        "completeness.missing-level1",
        "completeness.missing-satisfaction",
        "completeness.empty-target",
    }
    said = {f.rule for f in review_document(cut)}
    assert not said & {
        "completeness.missing-level1",
        "completeness.missing-satisfaction",
        "completeness.no-cost-indicator",
        "completeness.empty-target",
    }


def test_a_copy_cut_off_before_the_goal_is_not_said_to_have_an_empty_goal() -> None:
    """Two real self-evaluation and target pages (梓潼 人大代表之家, 金寨 法治宣传) end at the
    「总体目标」 cell: the goal and the indicators are missing from the copy, not from the table.
    The near miss: the same table without the reader's warning is said to lack both."""
    from jixiao.core.model import ReadWarning
    from jixiao.review import review_document

    table = project(name="人大代表之家建设", goals=[], indicators=[])
    whole = document(table)
    cut = whole.model_copy(
        update={
            "warnings": [
                ReadWarning(
                    message="表中没有绩效指标表（「一级指标」），只读入了表头；文件可能在表头处被截断",
                    table="人大代表之家建设",
                )
            ]
        }
    )
    said = {f.field for f in review_document(whole) if f.rule == "completeness.missing-field"}
    assert said == {"goals", "indicators"}
    assert not [f for f in review_document(cut) if f.rule == "completeness.missing-field"]


def test_the_hint_and_label_readers_are_linear_on_long_cells() -> None:
    from jixiao.core.framework import bare_label, categorize
    from jixiao.review.facts import template_hint
    from tests.ingest.test_pathological import seeds

    long_cells = [
        "(" * 50_000 + "**" + "人" * 50_000,
        "1" * 100_000 + "分",
        "产" + "1" * 100_000 + "分值",
        "（" + "**" * 50_000,
    ]

    def read_all() -> None:
        for cell in long_cells:
            template_hint(cell)
            bare_label(cell)
            categorize.__wrapped__(cell, cell)  # uncached: each run does the work

    # 400 KB of cells against the seed's 10 KB: a quadratic step would cost thousands of seeds
    assert seeds(read_all) < 400


def test_a_budget_stated_by_its_parts_is_not_empty() -> None:
    """陈仓 033 writes its total under 年底金额(万元), a label no reader knows, and 035 heads its
    amount column 资金总额: both are read with 财政拨款 only (120, 500), and their money is
    written. The near miss: a table with no amount at all."""
    from jixiao.review import review_document

    def said(budget: tuple[str | None, str | None, str | None]) -> list[str]:
        table = project(name="省级财政衔接推进乡村振兴补助资金", budget=budget)
        return [
            f.message
            for f in review_document(document(table))
            if f.rule == "completeness.missing-field" and f.field == "budget"
        ]

    assert said((None, "120", None)) == []
    assert said((None, None, "500")) == []
    assert len(said((None, None, None))) == 1


def test_values_kept_in_columns_the_reader_could_not_place_are_no_empty_value() -> None:
    """安溪 034 writes 「开展小型水利工程建设(个)」 once per village, in seven columns the reader
    keeps in the row's 备注 (and warns): the value is written. The near misses: the same row
    without the warning, and a warning on a row with nothing kept aside."""
    from jixiao.core.model import ReadWarning
    from jixiao.review import review_document

    row = indicator("开展小型水利工程建设(个)", "")
    kept = row.model_copy(update={"note": "西坪镇尧山村：1；桃舟乡吾培村：1；芦田镇三洋村：1"})
    warning = ReadWarning(
        message="绩效指标表的这一列未能识别，其内容记入备注",
        table="省级第七批水利专项资金",
        cell="西坪镇尧山村",
    )

    def empty(*rows: Indicator, warned: bool) -> list[str | None]:
        table = project(name="省级第七批水利专项资金", indicators=[*clean_indicators(), *rows])
        doc = document(table).model_copy(update={"warnings": [warning] if warned else []})
        return [f.indicator for f in review_document(doc) if f.rule == "completeness.empty-target"]

    assert empty(kept, warned=True) == []
    assert empty(kept, warned=False) == ["开展小型水利工程建设(个)"]
    assert empty(row, warned=True) == ["开展小型水利工程建设(个)"]


GENERIC_DUTY_GOALS = [
    # (goal as a real table wrote it, whether it is vague)
    ("落实各项就业创业扶持政策,做好各项就业工作,加强公共就业创业服务机构服务能力建设。"
     "就业补助资金主要用于基层特岗人员工资社保、就业见习补贴、公益性岗位补贴、职业培训补贴等。",
     True),  # 田家庵 066
    ("全力以赴做好安全生产、防灾减灾救灾工作,保障工作顺利开展。", True),  # 奉节 069
    ("1.深入学习贯彻习近平法治思想,紧紧围绕党委政府中心工作开展法治宣传教育 2.组织开展全县"
     "行政机关应诉业务培训", True),  # 金寨 058: its numbering is no number
    ("保障按时足额发放商务执法监察大队人员工资", False),  # the seed: a level (按时足额)
    ("开展7个小型水利工程建设", False),  # 安溪 034
    ("目标1:深入开展食品风险隐患排查整治。", False),  # 安居 053: no generic duty
    ("采用技术领先的监测设备及监控平台,进行高密度网格化监控布点,从根本上提升城市环境监管能力、"
     "提高环境执法水平。", False),  # 咸宁 067: aims beside what is built
    ("做好3个村的排洪渠修复工作", False),  # a number: the duty is counted
]  # fmt: skip


@pytest.mark.parametrize(
    ("goal", "vague"), GENERIC_DUTY_GOALS, ids=[g[:12] for g, _ in GENERIC_DUTY_GOALS]
)
def test_a_goal_of_generic_duties_without_a_number_is_vague(goal: str, vague: bool) -> None:
    found = findings(document(project(goals=[goal])), "measurability.vague-goal")
    assert len(found) == (1 if vague else 0), [f.message for f in found]


def test_a_project_budget_of_a_few_yuan_says_its_unit_is_missing() -> None:
    """梓潼 016's 自评表 states no 金额单位 and writes 40 (the report says 40万元): read as 元, the
    model's unit where none is stated, 40 元 is no project's money. The near misses: 40 万元, and
    马踏 005's 3309840.00 元."""
    table = project(budget=("40", "40", None))
    assert len(findings(document(table), "budget.implausible-unit")) == 1
    in_wan = table.model_copy(update={"money_unit": "万元"})
    assert findings(document(in_wan), "budget.implausible-unit") == []
    large = project(budget=("3309840.00", "3309840.00", None))
    assert findings(document(large), "budget.implausible-unit") == []
