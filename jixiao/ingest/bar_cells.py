"""Layout `bar-cells`: a web page's table as text, one cell per line, the cells marked by bars.

Two converters write it. One ends each cell's line with " |" (``项目名称 |``), writes an empty
cell as a lone "|" and ends a row with a run of bars (``||||``, the columns a merged cell left
over; a lone "|" right after a row's end opens the next row). The other writes each cell's
text on its own line and a "|" line after it, so that two "|" lines in a row hold an empty cell
between them. Either way the cells come out in reading order, a cell per line, and are read as
a form by `cell_form` exactly as `cell_lines` cells are.

A line without a bar is a cell of its own (the notice or report around the table is such
lines, one paragraph each).

A file that stops in the middle of a cell (its last line has no closing bar, right after the
table's lines) was cut off: what comes before is read, the cut cell is left out with a warning
naming it rather than read as a value the page never gave.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from jixiao.core.model import ReadWarning, TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import TRAILERS, Cell, read_cells

LAYOUT = "bar-cells"
_HEAD = 200_000
"""Characters of the text `looks_like` reads: a form's labels stand near its top."""
_ROWS_PER_CELL = 4
"""A "|" row counts as this many bar-closed cells: a text of more rows is a pipe table."""


def looks_like(text: str) -> bool:
    """Cells marked by bars, one a line: 项目名称 and 一级指标 (or, in a form cut off above its
    indicator table, another header label such as 主管部门) each a cell of their own (its line
    ending in a bar, or the next line a "|" line), and few lines holding two cells (a "|" row:
    the text is a pipe table). One pass over the lines of the head."""
    lines = text[:_HEAD].split("\n")
    named = grid = False
    rows = cells = 0  # lines of a "|" row (a | b), and cells closed by a bar on their own line
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _holds_two_cells(stripped):
            rows += 1
            continue
        text = stripped.rstrip("| ")
        if not text:
            continue
        if not stripped.endswith("|"):
            following = lines[number + 1].strip() if number + 1 < len(lines) else ""
            if not following or following.strip("|"):
                continue  # no bar after it: no cell of this layout
        cells += 1
        if len(text) > detect.LABEL_LENGTH:
            continue
        named = named or detect.names(text)
        grid = grid or detect.heads(text)
    # a cell whose text holds a bar (a|b |) leaves the layout as it is; rows make a pipe table
    return named and grid and rows * _ROWS_PER_CELL <= cells


def _holds_two_cells(line: str) -> bool:
    """Whether the line has text on both sides of a bar (``a | b``): a row of a pipe table."""
    first = line.find("|")
    if first < 0:
        return False
    text = line.rstrip("| ")
    return len(text) > first and bool(line[:first].strip())


@dataclass
class _Cutter:
    """The cells, line by line; `closed_by_bars` says which converter wrote the text."""

    closed_by_bars: bool
    found: list[Cell]
    after_bars: bool = False  # the last line that was not blank was a line of bars
    row_ended: bool = False  # ... or ended a row: a run of bars, or a cell closed by several

    def line(self, number: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        text = stripped.rstrip("| ")
        if text:
            self.found.append(Cell(text, number))
            self.after_bars = False
            self.row_ended = stripped.count("|", len(text)) > 1
            return
        # A line of bars. Where cells end in bars, a lone bar is an empty cell, except right
        # after a row's end, where it opens the next row; a longer run of bars ends a row.
        # Where "|" lines separate cells, two in a row leave an empty cell between them.
        lone = stripped == "|"
        if self.closed_by_bars:
            if lone and not self.row_ended:
                self.found.append(Cell("", number))
            self.row_ended = not lone
        elif self.after_bars and lone:
            self.found.append(Cell("", number))
        self.after_bars = True


def _closed_by_bars(lines: list[str]) -> bool:
    """Whether cells end in " |" on their own line (more such lines than text lines that a
    "|" line follows)."""
    ending = following = 0
    for before, after in pairwise(lines):
        stripped = before.strip()
        if not stripped:
            continue
        if stripped.endswith("|"):
            ending += bool(stripped.rstrip("| "))
        elif after.strip() and not after.strip().strip("|"):
            following += 1
    return ending > following


def cells(text: str) -> list[Cell]:
    """The cells in reading order, empty ones kept (a lone "|", or two "|" lines in a row)."""
    lines = text.split("\n")
    cutter = _Cutter(_closed_by_bars(lines), [])
    for number, line in enumerate(lines, start=1):
        cutter.line(number, line)
    return cutter.found


def read(text: str, source: str) -> TargetDocument:
    found = cells(text)
    cut = _cut_cell(text, found)
    if cut is None:
        return read_cells(found, source, LAYOUT, rows=False)
    document = read_cells(found[:-1], source, LAYOUT, rows=False)
    warning = ReadWarning(
        message="文件在这一单元格中途结束（没有结束的“|”），单元格未读入；其后的内容缺失，"
        "请取得完整的表格后核对",
        line=cut.line,
        table=document.projects[-1].name if document.projects else None,
        cell=_shown(cut.text),
    )
    return document.model_copy(update={"warnings": [*document.warnings, warning]})


def _cut_cell(text: str, found: list[Cell]) -> Cell | None:
    """The last cell when the text ends in the middle of it: its line has no closing bar where
    the line before it was the table's (a cell closed by a bar, or a line of bars). Its text (a
    value such as "≧" of "≧90%", a goal cut mid-sentence) would read as something the page does
    not say, so it is left out, with a warning that names it. A closing note (注：…) is no cut."""
    lines = [line.strip() for line in text.rstrip().split("\n")[-2:]]
    if len(lines) < 2 or not found or lines[-1].endswith("|") or not lines[-2].endswith("|"):
        return None
    last = found[-1]
    if last.text != lines[-1] or last.text.startswith(TRAILERS):
        return None
    return last


def _shown(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"
