"""Excel workbooks (.xlsx): every sheet's cells as a grid, read as forms (`grid`).

A merged range's value is at its top-left, the cells it covers blank; numbers are shown as the
cell's format shows them, from the decimal digits the file holds (never a float's repr): 250 as
"250", 387664.62 as "387664.62", 70 under "0.00" as "70.00", 0.85 under "0%" as "85%" —
thousands separators left out, so amounts read as numbers; dates as 2024-06-30; formulas by the
results Excel saved. Sheets that are no form (notes, lookups) are passed over; one project per
sheet, or several one below the other.

The archive is checked before it is opened: at most `MAX_UNCOMPRESSED` bytes unpacked and
`MAX_MEMBERS` parts (a small file that unpacks to gigabytes is refused), and a damaged one is
refused as damaged.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from jixiao.core.model import TargetDocument
from jixiao.ingest.errors import IngestError
from jixiao.ingest.formats.grid import Grid, Table, read_tables

LAYOUT = "xlsx"
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_CELLS = 2_000_000
"""Filled rows × filled columns of one sheet."""
MAX_STORED = 20_000_000
"""Cells of one sheet as stored, empty ones before a row's last included."""
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)\"")
LOOKED_FOR = (
    "工作表中的项目支出绩效目标表：写有「项目名称」等表头和「一级指标、二级指标、三级指标、指标值」"
    "指标表（每个工作表一张，或上下排列多张）"
)

_DAMAGED_HINT = "请用 Excel 或 WPS 打开确认文件完好，另存为 .xlsx 后再导入。"


def read(data: bytes, source: str) -> TargetDocument:
    archive = _checked_archive(data, source)
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not keep
            # Read-only: the sheets stream cell by cell (a full load costs four times as much,
            # most of it styling merged ranges); the merged ranges are read from each sheet.
            workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
            try:
                tables = [
                    Table(f"工作表「{sheet.title}」", sheet_grid(sheet, archive, source))
                    for sheet in workbook.worksheets
                    if sheet.sheet_state == "visible"
                ]
            finally:
                workbook.close()
    except IngestError:
        raise
    except Exception as error:  # a damaged part fails anywhere in openpyxl, with any type
        raise _damaged(source, error) from None
    return read_tables(tables, source, LAYOUT, LOOKED_FOR)


def _checked_archive(data: bytes, source: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _damaged(source, error) from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNCOMPRESSED:
        raise IngestError(
            source,
            f"工作簿解压后有 {unpacked / 1048576:.0f} MB、{len(members)} 个部件，超过上限",
            expected=f"解压后不超过 {MAX_UNCOMPRESSED // 1048576} MB 的工作簿",
            hint="请删去与绩效目标表无关的工作表、图片后另存，再导入。",
        )
    return archive


def _damaged(source: str, error: BaseException) -> IngestError:
    return IngestError(
        source,
        f"Excel 工作簿已损坏，无法打开（{type(error).__name__}）",
        expected="完好的 .xlsx 工作簿",
        hint=_DAMAGED_HINT,
    )


def sheet_grid(sheet: Any, archive: zipfile.ZipFile, source: str) -> Grid:
    """The sheet's filled extent from row 1 (row n of the grid is the sheet's row n), columns
    with nothing in them left out, each merged range's cells but its top-left blank."""
    shown: dict[tuple[int, int], str] = {}
    sheet.reset_dimensions()  # rows as stored, not padded to a declared (or bogus) extent
    seen = 0
    for row in sheet.iter_rows():
        seen += len(row)
        if seen > MAX_STORED:
            raise IngestError(
                source,
                f"工作表「{sheet.title}」过大",
                expected=f"不超过 {MAX_STORED:,} 个单元格的工作表",
            )
        for cell in row:
            value = cell.value
            if value is not None:
                text = display(value, cell.number_format or "General")
                if text:
                    shown[cell.row, cell.column] = text
    if not shown:
        return []
    # The ranges are the sheet part's <mergeCell ref="A1:G1"/> (openpyxl's read-only sheets do
    # not keep them); its path is the read-only sheet's own.
    return cells_grid(shown, _merged(archive, sheet._worksheet_path), sheet.title, source)


def cells_grid(
    shown: dict[tuple[int, int], str],
    merged: list[tuple[int, int, int, int]],
    title: str,
    source: str,
) -> Grid:
    """The grid of a sheet's shown cells ((row, column) → text, from 1): the filled extent from
    row 1, columns with nothing in them left out, each merged range (first row, first column,
    last row, last column) blank but at its top-left (the covered cells are taken out of
    `shown`)."""
    for first_row, first_column, last_row, last_column in merged:
        area = (last_row - first_row + 1) * (last_column - first_column + 1)
        if area <= len(shown):
            places = [
                (r, c)
                for r in range(first_row, last_row + 1)
                for c in range(first_column, last_column + 1)
            ]
        else:
            places = [
                (r, c)
                for r, c in shown
                if first_row <= r <= last_row and first_column <= c <= last_column
            ]
        for place in places:
            if place != (first_row, first_column):
                shown.pop(place, None)
    if not shown:
        return []
    columns = sorted({column for _, column in shown})
    filled = sorted({row for row, _ in shown})
    if len(filled) * len(columns) > MAX_CELLS:
        raise IngestError(
            source,
            f"工作表「{title}」有 {len(filled)} 行、{len(columns)} 列有内容，过大",
            expected=f"不超过 {MAX_CELLS:,} 个单元格的工作表",
        )
    index_of = {column: index for index, column in enumerate(columns)}
    empty: list[str] = []  # shared by the rows with nothing in them
    grid: Grid = [empty] * filled[-1]
    for row in filled:
        grid[row - 1] = [""] * len(columns)
    for (row, column), text in shown.items():
        grid[row - 1][index_of[column]] = text
    return grid


def _merged(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (first row, first column, last row, last column)."""
    from openpyxl.utils import range_boundaries

    found = []
    for ref in _MERGE.findall(archive.read(path.lstrip("/"))):
        first_column, first_row, last_column, last_row = range_boundaries(ref.decode("ascii"))
        found.append((first_row, first_column, last_row, last_column))
    return found


def display(value: object, number_format: str) -> str:
    """A cell's value as the sheet shows it (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return number(value, number_format)
    return str(value)


_BRACKETS = re.compile(r"\[[^\]]*\]")
_PLACEHOLDERS = re.compile(r"[0#?]")
_GENERAL = re.compile(r"general", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"[Ee][+-]")
_WIDE = Context(prec=400)


def number(value: int | float | Decimal, number_format: str) -> str:
    """The number under its format: its decimals (fixed 0, optional # and ?), a percentage, the
    format's literal text around it; grouping left out. General shows up to 15 significant
    digits, as Excel keeps them."""
    exact = _decimal(value)
    if exact is None:
        return str(value)
    section, signed = _section(number_format, exact)
    first = _PLACEHOLDERS.search(section)
    if first is None or _GENERAL.search(section) or _SCIENTIFIC.search(section):
        return _plain(exact)
    if not signed:
        exact = abs(exact)  # the negative section writes its own sign, e.g. (0.00)
    if "%" in section:
        exact *= 100
    last = max(m.end() for m in _PLACEHOLDERS.finditer(section))
    prefix, body, suffix = section[: first.start()], section[first.start() : last], section[last:]
    required, optional = 0, 0
    if "." in body:
        decimals = body.split(".", 1)[1]
        required = decimals.count("0")
        optional = decimals.count("#") + decimals.count("?")
    try:
        shown = exact.quantize(
            Decimal(1).scaleb(-(required + optional)), rounding=ROUND_HALF_UP, context=_WIDE
        )
    except InvalidOperation:  # beyond any precision: as it is
        return _plain(exact)
    text = format(shown, "f")
    if optional:
        whole, _, fraction = text.partition(".")
        fraction = fraction.rstrip("0").ljust(required, "0")
        text = whole + ("." + fraction if fraction else "")
    if text.startswith("-") and shown == 0:
        text = text[1:]
    return _literal(prefix) + text + _literal(suffix)


def _decimal(value: int | float | Decimal) -> Decimal | None:
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    try:
        # The file's digits: Excel keeps 15 significant ones, so 0.30000000000000004 is 0.3.
        exact = Decimal(format(value, ".15g"))
    except InvalidOperation:  # pragma: no cover - nan/inf cannot be stored in a sheet
        return None
    return exact if exact.is_finite() else None


def _plain(exact: Decimal) -> str:
    text = format(exact, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _section(number_format: str, value: Decimal) -> tuple[str, bool]:
    """The format's section for the value (positive;negative;…), colours, conditions and
    locales left out, and whether the number keeps its sign (not in a negative section). Zero
    takes the first section: a zero section's "-" would read as no number."""
    sections = _split_sections(number_format)
    section, signed = sections[0], True
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, signed = sections[1], False
    return _BRACKETS.sub("", section), signed


def _split_sections(number_format: str) -> list[str]:
    sections, current, quoted = [], [], False
    escaped = False
    for char in number_format:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _literal(part: str) -> str:
    """The text a format writes around the number: quoted text and escaped characters kept,
    padding (_x, *x) and grouping commas dropped."""
    out: list[str] = []
    chars = iter(part)
    for char in chars:
        if char == '"':
            for inner in chars:
                if inner == '"':
                    break
                out.append(inner)
        elif char == "\\":
            out.append(next(chars, ""))
        elif char in "_*":
            next(chars, "")
        elif char != ",":
            out.append(char)
    return "".join(out)
