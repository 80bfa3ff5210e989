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
"""

from __future__ import annotations

import math
import re
from io import BytesIO
from typing import Any

from jixiao.core.model import TargetDocument
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


def render(document: TargetDocument) -> bytes:
    """The workbook's bytes: the department-wide table on a sheet of its own when the document
    has one (`department_table`), then a sheet per project, in order."""
    if not document.projects and not department_table(document):
        raise ValueError("文件中没有项目支出绩效目标表，无法写出 Excel 工作簿")
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    if document.department is not None and department_table(document):
        sheet = workbook.create_sheet("部门整体绩效目标")
        _draw(sheet, department_form(document))
    for position, project in enumerate(document.projects, start=1):
        sheet = workbook.create_sheet(sheet_title(position, project.name))
        _draw(sheet, lay_out(project))
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _draw(sheet: Any, form: Form) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    framed = Border(left=thin, right=thin, top=thin, bottom=thin)
    for slot in form.slots:
        cell = sheet.cell(row=slot.row + 1, column=slot.column + 1)
        _set_value(cell, slot)
        bold = slot.kind in ("title", "label", "header")
        cell.font = Font(name="宋体", bold=bold, size=16 if slot.kind == "title" else 11)
        centred = slot.kind in ("title", "subtitle", "label", "header") or (
            slot.column <= 2 and (slot.kind == "indicator")
        )
        cell.alignment = Alignment(
            horizontal="center" if centred else ("right" if slot.number is not None else "left"),
            vertical="center",
            wrap_text=True,
        )
        if slot.kind not in ("title", "subtitle"):
            for row in range(slot.row + 1, slot.row + slot.rows + 1):
                for column in range(slot.column + 1, slot.column + slot.columns + 1):
                    sheet.cell(row=row, column=column).border = framed
        if slot.rows > 1 or slot.columns > 1:
            sheet.merge_cells(
                start_row=slot.row + 1,
                start_column=slot.column + 1,
                end_row=slot.row + slot.rows,
                end_column=slot.column + slot.columns,
            )
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


def _set_value(cell: Any, slot: Slot) -> None:
    number = slot.number
    if number is not None and len(number.as_tuple().digits) <= MAX_EXACT_DIGITS:
        places = decimals(number)
        cell.value = int(number) if places == 0 else float(number)
        cell.number_format = ("#,##0" if slot.kind == "amount" else "0") + (
            "." + "0" * places if places else ""
        )
        return
    text = _ILLEGAL.sub(" ", slot.text)
    if not text:
        return
    cell.value = text
    cell.data_type = "s"  # a text such as "=100%" is not a formula
    cell.number_format = "@"
