"""Tables as grids of cell texts (a workbook's sheets, a web page's tables) read as forms.

Each grid becomes pipe-table text, one line a row (`| a | b |`, blank cells kept in place, a
merged cell's text written once at its top-left), and goes to the layout readers like any text
(`jixiao.ingest.read_text`): every format takes the same path from cells to the model. A grid no
reader recognises (a notes sheet, a page's menu) is passed over; the projects of the others are
merged into one document, in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from jixiao.core.model import TargetDocument
from jixiao.ingest import READERS, read_text
from jixiao.ingest.cell_form import GRID_START, LABELS, Cell
from jixiao.ingest.errors import IngestError

Grid = list[list[str]]

_LABEL_KEYS = frozenset([*LABELS, GRID_START, "二级指标", "三级指标", "指标值", "绩效指标描述"])
_BREAKS = re.compile(r"[\t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Table:
    """One grid and how to name it in messages: `name` such as 工作表「项目1」, and the line in
    the file of each row where rows have one (a page's <tr>), else a row's number is its line."""

    name: str
    grid: Grid
    lines: Sequence[int] = field(default_factory=tuple)


def pipe_text(grid: Grid) -> str:
    """The grid as pipe-table text: line n is row n; a label written with spaces inside
    (项 目 名 称) closed up, as the layout readers recognise labels."""
    return "\n".join(
        "| " + " | ".join(_cell_text(text) for text in row) + " |" if any(row) else ""
        for row in grid
    )


def _cell_text(text: str) -> str:
    flat = _BREAKS.sub(" ", text.replace("|", "｜")).strip()
    if len(flat) <= 24 and _SPACES.search(flat):
        closed = _SPACES.sub("", flat)
        if Cell(closed, 0).key in _LABEL_KEYS:
            return closed
    return flat


def is_form(text: str) -> bool:
    return any(reader.looks_like(text) for reader in READERS)


def read_tables(
    tables: Sequence[Table], source: str, layout: str, looked_for: str
) -> TargetDocument:
    """The projects of every table that reads as a form, in order, as one document (with the
    first department-wide table's targets, and every table's warnings). A table that is a form
    but cannot be read raises its error, placed in the table; none a form raises "无法识别的版式"
    naming the tables looked at and `looked_for`."""
    projects = []
    department = None
    department_year = None
    warnings = []
    for table in tables:
        text = pipe_text(table.grid)
        if not is_form(text):
            continue
        try:
            document = read_text(text, source)
        except IngestError as error:
            raise placed(error, table) from None
        projects.extend(document.projects)
        if department is None and document.department is not None:
            department, department_year = document.department, document.year
        warnings.extend(document.warnings)
    if not projects and department is None:
        names = "、".join(table.name for table in tables[:10]) + ("等" if len(tables) > 10 else "")
        raise IngestError(
            source,
            "无法识别的版式",
            expected=looked_for + (f"；已查看：{names}" if tables else ""),
            hint="请确认文件是项目支出绩效目标表；其他版式暂不能读取，请联系系统管理员提供样表。",
        )
    years = {project.year for project in projects} or {department_year}
    year = years.pop() if len(years) == 1 else None  # a department's form alone: its own
    return TargetDocument(
        source=source, year=year, layout=layout, department=department, projects=projects,
        warnings=warnings,
    )  # fmt: skip


def placed(error: IngestError, table: Table) -> IngestError:
    """The error with the table's name, and its line in the file where rows have their own."""
    line = error.line
    if line is not None and table.lines:
        line = table.lines[min(max(line, 1), len(table.lines)) - 1]
    return IngestError(
        error.source,
        error.problem,
        line=line,
        table=error.table or table.name,
        expected=error.expected,
        hint=error.hint,
    )
