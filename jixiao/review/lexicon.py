"""The review rules' domain vocabulary, loaded once from `data/lexicon.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    rate_words: tuple[str, ...]
    count_words: tuple[str, ...]
    money_words: tuple[str, ...]
    percent_units: frozenset[str]
    count_units: frozenset[str]
    money_units: frozenset[str]
    time_units: frozenset[str]
    measure_units: frozenset[str]
    timeliness: tuple[str, ...]
    on_time: tuple[str, ...]
    quality: tuple[str, ...]
    satisfaction: tuple[str, ...]
    satisfied: tuple[str, ...]
    placeholders: tuple[str, ...]
    cut_off: tuple[str, ...]
    unplaced: tuple[str, ...]
    header_lost: tuple[str, ...]
    inputs: tuple[str, ...]
    benefit: tuple[str, ...]
    generic_bigrams: frozenset[str]
    vague: tuple[str, ...]
    generic_duties: tuple[tuple[str, ...], ...]
    graded: frozenset[str]
    rate_implied: tuple[str, ...]
    dimension_words: tuple[str, ...]
    empty_verbs: tuple[str, ...]
    typos: dict[str, str]
    stopwords: frozenset[str]
    themes: tuple[tuple[str, ...], ...]


@cache
def lexicon() -> Lexicon:
    text = resources.files("jixiao.review").joinpath("data/lexicon.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    units = data["units"]
    return Lexicon(
        positive=tuple(data["polarity"]["positive"]),
        negative=tuple(data["polarity"]["negative"]),
        rate_words=tuple(data["quantity"]["rate"]),
        count_words=tuple(data["quantity"]["count"]),
        money_words=tuple(data["quantity"]["money"]),
        percent_units=frozenset(units["percent"]),
        count_units=frozenset(units["count"]),
        money_units=frozenset(units["money"]),
        time_units=frozenset(units["time"]),
        measure_units=frozenset(units["measure"]),
        timeliness=tuple(data["classification"]["timeliness"]),
        on_time=tuple(data["classification"]["on_time"]),
        quality=tuple(data["classification"]["quality"]),
        satisfaction=tuple(data["classification"]["satisfaction"]),
        satisfied=tuple(data["classification"]["satisfied"]),
        placeholders=tuple(data["hints"]["placeholders"]),
        cut_off=tuple(data["hints"]["cut_off"]),
        unplaced=tuple(data["hints"]["unplaced"]),
        header_lost=tuple(data["hints"]["header_lost"]),
        inputs=tuple(data["classification"]["inputs"]),
        benefit=tuple(data["classification"]["benefit"]),
        generic_bigrams=frozenset(data["relevance"]["generic_bigrams"]),
        vague=tuple(data["measurability"]["vague"]),
        generic_duties=tuple(
            tuple(entry.split("…")) for entry in data["measurability"]["generic_duties"]
        ),
        graded=frozenset(data["measurability"]["graded"]),
        rate_implied=tuple(data["measurability"]["rate_implied"]),
        dimension_words=tuple(data["measurability"]["dimension_words"]),
        empty_verbs=tuple(data["measurability"]["empty_verbs"]),
        typos=dict(data["wording"]["typos"]),
        stopwords=frozenset(data["relevance"]["stopwords"]),
        themes=tuple(tuple(theme) for theme in data["relevance"]["themes"]),
    )


@lru_cache(maxsize=65536)
def first_match(text: str, words: tuple[str, ...]) -> str | None:
    """The first listed word that occurs in the text."""
    return next((word for word in words if word in text), None)


@lru_cache(maxsize=65536)
def last_match(text: str, words: tuple[str, ...]) -> tuple[int, str] | None:
    """The listed word that ends rightmost in the text, with its end: in a Chinese noun phrase
    the head comes last ("服务周期内空气质量" is a 质量, "质量检测及时率" a 及时率)."""
    best: tuple[int, str] | None = None
    for word in words:
        position = text.rfind(word)
        if position >= 0 and (best is None or position + len(word) > best[0]):
            best = (position + len(word), word)
    return best
