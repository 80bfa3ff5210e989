"""Layout `cell-lines`: a web page's table as text, one cell per line, cells between blank lines
(a line holding only spaces is an empty cell). Read as a form by `cell_form`."""

from __future__ import annotations

from jixiao.core.model import TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import GRID_COLUMNS, GRID_START, Cell, read_cells
from jixiao.ingest.cell_vocabulary import headless_label

LAYOUT = "cell-lines"


def looks_like(text: str) -> bool:
    """A label naming the form (项目名称, 部门名称 …; alone, or with its value after a colon) on
    a line followed by a blank line, and 一级指标 or another header label (主管部门, 年度资金总额,
    a department's 部门编码 or 职能职责 …: a form cut off above its indicator table) on a line
    of its own. Or a grid's header label (一级指标, 二级指标 …) alone between blank lines in a text
    that names no form anywhere and has no header label (a grid whose header is lost: read to be
    refused, saying what the grid holds). One pass over the lines of the head, no pattern that
    could backtrack (a MULTILINE "^\\s*" took a minute over 100,000 blank lines)."""
    head = text[:_HEAD]
    lines = head.split("\n")
    if all(line.strip() for line in lines[1:-1]):
        return False  # no line ends a cell: every claim below needs one
    named = grid = alone = header = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > _GLUED_LENGTH:
            continue
        ends_cell = number + 2 < len(lines) and not lines[number + 1].strip()
        label = stripped if len(stripped) <= detect.LABEL_LENGTH else detect.glued(stripped)
        if detect.heads(label):
            grid = True
            starts = detect.key(label) == GRID_START
            alone = alone or (ends_cell and starts)
            header = header or not starts
        elif ends_cell and detect.key(label) in GRID_COLUMNS:
            alone = True  # 二级指标, 三级指标 …: 一级指标 may be broken over two lines
        elif ends_cell and (detect.names(label) or headless_label(detect.key(label))):
            named = True  # 级预算单位名称 too: a naming label whose head the copy lost
        elif (glued := detect.glued(stripped)) and ends_cell:
            named = named or detect.names(glued)
            grid = grid or detect.heads(glued)
        if named and grid:
            return True
    return alone and not header and not any(word in head for word in detect.NAMING_WORDS)


_HEAD = 200_000
_GLUED_LENGTH = 200
"""Characters a line holding a label and its value has at most, for `looks_like`."""


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
