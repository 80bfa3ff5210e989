"""What the front ends' `looks_like` ask of a short piece of text: is it one of the form's
labels, and which. Shared so that every layout knows the same labels as `cell_form` reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from jixiao.ingest.cell_form import (
    DEPARTMENT,
    DEPARTMENT_CODE,
    DUTIES,
    FILER,
    FRAGMENT,
    GRID_START,
    LABELS,
    MONEY,
    NAME,
    OVERALL,
    SUPERVISOR,
    UNIT,
    Cell,
)
from jixiao.ingest.cell_vocabulary import short

LABEL_LENGTH = 24
"""Text longer than this is no label (its key is not worth computing)."""
NAMING = frozenset({NAME, DEPARTMENT})
"""Labels that name a form: 项目名称 (and its variants) for a project, 部门名称 for a department."""
HEADER = frozenset({SUPERVISOR, UNIT, FILER, *MONEY, DEPARTMENT_CODE, DUTIES, OVERALL})
"""Labels that, with a naming one, make a form's header even where the grid is cut off (a
department-wide form's 部门编码, 职能职责 and 年度绩效总目标 among them)."""
NAMING_WORDS = tuple(label for label, kind in LABELS.items() if kind in NAMING)
"""The naming labels as words: a text holding none of them names no form anywhere."""


@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """The text as a label (`Cell.key`); plain text without a space, colon, "?" or bracket is
    its own key, found without running the patterns (they cost more than scanning a line)."""
    if not short(text, LABEL_LENGTH):
        return ""
    if text.isascii() or not any(char in text for char in " :：?？(（\t\u3000\xa0"):
        return text
    return Cell(text, 0).key


SPACED_WORD = 4
"""Characters a piece of a label spaced out has at most: 总 体 目 标, 产出 指标, 满意度 指标."""
SPACED_RUN = 12
"""Pieces a spaced-out label has at most (部 门 职 能 职 责 概 述)."""


def join_spaced(words: list[str], known: Callable[[str], bool]) -> list[str]:
    """The words with a label written with spaces between its characters ("总 体 目 标", "产出
    指标") joined into one: a run of short words that together make a label `known` accepts,
    none of them a label of its own (but a fragment such as 指标 after the first), so labels
    side by side stay apart and a label followed by a fragment (经济效益 指标, a cell broken
    over two lines) reads as the cells do; the longest run from each word, at most
    `SPACED_RUN` words, so a line is scanned in linear time."""
    joined: list[str] = []
    position = 0
    while position < len(words):
        end = position
        while (
            end < len(words)
            and end - position < SPACED_RUN
            and len(words[end]) <= SPACED_WORD
            and not words[end].isascii()  # a label's pieces are Chinese: 1, 2, x, 100% are none
            and (end == position or not known(words[end]) or _fragment(words[end]))
        ):
            end += 1
        found = next(
            (stop for stop in range(end, position + 1, -1) if known("".join(words[position:stop]))),
            None,
        )
        if found is not None and not known(words[position]):
            joined.append("".join(words[position:found]))
            position = found
        else:
            joined.append(words[position])
            position += 1
    return joined


def _fragment(word: str) -> bool:
    return LABELS.get(key(word)) == FRAGMENT


def names(text: str) -> bool:
    """Whether the text is a label naming a form (项目名称, 部门名称 …)."""
    return LABELS.get(key(text)) in NAMING


def glued(text: str) -> str:
    """The label of a label and its value written in one line ("部门(单位)名称: 岳阳市…",
    "预 算 编 码: 906017"): the text before the first colon, or "" when it has none."""
    colons = [i for i in (text.find(":"), text.find("：")) if i > 0]
    return text[: min(colons)] if colons else ""


def heads(text: str) -> bool:
    """Whether the text is 一级指标 or another header label (主管部门, 实施单位, 资金总额 …)."""
    found = key(text)
    return found == GRID_START or LABELS.get(found) in HEADER


_CONTENT = re.compile(r"[^\s][^\n]*")
"""A line's text from its first character that is not a space (a match never crosses a line)."""


def content_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines holding text, each with its number (from 1), stripped at its start: blank
    lines — a file of 100,000 — are passed over at C speed, not looked at one by one."""
    number, last = 1, 0
    for match in _CONTENT.finditer(text):
        number += text.count("\n", last, match.start())
        last = match.start()
        yield number, match.group()


@lru_cache(maxsize=8)
def _long(length: int) -> re.Pattern[str]:
    return re.compile(rf"^[^\n]{{{length},}}", re.MULTILINE)


def long_lines(text: str, length: int) -> Iterator[str]:
    """The lines of at least `length` characters, found at C speed (shorter ones are skipped
    by the pattern, never handed to Python)."""
    for match in _long(length).finditer(text):
        yield match.group()
