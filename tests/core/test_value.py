"""The value parser on what real tables write, and its render/re-parse property."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Value
from jixiao.core.value import parse_value, render_value

CASES = [
    # written, kind, op, number, unit, text
    ("≥10次", "quantity", ">=", "10", "次", None),
    ("≥3起", "quantity", ">=", "3", "起", None),
    ("≤5%", "quantity", "<=", "5", "%", None),
    ("100%", "quantity", "=", "100", "%", None),
    ("≤80%", "quantity", "<=", "80", "%", None),
    ("≤8次", "quantity", "<=", "8", "次", None),
    ("<5次", "quantity", "<", "5", "次", None),
    ("≤1版 ", "quantity", "<=", "1", "版", None),
    ("≤2个", "quantity", "<=", "2", "个", None),
    ("≧95%", "quantity", ">=", "95", "%", None),
    ("≦5%", "quantity", "<=", "5", "%", None),
    ("＝100%", "quantity", "=", "100", "%", None),
    ("═100%", "quantity", "=", "100", "%", None),
    (">=90%", "quantity", ">=", "90", "%", None),
    ("<=30天", "quantity", "<=", "30", "天", None),
    ("＞＝10个", "quantity", ">=", "10", "个", None),
    (">3起", "quantity", ">", "3", "起", None),
    ("不少于80次", "quantity", ">=", "80", "次", None),
    ("不低于95%", "quantity", ">=", "95", "%", None),
    ("不超过300元/人", "quantity", "<=", "300", "元/人", None),
    ("不高于5%", "quantity", "<=", "5", "%", None),
    ("达到100%", "quantity", "=", "100", "%", None),
    ("4%以上", "quantity", ">=", "4", "%", None),
    ("500人及以上", "quantity", ">=", "500", "人", None),
    ("5%以下", "quantity", "<=", "5", "%", None),
    ("控制在5%以内", "quantity", "<=", "5", "%", None),
    ("25.00", "quantity", "=", "25.00", None, None),
    ("60000.00元", "quantity", "=", "60000.00", "元", None),
    ("1,000人次", "quantity", "=", "1000", "人次", None),
    ("-5%", "quantity", "=", "-5", "%", None),
    ("≥20万元", "quantity", ">=", "20", "万元", None),
    ("≤300元/人·月", "quantity", "<=", "300", "元/人·月", None),
    ("≥100公里", "quantity", ">=", "100", "公里", None),
    ("≥500亩", "quantity", ">=", "500", "亩", None),
    ("1346.0088万平方米", "quantity", "=", "1346.0088", "万平方米", None),
    ("≥2个百分点", "quantity", ">=", "2", "个百分点", None),
    ("≥95%（含）", "quantity", ">=", "95", "%", None),
    ("１０次", "quantity", "=", "10", "次", None),
    ("≥９５％", "quantity", ">=", "95", "%", None),
    ("不少于三次", "quantity", ">=", "3", "次", None),
    ("十二个", "quantity", "=", "12", "个", None),
    ("两次", "quantity", "=", "2", "次", None),
    ("80%-90%", "range", None, "80", "%", None),
    ("80-90%", "range", None, "80", "%", None),
    ("80%~90%", "range", None, "80", "%", None),
    ("80%至90%", "range", None, "80", "%", None),
    ("12月底前", "date", "<=", None, None, "12月底"),
    ("12月31日前", "date", "<=", None, None, "12月31日"),
    ("2024年12月31日之前", "date", "<=", None, None, "2024年12月31日"),
    ("年底前", "date", "<=", None, None, "年底"),
    ("6月底", "date", "=", None, None, "6月底"),
    ("2023.07-2024.01", "period", None, None, None, "2023.07-2024.01"),
    ("2023年7月-2024年1月", "period", None, None, None, "2023年7月-2024年1月"),
    ("2023年1月至12月", "period", None, None, None, "2023年1月至12月"),
    ("优良", "qualitative", None, None, None, "优良"),
    ("有效", "qualitative", None, None, None, "有效"),
    ("一般", "qualitative", None, None, None, "一般"),
    ("达到国家标准", "qualitative", "=", None, None, "国家标准"),
    ("完成2项工作任务并通过验收", "qualitative", None, None, None, "完成2项工作任务并通过验收"),
    ("", "empty", None, None, None, None),
    ("   ", "empty", None, None, None, None),
]


@pytest.mark.parametrize(("written", "kind", "op", "number", "unit", "text"), CASES)
def test_it_reads_what_tables_write(
    written: str, kind: str, op: str | None, number: str | None, unit: str | None, text: str | None
) -> None:
    value = parse_value(written)
    assert value.raw == written.strip()
    assert (value.kind, value.op, value.unit, value.text) == (kind, op, unit, text)
    assert value.number == (Decimal(number) if number is not None else None)
    if number is not None:
        assert format(value.number, "f") == format(Decimal(number), "f")


def test_a_range_keeps_both_bounds() -> None:
    value = parse_value("80%-90%")
    assert (value.number, value.upper) == (Decimal("80"), Decimal("90"))


def test_written_precision_is_kept() -> None:
    assert format(parse_value("25.00").number, "f") == "25.00"
    assert parse_value("25.00").model_dump(mode="json")["number"] == "25.00"


def test_none_is_empty() -> None:
    assert parse_value(None) == Value(raw="", kind="empty")


@pytest.mark.parametrize(
    ("written", "rendered"),
    [
        ("≥10次", "≥10次"),
        ("不少于80次", "≥80次"),
        ("4%以上", "≥4%"),
        ("100%", "100%"),
        ("<5次", "<5次"),
        ("80-90%", "80%-90%"),
        ("80-90万元", "80-90万元"),
        ("2024年12月31日之前", "2024年12月31日前"),
        ("6月底", "6月底"),
        ("达到国家标准", "达到国家标准"),
        ("优良", "优良"),
        ("", ""),
    ],
)
def test_it_renders_the_canonical_form(written: str, rendered: str) -> None:
    assert render_value(parse_value(written)) == rendered


def assert_stable(value: Value) -> None:
    again = parse_value(render_value(value))
    assert again.model_copy(update={"raw": value.raw}) == value


OPERATORS = [
    "",
    "≥",
    "≤",
    ">",
    "<",
    "=",
    "≧",
    "＝",
    "不少于",
    "不超过",
    "达到",
    "低于",
    "控制在",
    "约",
]
UNITS = [
    "",
    "次",
    "%",
    "个",
    "人",
    "家",
    "版",
    "万元",
    "元/人",
    "公里",
    "亩",
    "人次",
    "个百分点",
    "天",
]
SUFFIXES = ["", "以上", "以下", "以内", "及以上"]
NUMBERS = st.decimals(
    min_value=-1000, max_value=10**9, allow_nan=False, allow_infinity=False, places=2
)

realistic = st.builds(
    lambda op, number, unit, suffix, space: f"{space}{op}{number}{unit}{suffix}{space}",
    st.sampled_from(OPERATORS),
    NUMBERS.map(lambda d: format(d, "f")),
    st.sampled_from(UNITS),
    st.sampled_from(SUFFIXES),
    st.sampled_from(["", " ", "\u3000"]),
)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_it_never_raises_and_rendering_is_stable_on_any_text(text: str) -> None:
    assert_stable(parse_value(text))


@settings(max_examples=400, deadline=None)
@given(realistic)
def test_realistic_values_read_as_quantities_and_round_trip(text: str) -> None:
    value = parse_value(text)
    assert value.kind == "quantity"
    assert value.number is not None
    assert_stable(value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.-~%至年月日底前≥≤<>=次个万元以上下内 ，,", max_size=16))
def test_numberish_text_is_stable(text: str) -> None:
    assert_stable(parse_value(text))


@pytest.mark.parametrize(("written", "text"), [("12月底到位", "12月底"), ("6月底完成", "6月底")])
def test_a_deadline_with_a_done_word_reads_as_a_date(written: str, text: str) -> None:
    value = parse_value(written)
    assert (value.kind, value.op, value.text) == ("date", "<=", text)
