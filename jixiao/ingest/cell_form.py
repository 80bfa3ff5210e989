"""The 项目支出绩效目标表 as a form read cell by cell, whatever carried the cells.

Web pages publish the same form in many shapes: a cell per line between blank lines, rows of
cells joined by "|", … Two small front ends (`cell_lines`, `pipe_table`) turn the text into
`Cell`s; this module reads the form from them by its labels, never by position:

- the header: 项目编码, 项目名称, 主管部门, 实施单位, the money (年度资金总额 / 其中：财政拨款 /
  其他资金, in 元 or 万元 as the label or the amount says), 资金用途, the 资金支出计划 (its dates,
  then as many percentages), the goals (年度目标, 中期目标 …); a label followed by another label
  has no value; page furniture around the form is passed over;
- the indicator grid after 一级指标: a 一级 or 二级 label sets the category of the rows below it
  (merged cells are written once), then each 三级指标 is followed by its 指标值. Grids with
  long-term and annual columns (二级指标（长期）… 指标值（年度）) are read row by row, blank cells
  included; so are grids with the Hebei form's 绩效指标描述 and 指标值确定依据 columns, by place
  (a row a line where lines are rows, blank cells kept).

Several forms one below the other are several projects: a 项目名称 after a grid starts the next
form, with the title and year lines just above it.

A form cut off mid-grid, an indicator without its value or an amount that is not a number raises
`IngestError` naming the line; nothing partial is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NoReturn

from jixiao.core.framework import categorize, clean_label, find_level1, framework
from jixiao.core.model import (
    BasisKind,
    Budget,
    Checkpoint,
    Indicator,
    MoneyUnit,
    Organisation,
    Project,
    TargetDocument,
)
from jixiao.core.value import parse_value
from jixiao.ingest.errors import IngestError


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    line: int

    @property
    def key(self) -> str:
        """The text as a label: without spaces, "?" runs (lost vertical text), colons or notes."""
        return clean_label(_LABEL_NOISE.sub("", self.text))


_LABEL_NOISE = re.compile(r"[\s?？:：]+")

NAME, SUPERVISOR, UNIT, IGNORED = "name", "supervisor", "unit", "ignored"
TOTAL, YEAR_TOTAL, FISCAL, YEAR_FISCAL, OTHER = (
    "total",
    "year_total",
    "fiscal",
    "year_fiscal",
    "other",
)
GOALS, LONG_TERM, SECTION, FRAGMENT = "goals", "long_term", "section", "fragment"
CODE, PURPOSE, PLAN = "code", "purpose", "plan"
LABELS = {
    "项目编码": CODE,
    "项目代码": CODE,
    "项目名称": NAME,
    "主管部门": SUPERVISOR,
    "主管预算部门": SUPERVISOR,
    "主管部门及编码": SUPERVISOR,
    "主管部门及代码": SUPERVISOR,
    "主管单位": SUPERVISOR,
    "实施单位": UNIT,
    "项目实施单位": UNIT,
    "预算单位": UNIT,
    "项目负责人及电话": IGNORED,
    "项目负责人": IGNORED,
    "联系电话": IGNORED,
    "项目属性": IGNORED,
    "项目起止时间": IGNORED,
    "项目期": IGNORED,
    "资金总额": TOTAL,
    "项目预算金额": TOTAL,
    "项目资金总额": TOTAL,
    "年度资金总额": YEAR_TOTAL,
    "当年资金总额": YEAR_TOTAL,
    "其中财政拨款": FISCAL,
    "财政拨款": FISCAL,
    "其中当年财政拨款": YEAR_FISCAL,
    "当年财政拨款": YEAR_FISCAL,
    "其他资金": OTHER,
    "当年其他资金": OTHER,
    "资金用途": PURPOSE,
    "资金支出计划": PLAN,
    "年度目标": GOALS,
    "绩效目标": GOALS,
    "年度绩效目标": GOALS,
    "年度总体目标": GOALS,
    "中期目标": LONG_TERM,
    "长期目标": LONG_TERM,
    "总体目标": SECTION,
    "资金情况": SECTION,
    "项目资金": SECTION,
    "绩效指标": SECTION,
    "绩效项目指标表": SECTION,
    "年度绩效指标": SECTION,
    "及编码": FRAGMENT,
    "指标": FRAGMENT,
}
MONEY = {TOTAL, YEAR_TOTAL, FISCAL, YEAR_FISCAL, OTHER}
GRID_START = "一级指标"
GRID_COLUMNS = {"二级指标", "三级指标", "指标值", "绩效指标描述"}
DESCRIPTION, BASIS = "绩效指标描述", "指标值确定依据"
"""Columns of the Hebei form besides the four: with them the grid is read by place (`_Table`)."""
_BASIS_HEADERS = ("指标值确定依据", "指标值设定依据")
_BASIS_KINDS: tuple[BasisKind, ...] = ("计划标准", "行业标准", "历史标准", "其他")
TRAILERS = (
    "注:", "注：", "附件", "扫一扫", "- 扫一扫", "[下载]", "【打印", "打印本页", "关闭窗口",
    "填报人", "填表人", "填报日期", "填表日期", "制表人", "单位负责人", "财务负责人",
)  # fmt: skip
"""Cells that end a form: notes and page furniture below it, a sheet's signature line."""
_YEAR = re.compile(r"(20\d\d)\s*年度")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?")
_CODE = re.compile(r"^[\[【]\s*(\w+)\s*[\]】]\s*(.+)$")
_NUMBERED = re.compile(r"(?:^|\s)\d{1,2}\s*[.、．]\s*")
_PLAN_DATE = re.compile(
    r"\d{1,2}\s*月\S{0,3}|\d{4}\s*年\S{0,8}|第?[一二三四1-4]\s*季度\S{0,2}|[上下]半年\S{0,2}|年[底末]|全年"
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%?")


def read_cells(cells: list[Cell], source: str, layout: str, *, rows: bool) -> TargetDocument:
    """The document of the project tables in the cells: one form, or several one below the other
    (each from its 项目名称 on, with the title and year lines just above it). `rows`: whether a
    cell's line is its table row (then an indicator alone at the end of its row has an empty
    指标值, and a grid with 绩效指标描述 or 指标值确定依据 columns is read by place)."""
    projects = [_read_form(part, source, rows=rows) for part in _forms(cells, rows=rows)]
    years = {project.year for project in projects}
    year = years.pop() if len(years) == 1 else None
    return TargetDocument(source=source, year=year, layout=layout, projects=projects)


def _forms(cells: list[Cell], *, rows: bool) -> list[list[Cell]]:
    """The cells cut into forms: a new one starts at a 项目名称 met after a grid (一级指标)."""
    starts = [0]
    floor = None  # first cell after the current form's grid start: a new form starts below it
    for position, cell in enumerate(cells):
        if not cell.text or len(cell.text) > 24:
            continue  # no label (the key costs two substitutions)
        key = cell.key
        if key == GRID_START:
            floor = position + 1
        elif floor is not None and LABELS.get(key) == NAME:
            starts.append(_form_start(cells, position, floor, rows=rows))
            floor = None
    return [cells[start:end] for start, end in zip(starts, [*starts[1:], len(cells)], strict=True)]


def _form_start(cells: list[Cell], name: int, floor: int, *, rows: bool) -> int:
    """Where the form whose 项目名称 is at `name` begins: its title, year and header lines above
    it (rows: lines of at most one filled cell or with a header label; else title-like cells)."""
    start = name
    if not rows:
        while start > floor and (not cells[start - 1].text or _titles_a_form(cells[start - 1])):
            start -= 1
        return start
    while start > floor and cells[start - 1].line == cells[name].line:
        start -= 1  # the 项目名称 line's own cells to its left
    while start > floor:
        line = cells[start - 1].line
        top = start
        while top > floor and cells[top - 1].line == line:
            top -= 1
        if top == floor and cells[top].line == cells[floor - 1].line:
            break  # the grid's header line
        above = cells[top:start]
        filled = [cell for cell in above if cell.text]
        if len(filled) > 1 and not any(
            LABELS.get(cell.key) not in (None, FRAGMENT, SECTION) for cell in filled
        ):
            break
        start = top
    return start


def _titles_a_form(cell: Cell) -> bool:
    text = cell.text
    return bool(_YEAR.search(text)) or ("绩效目标" in text and "表" in text and len(text) <= 60)


def _read_form(cells: list[Cell], source: str, *, rows: bool) -> Project:
    form = _Form(source, rows=rows)
    start = form.read_header(cells)
    indicators = form.read_grid(cells, start)
    return Project(
        code=form.text(CODE),
        name=form.value(NAME, "项目名称"),
        title=form.title,
        year=form.year,
        unit=form.organisation(UNIT)
        or form.organisation(SUPERVISOR)
        or _missing(form.source, "实施单位"),
        supervisor=form.organisation(SUPERVISOR),
        money_unit=form.money_unit,
        budget=Budget(
            total=form.amount(YEAR_TOTAL) or form.amount(TOTAL),
            fiscal=form.amount(YEAR_FISCAL) or form.amount(FISCAL),
            other=form.amount(OTHER),
        ),
        purpose=form.text(PURPOSE) or form.purpose,
        spending_plan=form.spending_plan(),
        goals=form.goal_items(GOALS),
        long_term_goals=form.goal_items(LONG_TERM),
        indicators=indicators,
    )


def _missing(source: str, label: str) -> NoReturn:
    raise IngestError(source, f"表中没有「{label}」", expected=f"写明{label}的绩效目标表")


@dataclass
class _Form:
    source: str
    rows: bool
    values: dict[str, Cell] = field(default_factory=dict)
    goals: dict[str, list[str]] = field(default_factory=dict)
    title: str | None = None
    year: int | None = None
    money_unit: MoneyUnit = "元"
    purpose: str | None = None
    plan_dates: list[Cell] = field(default_factory=list)
    plan_percents: list[Decimal] = field(default_factory=list)
    planning: bool = False  # reading the 资金支出计划: its dates, then their percentages

    def read_header(self, cells: list[Cell]) -> int:
        """Read the labels above the grid; return the position of the grid's first cell."""
        waiting: list[str] = []  # labels whose values come next, in order
        for position, cell in enumerate(cells):
            key = cell.key
            if key == GRID_START:
                if NAME not in self.values:
                    raise IngestError(
                        self.source, "指标表之前没有「项目名称」", line=cell.line,
                        expected="表头（项目名称、主管部门、实施单位、资金、目标）在一级指标之前",
                    )  # fmt: skip
                return position
            kind = LABELS.get(key)
            if kind is not None:
                self._label(kind, cell, waiting)
                continue
            if not cell.text:
                continue
            if self.planning and self._plan(cell):
                continue
            if waiting:
                self._value(waiting.pop(0), cell)
            elif NAME not in self.values:
                self._before_form(cell)
        raise IngestError(
            self.source, "没有找到绩效指标表（「一级指标」）", line=cells[-1].line if cells else 1,
            expected="项目名称等表头之后的一级指标、二级指标、三级指标、指标值",
            hint="文件可能在表头处被截断。",
        )  # fmt: skip

    def _label(self, kind: str, cell: Cell, waiting: list[str]) -> None:
        self.planning = kind == PLAN
        if (kind in MONEY and "万" in cell.text) or (kind == SECTION and "万元" in cell.text):
            self.money_unit = "万元"
        if kind == FRAGMENT:
            return
        if kind in (GOALS, LONG_TERM):
            # 中期目标 and 年度目标 may stand side by side before their texts; any other label
            # still waiting (an empty 其他资金 above) has no value
            waiting[:] = [k for k in waiting if k in (GOALS, LONG_TERM)]
            waiting.append(kind)
            return
        waiting.clear()
        if kind not in (SECTION, PLAN):
            waiting.append(kind)

    def _plan(self, cell: Cell) -> bool:
        """Take the cell into the 资金支出计划 (dates such as 3月底, then as many percentages);
        False when it is no part of it, which ends the plan."""
        text = cell.text.strip()
        if not self.plan_percents and len(text) <= 16 and _PLAN_DATE.fullmatch(text):
            self.plan_dates.append(cell)
            return True
        percent = _PERCENT.fullmatch(text)
        if percent is not None and len(self.plan_percents) < len(self.plan_dates):
            self.plan_percents.append(Decimal(percent.group(1)))
            return True
        self.planning = False
        return False

    def spending_plan(self) -> list[Checkpoint]:
        percents: list[Decimal | None] = [*self.plan_percents]
        percents += [None] * (len(self.plan_dates) - len(percents))
        return [
            Checkpoint(by=date.text.strip(), percent=percent)
            for date, percent in zip(self.plan_dates, percents, strict=True)
        ]

    def _value(self, kind: str, cell: Cell) -> None:
        if kind in (GOALS, LONG_TERM):
            self.goals.setdefault(kind, []).append(cell.text)
        elif kind != IGNORED:
            self.values.setdefault(kind, cell)
        if kind in MONEY and re.search(r"\d\s*万", cell.text):
            self.money_unit = "万元"

    def _before_form(self, cell: Cell) -> None:
        """Page furniture before the form, except its title and year."""
        if (year := _YEAR.search(cell.text)) is not None:
            self.year = int(year.group(1))
        if "绩效目标" in cell.text and "表" in cell.text and len(cell.text) <= 60:
            self.title = cell.text.strip()

    def read_grid(self, cells: list[Cell], start: int) -> list[Indicator]:
        if self.rows:
            first = start
            while first > 0 and cells[first - 1].line == cells[start].line:
                first -= 1
            end = start
            while end < len(cells) and cells[end].line == cells[start].line:
                end += 1
            if any(_by_place(cell.key) for cell in cells[start:end]):
                return _Table(self.source).read_rows(cells, first, start, end)
        headers = [cells[start]]
        position = start + 1
        while position < len(cells) and (
            not cells[position].text or _label_of(cells[position].key, None) is None
        ):
            if cells[position].text:
                headers.append(cells[position])
            position += 1
        for header in headers[1:]:
            if not _is_column_header(header.key):
                raise _unreadable_column(self.source, header)
        if any(_by_place(header.key) for header in headers):
            return _Table(self.source).read_chunks(cells, headers, position)
        if any("年度" in header.text for header in headers):
            return _Columns(self.source, headers).read(cells, position)
        return _Grammar(self.source, self.rows).read(cells, position)

    def text(self, kind: str) -> str | None:
        """The text of an optional field (项目编码, 资金用途); None when absent or blank."""
        cell = self.values.get(kind)
        return (cell.text.strip() or None) if cell is not None else None

    def value(self, kind: str, label: str) -> str:
        cell = self.values.get(kind)
        if cell is None:
            _missing(self.source, label)
        return cell.text.strip()

    def organisation(self, kind: str) -> Organisation | None:
        cell = self.values.get(kind)
        if cell is None:
            return None
        text = cell.text.strip()
        coded = _CODE.match(text)
        if coded is not None:
            return Organisation(code=coded.group(1), name=coded.group(2).strip())
        return Organisation(name=text)

    def amount(self, kind: str) -> Decimal | None:
        cell = self.values.get(kind)
        if cell is None or not cell.text.strip():
            return None
        found = _AMOUNT.search(cell.text)
        if found is None:
            raise IngestError(
                self.source, f"金额「{cell.text.strip()}」不是数字", line=cell.line,
                expected="如 854 或 854万元 的金额",
            )  # fmt: skip
        usage = _bracketed(cell.text)
        if usage is not None and self.purpose is None:
            self.purpose = usage.strip()  # e.g. 854万(高标准农田建设400万元,…)
        return Decimal(found.group(1))

    def goal_items(self, kind: str) -> list[str]:
        items: list[str] = []
        for text in self.goals.get(kind, []):
            parts = [p.strip() for p in _NUMBERED.split(text) if p.strip()]
            items.extend(parts if len(_NUMBERED.findall(text)) >= 2 else [text.strip()])
        return items


def _bracketed(text: str) -> str | None:
    """What `[（(](.+)[）)]` would find — from the first opening bracket of a line to its last
    closing one — without a pattern that rescans the line from every opening bracket."""
    for line in text.split("\n"):
        first = min((i for i in (line.find("("), line.find("（")) if i >= 0), default=-1)
        last = max(line.rfind(")"), line.rfind("）"))
        if first >= 0 and last > first + 1:
            return line[first + 1 : last]
    return None


def _is_column_header(key: str) -> bool:
    return any(key.startswith(column) for column in GRID_COLUMNS)


def _by_place(key: str) -> bool:
    """Whether the header is a column that makes the grid read by place (`_Table`)."""
    return key == DESCRIPTION or key in _BASIS_HEADERS


def _unreadable_column(source: str, header: Cell) -> IngestError:
    return IngestError(
        source, f"绩效指标表有「{header.text}」列，本版式暂不能读", line=header.line,
        expected="一级指标、二级指标、三级指标、指标值四列（可另有长期、年度两组，"
        "或绩效指标描述、指标值确定依据两列）",
        hint="自评表、带分值或指标解释的表需要另外的读取方式。",
    )  # fmt: skip


def _is_trailer(cell: Cell) -> bool:
    return cell.text.lstrip().startswith(TRAILERS)


def _level2_of(key: str) -> bool:
    return any(level1.find(key) is not None for level1 in framework())


def _label_of(key: str, level1: str | None) -> str | None:
    """ "level1" or "level2" when the cell is a category label (under `level1` as written)."""
    current = find_level1(level1)
    if current is not None and current.find(key) is not None:
        return "level2"
    if find_level1(key) is not None:
        return "level1"
    if _level2_of(key):
        return "level2"
    return None


class _Grammar:
    """一级指标 | 二级指标 | 三级指标 | 指标值, with merged category cells written once."""

    def __init__(self, source: str, rows: bool) -> None:
        self.source = source
        self.rows = rows

    def read(self, cells: list[Cell], start: int) -> list[Indicator]:
        level1: str | None = None
        level2: str | None = None
        indicators: list[Indicator] = []
        pending: Cell | None = None
        last_label: Cell | None = None  # a category label with no indicator under it yet
        for cell in _until_trailer(cells, start):
            key = cell.key
            if not cell.text or key == "指标":  # a blank, or the tail of "经济效益 / 指标"
                continue
            if pending is not None and self.rows and cell.line != pending.line:
                indicators.append(_indicator(level1, level2, pending.text, ""))  # empty 指标值
                pending = None
            label = _label_of(key, level1)
            if pending is not None:
                if label is not None:
                    raise IngestError(
                        self.source, f"指标「{pending.text}」没有指标值", line=cell.line,
                        expected="每个三级指标后紧跟其指标值（如 ≥95%）",
                    )  # fmt: skip
                indicators.append(_indicator(level1, level2, pending.text, cell.text))
                pending = None
            elif label == "level1":
                level1, level2, last_label = cell.text.strip(), None, cell
            elif label == "level2":
                level2, last_label = cell.text.strip(), cell
            else:
                if level1 is None and level2 is None:
                    raise IngestError(
                        self.source, f"「{cell.text.strip()}」之前没有一级指标", line=cell.line,
                        expected="产出指标、效益指标、满意度指标等一级指标",
                    )  # fmt: skip
                pending, last_label = cell, None
        if pending is not None and self.rows:
            indicators.append(_indicator(level1, level2, pending.text, ""))
            pending = None
        if pending is not None:
            raise IngestError(
                self.source, f"表格在指标「{pending.text}」处中断，缺少指标值", line=pending.line,
                expected="完整的绩效指标表", hint="文件可能不完整，请取得完整的表格后再导入。",
            )  # fmt: skip
        if last_label is not None:
            raise IngestError(
                self.source, f"表格在「{last_label.text.strip()}」处中断，其下没有指标",
                line=last_label.line, expected="完整的绩效指标表",
                hint="文件可能不完整，请取得完整的表格后再导入。",
            )  # fmt: skip
        if not indicators:
            raise IngestError(
                self.source, "绩效指标表中没有指标", line=cells[start].line if start < len(cells)
                else None, expected="至少一行三级指标及其指标值",
            )  # fmt: skip
        return indicators


class _Columns:
    """Long-term and annual columns side by side, one row per indicator, blank cells kept."""

    def __init__(self, source: str, headers: list[Cell]) -> None:
        self.source = source
        self.headers = [_LABEL_NOISE.sub("", h.text) for h in headers]

    def read(self, cells: list[Cell], start: int) -> list[Indicator]:
        width = len(self.headers)
        rows = list(_until_trailer(cells, start))
        while rows and not rows[-1].text:
            rows.pop()
        if len(rows) % width:
            raise IngestError(
                self.source, f"指标表有 {len(rows)} 个单元格，不是每行 {width} 个的整数倍",
                line=rows[-1].line if rows else None, expected=f"每行 {width} 个单元格（含空白）",
                hint="表格可能被截断或有单元格丢失。",
            )  # fmt: skip
        column = {name: n for n, name in enumerate(self.headers)}
        annual = {k: self._column(column, k, "年度") for k in ("二级指标", "三级指标", "指标值")}
        long_term = [n for n, name in enumerate(self.headers) if "长期" in name]
        indicators = []
        level1: str | None = None
        for offset in range(0, len(rows), width):
            row = rows[offset : offset + width]
            level1 = row[0].text.strip() or level1
            for n in long_term:
                if row[n].text.strip() and not _level2_of(row[n].key):
                    raise IngestError(
                        self.source, f"长期指标「{row[n].text.strip()}」暂不能读入",
                        line=row[n].line,
                        expected="长期指标列为空（jixiao 目前只保存年度指标）",
                    )  # fmt: skip
            name = row[annual["三级指标"]].text.strip()
            if not name:
                continue
            level2 = row[annual["二级指标"]].text.strip() or None
            indicators.append(_indicator(level1, level2, name, row[annual["指标值"]].text))
        return indicators

    def _column(self, column: dict[str, int], name: str, period: str) -> int:
        for header, n in column.items():
            if header.startswith(name) and period in header:
                return n
        raise IngestError(self.source, f"指标表没有「{name}（{period}）」列", expected="年度指标列")


_TABLE_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    DESCRIPTION: "description",
    "指标值": "target",
    **dict.fromkeys(_BASIS_HEADERS, "basis"),
}


class _Table:
    """The grid with 绩效指标描述 and 指标值确定依据 columns (the Hebei form) read by place: one
    row a line (or, cell by cell, a header's width of cells), blank cells kept; a merged 一级 or
    二级 cell is written once, at the top of the rows it spans."""

    def __init__(self, source: str) -> None:
        self.source = source

    def read_rows(self, cells: list[Cell], first: int, start: int, end: int) -> list[Indicator]:
        """`cells[first:end]` is the header line, `cells[start]` its 一级指标."""
        columns = self._columns(cells[first:end], start - first)
        rows: list[list[Cell]] = []
        for cell in _until_trailer(cells, end):
            if not rows or rows[-1][0].line != cell.line:
                rows.append([])
            rows[-1].append(cell)
        return self._read(columns, rows, cells[start])

    def read_chunks(self, cells: list[Cell], headers: list[Cell], start: int) -> list[Indicator]:
        columns = self._columns(headers, 0)
        width = len(headers)
        body = list(_until_trailer(cells, start))
        while body and not body[-1].text:
            body.pop()
        if len(body) % width:
            raise IngestError(
                self.source, f"指标表有 {len(body)} 个单元格，不是每行 {width} 个的整数倍",
                line=body[-1].line if body else None, expected=f"每行 {width} 个单元格（含空白）",
                hint="表格可能被截断或有单元格丢失。",
            )  # fmt: skip
        rows = [body[offset : offset + width] for offset in range(0, len(body), width)]
        return self._read(columns, rows, headers[0])

    def _columns(self, header: list[Cell], level1: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        for index, cell in enumerate(header[level1:], start=level1):
            if not cell.text:
                continue
            name = _TABLE_COLUMNS.get(cell.key)
            if name is None:
                raise _unreadable_column(self.source, cell)
            columns.setdefault(name, index)
        for name, label in (("name", "三级指标"), ("target", "指标值")):
            if name not in columns:
                raise IngestError(
                    self.source, f"绩效指标表没有「{label}」列", line=header[level1].line,
                    expected="一级指标、二级指标、三级指标、指标值等列",
                )  # fmt: skip
        return columns

    def _read(
        self, columns: dict[str, int], rows: list[list[Cell]], header: Cell
    ) -> list[Indicator]:
        level1: str | None = None
        level2: str | None = None
        indicators: list[Indicator] = []
        for row in rows:
            fields = {
                name: row[index].text.strip() if index < len(row) else ""
                for name, index in columns.items()
            }
            if not any(fields.values()):
                continue
            if fields.get("level1"):
                level1, level2 = fields["level1"], fields.get("level2") or None
            elif fields.get("level2"):
                level2 = fields["level2"]
            if not fields["name"]:
                if fields["target"] or fields.get("description") or fields.get("basis"):
                    raise IngestError(
                        self.source, "指标行没有三级指标名称", line=row[0].line,
                        expected="每行一个三级指标及其指标值",
                    )  # fmt: skip
                continue
            if level1 is None and level2 is None:
                raise IngestError(
                    self.source, f"「{fields['name']}」之前没有一级指标", line=row[0].line,
                    expected="产出指标、效益指标、满意度指标等一级指标",
                )  # fmt: skip
            basis = fields.get("basis") or None
            indicators.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=fields["name"],
                    description=fields.get("description") or None,
                    target=parse_value(fields["target"]),
                    basis=basis,
                    basis_kind=_basis_kind(basis),
                    category=categorize(level1, level2),
                )
            )
        if not indicators:
            raise IngestError(
                self.source, "绩效指标表中没有指标", line=header.line,
                expected="至少一行三级指标及其指标值",
            )  # fmt: skip
        return indicators


def _basis_kind(basis: str | None) -> BasisKind | None:
    if not basis:
        return None
    return next((kind for kind in _BASIS_KINDS if kind in basis), None)


def _until_trailer(cells: list[Cell], start: int) -> Iterator[Cell]:
    for cell in cells[start:]:
        if _is_trailer(cell):
            return
        yield cell


def _indicator(level1: str | None, level2: str | None, name: str, value: str) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name.strip(),
        target=parse_value(value.strip()),
        category=categorize(level1, level2),
    )
