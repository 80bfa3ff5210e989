"""Scoring by rule, table by table: each row one indicator, its target, actual and 分值, and the
score and arithmetic the profile gives."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.model import Evaluation, FundLine, Organisation, Project
from jixiao.evaluate.profile import Profile, Rule, builtin
from jixiao.evaluate.scoring import ScoringError, adjust, score
from tests.evaluate.corpus import row

CENTRAL = builtin("central")
LOCAL = builtin("local-2020")
LINEAR = replace(CENTRAL, negative=Rule("linear", CENTRAL.negative.standing))
MIN_MAX = replace(CENTRAL, equal=Rule("min_max", CENTRAL.equal.standing))
EXACT = replace(CENTRAL, equal=Rule("exact", CENTRAL.equal.standing))
MANUAL_ZERO = replace(CENTRAL, zero_target=Rule("manual", CENTRAL.zero_target.standing))
HALF_EVEN = replace(CENTRAL, rounding_mode="ROUND_HALF_EVEN")


def project(*indicators: object, funds: list[FundLine] | None = None) -> Project:
    return Project(
        name="测试项目",
        unit=Organisation(name="测试单位"),
        indicators=list(indicators),  # type: ignore[arg-type]
        evaluation=Evaluation(funds=funds) if funds is not None else None,
    )


def one(
    target: str,
    actual: str | None,
    weight: str = "10",
    profile: Profile = CENTRAL,
    level1: str = "产出指标",
    level2: str = "数量指标",
) -> tuple[Decimal | None, str]:
    result = score(project(row("指标", target, actual, level1, level2, weight=weight)), profile)
    [item] = result.indicators
    return item.score, item.arithmetic


@pytest.mark.parametrize(
    ("target", "actual", "profile", "expected", "words"),
    [
        # 正向: actual ÷ target × 分值, capped
        (">=10次", "8次", CENTRAL, "8.00", "正向：实际 8次 ÷ 目标 10次 × 分值 10 = 8.00 分"),
        ("≥10次", "10次", CENTRAL, "10.00", "正向：实际 10次 ÷ 目标 10次 × 分值 10 = 10.00 分"),
        ("≥10次", "12次", CENTRAL, "10.00", "= 12.00，得分不超过分值，计 10.00 分"),
        ("≥10次", "0次", CENTRAL, "0.00", "正向：实际 0次 ÷ 目标 10次 × 分值 10 = 0.00 分"),
        ("≥95%", "100%", LOCAL, "10.00", "计 10.00 分"),
        # 反向 as 目标 ÷ 实际
        ("≤5%", "6%", CENTRAL, "8.33", "反向：目标 5% ÷ 实际 6% × 分值 10 = 8.33 分"),
        ("≤5%", "5%", CENTRAL, "10.00", "反向：实际 5% 未超过目标 5%，得满分 10.00 分"),
        ("≤5%", "4%", CENTRAL, "10.00", "未超过目标 5%，得满分"),
        ("≤5%", "0%", CENTRAL, "10.00", "反向：实际 0% 未超过目标 5%，得满分 10.00 分"),
        ("<=5300元/户", "5830元/户", LOCAL, "9.09", "目标 5300元/户 ÷ 实际 5830元/户"),
        # 反向 as a linear deduction to 0 at twice the target
        ("≤5%", "4%", LINEAR, "10.00", "未超过目标 5%，得满分"),
        ("≤5%", "6%", LINEAR, "8.00",
         "反向（线性扣分）：(1 − (实际 6% − 目标 5%) ÷ 目标 5%) × 分值 10 = 8.00 分"),
        ("≤5%", "7.5%", LINEAR, "5.00", "= 5.00 分"),
        ("≤5%", "10%", LINEAR, "0.00", "达到目标 5% 的 2 倍及以上，得 0.00 分"),
        ("≤5%", "12%", LINEAR, "0.00", "的 2 倍及以上"),
        # "=": as 正向 (default), smaller over larger, or exactly
        ("=100%", "98%", CENTRAL, "9.80", "“=”按正向：实际 98% ÷ 目标 100% × 分值 10 = 9.80 分"),
        ("100%", "105%", CENTRAL, "10.00", "计 10.00 分"),
        ("=100%", "98%", MIN_MAX, "9.80", "“=”（较小值比较大值）：98% ÷ 100% × 分值 10 = 9.80 分"),
        ("=100%", "105%", MIN_MAX, "9.52", "100% ÷ 105% × 分值 10 = 9.52 分"),
        ("=100%", "100%", MIN_MAX, "10.00", "等于目标 100%，得满分"),
        ("=100%", "98%", EXACT, "0.00", "不等于目标 100%，得 0.00 分"),
        ("=100%", "100%", EXACT, "10.00", "得满分 10.00 分"),
        # target 0
        ("0起", "0起", CENTRAL, "10.00", "目标值为 0：实际 0起，达到目标，得满分 10.00 分"),
        ("≤0起", "2起", CENTRAL, "0.00", "目标值为 0：实际 2起 大于 0，得 0.00 分"),
        ("≥0个", "3个", CENTRAL, "10.00", "目标值为 0 的正向指标"),
        ("0起", "1起", MANUAL_ZERO, None, "按评分方案由评价人确定得分"),
        # ranges: below the floor as 正向, above the ceiling as 反向
        ("80%-90%", "85%", CENTRAL, "10.00", "在目标 80%-90% 之内，得满分"),
        ("80%-90%", "70%", CENTRAL, "8.75", "区间：实际低于下限，按正向：实际 70% ÷ 下限 80%"),
        ("80%-90%", "95%", CENTRAL, "9.47", "区间：实际高于上限，按反向：上限 90% ÷ 实际 95%"),
        # dates
        ("12月底前", "11月", CENTRAL, "10.00", "不晚于目标「12月底前」，得满分"),
        ("12月底前", "按时完成", CENTRAL, "10.00", "属「达成年度指标」档"),
        ("6月底前", "8月", CENTRAL, None, "晚于目标「6月底前」，未按时完成"),
        # actual missing, or not comparable
        ("≥10次", None, CENTRAL, None, "未填写实际完成值，不计分"),
        ("≥10次", "", CENTRAL, None, "未填写实际完成值，不计分"),
        ("100%", "无", CENTRAL, None, "实际完成值「无」不是数值，无法与目标 100% 比较，不计分"),
        ("≥10万元", "80000元", CENTRAL, None, "单位「元」与目标的单位「万元」不同，无法计分"),
        # rounding: two places, half up (half even when the profile says so)
        ("≥3次", "2次", CENTRAL, "6.67", "= 6.67 分"),
    ],
)  # fmt: skip
def test_quantitative_rules(
    target: str, actual: str | None, profile: Profile, expected: str | None, words: str
) -> None:
    got, arithmetic = one(target, actual, profile=profile)
    assert got == (Decimal(expected) if expected is not None else None)
    assert words in arithmetic


@pytest.mark.parametrize(("profile", "expected"), [(CENTRAL, "0.13"), (HALF_EVEN, "0.12")])
def test_rounding_mode_is_the_profiles(profile: Profile, expected: str) -> None:
    got, arithmetic = one("≥8次", "1次", weight="1", profile=profile)
    assert got == Decimal(expected)
    assert arithmetic.endswith(f"= {expected} 分")


def test_over_achievement_is_pointed_out_for_a_manual_deduction() -> None:
    result = score(project(row("培训人次", "≥100人次", "150人次", weight="10")), CENTRAL)
    [item] = result.indicators
    assert item.score == Decimal("10.00")
    assert item.fully_met
    assert any("实际为目标的 150%，超额较多" in note for note in item.notes)
    plain = score(project(row("培训人次", "≥100人次", "149人次", weight="10")), CENTRAL)
    assert plain.indicators[0].notes == ()


def test_an_actual_written_with_an_operator_counts_as_its_number() -> None:
    result = score(project(row("政策知晓率", "≥90%", "≥90%", weight="5")), CENTRAL)
    [item] = result.indicators
    assert item.score == Decimal("5.00")
    assert item.notes == ("实际完成值写作「≥90%」，按 90% 计",)


@pytest.mark.parametrize(
    ("actual", "profile", "band", "expected", "allowed"),
    [
        ("达成", CENTRAL, "达成年度指标", "10.00", ("8.00", "10.00")),
        ("已完成", CENTRAL, "达成年度指标", "10.00", ("8.00", "10.00")),
        ("部分完成", CENTRAL, "部分达成年度指标并具有一定效果", None, ("6.00", "8.00")),
        ("未完成", CENTRAL, "未达成年度指标且效果较差", None, ("0.00", "6.00")),
        ("部分完成", LOCAL, "部分达成预期指标", None, ("5.00", "8.00")),
        ("未完成", LOCAL, "未达成预期指标", None, ("0.00", "5.00")),
        # an actual written as a share of completion, on and beside each boundary
        ("100%", CENTRAL, "达成年度指标", "10.00", ("8.00", "10.00")),
        ("80%", CENTRAL, "达成年度指标", "10.00", ("8.00", "10.00")),
        ("79.9%", CENTRAL, "部分达成年度指标并具有一定效果", None, ("6.00", "8.00")),
        ("60%", CENTRAL, "部分达成年度指标并具有一定效果", None, ("6.00", "8.00")),
        ("59.9%", CENTRAL, "未达成年度指标且效果较差", None, ("0.00", "6.00")),
        ("50%", LOCAL, "部分达成预期指标", None, ("5.00", "8.00")),
        ("49.9%", LOCAL, "未达成预期指标", None, ("0.00", "5.00")),
    ],
)  # fmt: skip
def test_qualitative_bands(
    actual: str, profile: Profile, band: str, expected: str | None, allowed: tuple[str, str]
) -> None:
    result = score(project(row("制度建设", "进一步完善", actual, weight="10")), profile)
    [item] = result.indicators
    assert item.band is not None
    assert item.band.name == band
    assert item.score == (Decimal(expected) if expected else None)
    assert item.allowed == (Decimal(allowed[0]), Decimal(allowed[1]))
    if expected:
        assert f"分值 10 × 100% = {expected} 分" in item.arithmetic
    else:
        assert f"得分由评价人在 {allowed[0]} 分（含）至 {allowed[1]} 分之间确定" in item.arithmetic
        assert item.needs_deviation is False  # not known until the evaluator scores it


def test_qualitative_actual_same_as_target_is_met() -> None:
    score_, arithmetic = one("高", "高", level1="效益指标", level2="可持续影响指标")
    assert score_ == Decimal("10.00")
    assert arithmetic == (
        "定性：实际「高」与目标相同，属「达成年度指标」档（80%（含）–100%）：分值 10 × 100% = "
        "10.00 分"
    )


def test_qualitative_words_not_in_any_band_wait_for_the_evaluator() -> None:
    score_, arithmetic = one("应助尽助", "9")
    assert score_ is None
    assert arithmetic == "定性：实际「9」对照目标「应助尽助」，档次由评价人判定后确定得分"


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"),
     ("59.99", "差"), ("0", "差")],
)  # fmt: skip
def test_grade_bands(total: str, grade: str) -> None:
    assert CENTRAL.grade(Decimal(total)) == grade
    assert LOCAL.grade(Decimal(total)) == grade


# -- weights --


def test_weights_spread_equally_within_the_level1_in_cents() -> None:
    result = score(
        project(
            row("甲", "≥1次", "1次"), row("乙", "≥1次", "1次"), row("丙", "≥1次", "1次"),
            row("丁", "≥1人", "1人", "效益指标", "社会效益指标"),
            row("戊", "≥90%", "95%", "满意度指标", "服务对象满意度指标"),
        ),
        CENTRAL,
    )  # fmt: skip
    weights = [item.weight for item in result.indicators]
    assert weights == [Decimal("16.67"), Decimal("16.67"), Decimal("16.66"), Decimal("30.00"),
                       Decimal("10.00")]  # fmt: skip
    assert {item.weight_source for item in result.indicators} == {"spread"}
    assert result.points == Decimal(100)


def test_custom_weights_are_kept_and_the_rest_of_the_level1_is_spread() -> None:
    result = score(
        project(row("甲", "≥1次", "1次", weight="20"), row("乙", "≥1次", "1次"),
                row("丙", "≥1次", "1次")),
        CENTRAL,
    )  # fmt: skip
    assert [item.weight for item in result.indicators] == [
        Decimal("20"), Decimal("15.00"), Decimal("15.00")
    ]  # fmt: skip
    assert [item.weight_source for item in result.indicators] == ["written", "spread", "spread"]


def test_cost_indicators_count_with_output_and_satisfaction_with_benefit_in_the_local_profile() -> (
    None
):
    indicators = (
        row("成本", "≤10元", "9元", "成本指标", "经济成本指标"),
        row("满意度", "≥90%", "95%", "满意度指标", "服务对象满意度指标"),
    )
    central = score(project(*indicators), CENTRAL)
    local = score(project(*indicators), LOCAL)
    assert [item.group for item in central.indicators] == ["产出指标", "满意度指标"]
    assert [item.weight for item in central.indicators] == [Decimal("50.00"), Decimal("10.00")]
    assert [item.group for item in local.indicators] == ["产出指标", "效益指标"]
    assert [item.weight for item in local.indicators] == [Decimal("60.00"), Decimal("20.00")]


# -- 预算执行率 --


@pytest.mark.parametrize(
    ("budget", "executed", "profile", "rate", "expected", "words"),
    [
        ("251.89", "251.89", CENTRAL, "100.00", "10.00",
         "执行率 = 全年执行数 251.89 ÷ 全年预算数 251.89 = 100.00%；得分 = 分值 10 × 100.00% = "
         "10.00 分"),
        ("100", "82", CENTRAL, "82.00", "8.20", "得分 = 分值 10 × 82.00% = 8.20 分"),
        ("100", "82", LOCAL, "82.00", "16.40", "得分 = 分值 20 × 82.00% = 16.40 分"),
        ("31", "30", CENTRAL, "96.77", "9.68", "= 96.77%"),
        ("100", "104", CENTRAL, "104.00", "10.00", "超过 100% 按 100% 计"),
    ],
)  # fmt: skip
def test_execution_rate_score(
    budget: str, executed: str, profile: Profile, rate: str, expected: str, words: str
) -> None:
    line = FundLine(
        label="年度资金总额", full_year_budget=Decimal(budget), executed=Decimal(executed)
    )
    result = score(project(funds=[line]), profile)
    assert result.execution.rate_percent == Decimal(rate)
    assert result.execution.score == Decimal(expected)
    assert words in result.execution.arithmetic


def test_execution_below_ninety_percent_asks_for_the_reason_in_the_central_profile() -> None:
    line = FundLine(label="总额", full_year_budget=Decimal("100"), executed=Decimal("82"))
    assert score(project(funds=[line]), CENTRAL).execution.notes == (
        "执行率 82.00% 低于 90%，须说明原因",
    )
    assert score(project(funds=[line]), LOCAL).execution.notes == ()


def test_execution_without_figures_is_not_scored() -> None:
    assert score(project(), CENTRAL).execution.arithmetic == "未填写预算执行情况，不计分"
    zero = FundLine(label="总额", full_year_budget=Decimal("0"), executed=Decimal("0"))
    result = score(project(funds=[zero]), CENTRAL)
    assert result.execution.score is None
    assert result.execution.arithmetic == "全年预算数为 0，无法计算执行率，不计分"


def test_the_total_line_is_scored_not_the_lines_of_which() -> None:
    lines = [
        FundLine(label="其中:财政资金", full_year_budget=Decimal("50"), executed=Decimal("25")),
        FundLine(label="年度资金总额", full_year_budget=Decimal("100"), executed=Decimal("90")),
    ]
    assert score(project(funds=lines), CENTRAL).execution.score == Decimal("9.00")


# -- totals, the deviation flag, the profile recorded --


def test_total_grade_and_the_indicators_needing_a_deviation_analysis() -> None:
    line = FundLine(label="总额", full_year_budget=Decimal("10"), executed=Decimal("10"))
    result = score(
        project(
            row("次数", "≥10次", "8次", weight="50"),
            row("效益", "≥1人", "1人", "效益指标", "社会效益指标", weight="30"),
            row("满意度", "≥90%", "85%", "满意度指标", "服务对象满意度指标", weight="10",
                deviation="宣传不足，下年加强回访"),
            funds=[line],
        ),
        CENTRAL,
    )  # fmt: skip
    assert result.total == Decimal("89.44")  # 10 + 40 + 30 + 9.44
    assert result.grade == "良"
    assert result.not_fully_met == (0, 2)
    assert result.missing_deviation == (0,)
    assert result.summary() == "总分 89.44 分（满分 100 分），评价等级：良（80 分（含）至 90 分）"
    assert (result.profile.id, result.profile.version) == ("central", "2026.1")


def test_a_missing_actual_leaves_the_total_open() -> None:
    line = FundLine(label="总额", full_year_budget=Decimal("10"), executed=Decimal("10"))
    result = score(project(row("次数", "≥10次", None, weight="90"), funds=[line]), CENTRAL)
    assert result.unscored == (0,)
    assert not result.complete
    assert result.grade is None
    assert result.summary() == "已计分合计 10.00 分；尚有 1 项未计分，补全后才能确定总分和评价等级"


def test_scores_are_decimals_never_floats() -> None:
    result = score(project(row("次数", "≥3次", "2次", weight="10")), CENTRAL)
    assert type(result.indicators[0].score) is Decimal
    assert type(result.total) is Decimal


# -- manual adjustment --


def test_adjustment_needs_a_reason_and_keeps_the_computed_score() -> None:
    result = score(project(row("制度建设", "进一步完善", "部分完成", weight="10")), CENTRAL)
    assert result.indicators[0].score is None
    with pytest.raises(ScoringError, match="人工调整得分须写明理由"):
        adjust(result, 0, Decimal("7"), "  ")
    with pytest.raises(ScoringError, match="得分应在 0 至分值 10 分之间，不能调整为 11 分"):
        adjust(result, 0, Decimal("11"), "超额")
    with pytest.raises(ScoringError, match="没有第 2 个指标"):
        adjust(result, 1, Decimal("7"), "理由")
    adjusted = adjust(result, 0, Decimal("7"), "制度初稿已成，尚未印发")
    item = adjusted.indicators[0]
    assert item.score == Decimal("7.00")
    assert item.adjustment is not None
    assert (item.adjustment.computed, item.adjustment.adjusted) == (None, Decimal("7.00"))
    assert item.adjustment.reason == "制度初稿已成，尚未印发"
    assert item.needs_deviation
    again = adjust(adjusted, 0, Decimal("7.5"), "复核后调整")
    assert again.indicators[0].adjustment == replace(
        item.adjustment, adjusted=Decimal("7.50"), reason="复核后调整"
    )
    assert result.indicators[0].score is None  # the original result is unchanged


# -- the table's own 指标方向 column, and points used up --


@pytest.mark.parametrize(
    ("direction", "expected", "words"),
    [
        ("反向指标", "8.33", "反向：目标 5% ÷ 实际 6% × 分值 10 = 8.33 分"),
        ("正向", "10.00", "正向：实际 6% ÷ 目标 5% × 分值 10 = 12.00，得分不超过分值"),
        (None, "10.00", "“=”按正向：实际 6% ÷ 目标 5%"),
    ],
)
def test_a_stated_direction_decides_an_equal_target(
    direction: str | None, expected: str, words: str
) -> None:
    indicator = row("结余率", "=5%", "6%", weight="10").model_copy(update={"direction": direction})
    [item] = score(project(indicator), CENTRAL).indicators
    assert item.score == Decimal(expected)
    assert words in item.arithmetic
    if direction:
        assert item.notes[0].startswith("指标方向为")


def test_an_indicator_left_without_points_says_why() -> None:
    result = score(
        project(row("甲", "≥1次", "1次", weight="50"), row("乙", "≥1次", "1次")), CENTRAL
    )
    item = result.indicators[1]
    assert (item.weight, item.score, item.arithmetic) == (None, None, "未设分值，不计分")
    assert item.notes == (
        "产出指标的 50 分已由单位设定的分值占满，本指标未分得分值；请为本指标设定分值",
    )


def test_an_indicator_outside_the_profiles_level1_is_named() -> None:
    [item] = score(project(row("甲", "≥1次", "1次", "投入指标", "资金投入")), CENTRAL).indicators
    assert item.group is None
    assert item.notes == ("一级指标「投入指标」不在评分方案的一级指标中",)
