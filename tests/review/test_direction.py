"""Rules of the `direction` family: the operator contradicts the indicator's nature."""

from __future__ import annotations

import pytest

from tests.review.builders import findings, indicator, project


def one(value: str, name: str, level1: str = "产出指标", level2: str = "数量指标") -> object:
    return project(indicators=[indicator(name, value, level1, level2)])


@pytest.mark.parametrize(
    ("name", "value", "suggested"),
    [
        ("群众满意度", "≤85%", "≥85%"),
        ("项目验收合格率", "<95%", "≥95%"),
        ("政策知晓率", "≤90%", "≥90%"),
        ("招商宣传完成比率", "≤90%", "≥90%"),
    ],
)
def test_a_positive_indicator_with_an_upper_bound_is_an_error(
    name: str, value: str, suggested: str
) -> None:
    [finding] = findings(
        one(value, name, "满意度指标", "服务对象满意度指标"), "direction.positive-upper-bound"
    )
    assert finding.severity == "错误"
    assert finding.field == "target"
    assert finding.indicator == name
    assert f"指标值「{value}」" in finding.message
    assert f"建议改为「{suggested}」" in finding.suggestion
    assert finding.message.startswith("项目 101-0001-ABC-0001「业务培训经费」指标「" + name)


@pytest.mark.parametrize("value", ["≥85%", "=100%", "100%", "85%-95%", "优良"])
def test_a_positive_indicator_bounded_below_or_exact_passes(value: str) -> None:
    assert findings(one(value, "群众满意度"), "direction.positive-upper-bound") == []


def test_a_complaint_rate_with_an_upper_bound_is_right() -> None:
    doc = one("≤5%", "执法办案行为投诉率（%）", "满意度指标", "服务对象满意度指标")
    for rule in ("direction.positive-upper-bound", "direction.implied-positive-upper-bound",
                 "direction.negative-lower-bound"):  # fmt: skip
        assert findings(doc, rule) == []


@pytest.mark.parametrize(
    ("name", "value", "suggested"),
    [
        ("执法办案行为投诉率", "≥5%", "≤5%"),
        ("安全事故发生次数", ">0次", "≤0次"),
        ("人均培训成本", "≥300元/人", "≤300元/人"),
    ],
)
def test_a_negative_indicator_with_a_lower_bound_is_an_error(
    name: str, value: str, suggested: str
) -> None:
    [finding] = findings(one(value, name), "direction.negative-lower-bound")
    assert finding.severity == "错误"
    assert f"建议改为「{suggested}」" in finding.suggestion


def test_a_negative_indicator_bounded_above_passes() -> None:
    assert findings(one("≤5%", "差错率"), "direction.negative-lower-bound") == []


@pytest.mark.parametrize(
    ("name", "value", "nature"),
    [
        ("工作主动性比率", "≤80%", "比率类指标"),
        ("赴地区数量", "≤8次", "产出数量"),
        ("举办活动数量", "<5次", "产出数量"),
    ],
)
def test_rates_and_output_counts_with_an_upper_bound_are_warned(
    name: str, value: str, nature: str
) -> None:
    [finding] = findings(one(value, name), "direction.implied-positive-upper-bound")
    assert finding.severity == "警告"
    assert nature in finding.message
    assert "≥" in finding.suggestion


def test_a_count_outside_the_output_category_is_not_warned() -> None:
    doc = one("≤3人", "安置人数", "效益指标", "社会效益指标")
    assert findings(doc, "direction.implied-positive-upper-bound") == []


def test_a_strict_inequality_gets_a_hint() -> None:
    [finding] = findings(one("<5次", "举办活动数量"), "direction.strict-inequality")
    assert finding.severity == "提示"
    assert "「≤5次」" in finding.suggestion
    assert findings(one("≤5次", "举办活动数量"), "direction.strict-inequality") == []
