"""Reading and writing indicator values as real tables write them.

`parse_value("≥10次")` → op ">=", number 10, unit "次". The reader understands symbol and word
operators (≥ ≧ ≤ ＝ 不少于 不超过 达到 … and 以上/以下/以内 after the number), an implied "=",
decimals kept at their written precision, any unit, ranges (80%-90%), dates (12月底前), periods
(2023.07-2024.01) and qualitative values (优良). It never raises; what it cannot read as a number
is kept as qualitative text. `render_value` writes the canonical form, which reads back the same.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from jixiao.core.model import Operator, Value

_SPACE = " \t\r\n\u3000\u00a0\ufeff"

_SYMBOL_OPS: tuple[tuple[str, Operator], ...] = (
    (">=", ">="), ("<=", "<="), ("==", "="),
    ("≥", ">="), ("≧", ">="), ("⩾", ">="), ("≤", "<="), ("≦", "<="), ("⩽", "<="),
    ("=", "="), ("═", "="), (">", ">"), ("<", "<"),
)  # fmt: skip
_WORD_OPS: tuple[tuple[str, Operator], ...] = (
    ("大于或等于", ">="), ("小于或等于", "<="), ("达到或超过", ">="),
    ("大于等于", ">="), ("小于等于", "<="),
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("至少", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("至多", "<="),
    ("控制在", "<="),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"),
    ("达到", "="), ("等于", "="), ("大约", "="), ("约", "="), ("为", "="),
)  # fmt: skip
# Words that may lead a qualitative value ("达到国家标准"); "为"/"约" are too common inside text.
_QUALITATIVE_OPS = {"达到", "不低于", "不少于", "不超过", "不高于", "高于", "低于"}
_SUFFIX_OPS: tuple[tuple[str, Operator], ...] = (
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
    ("之内", "<="),
)  # fmt: skip
_OP_WORD: dict[Operator, str] = {
    ">=": "不低于",
    "<=": "不超过",
    ">": "高于",
    "<": "低于",
    "=": "达到",
}
_OP_SYMBOL: dict[Operator, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}

_PREFIX = "|".join(re.escape(word) for word, _ in (*_SYMBOL_OPS, *_WORD_OPS))
_SUFFIX = "|".join(re.escape(word) for word, _ in _SUFFIX_OPS)
_CN_DIGITS = "零一二两三四五六七八九十百"
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"^(?P<op>{_PREFIX})?\s*(?P<number>{_NUMBER}|[{_CN_DIGITS}]+)\s*(?P<unit>.*?)\s*"
    rf"(?P<suffix>{_SUFFIX})?[\s。；;，,]*$"
)
_UNIT = re.compile(r"^[%‰a-zA-Z\u4e00-\u9fff/·]{0,8}$")
_UNIT_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_CN_UNITS = (
    "个百分点", "人次", "个月", "小时", "次", "个", "人", "家", "项", "件", "场", "期", "篇", "份",
    "户", "所", "座", "处", "条", "台", "套", "辆", "批", "名", "本", "起", "版", "天", "年", "周",
    "类", "轮", "届", "节", "课", "门",
)  # fmt: skip
_RANGE_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE = re.compile(
    rf"^(?P<low>{_RANGE_NUMBER})\s*(?P<low_unit>[%‰a-zA-Z\u4e00-\u9fff/·]{{0,6}}?)\s*"
    rf"(?:-{{1,2}}|~|～|—{{1,2}}|–|至|到)\s*"
    rf"(?P<high>{_RANGE_NUMBER})\s*(?P<high_unit>[%‰a-zA-Z\u4e00-\u9fff/·]{{0,6}})$"
)
_DAY_PART = r"(?:底|末|初|中|上旬|中旬|下旬)"
_DATE = (
    rf"(?:\d{{4}}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?{_DAY_PART}?)?{_DAY_PART}?"
    rf"|\d{{4}}[./-]\d{{1,2}}(?:[./-]\d{{1,2}})?"
    rf"|\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?{_DAY_PART}?(?:份)?"
    rf"|年底|年末|年内|年中|年初|当年|上半年|下半年)"
)
_DATE_VALUE = re.compile(
    rf"^(?P<op>{_PREFIX})?\s*(?P<date>{_DATE})\s*"
    r"(?P<before>之前完成|之前|以前|前完成|前到位|前|内|完成|到位)?$"
)
_PERIOD = re.compile(rf"^{_DATE}\s*(?:-{{1,2}}|~|～|—{{1,2}}|–|至|到)\s*{_DATE}$")
# "2023.07" alone reads as a decimal number; as a deadline it needs 前 ("2023.07前").
_DECIMAL_LIKE = re.compile(r"^\d{4}\.\d{1,2}$")
_OPERATORS: dict[str, Operator] = dict((*_SYMBOL_OPS, *_WORD_OPS))
_SUFFIXES: dict[str, Operator] = dict(_SUFFIX_OPS)


def parse_value(text: str | None) -> Value:
    """Read an indicator value cell. Never raises: unreadable text becomes qualitative."""
    return _parse((text or "").strip(_SPACE))


@lru_cache(maxsize=16384)
def _parse(raw: str) -> Value:
    # Tables repeat the same few values ("100%", "≥95%") thousands of times; values are frozen.
    if not raw:
        return Value(raw="", kind="empty")
    norm = unicodedata.normalize("NFKC", raw).strip(_SPACE)
    return (
        _period(raw, norm)
        or _date(raw, norm)
        or _range(raw, norm)
        or _quantity(raw, norm)
        or _qualitative(raw, norm)
    )


def render_value(value: Value) -> str:
    """The canonical written form of a value; `parse_value` reads it back to the same value."""
    if value.kind == "quantity" and value.number is not None:
        return render_quantity(value.op or "=", value.number, value.unit)
    if value.kind == "range" and value.number is not None and value.upper is not None:
        unit = value.unit or ""
        low_unit = unit if unit in ("%", "‰") else ""
        return f"{_number(value.number)}{low_unit}-{_number(value.upper)}{unit}"
    if value.kind == "date" and value.text:
        if value.op == "<=":
            return value.text + "前"
        return ("" if value.op in (None, "=") else _OP_SYMBOL[value.op]) + value.text
    if value.kind == "qualitative" and value.text is not None:
        return (_OP_WORD[value.op] if value.op else "") + value.text
    if value.kind == "empty":
        return ""
    return value.text or value.raw


def render_quantity(op: Operator, number: Decimal, unit: str | None) -> str:
    """ "≥10次": a quantity written canonically, e.g. for a suggested fix."""
    return f"{_OP_SYMBOL[op]}{_number(number)}{unit or ''}"


def _number(number: Decimal) -> str:
    return format(number, "f")


def _period(raw: str, norm: str) -> Value | None:
    if not _PERIOD.match(norm):
        return None
    return Value(raw=raw, kind="period", text=norm)


def _date(raw: str, norm: str) -> Value | None:
    match = _date_match(norm)
    if match is None:
        return None
    op: Operator = "<=" if match["before"] else "="
    if match["op"]:
        op = _OPERATORS[match["op"]]
    date = re.sub(r"\s+", "", match["date"])
    return Value(raw=raw, kind="date", op=op, text=date)


def _date_match(norm: str) -> re.Match[str] | None:
    match = _DATE_VALUE.match(norm)
    if match is None or (not match["before"] and _DECIMAL_LIKE.match(match["date"])):
        return None
    return match


def _range(raw: str, norm: str) -> Value | None:
    match = _RANGE.match(norm)
    if match is None:
        return None
    low_unit, high_unit = match["low_unit"], match["high_unit"]
    if low_unit and high_unit and low_unit != high_unit:
        return None
    if low_unit and not high_unit:
        return None
    low, high = _decimal(match["low"]), _decimal(match["high"])
    if low is None or high is None or low > high:
        return None
    return Value(raw=raw, kind="range", number=low, upper=high, unit=high_unit or None)


def _quantity(raw: str, norm: str) -> Value | None:
    match = _QUANTITY.match(norm)
    if match is None:
        return None
    written = match["number"]
    unit = _UNIT_NOTE.sub("", match["unit"])
    if written[0] in _CN_DIGITS:
        number = _chinese_number(written)
        if number is None or unit not in _CN_UNITS:
            return None
    else:
        number = _decimal(written)
    if number is None or not _UNIT.match(unit) or unit.endswith(tuple(_SUFFIXES)):
        return None
    if unit and unit[0] in _CN_DIGITS:
        return None
    if unit.startswith("月") or _date_match(f"{_number(number)}{unit}"):
        return None  # "0月（）" would be written back as the date "0月"
    op: Operator = "="
    if match["op"]:
        op = _OPERATORS[match["op"]]
    elif match["suffix"]:
        op = _SUFFIXES[match["suffix"]]
    return Value(raw=raw, kind="quantity", op=op, number=number, unit=unit or None)


def _qualitative(raw: str, norm: str) -> Value:
    for word, op in _SYMBOL_OPS + _WORD_OPS:
        if norm.startswith(word) and (word in _QUALITATIVE_OPS or (word, op) in _SYMBOL_OPS):
            rest = norm[len(word) :].strip(_SPACE)
            if rest:
                return Value(raw=raw, kind="qualitative", op=op, text=rest)
            break
    return Value(raw=raw, kind="qualitative", text=norm)


def _decimal(written: str) -> Decimal | None:
    try:
        return Decimal(written.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
        return None


_CN_VALUES = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}  # fmt: skip


def _chinese_number(written: str) -> Decimal | None:
    """Small Chinese numerals: 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105."""
    total, digit = 0, None
    for char in written:
        if char in _CN_VALUES:
            if digit is not None:
                return None
            digit = _CN_VALUES[char]
        elif char == "十":
            total += (1 if digit is None else digit) * 10
            digit = None
        elif char == "百":
            if digit is None:
                return None
            total += digit * 100
            digit = None
    total += digit or 0
    return Decimal(total) if total or written == "零" else None
