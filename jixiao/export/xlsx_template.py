"""The Excel 填报模板 (.xlsx) of a 项目支出绩效目标表, and the check of one filled in.

The template is the official form (the labels `jixiao.ingest` reads a form by) with the cells to
fill unlocked and everything else protected (sheet protection without a password: a unit that
must change the layout can lift it): 项目名称, 项目编码, the money, the 资金支出计划's shares, the
goals and an indicator grid of `ROWS` rows — 一级指标 and 二级指标 chosen from lists (the 二级
list follows the row's 一级: a named range per 一级 looked up with INDIRECT, which Excel, WPS and
LibreOffice all evaluate in a validation), 三级指标, 绩效指标描述, 计算符号 (≥ ≤ = ＞ ＜), 指标值
(the number as text, its written precision kept), 度量单位 and 指标值确定依据 (a list of the four
kinds; more words may follow the kind). The lists live on a hidden sheet, which the reader skips.

A filled-in template is read like any other upload (`jixiao.ingest.read_bytes`: one path from
cells to the model); `check` looks at its cells before that and `mark` returns the same workbook
with each wrong cell filled red and a comment saying, in Chinese, what is wrong and what to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from jixiao.core.framework import framework
from jixiao.core.value import parse_value

ROWS = 30
"""Indicator rows of the template: more than any real table of the corpus has."""
SHEET = "项目绩效目标表"
LISTS = "选项"
TITLE = "项目支出绩效目标表"
PLAN_POINTS = ("3月底", "6月底", "9月底", "12月底")
OPERATORS = ("≥", "≤", "=", "＞", "＜")
BASIS_KINDS = ("计划标准", "行业标准", "历史标准", "其他")
MONEY_LABELS = ("项目资金（元）", "项目资金（万元）")
GRID = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "计算符号", "指标值", "度量单位",
        "指标值确定依据")  # fmt: skip
WIDTH = len(GRID)
INSTRUCTIONS = (
    "填写说明：",
    "1. 只在白底单元格中填写；灰底的标签和主管部门、实施单位已按您的单位填好，不能修改。",
    "2. 金额填数字（如 60000.00），不带“元”或逗号；"
    "金额单位在“项目资金”一格的下拉中选“元”或“万元”。",
    "3. 资金支出计划填到各时点累计支出的百分比（0—100 之间、逐期不减，如 25、65、95、100），"
    "不带“%”。",
    "4. 年度目标每行一条（单元格内换行：Alt+回车）。",
    "5. 每行一个三级指标：一级指标、二级指标从下拉中选（二级随一级变化）；"
    "计算符号从下拉中选 ≥ ≤ = ＞ ＜；"
    "指标值只填数字（如 10、95），单位填在“度量单位”（如 次、%、万元）；定性指标（如 “优良”）"
    "把文字写在指标值一栏，计算符号和度量单位留空。",
    "6. 指标值确定依据从下拉中选依据类别，可在其后写明具体依据（如 “计划标准：年度工作计划”）。",
    "7. 填好后在系统“下载填报模板”页面上传。有错误的单元格会标红并附批注，改正后重新上传即可。",
)


@dataclass(frozen=True)
class Place:
    """Who the template is for: the 主管部门 and 实施单位 ("[code]name") and the year."""

    department: str
    unit: str
    year: int


@dataclass(frozen=True)
class Mistake:
    """A wrong cell of a filled-in template: its address ("C7"), what it is, what is wrong and
    what to write."""

    cell: str
    field: str
    problem: str
    fix: str

    def text(self) -> str:
        return f"单元格 {self.cell}（{self.field}）：{self.problem}。{self.fix}"


# -- Writing -------------------------------------------------------------------------------


def render(place: Place) -> bytes:
    """The template's bytes for a unit and year."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.workbook.defined_name import DefinedName

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    lists = workbook.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    levels = framework()
    for column, level1 in enumerate(levels, start=1):
        letter = _letter(column)
        lists.cell(row=1, column=column, value=level1.name)
        for row, level2 in enumerate(level1.level2, start=2):
            lists.cell(row=row, column=column, value=level2.name)
        workbook.defined_names[level1.name] = DefinedName(
            level1.name, attr_text=f"{LISTS}!${letter}$2:${letter}${len(level1.level2) + 1}"
        )
    workbook.defined_names["一级指标列表"] = DefinedName(
        "一级指标列表", attr_text=f"{LISTS}!$A$1:${_letter(len(levels))}$1"
    )

    writer = _Writer(sheet)

    writer.title(1, TITLE)
    writer.title(2, f"（{place.year}年度）", size=11)
    row = 3
    writer.label(row, 1, "项目编码")
    writer.fill(row, 2, columns=WIDTH - 1)
    row += 1
    writer.label(row, 1, "项目名称")
    writer.fill(row, 2, columns=WIDTH - 1)
    row += 1
    writer.label(row, 1, "主管部门")
    writer.given(row, 2, place.department, columns=3)
    writer.label(row, 5, "实施单位")
    writer.given(row, 6, place.unit, columns=WIDTH - 5)
    row += 1
    money = writer.fill(row, 1, rows=3, value=MONEY_LABELS[0])
    money.font = Font(name="宋体", bold=True, size=11)
    money.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for label in ("年度资金总额", "其中：财政拨款", "其他资金"):
        writer.label(row, 2, label)
        writer.fill(row, 3, columns=WIDTH - 2, number_format="0.00")
        row += 1
    writer.label(row, 1, "资金用途")
    writer.fill(row, 2, columns=WIDTH - 1)
    row += 1
    writer.label(row, 1, "资金支出计划（%）", rows=2)
    for column, by in enumerate(PLAN_POINTS, start=2):
        writer.label(row, column, by)
        writer.fill(row + 1, column, number_format="0.00")
    row += 2
    writer.label(row, 1, "年度目标")
    writer.fill(row, 2, columns=WIDTH - 1)
    sheet.row_dimensions[row].height = 60
    row += 1
    for column, header in enumerate(GRID, start=1):
        writer.label(row, column, header)
    first = row + 1
    for row in range(first, first + ROWS):
        for column in range(1, WIDTH + 1):
            writer.fill(row, column, number_format="@")
    last = first + ROWS - 1
    _validations(sheet, first, last, money.coordinate)
    note = last + 2
    for offset, line in enumerate(INSTRUCTIONS):
        cell = sheet.cell(row=note + offset, column=1, value=line)
        cell.font = Font(name="宋体", bold=offset == 0, size=10, color="7F3F00")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=note + offset, start_column=1, end_row=note + offset,
                          end_column=WIDTH)  # fmt: skip
        sheet.row_dimensions[note + offset].height = 30 if len(line) > 60 else 16
    for letter, width in zip("ABCDEFGH", (14, 18, 28, 24, 10, 12, 10, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{first}"
    sheet.protection.sheet = True  # no password: protection against slips, not a lock
    sheet.protection.formatRows = False  # rows may be made taller for long goals
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


class _Writer:
    """Draws the form's cells: labels grey and locked, cells to fill white and unlocked."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin")
        self.sheet = sheet
        self.framed = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.grey = PatternFill("solid", fgColor="E7E6E6")
        self.open = Protection(locked=False)
        self.font, self.align = Font, Alignment

    def _span(self, row: int, column: int, rows: int, columns: int) -> None:
        for r in range(row, row + rows):
            for c in range(column, column + columns):
                self.sheet.cell(row=r, column=c).border = self.framed
        if rows > 1 or columns > 1:
            last_row, last_column = row + rows - 1, column + columns - 1
            self.sheet.merge_cells(
                start_row=row, start_column=column, end_row=last_row, end_column=last_column
            )

    def title(self, row: int, text: str, size: int = 16) -> None:
        cell = self.sheet.cell(row=row, column=1, value=text)
        cell.font = self.font(name="宋体", bold=size > 11, size=size)
        cell.alignment = self.align(horizontal="center", vertical="center")
        self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=WIDTH)

    def label(self, row: int, column: int, text: str, *, rows: int = 1) -> None:
        cell = self.sheet.cell(row=row, column=column, value=text)
        cell.font = self.font(name="宋体", bold=True, size=11)
        cell.alignment = self.align(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = self.grey
        self._span(row, column, rows, 1)

    def given(self, row: int, column: int, text: str, *, columns: int = 1) -> None:
        cell = self.sheet.cell(row=row, column=column, value=text)
        cell.font = self.font(name="宋体", size=11)
        cell.alignment = self.align(vertical="center", wrap_text=True)
        cell.fill = self.grey
        self._span(row, column, 1, columns)

    def fill(
        self, row: int, column: int, *, rows: int = 1, columns: int = 1, value: str | None = None,
        number_format: str = "@",
    ) -> Any:  # fmt: skip
        cell = self.sheet.cell(row=row, column=column, value=value)
        cell.protection = self.open
        cell.font = self.font(name="宋体", size=11)
        cell.alignment = self.align(vertical="center", wrap_text=True)
        cell.number_format = number_format
        self._span(row, column, rows, columns)
        return cell


def _validations(sheet: Any, first: int, last: int, money: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    def listed(formula: str, where: str, prompt: str, *, strict: bool = True) -> None:
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.errorStyle = "stop" if strict else "warning"
        check.error, check.errorTitle = prompt, "请从下拉列表中选择"
        check.prompt, check.showInputMessage, check.showErrorMessage = prompt, True, True
        sheet.add_data_validation(check)
        check.add(where)

    listed(f'"{",".join(MONEY_LABELS)}"', money, "请选择金额单位：元或万元")
    listed("一级指标列表", f"A{first}:A{last}", "请选择一级指标")
    listed(f"INDIRECT($A{first})", f"B{first}:B{last}", "请先选一级指标，再选其下的二级指标")
    listed(f'"{",".join(OPERATORS)}"', f"E{first}:E{last}", "请选择计算符号：≥ ≤ = ＞ ＜")
    listed(f'"{",".join(BASIS_KINDS)}"', f"H{first}:H{last}",
           "请选择依据类别，可在其后写明具体依据", strict=False)  # fmt: skip


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


# -- Checking ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def is_template(data: bytes) -> bool:
    """Whether the workbook is a jixiao 填报模板 (its sheet and its grid header)."""
    sheet = _sheet(data)
    return sheet is not None and _header_row(sheet) is not None


def check(data: bytes) -> list[Mistake]:
    """The mistakes of a filled-in template, cell by cell, in the order of the sheet: what must
    be filled and is not, numbers that are no numbers, a 资金支出计划 outside 0–100% or
    decreasing, categories outside the indicator framework, a 二级 not under its 一级, an
    operator or unit without a number, a number without a 三级指标. Reads only."""
    sheet = _sheet(data)
    if sheet is None:
        return [
            Mistake("A1", "工作表", f"没有名为「{SHEET}」的工作表", "请上传从系统下载的填报模板")
        ]
    labels = _labels(sheet)
    return [*_header(sheet, labels), *_plan(sheet, labels), *_grid(sheet, _header_row(sheet))]


AMOUNT_FIX = "请填写不小于 0 的金额数字，如 60000.00，不带单位和逗号"
PLAN_FIX = "请填写 0 到 100 之间的累计百分比数字，如 25，不带“%”"
SPLIT_FIX = "请核对三项金额：财政拨款与其他资金之和应等于年度资金总额"
MONEY = ("年度资金总额", "其中：财政拨款", "其他资金")


def _header(sheet: Any, labels: dict[str, tuple[int, int]]) -> list[Mistake]:
    found: list[Mistake] = []
    name = labels.get("项目名称")
    if name is not None and not _text(sheet.cell(row=name[0], column=name[1] + 1)):
        found.append(Mistake(_at(name[0], name[1] + 1), "项目名称", "没有填写", "请填写项目名称"))
    money = labels.get("money")
    if money is not None:
        cell = sheet.cell(row=money[0], column=money[1])
        if _text(cell) not in MONEY_LABELS:
            problem = "不是“项目资金（元）”或“项目资金（万元）”"
            found.append(Mistake(cell.coordinate, "金额单位", problem, "请从下拉列表中选择"))
    amounts: dict[str, Decimal] = {}
    for label in MONEY:
        at = labels.get(label)
        if at is None:
            continue
        cell = sheet.cell(row=at[0], column=at[1] + 1)
        amount, problem = _amount(cell)
        if problem:
            found.append(Mistake(cell.coordinate, label, problem, AMOUNT_FIX))
        elif amount is not None:
            amounts[label] = amount
    total = amounts.get(MONEY[0])
    parts = [amounts[label] for label in MONEY[1:] if label in amounts]
    split = sum(parts, Decimal(0))
    fiscal = labels.get(MONEY[1])
    if total is not None and parts and split > total and fiscal is not None:
        problem = f"财政拨款与其他资金之和 {_plain(split)} 超过年度资金总额 {_plain(total)}"
        found.append(Mistake(_at(fiscal[0], fiscal[1] + 1), MONEY[1], problem, SPLIT_FIX))
    return found


def _plan(sheet: Any, labels: dict[str, tuple[int, int]]) -> list[Mistake]:
    at = labels.get("资金支出计划（%）")
    if at is None:
        return []
    found = []
    before: tuple[str, Decimal] | None = None
    for column in range(at[1] + 1, at[1] + 1 + len(PLAN_POINTS)):
        by = _text(sheet.cell(row=at[0], column=column))
        cell = sheet.cell(row=at[0] + 1, column=column)
        share, problem = _amount(cell)
        field = f"资金支出计划 {by}"
        if not problem and share is not None and share > 100:
            problem = f"{_plain(share)}% 超过 100%"
        if problem:
            found.append(Mistake(cell.coordinate, field, problem, PLAN_FIX))
            continue
        if share is None:
            continue
        if before is not None and share < before[1]:
            problem = f"{_plain(share)}% 少于 {before[0]} 的 {_plain(before[1])}%"
            problem += "（计划是累计的，逐期不减）"
            fix = f"请填写不少于 {_plain(before[1])} 的累计百分比"
            found.append(Mistake(cell.coordinate, field, problem, fix))
        before = (by, share)
    return found


OPERATOR_FIX = "请从下拉列表中选择 ≥ ≤ = ＞ ＜ 之一"
NUMBER_FIX = "有计算符号时指标值只填数字（如 95），单位写在“度量单位”；定性指标请清空计算符号"
VALUE_FIX = "请填写指标值：定量指标填数字，定性指标填文字（如 优良）"
BASIS_FIX = f"请以{'、'.join(BASIS_KINDS)}之一开头，如“计划标准：年度工作计划”"


def _grid(sheet: Any, header: int | None) -> list[Mistake]:
    if header is None:
        return []
    found: list[Mistake] = []
    filled = 0
    for row in range(header + 1, header + 1 + ROWS):
        texts = [_text(sheet.cell(row=row, column=column)) for column in range(1, WIDTH + 1)]
        if any(texts):
            found += _row(row, row - header, texts)
            filled += bool(texts[2])
    if not filled:
        fix = "请至少为产出、效益、满意度指标各填写一个三级指标"
        found.append(Mistake(_at(header + 1, 3), "三级指标", "一个指标也没有填写", fix))
    return found


def _row(row: int, number_: int, texts: list[str]) -> list[Mistake]:
    """The mistakes of one indicator row (its cells' texts, in the grid's order)."""
    level1, level2, name, _, op, number, unit, basis = texts
    names = {one.name: [two.name for two in one.level2] for one in framework()}
    found: list[Mistake] = []

    def wrong(column: int, problem: str, fix: str) -> None:
        field = f"第 {number_} 行指标的{GRID[column - 1]}"
        found.append(Mistake(_at(row, column), field, problem, fix))

    if not name:
        wrong(3, "这一行填了内容，却没有三级指标名称", "请填写三级指标名称，或清空这一行")
    if not level1:
        wrong(1, "没有选择", "请从下拉列表中选择一级指标")
    elif level1 not in names:
        wrong(1, f"「{level1}」不是指标体系中的一级指标", f"请选择：{'、'.join(names)}")
    elif not level2:
        wrong(2, "没有选择", f"请选择「{level1}」下的二级指标")
    elif level2 not in names[level1]:
        wrong(2, f"「{level2}」不在一级指标「{level1}」之下", f"请选择：{'、'.join(names[level1])}")
    if op and op not in OPERATORS:
        wrong(5, f"「{op}」不是可用的计算符号", OPERATOR_FIX)
    numeric = bool(_NUMBER.match(number))
    if op and not number:
        wrong(6, "写了计算符号却没有填指标值", "请填写指标值的数字，如 10")
    elif op and not numeric:
        wrong(6, f"「{number}」不是数字", NUMBER_FIX)
    elif name and not number:
        wrong(6, "没有填写", VALUE_FIX)
    elif numeric and not op:
        wrong(5, "指标值是数字，却没有计算符号", OPERATOR_FIX)
    elif number and parse_value(_value(op, number, unit)).kind == "empty":
        wrong(6, f"「{number}」读不出指标值", VALUE_FIX)
    if unit and not number:
        wrong(7, "写了度量单位却没有指标值", "请在“指标值”一栏填写数字，或清空度量单位")
    if basis and not basis.startswith(BASIS_KINDS):
        wrong(8, f"「{basis[:20]}」没有写明依据类别", BASIS_FIX)
    return found


def _value(op: str, number: str, unit: str) -> str:
    return f"{op}{number}{unit}"


def mark(data: bytes, mistakes: list[Mistake]) -> bytes:
    """The same workbook with each wrong cell filled red and commented (what is wrong, what to
    write); the sheet's protection, lists and values stay as they were."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    workbook = load_workbook(BytesIO(data))
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    red = PatternFill("solid", fgColor="FF9999")
    by_cell: dict[str, list[Mistake]] = {}
    for mistake in mistakes:
        by_cell.setdefault(mistake.cell, []).append(mistake)
    for address, found in by_cell.items():
        cell = sheet[address]
        cell.fill = red
        text = "\n".join(f"{m.problem}。{m.fix}" for m in found)
        cell.comment = Comment(text, "绩效目标管理系统", width=320, height=120)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def year_of(data: bytes) -> int | None:
    """The year a template was downloaded for (its "（2025年度）" line)."""
    sheet = _sheet(data)
    if sheet is None:
        return None
    for row in range(1, 4):
        found = _YEAR_LINE.match(_text(sheet.cell(row=row, column=1)))
        if found:
            return int(found.group(1))
    return None


_YEAR_LINE = re.compile(r"^[（(]\s*(\d{4})\s*年度\s*[）)]$")


def as_form(data: bytes) -> bytes:
    """A checked template as the official form the .xlsx reader reads: the grid's 计算符号,
    指标值 and 度量单位 written as one 指标值 ("≥" "100" "人次" → "≥100人次"), its columns then
    those of the Hebei six (一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 |
    指标值确定依据),
    the instructions below the grid dropped. Everything else — labels, values, merges — stays
    as filled in."""
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(data))
    sheet = workbook[SHEET]
    header = _header_row(sheet)
    if header is None:
        raise ValueError(f"工作表「{SHEET}」中没有指标表头")
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row > header:
            sheet.unmerge_cells(str(merged))
    for row in range(header, sheet.max_row + 1):
        cells = [sheet.cell(row=row, column=column) for column in range(1, WIDTH + 1)]
        texts = [_text(cell) for cell in cells]
        if row == header:
            value, basis = "指标值", "指标值确定依据"
        elif row <= header + ROWS:
            value, basis = _value(texts[4], texts[5], texts[6]), texts[7]
        else:
            value, basis, texts = "", "", [""] * WIDTH
            for cell in cells[:4]:
                cell.value = None
        for cell, text in zip(cells[4:], (value, basis, None, None), strict=True):
            cell.value = text or None
            cell.data_type = "s"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet(data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(data))
    except Exception:  # not a workbook openpyxl reads: not a template
        return None
    return workbook[SHEET] if SHEET in workbook.sheetnames else None


def _labels(sheet: Any) -> dict[str, tuple[int, int]]:
    """Where the header labels are (row, column), found by their text, and the money-unit cell
    (`money`)."""
    wanted = {"项目名称", "年度资金总额", "其中：财政拨款", "其他资金", "资金支出计划（%）"}
    found: dict[str, tuple[int, int]] = {}
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 40), max_col=3):
        for cell in row:
            text = _text(cell)
            if text in wanted and text not in found:
                found[text] = (cell.row, cell.column)
            if text.startswith("项目资金") and "money" not in found:
                found["money"] = (cell.row, cell.column)
    return found


def _header_row(sheet: Any) -> int | None:
    for row in range(1, min(sheet.max_row, 60) + 1):
        if [_text(sheet.cell(row=row, column=c)) for c in range(1, WIDTH + 1)] == list(GRID):
            return row
    return None


def _text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _amount(cell: Any) -> tuple[Decimal | None, str]:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, bool):
        return None, f"「{value}」不是数字"
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = str(value).strip()
        if not _NUMBER.match(text):
            return None, f"「{text[:20]}」不是数字"
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, f"「{text[:20]}」不是数字"
    if number < 0:
        return None, f"{_plain(number)} 是负数"
    return number, ""


def _plain(number: Decimal) -> str:
    return format(number, "f")


def _at(row: int, column: int) -> str:
    return f"{_letter(column)}{row}"
