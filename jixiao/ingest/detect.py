"""What the front ends' `looks_like` ask of a short piece of text: is it one of the form's
labels, and which. Shared so that every layout knows the same labels as `cell_form` reads."""

from __future__ import annotations

from functools import lru_cache

from jixiao.ingest.cell_form import (
    DEPARTMENT,
    GRID_START,
    LABELS,
    MONEY,
    NAME,
    SUPERVISOR,
    UNIT,
    Cell,
)

LABEL_LENGTH = 24
"""Text longer than this is no label (its key is not worth computing)."""
NAMING = frozenset({NAME, DEPARTMENT})
"""Labels that name a form: 项目名称 (and its variants) for a project, 部门名称 for a department."""
HEADER = frozenset({SUPERVISOR, UNIT, *MONEY})
"""Labels that, with a naming one, make a form's header even where the grid is cut off."""


@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """The text as a label (`Cell.key`); plain text without a space, colon, "?" or bracket is
    its own key, found without running the patterns (they cost more than scanning a line)."""
    if len(text) > LABEL_LENGTH:
        return ""
    if text.isascii() or not any(char in text for char in " :：?？(（\t"):
        return text
    return Cell(text, 0).key


def names(text: str) -> bool:
    """Whether the text is a label naming a form (项目名称, 部门名称 …)."""
    return LABELS.get(key(text)) in NAMING


def heads(text: str) -> bool:
    """Whether the text is 一级指标 or another header label (主管部门, 实施单位, 资金总额 …)."""
    found = key(text)
    return found == GRID_START or LABELS.get(found) in HEADER
