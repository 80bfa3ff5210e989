"""Layout `pipe-table`: a web page's table as rows of cells joined by "|" (a merged cell written
once, the cells it covers blank or left out). Read as a form by `cell_form`.

Some converters break a row over several lines: the row's first cell at the left margin, each
further cell on an indented line of its own beginning with its bar, and a cell's own line breaks
as indented lines without a bar (``绩效`` / ``       指标`` / ``        | 一级指标``). Such lines
are joined back into their row (`rows`) before the cells are cut.
"""

from __future__ import annotations

import re

from jixiao.core.model import ReadWarning, TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import GRID_START, Cell, read_cells

LAYOUT = "pipe-table"
_HEAD = 200_000
_BROKEN = re.compile(r"\n[^\S\n]+\|")
"""An indented line beginning with a bar: a row that goes on over lines."""


def looks_like(text: str) -> bool:
    """Rows of "|"-joined cells, among them a label naming the form (项目名称, 部门名称 …) and the
    一级指标 header, each in a row of two filled cells (a label alone before bars is a
    `bar_cells` cell). A table of the header alone is a form only where the text is cut off
    within its last row (that row has no closing bar, as the others have): a format reader's
    table of the header alone ends its rows and is merged with the grid's table that follows.
    One pass over the head; a row's repeated cells are looked at once."""
    head = text[:_HEAD]
    if head.count("|") < 5:  # fewer bars than the rows it takes (at C speed)
        return False
    piped = closed = 0
    named = grid = header = False
    last = ""
    for _, line in rows(head):
        if line.strip():
            last = line
        if "|" not in line:
            continue
        piped += 1
        closed += line.rstrip().endswith("|")
        parts = line.split("|")
        filled = [part.strip() for part in parts if part.strip()]
        if len(filled) < 2:
            continue
        for stripped in set(filled):
            if len(stripped) <= detect.LABEL_LENGTH:
                named = named or detect.names(stripped)
                grid = grid or detect.key(stripped) == GRID_START
                header = header or detect.heads(stripped)
    if piped < 5 or not named:
        return False
    cut = not last.rstrip().endswith("|") and closed * 2 >= piped
    return grid or (header and cut)


def rows(text: str) -> list[tuple[int, str]]:
    """The text's rows with the line each starts on: a line is a row, but an indented line
    beginning with a bar continues the row above it, and an indented line without a bar
    continues the row's last cell (a line break inside the cell) where the row goes on over
    indented bar lines (one before it, or the line right after it)."""
    lines = text.split("\n")
    if _BROKEN.search(text) is None:  # no row goes on over lines: each line is a row
        return list(enumerate(lines, start=1))
    found: list[tuple[int, str]] = []
    broken = False  # the last row was continued on an indented bar line
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if found and line[:1].isspace() and stripped:
            bar = stripped.startswith("|")
            following = lines[number] if number < len(lines) else ""
            if bar or broken or (following[:1].isspace() and following.lstrip().startswith("|")):
                found[-1] = (found[-1][0], found[-1][1].rstrip() + " " + stripped)
                broken = broken or bar
                continue
        found.append((number, line))
        broken = False
    return found


def cells(text: str) -> list[Cell]:
    """The cells of each row, blank ones between bars kept (a cell's place in its row is its
    column where the table was written whole, as a workbook's or page's grid is); the empty
    outside of a leading or trailing bar is no cell. A line without a bar that a blank line or
    another such line follows is the page's text between tables (`Cell.outside`); one right
    above a row may be the start of a cell broken over lines, and the last a row cut off before
    its first bar."""
    found: list[Cell] = []
    lines = rows(text)
    last = next((index for index, (_, line) in reversed(list(enumerate(lines))) if line.strip()), 0)
    for index, (number, line) in enumerate(lines):
        parts = line.split("|")
        if len(parts) > 1:
            if not parts[0].strip():
                parts = parts[1:]
            if not parts[-1].strip():
                parts = parts[:-1]
        elif not line.strip():
            continue
        else:
            outside = index < last and "|" not in lines[index + 1][1]
            found.append(Cell(line.strip(), number, outside=outside))
            continue
        found.extend(Cell(part.strip(), number) for part in parts)
    return found


def read(text: str, source: str) -> TargetDocument:
    document = read_cells(cells(text), source, LAYOUT, rows=True)
    cut = _cut_row(text)
    if cut is not None and all(warning.line != cut[0] for warning in document.warnings):
        number, line = cut
        tail = line.split("|")[-1].strip()
        table = next((w.table for w in document.warnings if w.table), None)
        if table is None and document.projects:
            table = document.projects[-1].name
        document.warnings.append(
            ReadWarning(
                message="文件在这一行中间结束（行末没有“|”），最后一个单元格可能不完整；"
                "表格在此处被截断",
                line=number,
                table=table,
                cell=(tail[:30] + "…" if len(tail) > 30 else tail) or None,
            )
        )
    return document


def _cut_row(text: str) -> tuple[int, str] | None:
    """The last row, where the text stops inside it: it holds a bar but does not end with
    one, while the other rows do."""
    found = [(number, line) for number, line in rows(text) if line.strip()]
    if not found:
        return None
    number, line = found[-1]
    piped = [row for _, row in found if "|" in row]
    closed = sum(row.rstrip().endswith("|") for row in piped)
    if "|" not in line or line.rstrip().endswith("|") or closed * 2 < len(piped):
        return None
    return number, line
