"""Layout `pipe-table`: a web page's table as rows of cells joined by "|" (a merged cell written
once, the cells it covers blank or left out). Read as a form by `cell_form`."""

from __future__ import annotations

from jixiao.core.model import TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import GRID_START, Cell, read_cells

LAYOUT = "pipe-table"


def looks_like(text: str) -> bool:
    """Rows of "|"-joined cells, among them a label naming the form (项目名称, 部门名称 …) and the
    一级指标 header, each followed by a filled cell in its row (a label alone before bars is a
    `bar_cells` cell). A table of the header alone is no form here: the format readers merge
    it with the grid's table that follows. One pass over the head; a row's repeated cells are
    looked at once."""
    piped = 0
    named = grid = False
    for line in text[:200000].split("\n"):
        if "|" not in line:
            continue
        piped += 1
        parts = line.split("|")
        last = max((n for n, part in enumerate(parts) if part.strip()), default=-1)
        for stripped in {part.strip() for part in parts[:last]}:  # a filled cell after each
            if stripped and len(stripped) <= detect.LABEL_LENGTH:
                named = named or detect.names(stripped)
                grid = grid or detect.key(stripped) == GRID_START
    return piped >= 5 and named and grid


def cells(text: str) -> list[Cell]:
    """The cells of each line, blank ones between bars kept (a cell's place in its line is its
    column where the table was written whole, as a workbook's or page's grid is); the empty
    outside of a leading or trailing bar is no cell."""
    found: list[Cell] = []
    for number, line in enumerate(text.split("\n"), start=1):
        parts = line.split("|")
        if len(parts) > 1:
            if not parts[0].strip():
                parts = parts[1:]
            if not parts[-1].strip():
                parts = parts[:-1]
        elif not line.strip():
            continue
        found.extend(Cell(part.strip(), number) for part in parts)
    return found


def read(text: str, source: str) -> TargetDocument:
    return read_cells(cells(text), source, LAYOUT, rows=True)
