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
    satisfaction: tuple[str, ...]
    inputs: tuple[str, ...]
    benefit: tuple[str, ...]
    generic_bigrams: frozenset[str]
    vague: tuple[str, ...]
    graded: frozenset[str]
    level1_wording: dict[str, str]
    level2_wording: dict[str, str]
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
        satisfaction=tuple(data["classification"]["satisfaction"]),
        inputs=tuple(data["classification"]["inputs"]),
        benefit=tuple(data["classification"]["benefit"]),
        generic_bigrams=frozenset(data["relevance"]["generic_bigrams"]),
        vague=tuple(data["measurability"]["vague"]),
        graded=frozenset(data["measurability"]["graded"]),
        level1_wording=dict(data["wording"]["level1"]),
        level2_wording=dict(data["wording"]["level2"]),
        typos=dict(data["wording"]["typos"]),
        stopwords=frozenset(data["relevance"]["stopwords"]),
        themes=tuple(tuple(theme) for theme in data["relevance"]["themes"]),
    )


@lru_cache(maxsize=65536)
def first_match(text: str, words: tuple[str, ...]) -> str | None:
    """The first listed word that occurs in the text."""
    return next((word for word in words if word in text), None)
