"""Checking published self-evaluations: the corpus tables' own figures recomputed, and tables with
deliberate mistakes (7 of 10 for a met indicator, 分值 adding to 110 …)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.evaluate.check import ProjectCheck, check_project
from jixiao.evaluate.profile import builtin
from jixiao.review.engine import Finding
from tests.evaluate.corpus import (
    daying_038,
    funds,
    hengshan_017,
    huanggang_010,
    qingshen_002,
    row,
    suixi_036,
)

CENTRAL = builtin("central")
LOCAL = builtin("local-2020")


def found(check: ProjectCheck) -> list[tuple[str, str, str | None, str]]:
    return [(f.severity, f.field or "", f.indicator, f.detail) for f in check.findings]


def by_field(check: ProjectCheck, field: str) -> list[Finding]:
    return [f for f in check.findings if f.field == field]


def test_002_execution_follows_from_the_budget_and_weights_add_up() -> None:
    check = check_project(qingshen_002(), CENTRAL)
    execution = check.result.execution
    assert (execution.budget, execution.executed) == (Decimal("251.89"), Decimal("251.89"))
    assert execution.rate_percent == Decimal("100.00")
    assert (execution.score, execution.weight) == (Decimal("10.00"), Decimal("10"))
    assert check.result.points == Decimal(100)
    # No actual values yet: nothing scored, nothing contradicted; the 60/30 split is the unit's.
    assert [item.arithmetic for item in check.result.indicators] == ["未填写实际完成值，不计分"] * 2
    assert found(check) == [("提示", "weight", None, "产出指标分值合计 60 分，评分方案为 50 分")]


def test_010_a_met_indicator_scored_19_6_of_20() -> None:
    check = check_project(huanggang_010(), LOCAL)
    assert found(check) == [
        ("错误", "score", "整编资料审核",
         "得分写作 19.6 分，按评分规则应为 20.00 分（“=”按正向：实际 98% ÷ 目标 98% × 分值 20 = "
         "20.00 分）"),
        ("错误", "total_score", None, "总分写作 99.6 分，按评分规则重新计算应为 100.00 分"),
    ]  # fmt: skip
    assert check.result.execution.score == Decimal("20.00")
    assert check.result.grade == "优"
    # Under the 中央 default the local form's 20 points and its split are pointed out as such.
    central = check_project(huanggang_010(), CENTRAL)
    hints = [f.detail for f in central.findings if f.severity == "提示"]
    assert hints == [
        "分值为 20 分，评分方案为 10 分",
        "产出指标分值合计 60 分，评分方案为 50 分",
        "满意度指标分值合计 20 分，评分方案为 10 分",
    ]


def test_017_targets_of_zero_a_written_none_and_a_qualitative_row() -> None:
    result = check_project(hengshan_017(), CENTRAL).result
    items = result.indicators
    assert items[3].arithmetic == "目标值为 0：实际 0，达到目标，得满分 12.50 分"
    assert items[4].score is None
    assert "实际完成值「无」不是数值" in items[4].arithmetic
    assert items[5].score == Decimal("15.00")
    assert items[6].arithmetic == "目标值为 0：实际 0起，达到目标，得满分 5.00 分"
    assert result.execution.rate_percent == Decimal("100.00")
    assert result.unscored == (4,)
    assert result.grade is None


def test_036_full_marks_for_two_indicators_that_were_not_met() -> None:
    check = check_project(suixi_036(), CENTRAL)
    assert found(check) == [
        ("错误", "score", "特困人员救助供养人数(按月平均)",
         "得分写作 5 分，按评分规则应为 4.84 分（正向：实际 4604人 ÷ 目标 4754人 × 分值 5 = 4.84 分）"),
        ("错误", "score", "扶贫临时救助标准",
         "得分写作 10 分，按评分规则应为 9.09 分（反向：目标 5300元/户 ÷ 实际 5830元/户 × 分值 10 = "
         "9.09 分）"),
        ("错误", "deviation", "扶贫临时救助标准",
         "未完全达成（得分 9.09 分，分值 10 分），未填写偏差原因分析及改进措施"),
        ("错误", "total_score", None, "总分写作 100 分，按评分规则重新计算应为 98.93 分"),
    ]  # fmt: skip
    first = check.findings[0]
    assert first.message.startswith(
        "项目「临时救助」指标「特困人员救助供养人数(按月平均)」的得分：得分写作 5 分"
    )
    assert first.suggestion == "将得分改为 4.84 分；如确需按其他理由调整，须写明理由"
    assert first.reference.startswith(
        "评分方案「中央部门项目支出绩效自评默认方案（central 第 2026.1 版）」·通行做法："
    )
    assert (first.project_index, first.indicator_index) == (0, 3)
    assert check.result.execution.score == Decimal("10.00")
    assert check.result.grade == "优"  # 98.93 is still 优: the written grade stands


def test_036_with_linear_deduction_scores_the_ceiling_differently() -> None:
    from dataclasses import replace

    from jixiao.evaluate.profile import Rule

    linear = replace(CENTRAL, negative=Rule("linear", CENTRAL.negative.standing))
    item = check_project(suixi_036(), linear).result.indicators[7]
    assert item.score == Decimal("9.00")
    assert item.arithmetic == (
        "反向（线性扣分）：(1 − (实际 5830元/户 − 目标 5300元/户) ÷ 目标 5300元/户) × 分值 10 = "
        "9.00 分"
    )


def test_038_deviations_explained_where_not_met() -> None:
    check = check_project(daying_038(), CENTRAL)
    result = check.result
    assert result.not_fully_met == (4,)
    assert result.indicators[4].arithmetic == (
        "“=”按正向：实际 82% ÷ 目标 100% × 分值 10.00 = 8.20 分"
    )
    assert result.missing_deviation == ()
    assert check.findings == ()


# -- deliberate discrepancies --


def test_seven_of_ten_for_a_fully_met_indicator() -> None:
    project = suixi_036()
    project.indicators[4] = project.indicators[4].model_copy(update={"score": Decimal("7")})
    [finding] = [f for f in check_project(project, CENTRAL).findings if f.indicator_index == 4]
    assert finding.detail == (
        "得分写作 7 分，按评分规则应为 10.00 分（正向：实际 7人 ÷ 目标 7人 × 分值 10 = 10.00 分）"
    )
    assert finding.severity == "错误"


def test_weights_adding_to_110() -> None:
    project = suixi_036()
    project.indicators[8] = project.indicators[8].model_copy(update={"weight": Decimal("40")})
    [finding] = by_field(check_project(project, CENTRAL), "weight")[:1]
    assert finding.detail == (
        "各项分值合计 110 分（预算执行率 10 + 产出指标 50 + 效益指标 40 + 满意度指标 10），"
        "应为总分 100 分"
    )
    assert finding.severity == "错误"
    assert finding.suggestion == "调整各指标的分值，使预算执行率与各项指标的分值合计为 100 分"


def test_a_total_that_is_not_the_sum_and_a_grade_that_does_not_follow() -> None:
    project = huanggang_010()
    project.indicators[2] = project.indicators[2].model_copy(update={"score": Decimal("20")})
    assert project.evaluation is not None
    project.evaluation.total_score = Decimal("89")
    project.evaluation.grade = "优"
    check = check_project(project, LOCAL)
    [total] = by_field(check, "total_score")
    assert total.detail == "总分写作 89 分，各项得分之和为 100 分；按评分规则重新计算应为 100.00 分"
    assert total.suggestion == "将总分改为 100.00 分（各项得分之和）"
    [grade] = by_field(check, "grade")
    assert grade.detail == "评价等级写作「优」，总分 89 分对应「良」（80 分（含）至 90 分）"
    assert grade.suggestion == "将评价等级改为「优」"


def test_a_grade_that_matches_no_band_of_the_recomputed_total() -> None:
    project = suixi_036()
    assert project.evaluation is not None
    project.evaluation.grade = "良"
    [grade] = by_field(check_project(project, CENTRAL), "grade")
    assert grade.detail == "评价等级写作「良」，总分 100 分对应「优」（90 分（含）以上）"


def test_an_execution_score_that_does_not_follow_from_the_budget() -> None:
    project = qingshen_002()
    assert project.evaluation is not None
    project.evaluation.funds[0] = funds(
        "总额", "251.89", "226.70", initial="238.93", rate="100.00", weight="10", score="10"
    )
    check = check_project(project, CENTRAL)
    [rate] = by_field(check, "rate")
    assert rate.detail == "执行率写作 100.00%，按全年执行数 226.70 ÷ 全年预算数 251.89 应为 90.00%"
    [execution] = [f for f in by_field(check, "score") if f.indicator is None]
    assert execution.detail == (
        "得分写作 10 分，按预算执行情况应为 9.00 分（执行率 = 全年执行数 226.70 ÷ 全年预算数 "
        "251.89 = 90.00%；得分 = 分值 10 × 90.00% = 9.00 分）"
    )
    assert execution.message.startswith(
        "项目 51000021R000000019951「工资性支出」预算执行率的得分："
    )


def test_a_score_above_its_weight_and_a_score_without_an_actual() -> None:
    project = qingshen_002()
    project.indicators[0] = project.indicators[0].model_copy(update={"score": Decimal("65")})
    project.indicators[1] = project.indicators[1].model_copy(update={"score": Decimal("30")})
    details = [f.detail for f in by_field(check_project(project, CENTRAL), "score")]
    assert details == [
        "得分写作 65 分，超过其分值 60 分",
        "未填写实际完成值，却写有得分 30 分",
    ]


def test_a_qualitative_score_inside_its_band_agrees_and_outside_it_does_not() -> None:
    def checked(actual: str, written: str) -> list[str]:
        project = suixi_036()
        project.indicators[8] = row(
            "受益群众获得感", "有所提升", actual, "效益指标", "社会效益指标", weight="30",
            score=written,
        )  # fmt: skip
        return [
            f.detail for f in check_project(project, CENTRAL).findings if f.indicator_index == 8
        ]

    assert checked("达成", "24") == []  # 80% of 30, the band's floor, included
    assert checked("达成", "23.9")[0].startswith(
        "得分写作 23.9 分，不在「达成年度指标」档的 24.00 分（含）至 30.00 分之间"
    )
    assert checked("部分完成", "18") == []  # 60%, included
    assert checked("部分完成", "24")[0].startswith(
        "得分写作 24 分，不在「部分达成年度指标并具有一定效果」档的 18.00 分（含）至 24.00 分（不含）之间"
    )


def test_findings_say_where_in_chinese_without_rule_ids() -> None:
    for project in (suixi_036(), huanggang_010()):
        for finding in check_project(project, CENTRAL).findings:
            text = finding.message + finding.suggestion + finding.reference
            assert "scoring." not in text
            assert finding.message.startswith("项目")
            assert finding.rule.startswith("scoring.")


def test_a_written_score_that_cannot_be_recomputed_is_pointed_out() -> None:
    project = hengshan_017()
    project.indicators[4] = project.indicators[4].model_copy(
        update={"weight": Decimal("10"), "score": Decimal("10")}
    )
    [finding] = [f for f in check_project(project, CENTRAL).findings if f.indicator_index == 4]
    assert finding.severity == "提示"
    assert finding.detail.startswith("得分写作 10 分，无法按评分规则核对：实际完成值「无」不是数值")


def test_an_execution_rate_below_90_percent_needs_its_reason() -> None:
    project = qingshen_002()
    assert project.evaluation is not None
    low = funds("总额", "100", "82", rate="82.00", weight="10", score="8.2")
    project.evaluation.funds[0] = low
    [finding] = by_field(check_project(project, CENTRAL), "rate")
    assert (finding.severity, finding.detail) == ("警告", "执行率 82.00% 低于 90%，未说明原因")
    project.evaluation.funds[0] = low.model_copy(update={"note": "项目招标延期，资金结转下年"})
    assert by_field(check_project(project, CENTRAL), "rate") == []
    # The local example profile asks for no reason.
    project.evaluation.funds[0] = low
    assert by_field(check_project(project, LOCAL), "rate") == []
