"""Layout `cell-lines`: a web page's table as text, one cell per line, cells between blank lines
(a line holding only spaces is an empty cell). Read as a form by `cell_form`."""

from __future__ import annotations

from jixiao.core.model import TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import Cell, read_cells

LAYOUT = "cell-lines"


def looks_like(text: str) -> bool:
    """A label naming the form (项目名称, 部门名称 …) alone on a line and followed by a blank line,
    and 一级指标 or another header label (主管部门, 年度资金总额 …: a form cut off above its
    indicator table) alone on a line. One pass over the lines of the head, no pattern that
    could backtrack (a MULTILINE "^\\s*" took a minute over 100,000 blank lines)."""
    lines = text[:200000].split("\n")
    named = grid = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > detect.LABEL_LENGTH:
            continue
        if detect.heads(stripped):
            grid = True
        elif (
            detect.names(stripped)
            and number + 2 < len(lines)  # the blank line after it is ended by a line break
            and not lines[number + 1].strip()
        ):
            named = True
        if named and grid:
            return True
    return False


def cells(text: str) -> list[Cell]:
    """Blocks of lines between empty lines; a block of spaces is an empty cell."""
    found: list[Cell] = []
    block: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line == "":
            if block:
                found.append(Cell(" ".join(part.strip() for part in block).strip(), start))
                block = []
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        found.append(Cell(" ".join(part.strip() for part in block).strip(), start))
    return found


def read(text: str, source: str) -> TargetDocument:
    return read_cells(cells(text), source, LAYOUT, rows=False)
