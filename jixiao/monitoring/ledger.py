"""Reading a payment ledger (支付台账) exported from a finance system or kept in Excel: an .xlsx
workbook (read-only, the first sheet with a recognisable header) or a .csv file (UTF-8 with or
without BOM, GBK/GB18030, UTF-16 with BOM).

Reading is in two steps, so the preview can show what was read and let the user correct it:
`read_ledger` turns the file into a `Sheet` (its header labels and its cells, kept as text of a
kind — text, an exact number, a date), and `read_rows` reads the sheet's rows under a column
`Mapping` (column → field) into `LedgerRow`s, naming every cell it cannot read by row and column.
`guess_mapping` proposes the mapping from the header labels; the user may change any column.

Amounts are read exactly as Decimal (never through float): thousands separators, a currency
sign, a "元" or "万元" after the number (or in the column's label) are understood; 万元 is
converted × 10000. Nothing here touches the database: stored vouchers are checked by
`jixiao.monitoring.payments`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from jixiao.monitoring.payments import LARGEST, LedgerRow

SUFFIXES = (".xlsx", ".csv")
MAX_ROWS = 20_000
"""Data rows a ledger may hold (a year's payments of one project are far fewer)."""
MAX_COLUMNS = 60
MAX_CELL = 2_000
"""Characters a cell may hold."""
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_MEMBERS = 10_000
HEADER_SCAN = 30
"""Rows looked at for the header (a title and a unit line often stand above it)."""

FIELDS: dict[str, str] = {
    "paid_on": "支付日期",
    "amount": "金额（元）",
    "amount_wan": "金额（万元）",
    "source": "资金来源",
    "voucher": "凭证号",
    "payee": "收款方",
    "note": "摘要/备注",
}
"""What a column may be read as, with its name on the preview page; "" is 不导入."""
IGNORED = "不导入"
SINGLE = ("paid_on", "amount", "amount_wan", "source", "voucher", "payee")
"""Fields one column at most may hold (摘要, 备注 and 用途 are joined into the note)."""

_LABELS: dict[str, str] = {
    **dict.fromkeys(("支付日期", "日期", "付款日期", "支付时间", "付款时间"), "paid_on"),
    **dict.fromkeys(("金额", "支付金额", "付款金额", "支出金额", "发生额"), "amount"),
    **dict.fromkeys(("资金来源", "资金性质", "资金类型"), "source"),
    **dict.fromkeys(("凭证号", "凭证编号", "凭证字号"), "voucher"),
    **dict.fromkeys(("收款方", "收款单位", "收款人", "收款单位名称"), "payee"),
    **dict.fromkeys(("摘要", "备注", "用途", "支付用途"), "note"),
}
_UNIT_IN_LABEL = re.compile(r"^(.*?)[(\[](万?元)[)\]]$")

FISCAL = "fiscal"
OTHER = "other"
_SOURCES: dict[str, str] = {
    **dict.fromkeys(
        ("财政资金", "财政", "财政拨款", "财政拨款资金", "一般公共预算", "一般公共预算资金",
         "政府性基金", "政府性基金预算", "上级补助", "上级转移支付"),
        FISCAL,
    ),
    **dict.fromkeys(
        ("其他资金", "其他", "非财政资金", "自筹资金", "单位自筹", "自有资金", "单位资金",
         "事业收入", "经营收入", "其他收入"),
        OTHER,
    ),
}  # fmt: skip
_TOTAL = re.compile(r"^(?:本[月年页期])?(?:合计|小计|总计|累计)(?:数|金额)?[:：]?$")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = (36526, 73415)
"""Excel's day numbers of 2000-01-01 and 2100-12-31: a number there under a date column is a
date whose cell lost its date format."""


class LedgerError(ValueError):
    """A ledger that cannot be read at all; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Cell:
    """A cell as read: `kind` "s" (text), "n" (a number, its exact decimal digits) or "d" (a
    date, ISO)."""

    kind: str
    text: str


EMPTY = Cell("s", "")


@dataclass
class Sheet:
    """What a ledger file holds: where it was read, its header and its data rows (each with its
    row number in the file, counted as Excel does, from 1)."""

    source: str
    where: str
    """"工作表「Sheet1」" for a workbook, "" for a CSV file."""
    header_row: int
    """The header's row number (from 1)."""
    labels: list[str]
    rows: list[tuple[int, list[Cell]]]
    notes: list[str] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        return {
            "source": self.source, "where": self.where, "header_row": self.header_row,
            "labels": self.labels, "notes": self.notes,
            "rows": [[n, [[c.kind, c.text] for c in cells]] for n, cells in self.rows],
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Sheet:
        return cls(
            source=str(data["source"]), where=str(data["where"]),
            header_row=int(data["header_row"]), labels=[str(x) for x in data["labels"]],
            rows=[(int(n), [Cell(str(k), str(t)) for k, t in cells]) for n, cells in data["rows"]],
            notes=[str(x) for x in data.get("notes", [])],
        )  # fmt: skip

    def column_name(self, index: int) -> str:
        """ "「金额（元）」列（C 列）", or "C 列" for a column without a label."""
        label = self.labels[index] if index < len(self.labels) else ""
        letter = column_letter(index)
        return f"「{label}」列（{letter} 列）" if label else f"{letter} 列"


ColumnMap = dict[int, str]
"""Column index (from 0) → field key; columns not in it are not imported."""


@dataclass(frozen=True)
class Problem:
    """A cell (or a row, or the mapping) that stops the ledger from being stored."""

    message: str
    row: int | None = None
    field: str | None = None


@dataclass
class Line:
    """One data row of the preview: the values as they will be stored (shown as text), and the
    problems of its cells by field."""

    row: int
    values: dict[str, str]
    problems: dict[str, list[str]] = field(default_factory=dict)
    skipped: str = ""


@dataclass
class Reading:
    rows: list[LedgerRow]
    lines: list[Line]
    problems: list[Problem]
    """Blocking: any of them and nothing is stored."""
    notes: list[str]
    """What the reader did that the user should know (rows skipped, a default fund source)."""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def column_letter(index: int) -> str:
    """0 → "A", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalised(text: str) -> str:
    """Full-width forms folded (NFKC), spaces and a required-field "*" dropped."""
    return re.sub(r"[\s*＊]", "", unicodedata.normalize("NFKC", text))


def label_field(label: str) -> str | None:
    """The field a header label names ("金额（万元）" → "amount_wan"), or None."""
    text = normalised(label).rstrip(":")
    unit = None
    if m := _UNIT_IN_LABEL.match(text):
        text, unit = m.group(1), m.group(2)
    found = _LABELS.get(text)
    if found is None:
        return None
    if unit is not None and found != "amount":
        return None
    return "amount_wan" if unit == "万元" else found


# -- reading the file --------------------------------------------------------------------------


def file_problem(name: str, data: bytes) -> str | None:
    """Why a file is not a ledger this reader takes (by its name and its content), or None."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        hint = (
            "，请用 Excel 或 WPS“另存为” .xlsx 工作簿后再上传" if suffix in (".xls", ".et") else ""
        )
        return (
            f"文件「{name}」的类型不能导入：支付台账只接受 Excel 工作簿（.xlsx）"
            f"或 CSV 文件（.csv）{hint}。"
        )
    if not data.strip():
        return f"文件「{name}」是空的，请选择导出的支付台账。"
    is_zip = data.startswith(b"PK\x03\x04")
    if suffix == ".xlsx":
        if not is_zip or not _has_workbook(data):
            return (
                f"文件「{name}」扩展名是 .xlsx，但内容不是 Excel 工作簿（可能已损坏，或是改了"
                "扩展名的其他文件），请用 Excel 或 WPS 打开确认后另存为 .xlsx 再上传。"
            )
        return None
    if is_zip or data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF")) or b"\x00" in _unbommed(data):
        return (
            f"文件「{name}」扩展名是 .csv，但内容不是文本（可能是改了扩展名的 Excel 或其他文件），"
            "请另存为 CSV（逗号分隔）或 .xlsx 后再上传。"
        )
    return None


def _unbommed(data: bytes) -> bytes:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return b""  # UTF-16 is full of NUL bytes by nature; decoded and checked later
    return data[:65536]


def _has_workbook(data: bytes) -> bool:
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_ledger(data: bytes, name: str) -> Sheet:
    """The ledger's header and rows; raises `LedgerError` for a file that cannot be read."""
    problem = file_problem(name, data)
    if problem is not None:
        raise LedgerError(problem)
    if PurePath(name).suffix.lower() == ".xlsx":
        grid, where, notes = _xlsx_grid(data, name)
    else:
        grid, where, notes = _csv_grid(data, name), "", []
    return _sheet(grid, name, where, notes)


def _sheet(grid: list[tuple[int, list[Cell]]], name: str, where: str, notes: list[str]) -> Sheet:
    filled = [(n, cells) for n, cells in grid if any(c.text.strip() for c in cells)]
    if not filled:
        raise LedgerError(f"文件「{name}」{where}中没有内容，请检查是否选错了文件或工作表。")
    header_at = _header_index(filled)
    if header_at is None:
        # labels the reader does not know: the first row of two cells or more is the header
        # (a title above it fills one cell), its columns mapped by the user
        header_at = next(
            (
                i
                for i, (_, cells) in enumerate(filled)
                if sum(bool(c.text.strip()) for c in cells) > 1
            ),
            None,
        )
        if header_at is None:
            raise LedgerError(
                f"文件「{name}」{where}中没有找到支付台账的表头和数据：台账至少要有“支付日期”"
                "和“金额”两列，请检查是否选错了文件或工作表。"
            )
        notes = [
            *notes,
            "表头各列未能识别（应有“支付日期”“金额”等），请在下方为各列选择对应的内容。",
        ]
    header_row = filled[header_at][0]
    labels = [c.text.strip() for c in filled[header_at][1]]
    body = filled[header_at + 1 :]
    width = max(len(labels), *(len(cells) for _, cells in body)) if body else len(labels)
    if width > MAX_COLUMNS:
        raise LedgerError(
            f"文件「{name}」{where}有 {width} 列，超过 {MAX_COLUMNS} 列的上限；"
            "请只保留支付台账的各列后再上传。"
        )
    if len(body) > MAX_ROWS:
        raise LedgerError(
            f"文件「{name}」{where}有 {len(body)} 行数据，超过一次 {MAX_ROWS} 行的上限，"
            "请分批导入。"
        )
    labels += [""] * (width - len(labels))
    rows = [(n, cells + [EMPTY] * (width - len(cells))) for n, cells in body]
    return Sheet(name, where, header_row, labels, rows, notes)


def _header_index(rows: list[tuple[int, list[Cell]]]) -> int | None:
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN]):
        known = {label_field(c.text) for c in cells if c.kind == "s"} - {None}
        if len(known) >= 2:
            return index
    return None


def _checked_cell(text: str, name: str, row: int, column: int) -> str:
    if len(text) > MAX_CELL:
        raise LedgerError(
            f"文件「{name}」第 {row} 行 {column_letter(column)} 列有 {len(text)} 个字符，超过每格 "
            f"{MAX_CELL} 个字符的上限，这不像支付台账，请检查文件。"
        )
    if "\x00" in text:
        raise LedgerError(
            f"文件「{name}」第 {row} 行 {column_letter(column)} 列含有空字符，文件可能已损坏。"
        )
    return text


def _xlsx_grid(data: bytes, name: str) -> tuple[list[tuple[int, list[Cell]]], str, list[str]]:
    """The cells of the workbook's first visible sheet with a ledger's header (else of its first
    visible sheet with anything in it), where that is, and which sheets were not read."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = archive.infolist()
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNCOMPRESSED:
        raise LedgerError(
            f"工作簿「{name}」解压后有 {unpacked / 1048576:.0f} MB，超过 "
            f"{MAX_UNCOMPRESSED // 1048576} MB 的上限；请删去与支付台账无关的工作表、图片后再上传。"
        )
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not keep
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                titles = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
                chosen: tuple[str, list[tuple[int, list[Cell]]]] | None = None
                for sheet in workbook.worksheets:
                    if sheet.sheet_state != "visible":
                        continue
                    grid = _sheet_cells(sheet, name)
                    filled = [(n, c) for n, c in grid if any(x.text.strip() for x in c)]
                    if _header_index(filled) is not None:
                        chosen = (sheet.title, grid)
                        break
                    if filled and chosen is None:
                        chosen = (sheet.title, grid)
            finally:
                workbook.close()
    except LedgerError:
        raise
    except Exception as error:  # a damaged part fails anywhere in openpyxl, with any type
        raise LedgerError(
            f"工作簿「{name}」已损坏，无法打开（{type(error).__name__}）；"
            "请用 Excel 或 WPS 打开确认文件完好，另存为 .xlsx 后再上传。"
        ) from None
    if chosen is None:
        raise LedgerError(f"工作簿「{name}」中没有内容，请检查是否选错了文件。")
    title, grid = chosen
    others = [f"「{t}」" for t in titles if t != title]
    notes = [f"只读取了工作表「{title}」，未读取工作表{'、'.join(others)}。"] if others else []
    return grid, f"工作表「{title}」", notes


def _sheet_cells(sheet: Any, name: str) -> list[tuple[int, list[Cell]]]:
    sheet.reset_dimensions()  # rows as stored, not padded to a declared (or bogus) extent
    grid = []
    # A read-only sheet yields every row from the first, an empty one as []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_ROWS + HEADER_SCAN:
            raise LedgerError(
                f"工作簿「{name}」的工作表「{sheet.title}」超过 {MAX_ROWS} 行，请分批导入。"
            )
        if len(row) > MAX_COLUMNS * 4:
            row = row[: MAX_COLUMNS * 4]  # noqa: PLW2901 - styled but empty columns far right
        cells = [_cell(c.value, name, number, i) for i, c in enumerate(row)]
        while cells and cells[-1] == EMPTY:
            cells.pop()
        grid.append((number, cells))
    return grid


def _cell(value: object, name: str, row: int, column: int) -> Cell:
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return Cell("s", "是" if value else "否")
    if isinstance(value, datetime):
        return Cell("d", value.date().isoformat())
    if isinstance(value, date):
        return Cell("d", value.isoformat())
    if isinstance(value, int):
        return Cell("n", str(value))
    if isinstance(value, float | Decimal):
        # The file's digits: Excel keeps 15 significant ones, so 0.30000000000000004 is 0.3.
        exact = Decimal(format(value, ".15g")) if isinstance(value, float) else value
        if not exact.is_finite():
            return Cell("s", str(value))
        return Cell("n", format(exact, "f"))
    return Cell("s", _checked_cell(str(value), name, row, column))


def _csv_grid(data: bytes, name: str) -> list[tuple[int, list[Cell]]]:
    text = _decode(data, name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    if delimiter == "," and first.count(";") > first.count(",") and "，" not in first:
        delimiter = ";"
    grid = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for record in reader:
            number = reader.line_num if not grid else grid[-1][0] + 1
            cells = [Cell("s", _checked_cell(v, name, number, i)) for i, v in enumerate(record)]
            grid.append((number, cells))
            if len(grid) > MAX_ROWS + HEADER_SCAN:
                raise LedgerError(f"文件「{name}」超过 {MAX_ROWS} 行，请分批导入。")
    except csv.Error as error:
        raise LedgerError(
            f"文件「{name}」第 {len(grid) + 1} 行不是完整的 CSV（{error}），可能是引号不成对，"
            "请用 Excel 或 WPS 打开后重新另存为 CSV。"
        ) from None
    return grid


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's Unicode text), else GB18030 (a
    superset of GBK, what Excel in Chinese Windows saves CSV as)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise LedgerError(f"文件「{name}」的 UTF-16 编码不完整，请重新另存为 CSV。") from None
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - GB18030 decodes every byte sequence but a few
            raise LedgerError(
                f"文件「{name}」的编码无法识别，请另存为“CSV UTF-8（逗号分隔）”后再上传。"
            )
    if "\x00" in text:
        raise LedgerError(f"文件「{name}」含有空字符，不是文本文件，请另存为 CSV 后再上传。")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# -- the mapping -------------------------------------------------------------------------------


def guess_mapping(sheet: Sheet) -> ColumnMap:
    """The columns whose labels the reader knows, each as its field (a field claimed by two
    columns goes to the first; the note takes every note-like column)."""
    mapping: ColumnMap = {}
    for index, label in enumerate(sheet.labels):
        found = label_field(label)
        if found is None:
            continue
        amount_taken = found.startswith("amount") and any(
            v.startswith("amount") for v in mapping.values()
        )
        if (found in SINGLE and found in mapping.values()) or amount_taken:
            continue
        mapping[index] = found
    return mapping


def mapping_from(posted: Mapping[str, str], sheet: Sheet) -> ColumnMap:
    """The mapping the preview's form posts (`col_<index>` → field key, "" for 不导入); keys
    or values it does not know are left out."""
    mapping: ColumnMap = {}
    for index in range(len(sheet.labels)):
        value = posted.get(f"col_{index}", "")
        if value in FIELDS:
            mapping[index] = value
    return mapping


def mapping_problems(mapping: ColumnMap, sheet: Sheet) -> list[Problem]:
    problems = []
    for key in SINGLE:
        columns = [i for i, v in mapping.items() if v == key]
        if len(columns) > 1:
            names = "、".join(sheet.column_name(i) for i in columns)
            problems.append(
                Problem(f"「{FIELDS[key]}」对应了多列（{names}），请只为它选择一列。", field=key)
            )
    amounts = [i for i, v in mapping.items() if v.startswith("amount")]
    if len(amounts) > 1 and len({mapping[i] for i in amounts}) > 1:
        names = "、".join(sheet.column_name(i) for i in amounts)
        problems.append(
            Problem(f"金额只能取一列，现在选了 {names}，请只保留一列。", field="amount")
        )
    if "paid_on" not in mapping.values():
        problems.append(
            Problem("没有找到「支付日期」列，请在下方的列对应中为它选择一列。", field="paid_on")
        )
    if not amounts:
        problems.append(
            Problem(
                "没有找到「金额」列，请在下方的列对应中为它选择一列（元或万元）。", field="amount"
            )
        )
    return problems


# -- the rows ----------------------------------------------------------------------------------


def read_rows(sheet: Sheet, mapping: ColumnMap, year: int, stored: Collection[str] = ()) -> Reading:
    """The sheet's rows under `mapping`, for a project of `year`: the `LedgerRow`s, a preview
    line per row, and every problem with its row and column. Rows that are empty or a total
    (合计、小计) are skipped and said so; vouchers repeated within the file, or among the
    `stored` ones (payments recorded already), are problems."""
    problems = mapping_problems(mapping, sheet)
    notes = list(sheet.notes)
    if problems:
        return Reading([], [], problems, notes)
    columns = {key: [i for i, v in sorted(mapping.items()) if v == key] for key in FIELDS}
    if not columns["source"]:
        notes.append(
            "台账中没有“资金来源”列，全部按“财政资金”记录；如有其他资金，请为资金来源选择一列。"
        )
    rows: list[LedgerRow] = []
    lines: list[Line] = []
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        if not any(cells[i].text.strip() for i in mapping):
            continue
        if _is_total(cells):
            lines.append(Line(number, {}, skipped="合计行，未导入"))
            continue
        line, row = _read_line(sheet, columns, number, cells, year)
        voucher = line.values.get("voucher", "")
        if voucher in stored:
            line.problems.setdefault("voucher", []).append(
                f"凭证号 {voucher} 已录入过，不能重复导入（如原记录有误，请先作废）"
            )
        if voucher and voucher in seen:
            line.problems.setdefault("voucher", []).append(
                f"凭证号 {voucher} 与第 {seen[voucher]} 行重复"
            )
        elif voucher:
            seen[voucher] = number
        lines.append(line)
        for key, said in line.problems.items():
            place = _place(sheet, columns.get(key) or _amount_column(columns), number)
            problems += [Problem(f"第 {number} 行{place}：{text}", number, key) for text in said]
        if row is not None and not line.problems:
            rows.append(row)
    data_lines = [line for line in lines if not line.skipped]
    skipped = [str(line.row) for line in lines if line.skipped]
    if skipped:
        notes.append(f"跳过了 {len(skipped)} 行合计行（第 {'、'.join(skipped)} 行），未导入。")
    if not data_lines:
        problems.append(Problem("台账中没有支付记录（表头下面没有数据行）。"))
    return Reading(rows, lines, problems, notes)


def _amount_column(columns: Mapping[str, list[int]]) -> list[int]:
    return columns["amount"] or columns["amount_wan"]


def _place(sheet: Sheet, indexes: list[int], number: int) -> str:
    if not indexes:
        return ""
    index = indexes[0]
    label = sheet.labels[index]
    cell = f"{column_letter(index)}{number}"
    return f"「{label}」列（{cell}）" if label else f" {cell} 单元格"


def _is_total(cells: Iterable[Cell]) -> bool:
    return any(c.kind == "s" and _TOTAL.match(normalised(c.text)) for c in cells)


def _read_line(
    sheet: Sheet, columns: Mapping[str, list[int]], number: int, cells: list[Cell], year: int
) -> tuple[Line, LedgerRow | None]:
    line = Line(number, {})

    def cell(key: str) -> Cell:
        indexes = columns[key]
        return cells[indexes[0]] if indexes else EMPTY

    def fail(key: str, text: str) -> None:
        line.problems.setdefault(key, []).append(text)

    paid_on = None
    try:
        paid_on = parse_date(cell("paid_on"))
    except ValueError as error:
        fail("paid_on", str(error))
        line.values["paid_on"] = cell("paid_on").text
    else:
        line.values["paid_on"] = paid_on.isoformat()
        if paid_on.year != year:
            fail("paid_on", f"支付日期 {paid_on.isoformat()} 不在项目年度 {year} 年内")
    amount_key = "amount" if columns["amount"] else "amount_wan"
    amount = None
    try:
        amount = parse_amount(cell(amount_key), "万元" if amount_key == "amount_wan" else "元")
    except ValueError as error:
        fail(amount_key, str(error))
        line.values["amount"] = cell(amount_key).text
    else:
        line.values["amount"] = format(amount, "f")
    source = FISCAL
    line.values["source"] = "财政资金"
    if columns["source"]:
        try:
            source = parse_source(cell("source").text)
        except ValueError as error:
            fail("source", str(error))
            line.values["source"] = cell("source").text
        else:
            line.values["source"] = "财政资金" if source == FISCAL else "其他资金"
    texts = {}
    for key, limit in (("voucher", 64), ("payee", 200), ("note", 500)):
        parts = [_text(cells[i]) for i in columns[key]]
        value = "；".join(p for p in parts if p)
        texts[key] = value
        line.values[key] = value
        if len(value) > limit:
            fail(key, f"{FIELDS[key]}有 {len(value)} 个字，超过 {limit} 个字的上限")
    if paid_on is None or amount is None or line.problems:
        return line, None
    return line, LedgerRow(
        number, paid_on, amount, source, texts["voucher"], texts["payee"], texts["note"]
    )


def _text(cell: Cell) -> str:
    return cell.text.strip()


def parse_date(cell: Cell) -> date:
    """A payment date: a date cell, "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日",
    "20240305", or an Excel day number left without its date format. Raises ValueError with the
    reason in Chinese."""
    if cell.kind == "d":
        return date.fromisoformat(cell.text[:10])
    text = unicodedata.normalize("NFKC", cell.text).strip()
    if not text:
        raise ValueError("支付日期为空，请填写（如 2024-03-05）")
    if cell.kind == "n":
        try:
            serial = Decimal(text)
        except InvalidOperation:  # pragma: no cover - a number cell holds digits
            serial = Decimal(-1)
        if serial == serial.to_integral_value() and _SERIALS[0] <= serial <= _SERIALS[1]:
            return _EXCEL_EPOCH + timedelta(days=int(serial))
        raise ValueError(f"“{text}”不是日期，请写成 2024-03-05 或 2024年3月5日 的形式")
    m = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if m is None:
        raise ValueError(
            f"“{text}”不是日期，请写成 2024-03-05 或 2024年3月5日 的形式（年份不能省略）"
        )
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"“{text}”不是存在的日期，请核对年、月、日") from None


def parse_amount(cell: Cell, unit: str = "元") -> Decimal:
    """An amount in 元, exactly: a number cell, or text such as "1,234.50", "¥1234.5",
    "1234.50元", "12.5万元" (a unit written after the number wins over the column's `unit`).
    Raises ValueError with the reason in Chinese."""
    if cell.kind == "d":
        raise ValueError(f"“{cell.text}”是日期，不是金额，请核对这一列是否为金额")
    text = unicodedata.normalize("NFKC", cell.text).strip()
    if not text:
        raise ValueError("金额为空，请填写（如 1234.50）")
    shown = text
    number = text.replace(" ", "")
    negative = False
    if number.startswith("(") and number.endswith(")"):
        negative, number = True, number[1:-1]
    if number.startswith("-"):
        negative, number = True, number[1:]
    number = re.sub(r"^(?:¥|RMB|CNY|人民币)", "", number, flags=re.IGNORECASE)
    if number.endswith("万元"):
        unit, number = "万元", number[:-2]
    elif number.endswith("元"):
        unit, number = "元", number[:-1]
    if not (_PLAIN.match(number) or _GROUPED.match(number)):
        raise ValueError(
            f"“{shown}”不是金额，请写成 1234.50 或 1,234.50 的形式（千分位逗号每三位一个）"
        )
    value = Decimal(number.replace(",", ""))
    if unit == "万元":
        value *= 10000
    if negative:
        value = -value
    if value <= 0:
        raise ValueError(f"金额应大于 0，现为“{shown}”；退款或冲销请作废原记录")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(
            f"金额“{shown}”折合 {value.normalize():f} 元，多于两位小数（以元计最多到分）"
        )
    if value > LARGEST:
        raise ValueError(f"金额“{shown}”超出可记录的范围")
    return value.quantize(Decimal("0.01"))


def parse_source(text: str) -> str:
    """ "财政资金" (and its usual names: 财政拨款, 一般公共预算 …) → fiscal; "其他资金" (自筹资金,
    自有资金 …) → other. Raises ValueError with the accepted words in Chinese."""
    word = normalised(text)
    if not word:
        raise ValueError("资金来源为空，请填写“财政资金”或“其他资金”")
    found = _SOURCES.get(word)
    if found is None:
        raise ValueError(
            f"资金来源“{text.strip()}”无法识别，请填写“财政资金”（财政拨款、一般公共预算等）"
            "或“其他资金”（自筹资金、自有资金等）"
        )
    return found
