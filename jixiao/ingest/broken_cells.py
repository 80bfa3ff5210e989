"""Cells a copy broke at the line breaks inside them, joined back.

A web page made from a Word table writes each line of a cell as a paragraph of its own; copied as
text, one cell a line between blank lines, a wrapped label arrives as two or three cells (年初 /
预算数, 偏差原因 / 分析及 / 改进措施, 经济效 / 益指标) and a category's score as a cell after it
(产出指标 / (50)). Read one by one, the pieces are no labels, and each shifts every cell after it
by one column. Only labels are joined — pieces whose text together is a label of the form, a
money column, an indicator grid's column or a category of the indicator framework — and a
bracketed score or money unit after a label; a value is never joined to anything, and nothing is
added to the text (a bracket the copy lost stays lost)."""

from __future__ import annotations

import re
from functools import cache

from jixiao.core.framework import framework
from jixiao.ingest.cell_grid import category
from jixiao.ingest.cell_vocabulary import FUND_FIELDS, GRID_FIELDS, LABELS, Cell, squeezed

_PIECE = 8
"""Characters a piece of a broken label has at most (a line of a narrow column)."""
_NOTE = re.compile(r"[(（]?\s*\d{1,3}(?:\.\d+)?\s*分?\s*[)）]|[(（]\s*万?元\s*[)）]")
"""A bracketed score or money unit standing after its label: (50), 30分), （万元）."""


_TAILS = frozenset({"指标"})
"""Words that are the tail of a broken label (数量 / 指标), no label of their own here."""


def rejoined(cells: list[Cell]) -> list[Cell]:
    """The cells with each broken label joined back into the first piece's cell (its line);
    the same list when nothing is joined. Linear: each cell is looked at a bounded number of
    times, and only short cells are keyed."""
    joined: list[Cell] = []
    position = 0
    changed = False
    while position < len(cells):
        cell = cells[position]
        taken = _pieces(cells, position)
        if taken > 1:
            text = "".join(piece.text.strip() for piece in cells[position : position + taken])
            cell = Cell(text, cell.line)
            changed = True
        position += taken
        following = cells[position].text.strip() if position < len(cells) else ""
        if following[-1:] in ")）" and _NOTE.fullmatch(following) and _known(cell):
            cell = Cell(cell.text.strip() + cells[position].text.strip(), cell.line)
            position += 1
            changed = True
        joined.append(cell)
    return joined if changed else cells


def _pieces(cells: list[Cell], position: int) -> int:
    """How many cells from `position` are one broken label (1: the cell stands alone). The
    continuation pieces are no labels themselves; the first may be one (偏差原因 of 偏差原因分析及
    改进措施) only when what follows is no label either."""
    first = cells[position]
    if not _short(first) or _key(first.text) not in _heads():
        return 1  # no label starts so: the common case, a set lookup
    for count in (3, 2):
        pieces = cells[position : position + count]
        if len(pieces) < count or not all(_short(piece) for piece in pieces[1:]):
            continue
        if any(_known(piece) for piece in pieces[1:]) and _known(first):
            continue
        if any(_known(piece) for piece in pieces[1:-1]):
            continue
        text = "".join(piece.text.strip() for piece in pieces)
        whole = Cell(text, first.line)
        keys = [piece.key for piece in pieces]
        if all(keys) and whole.key == "".join(keys) and _known(whole):
            return count  # each piece a part of the label, none a note it drops
    return 1


def _short(cell: Cell) -> bool:
    text = cell.text.strip()
    return 0 < len(text) <= _PIECE and not text[0].isdigit() and not text.isascii()


def _key(text: str) -> str:
    """`Cell.key` without its patterns for plain text (most cells)."""
    if not any(char in text for char in " :：?？*＊(（)）\t\u3000\xa0"):
        return text
    return Cell(text, 0).key


@cache
def _heads() -> frozenset[str]:
    """Every proper start of a label, column or category a broken label may be."""
    words = [*LABELS, *FUND_FIELDS, *GRID_FIELDS]
    for level1 in framework():
        words += [level1.name, *level1.synonyms]
        for level2 in level1.level2:
            words += [level2.name, *level2.synonyms]
    return frozenset(word[:end] for word in words for end in range(1, len(word)))


def _known(cell: Cell) -> bool:
    """Whether the cell is a label of the form, a money or grid column or a category."""
    if len(squeezed(cell.text)) > 2 * _PIECE + 8:
        return False
    key = cell.key
    if key in _TAILS:
        return False
    return (
        key in LABELS or key in FUND_FIELDS or key in GRID_FIELDS or category(key, None) is not None
    )
