"""Reading and writing indicator values as real tables write them.

`parse_value("≥10次")` → op ">=", number 10, unit "次". The reader understands symbol and word
operators (≥ ≧ ≤ ＝ 不少于 不超过 达到 … and 以上/以下/以内 after the number), an implied "=",
decimals kept at their written precision, Chinese numerals for small counts (三次), any unit,
ranges (80%-90%), dates (12月底前), periods (2023.07-2024.01) and qualitative values (优良).

It never raises, and `render_value` writes a canonical form that reads back to the same value: a
reading whose canonical form would read differently is not trusted, and the cell is kept as
qualitative text instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from jixiao.core.model import Operator, Value, ValueKind

# Outer whitespace of a cell: ASCII whitespace, ideographic space, NBSP, and the invisible
# BOM / zero-width space that pasted cells carry.
_SPACE = " \t\n\r\x0b\x0c\u3000\u00a0\ufeff\u200b"
# Trailing punctuation a cell may end with ("≥95%。"), read past like whitespace.
_TRAILING = _SPACE + "。；;,、.!?"

# Full-width forms (０-９ ． ， ％ ＋ － Ａ-ｚ ＞ ＝ …) read as ASCII. One character for one, so an
# offset in the folded text is the same offset in the raw text.
_NARROW = str.maketrans(
    {
        **{chr(0xFF01 + code): chr(0x21 + code) for code in range(94)},
        "\u3000": " ",
        "\u00a0": " ",
        "\u2212": "-",  # minus sign
        "﹪": "%",
        "﹤": "<",
        "﹥": ">",
        "﹦": "=",
    }
)

_SYMBOL_OPS: dict[str, Operator] = {
    ">=": ">=", "≥": ">=", "≧": ">=", "⩾": ">=", "≮": ">=",
    "<=": "<=", "≤": "<=", "≦": "<=", "⩽": "<=", "≯": "<=",
    ">": ">", "<": "<",
    "==": "=", "=": "=", "═": "=",
}  # fmt: skip
_WORD_OPS: dict[str, Operator] = {
    "不少于": ">=", "不低于": ">=", "不小于": ">=", "大于等于": ">=", "大于或等于": ">=",
    "至少": ">=", "达到或超过": ">=",
    "不超过": "<=", "不高于": "<=", "不多于": "<=", "不大于": "<=", "小于等于": "<=",
    "小于或等于": "<=", "至多": "<=", "控制在": "<=",
    "大于": ">", "高于": ">", "超过": ">", "多于": ">",
    "小于": "<", "低于": "<", "少于": "<", "不足": "<", "不到": "<",
    "达到": "=", "等于": "=", "为": "=", "达": "=", "约": "=", "大约": "=",
}  # fmt: skip
_OPERATORS: dict[str, Operator] = {**_SYMBOL_OPS, **_WORD_OPS}
# Operators too weak to overrule the word after the number: "达到4%以上" is ≥ 4 %.
_YIELDING = frozenset(("达到", "等于", "为", "达", "约", "大约", "控制在", "=", "==", "═"))
# Comparisons that may lead a qualitative value ("达到国家标准", "不低于上年"). Short or vague
# words (为, 约, 至少, 控制在, 不到…) start ordinary wording too often ("不到位") to count there.
_QUALITATIVE_WORDS = frozenset(
    ("达到", "达到或超过", "等于", "不低于", "不少于", "不小于", "大于等于", "大于或等于",
     "不超过", "不高于", "不多于", "不大于", "小于等于", "小于或等于",
     "高于", "超过", "大于", "多于", "低于", "小于", "少于")
)  # fmt: skip
_SUFFIX_OPS: dict[str, Operator] = {
    "及以上": ">=", "以上": ">=",
    "及以下": "<=", "以下": "<=", "以内": "<=", "之内": "<=", "内": "<=",
}  # fmt: skip
# A deadline may follow ≤ / 不晚于 (by) or 为 / 于 / 达到 (on); 前 after it means "by".
_DATE_OPS: dict[str, Operator] = {
    **dict.fromkeys(("<=", "≤", "≦", "⩽", "≯", "<", "不晚于", "不迟于", "不超过"), "<="),
    **dict.fromkeys(("=", "==", "═", "为", "于", "在", "达到"), "="),
}
_BEFORE = ("之前完成", "之前", "以前", "前完成", "前到位", "前", "内", "完成", "到位")

_OP_SYMBOL: dict[Operator, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}
_OP_WORD: dict[Operator, str] = {
    ">=": "不低于",
    "<=": "不超过",
    ">": "高于",
    "<": "低于",
    "=": "达到",
}

OPERATOR_SPELLINGS: tuple[str, ...] = tuple(sorted(_OPERATORS, key=len, reverse=True))
"""Every operator written before a number, longest first (不低于 before 低于)."""


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# A leading zero ("023-5655…", "00100") marks a code or a phone number, not a number.
_UNSIGNED = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*|0)(?:\.[0-9]+)?"
_NUMBER = rf"[-+]?{_UNSIGNED}"
_CN_NUMERAL = r"[零一二两三四五六七八九十百]+"
# Unit characters: letters, CJK, %, ‰, slashes and middle dots (元/人·月), degree signs, squared
# units (㎡), and 2/3 right after a letter (m2, km3).
_UNIT_CHAR = r"%‰‱/·・•*×°℃℉′″²³a-zA-Zµμ\u3380-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
_UNIT = rf"(?:[{_UNIT_CHAR}]|(?<=[a-zA-Z])[23]){{0,8}}?"
_RANGE_UNIT = rf"(?:[{_UNIT_CHAR}]|(?<=[a-zA-Z])[23]){{0,5}}?"
_NOTES = r"(?:\([^()]*\)\s*+)*+"  # "≥95%（含）"
_SEPARATOR = r"(?:-{1,2}|~|—{1,2}|–|至|到)"

# Whitespace quantifiers are possessive (*+): a long run of spaces must not be re-split between
# neighbouring quantifiers when a match fails (that took minutes on 3,000 spaces).
_QUANTITY = re.compile(
    rf"(?P<op>{_alternatives(_OPERATORS)})?\s*+"
    rf"(?:百分之(?P<percent>{_UNSIGNED}|{_CN_NUMERAL})|(?P<number>{_NUMBER})|(?P<cn>{_CN_NUMERAL}))"
    rf"\s*+(?P<unit>{_UNIT})\s*+{_NOTES}(?P<suffix>{_alternatives(_SUFFIX_OPS)})?\s*+{_NOTES}"
)
_RANGE = re.compile(
    rf"(?P<low>{_UNSIGNED})\s*+(?P<low_unit>{_RANGE_UNIT})\s*+{_SEPARATOR}\s*+"
    rf"(?P<high>{_UNSIGNED})\s*+(?P<high_unit>{_RANGE_UNIT})\s*+{_NOTES}"
)
_DAY_PART = r"(?:底|末|初|中|上旬|中旬|下旬)"
_DATE_WORDS = (
    rf"(?:[0-9]{{4}}\s*+年度?(?:\s*+[0-9]{{1,2}}\s*+月(?:\s*+[0-9]{{1,2}}\s*+[日号])?"
    rf"{_DAY_PART}?)?{_DAY_PART}?"
    rf"|[0-9]{{4}}[./-][0-9]{{1,2}}(?:[./-][0-9]{{1,2}})?"
    rf"|[0-9]{{1,2}}\s*+月份?(?:\s*+[0-9]{{1,2}}\s*+[日号])?{_DAY_PART}?"
    rf"|(?:[0-9]{{4}}\s*+年)?第?[一二三四1-4]季度{_DAY_PART}?"
    rf"|年底|年末|年内|年中|年初|当年|上半年|下半年)"
)
_DATE = re.compile(
    rf"(?P<op>{_alternatives(_DATE_OPS)})?\s*+(?P<date>{_DATE_WORDS})\s*+"
    rf"(?P<before>{_alternatives(_BEFORE)})?"
)
_PERIOD = re.compile(
    rf"{_DATE_WORDS}\s*+{_SEPARATOR}\s*+{_DATE_WORDS}"
    rf"|[0-9]{{4}}\s*+{_SEPARATOR}\s*+[0-9]{{4}}\s*+年度?"
    rf"|[0-9]{{1,2}}\s*+{_SEPARATOR}\s*+[0-9]{{1,2}}\s*+月份?"
)
# "2023.07" alone reads as a decimal number; as a deadline it needs 前 ("2023.07前").
_DECIMAL_LIKE = re.compile(r"[0-9]{4}\.[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")
_LEADING_OP = re.compile(_alternatives(_SYMBOL_OPS.keys() | _QUALITATIVE_WORDS))
_DIGIT = re.compile(r"[0-9]")
# Cheap looks before the full patterns: most cells are plain quantities.
_WIDE = re.compile(r"[\uff01-\uff5e\u3000\u00a0\u2212﹪﹤﹥﹦]")
_DATE_HINT = re.compile(r"[年月季]|[0-9][./-][0-9]")
_RANGE_HINT = re.compile(r"[-~—–至到]")
_INNER_SPACE = re.compile(r"\s+")

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}  # fmt: skip
# Chinese numerals count things; other words that start with one (一般, 十分) are not numbers.
_CN_COUNT_UNITS = frozenset(
    ("个百分点", "人次", "个月", "小时", "次", "个", "人", "家", "项", "件", "场", "期", "篇", "份",
     "户", "所", "座", "处", "条", "台", "套", "辆", "批", "名", "本", "起", "版", "天", "年", "周",
     "类", "轮", "届", "节", "课", "门", "种", "部", "栋", "间", "张", "位", "支", "幅", "集")
)  # fmt: skip
# "≥12月" names a month, not twelve of something.
_DATE_UNIT_START = ("月", "季度")


class _Reading(NamedTuple):
    kind: ValueKind
    op: Operator | None = None
    number: Decimal | None = None
    unit: str | None = None
    text: str | None = None
    upper: Decimal | None = None


_EMPTY = _Reading("empty")


def fold_width(text: str) -> str:
    """Full-width forms as ASCII (１０％ → 10%), one character for one."""
    return text.translate(_NARROW)


def parse_value(text: str | None) -> Value:
    """Read an indicator value cell. Never raises: what is not a number is qualitative text."""
    raw = text.strip(_SPACE) if text else ""
    return _cached(raw) if len(raw) <= _CACHED_LENGTH else _value(raw)


# Tables repeat the same few values ("100%", "≥95%") thousands of times, and values are frozen;
# long texts are rarely repeated and would only fill the cache.
_CACHED_LENGTH = 64


def _value(raw: str) -> Value:
    reading = _trusted(raw)
    return Value(
        raw=raw,
        kind=reading.kind,
        op=reading.op,
        number=reading.number,
        unit=reading.unit,
        text=reading.text,
        upper=reading.upper,
    )


_cached = lru_cache(maxsize=16384)(_value)


def _trusted(raw: str) -> _Reading:
    reading = _read(raw)
    if reading.kind == "empty" or (reading.kind == "qualitative" and reading.op is None):
        return reading  # plain text renders as itself
    canonical = _render(reading)
    if canonical == raw or _read(canonical) == reading:
        return reading
    return _Reading("qualitative", text=raw)


def _read(raw: str) -> _Reading:
    if not raw:
        return _EMPTY
    norm = fold_width(raw) if _WIDE.search(raw) else raw
    body = norm.rstrip(_TRAILING)
    dated = _DATE_HINT.search(body) is not None
    return (
        (dated and (_period(body) or _date(body)))
        or (_RANGE_HINT.search(body) is not None and _range(body))
        or _quantity(body)
        or _qualitative(raw, norm)
    )


def render_value(value: Value) -> str:
    """The canonical written form of a value; `parse_value` reads it back to the same value."""
    reading = _Reading(value.kind, value.op, value.number, value.unit, value.text, value.upper)
    return _render(reading) or ("" if value.kind == "empty" else value.raw)


def render_quantity(op: Operator, number: Decimal, unit: str | None) -> str:
    """ "≥10次": a quantity written canonically, e.g. for a suggested fix."""
    return f"{_OP_SYMBOL[op]}{_written(number)}{unit or ''}"


def _render(reading: _Reading) -> str:
    kind, op, number, unit, text, upper = reading
    if kind == "quantity" and number is not None:
        return render_quantity(op or "=", number, unit)
    if kind == "range" and number is not None and upper is not None:
        low_unit = unit if unit in ("%", "‰") else ""
        return f"{_written(number)}{low_unit}-{_written(upper)}{unit or ''}"
    if kind == "date" and text:
        return text + "前" if op == "<=" else text
    if kind == "qualitative" and text and op is not None:
        return _OP_WORD[op] + text
    return text or ""


def _written(number: Decimal) -> str:
    return format(number, "f")


def _period(body: str) -> _Reading | None:
    if _PERIOD.fullmatch(body) is None:
        return None
    return _Reading("period", text=body)


def _date(body: str) -> _Reading | None:
    match = _DATE.fullmatch(body)
    if match is None:
        return None
    date, before = match["date"], match["before"]
    if not before and _DECIMAL_LIKE.fullmatch(date):
        return None
    by = before or (match["op"] and _DATE_OPS[match["op"]] == "<=")
    return _Reading("date", op="<=" if by else "=", text=_INNER_SPACE.sub("", date))


def _range(body: str) -> _Reading | None:
    match = _RANGE.fullmatch(body)
    if match is None:
        return None
    low_unit, unit = match["low_unit"], match["high_unit"]
    if low_unit and low_unit != unit:
        return None
    low, high = _decimal(match["low"]), _decimal(match["high"])
    if low is None or high is None or low > high:
        return None
    return _Reading("range", number=low, upper=high, unit=unit or None)


def _quantity(body: str) -> _Reading | None:
    match = _QUANTITY.fullmatch(body)
    if match is None:
        return None
    op, percent, written, numeral, unit, suffix = match.groups()
    if percent:
        # 百分之九十五 is 95 %; nothing but an operator word may follow it.
        number, unit = (None if unit else _numeral(percent)), "%"
    elif numeral:
        number = _chinese_number(numeral) if unit in _CN_COUNT_UNITS else None
    else:
        number = _decimal(written)
    if number is None or (unit and _names_a_date(unit, written)):
        return None
    return _Reading("quantity", op=_operator(op, suffix), number=number, unit=unit or None)


def _names_a_date(unit: str, number: str | None) -> bool:
    """ "≥12月" names a month and "≥2024年" a year, not twelve or 2024 of something."""
    return unit.startswith(_DATE_UNIT_START) or (
        unit.startswith("年") and _YEAR.fullmatch(number or "") is not None
    )


def _operator(prefix: str | None, suffix: str | None) -> Operator:
    if suffix and (prefix is None or prefix in _YIELDING):
        return _SUFFIX_OPS[suffix]
    return _OPERATORS[prefix] if prefix else "="


def _qualitative(raw: str, norm: str) -> _Reading:
    match = _LEADING_OP.match(norm)
    if match and not _DIGIT.search(norm):
        rest = raw[match.end() :].strip(_SPACE)
        if rest:
            return _Reading("qualitative", op=_OPERATORS[match[0]], text=rest)
    return _Reading("qualitative", text=raw)


def _numeral(written: str) -> Decimal | None:
    return _decimal(written) if written[0] in "0123456789" else _chinese_number(written)


def _decimal(written: str) -> Decimal | None:
    try:
        return Decimal(written.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
        return None


def _chinese_number(written: str) -> Decimal | None:
    """Small Chinese numerals: 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 百 → 100."""
    total, digit, place = 0, None, 1000
    for char in written:
        if char == "零":
            if digit is not None:
                return None
        elif char in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[char]
        else:
            step = 10 if char == "十" else 100
            if step >= place:
                return None
            total += (1 if digit is None else digit) * step
            digit, place = None, step
    return Decimal(total + (digit or 0))
