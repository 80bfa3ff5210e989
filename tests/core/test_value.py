"""The value parser on what real tables write, and its render/re-parse property."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jixiao.core.model import Value
from jixiao.core.value import parse_value, render_value

# written, kind, op, number, unit, text
SEED = [
    ("≥10次", "quantity", ">=", "10", "次", None),
    ("≥3起", "quantity", ">=", "3", "起", None),
    ("≤5%", "quantity", "<=", "5", "%", None),
    ("100%", "quantity", "=", "100", "%", None),
    ("≤80%", "quantity", "<=", "80", "%", None),
    ("≤10次", "quantity", "<=", "10", "次", None),
    ("≤90%", "quantity", "<=", "90", "%", None),
    ("≤85%", "quantity", "<=", "85", "%", None),
    ("≤8次", "quantity", "<=", "8", "次", None),
    ("<5次", "quantity", "<", "5", "次", None),
    ("≤1版 ", "quantity", "<=", "1", "版", None),
    ("≤20次", "quantity", "<=", "20", "次", None),
    ("≤2个", "quantity", "<=", "2", "个", None),
]
SYMBOL_OPERATORS = [
    ("≥95%", ">="), ("≧95%", ">="), (">=95%", ">="), ("＞＝95%", ">="), ("⩾95%", ">="),
    ("≤95%", "<="), ("≦95%", "<="), ("<=95%", "<="), ("＜＝95%", "<="), ("⩽95%", "<="),
    (">95%", ">"), ("＞95%", ">"),
    ("<95%", "<"), ("＜95%", "<"),
    ("=95%", "="), ("＝95%", "="), ("═95%", "="), ("==95%", "="),
    ("≮95%", ">="), ("≯95%", "<="),
]  # fmt: skip
WORD_OPERATORS = [
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("大于等于", ">="), ("大于或等于", ">="),
    ("至少", ">="), ("达到或超过", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("小于等于", "<="),
    ("小于或等于", "<="), ("至多", "<="), ("控制在", "<="),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"), ("不足", "<"),
    ("达到", "="), ("等于", "="), ("为", "="), ("达", "="), ("约", "="),
]  # fmt: skip
SUFFIX_OPERATORS = [
    ("4%以上", ">="), ("500人及以上", ">="), ("5%以下", "<="), ("3次及以下", "<="),
    ("3个工作日以内", "<="), ("5%之内", "<="), ("10天内", "<="),
    # An operator word after the number overrules a neutral one before it.
    ("控制在5%以内", "<="), ("达到4%以上", ">="), ("为90%以上", ">="),
    # …but not a comparison: the word before wins.
    ("不低于80%以上", ">="), ("大于3次以上", ">"),
]  # fmt: skip
UNITS = [
    "次", "起", "%", "个", "人", "人次", "家", "版", "万元", "元", "元/人", "元/人·月", "公里", "亩",
    "个百分点", "天", "小时", "工作日", "亿元", "万平方米", "次/月", "元/人*月", "㎡", "m²", "km", "‰",
]  # fmt: skip
CASES = [
    *SEED,
    # implied "=", written precision, thousands, signs
    ("25.00", "quantity", "=", "25.00", None, None),
    ("60000.00元", "quantity", "=", "60000.00", "元", None),
    ("1,000人次", "quantity", "=", "1000", "人次", None),
    ("8,827,620.53", "quantity", "=", "8827620.53", None, None),
    ("-5%", "quantity", "=", "-5", "%", None),
    ("≥-0.5%", "quantity", ">=", "-0.5", "%", None),
    ("+3%", "quantity", "=", "3", "%", None),
    ("0次", "quantity", "=", "0", "次", None),
    ("1346.0088万平方米", "quantity", "=", "1346.0088", "万平方米", None),
    ("≤620万/月", "quantity", "<=", "620", "万/月", None),
    ("≥2个百分点", "quantity", ">=", "2", "个百分点", None),
    # notes, punctuation and spaces around the parts
    ("≥95%（含）", "quantity", ">=", "95", "%", None),
    ("≥95% (含)", "quantity", ">=", "95", "%", None),
    ("95%（含）以上", "quantity", ">=", "95", "%", None),
    ("≥100%。", "quantity", ">=", "100", "%", None),
    ("95%以上；", "quantity", ">=", "95", "%", None),
    ("≥ 95 %", "quantity", ">=", "95", "%", None),
    ("2.38  万元", "quantity", "=", "2.38", "万元", None),
    # full-width forms
    ("１０次", "quantity", "=", "10", "次", None),
    ("≥９５％", "quantity", ">=", "95", "%", None),
    ("１，０００人次", "quantity", "=", "1000", "人次", None),
    ("－５％", "quantity", "=", "-5", "%", None),
    ("２５．００万元", "quantity", "=", "25.00", "万元", None),
    ("≥１０ｋｍ", "quantity", ">=", "10", "km", None),
    ("＋３％", "quantity", "=", "3", "%", None),
    # Chinese numerals for small counts
    ("三次", "quantity", "=", "3", "次", None),
    ("十二个", "quantity", "=", "12", "个", None),
    ("两次", "quantity", "=", "2", "次", None),
    ("不少于三次", "quantity", ">=", "3", "次", None),
    ("二十人次", "quantity", "=", "20", "人次", None),
    ("一百零五家", "quantity", "=", "105", "家", None),
    ("三个月", "quantity", "=", "3", "个月", None),
    ("百分之九十五", "quantity", "=", "95", "%", None),
    ("百分之百", "quantity", "=", "100", "%", None),
    # ranges
    ("80%-90%", "range", None, "80", "%", None),
    ("80-90%", "range", None, "80", "%", None),
    ("80%~90%", "range", None, "80", "%", None),
    ("80%～90%", "range", None, "80", "%", None),
    ("80%至90%", "range", None, "80", "%", None),
    ("80%到90%", "range", None, "80", "%", None),
    ("80%—90%", "range", None, "80", "%", None),
    ("80-90万元", "range", None, "80", "万元", None),
    ("80万元-90万元", "range", None, "80", "万元", None),
    ("3-5", "range", None, "3", None, None),
    # dates
    ("12月底前", "date", "<=", None, None, "12月底"),
    ("12月31日前", "date", "<=", None, None, "12月31日"),
    ("2024年12月31日之前", "date", "<=", None, None, "2024年12月31日"),
    ("年底前", "date", "<=", None, None, "年底"),
    ("6月底", "date", "=", None, None, "6月底"),
    ("6月底以前", "date", "<=", None, None, "6月底"),
    ("6月底前完成", "date", "<=", None, None, "6月底"),
    ("12月底到位", "date", "<=", None, None, "12月底"),
    ("不晚于2024年6月", "date", "<=", None, None, "2024年6月"),
    ("2024年", "date", "=", None, None, "2024年"),
    ("2024年度", "date", "=", None, None, "2024年度"),
    ("第三季度", "date", "=", None, None, "第三季度"),
    ("2023.07前", "date", "<=", None, None, "2023.07"),
    ("2021-06-21", "date", "=", None, None, "2021-06-21"),
    ("１２月底前", "date", "<=", None, None, "12月底"),
    ("12 月底前", "date", "<=", None, None, "12月底"),
    # periods
    ("2023.07-2024.01", "period", None, None, None, "2023.07-2024.01"),
    ("2023年7月-2024年1月", "period", None, None, None, "2023年7月-2024年1月"),
    ("2023年1月至12月", "period", None, None, None, "2023年1月至12月"),
    ("2020年1月--2020年11月", "period", None, None, None, "2020年1月--2020年11月"),
    ("2023-2025年", "period", None, None, None, "2023-2025年"),
    ("1-12月", "period", None, None, None, "1-12月"),
    # qualitative
    ("优良", "qualitative", None, None, None, "优良"),
    ("有效", "qualitative", None, None, None, "有效"),
    ("好", "qualitative", None, None, None, "好"),
    ("是", "qualitative", None, None, None, "是"),
    ("显著提升", "qualitative", None, None, None, "显著提升"),
    ("全面完成", "qualitative", None, None, None, "全面完成"),
    ("一般", "qualitative", None, None, None, "一般"),
    ("十分满意", "qualitative", None, None, None, "十分满意"),
    ("不到位", "qualitative", None, None, None, "不到位"),
    ("达到国家标准", "qualitative", "=", None, None, "国家标准"),
    ("达到 国家标准", "qualitative", "=", None, None, "国家标准"),
    ("不低于上年", "qualitative", ">=", None, None, "上年"),
    ("≥上年水平", "qualitative", ">=", None, None, "上年水平"),
    ("高于全省平均水平", "qualitative", ">", None, None, "全省平均水平"),
    # a number that is not readable as a value: the text as written
    ("完成2项工作任务并通过验收", "qualitative", None, None, None, "完成2项工作任务并通过验收"),
    ("每年2次", "qualitative", None, None, None, "每年2次"),
    ("≥12月", "qualitative", None, None, None, "≥12月"),
    ("90-80%", "qualitative", None, None, None, "90-80%"),
    ("023-56557278", "qualitative", None, None, None, "023-56557278"),
    ("1e5", "qualitative", None, None, None, "1e5"),
    ("１０项工作", "quantity", "=", "10", "项工作", None),
    ("第１０项工作", "qualitative", None, None, None, "第１０项工作"),
    # empty
    ("", "empty", None, None, None, None),
    ("   ", "empty", None, None, None, None),
    ("\u3000\u00a0", "empty", None, None, None, None),
]


def _assert_reads(
    value: Value, kind: str, op: str | None, number: str | None, unit: str | None, text: str | None
) -> None:
    assert (value.kind, value.op, value.unit, value.text) == (kind, op, unit, text)
    if number is None:
        assert value.number is None
    else:
        assert value.number is not None
        assert format(value.number, "f") == number  # the written precision, not just the value


@pytest.mark.parametrize(("written", "kind", "op", "number", "unit", "text"), CASES)
def test_it_reads_what_tables_write(
    written: str, kind: str, op: str | None, number: str | None, unit: str | None, text: str | None
) -> None:
    value = parse_value(written)
    assert value.raw == written.strip(" \u3000\u00a0")
    _assert_reads(value, kind, op, number, unit, text)


@pytest.mark.parametrize(("written", "op"), SYMBOL_OPERATORS)
def test_every_symbol_operator(written: str, op: str) -> None:
    _assert_reads(parse_value(written), "quantity", op, "95", "%", None)


@pytest.mark.parametrize(("word", "op"), WORD_OPERATORS)
def test_every_word_operator_before_the_number(word: str, op: str) -> None:
    value = parse_value(f"{word}80次")
    _assert_reads(value, "quantity", op, "80", "次", None)
    assert value.raw == f"{word}80次"


@pytest.mark.parametrize(("written", "op"), SUFFIX_OPERATORS)
def test_operator_words_after_the_number(written: str, op: str) -> None:
    assert parse_value(written).op == op


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit(unit: str) -> None:
    _assert_reads(parse_value(f"≥12{unit}"), "quantity", ">=", "12", unit, None)
    _assert_reads(parse_value(f"12{unit}以上"), "quantity", ">=", "12", unit, None)


@pytest.mark.parametrize(
    ("written", "raw"),
    [
        ("≤1版 ", "≤1版"),
        ("\u3000≥95%\u3000", "≥95%"),
        ("\u00a0100%\u00a0", "100%"),
        ("\t优良\n", "优良"),
        ("≥95%（含）", "≥95%（含）"),
        ("１０次", "１０次"),
    ],
)
def test_raw_is_the_cell_without_outer_whitespace(written: str, raw: str) -> None:
    assert parse_value(written).raw == raw


def test_a_range_keeps_both_bounds() -> None:
    value = parse_value("80.0%-90.50%")
    assert value.number is not None
    assert value.upper is not None
    assert (format(value.number, "f"), format(value.upper, "f")) == ("80.0", "90.50")


def test_written_precision_travels_in_json() -> None:
    assert parse_value("25.00").model_dump(mode="json")["number"] == "25.00"


def test_none_is_empty() -> None:
    assert parse_value(None) == Value(raw="", kind="empty")


@pytest.mark.parametrize(
    ("written", "rendered"),
    [
        ("≥10次", "≥10次"),
        ("≤1版 ", "≤1版"),
        ("不少于80次", "≥80次"),
        ("不超过300元/人", "≤300元/人"),
        ("4%以上", "≥4%"),
        ("100%", "100%"),
        ("达到100%", "100%"),
        ("<5次", "<5次"),
        (">3起", ">3起"),
        ("25.00", "25.00"),
        ("１，０００人次", "1000人次"),
        ("三次", "3次"),
        ("80-90%", "80%-90%"),
        ("80%至90%", "80%-90%"),
        ("80万元-90万元", "80-90万元"),
        ("2024年12月31日之前", "2024年12月31日前"),
        ("6月底", "6月底"),
        ("2023年1月至12月", "2023年1月至12月"),
        ("达到国家标准", "达到国家标准"),
        ("不少于上年", "不低于上年"),
        ("优良", "优良"),
        ("", ""),
    ],
)
def test_it_renders_the_canonical_form(written: str, rendered: str) -> None:
    assert render_value(parse_value(written)) == rendered


def test_a_reading_that_would_not_survive_rendering_is_kept_as_text() -> None:
    # "25.00内内" would read as ≤ 25.00 with the unit 内, which writes back as "≤25.00内" and
    # reads as ≤ 25.00 with no unit: the cell is kept as written instead.
    value = parse_value("25.00内内")
    assert (value.kind, value.op, value.text) == ("qualitative", None, "25.00内内")


@pytest.mark.parametrize(
    "written",
    [
        "≥5%" + " " * 3000 + "x",
        "2024年" + " " * 3000 + "x",
        "5%" + "(a)" * 2000 + "x",
        "12月" + "\u3000" * 3000 + "前x",
        "1" * 5000 + "x",
    ],
)
def test_long_cells_are_read_in_linear_time(written: str) -> None:
    start = time.perf_counter()
    parse_value(written)
    assert time.perf_counter() - start < 0.5


def assert_stable(value: Value) -> None:
    again = parse_value(render_value(value))
    assert again.model_copy(update={"raw": value.raw}) == value


PREFIXES = [word for word, _ in WORD_OPERATORS] + [
    "", "≥", "≧", ">=", "＞＝", "⩾", "≤", "≦", "<=", "＜＝", "⩽", ">", "＞", "<", "＜", "=", "＝", "═", "==",
]  # fmt: skip
PREFIX_OPS = dict(WORD_OPERATORS) | {
    "≥": ">=", "≧": ">=", ">=": ">=", "＞＝": ">=", "⩾": ">=",
    "≤": "<=", "≦": "<=", "<=": "<=", "＜＝": "<=", "⩽": "<=",
    ">": ">", "＞": ">", "<": "<", "＜": "<", "=": "=", "＝": "=", "═": "=", "==": "=",
}  # fmt: skip
SUFFIXES = {"": None, "以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=",
            "之内": "<=", "内": "<="}  # fmt: skip
# Prefixes that state no direction of their own and give way to a suffix.
NEUTRAL = {"达到", "等于", "为", "达", "约", "控制在", "=", "＝", "═", "=="}
PLAIN_UNITS = [u for u in UNITS if not u.endswith("内")]
NUMBERS = st.one_of(
    st.decimals(min_value=-1000, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=10**12).map(Decimal),
)
SPACES = st.sampled_from(["", " ", "\u3000", "\u00a0", "\t"])


@st.composite
def realistic_quantities(draw: st.DrawFn) -> tuple[str, str, Decimal, str | None]:
    prefix = draw(st.sampled_from(PREFIXES))
    number = draw(NUMBERS)
    written = format(number, "f")
    if number >= 1000 and "." not in written and draw(st.booleans()):
        written = f"{number:,}"
    unit = draw(st.sampled_from(["", *PLAIN_UNITS]))
    suffix = draw(st.sampled_from(list(SUFFIXES)))
    # "2024.07内" reads as a deadline (within July 2024), not as ≤ 2024.07.
    assume(not (len(written.split(".")[0]) == 4 and "." in written and not unit and suffix == "内"))
    inner = draw(st.sampled_from(["", " "]))
    text = f"{draw(SPACES)}{prefix}{inner}{written}{unit}{suffix}{draw(SPACES)}"
    op = SUFFIXES[suffix] if SUFFIXES[suffix] and (not prefix or prefix in NEUTRAL) else None
    return text, op or PREFIX_OPS.get(prefix, "="), number, unit or None


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_reads_without_raising_and_renders_stably(text: str) -> None:
    assert_stable(parse_value(text))


@settings(max_examples=400, deadline=None)
@given(realistic_quantities())
def test_realistic_values_read_as_quantities_and_render_stably(
    case: tuple[str, str, Decimal, str | None],
) -> None:
    text, op, number, unit = case
    value = parse_value(text)
    assert (value.kind, value.op, value.number, value.unit) == ("quantity", op, number, unit)
    assert_stable(value)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["", "%", "万元", "人", "个百分点"]),
    st.sampled_from(["-", "~", "～", "—", "至", "到"]),
)
def test_ranges_read_and_render_stably(low: int, span: int, unit: str, separator: str) -> None:
    value = parse_value(f"{low}{unit}{separator}{low + span}{unit}")
    assert (value.kind, value.number, value.upper, value.unit) == (
        "range",
        low,
        low + span,
        unit or None,
    )
    assert_stable(value)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["≥", "≤", "<", "=", "＝", "不少于", "达到", "以上", "以下", "内", "前", "之前", "约",
             "0", "1", "12", "2024", "3.5", "25.00", "1,000", "-", "+", ".", "%", "％", "次",
             "个", "万元", "/", "·", "月", "日", "年", "底", "季度", "第", "至", "~", "（含）", "(",
             ")", " ", "\u3000", "。", "十", "两", "百分之", "零", "m", "²", "优良", "国家标准"]
        ),
        max_size=8,
    ).map("".join)
)  # fmt: skip
def test_value_shaped_text_renders_stably(text: str) -> None:
    assert_stable(parse_value(text))
