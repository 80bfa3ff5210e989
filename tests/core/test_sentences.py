"""Department-level 绩效指标 sentences read into indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.sentences import indicators_from_sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "全区外贸企业出口额同比上年增长4%以上。",
            [("全区外贸企业出口额同比上年增长", "4%以上", ">=", "4", "%")],
        ),
        (
            "每年执法行动过不少于80次，执法案件结案率达到100%。",
            [
                ("每年执法行动过", "不少于80次", ">=", "80", "次"),
                ("执法案件结案率", "达到100%", "=", "100", "%"),
            ],
        ),
        (
            "发展特色鲜明网店的数量不少于300家。",
            [("发展特色鲜明网店的数量", "不少于300家", ">=", "300", "家")],
        ),
        (
            "参加专项推介会、专题对接、贸易展览会的客商数量不少于200人。",
            [("参加专项推介会、专题对接、贸易展览会的客商数量", "不少于200人", ">=", "200", "人")],
        ),
        (
            "全区7家农贸市场全面达到全国卫生城市的创建标准。",
            [("全区7家农贸市场全面达到全国卫生城市的创建标准", "7家", "=", "7", "家")],
        ),
        (
            "投诉率控制在5%以内；办结率≥95%",
            [("投诉率", "控制在5%以内", "<=", "5", "%"), ("办结率", "≥95%", ">=", "95", "%")],
        ),
    ],
)
def test_numbers_in_sentences_become_indicators(sentence: str, expected: list[tuple]) -> None:
    found = [
        (i.name, i.target.raw, i.target.op, i.target.number, i.target.unit)
        for i in indicators_from_sentence(sentence)
    ]
    assert found == [(n, raw, op, Decimal(num), unit) for n, raw, op, num, unit in expected]
    assert all(i.description and i.level1 is None for i in indicators_from_sentence(sentence))


def test_a_sentence_without_a_number_is_one_qualitative_indicator() -> None:
    [indicator] = indicators_from_sentence("提升全区商务执法规范化水平。")
    assert indicator.name == "提升全区商务执法规范化水平"
    assert (indicator.target.kind, indicator.target.text) == (
        "qualitative",
        "提升全区商务执法规范化水平",
    )


def test_empty_text_states_nothing() -> None:
    assert indicators_from_sentence("") == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_it_never_raises(text: str) -> None:
    indicators_from_sentence(text)
