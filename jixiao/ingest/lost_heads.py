"""Cells whose first characters were lost in the copy ("级预算单位名称" for 一级 or
二级预算单位名称, "陵区林业局" for 零陵区林业局): a label naming the form seen only by its tail,
so that the refusal of a text no layout reads says which label it may be, and that its head is
missing.

Only labels are recognised so (a value's lost characters cannot be known, and none is made up),
and only where the tail is long enough to be no word of its own."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.ingest import detect
from jixiao.ingest.cell_vocabulary import LABELS, Cell

UNIT_NAMES = ("一级预算单位名称", "二级预算单位名称", "预算单位名称", "部门名称")
"""The labels naming the unit of a department-wide self-evaluation (部门整体支出绩效自评表)."""
NAMING = tuple(dict.fromkeys((*detect.NAMING_WORDS, *UNIT_NAMES)))
_LOST = 2
"""Characters a label's head may have lost and still be told by its tail."""
_TAIL = 3
"""Characters a tail has at least: 名称 or 单位 alone could be the tail of anything."""


@dataclass(frozen=True)
class LostHead:
    line: int
    text: str
    labels: tuple[str, ...]
    """The labels the text is the tail of, one or more (一级 and 二级预算单位名称)."""

    def describe(self) -> str:
        return f"第{self.line}行的「{self.text}」像是「{'」或「'.join(self.labels)}」丢失了开头的字"


def lost_heads(text: str, *, limit: int = 3) -> list[LostHead]:
    """Lines that are a naming label with its first one or two characters lost, at most
    `limit` of them, in the order of the text."""
    found: list[LostHead] = []
    for number, line in detect.content_lines(text):
        stripped = line.strip()
        if not _TAIL <= len(stripped) <= 16 or any(char.isdigit() for char in stripped):
            continue
        key = Cell(stripped, number).key
        if len(key) < _TAIL or key in LABELS or key in NAMING:
            continue
        labels = tuple(
            label for label in NAMING if label.endswith(key) and len(label) - len(key) <= _LOST
        )
        if labels:
            found.append(LostHead(number, stripped, labels))
            if len(found) >= limit:
                break
    return found
