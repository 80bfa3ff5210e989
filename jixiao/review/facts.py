"""What an indicator's wording says about it, read once and shared by the rules.

Every function is a pure reading of text through the lexicon, cached because the same names recur
across thousands of tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

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
    """The unit a name states in brackets: "商务执法行动次数（次）" → "次"."""
    match = _NAME_UNIT.search(name)
    return match.group(1) if match else None
