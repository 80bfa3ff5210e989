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
    }
    silent = {rule for rule, _, speaks in KEYWORD_CASES if not speaks}
    assert keyword_rules - silent - {"classification.level2-outside-level1"} == {
        "measurability.ungraded-qualitative"  # reads the value, not a keyword
    }


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
