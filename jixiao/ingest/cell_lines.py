"""Layout `cell-lines`: a web page's table as text, one cell per line, cells between blank lines
(a line holding only spaces is an empty cell). Read as a form by `cell_form`."""

from __future__ import annotations

import re

from jixiao.core.model import TargetDocument
from jixiao.ingest.cell_form import Cell, read_cells

LAYOUT = "cell-lines"


def looks_like(text: str) -> bool:
    """项目名称 and 一级指标 each alone on a line, with blank lines between cells."""
    head = text[:200000]
    return bool(
        re.search(r"^\s*项目名称\s*$", head, re.MULTILINE)
        and re.search(r"^\s*一级指标\s*$", head, re.MULTILINE)
        and re.search(r"^\s*项目名称\s*\n\s*\n", head, re.MULTILINE)
    )


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
