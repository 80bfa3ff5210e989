"""Layout `pipe-table`: a web page's table as rows of cells joined by "|" (a merged cell written
once, the cells it covers blank or left out). Read as a form by `cell_form`."""

from __future__ import annotations

from jixiao.core.model import TargetDocument
from jixiao.ingest.cell_form import Cell, read_cells

LAYOUT = "pipe-table"


def looks_like(text: str) -> bool:
    """Rows of "|"-joined cells, among them 项目名称 and the 一级指标 header."""
    head = text[:200000]
    piped = [line for line in head.split("\n") if "|" in line]
    return (
        len(piped) >= 5
        and any(_labels(line, "项目名称") for line in piped)
        and any(_labels(line, "一级指标") for line in piped)
    )


def _labels(line: str, label: str) -> bool:
    """Whether a cell of the row ends with the label (spaces after it allowed) and is followed
    by another: one split, no backtracking."""
    return label in line and any(part.rstrip().endswith(label) for part in line.split("|")[:-1])


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
