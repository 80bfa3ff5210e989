"""Reader for target documents saved from Word as plain text (layout `seed-text`).

This is the layout of the Hebei departmental target documents (e.g. 山海关区商务局): a first part
with the department-wide targets as numbered paragraphs, a second part with one 绩效目标表 per
project. In the tables, rows are separated by blank lines and each cell is a line led by a tab;
a cell's further paragraphs follow on lines without the tab. Merged cells come out blank. Word's
TOC field codes (``TC 总体绩效目标 \\f A \\l 1``) stay in the headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from jixiao.core.framework import categorize
from jixiao.core.model import (
    BasisKind,
    Budget,
    Checkpoint,
    Department,
    Indicator,
    MoneyUnit,
    Organisation,
    Project,
    SubGoal,
    TargetDocument,
)
from jixiao.core.sentences import indicators_from_sentence
from jixiao.core.value import parse_value
from jixiao.ingest.errors import IngestError

LAYOUT = "seed-text"

_CN_NUMBER = "一二三四五六七八九十"
_TOC_FIELD = re.compile(r"\sTC\s")
"""Where a Word TOC field starts; `_without_toc` cuts the line there (one fixed-width search: a
"\\s+" before TC re-scanned a long run of spaces from each of its positions)."""
_HEADING = re.compile(rf"^[{_CN_NUMBER}]+、\s*(?P<title>.+)$")
_NUMBERED = re.compile(rf"^\s*(?:[{_CN_NUMBER}]+|\d+)\s*[、.．)）]\s*")
_PROJECT_TITLE = re.compile(r"^(?:\d+\s*[、.．]\s*)?(?P<title>\S.*?绩效目标表)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:\d+|-\s*\d+\s*-|—\s*\d+\s*—|第\s*\d+\s*页.*)\s*$")
_UNIT = re.compile(r"^(?P<code>\d{3,})\s*(?P<name>\S.*)$")
_MONEY_UNIT = re.compile(r"单位[：:]\s*(?P<unit>万元|元)")
_AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$")

PART_ONE = ("第一部分", "部门整体绩效目标")
PART_TWO = ("第二部分", "预算项目绩效目标")
SECTION_OVERALL = "总体绩效目标"
SECTION_SUB_GOALS = "分项绩效目标"
SECTION_SAFEGUARDS = "工作保障措施"
GOAL_PREFIX = "绩效目标："
INDICATOR_PREFIX = "绩效指标："

INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标解释": "description",
    "指标值": "target",
    "指标值确定依据": "basis",
    "指标值设定依据": "basis",
}
_BASIS_KINDS: tuple[BasisKind, ...] = ("计划标准", "行业标准", "历史标准", "其他")


@dataclass(slots=True)
class Cell:
    line: int
    text: str


@dataclass
class Table:
    title: str
    line: int
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class _Reader:
    source: str
    lines: list[str]
    position: int = 0

    def peek(self) -> str | None:
        return self.lines[self.position] if self.position < len(self.lines) else None

    @property
    def line_number(self) -> int:
        return self.position + 1

    def skip_blank(self) -> None:
        while (line := self.peek()) is not None and not line.strip():
            self.position += 1

    def error(self, problem: str, *, expected: str | None = None, line: int | None = None) -> None:
        raise IngestError(self.source, problem, line=line or self.line_number, expected=expected)


def looks_like(text: str) -> bool:
    """Whether the text is in this layout: Word headings with TOC fields, or tab-led table cells
    under a 绩效目标表 title."""
    head = text[:20000]
    if "绩效目标" in head and " TC " in head:
        return True
    lines = head.split("\n")
    return any(
        "绩效目标表" in line and following.startswith("\t") for line, following in pairwise(lines)
    )


def read(text: str, source: str) -> TargetDocument:
    """Read a whole document in this layout into the core model."""
    reader = _Reader(source, text.split("\n"))
    department: Department | None = None
    tables: list[Table] = []
    reader.skip_blank()
    while (line := reader.peek()) is not None:
        stripped = line.strip()
        if stripped in PART_ONE or stripped in PART_TWO:
            reader.position += 1
        elif _heading_title(line) in (SECTION_OVERALL, SECTION_SUB_GOALS, SECTION_SAFEGUARDS):
            department = _read_department(reader, department or Department())
        elif _PROJECT_TITLE.match(_without_toc(line)) and _next_is_cell(reader):
            tables.append(_read_table(reader))
        elif _PAGE_NUMBER.match(line):
            reader.position += 1
        else:
            reader.error(
                f"无法识别的内容「{_excerpt(stripped)}」",
                expected="“第一部分/第二部分”、部门整体绩效目标的章节标题（如“一、总体绩效目标”）"
                "或项目绩效目标表标题（如“1、××经费绩效目标表”）后接表格",
            )
        reader.skip_blank()
    if department is None and not tables:
        reader.error("文件中没有部门整体绩效目标，也没有项目绩效目标表", line=1)
    projects = [_project(table, source) for table in tables]
    return TargetDocument(
        source=source,
        layout=LAYOUT,
        department=_with_identity(department, projects),
        projects=_with_supervisor(projects),
    )


# -- Part one: department-wide targets -------------------------------------------------------


def _read_department(reader: _Reader, department: Department) -> Department:
    title = _heading_title(reader.peek() or "")
    reader.position += 1
    paragraphs = list(_paragraphs(reader))
    texts = [text for _, text in paragraphs]
    if title == SECTION_OVERALL:
        return department.model_copy(update={"overall_goal": "\n".join(texts) or None})
    if title == SECTION_SAFEGUARDS:
        return department.model_copy(update={"safeguards": _numbered_items(texts)})
    return department.model_copy(update={"sub_goals": _sub_goals(reader, paragraphs)})


def _paragraphs(reader: _Reader) -> Iterator[tuple[int, str]]:
    """Indented body paragraphs up to the next heading; lines directly below one another form
    one paragraph."""
    reader.skip_blank()
    while (line := reader.peek()) is not None and line[:1].isspace() and line.strip():
        start = reader.line_number
        parts: list[str] = []
        while (line := reader.peek()) is not None and line.strip():
            if not line[:1].isspace() and parts:
                break
            parts.append(line.strip())
            reader.position += 1
        yield start, "\n".join(parts)
        reader.skip_blank()


def _sub_goals(reader: _Reader, paragraphs: list[tuple[int, str]]) -> list[SubGoal]:
    sub_goals: list[SubGoal] = []
    for line, text in paragraphs:
        if text.startswith(GOAL_PREFIX) and sub_goals:
            sub_goals[-1].goal = text.removeprefix(GOAL_PREFIX).strip()
        elif text.startswith(INDICATOR_PREFIX) and sub_goals:
            sentence = text.removeprefix(INDICATOR_PREFIX).strip()
            sub_goals[-1].indicator_text = sentence
            sub_goals[-1].indicators = indicators_from_sentence(sentence)
        elif _NUMBERED.match(text):
            sub_goals.append(SubGoal(title=_NUMBERED.sub("", text, count=1)))
        else:
            reader.error(
                f"分项绩效目标中无法归属的段落「{_excerpt(text)}」",
                expected="“一、××”开头的分项标题，或“绩效目标：”“绩效指标：”开头的段落",
                line=line,
            )
    return sub_goals


def _numbered_items(texts: list[str]) -> list[str]:
    items: list[str] = []
    for text in texts:
        if _NUMBERED.match(text) or not items:
            items.append(_NUMBERED.sub("", text, count=1))
        else:
            items[-1] += "\n" + text
    return items


def _heading_title(line: str) -> str | None:
    if not line or line[:1].isspace():
        return None
    match = _HEADING.match(_without_toc(line))
    return match["title"].strip() if match else None


def _with_identity(department: Department | None, projects: list[Project]) -> Department | None:
    """Department name and code, which this layout leaves implicit: the units' shared code
    prefix (322 for units 322002, 322003) and the name of its lowest-numbered unit."""
    if department is None:
        return None
    units = sorted({(p.unit.code, p.unit.name) for p in projects if p.unit.code})
    prefixes = {code[:-3] for code, _ in units}
    if len(prefixes) != 1 or not units:
        return department
    return department.model_copy(update={"code": prefixes.pop(), "name": units[0][1]})


def _with_supervisor(projects: list[Project]) -> list[Project]:
    department = _with_identity(Department(), projects)
    if department is None or department.code is None or department.name is None:
        return projects
    supervisor = Organisation(code=department.code, name=department.name)
    return [project.model_copy(update={"supervisor": supervisor}) for project in projects]


# -- Part two: project tables -----------------------------------------------------------------


def _next_is_cell(reader: _Reader) -> bool:
    position = reader.position + 1
    return position < len(reader.lines) and reader.lines[position].startswith("\t")


def _read_table(reader: _Reader) -> Table:
    title_line = reader.peek() or ""
    match = _PROJECT_TITLE.match(_without_toc(title_line))
    assert match is not None  # checked by the caller
    table = Table(title=match["title"], line=reader.line_number)
    lines, position, end = reader.lines, reader.position + 1, len(reader.lines)
    rows = table.rows
    row: list[Cell] = []
    more: list[str] = []  # the last cell's further paragraphs, joined once (not one by one)
    previous_blank = False
    while position < end:
        line = lines[position]
        if line.startswith("\t"):
            if more:
                _continue_cell(row, more)
            row.append(Cell(position + 1, line[1:].rstrip(" ")))
            previous_blank = False
        elif not line or line.isspace():
            if row:
                _continue_cell(row, more)
                rows.append(row)
                row = []
            previous_blank = True
        elif row and not previous_blank:
            more.append(line.rstrip(" "))
        else:
            break
        position += 1
    if row:
        _continue_cell(row, more)
        rows.append(row)
    reader.position = position
    return table


def _continue_cell(row: list[Cell], more: list[str]) -> None:
    if more:
        row[-1].text += "\n" + "\n".join(more)
        more.clear()


@dataclass
class _Table:
    """Reading one table: the rows in order, with errors that name the table."""

    table: Table
    source: str
    index: int = 0

    def error(self, problem: str, line: int, expected: str | None = None) -> IngestError:
        return IngestError(
            self.source, problem, line=line, table=f"表「{self.table.title}」", expected=expected
        )

    def rows(self) -> Iterator[list[Cell]]:
        while self.index < len(self.table.rows):
            self.index += 1
            yield self.table.rows[self.index - 1]

    def next_row(self, after: list[Cell], expected: str) -> list[Cell]:
        if self.index >= len(self.table.rows):
            raise self.error("表格在此处结束", after[-1].line, expected=expected)
        self.index += 1
        return self.table.rows[self.index - 1]

    def last_line(self) -> int:
        return self.table.rows[-1][-1].line if self.table.rows else self.table.line


def _project(table: Table, source: str) -> Project:
    reading = _Table(table, source)
    fields: dict[str, object] = {"title": table.title}
    header: list[str] | None = None
    indicators: list[Indicator] = []
    for row in reading.rows():
        label = row[0].text.strip()
        if header is not None:
            indicators.append(_indicator(reading, header, row, indicators))
        elif label in {"项目编码", "项目名称"}:
            fields.update(_labelled(row, {"项目编码": "code", "项目名称": "name"}))
        elif label.startswith("预算规模"):
            fields["budget"] = _budget(reading, row)
            purpose_row = reading.next_row(row, expected="资金用途所在行（首格为合并的空白格）")
            fields["purpose"] = "\n".join(c.text for c in purpose_row[1:] if c.text) or None
        elif label.startswith("资金支出计划"):
            values = reading.next_row(row, expected="资金支出计划的百分比行")
            fields["spending_plan"] = _spending_plan(reading, row, values)
        elif label in ("绩效目标", "年度绩效目标"):
            fields["goals"] = _goal_items(row[1:])
        elif label in ("长期绩效目标", "中长期绩效目标", "长期目标"):
            fields["long_term_goals"] = _goal_items(row[1:])
        elif label == "一级指标":
            header = _indicator_header(reading, row)
        elif _UNIT.match(label) or any(_MONEY_UNIT.search(c.text) for c in row):
            fields.update(_unit_row(row))
        else:
            raise reading.error(
                f"无法识别的表格行「{_excerpt(label)}」",
                row[0].line,
                expected="项目编码/项目名称、预算规模及资金用途、资金支出计划、绩效目标或指标表的行",
            )
    for required, wording in (("name", "项目名称"), ("unit", "预算单位（如“322002××局”）")):
        if fields.get(required) is None:  # absent, or a blank cell after its label
            raise reading.error(f"缺少{wording}", reading.last_line(), expected=f"表中有{wording}")
    if header is None:
        raise reading.error(
            "缺少指标表（“一级指标 二级指标 三级指标 …”表头行）",
            reading.last_line(),
            expected="绩效目标之后的指标表；文件可能在此处被截断",
        )
    return Project.model_validate({**fields, "indicators": indicators})


def _labelled(row: list[Cell], labels: dict[str, str]) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for cell, following in zip(row, [*row[1:], None], strict=True):
        key = labels.get(cell.text.strip())
        if key is not None:
            values[key] = following.text.strip() or None if following else None
    return values


def _unit_row(row: list[Cell]) -> dict[str, object]:
    values: dict[str, object] = {}
    for cell in row:
        if money := _MONEY_UNIT.search(cell.text):
            unit: MoneyUnit = "万元" if money["unit"] == "万元" else "元"
            values["money_unit"] = unit
        elif match := _UNIT.match(cell.text.strip()):
            values["unit"] = Organisation(code=match["code"], name=match["name"].strip())
        elif cell.text.strip():
            values["unit"] = Organisation(name=cell.text.strip())
    return values


def _budget(reading: _Table, row: list[Cell]) -> Budget:
    labels = {
        "预算数": "total",
        "其中：财政资金": "fiscal",
        "财政资金": "fiscal",
        "其他资金": "other",
    }
    amounts: dict[str, Decimal | None] = {}
    for cell, following in zip(row, [*row[1:], None], strict=True):
        key = labels.get(cell.text.strip())
        if key is not None and following is not None:
            amounts[key] = _amount(reading, following, cell.text.strip())
    return Budget.model_validate(amounts)


def _amount(reading: _Table, cell: Cell, label: str) -> Decimal | None:
    text = cell.text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if not _AMOUNT.match(text):
        raise reading.error(
            f"{label}「{cell.text.strip()}」不是金额", cell.line, "如 60000.00 的数字"
        )
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise reading.error(f"{label}「{text}」不是金额", cell.line, "如 60000.00 的数字") from None


def _spending_plan(reading: _Table, dates: list[Cell], values: list[Cell]) -> list[Checkpoint]:
    if len(values) != len(dates):
        raise reading.error(
            f"资金支出计划有 {len(dates) - 1} 个时点，百分比行却有 {len(values) - 1} 个数",
            values[0].line,
            expected="每个时点下一个百分比",
        )
    return [
        Checkpoint(by=date.text.strip(), percent=_amount(reading, value, date.text.strip()))
        for date, value in zip(dates[1:], values[1:], strict=True)
    ]


def _goal_items(cells: list[Cell]) -> list[str]:
    lines = [line.strip() for cell in cells for line in cell.text.split("\n")]
    return _numbered_items([line for line in lines if line])


def _indicator_header(reading: _Table, row: list[Cell]) -> list[str]:
    header = []
    for cell in row:
        key = INDICATOR_COLUMNS.get(cell.text.strip())
        if key is None:
            raise reading.error(
                f"指标表表头中有无法识别的列「{cell.text.strip()}」",
                cell.line,
                expected="、".join(dict.fromkeys(INDICATOR_COLUMNS)) + " 中的列",
            )
        header.append(key)
    if "name" not in header or "target" not in header:
        raise reading.error("指标表表头缺少“三级指标”或“指标值”列", row[0].line)
    return header


def _indicator(
    reading: _Table, header: list[str], row: list[Cell], previous: list[Indicator]
) -> Indicator:
    if len(row) != len(header):
        names = "、".join(_column_names(header))
        raise reading.error(
            f"指标行有 {len(row)} 个单元格",
            row[0].line,
            expected=f" {len(header)} 个单元格（{names}）；表格可能在此处被截断或有单元格丢失",
        )
    cells = {key: cell.text.strip() for key, cell in zip(header, row, strict=True)}
    above = previous[-1] if previous else None
    level1 = cells.get("level1") or (above.level1 if above else None)
    level2 = cells.get("level2") or None
    if level2 is None and not cells.get("level1") and above is not None:
        level2 = above.level2
    if not cells["name"]:
        raise reading.error("三级指标名称为空", row[header.index("name")].line, expected="指标名称")
    basis = cells.get("basis") or None
    return Indicator(
        level1=level1,
        level2=level2,
        name=cells["name"],
        description=cells.get("description") or None,
        target=parse_value(cells["target"]),
        basis=basis,
        basis_kind=_basis_kind(basis),
        category=categorize(level1, level2),
    )


def _basis_kind(basis: str | None) -> BasisKind | None:
    if not basis:
        return None
    return next((kind for kind in _BASIS_KINDS if kind in basis), None)


def _column_names(header: list[str]) -> list[str]:
    names: dict[str, str] = {}
    for name, key in INDICATOR_COLUMNS.items():
        names.setdefault(key, name)
    return [names[key] for key in header]


def _without_toc(line: str) -> str:
    field = _TOC_FIELD.search(line)
    return (line if field is None else line[: field.start()]).strip()


def _excerpt(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"
