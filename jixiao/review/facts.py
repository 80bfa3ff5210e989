"""What an indicator's wording says about it, read once and shared by the rules.

Every function is a pure reading of text through the lexicon, cached because the same names recur
across thousands of tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.core.model import Indicator, Project, TargetDocument
from jixiao.review.lexicon import lexicon

Polarity = Literal["positive", "negative"]
QuantityKind = Literal["rate", "count", "money"]
UnitKind = Literal["percent", "count", "money", "time", "measure"]

_NAME_UNIT = re.compile(r"[（(]\s*([^（）()]{1,8}?)\s*[）)]\s*$")


@lru_cache(maxsize=8192)
def polarity(name: str) -> Polarity | None:
    """正向 (larger is better) or 反向 (smaller is better), from the indicator's name.

    反向 wording wins: "投诉率" is a rate, but a falling one is good.
    """
    words = lexicon()
    if any(word in name for word in words.negative):
        return "negative"
    if any(word in name for word in words.positive):
        return "positive"
    return None


@lru_cache(maxsize=8192)
def quantity_kind(name: str) -> QuantityKind | None:
    """Whether the name measures a rate, a count or money: the rightmost such word decides
    ("举办活动数量" is a count, "活动完成比率" a rate)."""
    words = lexicon()
    stem = _NAME_UNIT.sub("", name)
    best: tuple[int, QuantityKind] | None = None
    for kind, vocabulary in (
        ("rate", words.rate_words),
        ("count", words.count_words),
        ("money", words.money_words),
    ):
        for word in vocabulary:
            position = stem.rfind(word)
            if position >= 0 and (best is None or position + len(word) > best[0]):
                best = (position + len(word), kind)  # type: ignore[assignment]
    return best[1] if best else None


@lru_cache(maxsize=1024)
def unit_kind(unit: str | None) -> UnitKind | None:
    if not unit:
        return None
    words = lexicon()
    for kind, units in (
        ("percent", words.percent_units),
        ("money", words.money_units),
        ("count", words.count_units),
        ("time", words.time_units),
        ("measure", words.measure_units),
    ):
        if unit in units:
            return kind  # type: ignore[return-value]
    if unit.endswith(("元", "万元")) or unit.startswith("元/"):
        return "money"
    return None


def name_unit(name: str) -> str | None:
    """The unit a name states in brackets: "商务执法行动次数（次）" → "次". A form's hint left in
    the name ("（≥**万元）") states no unit: it is a placeholder (`template_hint`)."""
    match = _NAME_UNIT.search(name)
    if match is None or template_hint(match.group(0)) is not None:
        return None
    return match.group(1)


_OPENING = "(（"
_CLOSING = ")）"
_HINT_EDGE = frozenset("≥≤<>=＝＜＞")
_HINT_TAIL = 6  # unit characters a bare hint may carry after its placeholder ("≥**元/人·月")


@lru_cache(maxsize=16384)
def template_hint(text: str) -> str | None:
    """The form's hint left in a cell, as written: "(≥**人)" in "救助人数(≥**人)", or "≥**%"
    as a whole value; None when the text holds no placeholder (**, ××, XX). A bracketed hint is
    returned with its brackets, a bare one with its operator and unit. Linear: one search for
    the placeholder, then one scan to each side."""
    words = lexicon().placeholders
    at = min((i for word in words if (i := text.find(word)) >= 0), default=-1)
    if at < 0:
        return None
    opening = max(text.rfind(bracket, 0, at) for bracket in _OPENING)
    if opening >= 0 and not any(text.find(c, opening, at) >= 0 for c in _CLOSING):
        closes = [i for c in _CLOSING if (i := text.find(c, at)) >= 0]
        if closes:
            return text[opening : min(closes) + 1]
    start = at
    while start > 0 and (text[start - 1] in _HINT_EDGE or text[start - 1] == " "):
        start -= 1
    end = at
    while end < len(text) and text[end] in "*＊×XxＸ":
        end += 1
    stop = min(len(text), end + _HINT_TAIL)
    while (
        end < stop and not text[end].isspace() and text[end] not in _OPENING + _CLOSING + "，,；;。"
    ):
        end += 1
    return text[start:end].strip()


_NOT_WORD = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


@lru_cache(maxsize=16384)
def subject_bigrams(text: str) -> frozenset[str]:
    """The character bigrams that say what a text is about: punctuation, digits and generic
    two-character words (工作, 完成, 数量 …) left out."""
    generic = lexicon().generic_bigrams
    grams: set[str] = set()
    for part in _NOT_WORD.split(text):
        run = "".join(char for char in part if not char.isdigit())
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(gram for gram in grams if gram not in generic)


@lru_cache(maxsize=16384)
def clean_text(text: str) -> str:
    """Text without punctuation or spaces, for comparing goals and names as written."""
    return _NOT_WORD.sub("", text)


_STATEMENT = re.compile(
    r"(?P<op>不少于|不低于|不超过|不高于|至少|达到|≥|≤|>=|<=)?\s*"
    r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>%|％|[次个人家项件场期篇份户所座处条台套辆批名本起版天]|万元|元)?"
    r"\s*(?P<suffix>及以上|以上|及以下|以下|以内)?"
)
_STATED_OPS = {"不少于": ">=", "不低于": ">=", "至少": ">=", "≥": ">=", ">=": ">=", "以上": ">=",
               "及以上": ">=", "不超过": "<=", "不高于": "<=", "≤": "<=", "<=": "<=", "以下": "<=",
               "及以下": "<=", "以内": "<=", "达到": "="}  # fmt: skip


@dataclass(frozen=True)
class Statement:
    """A number a description states: "资料更新10以上" → (">=", 10, None)."""

    op: str | None
    number: Decimal
    unit: str | None


@lru_cache(maxsize=8192)
def statements(text: str) -> tuple[Statement, ...]:
    found = []
    for match in _STATEMENT.finditer(text):
        op = match["op"] or match["suffix"]
        unit = match["unit"]
        stated_op = _STATED_OPS.get(op) if op else None
        found.append(Statement(stated_op, Decimal(match["number"]), "%" if unit == "％" else unit))
    return tuple(found)


@lru_cache(maxsize=8192)
def mentions_ratio(text: str) -> bool:
    return any(word in text for word in ("比例", "占比", "比率", "百分比", "所占"))


_CLAUSE = re.compile(r"[，,。；;：:！!？?\s]+")
_GAP = 16  # characters a generic phrase may hold between its parts ("做好…工作")
_NUMBERING = re.compile(r"(?:^|(?<=[\s。；;，,]))(?:目标)?[（(]?\d{1,2}[)）.．、:：](?!\d)")


@lru_cache(maxsize=8192)
def generic_duty(text: str) -> str | None:
    """The first generic duty the text is made of, as written ("做好各项就业工作" for
    "做好…工作", "落实各项"); None when it names none. Parts of a phrase stand in one clause."""
    phrases = lexicon().generic_duties
    for clause in _CLAUSE.split(text):
        for parts in phrases:
            start = clause.find(parts[0])
            if start < 0:
                continue
            end = start + len(parts[0])
            for part in parts[1:]:
                found = clause.find(part, end, end + _GAP + len(part))
                if found < 0:
                    break
                end = found + len(part)
            else:
                return clause[start:end]
    return None


def states_a_number(text: str) -> bool:
    """Whether the text states a number other than its list numbering ("1.", "(2)", "目标3:")."""
    return any(char.isdigit() for char in _NUMBERING.sub("", text))


def cut_off(project: Project, document: TargetDocument) -> bool:
    """Whether the reader warned that this table was cut off in the copy read ("表格可能在此处
    被截断"): the indicators after the cut are missing from the copy, not from the table."""
    return table_cut_off(project.name, document)


def table_cut_off(name: str | None, document: TargetDocument) -> bool:
    """`cut_off` for any table the warnings name: a project's, or the department-wide one (None:
    a department whose name the file does not give, its warnings naming no table)."""
    words = lexicon().cut_off
    return any(
        warning.table == name and any(word in warning.message for word in words)
        for warning in document.warnings
    )


def header_lost(project: Project, document: TargetDocument) -> bool:
    """Whether the reader warned that the copy holds this table's grid without its header: its
    name, unit, money and goals are missing from the copy, not from the table."""
    words = lexicon().header_lost
    return any(
        warning.table == project.name and any(word in warning.message for word in words)
        for warning in document.warnings
    )


def values_in_unplaced_columns(
    indicator: Indicator, project: Project, document: TargetDocument
) -> bool:
    """Whether the row's cells under columns the reader could not place went to its note, as the
    reader warned ("绩效指标表的这一列未能识别，其内容记入备注"): a table that writes one value
    per village or sub-project has its values there, so an empty 指标值 is the reader's, not the
    table's."""
    if not indicator.note:
        return False
    words = lexicon().unplaced
    return any(
        warning.table == project.name and any(word in warning.message for word in words)
        for warning in document.warnings
    )


_OPERATOR_SIGNS = "≥≤=＝<>＜＞≧≦⩾⩽"
_SCALES = ("万", "千", "亿", "百")


@lru_cache(maxsize=8192)
def bare_unit(raw: str) -> str | None:
    """The unit of a value that writes only its unit, perhaps with an operator ("公里", "万亩",
    "≧ %"): a form whose unit column was filled and its value never was. None when the value
    holds anything else (a number, a placeholder, a qualitative word)."""
    text = "".join(char for char in raw if char not in _OPERATOR_SIGNS and not char.isspace())
    if not text or any(char.isdigit() for char in text):
        return None
    if unit_kind(text) is not None:
        return text
    if text[0] in _SCALES and unit_kind(text[1:]) is not None:
        return text
    return None


def cut_in(indicator_name: str, project: Project, document: TargetDocument) -> bool:
    """Whether the reader warned that the copy was cut off in this indicator's row (the warning
    names its cell): what the row lacks is missing from the copy."""
    words = lexicon().cut_off
    return any(
        warning.table == project.name
        and warning.cell == indicator_name
        and any(word in warning.message for word in words)
        for warning in document.warnings
    )
