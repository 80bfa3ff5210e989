"""Layout `spaced-rows`: a table copied from a page or PDF as text, a row per line and its cells
separated only by spaces (``项目名称 特困家庭再扶助``, ``数量指标 对符合…家庭进行扶助 63人``), or
by tabs (a tab separates cells for certain, so a cell keeps its spaces).

Nothing marks where a cell ends, so the cells are recovered from the form's own labels:

- above the indicator table, a label (项目名称, 预算单位, 年度资金总额, 年度目标 …, those
  `cell_form` reads) is a cell, and the words up to the next label are its value;
- a label broken over two lines (``总体`` / ``目标``, ``项目完成`` / ``指标``) is joined when the
  two halves make a label or a 一级/二级 category of the framework;
- in the table, a row's leading 一级/二级 category names (the framework's wordings) are cells,
  the last word is the 指标值 and the words between are the 三级指标; the grid's own vertical
  label (绩效指标) written again at a row's start is passed over. A grid of more columns (分值,
  实际完成值 …) takes a word a cell where a row has as many words as columns; a row that has
  not is kept whole as its 三级指标, with a warning, rather than cut at a guess.

Each row keeps its line, so `cell_form` reads a row without a value as an empty 指标值 and a
row of categories only as the categories of the rows below.
"""

from __future__ import annotations

from functools import lru_cache

from jixiao.core.framework import find_level1, framework
from jixiao.core.model import ReadWarning, TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import (
    FRAGMENT,
    GRID_COLUMNS,
    GRID_FIELDS,
    GRID_START,
    LABELS,
    SECTION,
    Cell,
    read_cells,
)
from jixiao.ingest.cell_grid import written_number
from jixiao.ingest.cell_vocabulary import labels_money

LAYOUT = "spaced-rows"
_HEAD = 200_000
_LABEL_LENGTH = 24
_OPERATORS = frozenset("≥≤＞＜><=≧≦")
_CATEGORY_COLUMNS = frozenset({"绩效指标", GRID_START, "二级指标"})
"""Header words before the grid's own columns: its vertical label and the category columns."""


def looks_like(text: str) -> bool:
    """A line led by 项目名称 (or 部门名称 …) with its value after a space, and a later line
    holding the grid's header words (一级指标 and another column) among other words, or, in a
    form cut off above its table, led by another header label (主管部门, 年度资金总额 …).
    One pass over the head."""
    named = False
    for line in text[:_HEAD].split("\n"):
        if len(line) < 4 or "|" in line:  # no label and value (项目名称 x) in fewer characters
            continue
        words = _split(line)
        if len(words) < 2:
            continue
        if not named:
            named = detect.names(words[0]) and not _is_grid_header(words)
        elif _is_grid_header(words) or detect.heads(words[0]):
            return True
    return False


def _split(line: str) -> list[str]:
    """A row's words: its cells where tabs separate them (spaces inside a cell kept), else the
    words between spaces, a label spaced out (总 体 目 标, 产出 指标) one word."""
    if "\t" in line.strip():
        return [part.strip() for part in line.split("\t") if part.strip()]
    return detect.join_spaced(line.split(), _known)


def _known(text: str) -> bool:
    """A label, a grid column or a category, as written whole (not a column's prefix)."""
    key = _key(text)
    return key in LABELS or key in GRID_FIELDS or _is_category(key)


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    return Cell(word, 0).key if len(word) <= _LABEL_LENGTH else ""


def _is_grid_header(words: list[str]) -> bool:
    keys = [_key(word) for word in words[:8]]
    return GRID_START in keys and any(_is_column(key) for key in keys)


def _is_column(key: str) -> bool:
    return any(key.startswith(column) for column in GRID_COLUMNS)


def _is_label(key: str) -> bool:
    return key in LABELS or key == GRID_START or _is_column(key)


@lru_cache(maxsize=4096)
def _is_category(key: str) -> bool:
    if not key:
        return False
    return find_level1(key) is not None or any(l1.find(key) is not None for l1 in framework())


def _joins(left: str, right: str) -> bool:
    """Whether two words broken over lines make one label: together a label or category, the
    second alone none (or only a fragment such as 指标)."""
    if len(left) + len(right) > _LABEL_LENGTH:
        return False
    whole = _key(left + right)
    if not (_is_label(whole) or _is_category(whole)):
        return False
    alone = _key(right)
    return LABELS.get(alone) == FRAGMENT or not (_is_label(alone) or _is_category(alone))


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """The lines as (number, words), blank lines left out and labels broken over two lines
    joined onto the first."""
    rows = [(n, _split(line)) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    joined: list[tuple[int, list[str]]] = []
    for number, words in rows:
        rest = words
        if joined and _joins(joined[-1][1][-1], words[0]):
            joined[-1][1][-1] += words[0]
            rest = words[1:]
        if rest:
            joined.append((number, rest))
    return joined


def cells(text: str) -> list[Cell]:
    """Each row's cells, recovered from the labels (see the module's docstring)."""
    return _Cutter().cut(text)


class _Cutter:
    """The rows cut into cells; a grid row whose words do not fit its columns is kept whole as
    its 三级指标, with a warning (`notes`)."""

    def __init__(self) -> None:
        self.notes: list[ReadWarning] = []
        self.categories = 0  # the grid's category columns (一级指标, 二级指标)
        self.level1: str | None = None  # the last 一级 category written

    def cut(self, text: str) -> list[Cell]:
        found: list[Cell] = []
        width = 0  # the grid's columns from 三级指标 on: 2 for 三级指标 and 指标值
        for number, words in _rows(text):
            if not width and _is_grid_header(words):
                header = _header_words(words)
                width = sum(_key(word) not in _CATEGORY_COLUMNS for word in header)
                self.categories = sum(_key(word) in _CATEGORY_COLUMNS for word in header)
                self.categories -= LABELS.get(_key(header[0])) == SECTION
                if width > 2:  # read by place: the grid's vertical label is no column
                    header = [w for w in header if LABELS.get(_key(w)) != SECTION]
                found.extend(Cell(word, number) for word in header)
            elif width:
                found.extend(Cell(word, number) for word in self.grid_row(words, width, number))
            else:
                found.extend(Cell(word, number) for word in _header_row(words))
        return found

    def grid_row(self, words: list[str], width: int, number: int) -> list[str]:
        """Leading categories as cells (the grid's vertical label dropped), then the row's
        other cells: with two columns the 三级指标 (spaces kept) and its value, the last word
        (an operator written apart, as in ≥ 90%, kept with it); with more, a word each where
        the words are as many as the columns."""
        position = 0
        while position < len(words) and LABELS.get(_key(words[position])) == SECTION:
            position += 1
        parts: list[str] = []
        while position < len(words) and _is_category(_key(words[position])):
            parts.append(words[position])
            position += 1
        rest = words[position:]
        placed = self.placed(parts)  # followed whatever the row: the 一级 above the next
        if len(rest) < 2:
            return parts + rest
        if width > 2:
            if len(rest) == width:
                return placed + rest
            self.notes.append(
                ReadWarning(
                    message=f"这一行的单元格之间只有空格，{len(rest)} 个词分不出指标表的 "
                    f"{width} 列；整行作为三级指标读入，指标值等留空，请核对",
                    line=number,
                    cell=" ".join(rest)[:30],
                )
            )
            return [*placed, " ".join(rest)]
        cut = len(rest) - 1
        if cut > 1 and all(char in _OPERATORS for char in rest[cut - 1]):
            cut -= 1
        return [*parts, " ".join(rest[:cut]), "".join(rest[cut:])]

    def placed(self, categories: list[str]) -> list[str]:
        """A row's category words in the grid's category columns, a merged (unwritten) one
        blank: a word is the 二级 of the 一级 above it where the framework says so (成本指标
        under 产出指标), else a 一级 where it names one."""
        first = find_level1(self.level1) if self.level1 else None
        level1 = level2 = ""
        for word in categories:
            if first is not None and first.find(word) is not None:
                level2 = word
            elif find_level1(word) is not None:
                level1, first = word, find_level1(word)
                self.level1 = word
            else:
                level2 = word
        if self.categories < 2 or len(categories) >= self.categories:
            return categories
        return [level1, level2]


def _header_row(words: list[str]) -> list[str]:
    """Labels as cells, the words between them joined as their values; a money row that is no
    label of the form (1、一般公共预算 6.30, （二）自有资金小计 0.00) its label and its amount."""
    if (
        2 <= len(words) <= 4
        and written_number(words[-1]) is not None
        and not any(_is_label(_key(word)) for word in words[:-1])
        and labels_money(Cell(" ".join(words[:-1]), 0))
    ):
        return [" ".join(words[:-1]), words[-1]]
    parts: list[str] = []
    value: list[str] = []
    for word in words:
        if _is_label(_key(word)):
            if value:
                parts.append(" ".join(value))
                value = []
            parts.append(word)
        else:
            value.append(word)
    if value:
        parts.append(" ".join(value))
    return parts


def _header_words(words: list[str]) -> list[str]:
    """The grid's header: a word each, a note in brackets kept with the word before it."""
    parts: list[str] = []
    for word in words:
        if parts and word.startswith(("(", "（")):
            parts[-1] += word
        else:
            parts.append(word)
    return parts


def read(text: str, source: str) -> TargetDocument:
    cutter = _Cutter()
    document = read_cells(cutter.cut(text), source, LAYOUT, rows=True)
    if not cutter.notes:
        return document
    table = document.projects[-1].name if document.projects else None
    notes = [note.model_copy(update={"table": table}) for note in cutter.notes]
    return document.model_copy(update={"warnings": [*document.warnings, *notes]})
