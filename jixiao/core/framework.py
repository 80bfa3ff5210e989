"""The indicator framework: canonical 一级/二级 categories and the wordings tables use for them.

The vocabulary is data (`data/framework.toml`); this module only looks it up. Two templates are
known: the current one (满意度指标 a 一级 of its own) and the older national one, which files
satisfaction as a 二级 under 效益指标 (`older_placement`); both read to the same categories.
Local label forms (产出值, 数量值, "产出指标(70分)", "产 出 指 标") are read as their standard
names (`standard_label`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from jixiao.core.model import Category

_ANNOTATION = re.compile(r"[（(][^）)]*[）)]|\s+")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Level2:
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Level1:
    name: str
    synonyms: tuple[str, ...]
    level2: tuple[Level2, ...]

    def find(self, wording: str) -> Level2 | None:
        for key in _keys(wording):
            for level2 in self.level2:
                if key == level2.name or key in level2.synonyms:
                    return level2
        return None


@dataclass(frozen=True)
class Older:
    """A placement of the older national template: categories of `level2` (a 一级 name of the
    current framework) filed as 二级 under `level1`."""

    level1: str
    level2: str


@cache
def _data() -> dict[str, Any]:
    text = resources.files("jixiao.core").joinpath("data/framework.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def framework() -> tuple[Level1, ...]:
    """The categories in table order: 产出, 效益, 满意度, 成本."""
    data = _data()
    return tuple(
        Level1(
            name=entry["name"],
            synonyms=tuple(entry.get("synonyms", ())),
            level2=tuple(
                Level2(name=item["name"], synonyms=tuple(item.get("synonyms", ())))
                for item in entry.get("level2", ())
            ),
        )
        for entry in data["level1"]
    )


@lru_cache(maxsize=4096)
def clean_label(wording: str) -> str:
    """A category label without whitespace or notes such as （必填）.

    Linear: the notes pattern runs only up to the last closing bracket (after it an opening
    bracket has nothing to close, and scanning to the end from each one of a long run of them
    was quadratic); beyond it only whitespace goes."""
    last = max(wording.rfind(")"), wording.rfind("）"))
    head, tail = wording[: last + 1], wording[last + 1 :]
    return _ANNOTATION.sub("", head) + _WHITESPACE.sub("", tail)


def bare_label(wording: str) -> str:
    """A label without whitespace, notes or a trailing weight: "产出指标 70分" → "产出指标".
    Scanned from the end, once (no pattern that could backtrack over a long run of digits)."""
    key = clean_label(wording)
    if not key.endswith("分"):
        return key
    end = len(key) - 1
    while end > 0 and (key[end - 1].isdigit() or key[end - 1] == "."):
        end -= 1
    if end == len(key) - 1:
        return key  # "分" with no number before it ("分值", "得分") is part of the word
    if end > 0 and key[end - 1] in ":：":
        end -= 1
    return key[:end] or key


@cache
def _endings() -> tuple[str, ...]:
    return tuple(_data().get("labels", {}).get("endings", ()))


@lru_cache(maxsize=4096)
def _keys(wording: str) -> tuple[str, ...]:
    """The keys a label is looked up by, best first: the clean label, without a trailing weight
    ("产出指标 70分"), then with a local ending read as 指标 (产出值 → 产出指标, 产出)."""
    key = clean_label(wording)
    keys = [key]
    bare = bare_label(wording)
    if bare != key:
        keys.append(bare)
    for ending in _endings():
        if bare.endswith(ending) and len(bare) > len(ending):
            stem = bare[: -len(ending)]
            keys += [stem + "指标", stem]
            break
    return tuple(keys)


@lru_cache(maxsize=4096)
def find_level1(wording: str | None) -> Level1 | None:
    if not wording:
        return None
    for key in _keys(wording):
        for level1 in framework():
            if key == level1.name or key in level1.synonyms:
                return level1
    return None


@cache
def _older() -> tuple[Older, ...]:
    return tuple(Older(entry["level1"], entry["level2"]) for entry in _data().get("older", ()))


@lru_cache(maxsize=4096)
def older_placement(level1: str | None, level2: str | None) -> Category | None:
    """The category of an indicator filed the older template's way (a satisfaction 二级 such as
    "社会公众或服务对象满意度指标" under 效益指标), or None when it is not filed so."""
    first = find_level1(level1)
    if first is None or not level2 or first.find(level2) is not None:
        return None
    for placement in _older():
        if placement.level1 != first.name:
            continue
        owner = next((one for one in framework() if one.name == placement.level2), None)
        second = owner.find(level2) if owner is not None else None
        if owner is not None and second is not None:
            return Category(level1=owner.name, level2=second.name)
    return None


@lru_cache(maxsize=4096)
def standard_label(wording: str | None, level1: str | None = None) -> str | None:
    """The standard name of a category label as written: a 一级 label when `level1` is None,
    else a 二级 label under that 一级 (as written); None when the label is not a category."""
    if not wording:
        return None
    if level1 is None:
        first = find_level1(wording)
        return first.name if first is not None else None
    placed = older_placement(level1, wording)
    if placed is not None:
        return placed.level2
    owner = find_level1(level1)
    second = owner.find(wording) if owner is not None else None
    if second is None:
        found = categorize(None, wording)
        return found.level2 if found is not None else None
    return second.name


@lru_cache(maxsize=4096)
def categorize(level1: str | None, level2: str | None) -> Category | None:
    """The canonical category of an indicator filed under these (as written) labels.

    When the 一级 label is unknown or missing, a 二级 label that belongs to exactly one 一级
    category decides it, and so does a 二级 wording written as the 一级 label. A satisfaction 二级
    under 效益指标 (the older template) is satisfaction.
    """
    placed = older_placement(level1, level2)
    if placed is not None:
        return placed
    first = find_level1(level1)
    if first is not None:
        second = first.find(level2) if level2 else None
        return Category(level1=first.name, level2=second.name if second else None)
    if not level2:
        if not level1:
            return None
        level2 = level1  # a 二级 wording written as the 一级 label ("社会公众或服务对象满意度指标")
    owners = [(one, two) for one in framework() if (two := one.find(level2)) is not None]
    if len(owners) == 1:
        one, two = owners[0]
        return Category(level1=one.name, level2=two.name)
    return None


def is_standard_level1(wording: str) -> bool:
    return any(clean_label(wording) == level1.name for level1 in framework())


def is_standard_level2(wording: str) -> bool:
    key = clean_label(wording)
    return any(key == level2.name for level1 in framework() for level2 in level1.level2)
