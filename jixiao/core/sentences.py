"""Department-level 绩效指标 sentences read into structured indicators.

"每年执法行动不少于80次，执法案件结案率达到100%。" states two indicators: ≥80 次 and =100 %.
Each clause that states a number becomes one indicator, named by the words before its value; a
number inside a clause ("全区7家农贸市场全面达到…") makes the whole clause the name. A sentence
that states no number is one qualitative indicator.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jixiao.core.model import Indicator, Value
from jixiao.core.value import OPERATOR_SPELLINGS, fold_width, parse_value

_SPACE = " \t\n\r\x0b\x0c\u3000\u00a0\ufeff\u200b"
_SENTENCE_END = _SPACE + "。；;，,.!！?？"
# Clauses end at full stops, semicolons and commas; an ASCII comma inside a number ("1,000")
# is a thousands separator.
_CLAUSE_BREAK = re.compile(r"[，；。;！!？?\n]|(?<![0-9]),|,(?![0-9]{3}(?![0-9]))")
_LIST_BREAK = "、"
_NUMBER = re.compile(r"(?<![0-9.,])[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
# A Chinese numeral counts only right after an operator word: "不少于两次".
_OPERATOR = "|".join(map(re.escape, OPERATOR_SPELLINGS))
_SPELLINGS_BY_LENGTH = tuple(
    (length, frozenset(s for s in OPERATOR_SPELLINGS if len(s) == length))
    for length in sorted({len(s) for s in OPERATOR_SPELLINGS}, reverse=True)
)
_CN_NUMBER = re.compile(rf"(?:{_OPERATOR})\s*(?P<cn>[一二两三四五六七八九十百]+)")
_DIGIT = re.compile(r"[0-9]")
_TAIL_KINDS = frozenset(("quantity", "range", "date", "period"))
# A clause's tail is a value only if what follows the number is a unit, not more of the clause:
# "10个充电站" counts 充电站 in 个, "100%覆盖" is 100 % and a verb.
_UNIT_STOP = frozenset("的和与及并或等、，")
_UNIT_LENGTH = 6
_TAIL_LENGTH = 40  # "2023年1月1日至2023年12月31日" is the longest value a clause ends with
_MAX_LISTED = 64
"""Items of a 、 list tried as clauses of their own; a longer list is read as one clause (each
try reads the clause built so far again: unbounded, that was cubic in the items)."""
_MULTIPLIERS = "万亿千百"
_COUNTERS = frozenset("个次人家项件场期篇份户所座处条台套辆批名本起版种类部栋间张位支幅集元%‰")
_COUNTER_UNITS = frozenset(("个百分点", "个月", "个工作日", "个小时", "个季度", "人天", "人日"))
# A number inside a clause, and the unit that counts it: "7家", "95%", "20万元".
_EMBEDDED_UNIT = re.compile(
    r"\s*(?:个百分点|百分点|万人次|人次|万元|亿元|千元|元|万人|平方米|平方公里|公里|千米|米|亩|公顷|吨|"
    r"[%‰个次人家项件场期篇份户所座处条台套辆批名本起版天年类])?"
)
_LIST_MARKER = re.compile(r"[.、:：)）](?![0-9])")
# Numbers that date things rather than count them: 2024年, 6月, 15日.
_DATE_PART = re.compile(r"\s*(?:月|日|号)|(?<=[0-9]{4})\s*年")
# One-character operators that also end ordinary words: 行为, 送达, 节约.
_WORD_ENDINGS = frozenset((
    "行为", "作为", "成为", "认为", "因为", "以为", "称为", "视为", "列为", "评为", "较为", "更为",
    "送达", "到达", "下达", "传达", "表达", "抵达", "发达", "直达", "通达", "转达",
    "节约", "集约", "预约", "签约", "履约", "制约", "合约", "契约", "公约", "简约", "特约",
    "通过", "经过", "超过", "不过", "度过", "越过",
    "属于", "位于", "处于", "等于", "大于", "小于", "高于", "低于", "多于", "少于", "至于",
    "对于", "关于", "由于", "用于", "在于", "基于",
    "存在", "现在", "所在", "实在", "潜在", "内在", "外在", "正在",
    "平均", "人均", "户均", "日均", "年均", "月均", "亩均",
))  # fmt: skip
# Particles between a name and its value: "执法行动过不少于80次", "覆盖率达95%", "结案率均达到".
_PARTICLES = frozenset("为达过于在均")
_NAME_END = _SPACE + "：:、，,"


class _Stated(NamedTuple):
    name: str
    target: Value


def indicators_from_sentence(text: str) -> list[Indicator]:
    """The indicators a 绩效指标 sentence states; never raises."""
    sentence = (text or "").strip(_SPACE).rstrip(_SENTENCE_END)
    if not sentence:
        return []
    found = [
        Indicator(name=stated.name, description=clause, target=stated.target)
        for clause in _clauses(sentence)
        if (stated := _stated(clause))
    ]
    if found:
        return found
    plain = Value(raw=sentence, kind="qualitative", text=sentence)
    return [Indicator(name=sentence, description=sentence, target=plain)]


def _clauses(sentence: str) -> list[str]:
    return [
        listed
        for part in _CLAUSE_BREAK.split(sentence)
        for listed in _listed_clauses(part.strip(_SPACE))
        if listed
    ]


def _listed_clauses(part: str) -> list[str]:
    """Split at 、 only between complete clauses ("新增就业500人、培训1000人次"), not between the
    items of a list ("参加专项推介会、专题对接、贸易展览会的客商数量")."""
    pieces = [piece.strip(_SPACE) for piece in part.split(_LIST_BREAK)]
    if len(pieces) > _MAX_LISTED:
        return [_LIST_BREAK.join(pieces)]
    clauses = [pieces[0]]
    for piece in pieces[1:]:
        if _closing_value(clauses[-1]) and _closing_value(piece):
            clauses.append(piece)
        else:
            clauses[-1] += _LIST_BREAK + piece
    return clauses


def _stated(clause: str) -> _Stated | None:
    return _closing_value(clause) or _embedded_value(clause)


def _closing_value(clause: str) -> _Stated | None:
    """A value that closes the clause: "执法案件结案率达到100%" → 执法案件结案率, 达到100%."""
    folded = fold_width(clause)
    closing = len(clause) - _TAIL_LENGTH  # a number before this leaves too long a tail
    for start, _ in _numbers(folded):
        if start < closing:
            continue
        value_start = _operator_start(folded, start)
        name = _clean_name(clause[:value_start])
        if not name:
            continue
        target = _tail_value(clause[value_start:]) or _tail_value(clause[start:])
        if target is not None:
            return _Stated(name, target)
    return None


def _embedded_value(clause: str) -> _Stated | None:
    """A number inside the clause names nothing itself: the clause is the name."""
    folded = fold_width(clause)
    for start, end in _numbers(folded):
        if _DATE_PART.match(folded, end) or folded.endswith("第", 0, start):
            continue  # a date or an ordinal (第3), not a count
        unit = _EMBEDDED_UNIT.match(folded, end)
        target = parse_value(clause[_operator_start(folded, start) : unit.end() if unit else end])
        if target.kind == "quantity":
            return _Stated(clause, target)
    return None


def _numbers(folded: str) -> list[tuple[int, int]]:
    """Where each number stands: digits anywhere but in list markers ("1、", "（2）", "指标3："),
    Chinese numerals after an operator word."""
    spans = {
        match.span()
        for match in _NUMBER.finditer(folded)
        if not _LIST_MARKER.match(folded, match.end())
    }
    spans.update(match.span("cn") for match in _CN_NUMBER.finditer(folded))
    return sorted(spans)


def _operator_start(folded: str, start: int) -> int:
    """Where the operator written right before the number begins (the number if there is none)."""
    end = start  # without slicing the clause: it is done for each number in it
    while end > 0 and folded[end - 1] in " \t":
        end -= 1
    for length, spellings in _SPELLINGS_BY_LENGTH:  # longest first: 不低于 before 低于
        if folded[max(0, end - length) : end] in spellings:
            if length == 1 and folded[max(0, end - 2) : end] in _WORD_ENDINGS:
                return start  # "行为": no other one-character operator ends it either
            return end - length
    return start


def _tail_value(tail: str) -> Value | None:
    if len(tail) > _TAIL_LENGTH:
        return None
    value = parse_value(tail)
    if value.kind not in _TAIL_KINDS:
        return None
    unit = value.unit or ""
    if len(unit) > _UNIT_LENGTH or not _UNIT_STOP.isdisjoint(unit) or _counts_a_noun(unit):
        return None
    return value


def _counts_a_noun(unit: str) -> bool:
    """ "个充电站", "家企业", "万元资金": a counter followed by the thing counted."""
    unit = unit.lstrip(_MULTIPLIERS) if len(unit) > 1 else unit
    if len(unit) <= 1 or unit[0] not in _COUNTERS or unit in _COUNTER_UNITS:
        return False
    return unit[1] not in "次/·"


def _clean_name(name: str) -> str:
    end = _stripped_end(name, len(name))
    while end > 2 and name[end - 1] in _PARTICLES and name[end - 2 : end] not in _WORD_ENDINGS:
        end = _stripped_end(name, end - 1)
    return name[:end]


def _stripped_end(name: str, end: int) -> int:
    """Where `name[:end].rstrip(_NAME_END)` ends, found without copying the name."""
    while end > 0 and name[end - 1] in _NAME_END:
        end -= 1
    return end
