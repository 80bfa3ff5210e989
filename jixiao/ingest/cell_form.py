"""The 项目支出绩效目标表 — and its self-evaluation, monitoring and department-wide kin — read
cell by cell, whatever carried the cells.

Web pages, Word, Excel and PDF files publish the same forms in many shapes; small front ends
(`cell_lines`, `pipe_table`, `bar_cells`, the format readers …) turn them into `Cell`s; this module
reads the form from them by its labels, never by position (the vocabulary is `cell_vocabulary`):

- the header: 项目编码, 项目名称 and its variants, 主管部门, 实施单位 ("[610001]name" and
  "820001-name" split into code and name), the money (年度资金总额 / 其中：财政拨款 /
  其他资金, in 元 or 万元 as the label, a 金额单位 cell or the amount says; money split by level
  of government — 中央资金, 省级补助, 地方资金 … — summed as 财政拨款 where no 财政拨款 row is
  written; a 年度资金总额 heading a column of amounts: the total of its parts （一）（二）（三）;
  the parts other than 财政拨款 — 二、自有资金 三、其他 after it — its 其他资金), the year of a
  title that names the year's budget (…2022年市直部门预算…绩效目标表), 资金用途, the
  资金支出计划, the goals (年度目标, 中期/实施期目标) and their achievement (年度目标完成情况);
  a label followed by another label has no value; a label and its value may share a cell
  ("预算编码: 906017"); page furniture around the form is passed over;
- a self-evaluation's or monitoring table's money block (年初预算数 | 全年预算数 | 全年执行数
  | 执行率 | 分值 | 得分 …, then a row per money line) into `Evaluation.funds` or
  `Monitoring.funds`;
- the indicator grid after 一级指标, read by its column set (`cell_grid`), and below it the
  self-evaluation's 总分, 等级, 评价结论, 存在问题, 改进措施.

Several forms one below the other are several projects: a 项目名称 after a grid starts the next
form, with the title and year lines just above it (not the page's text between them), unless it
only heads another table's columns (项目名称 | 资金计划 | 资金到位情况 …: warned of, not read); a
sheet whose header line holds 项目名称 beside 一级指标 is many projects, each row carrying its
project (`_Wide`). A form with 部门名称 and no
项目名称 is a 部门整体支出绩效目标表 and fills `Department`.

Nothing is lost silently: what cannot be fully read (a row cut off, a value missing, a column not
known, the tail of another table above the form) is kept as far as it was read, with a
`ReadWarning` naming line, table and cell in `TargetDocument.warnings`. A form without 项目名称 (or
部门名称) is refused saying which labels were recognised; so is an amount that is not a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise, zip_longest
from typing import NoReturn

from jixiao.core.model import (
    Budget,
    Checkpoint,
    Department,
    Evaluation,
    FundLine,
    Grade,
    Indicator,
    MoneyUnit,
    Monitoring,
    MonitoringFundLine,
    Organisation,
    Project,
    TargetDocument,
    Task,
)
from jixiao.ingest.broken_cells import rejoined
from jixiao.ingest.cell_grid import (
    Columns,
    Grid,
    Notes,
    Results,
    Row,
    Table,
    by_place,
    category,
    ends_grid,
    figure,
    is_trailer,
    written_number,
)
from jixiao.ingest.cell_vocabulary import (
    ACHIEVED,
    BASIS,
    BASIS_HEADERS,
    CENTRAL,
    CODE,
    DEPARTMENT,
    DEPARTMENT_CODE,
    DESCRIPTION,
    DUTIES,
    EVALUATION_LABELS,
    EXECUTED,
    FILER,
    FISCAL,
    FRAGMENT,
    FUND_FIELDS,
    FUND_ROW_WORDS,
    FUND_STARTS,
    GOALS,
    GRID_COLUMNS,
    GRID_END,
    GRID_FIELDS,
    GRID_START,
    IGNORED,
    IMPLEMENTATION,
    LABEL_NOISE,
    LABELS,
    LEVEL,
    LONG_TERM,
    MONEY,
    MONITORING_FUNDS,
    NAME,
    NUMBER,
    OPERATORS,
    OTHER,
    OVERALL,
    PLAN,
    PURPOSE,
    SCORE,
    SECTION,
    SUPERVISOR,
    TOTAL,
    TRAILERS,
    UNIT,
    UNREAD,
    YEAR_FISCAL,
    YEAR_TOTAL,
    Cell,
    headless_label,
    label_kind,
    labels_money,
    money_key,
    short,
    squeezed,
)
from jixiao.ingest.errors import IngestError

__all__ = [
    "ACHIEVED",
    "BASIS",
    "BASIS_HEADERS",
    "CENTRAL",
    "CODE",
    "DEPARTMENT",
    "DEPARTMENT_CODE",
    "DESCRIPTION",
    "DUTIES",
    "EVALUATION_LABELS",
    "EXECUTED",
    "FILER",
    "FISCAL",
    "FRAGMENT",
    "FUND_FIELDS",
    "FUND_ROW_WORDS",
    "FUND_STARTS",
    "GOALS",
    "GRID_COLUMNS",
    "GRID_END",
    "GRID_FIELDS",
    "GRID_START",
    "IGNORED",
    "IMPLEMENTATION",
    "LABELS",
    "LABEL_NOISE",
    "LEVEL",
    "LONG_TERM",
    "MONEY",
    "MONITORING_FUNDS",
    "NAME",
    "NUMBER",
    "OPERATORS",
    "OTHER",
    "OVERALL",
    "PLAN",
    "PURPOSE",
    "SCORE",
    "SECTION",
    "SUPERVISOR",
    "TOTAL",
    "TRAILERS",
    "UNIT",
    "YEAR_FISCAL",
    "YEAR_TOTAL",
    "Cell",
    "read_cells",
]
"""What the front ends and writers use: the vocabulary lives in `cell_vocabulary`."""


_YEAR = re.compile(r"(20\d\d)\s*年度")
_TITLE_YEAR = re.compile(r"[（(]\s*(20\d\d)\s*年?度?\s*[)）]")
"""A title's year in brackets: 绩效目标自评表 (2021), 申报表（2023年）."""
_BUDGET_YEAR = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)[\u4e00-\u9fff]{0,10}?预算")
"""A title naming the year's budget: 鄂州市2022年市直部门预算项目支出绩效目标表. A year naming a
fund (2023年省级财政林业草原专项资金…绩效目标表) is the fund's, which a page may budget in
another year (027's notice budgets it in 2024): no year of the form."""
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?")
_CODE = re.compile(r"^[\[【]\s*(\w+)\s*[\]】]\s*(.+)$")
_CODE_DASH = re.compile(r"^([0-9A-Za-z]+)\s*[-－—]\s*(\S.*)$")
_NUMBERED = re.compile(r"(?:^|\s)\d{1,2}\s*[.、．]\s*")
_PLAN_DATE = re.compile(
    r"\d{1,2}\s*月\S{0,3}|\d{4}\s*年\S{0,8}|第?[一二三四1-4]\s*季度\S{0,2}|[上下]半年\S{0,2}|年[底末]|全年"
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%?")
_STRAY_SHOWN = 4
"""Cells a warning of header cells not read names (the rest counted)."""
_FURNITURE = ("发布", "索引号", "来源:", "来源：")
"""Words of a page's metadata line, which may name the table but is no title."""


def read_cells(cells: list[Cell], source: str, layout: str, *, rows: bool) -> TargetDocument:
    """The document of the project tables in the cells: one form, or several one below the other
    (each from its 项目名称 on, with the title and year lines just above it), or one wide sheet
    whose rows carry their project (单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 …).
    `rows`: whether a cell's line is its table row (then rows are read by column; cells that
    each stand on a line of their own are read as a stream of cells whatever the caller said).

    What is read but not fully understood is kept, with a warning (`TargetDocument.warnings`)
    naming line, table and cell; a form without 项目名称 is refused, saying what was found."""
    rows = rows and _shares_lines(cells)
    if not rows:
        cells = rejoined(cells)  # 年初 / 预算数: a label the copy broke at its line break
    notes = Notes(source)
    department: Department | None = None
    department_year: int | None = None
    wide = _wide_header(cells) if rows else None
    if wide is not None:
        projects, department = _Wide(source, notes).read(cells, wide)
    else:
        parts = _forms(cells, rows=rows)
        projects = []
        if len(parts) == 1 and not _names_a_project(cells) and _names_a_department(cells):
            parts = []
            department, department_year = _read_department(cells, source, rows=rows, notes=notes)
        headless: Cell | None = None  # the grid of a first part without 项目名称
        summary: str | None = None
        titles: list[str] = []  # 项目名称 heading another table's columns, for a refusal
        for number, part in enumerate(parts):
            if number == 0 and len(parts) > 1 and not _names_a_project(part):
                if not _form_follows(parts[1:]) and _read_headless(part, projects, notes, rows):
                    continue  # the copy's own table, begun below its header
                first = next((cell for cell in part if cell.key == GRID_START), part[0])
                notes.add("文件开头是另一张表的末尾（没有项目名称），未读入", first)
                headless = first
                summary = _Form(source, rows=rows, notes=Notes(source))._grid_summary(
                    part, part.index(first)
                )
                continue
            notes.table = None
            try:
                projects.append(
                    _read_form(part, source, rows=rows, notes=notes, headless=len(parts) == 1)
                )
            except _UnnamedError as error:
                title = _column_titles(part) if number > 0 else None
                if title is not None:
                    notes.table = projects[-1].name if projects else None
                    notes.add(f"{title[1]}，未读入", title[0])
                    titles.append(f"第{title[0].line}行的{title[1]}")
                    continue
                if headless is None or projects:
                    raise
                raise _UnnamedError(
                    source, error.problem + f"；第{headless.line}行起的绩效指标表之前也没有项目名称"
                    + (f"（{summary.removeprefix('其下的绩效指标表')}）" if summary else "")
                    + "，文件可能从表格或报告的中间开始", line=error.line, expected=error.expected,
                    hint=error.hint,
                ) from None  # fmt: skip
        if not projects and department is None and titles:
            try:  # the grid above them names no project either: say so, and what they are
                _read_form(parts[0], source, rows=rows, notes=Notes(source))
            except _UnnamedError as error:
                problem = f"{error.problem}，文件可能从表格或报告的中间开始；{'；'.join(titles)}"
                raise _UnnamedError(
                    source, problem, line=error.line, expected=error.expected, hint=error.hint
                ) from None
    if not projects and department is None:  # every part passed over: nothing was read
        noted = notes.items[0] if notes.items else None
        raise IngestError(
            source,
            "未能读出任何项目表或部门整体绩效目标：文中的栏目拼不成一张表",
            line=noted.line if noted else None,
            expected="写明项目名称、其下有绩效指标表的绩效目标表或自评表",
            hint="请核对文件是否完整，或取得原始的 Word、Excel 文件导入。",
        )
    years = {project.year for project in projects}
    year = years.pop() if len(years) == 1 else None
    if not projects and department is not None:
        year = department_year
    return TargetDocument(
        source=source,
        year=year,
        layout=layout,
        department=department,
        projects=projects,
        warnings=notes.items,
    )


def _shares_lines(cells: list[Cell]) -> bool:
    """Whether some line holds two cells: else lines are cells, not rows."""
    return any(a.line == b.line for a, b in pairwise(cells))


def _names_a_department(cells: list[Cell]) -> bool:
    """Whether a 部门名称 label stands above the grid (alone, or with its value after a colon)."""
    for cell in cells:
        if cell.text and short(cell.text):
            key = cell.key
            if key == GRID_START:
                return False
            if LABELS.get(key) == DEPARTMENT:
                return True
            whole = headless_label(key)  # 级预算单位名称
            if whole is not None and LABELS[whole[0]] == DEPARTMENT:
                return True
        glued = _glued_label(cell) if cell.text else None
        if glued is not None and glued[0] == DEPARTMENT:
            return True
    return False


def _glued_label(cell: Cell) -> tuple[str, Cell] | None:
    """A label and its value written in one cell ("预 算 编 码: 906017"): the label's kind and
    the value as a cell of its own; None when the text before the first colon is no label."""
    text = cell.text
    colon = min((i for i in (text.find(":"), text.find("：")) if i >= 0), default=-1)
    if colon <= 0 or not short(text[:colon], 16):
        return None
    kind = label_kind(Cell(text[:colon], cell.line).key)
    if kind is None or kind in (SECTION, FRAGMENT, PLAN):
        return None
    return kind, Cell(text[colon + 1 :].strip(), cell.line)


def _read_department(
    cells: list[Cell], source: str, *, rows: bool, notes: Notes
) -> tuple[Department, int | None]:
    """A 部门整体支出绩效目标表: 部门名称, 部门编码, 职能职责, 年度绩效总目标 and its grid; and the
    year its title gives."""
    form = _Form(source, rows=rows, notes=notes)
    since = len(notes.items)
    start = form.read_header(cells, named=False)
    notes.table = form.text(DEPARTMENT)
    _name_table(notes, since)
    indicators = form.read_grid(cells, start) if start is not None else []
    if start is None:
        notes.add("表中没有绩效指标表（「一级指标」），只读入了表头；文件可能在表头处被截断")
    evaluation = form.evaluation(cells, start, indicators)
    monitoring = form.monitoring(indicators)
    budget = _budget(form)
    if budget == Budget() and form.department_money is not None:
        budget = form.department_money  # 部门总体资金情况: the year's income
    if budget == Budget() and form.task_total is not None:
        budget = form.task_total  # the 年度主要任务's 金额合计
    unit = form.organisation(UNIT) or form.organisation(SUPERVISOR)  # 预算部门: [316]林业局
    goals = form.goal_items(GOALS)  # 年度总体目标, 年度目标: the department's own
    department = Department(
        name=form.text(DEPARTMENT) or (unit.name if unit else None),
        code=form.text(DEPARTMENT_CODE) or (unit.code if unit else None),
        budget=budget if budget != Budget() else None,
        money_unit=form.money_unit
        if budget != Budget() or _has_funds(evaluation, monitoring)
        else None,
        duties=form.text(DUTIES),
        tasks=form.tasks,
        overall_goal=form.text(OVERALL) or ("\n".join(goals) if goals else None),
        indicators=indicators,
        evaluation=evaluation,
        monitoring=monitoring,
    )
    return department, form.year


def _has_funds(evaluation: Evaluation | None, monitoring: Monitoring | None) -> bool:
    """Whether a self-evaluation's or monitoring's money block was read (its unit then kept)."""
    return bool((evaluation and evaluation.funds) or (monitoring and monitoring.funds))


def _form_follows(parts: list[list[Cell]]) -> bool:
    """Whether a form (not only another table's column titles) follows the first part."""
    return any(_column_titles(part) is None for part in parts)


def _read_headless(part: list[Cell], projects: list[Project], notes: Notes, rows: bool) -> bool:
    """Read the grid of a first part without any header as a table whose name is not given;
    False, with nothing noted, when the part is no such grid."""
    since = len(notes.items)
    try:
        projects.append(_read_form(part, notes.source, rows=rows, notes=notes, headless=True))
    except _UnnamedError:
        del notes.items[since:]
        return False
    return True


def _names_a_project(cells: list[Cell]) -> bool:
    for cell in cells:
        if cell.text and short(cell.text):
            key = cell.key
            if key == GRID_START:
                return False
            if LABELS.get(key) == NAME:
                return True
    return False


def _forms(cells: list[Cell], *, rows: bool) -> list[list[Cell]]:
    """The cells cut into forms: a new one starts at a 项目名称 met after a grid (一级指标)."""
    starts = [0]
    floor = None  # first cell after the current form's grid start: a new form starts below it
    for position, cell in enumerate(cells):
        if not cell.text or not short(cell.text):
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
        if cells[start - 1].outside and not _titles_a_form(cells[start - 1]):
            break  # the page's text between the tables, not the form's title
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


def _column_titles(part: list[Cell]) -> tuple[Cell, str] | None:
    """What a part is that a 项目名称 after a grid began but that is no form: a 项目名称 with no
    name beside it, only further labels (项目名称 | 中央、省…财政资金 | 资金计划 | 资金到位情况,
    the column titles of a table listing projects, in one row), no indicator grid and none of a
    form's own header labels (主管部门, 实施单位, 目标 …). None when the part may be a form whose
    name is missing."""
    label = next((n for n, cell in enumerate(part) if LABELS.get(cell.key) == NAME), None)
    if label is None:
        return None
    keys = [cell.key for cell in part if cell.text and short(cell.text)]
    if GRID_START in keys or any(label_kind(key) in _FORM_HEADER for key in keys):
        return None
    cell = part[label]
    row = [other for other in part[label + 1 :] if other.line == cell.line and other.text]
    if len(row) < 2 or label_kind(row[0].key) is None:
        return None
    titles = [cell.text.strip()] + [other.text.strip() for other in row]
    return cell, (
        f"「{cell.text.strip()}」是另一张表的列标题（「{'」「'.join(titles)}」），其后没有项目名称，"
        "这张表不是绩效目标表"
    )


_FORM_HEADER = frozenset({SUPERVISOR, CENTRAL, UNIT, FILER, CODE, GOALS, LONG_TERM})
"""Labels only a form's header has: a part holding one is a form, however it is cut."""


def _titles_a_form(cell: Cell) -> bool:
    text = cell.text
    return bool(_YEAR.search(text)) or _is_title(text)


def _is_title(text: str) -> bool:
    """绩效目标表, 绩效自评表, 绩效目标审批表 …: a short line naming a performance table."""
    text = squeezed(text) if " " in text or "\u3000" in text else text
    return "绩效" in text and "表" in text and len(text) <= 60


def _read_form(
    cells: list[Cell], source: str, *, rows: bool, notes: Notes, headless: bool = False
) -> Project:
    """One form. `headless`: a grid with no header at all above it (a copy begun below the
    header) is read as a table whose name and unit are not given — left empty, never taken
    from the page's title or text — with a warning saying so."""
    form = _Form(source, rows=rows, notes=notes)
    since = len(notes.items)
    try:
        start = form.read_header(cells)
    except _UnnamedError:
        start = form.headless_grid(cells) if headless else None
        if start is None:
            raise
        notes.table = ""  # the table's name is not given: its warnings name it so
        above = _paragraphs_above(cells, start)
        if above:
            notes.add(
                f"绩效指标表之上有 {len(above)} 段没有栏目名称的文字，未读入：表头缺失，不知道它们"
                "属于哪一栏（可能是绩效目标或项目概况），请对照原表核对",
                above[0],
            )
        notes.add(
            "文件中没有这张表的表头（项目名称、主管部门、实施单位、资金等），项目名称和预算单位留空，"
            "只读入了其下的绩效指标表；文件可能从表格中间开始，请取得完整的表格后补全表头",
            cells[start],
        )
    notes.table = form.table_name()
    _name_table(notes, since)
    indicators = form.read_grid(cells, start) if start is not None else []
    if start is None:
        notes.add("表中没有绩效指标表（「一级指标」），只读入了表头；文件可能在表头处被截断")
    elif not indicators:
        notes.add("绩效指标表中没有指标；表格可能在表头处被截断", cells[start])
    evaluation = form.evaluation(cells, start, indicators)
    unit = form.organisation(UNIT) or form.organisation(FILER)
    supervisor = form.organisation(SUPERVISOR) or form.organisation(CENTRAL)
    if unit is None and supervisor is not None:
        notes.add("表中没有实施单位，以主管部门作为实施单位")
    if NAME not in form.values:  # headless: no unit is written either
        unit = unit or supervisor or Organisation(name="")
    elif unit is None and supervisor is None:  # a form that names no unit at all (006)
        notes.add(
            "表中没有实施单位，也没有主管部门，预算单位留空；导入前请在表中写明实施单位",
            form.label_cells.get(NAME),
        )
        unit = Organisation(name="")
    return Project(
        code=form.code,
        name=form.name,
        title=form.title,
        year=form.year,
        unit=unit or supervisor or _missing(form.source, "实施单位"),
        supervisor=supervisor,
        money_unit=form.money_unit,
        budget=_budget(form),
        purpose=form.text(PURPOSE) or form.purpose,
        spending_plan=form.spending_plan(),
        goals=form.goal_items(GOALS),
        long_term_goals=form.goal_items(LONG_TERM),
        indicators=indicators,
        evaluation=evaluation,
        monitoring=form.monitoring(indicators),
    )


_PARAGRAPH = 20
"""Chinese characters of a text above a headless grid beyond which it is a paragraph."""


def _paragraphs_above(cells: list[Cell], start: int) -> list[Cell]:
    """The paragraphs right above a grid whose header is missing (a goal, an overview, their
    labels lost), up to the page's furniture (发布者, 来源 …) or a title or year line."""
    found: list[Cell] = []
    for cell in reversed(cells[:start]):
        text = cell.text.strip()
        if not text or label_kind(cell.key if short(text) else "") is not None:
            continue
        if any(word in text for word in _FURNITURE) or _titles_a_form(cell):
            break
        if sum("\u4e00" <= char <= "\u9fff" for char in text) > _PARAGRAPH:
            found.insert(0, cell)  # Chinese prose, not an address or a number
    return found


def _name_table(notes: Notes, since: int) -> None:
    """The warnings of a form's header, written before its name was read, name its table."""
    notes.items[since:] = [
        item if item.table else item.model_copy(update={"table": notes.table})
        for item in notes.items[since:]
    ]


def _broken_label(cell: Cell, following: Cell | None) -> Cell | None:
    """A label cut into two cells at its line break (年度主要 / 工作内容), where cells come one
    by one: the two as one cell, when neither is a label and together they are one."""
    if following is None or not following.text.strip() or len(squeezed(cell.text)) > 12:
        return None
    if len(squeezed(following.text)) > 12 or label_kind(following.key) is not None:
        return None
    joined = Cell(cell.text.strip() + following.text.strip(), cell.line)
    return joined if joined.key in LABELS else None


def _budget(form: _Form) -> Budget:
    """The money the header writes (年度资金总额 / 其中：财政拨款 / 其他资金), else its money
    block's or its parts' sums."""
    funds = form.fund_budget()
    parts = form.parts_budget()
    by_kind = form.breakdown
    return Budget(
        total=_first(form.amount(YEAR_TOTAL), form.amount(TOTAL), funds.total, parts.total),
        fiscal=_first(
            form.amount(YEAR_FISCAL), form.amount(FISCAL), funds.fiscal, form.level_total(),
            by_kind.get("fiscal"),
        ),
        other=_first(form.amount(OTHER), funds.other, parts.other, by_kind.get("other")),
    )  # fmt: skip


def _missing(source: str, label: str) -> NoReturn:
    raise IngestError(source, f"表中没有「{label}」", expected=f"写明{label}的绩效目标表")


def _first(*numbers: Decimal | None) -> Decimal | None:
    """The first amount written (0 included)."""
    return next((number for number in numbers if number is not None), None)


def _sum(numbers: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the amounts written (blanks left out); None when none is."""
    written = [number for number in numbers if number is not None]
    return sum(written, Decimal(0)) if written else None


def _is_fiscal(label: Cell) -> bool:
    """A row of 财政拨款 (or of a level's fiscal money): （一）财政拨款小计."""
    return label_kind(label.key) in (FISCAL, YEAR_FISCAL, LEVEL) or "财政" in squeezed(label.text)


_RANKS = (("省", 1), ("市", 2), ("州", 2), ("县", 3), ("区", 3))


def _level_rank(key: str) -> int:
    """How near the unit a 主管部门 label's level is: 省级 1, 市级 2, 县级 or 区级 3; a label
    without a level (主管部门, 项目主管部门) 4, kept over any other."""
    if not key.endswith(("级主管部门", "级主管单位")):
        return 4
    return next((rank for word, rank in _RANKS if key.startswith(word)), 0)


_TOP_PART = re.compile(
    r"\s*(?:[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、)"
)
"""（一）, (二), 三、 — the top-level rows of an allocation block (1、 2、 are their parts)."""


def _part_label(cell: Cell) -> bool:
    """Whether a top-level row names money: （二）自有资金小计, 三、其他 (the rest of the money)."""
    return labels_money(cell) or "其他" in cell.text or "其它" in cell.text


def _part_number(cell: Cell) -> str:
    """The number of a top-level row: 二 of 二、自有资金 or （二）自有资金小计."""
    found = _TOP_PART.match(cell.text)
    return found.group().strip(" （()）、") if found is not None else ""


@dataclass
class _Form:
    source: str
    rows: bool
    notes: Notes
    values: dict[str, Cell] = field(default_factory=dict)
    goals: dict[str, list[str]] = field(default_factory=dict)
    title: str | None = None
    year: int | None = None
    money_unit: MoneyUnit = "元"
    purpose: str | None = None
    plan_dates: list[Cell] = field(default_factory=list)
    plan_percents: list[Decimal] = field(default_factory=list)
    planning: bool = False  # reading the 资金支出计划: its dates, then their percentages
    funds: list[dict[str, Cell]] = field(default_factory=list)  # rows of the money block
    breakdown: dict[str, Decimal] = field(default_factory=dict)  # 按收入性质分: fiscal, other
    monitored: bool = False  # the money block has 1-6月执行数 / 全年预计执行数 columns
    evaluating: bool = False  # within a 总体目标完成情况 block: 总体目标 heads the goals
    found: list[str] = field(default_factory=list)  # labels recognised, for the refusal
    label_cells: dict[str, Cell] = field(default_factory=dict)
    levels: dict[str, Cell] = field(default_factory=dict)  # 中央资金, 地方资金 … by their key
    level_label: str = ""  # the level label waiting for its amount
    supervisor_rank: int = 0  # the level of the 主管部门 label waiting (`_level_rank`)
    kept_rank: int = -1  # the level of the 主管部门 kept
    parts: list[list[Cell]] = field(default_factory=list)  # （一）…（三）: a label, its amount
    stray: list[Cell] = field(default_factory=list)  # header cells neither label nor value
    unread_section: bool = False  # within a section warned of as not read (its cells too)
    tasks: list[Task] = field(default_factory=list)  # a department's 年度主要任务
    department_money: Budget | None = None  # its 部门总体资金情况's 当年 income
    task_total: Budget | None = None  # their 金额合计

    def read_header(self, cells: list[Cell], *, named: bool = True) -> int | None:
        """Read the labels above the grid; return the position of the grid's first cell (None
        when the form ends before its grid). `named`: the form must have its 项目名称."""
        waiting: list[str] = []  # labels whose values come next, in order
        position = 0
        while position < len(cells):
            cell = cells[position]
            key = cell.key if short(cell.text, 40) else ""
            if key == GRID_START:
                self.found.append("绩效指标表（一级指标）")
                break
            if (
                key in FUND_FIELDS
                and FUND_FIELDS[key] in FUND_STARTS
                and _heads_funds(cells, position)
            ):
                waiting.clear()
                position = self._read_funds(cells, position)
                continue
            if key in _MONEY_HEADS and not named:
                waiting.clear()
                self.found.append(cell.text.strip())
                position = self._read_department_money(cells, position + 1, cell)
                continue
            if key == _TASKS and _heads_tasks(cells, position):
                waiting.clear()
                self.found.append(cell.text.strip())
                position = self._read_tasks(cells, position + 1)
                continue
            position += 1
            part = self._part(cell)
            kind = label_kind(key)
            if kind is None and key and not self.rows:
                following = cells[position] if position < len(cells) else None
                joined = _broken_label(cell, following)
                if joined is not None:
                    cell, kind = joined, label_kind(joined.key)
                    position += 1
                elif (whole := headless_label(key)) is not None and not self.values:
                    kind = LABELS[whole[0]]  # 级预算单位名称: its head lost in the copy
                    self.notes.add(
                        f"「{cell.text.strip()}」像是「{'」或「'.join(whole)}」丢失了开头的字，"
                        "按该栏目读入；复制时其后的内容也可能丢了开头的字，请对照原表核对名称",
                        cell,
                    )
            if kind is not None:
                self._stray_read()
                self.found.append(cell.text.strip())
                self.label_cells.setdefault(kind, cell)
                self._label(kind, cell, waiting)
                continue
            if not cell.text:
                continue
            if _states_money_unit(cell.text):
                self.money_unit = "万元" if "万元" in cell.text else "元"
                continue
            # 部门(单位)名称: 岳阳市… — a label and its value in one cell, within the form (a
            # numbered paragraph above it, "(7)绩效目标:…", is the notice, not the form)
            glued = _glued_label(cell) if NAME in self.values or not named else None
            if glued is not None:
                kind, value = glued
                self.found.append(cell.text.strip())
                self.label_cells.setdefault(kind, cell)
                self._label(kind, cell, waiting)
                if value.text:
                    if kind in waiting:
                        waiting.remove(kind)
                    self._value(kind, value)
                continue
            if self.planning and self._plan(cell):
                continue
            if waiting:
                if SCORE in waiting and NUMBER.fullmatch(cell.text.strip()):
                    self._value(SCORE, cell)
                    waiting.remove(SCORE)
                    continue
                kind = next((k for k in waiting if k != SCORE), SCORE)
                waiting.remove(kind)
                if kind in (GOALS, ACHIEVED, _OVERALL_GOALS) and NUMBER.fullmatch(
                    cell.text.strip()
                ):
                    waiting.insert(0, kind)  # a section's score in the goals' row, no goal
                    continue
                self._value(kind, cell)
                if kind == ACHIEVED and self.goals.get(GOALS) and not waiting:
                    waiting[:] = [GOALS, ACHIEVED]  # 目标1 | 完成情况1 | 目标2 | 完成情况2 …
            elif NAME not in self.values and (named or DEPARTMENT not in self.values):
                self._before_form(cell)  # above the form (a department's: above its name)
            elif not (self.unread_section or part):  # in the form: no label, no label's value
                self.stray.append(cell)
        self._stray_read()
        if not self.rows:
            self._goals_by_column()
        if named and NAME not in self.values:
            raise _unrecognised(
                self.source,
                self.found,
                cells[position] if position < len(cells) else None,
                unnamed=self.label_cells.get(NAME),
                grid=self._grid_summary(cells, position),
            )
        return position if position < len(cells) else None

    def _goals_by_column(self) -> None:
        """Goals and their achievement read a cell each in turn (目标1 | 完成情况1 | 目标2 …)
        when the copy wrote them a column after the other: the goals 目标1, 目标2, 目标3, then
        their achievements numbered from 1 again. Taken in turn, the numbers run out of order
        (1, 3, 2): split the cells where the numbering starts again instead."""
        goals, achieved = self.goals.get(GOALS, []), self.goals.get(ACHIEVED, [])
        if not goals or not achieved or abs(len(goals) - len(achieved)) > 1:
            return
        read = [text for pair in zip_longest(goals, achieved) for text in pair if text is not None]
        written = [_goal_number(text) for text in read]
        numbers = [number for number in written if number is not None]
        if len(numbers) < len(read) or len(read) % 2:
            return
        half = len(read) // 2
        counting = list(range(1, half + 1))
        if numbers[:half] == counting and numbers[half:] == counting and numbers != sorted(numbers):
            self.goals[GOALS], self.goals[ACHIEVED] = read[:half], read[half:]

    def _stray_read(self) -> None:
        """Cells of the header that are no label of the form and no label's value (a label
        the form does not know, and what follows it): one warning naming them, never lost
        silently; none inside a section already warned of as not read."""
        if not self.stray:
            return
        shown = "".join(f"「{squeezed(cell.text)[:30]}」" for cell in self.stray[:_STRAY_SHOWN])
        more = f"等 {len(self.stray)} 项" if len(self.stray) > _STRAY_SHOWN else ""
        self.notes.add(f"表头中的{shown}{more}不是本表的栏目或其内容，未读入", self.stray[0])
        self.stray.clear()

    def _grid_summary(self, cells: list[Cell], start: int) -> str | None:
        """What the grid at `start` holds, for a refusal: its indicators' number and first names
        (read apart, with warnings of their own that are not the document's)."""
        if start >= len(cells) or cells[start].key != GRID_START:
            return None
        found = self._grid_apart(cells, start)
        if found is None:
            return None
        names = [indicator.name for indicator in found if indicator.name][:3]
        shown = "「" + "」「".join(names) + "」等" if names else ""
        return f"其下的绩效指标表有 {len(found)} 个指标{shown}"

    def headless_grid(self, cells: list[Cell]) -> int | None:
        """Where the grid starts in cells that hold no header label at all above it (only
        section words such as 绩效指标), when it reads to indicators: a copy begun below the
        form's header. None when any header label (项目名称 with no name, 主管部门, 资金 …) or a
        money block was read, or there is no grid."""
        if any(kind not in (SECTION, FRAGMENT) for kind in self.label_cells) or self.funds:
            return None
        start = next(
            (n for n, cell in enumerate(cells) if short(cell.text, 40) and cell.key == GRID_START),
            None,
        )
        if start is None:
            return None
        return start if self._grid_apart(cells, start) else None

    def _grid_apart(self, cells: list[Cell], start: int) -> list[Indicator] | None:
        """The grid at `start` read apart (its warnings not the document's); None if refused."""
        try:
            return _Form(self.source, rows=self.rows, notes=Notes(self.source)).read_grid(
                cells, start
            )
        except IngestError:
            return None

    def table_name(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name written, "" for a table whose header is not in the copy."""
        written = self.values.get(NAME)
        return _split_code(written.text.strip())[1] if written is not None else ""

    @property
    def code(self) -> str | None:
        written = self.text(CODE)
        if written is not None:
            return written
        name = self.values.get(NAME)
        return _split_code(name.text.strip())[0] if name is not None else None

    def _label(self, kind: str, cell: Cell, waiting: list[str]) -> None:
        self.planning = kind == PLAN
        if kind == LEVEL:
            self.level_label = money_key(cell.key)
        if kind == SUPERVISOR:
            self.supervisor_rank = _level_rank(cell.key)
        if (kind in MONEY and "万" in cell.text) or (kind == SECTION and "万元" in cell.text):
            self.money_unit = "万元"
        if kind == FRAGMENT:
            return
        if kind == SECTION and cell.key in ("总体目标完成情况", "年度总体目标完成情况"):
            self.evaluating = True
        self.unread_section = kind == SECTION and cell.key in UNREAD
        if self.unread_section:
            self.notes.add(f"「{squeezed(cell.text)}」一节未读入（系统暂无对应栏目）", cell)
        if kind == SECTION and cell.key == "总体目标":
            if not self.evaluating:
                # 总体目标 | text is the goal; 总体目标 | 中期目标 | 年度目标 | texts heads them
                waiting[:] = [k for k in waiting if k == SCORE] + [_OVERALL_GOALS]
                return
            kind = GOALS
        if kind in (GOALS, LONG_TERM, ACHIEVED):
            # 中期目标 and 年度目标 (or a goal and its achievement) may stand side by side
            # before their texts; any other label still waiting has no value
            kept = (GOALS, LONG_TERM, ACHIEVED, SCORE, _OVERALL_GOALS if kind == ACHIEVED else "")
            waiting[:] = [k for k in waiting if k in kept]
            if kind in waiting:
                return
            if kind == ACHIEVED or ACHIEVED not in waiting:
                waiting.append(kind)
            else:  # goals come before their achievement, whatever heads the block
                waiting.insert(waiting.index(ACHIEVED), kind)
            return
        keep_score = SCORE in waiting
        waiting.clear()
        if keep_score:
            waiting.append(SCORE)  # 自评得分 | 省级财政部门 | … | 100: the score comes later
        if kind not in (SECTION, PLAN) and kind not in waiting:
            waiting.append(kind)

    def _read_funds(self, cells: list[Cell], start: int) -> int:
        """The money block of a self-evaluation or monitoring table: a header of columns
        (年初预算数, 全年预算数, 全年执行数, 执行率, 分值, 得分 …), then a row a line of money
        (年度资金总额, 其中：财政拨款, 其他资金 …), each a label and its cells. Returns the
        position after the block."""
        columns: list[str] = []
        position = start
        while position < len(cells):
            cell = cells[position]
            key = cell.key if short(cell.text) else ""
            if key in FUND_FIELDS and _heads_funds(cells, position):
                columns.append(FUND_FIELDS[key])
                self.found.append(cell.text.strip())
            elif cell.text:
                break
            position += 1
        self.monitored = self.monitored or bool(MONITORING_FUNDS & set(columns))
        while position < len(cells):
            cell = cells[position]
            if not cell.text:
                position += 1
                continue
            if _breakdown_part(cell) is not None:
                position = self._read_breakdown(cells, position)
                continue
            if not labels_money(cell):
                break
            row = {"label": cell}
            position += 1
            for column in columns:
                if position >= len(cells):
                    break
                value = cells[position]
                if value.text and (labels_money(value) or _ends_funds(value)):
                    break
                row.setdefault(column, value)
                position += 1
            self.funds.append(row)
        return position

    def _read_department_money(self, cells: list[Cell], start: int, head: Cell) -> int:
        """A department's 部门总体资金情况 (Hubei's 部门整体支出绩效目标申报表): its columns
        (当年金额 | 占比 | 近两年收支金额 over its years), then rows by kind — 收入构成: 财政拨款,
        其他资金, 合计 (the department's `budget`, its 当年金额); 支出构成: 基本支出, 项目支出,
        合计 — each a label and its numbers in the columns' order. What the model has no field
        for (占比, the years before, the spending split) is warned of with its figures. Returns
        the position after the block."""
        if "万元" in head.text:
            self.money_unit = "万元"
        columns: list[str] = []
        position = start
        while position < len(cells):
            cell = cells[position]
            text = cell.text.strip()
            key = cell.key if short(text, 40) else ""
            if text and not (
                key in _MONEY_COLUMNS or _MONEY_YEAR.fullmatch(key) or _states_money_unit(text)
            ):
                break
            if _states_money_unit(text) or "万元" in text:
                self.money_unit = "万元" if "万元" in text else self.money_unit
            elif _MONEY_YEAR.fullmatch(key):
                columns.append(key)
            elif key and _MONEY_COLUMNS[key]:
                columns.append(_MONEY_COLUMNS[key])
            position += 1
        current = columns.index("current") if "current" in columns else 0
        group = "income"
        income: dict[str, Decimal | None] = {}
        unread: list[str] = []
        first: Cell | None = None
        while position < len(cells):
            cell = cells[position]
            text = cell.text.strip()
            key = cell.key if short(text, 40) else ""
            if not text or _states_money_unit(text):
                position += 1
                continue
            if key in _MONEY_GROUPS:
                group = _MONEY_GROUPS[key]
                position += 1
                continue
            if key not in _MONEY_ROWS:
                break
            position += 1
            figures: list[str] = []
            while len(figures) < max(len(columns), 1):
                following = self._next_filled(cells, position, cell.line)
                if following is None or not _written_amount(_bare(cells[following].text)):
                    break
                figures.append(cells[following].text.strip())
                position = following + 1
            amount = written_number(_bare(figures[current])) if current < len(figures) else None
            read = group == "income" and bool(_MONEY_ROWS[key])
            if read:
                income.setdefault(_MONEY_ROWS[key], amount)
            others = [
                f"{name} {figure}"
                for n, (name, figure) in enumerate(zip(columns, figures, strict=False))
                if n != current
            ]
            if others or (not read and amount is not None):
                said = squeezed(cell.text)
                if not read and amount is not None:
                    said += f" {figures[current]}"
                unread.append(said + (f"（{'，'.join(others)}）" if others else ""))
                first = first or cell
        self.department_money = Budget(**income) if income else None
        if unread:
            self.notes.add(
                f"部门总体资金情况中的「{'」「'.join(unread[:6])}」"
                + (f"等 {len(unread)} 项" if len(unread) > 6 else "")
                + "未读入（系统暂无对应栏目：只记录当年收入的财政拨款、其他资金与合计）",
                first,
            )
        return position

    def _read_tasks(self, cells: list[Cell], start: int) -> int:
        """A 部门整体支出绩效目标申报表's 年度主要任务: its header (任务名称 | 主要内容 | 预算金额
        over 总额 | 财政拨款 | 其他资金), a row a task (its name, what it holds, its amounts),
        and 金额合计 (the department's budget). A row is its cells in turn — by line where cells
        come in rows, so that a row without 主要内容 or an amount keeps its columns. Returns the
        position after the table."""
        columns: list[str] = []
        position = start
        money = False  # 预算金额 seen: over 总额 | 财政拨款 | 其他资金, or a column of its own
        while position < len(cells):
            cell = cells[position]
            key = cell.key if short(cell.text, 40) else ""
            if cell.text.strip() and key not in _TASK_COLUMNS:
                break
            if key:
                self.found.append(cell.text.strip())
                if "万" in cell.text:
                    self.money_unit = "万元"
                money = money or not _TASK_COLUMNS[key]
                if _TASK_COLUMNS[key] and _TASK_COLUMNS[key] not in columns:
                    columns.append(_TASK_COLUMNS[key])
            position += 1
        amounts = [column for column in columns if column in _TASK_AMOUNTS]
        if not amounts and money:
            amounts = ["total"]
        while position < len(cells):
            cell = cells[position]
            text = cell.text.strip()
            if not text:
                position += 1
                continue
            key = cell.key if short(text, 40) else ""
            if key in _TASK_SUMS:
                position, total = self._task_amounts(cells, position + 1, amounts, cell.line)
                self.task_total = total
                continue
            if key == GRID_START or label_kind(key) is not None or _written_amount(text):
                break
            position += 1
            content = None
            following = self._next_filled(cells, position, cell.line)
            if "content" in columns and following is not None:
                after = cells[following]
                if not _written_amount(after.text.strip()) and label_kind(after.key) is None:
                    content = after.text.strip()
                    position = following + 1
            position, budget = self._task_amounts(cells, position, amounts, cell.line)
            self.tasks.append(Task(name=text, content=content, budget=budget))
        return position

    def _next_filled(self, cells: list[Cell], position: int, line: int) -> int | None:
        """The next cell with text (on the same line, where cells come in rows)."""
        while position < len(cells):
            cell = cells[position]
            if self.rows and cell.line != line:
                return None
            if cell.text.strip():
                return position
            position += 1
        return None

    def _task_amounts(
        self, cells: list[Cell], position: int, amounts: list[str], line: int
    ) -> tuple[int, Budget]:
        """The amounts after a task's name (or 金额合计), one per amount column, as far as they
        are amounts; a "-" or "/" is none."""
        found: dict[str, Decimal | None] = {}
        for column in amounts:
            following = self._next_filled(cells, position, line)
            if following is None:
                break
            text = cells[following].text.strip()
            if not _written_amount(text):
                break
            if "万" in text:
                self.money_unit = "万元"
            found[column] = written_number(text)
            position = following + 1
        return position, Budget(**found)

    def _read_breakdown(self, cells: list[Cell], start: int) -> int:
        """A 部门整体支出绩效自评表's money by kind below its 年度资金总额 (按收入性质分：其中：一般
        公共预算：1873.66万元 … 其他资金：… | 按支出性质分：其中：基本支出：… 项目支出：…), each
        part a label and its amount in one cell or the next: the fiscal parts summed as 财政拨款,
        其他资金 as such; the parts the model has no place for (基本支出, 项目支出, 纳入专户管理的
        非税收入拨款) warned of with their amounts. Returns the position after it."""
        position = start
        unread: list[str] = []
        first: Cell | None = None
        while position < len(cells):
            cell = cells[position]
            part = _breakdown_part(cell) if cell.text else ("", "", "")
            if part is None:
                break
            position += 1
            label, kind, written = part
            if not label:
                continue  # a blank, or 按收入性质分
            if not written and position < len(cells) and written_number(cells[position].text):
                written = cells[position].text.strip()  # the amount in a cell of its own
                position += 1
            amount = written_number(written) if written else None
            if written and amount is None:
                self.notes.add(f"「{label}」的金额「{written}」不是数字，未读入", cell)
                continue
            if amount is None:
                continue
            if "万" in written:
                self.money_unit = "万元"
            if kind in ("fiscal", "other"):
                self.breakdown[kind] = self.breakdown.get(kind, Decimal(0)) + amount
            else:
                unread.append(f"{label} {written}")
                first = first or cell
        if unread:
            self.notes.add(
                f"资金按性质的分项「{'」「'.join(unread)}」未读入（系统暂无对应栏目）", first
            )
        return position

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
        if kind == _OVERALL_GOALS:
            kind = GOALS
        if kind in (GOALS, LONG_TERM, ACHIEVED):
            self.goals.setdefault(kind, []).append(cell.text)
        elif kind == LEVEL:
            self.levels.setdefault(self.level_label, cell)  # a row written twice (预算, 执行) once
        elif kind == SUPERVISOR and self.supervisor_rank > self.kept_rank:
            self.values[kind] = cell  # 市级主管部门 then 区级主管部门: the unit's own level
            self.kept_rank = self.supervisor_rank
        elif kind != IGNORED:
            self.values.setdefault(kind, cell)
        if kind in MONEY and re.search(r"\d\s*万", cell.text):
            self.money_unit = "万元"

    def _before_form(self, cell: Cell) -> None:
        """Page furniture before the form, except its title and year."""
        if (year := _YEAR.search(cell.text)) is not None:
            self.year = int(year.group(1))
        if _is_title(cell.text) and not any(word in cell.text for word in _FURNITURE):
            self.title = cell.text.strip()
            if self.year is None and (year := _TITLE_YEAR.search(cell.text)) is not None:
                self.year = int(year.group(1))
            if self.year is None and (year := _BUDGET_YEAR.search(cell.text)) is not None:
                self.year = int(year.group(1))

    def read_grid(self, cells: list[Cell], start: int) -> list[Indicator]:
        if self.rows:
            first = start
            while first > 0 and cells[first - 1].line == cells[start].line:
                first -= 1
            end = start
            while end < len(cells) and cells[end].line == cells[start].line:
                end += 1
            if any(by_place(cell.key) for cell in cells[start:end]):
                return Table(self.source).read_rows(cells, first, start, end)
            return Grid(self.notes).read_rows(cells, first, start, end)
        headers = [cells[start]]
        position = start + 1
        while position < len(cells) and (
            not cells[position].text or category(cells[position].key, None) is None
        ):
            cell = cells[position]
            if NUMBER.fullmatch(cell.text.strip()):
                headers.append(Cell("得分", cell.line))  # the block's score heads a 得分 column
                position += 1
                break
            if ends_grid(cell):
                break
            if cell.text:
                headers.append(cell)
            position += 1
        if any(by_place(header.key) for header in headers):
            return Table(self.source).read_chunks(cells, headers, position)
        if any("长期" in squeezed(h.text) or "中期" in squeezed(h.text) for h in headers):
            return Columns(self.source, headers).read(cells, position)
        return Grid(self.notes).read_stream(cells, headers, position)

    def text(self, kind: str) -> str | None:
        """The text of an optional field (项目编码, 资金用途); None when absent or blank."""
        cell = self.values.get(kind)
        return (cell.text.strip() or None) if cell is not None else None

    def organisation(self, kind: str) -> Organisation | None:
        cell = self.values.get(kind)
        if cell is None or not cell.text.strip():
            return None
        return _organisation(cell.text)

    def amount(self, kind: str) -> Decimal | None:
        return self._amount(self.values.get(kind))

    def _amount(self, cell: Cell | None) -> Decimal | None:
        if cell is None or not cell.text.strip() or cell.text.strip() in ("/", "-", "—"):
            return None
        found = _AMOUNT.search(cell.text.replace(",", "").replace("，", ""))
        if found is None:
            raise IngestError(
                self.source, f"金额「{cell.text.strip()}」不是数字", line=cell.line,
                expected="如 854 或 854万元 的金额",
            )  # fmt: skip
        usage = _bracketed(cell.text)
        if usage is not None and self.purpose is None:
            self.purpose = usage.strip()  # e.g. 854万(高标准农田建设400万元,…)
        return Decimal(found.group(1))

    def level_total(self) -> Decimal | None:
        """财政拨款 as the sum of the levels' amounts written (中央资金 + 省级资金 + 地方资金);
        None when the form writes none."""
        return _sum(self._amount(cell) for cell in self.levels.values())

    def _part(self, cell: Cell) -> bool:
        """Note a top-level row of an allocation block — （一）财政拨款小计 6.30, （二）自有资金小计
        0.00 … — and the amount after it; whether the cell is one of them."""
        taken = False
        if self.parts and len(self.parts[-1]) == 1 and cell.text:
            if written_number(cell.text) is not None:
                self.parts[-1].append(cell)
                taken = True
            elif _TOP_PART.match(cell.text) is None:
                self.parts[-1].append(Cell("", cell.line))  # no amount: no sum of the parts
        if _TOP_PART.match(cell.text) is not None and _part_label(cell):
            self.parts.append([cell])
            taken = True
        return taken

    def parts_budget(self) -> Budget:
        """The top-level parts of 年度资金总额, （一）（二）（三） or 一、 二、 三、: their total
        (where 年度资金总额 heads a column of amounts and writes none of its own), the parts other
        than 财政拨款 as 其他资金 — only when every part has its amount and one of them is the
        财政拨款. Parts numbered from 二 (二、自有资金 … 三、其他 …) follow the 财政拨款 the form
        writes as its label, its 一、 written or not: that is their first part."""
        heads = any(kind in self.label_cells for kind in (TOTAL, YEAR_TOTAL))
        if not heads or not self.parts or any(len(part) < 2 for part in self.parts):
            return Budget()
        amounts = [(part[0], written_number(part[1].text)) for part in self.parts]
        if any(amount is None for _, amount in amounts):
            return Budget()
        fiscal = [amount for label, amount in amounts if _is_fiscal(label)]
        label = self.label_cells.get(YEAR_FISCAL) or self.label_cells.get(FISCAL)
        written = _first(self.amount(YEAR_FISCAL), self.amount(FISCAL))
        if not fiscal and _part_number(self.parts[0][0]) == "二" and label and written is not None:
            amounts.insert(0, (label, written))
            fiscal = [written]
        if len(fiscal) != 1 or len(amounts) < 2:
            return Budget()
        return Budget(
            total=_sum(amount for _, amount in amounts),
            fiscal=fiscal[0],
            other=_sum(amount for label, amount in amounts if not _is_fiscal(label)),
        )

    def goal_items(self, kind: str) -> list[str]:
        items: list[str] = []
        for text in self.goals.get(kind, []):
            parts = [p.strip() for p in _NUMBERED.split(text) if p.strip()]
            items.extend(parts if len(_NUMBERED.findall(text)) >= 2 else [text.strip()])
        return items

    def fund_lines(self) -> list[FundLine]:
        lines = []
        for row in self.funds:
            label = row["label"]
            numbers = {
                name: figure(cell, self.notes) for name, cell in row.items()
                if name not in ("label", "note", "cause", "remedy")
            }  # fmt: skip
            note = row.get("note")
            lines.append(
                FundLine(
                    label=_fund_label(label.text),
                    initial_budget=numbers.get("initial_budget"),
                    full_year_budget=numbers.get("full_year_budget"),
                    executed=numbers.get("executed"),
                    rate=numbers.get("rate"),
                    weight=numbers.get("weight"),
                    score=numbers.get("score"),
                    note=(note.text.strip() or None) if note is not None else None,
                )
            )
        if not lines and EXECUTED in self.values:  # 预算数: 2.38 | 执行数: 2.38
            total = self.label_cells.get(TOTAL)
            lines.append(
                FundLine(
                    label=_fund_label(total.text) if total else "预算数",
                    full_year_budget=self.amount(TOTAL),
                    executed=self.amount(EXECUTED),
                )
            )
        return lines

    def fund_budget(self) -> Budget:
        """预算数 and its parts as the money block writes them (全年预算数, else 年初预算数): the
        财政拨款 row, else the sum of the levels' rows (中央资金, 省级资金, 地方资金 …)."""
        if self.monitored:
            return Budget()
        total = fiscal = other = None
        levels: list[Decimal | None] = []
        for line in self.fund_lines():
            amount = _first(line.full_year_budget, line.initial_budget)
            label = squeezed(line.label)
            kind = label_kind(Cell(label, 0).key)
            if total is None and ("总额" in label or label in ("合计", "预算数")):
                total = amount
            elif kind == LEVEL:
                levels.append(amount)
            elif fiscal is None and "财政" in label and "专户" not in label:
                fiscal = amount
            elif other is None and ("其他资金" in label or "其它资金" in label):
                other = amount
        return Budget(total=total, fiscal=_first(fiscal, _sum(levels)), other=other)

    def evaluation(
        self, cells: list[Cell], start: int | None, indicators: list[Indicator]
    ) -> Evaluation | None:
        """The self-evaluation: money rows, goals achieved, conclusions below the grid."""
        results = Results(self.notes).read(cells, start) if start is not None else {}
        funds = [] if self.monitored else self.fund_lines()
        achieved = self._achieved() if not self.monitored else None  # a monitoring's: progress
        scored = any(i.actual is not None or i.score is not None or i.deviation for i in indicators)
        total = results.get("total_score") or self.text(SCORE)
        implementation = self.text(IMPLEMENTATION)
        if not (funds or achieved or results or scored or total or implementation):
            return None
        return Evaluation(
            funds=funds,
            goal_achieved=achieved,
            implementation=implementation,
            total_score=written_number(total) if total else None,
            grade=_grade(results.get("grade")),
            conclusion=results.get("conclusion"),
            problems=results.get("problems"),
            improvements=results.get("improvements"),
        )

    def monitoring(self, indicators: list[Indicator]) -> Monitoring | None:
        watched = any(i.monitoring is not None for i in indicators)
        if not (self.monitored or watched):
            return None
        lines = []
        for row in self.funds:
            numbers = {
                name: figure(cell, self.notes) for name, cell in row.items()
                if name not in ("label", "note", "cause", "remedy")
            }  # fmt: skip
            texts = {
                name: cell.text.strip() or None for name, cell in row.items()
                if name in ("cause", "remedy", "note")
            }  # fmt: skip
            lines.append(
                MonitoringFundLine(
                    label=_fund_label(row["label"].text),
                    initial_budget=numbers.get("initial_budget"),
                    full_year_budget=numbers.get("full_year_budget"),
                    midyear_executed=numbers.get("midyear_executed"),
                    midyear_rate=numbers.get("midyear_rate"),
                    expected_executed=numbers.get("expected_executed"),
                    expected_rate=numbers.get("expected_rate"),
                    cause=texts.get("cause") or texts.get("note"),
                    remedy=texts.get("remedy"),
                )
            )
        return Monitoring(funds=lines, goal_progress=self._achieved())

    def _achieved(self) -> str | None:
        """What the goals' 实际完成情况 (or, in a monitoring table, 1-6月完成情况) cells say."""
        return "\n".join(text.strip() for text in self.goals.get(ACHIEVED, [])) or None


def _bracketed(text: str) -> str | None:
    """What `[（(](.+)[）)]` would find — from the first opening bracket of a line to its last
    closing one — without a pattern that rescans the line from every opening bracket."""
    for line in text.split("\n"):
        first = min((i for i in (line.find("("), line.find("（")) if i >= 0), default=-1)
        last = max(line.rfind(")"), line.rfind("）"))
        if first >= 0 and last > first + 1:
            return line[first + 1 : last]
    return None


def _fund_label(text: str) -> str:
    """A money row's label as written, without the colon after it: 其中:财政资金."""
    return text.strip().rstrip(":： ")


_MONEY_HEADS = ("部门总体资金情况", "总体资金情况")
_MONEY_COLUMNS = {
    "当年金额": "current", "占比": "占比", "近两年收支金额": "", "金额": "current",
}  # fmt: skip
_MONEY_YEAR = re.compile(r"20\d\d年?")
_MONEY_GROUPS = {"收入构成": "income", "支出构成": "spending"}
_MONEY_ROWS = {
    "财政拨款": "fiscal", "其他资金": "other", "合计": "total", "基本支出": "", "项目支出": "",
}  # fmt: skip
"""The rows of a 部门总体资金情况 and the `Budget` field each fills ("" none: the spending)."""


def _bare(text: str) -> str:
    """A figure without its percent sign: 88.3% is read as the number it writes."""
    return text.strip().removesuffix("%")


_TASKS = "年度主要任务"
_TASK_COLUMNS = {
    "任务名称": "name", "主要内容": "content", "预算金额": "", "预算金额合计": "",
    "总额": "total", "合计": "total", "小计": "total", "财政拨款": "fiscal", "其他资金": "other",
}  # fmt: skip
"""The 年度主要任务 table's column headers and the `Task` fields they fill ("" a group)."""
_TASK_AMOUNTS = ("total", "fiscal", "other")
_TASK_SUMS = ("金额合计", "合计", "总计")


def _heads_tasks(cells: list[Cell], position: int) -> bool:
    """Whether 年度主要任务 at `position` heads its table (任务名称 next), not a text of its own."""
    following = next((c for c in cells[position + 1 : position + 4] if c.text.strip()), None)
    return following is not None and following.key == "任务名称"


def _written_amount(text: str) -> bool:
    """An amount as a task's row writes it (1500, 1,400.50, 20万元), or a blank mark (-, /)."""
    return text in ("-", "—", "/", "／") or written_number(text) is not None


_BREAKDOWN_HEADS = ("按收入性质分", "按支出性质分")
_BREAKDOWN_PARTS = {
    "一般公共预算": "fiscal", "一般公共预算拨款": "fiscal", "一般公共预算财政拨款": "fiscal",
    "政府性基金": "fiscal", "政府性基金拨款": "fiscal", "政府性基金预算拨款": "fiscal",
    "国有资本经营预算": "fiscal", "国有资本经营预算拨款": "fiscal",
    "其他资金": "other",
    "纳入专户管理的非税收入拨款": "", "纳入专户管理的非税收入": "", "财政专户管理资金": "",
    "基本支出": "", "项目支出": "",
}  # fmt: skip
"""The parts of a department's money by income (按收入性质分) and by spending (按支出性质分), and
where the model keeps them: 财政拨款, 其他资金, or nowhere ("")."""


def _breakdown_part(cell: Cell) -> tuple[str, str, str] | None:
    """A cell of a department's money by kind: ("", "", "") for its heading (按收入性质分：), else
    the part's label, where it goes and the amount written after its colon ("" if none); None
    for any other cell. A part needs its colon (其他资金：2880万元): 其他资金 alone is a row of the
    money block."""
    text = squeezed(cell.text).replace("：", ":")
    text = text.removeprefix("其中:")
    label, colon, written = text.partition(":")
    if label in _BREAKDOWN_HEADS:
        return "", "", ""
    if not colon or label not in _BREAKDOWN_PARTS:
        return None
    return label, _BREAKDOWN_PARTS[label], written.strip()


def _heads_funds(cells: list[Cell], position: int) -> bool:
    """Whether the money column at `position` heads a money block, or is one of its columns: a
    header label that is also a column (预算数, 执行数) only with another column after it
    (预算数 | 执行数 | 执行率), else it is the label of its amount (预算数: 2.38, a row's
    预算数 | 2.38 | 2.38)."""
    if cells[position].key not in LABELS:
        return True
    following = next((cell for cell in cells[position + 1 : position + 3] if cell.text), None)
    return following is not None and following.key in FUND_FIELDS


def _ends_funds(cell: Cell) -> bool:
    key = cell.key if short(cell.text) else ""
    return key == GRID_START or (label_kind(key) not in (None, *MONEY)) or key in FUND_FIELDS


_GOAL_NUMBER = re.compile(
    r"\s*(?:目标\s*)?[(（]?\s*(\d{1,2})\s*(?:[)）.、:：．]|(?=[\u4e00-\u9fff]))"
)


def _goal_number(text: str) -> int | None:
    """The number a goal is written with: 目标2森林经营…, 1.造林…, （3）…; None if unnumbered."""
    found = _GOAL_NUMBER.match(text)
    return int(found.group(1)) if found is not None else None


def _states_money_unit(text: str) -> bool:
    """金额单位：万元, 单位：元 — a cell giving the form's money unit."""
    stripped = LABEL_NOISE.sub("", text)
    return stripped.startswith(("金额单位", "单位万元", "单位元")) and len(stripped) <= 10


def _split_code(text: str) -> tuple[str | None, str]:
    """ "[610001]name", "820001-name" or "51000021R000000019951-name": code and name; a plain
    name has no code. A dashed code is all letters and digits, at least three digits."""
    coded = _CODE.match(text)
    if coded is not None:
        return coded.group(1), coded.group(2).strip()
    dashed = _CODE_DASH.match(text)
    if dashed is not None:
        code = dashed.group(1)
        digits = sum(char.isdigit() for char in code)
        if digits >= 3 and ((code.isdigit() and len(code) != 4) or len(code) >= 8):
            return code, dashed.group(2).strip()
    return None, text


def _organisation(text: str) -> Organisation:
    code, name = _split_code(text.strip())
    return Organisation(code=code, name=name)


def _grade(text: str | None) -> Grade | None:
    if not text:
        return None
    for grade in ("优", "良", "中", "差"):
        if text.strip().startswith(grade):
            return grade
    return None


class _UnnamedError(IngestError):
    """A form without its 项目名称 (or with the label and no name after it)."""


def _unrecognised(
    source: str,
    found: list[str],
    cell: Cell | None,
    *,
    unnamed: Cell | None = None,
    grid: str | None = None,
) -> IngestError:
    seen = "、".join(dict.fromkeys(label.rstrip(":：") for label in found))
    missing = (
        f"「{unnamed.text.strip()}」后没有填写名称（它是一张表的列标题，或其后的内容缺失）"
        if unnamed is not None
        else "缺少「项目名称」"
    )
    return _UnnamedError(
        source,
        "未能识别为绩效目标表或自评表："
        + missing
        + (f"（已识别：{seen}）" if seen else "（未识别出任何表头）")
        + (f"；{grid}" if grid else ""),
        line=cell.line if cell is not None else unnamed.line if unnamed is not None else None,
        expected="项目名称（或项目支出名称、转移支付名称、专项名称）及主管部门、实施单位、资金等表头，"
        "或部门整体绩效目标表的部门名称",
        hint="请确认文件是项目支出绩效目标表、自评表或监控表。",
    )


def _wide_header(cells: list[Cell]) -> int | None:
    """The position of 一级指标 in a header line that also holds 项目名称 before it: a sheet of
    many projects, a row an indicator carrying its project's cells."""
    named: int | None = None
    for position, cell in enumerate(cells):
        if not cell.text or not short(cell.text):
            continue
        key = cell.key
        if LABELS.get(key) == NAME:
            named = cell.line
        elif key == GRID_START:
            return position if named == cell.line else None
    return None


class _Wide:
    """The sheet of many projects (部门预算项目绩效目标申报表): 单位名称 | 项目名称 | 预算数 |
    年度目标 | 一级指标 | … in one header line; a project's cells are written in its first
    row (merged down), a unit's in its first project's row; a unit row with only its total
    above the projects is the department's."""

    def __init__(self, source: str, notes: Notes) -> None:
        self.source = source
        self.notes = notes

    def read(self, cells: list[Cell], start: int) -> tuple[list[Project], Department | None]:
        form = _Form(self.source, rows=True, notes=self.notes)
        first = start
        while first > 0 and cells[first - 1].line == cells[start].line:
            first -= 1
        form.read_header([*cells[:first], cells[start]], named=False)
        end = start
        while end < len(cells) and cells[end].line == cells[start].line:
            end += 1
        grid = Grid(self.notes)
        fields: list[str | None] = [
            _WIDE_FIELDS.get(LABELS.get(c.key, "")) for c in cells[first:start]
        ]
        fields += grid.columns(cells[start:end])
        rows: list[list[Cell]] = []
        for cell in cells[end:]:
            if is_trailer(cell):
                break
            if not rows or rows[-1][0].line != cell.line:
                rows.append([])
            rows[-1].append(cell)
        projects: list[tuple[dict[str, Cell], list[Row]]] = []
        department: Department | None = None
        unit: Cell | None = None
        for row in rows:
            placed = grid.place(row, fields)
            if placed is None:
                continue
            has_category = any(n in placed.cells for n in ("level1", "level2"))
            if not has_category and not projects and department is None:
                department = self._department(row)
                if department is not None:
                    continue
            if placed.text("org"):
                unit = placed.cells["org"]
            if placed.text("project"):
                projects.append(({**placed.cells, "org": unit} if unit else placed.cells, []))
            if not projects:
                self.notes.add("项目名称之前的行未读入", row[0])
                continue
            projects[-1][1].append(placed)
        if projects and projects[-1][1] and not any(is_trailer(cell) for cell in cells[end:]):
            self.notes.table = projects[-1][0]["project"].text.strip()
            grid.check_last(projects[-1][1][-1], fields)
        if department is not None:  # its total is in the sheet's unit, as the projects' are
            department = department.model_copy(update={"money_unit": form.money_unit})
        result = []
        for head, rows_ in projects:
            self.notes.table = head["project"].text.strip()
            unit_cell = head.get("org")
            code, name = _split_code(head["project"].text.strip())
            if head.get("code") is not None and head["code"].text.strip():
                code = head["code"].text.strip()
            total = head.get("total")
            goals = head.get("goals")
            result.append(
                Project(
                    code=code,
                    name=name,
                    title=form.title,
                    year=form.year,
                    unit=_organisation(unit_cell.text)
                    if unit_cell
                    else _missing(self.source, "单位名称"),
                    supervisor=department
                    and Organisation(code=department.code, name=department.name or ""),
                    money_unit=form.money_unit,
                    budget=Budget(
                        total=written_number(total.text) if total and total.text else None
                    ),
                    goals=[goals.text.strip()] if goals and goals.text.strip() else [],
                    indicators=grid.read_placed(rows_),
                )
            )
        return result, department

    def _department(self, row: list[Cell]) -> Department | None:
        filled = [cell for cell in row if cell.text]
        if len(filled) != 2 or written_number(filled[1].text) is None:
            return None
        code, name = _split_code(filled[0].text.strip())
        return Department(code=code, name=name, budget=Budget(total=written_number(filled[1].text)))


_OVERALL_GOALS = "overall_goals"
"""Waiting after 总体目标: its text is the goal, unless 中期目标 or 年度目标 head the texts."""
_WIDE_FIELDS = {UNIT: "org", NAME: "project", CODE: "code", TOTAL: "total", GOALS: "goals"}
