"""Writer of Excel workbooks (.xlsx): each project's 项目支出绩效目标表 on a sheet of its own,
in the official layout (`form_layout`), read back to the same projects by
`jixiao.ingest.formats.xlsx`.

Merged cells where the form merges them (the title, values across their row, 项目资金 and
资金支出计划 down over their rows, 绩效指标 down the grid, each 一级 and 二级 indicator cell
down over its rows); amounts and percentages are numbers whose format shows the decimals they
were written with (60000.00 under #,##0.00, 854 under #,##0), everything else text — an
indicator value such as =100% stays text, never a formula.

Only the project tables are written: department-wide targets (部门整体绩效目标) have no place in
this form, and neither do self-evaluation columns.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from jixiao.core.model import TargetDocument
from jixiao.export.form_layout import Form, Slot, decimals, lay_out, sheet_title

MAX_EXACT_DIGITS = 15
"""Significant digits a sheet's number keeps; an amount with more is written as text."""
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDTHS = {"一级指标": 12, "二级指标": 16, "三级指标": 28, "绩效指标描述": 28, "指标值": 16}


def render(document: TargetDocument) -> bytes:
    """The workbook's bytes: a sheet per project, in order."""
    if not document.projects:
        raise ValueError("文件中没有项目支出绩效目标表，无法写出 Excel 工作簿")
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
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
    sheet.column_dimensions["A"].width = 14
    headers = {s.column: s.text for s in form.slots if s.kind == "header" and s.text in _WIDTHS}
    for column in range(1, form.width):
        width = _WIDTHS.get(headers.get(column, ""), 18)
        sheet.column_dimensions[get_column_letter(column + 1)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


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
