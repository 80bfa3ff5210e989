"""Layout `pipe-table`: a web page's table as rows of cells joined by "|" (empty cells from merged
columns left out). Read as a form by `cell_form`."""

from __future__ import annotations

import re

from jixiao.core.model import TargetDocument
from jixiao.ingest.cell_form import Cell, read_cells

LAYOUT = "pipe-table"


def looks_like(text: str) -> bool:
    """Rows of "|"-joined cells, among them 项目名称 and the 一级指标 header."""
    head = text[:200000]
    piped = [line for line in head.split("\n") if "|" in line]
    return (
        len(piped) >= 5
        and any(re.search(r"项目名称\s*\|", line) for line in piped)
        and any(re.search(r"一级指标\s*\|", line) for line in piped)
    )


def cells(text: str) -> list[Cell]:
    found: list[Cell] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for part in line.split("|"):
            if part.strip():
                found.append(Cell(part.strip(), number))
    return found


def read(text: str, source: str) -> TargetDocument:
    return read_cells(cells(text), source, LAYOUT, rows=True)
