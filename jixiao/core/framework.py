"""The indicator framework: canonical 一级/二级 categories and the wordings tables use for them.

The vocabulary is data (`data/framework.toml`); this module only looks it up.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

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
        key = clean_label(wording)
        for level2 in self.level2:
            if key == level2.name or key in level2.synonyms:
                return level2
        return None


@cache
def framework() -> tuple[Level1, ...]:
    """The categories in table order: 产出, 效益, 满意度, 成本."""
    text = resources.files("jixiao.core").joinpath("data/framework.toml").read_text("utf-8")
    data = tomllib.loads(text)
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


@lru_cache(maxsize=4096)
def find_level1(wording: str | None) -> Level1 | None:
    if not wording:
        return None
    key = clean_label(wording)
    for level1 in framework():
        if key == level1.name or key in level1.synonyms:
            return level1
    return None


@lru_cache(maxsize=4096)
def categorize(level1: str | None, level2: str | None) -> Category | None:
    """The canonical category of an indicator filed under these (as written) labels.

    When the 一级 label is unknown or missing, a 二级 label that belongs to exactly one 一级
    category decides it.
    """
    first = find_level1(level1)
    if first is not None:
        second = first.find(level2) if level2 else None
        return Category(level1=first.name, level2=second.name if second else None)
    if not level2:
        return None
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
