"""Excel 97-2003 workbooks (.xls, as Excel, WPS and LibreOffice save them): every visible
sheet's cells as a grid, read as forms (`grid`) — the same rendering as `xlsx`: a merged
range's value at its top-left and the cells it covers blank, numbers as the cell's format shows
them (`xlsx.display`: 387664.62 as "387664.62", 250 as "250", 70 under "0.00" as "70.00"),
dates as 2024-06-30, error cells as Excel writes them (#DIV/0!).

A sheet holds its numbers as binary doubles; shown from their 15 significant digits, as Excel
keeps them, so what the sheet shows is what is read. Refused in Chinese: a damaged or
encrypted file, a sheet too large (`xlsx.MAX_CELLS`).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from jixiao.core.model import TargetDocument
from jixiao.ingest.errors import IngestError
from jixiao.ingest.formats.grid import Grid, Table, read_tables
from jixiao.ingest.formats.xlsx import LOOKED_FOR, MAX_STORED, cells_grid, display

LAYOUT = "xls"
_HINT = "请用 Excel 或 WPS 打开确认文件完好，另存为 .xlsx 后再导入。"


def read(data: bytes, source: str) -> TargetDocument:
    import xlrd  # type: ignore[import-untyped]

    try:
        book = xlrd.open_workbook(
            file_contents=data,
            formatting_info=True,  # the cells' formats and the merged ranges
            ragged_rows=True,  # rows as stored, not padded to the widest
            logfile=io.StringIO(),
            verbosity=0,
        )
    except Exception as error:  # a damaged file fails anywhere in xlrd, with any type
        raise _damaged(source, error) from None
    try:
        tables = [
            Table(f"工作表「{sheet.name}」", sheet_grid(book, sheet, source))
            for sheet in book.sheets()
            if sheet.visibility == 0
        ]
    except IngestError:
        raise
    except Exception as error:
        raise _damaged(source, error) from None
    finally:
        book.release_resources()
    return read_tables(tables, source, LAYOUT, LOOKED_FOR)


def _damaged(source: str, error: BaseException) -> IngestError:
    if "encrypt" in str(error).lower():
        return IngestError(
            source,
            "Excel 工作簿已加密，无法读取",
            expected="未加密的 .xls 工作簿",
            hint="请在 Excel 或 WPS 中去掉打开密码后另存，再导入。",
        )
    return IngestError(
        source,
        f"Excel 97-2003 工作簿已损坏，无法打开（{type(error).__name__}）",
        expected="完好的 .xls 工作簿",
        hint=_HINT,
    )


def sheet_grid(book: Any, sheet: Any, source: str) -> Grid:
    """The sheet's grid as `xlsx.cells_grid` builds it, from xlrd's cells and merged ranges."""
    import xlrd

    shown: dict[tuple[int, int], str] = {}
    formats: dict[int, str] = {}
    seen = 0
    for row in range(sheet.nrows):
        seen += sheet.row_len(row)
        if seen > MAX_STORED:
            raise IngestError(
                source,
                f"工作表「{sheet.name}」过大",
                expected=f"不超过 {MAX_STORED:,} 个单元格的工作表",
            )
        for column, cell in enumerate(sheet.row(row)):
            kind = cell.ctype
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            value: object = cell.value
            if kind == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(cell.value, "#VALUE!")
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif kind == xlrd.XL_CELL_DATE:
                # Before 1900 or beyond 9999: the number as it is.
                with contextlib.suppress(ValueError, OverflowError, xlrd.xldate.XLDateError):
                    value = xlrd.xldate_as_datetime(cell.value, book.datemode)
            text = display(value, _format(book, cell.xf_index, formats))
            if text:
                shown[row + 1, column + 1] = text
    if not shown:
        return []
    merged = [
        (first_row + 1, first_column + 1, last_row, last_column)
        for first_row, last_row, first_column, last_column in sheet.merged_cells
    ]
    return cells_grid(shown, merged, sheet.name, source)


def _format(book: Any, index: int | None, formats: dict[int, str]) -> str:
    """The number format of the cell's style (General when the file names none)."""
    if index is None:
        return "General"
    found = formats.get(index)
    if found is None:
        found = "General"
        if 0 <= index < len(book.xf_list):
            record = book.format_map.get(book.xf_list[index].format_key)
            if record is not None and record.format_str:
                found = record.format_str
        formats[index] = found
    return found
