"""Writer of Excel workbooks (.xlsx): the department-wide table (部门整体支出绩效目标申报表) on a
sheet of its own when the document has one, then each project's form on a sheet of its own —
the 项目支出绩效目标表, 绩效自评表 or 绩效运行监控表 its content calls for (`form_layout`) — read
back to the same projects by `jixiao.ingest.formats.xlsx`.

Merged cells where the form merges them (the title, values across their row, 项目资金 and
资金支出计划 down over their rows, 绩效指标 down the grid, each 一级 and 二级 indicator cell
down over its rows); amounts, percentages and scores are numbers whose format shows the decimals
they were written with (60000.00 under #,##0.00, 854 under #,##0), everything else text — an
indicator value such as =100% stays text, never a formula. Columns are as wide as their headers
call for and rows as tall as their wrapped text.

The Hebei text's 分项绩效目标 and 工作保障措施 have no place in these forms.

A workbook is written a sheet at a time (`write`): each sheet drawn, written into the archive by
openpyxl's own writer, and dropped before the next, the workbook keeping of it only its name and
place — so that memory stays flat in the number of tables, and the time linear (openpyxl's
`create_sheet` compares a new sheet's name with every other's).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from itertools import chain
from typing import IO, Any

from jixiao.core.model import Project, TargetDocument
from jixiao.export.form_layout import (
    Form,
    Slot,
    column_weights,
    decimals,
    department_form,
    department_table,
    lay_out,
    sheet_title,
)

MAX_EXACT_DIGITS = 15
"""Significant digits a sheet's number keeps; an amount with more is written as text."""
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


Tables = Callable[[], Iterable[list[Project]]]
"""A document's tables in order, a batch at a time (`docx_form.Tables`)."""
BATCH = 200


def render(document: TargetDocument) -> bytes:
    """The workbook's bytes: the department-wide table on a sheet of its own when the document
    has one (`department_table`), then a sheet per project, in order."""
    out = BytesIO()
    projects = document.projects
    write(document, lambda: (projects[n : n + BATCH] for n in range(0, len(projects), BATCH)), out)
    return out.getvalue()


def write(document: TargetDocument, tables: Tables, out: IO[bytes]) -> None:
    """The workbook of `document` (its year and department part; its own projects aside) with
    the tables `tables` gives, written to `out` (a seekable file) a sheet at a time: the
    workbook `render` gives for the whole document, with one sheet in memory at a time."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook

    batches = (batch for batch in tables() if batch)
    first = next(batches, None)
    if first is None and not department_table(document):
        raise ValueError("文件中没有项目支出绩效目标表，无法写出 Excel 工作簿")
    head = document.model_copy(update={"projects": first[:1] if first else []})
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    archive = ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True)  # as openpyxl's save_workbook
    tables_again = [] if first is None else chain([first], batches)
    _sheet_writer(workbook, archive, _sheets(head, tables_again)).save()


def _sheets(
    document: TargetDocument, tables: Iterable[list[Project]]
) -> Iterator[tuple[str, Form]]:
    """Each sheet's name and form, in order (the department-wide table's year and money unit
    are those `department_form` finds beside the document's first table)."""
    if document.department is not None and department_table(document):
        yield "部门整体绩效目标", department_form(document)
    position = 0
    for batch in tables:
        for project in batch:
            position += 1
            yield sheet_title(position, project.name), lay_out(project)


@dataclass(slots=True)
class _Written:
    """A sheet already in the archive, as the workbook's own parts still need it (its name,
    place and visibility: `WorkbookWriter`, `get_active_sheet`)."""

    title: str
    path: str
    sheet_state: str = "visible"
    _rel_type: str = "worksheet"


def _sheet_writer(workbook: Any, archive: Any, sheets: Iterator[tuple[str, Form]]) -> Any:
    """openpyxl's `ExcelWriter`, its worksheets drawn and written one at a time: each made
    with the name `create_sheet` would give it (one already taken gets the next free number,
    as openpyxl numbers it), drawn, written by openpyxl's worksheet writer, and replaced in the
    workbook by what the workbook's parts need of it."""
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.workbook.child import avoid_duplicate_name
    from openpyxl.worksheet.worksheet import Worksheet
    from openpyxl.writer.excel import ExcelWriter
    from openpyxl.xml.functions import tostring

    class Writer(ExcelWriter):  # type: ignore[misc]
        def _write_worksheets(self) -> None:
            styles: dict[tuple[Any, ...], Any] = {}
            names: list[str] = []
            taken: set[str] = set()
            for number, (wanted, form) in enumerate(sheets, start=1):
                title = avoid_duplicate_name(names, wanted) if wanted.lower() in taken else wanted
                names.append(title)
                taken.add(title.lower())
                sheet = Worksheet(None)  # without a workbook its name is not compared with …
                sheet._parent = workbook
                sheet._WorkbookChild__title = title  # … every other's: taken above
                _draw(sheet, form, styles)
                sheet._id = number
                self.write_worksheet(sheet)
                if sheet._rels:  # none of these forms has links, drawings or comments
                    rels_path = get_rels_path(sheet.path)[1:]
                    self._archive.writestr(rels_path, tostring(sheet._rels.to_tree()))
                workbook._sheets.append(_Written(title, sheet.path, sheet.sheet_state))

    return Writer(workbook, archive)


def _draw(sheet: Any, form: Form, styles: dict[tuple[Any, ...], Any]) -> None:
    """The form on the sheet. `styles`: the workbook's cell styles made so far, by what they
    are made of — a cell takes a copy of one made before instead of having its font,
    alignment and border found again among the workbook's (most of a large workbook's time)."""
    from openpyxl.utils import get_column_letter

    for slot in form.slots:
        cell = sheet.cell(row=slot.row + 1, column=slot.column + 1)
        number_format = _set_value(cell, slot)
        bold = slot.kind in ("title", "label", "header")
        centred = slot.kind in ("title", "subtitle", "label", "header") or (
            slot.column <= 2 and (slot.kind == "indicator")
        )
        framed = slot.kind not in ("title", "subtitle")
        style = (
            bold,
            16 if slot.kind == "title" else 11,
            "center" if centred else ("right" if slot.number is not None else "left"),
            number_format,
            framed,
        )
        _style(cell, style, styles)
        if slot.rows > 1 or slot.columns > 1:
            _merge(sheet, slot, framed, styles)
    widths = [weight * 1.6 for weight in column_weights(form)]  # in characters
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row, height in _row_heights(form, widths).items():
        sheet.row_dimensions[row + 1].height = height
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _row_heights(form: Form, widths: list[float]) -> dict[int, float]:
    """Each row's height in points, for its tallest wrapped cell (a sheet's rows do not grow
    with their text by themselves): a Chinese character two columns of width, 15 points a line."""
    lines: dict[int, int] = {}
    for slot in form.slots:
        width = sum(widths[slot.column : slot.column + slot.columns]) - 1
        count = sum(
            max(1, math.ceil(sum(2 if ord(char) > 0x2E7F else 1 for char in line) / width))
            for line in slot.text.split("\n")
        )
        share = math.ceil(count / slot.rows)
        for row in range(slot.row, slot.row + slot.rows):
            lines[row] = max(lines.get(row, 1), share)
    heights = {row: 15.0 * count for row, count in lines.items()}
    for slot in form.slots:
        if slot.kind == "title":
            heights[slot.row] = max(heights[slot.row], 24.0)
    return heights


def _merge(sheet: Any, slot: Slot, framed: bool, styles: dict[tuple[Any, ...], Any]) -> None:
    """Merge the slot's cells as `sheet.merge_cells` does — the covered cells made merged
    cells, those on the range's edges given the frame's side there (a corner both) — with the
    styles made once per workbook."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    top, left = slot.row + 1, slot.column + 1
    bottom, right = slot.row + slot.rows, slot.column + slot.columns
    area = CellRange(min_row=top, min_col=left, max_row=bottom, max_col=right)
    sheet.merged_cells.add(MergedCellRange(sheet, area.coord))
    for row in range(top, bottom + 1):
        for column in range(left, right + 1):
            if (row, column) == (top, left):
                continue
            cell = MergedCell(sheet, row=row, column=column)
            sheet._cells[row, column] = cell
            sides = (row == top, column == left, column == right, row == bottom)
            if framed and any(sides):
                _style(cell, ("sides", *sides), styles)


def _style(cell: Any, key: tuple[Any, ...], styles: dict[tuple[Any, ...], Any]) -> None:
    """Give the cell the style `key` describes: (bold, size, horizontal alignment, number
    format, framed), or ("sides", top, left, right, bottom) for a merged cell's frame."""
    from copy import copy

    from openpyxl.styles import Alignment, Border, Font, Side

    made = styles.get(key)
    if made is not None:
        cell._style = copy(made)
        return
    thin = Side(style="thin")
    framed = Border(left=thin, right=thin, top=thin, bottom=thin)
    if key[0] == "sides":  # a merged cell on its range's edges
        top, left, right, bottom = key[1:]
        cell.border = Border(**{
            side: thin for side, on in
            (("top", top), ("left", left), ("right", right), ("bottom", bottom)) if on
        })  # fmt: skip
    else:
        bold, size, horizontal, number_format, frame = key
        cell.font = Font(name="宋体", bold=bold, size=size)
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if number_format is not None:
            cell.number_format = number_format
        if frame:
            cell.border = framed
    styles[key] = copy(cell._style)


def _set_value(cell: Any, slot: Slot) -> str | None:
    """Write the slot's value; the number format it needs (None: the sheet's General)."""
    number = slot.number
    if number is not None and len(number.as_tuple().digits) <= MAX_EXACT_DIGITS:
        places = decimals(number)
        cell.value = int(number) if places == 0 else float(number)
        return ("#,##0" if slot.kind == "amount" else "0") + ("." + "0" * places if places else "")
    text = _ILLEGAL.sub(" ", slot.text)
    if not text:
        return None
    cell.value = text
    cell.data_type = "s"  # a text such as "=100%" is not a formula
    return "@"
