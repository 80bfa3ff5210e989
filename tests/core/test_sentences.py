"""Department-level 绩效指标 sentences read into indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Value
from jixiao.core.sentences import indicators_from_sentence

# sentence → [(name, target raw, kind, op, number, unit)]
CASES = [
    (
        "全区外贸企业出口额同比上年增长4%以上。",
        [("全区外贸企业出口额同比上年增长", "4%以上", "quantity", ">=", "4", "%")],
    ),
    (
        "每年执法行动过不少于80次，执法案件结案率达到100%。",
        [
            ("每年执法行动", "不少于80次", "quantity", ">=", "80", "次"),
            ("执法案件结案率", "达到100%", "quantity", "=", "100", "%"),
        ],
    ),
    (
        "发展特色鲜明网店的数量不少于300家。",
        [("发展特色鲜明网店的数量", "不少于300家", "quantity", ">=", "300", "家")],
    ),
    (
        "参加专项推介会、专题对接、贸易展览会的客商数量不少于200人。",
        [
            (
                "参加专项推介会、专题对接、贸易展览会的客商数量",
                "不少于200人",
                "quantity",
                ">=",
                "200",
                "人",
            )
        ],
    ),
    (
        "全区7家农贸市场全面达到全国卫生城市的创建标准。",
        [
            (
                "全区7家农贸市场全面达到全国卫生城市的创建标准",
                "7家",
                "quantity",
                "=",
                "7",
                "家",
            )
        ],
    ),
    (
        "投诉率控制在5%以内；办结率≥95%",
        [
            ("投诉率", "控制在5%以内", "quantity", "<=", "5", "%"),
            ("办结率", "≥95%", "quantity", ">=", "95", "%"),
        ],
    ),
    # 、 between complete clauses that each state a number
    (
        "新增就业500人、培训1000人次、举办招聘会3场。",
        [
            ("新增就业", "500人", "quantity", "=", "500", "人"),
            ("培训", "1000人次", "quantity", "=", "1000", "人次"),
            ("举办招聘会", "3场", "quantity", "=", "3", "场"),
        ],
    ),
    # …but not before a piece that states nothing
    (
        "培训1000人次、举办招聘会。",
        [("培训1000人次、举办招聘会", "1000人次", "quantity", "=", "1000", "人次")],
    ),
    # particles between name and value are not part of the name; words ending like them are
    (
        "覆盖率达95%以上，群众满意度均达到90%",
        [
            ("覆盖率", "达95%以上", "quantity", ">=", "95", "%"),
            ("群众满意度", "达到90%", "quantity", "=", "90", "%"),
        ],
    ),
    ("违法行为不超过5起", [("违法行为", "不超过5起", "quantity", "<=", "5", "起")]),
    ("违法行为5起", [("违法行为", "5起", "quantity", "=", "5", "起")]),
    ("文书送达100份", [("文书送达", "100份", "quantity", "=", "100", "份")]),
    (
        "公用经费总额为112.72万元",
        [("公用经费总额", "为112.72万元", "quantity", "=", "112.72", "万元")],
    ),
    # thousands separators, decimals, compound units, full-width digits
    (
        "交易额达到1,000万元，增长3.5个百分点。",
        [
            ("交易额", "达到1,000万元", "quantity", "=", "1000", "万元"),
            ("增长", "3.5个百分点", "quantity", "=", "3.5", "个百分点"),
        ],
    ),
    (
        "人均补助不超过300元/人·月",
        [("人均补助", "不超过300元/人·月", "quantity", "<=", "300", "元/人·月")],
    ),
    (
        "完成改造面积１.２万平方米",
        [("完成改造面积", "１.２万平方米", "quantity", "=", "1.2", "万平方米")],
    ),
    ("每年开展培训不少于两次", [("每年开展培训", "不少于两次", "quantity", ">=", "2", "次")]),
    # a counter followed by the thing counted is inside the clause, not its end
    (
        "2024年底前建成10个充电站",
        [("2024年底前建成10个充电站", "10个", "quantity", "=", "10", "个")],
    ),
    (
        "每年开展不少于两次培训",
        [("每年开展不少于两次培训", "不少于两次", "quantity", ">=", "2", "次")],
    ),
    ("服务覆盖100%的社区", [("服务覆盖100%的社区", "100%", "quantity", "=", "100", "%")]),
    # ranges, deadlines and periods at the end of a clause
    ("满意度保持在80%-90%", [("满意度保持", "80%-90%", "range", None, "80", "%")]),
    ("完成时间为2024年12月31日前", [("完成时间", "为2024年12月31日前", "date", "<=", None, None)]),
    (
        "项目实施期为2023年1月至12月",
        [("项目实施期", "2023年1月至12月", "period", None, None, None)],
    ),
    # a value with nothing before it names itself
    ("不少于80次。", [("不少于80次", "不少于80次", "quantity", ">=", "80", "次")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_numbers_in_sentences_become_indicators(
    sentence: str, expected: list[tuple[str, str, str, str | None, str | None, str | None]]
) -> None:
    found = indicators_from_sentence(sentence)
    assert [
        (i.name, i.target.raw, i.target.kind, i.target.op, i.target.number, i.target.unit)
        for i in found
    ] == [
        (name, raw, kind, op, Decimal(number) if number else None, unit)
        for name, raw, kind, op, number, unit in expected
    ]
    for indicator in found:
        assert indicator.description
        assert not indicator.description.endswith("。")
        assert indicator.description in sentence
        assert (indicator.level1, indicator.level2, indicator.category) == (None, None, None)


def test_each_clause_is_described_as_written() -> None:
    first, second = indicators_from_sentence("每年执法行动过不少于80次，执法案件结案率达到100%。")
    assert first.description == "每年执法行动过不少于80次"
    assert second.description == "执法案件结案率达到100%"


def test_the_embedded_value_is_read_like_a_cell() -> None:
    [indicator] = indicators_from_sentence("全区7家农贸市场全面达到全国卫生城市的创建标准。")
    assert indicator.target == Value(
        raw="7家", op="=", number=Decimal(7), unit="家", kind="quantity"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "提升全区商务执法规范化水平。",
        "加强市场监管，维护公平竞争的市场秩序。",
        # numbers that date or list things state no target either
        "2024年全面完成目标任务。",
        "1.项目年度目标完成情况",
    ],
)
def test_a_sentence_that_states_no_number_is_one_qualitative_indicator(sentence: str) -> None:
    text = sentence.rstrip("。")
    [indicator] = indicators_from_sentence(sentence)
    assert (indicator.name, indicator.description) == (text, text)
    assert indicator.target == Value(raw=text, kind="qualitative", text=text)


@pytest.mark.parametrize("text", ["", "   ", "。", "\u3000；"])
def test_empty_text_states_nothing(text: str) -> None:
    assert indicators_from_sentence(text) == []


CLAUSE_PARTS = st.sampled_from(
    ["全区", "企业", "数量", "满意度", "行为", "送达", "达", "为", "过", "均", "不少于", "达到",
     "≥", "＜", "以上", "以内", "4", "80", "1,000", "3.5", "１０", "两", "十二", "%", "次", "家",
     "个", "万元", "元/人", "年", "月", "底前", "第", "、", "，", "；", "。", ",", "-", "至", "（",
     "）", " ", "\u3000"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(CLAUSE_PARTS, max_size=20).map("".join)))
def test_it_never_raises(text: str) -> None:
    for indicator in indicators_from_sentence(text):
        assert indicator.name
        assert indicator.description
