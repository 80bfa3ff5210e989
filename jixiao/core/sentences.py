"""Department-level 绩效指标 sentences read into structured indicators.

"每年执法行动不少于80次，执法案件结案率达到100%。" states two indicators: ≥80 次 and =100 %.
Each clause that states a number becomes one indicator, named by the words before its value.
"""

from __future__ import annotations

import re

from jixiao.core.model import Indicator
from jixiao.core.value import parse_value

_CLAUSE_END = re.compile(r"[，；。,;！!？?]+")
_OPS = (
    "大于或等于|小于或等于|大于等于|小于等于|不少于|不低于|不小于|不超过|不高于|不多于|不大于|"
    "至少|至多|控制在|达到|超过|高于|低于|大于|小于|≥|≤|≧|≦|>=|<=|>|<|=|＝"
)
_NUMBER = r"\d+(?:\.\d+)?"
_SUFFIX = r"(?:及以上|以上|及以下|以下|以内)"
_UNIT = r"(?:个百分点|万元|亿元|元|人次|%|％|[\u4e00-\u9fff]{1,2}?)"
# An operator word or symbol, then the number, unit and an optional 以上/以下 to the clause end.
_STATED = re.compile(rf"(?P<value>(?:{_OPS})\s*{_NUMBER}\s*.{{0,6}}?{_SUFFIX}?)$")
# A number and unit (and 以上/以下) closing the clause: "增长4%以上".
_CLOSING = re.compile(rf"(?P<value>{_NUMBER}\s*{_UNIT}?\s*{_SUFFIX}?)$")
_EMBEDDED = re.compile(
    rf"(?<![\d.])(?P<value>{_NUMBER}\s*(?:个百分点|万元|亿元|元|人次|%|％|"
    r"[个次人家项件场期篇份户所座处条台套辆批名本起版天])?)"
)


def indicators_from_sentence(text: str) -> list[Indicator]:
    sentence = (text or "").strip().rstrip("。；;，,")
    if not sentence:
        return []
    clauses = [clause.strip() for clause in _CLAUSE_END.split(sentence) if clause.strip()]
    indicators = [found for clause in clauses if (found := _clause_indicator(clause))]
    if indicators:
        return indicators
    return [
        Indicator(
            name=sentence,
            description=sentence,
            target=parse_value(sentence).model_copy(
                update={
                    "kind": "qualitative",
                    "op": None,
                    "number": None,
                    "unit": None,
                    "upper": None,
                    "text": sentence,
                }
            ),
        )
    ]


def _clause_indicator(clause: str) -> Indicator | None:
    for pattern in (_STATED, _CLOSING):
        match = pattern.search(clause)
        if match is None:
            continue
        value = parse_value(match["value"])
        name = clause[: match.start("value")].strip()
        if value.kind == "quantity" and name:
            return Indicator(name=name, description=clause, target=value)
    embedded = _EMBEDDED.search(clause)
    if embedded is None:
        return None
    value = parse_value(embedded["value"])
    if value.kind != "quantity":
        return None
    return Indicator(name=clause, description=clause, target=value)
