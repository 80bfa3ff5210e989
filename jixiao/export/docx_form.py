"""Writer of Word documents (.docx): a document in the official layout, read back to the same
model by `jixiao.ingest.formats.docx`.

The layout is the Hebei 绩效目标文本, the structure `jixiao.export.seed_text` writes as text:
第一部分 部门整体绩效目标 (一、总体绩效目标, 二、分项绩效目标 with 绩效目标：/绩效指标： paragraphs,
三、工作保障措施; headings carry their TC field, body paragraphs a 2-character first-line indent),
then 第二部分 预算项目绩效目标 with each project's 项目支出绩效目标表 as a Word table: the unit and
单位 row, 项目编码/项目名称, 预算规模及资金用途 (its label merged down over the 资金用途 row), the
资金支出计划 (label merged over the percentages), 绩效目标, 长期绩效目标, and the indicator grid
with each 一级指标 cell merged down over its rows and each 二级指标 over its rows within it. The
grid has as many columns as the widest row (7, or one more than the 资金支出计划's points); label
and value cells span columns so that every row fills it.

A document that this layout would not carry whole (a 年度, a 主管部门 other than the one the
units' codes imply, a title that is not “…绩效目标表”, a self-evaluation, a monitoring table,
分值 / 备注 / 指标解释 columns, a 部门整体支出绩效目标申报表) is written instead as the forms of
`form_layout` one below the other — the 财政部 目标表, 自评表 or 监控表 each project's content calls
for, title and 年度 as paragraphs above its table, after the department-wide table when there is
one — which the reader reads by their labels: when the forms carry it whole, or carry its
project tables and the Hebei layout does not; otherwise the Hebei layout is kept. Either choice
is checked by reading the layout back (`carried_by`).

A large document is written a batch of tables at a time (`write`): a first pass over its tables
chooses the layout (`Choice`, the same choice as reading the whole document back, found table by
table), a second writes each batch's body into word/document.xml as it goes, so that memory
stays flat in the number of tables. `render` writes a whole document in memory the same way.
`parts` writes it instead as several .docx files of so many tables each, which hold the whole
document's blocks between them (the PDF writer prints them one at a time).
"""

from __future__ import annotations

import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from io import BytesIO
from itertools import groupby
from typing import IO, Any, Literal
from xml.sax.saxutils import escape, quoteattr

from jixiao.core.model import Department, Indicator, Organisation, Project, TargetDocument
from jixiao.export.form_layout import (
    Form,
    column_weights,
    department_form,
    department_table,
    lay_out,
)
from jixiao.export.seed_text import amount_text, chinese_number

Layout = Literal["hebei", "form"]
HEBEI: Layout = "hebei"
FORM: Layout = "form"
_HEBEI_WEIGHTS = (13, 12, 15, 13, 15, 11, 11)
"""The seven columns of the Hebei table: labels and 一级/二级 narrower, amounts and 三级 wider."""
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TABLE_WIDTH = 9000  # twips inside A4 margins of 1.5 cm / 1.8 cm
Merge = Literal["restart", "continue"] | None
Style = Literal["part", "heading", "title", "subtitle", "body"]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    span: int = 1
    merge: Merge = None
    label: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: Style
    toc: tuple[str, str] | None = None
    """A TC field after the text: (entry, level), as the Hebei headings carry."""
    new_page: bool = False


@dataclass(slots=True)
class Table:
    width: int
    rows: list[list[Cell]] = field(default_factory=list)
    weights: tuple[int, ...] = ()
    """Relative widths of the grid's columns; equal when not given."""


Block = Paragraph | Table


Tables = Callable[[], Iterable[list[Project]]]
"""A document's tables in order, a batch at a time, given afresh each time it is called (`write`
goes over them twice)."""
BATCH = 200
"""Tables `render` hands `write` at a time."""
ZIP64_TABLES = 10_000
"""Tables from which word/document.xml is written with ZIP64 sizes: a body past 2 GiB needs
them, and the writer must say so before it knows the body's size (a table's XML is some 20 KB,
a self-evaluation's 40: below this count, 200 KB each would still fit)."""


def render(document: TargetDocument) -> bytes:
    """The whole document's .docx, written as `write` writes it."""
    out = BytesIO()
    projects = document.projects
    write(document, lambda: (projects[n : n + BATCH] for n in range(0, len(projects), BATCH)), out)
    return out.getvalue()


def write(document: TargetDocument, tables: Tables, out: IO[bytes]) -> None:
    """The .docx of `document` (its source, year and department part; its own projects aside)
    with the tables `tables` gives, written to `out` (a seekable file): the bytes `render`
    gives for the whole document, with never more than a batch of tables in memory — the
    layout chosen on a first pass over them, the body written on a second."""
    head = document.model_copy(update={"projects": []})
    choice = Choice(head)
    for batch in tables():
        choice.add(batch)
    layout = choice.layout()
    body = ("".join(map(_block_xml, chunk)) for chunk in _chunks(head, tables(), layout))
    _package(out, body, zip64=choice.count >= ZIP64_TABLES)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of `Parts`: its tables, the document's `start` to `start + count`."""

    number: int
    """From 1."""
    start: int
    count: int
    _write: Callable[[IO[bytes]], None]

    def write(self, out: IO[bytes]) -> None:
        """The part's .docx (the department part with the first part's tables), written to
        `out` a batch of tables at a time; once, before the next part is asked for."""
        self._write(out)


@dataclass(frozen=True, slots=True)
class Parts:
    """The document's .docx in parts of `size` tables each (the last fewer): each part a .docx
    of its own, in the layout chosen for the whole document, which together hold the blocks of
    the whole document's, in order — the department part with the first part's tables, exactly
    where the whole document has it; the tables numbered on across parts; each part beginning
    on a new page. A document without tables is one part, its department part alone."""

    head: TargetDocument
    layout: Layout
    count: int
    """The document's tables."""
    size: int
    tables: Tables

    def __len__(self) -> int:
        return max(1, -(-self.count // self.size))

    def __iter__(self) -> Iterator[Part]:
        """The parts in order, from one pass over the tables: each part to be written before
        the next is asked for."""
        if self.count == 0:
            yield Part(1, 0, 0, partial(self._package, tables=[], start=0))
            return
        stream = _in_parts(self.tables(), self.size)
        for number, batches in groupby(stream, key=lambda item: item[0]):
            start = number * self.size
            own = (batch for _, batch in batches)
            count = min(self.size, self.count - start)
            yield Part(number + 1, start, count, partial(self._package, tables=own, start=start))

    def _package(self, out: IO[bytes], *, tables: Iterable[list[Project]], start: int) -> None:
        chunks = _chunks(self.head, tables, self.layout, start)
        body = ("".join(map(_block_xml, chunk)) for chunk in chunks)
        _package(out, body, zip64=min(self.size, self.count) >= ZIP64_TABLES)


def parts(document: TargetDocument, tables: Tables, size: int) -> Parts:
    """The document (its source, year and department part; its own projects aside) with the
    tables `tables` gives, in parts of `size` tables: the layout chosen on a first pass over
    them (the whole document's, as `write` chooses it), the parts written on a second."""
    head = document.model_copy(update={"projects": []})
    choice = Choice(head)
    for batch in tables():
        choice.add(batch)
    return Parts(head, choice.layout(), choice.count, size, tables)


def _in_parts(tables: Iterable[list[Project]], size: int) -> Iterator[tuple[int, list[Project]]]:
    """The batches of tables, each cut where a part of `size` tables ends: (part, batch)."""
    number = 0
    for batch in tables:
        at = 0
        while at < len(batch):
            part = number // size
            take = min(len(batch) - at, (part + 1) * size - number)
            yield part, batch[at : at + take]
            at += take
            number += take


def layout_for(document: TargetDocument) -> Layout:
    """The Hebei layout, unless it would not carry the document whole and the forms of
    `form_layout` would — or would at least carry its project tables, which the Hebei layout
    would not (a self-evaluation, a table with 分值 or 备注 columns, a department-wide table)."""
    choice = Choice(document)
    choice.add(document.projects)
    return choice.layout()


def carried_by(layout: Layout, document: TargetDocument, *, projects_only: bool = False) -> bool:
    """Whether the layout gives back the same model (source and layout aside; `projects_only`:
    the same project tables), read with the reader the .docx reader hands it to — from the text
    or cells it would see."""
    from jixiao.ingest.errors import IngestError

    try:
        again = _hebei_read(document) if layout == HEBEI else _form_read(document)
    except IngestError:
        return False
    if projects_only:
        return again.projects == document.projects
    return _same(again, document)


def _same(one: TargetDocument, other: TargetDocument) -> bool:
    skip = {"source", "layout"}
    return one.model_dump(exclude=skip) == other.model_dump(exclude=skip)


def _hebei_read(document: TargetDocument) -> TargetDocument:
    from jixiao.export.seed_text import render as seed_text
    from jixiao.ingest.seed_text import read

    return read(seed_text(document), document.source)


def _form_read(document: TargetDocument) -> TargetDocument:
    projects: list[Project] = []
    years: set[int | None] = set()
    for project in document.projects:
        read, year = _form_reading(project, document)
        projects.extend(read)
        years.add(year)
    year = years.pop() if len(years) == 1 else None
    return TargetDocument(source=document.source, year=year, projects=projects)


def _form_reading(project: Project, document: TargetDocument) -> tuple[list[Project], int | None]:
    """The project's form in the document read back as the .docx reader reads a form's cells:
    the projects and the year found."""
    from jixiao.ingest.cell_form import Cell as FormCell
    from jixiao.ingest.cell_form import read_cells

    cells: list[FormCell] = []
    line = 0
    for block in _form_project(project, document.year):
        if isinstance(block, Paragraph):
            line += 1
            cells.append(FormCell(block.text, line))
            continue
        for row in block.rows:
            line += 1
            cells.extend(FormCell("" if c.merge == "continue" else c.text, line) for c in row)
    read = read_cells(cells, document.source, "docx/form", rows=True)
    return read.projects, read.year


# -- Choosing the layout a batch of tables at a time ---------------------------------------


@dataclass(slots=True)
class _Comparison:
    """A layout's reading of the tables against the tables, in order, as both come: `whole`
    while they may still dump the same (the whole document's comparison), `tables` while they
    may still be equal (`projects_only`); neither once the reading failed, or no longer
    matters."""

    whole: bool
    tables: bool = True
    given: deque[Project] = field(default_factory=deque)
    read: deque[Project] = field(default_factory=deque)

    @property
    def going(self) -> bool:
        return self.whole or self.tables

    def stop(self) -> None:
        self.whole = self.tables = False
        self.given.clear()
        self.read.clear()

    def add(self, given: list[Project], read: list[Project]) -> None:
        self.given.extend(given)
        self.read.extend(read)
        while self.going and self.given and self.read:
            one, other = self.given.popleft(), self.read.popleft()
            self.tables = self.tables and one == other
            self.whole = self.whole and one.model_dump() == other.model_dump()
        if not self.going:
            self.stop()

    def end(self) -> None:
        if self.given or self.read:  # one has more tables than the other
            self.stop()


class Choice:
    """`layout_for`'s choice, made a batch of tables at a time and holding none of them: each
    table is read back alone in each layout still in question, which gives what reading the
    whole document back gives table for table (the Hebei text's tables each begin at their
    title and end at a blank line before the next; each form is read on its own). What the
    Hebei reader derives from all the tables — the 主管部门 it gives every table and the
    department part, from the units' shared code prefix and the lowest-numbered unit's name —
    is gathered as they come and applied at the end. A layout's reading stops as soon as it
    fails, or can no longer change the choice (a document with a year is never carried whole by
    the Hebei text; a Hebei department part without a 申报表's content is written as that text
    whatever its tables)."""

    def __init__(self, document: TargetDocument) -> None:
        self._head = document.model_copy(update={"projects": []})
        self.count = 0
        department = document.department
        self._department_table = department_table(document)
        self._hebei = _Comparison(whole=document.year is None)
        self._form = _Comparison(whole=department is None)
        self._department: Department | None = None
        self._prefixes: set[str] = set()
        self._lowest: tuple[str, str] | None = None
        self._supervisor: Organisation | None = None
        self._supervisors_same = True
        self._years: set[int | None] = set()
        self._settle()
        if department is not None and self._hebei.going:
            read = self._hebei_reading(self._head)
            self._department = None if read is None else read.department

    def add(self, projects: list[Project]) -> None:
        for project in projects:
            if self.count == 0:
                self._supervisor = project.supervisor
            else:
                self._supervisors_same = (
                    self._supervisors_same and project.supervisor == self._supervisor
                )
            self.count += 1
            code = project.unit.code
            if code:
                if len(self._prefixes) < 2:
                    self._prefixes.add(code[:-3])
                unit = (code, project.unit.name)
                self._lowest = unit if self._lowest is None else min(self._lowest, unit)
            if self._hebei.going:
                self._hebei_table(project)
            if self._form.going:
                self._form_table(project)
        self._settle()

    def layout(self) -> Layout:
        self._hebei.end()
        self._form.end()
        implied = self._implied_supervisor()
        supervisors = self._supervisors_same and (self.count == 0 or self._supervisor == implied)
        department, read = self._head.department, self._department
        if read is not None and implied is not None:
            read = read.model_copy(update={"code": implied.code, "name": implied.name})
        same_department = (read is None and department is None) or (
            read is not None
            and department is not None
            and read.model_dump() == department.model_dump()
        )
        year = next(iter(self._years)) if len(self._years) == 1 else None
        return self._decide(
            self._hebei.whole and supervisors and same_department,
            self._hebei.tables and supervisors,
            self._form.whole and year == self._head.year,
            self._form.tables,
            self.count,
        )

    def _decide(
        self, hebei_whole: bool, hebei_tables: bool, form_whole: bool, form_tables: bool,
        count: int,
    ) -> Layout:  # fmt: skip
        department = self._head.department
        if not count and department is None:
            return HEBEI
        if hebei_whole:
            return HEBEI
        if form_whole:
            return FORM
        if department is not None and not self._department_table:
            return HEBEI  # its 总体/分项绩效目标 and 工作保障措施: only the Hebei text has them
        if count and not hebei_tables:
            return FORM if form_tables else HEBEI
        return FORM if self._department_table else HEBEI

    def _settle(self) -> None:
        """Stop a layout's reading that can no longer change the choice, whatever it and the
        other still find (assuming the document has tables: without, neither reads any)."""

        def outcomes(comparison: _Comparison) -> list[tuple[bool, bool]]:
            return [
                (whole, tables)
                for whole in {False, comparison.whole}
                for tables in {False, comparison.tables}
            ]

        hebei, form = outcomes(self._hebei), outcomes(self._form)
        if all(len({self._decide(*h, *f, 1) for h in hebei}) == 1 for f in form):
            self._hebei.stop()
        if all(len({self._decide(*h, *f, 1) for f in form}) == 1 for h in hebei):
            self._form.stop()

    def _hebei_reading(self, document: TargetDocument) -> TargetDocument | None:
        from jixiao.ingest.errors import IngestError

        try:
            return _hebei_read(document)
        except IngestError:
            self._hebei.stop()
            return None

    def _hebei_table(self, project: Project) -> None:
        alone = TargetDocument(source=self._head.source, projects=[project])
        read = self._hebei_reading(alone)
        if read is None:
            return
        if read.department is not None:  # a department section out of a cell's text
            self._hebei.stop()
            return
        self._hebei.add(
            [_without_supervisor(project)], [_without_supervisor(p) for p in read.projects]
        )

    def _form_table(self, project: Project) -> None:
        from jixiao.ingest.errors import IngestError

        try:
            read, year = _form_reading(project, self._head)
        except IngestError:
            self._form.stop()
            return
        if len(self._years) < 2:
            self._years.add(year)
        self._form.add([project], read)

    def _implied_supervisor(self) -> Organisation | None:
        """The 主管部门 the Hebei reader gives every table (`ingest.seed_text`): the units'
        code prefix when they share one, named after the lowest-numbered unit."""
        if len(self._prefixes) != 1 or self._lowest is None:
            return None
        return Organisation(code=next(iter(self._prefixes)), name=self._lowest[1])


def _without_supervisor(project: Project) -> Project:
    """The table as the Hebei text has it before its reader gives it the 主管部门 the units
    imply (the text has no place for one of its own)."""
    return (
        project if project.supervisor is None else project.model_copy(update={"supervisor": None})
    )


# -- The blocks of each layout -------------------------------------------------------------


def blocks(document: TargetDocument, layout: Layout = HEBEI) -> list[Block]:
    return [block for chunk in _chunks(document, [document.projects], layout) for block in chunk]


def _chunks(
    document: TargetDocument, tables: Iterable[list[Project]], layout: Layout, start: int = 0
) -> Iterator[list[Block]]:
    """The blocks of the document (its department part and year; its own projects aside) with
    these tables, a batch of tables' at a time. With `start`, the tables follow that many of
    the document's (a part of it, `Parts`): numbered on from there, without the department part
    and the headings before the first table, and without a page break before the part's first
    table (a part is a document of its own: its first page is a new page)."""
    if layout == FORM:
        forms = department_table(document) and start == 0
        number = start
        for batch in tables:
            if not batch:
                continue
            found: list[Block] = []
            if number == 0 and forms:  # its year and money unit depend on the first table
                first = document.model_copy(update={"projects": batch[:1]})
                found += form_blocks(department_form(first))
            for project in batch:
                found += _form_project(project, document.year, new_page=forms or number > start)
                number += 1
            yield found
        if number == 0 and forms:
            yield list(form_blocks(department_form(document.model_copy(update={"projects": []}))))
        return
    found = []
    if document.department is not None and start == 0:
        found += [Paragraph("第一部分", "part"), Paragraph("部门整体绩效目标", "part")]
        found += _department(document.department)
    number = start
    for batch in tables:
        if not batch:
            continue
        if number == 0:
            new_page = document.department is not None
            found += [Paragraph("第二部分", "part", new_page=new_page)]
            found += [Paragraph("预算项目绩效目标", "part")]
        for project in batch:
            number += 1
            title = f"{number}、{project.title or project.name + '绩效目标表'}"
            found.append(Paragraph(title, "title", (title, "C")))
            found.append(_hebei_table(project))
        yield found
        found = []
    if found:
        yield found


def _department(department: Department) -> Iterator[Block]:
    yield Paragraph("一、总体绩效目标", "heading", ("总体绩效目标", "A"))
    if department.overall_goal:
        yield Paragraph(department.overall_goal, "body")
    yield Paragraph("二、分项绩效目标", "heading", ("分项绩效目标", "A"))
    for number, sub_goal in enumerate(department.sub_goals, start=1):
        yield Paragraph(f"{chinese_number(number)}、{sub_goal.title}", "body")
        if sub_goal.goal is not None:
            yield Paragraph(f"绩效目标：{sub_goal.goal}", "body")
        if sub_goal.indicator_text is not None:
            yield Paragraph(f"绩效指标：{sub_goal.indicator_text}", "body")
    yield Paragraph("三、工作保障措施", "heading", ("工作保障措施", "A"))
    for number, safeguard in enumerate(department.safeguards, start=1):
        yield Paragraph(f"{chinese_number(number)}、{safeguard}", "body")


def _hebei_table(project: Project) -> Table:
    plan = project.spending_plan
    width = max(7, 1 + len(plan))
    table = Table(width, weights=_HEBEI_WEIGHTS)
    add = table.rows.append
    unit = project.unit
    add([Cell((unit.code or "") + unit.name, width - 1), Cell(f"单位：{project.money_unit}")])
    add(
        [
            _label("项目编码"),
            Cell(project.code or "", 2),
            _label("项目名称"),
            Cell(project.name, width - 4),
        ]
    )
    budget = project.budget
    add(
        [
            _label("预算规模及资金用途", merge="restart"),
            _label("预算数"),
            Cell(amount_text(budget.total)),
            _label("其中：财政资金"),
            Cell(amount_text(budget.fiscal)),
            _label("其他资金"),
            Cell(amount_text(budget.other), width - 6),
        ]
    )
    add([Cell("", merge="continue"), Cell(project.purpose or "", width - 1)])
    spans = _spread(width - 1, len(plan))
    add(
        [
            _label("资金支出计划（%）", 1 if plan else width, "restart"),
            *(_label(point.by, span) for point, span in zip(plan, spans, strict=True)),
        ]
    )
    add(
        [
            Cell("", 1 if plan else width, "continue"),
            *(Cell(amount_text(p.percent), s) for p, s in zip(plan, spans, strict=True)),
        ]
    )
    add([_label("绩效目标"), Cell(_items(project.goals), width - 1)])
    if project.long_term_goals:
        add([_label("长期绩效目标"), Cell(_items(project.long_term_goals), width - 1)])
    header = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
    spans = [1, 1, 1, width - 5, 1, 1]
    add([_label(text, span) for text, span in zip(header, spans, strict=True)])
    for indicator, (level1, level2) in zip(
        project.indicators, _merged_levels(project.indicators), strict=True
    ):
        add(
            [
                level1,
                level2,
                Cell(indicator.name),
                Cell(indicator.description or "", width - 5),
                Cell(indicator.target.raw),
                Cell(indicator.basis or ""),
            ]
        )
    return table


def _form_project(project: Project, year: int | None, *, new_page: bool = False) -> Iterator[Block]:
    """The project's form (`form_layout`: the 目标表, 自评表 or 监控表 its content calls for)."""
    yield from form_blocks(lay_out(project, year), new_page=new_page)


def form_blocks(form: Form, *, new_page: bool = False) -> Iterator[Block]:
    """A form of `form_layout` as Word writes it: its title and year as paragraphs above, the
    rest as a table; a cell merged down is restarted at its top and continued below, a cell
    across columns spans them."""
    for slot in sorted(form.slots, key=lambda s: (s.row, s.column)):
        if slot.kind in ("title", "subtitle"):
            yield Paragraph(
                slot.text, "title" if slot.kind == "title" else "subtitle", new_page=new_page
            )
            new_page = False
    if new_page:
        yield Paragraph("", "subtitle", new_page=True)  # tables never touch: Word would join them
    body = [slot for slot in form.slots if slot.kind not in ("title", "subtitle")]
    starting = {(slot.row, slot.column): slot for slot in body}
    below = {
        (row, slot.column): slot
        for slot in body
        for row in range(slot.row + 1, slot.row + slot.rows)
    }
    table = Table(form.width, weights=column_weights(form))
    for row in range(min((slot.row for slot in body), default=0), form.height):
        cells: list[Cell] = []
        column = 0
        while column < form.width:
            found = starting.get((row, column))
            if found is not None:
                merge: Merge = "restart" if found.rows > 1 else None
                label = found.kind in ("label", "header")
                cells.append(Cell(found.text, found.columns, merge, label=label))
                column += found.columns
            elif (above := below.get((row, column))) is not None:
                cells.append(Cell("", above.columns, "continue"))
                column += above.columns
            else:
                cells.append(Cell(""))
                column += 1
        table.rows.append(cells)
    yield table


def _merged_levels(indicators: list[Indicator]) -> Iterator[tuple[Cell, Cell]]:
    """The 一级 and 二级 cells of each row: written at the top of the rows they span, merged down
    over the others (a 二级 cell only within its 一级 cell)."""
    for _, group in groupby(indicators, key=lambda indicator: indicator.level1):
        rows = list(group)
        for first2, (_, subgroup) in enumerate(groupby(rows, key=lambda i: i.level2)):
            subrows = list(subgroup)
            for position, indicator in enumerate(subrows):
                level2 = _merged(indicator.level2, position, len(subrows))
                if first2 == 0 and position == 0:
                    yield _merged(indicator.level1, 0, len(rows)), level2
                else:
                    yield Cell("", merge="continue"), level2


def _merged(text: str | None, position: int, count: int) -> Cell:
    if count == 1:
        return Cell(text or "")
    return Cell(text or "", merge="restart") if position == 0 else Cell("", merge="continue")


def _label(text: str, span: int = 1, merge: Merge = None) -> Cell:
    return Cell(text, span, merge, label=True)


def _spread(width: int, count: int) -> list[int]:
    """`count` spans filling `width`, the wider ones last."""
    if count == 0:
        return []
    base, extra = divmod(width, count)
    return [base + (1 if index >= count - extra else 0) for index in range(count)]


def _organisation(organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    return f"[{organisation.code}]{organisation.name}" if organisation.code else organisation.name


def _items(items: list[str]) -> str:
    return "\n".join(f"{number}、{item}" for number, item in enumerate(items, start=1))


def _goal_text(items: list[str]) -> str:
    return items[0] if len(items) == 1 else _items(items)


# -- Writing the package -------------------------------------------------------------------

_FONT = {"part": "黑体", "heading": "黑体", "title": "黑体", "subtitle": "宋体", "body": "仿宋"}
_SIZE = {"part": 32, "heading": 28, "title": 28, "subtitle": 24, "body": 28}  # half-points


def build(found: list[Block]) -> bytes:
    """The .docx of the blocks: `_template`'s package with the blocks as its body, written as
    WordprocessingML (the same blocks give the same bytes)."""
    out = BytesIO()
    _package(out, ["".join(map(_block_xml, found))])
    return out.getvalue()


def _package(out: IO[bytes], body: Iterable[str], *, zip64: bool = False) -> None:
    """`_template`'s package written to `out`, with the pieces of `body` as its document's
    body, compressed into word/document.xml as they come."""
    parts, head, tail = _template()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts:
            info = zipfile.ZipInfo(name, _STAMP)
            if name != _BODY:
                archive.writestr(info, content, zipfile.ZIP_DEFLATED)
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=zip64) as entry:
                entry.write(head.encode())
                for piece in body:
                    entry.write(piece.encode())
                entry.write((_paragraph_xml("", "body") + tail).encode())


_BODY = "word/document.xml"
_STAMP = (2024, 1, 1, 0, 0, 0)


@cache
def _template() -> tuple[tuple[tuple[str, bytes], ...], str, str]:
    """python-docx's default package, slimmed (`_slim`), on A4 with the author set: its parts,
    and its document.xml before and after the body's content."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    _slim(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(2)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = "绩效目标", "jixiao", ""
    properties.comments = ""
    saved = BytesIO()
    document.save(saved)
    archive = zipfile.ZipFile(saved)
    parts = tuple((info.filename, archive.read(info)) for info in archive.infolist())
    xml = archive.read(_BODY).decode()
    start = xml.index("<w:body>") + len("<w:body>")
    return parts, xml[:start], xml[xml.index("<w:sectPr", start) :]


_KEPT_STYLES = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"})
_DROPPED_PARTS = ("/thumbnail", "/stylesWithEffects", "/customXml")


def _slim(document: Any) -> None:
    """Leave out of python-docx's template what the document does not use: its hundreds of
    styles (a 350 KB styles.xml every reader would parse), their copy with effects, the
    thumbnail and the custom XML."""
    styles = document.styles.element
    for style in list(styles):
        tag = style.tag.rpartition("}")[2]
        kept = style.get(f"{_W}styleId") in _KEPT_STYLES
        if tag == "latentStyles" or (tag == "style" and not kept):
            styles.remove(style)
    for rels in (document.part.package.rels, document.part.rels):
        for key, rel in list(rels.items()):
            if rel.reltype.endswith(_DROPPED_PARTS):
                del rels[key]


def _block_xml(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _paragraph_xml(block.text, block.style, block.toc, new_page=block.new_page)
    weights = block.weights if len(block.weights) == block.width else (1,) * block.width
    grid = [_TABLE_WIDTH * weight // sum(weights) for weight in weights]
    parts = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in grid),
        "</w:tblGrid>",
    ]
    for row in block.rows:
        parts.append("<w:tr>")
        column = 0
        for cell in row:
            parts.append(_cell_xml(cell, sum(grid[column : column + cell.span])))
            column += cell.span
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _cell_xml(cell: Cell, width: int) -> str:
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.span > 1:
        properties += f'<w:gridSpan w:val="{cell.span}"/>'
    if cell.merge == "restart":
        properties += '<w:vMerge w:val="restart"/>'
    elif cell.merge == "continue":
        properties += "<w:vMerge/>"
    properties += '<w:vAlign w:val="center"/>'
    text = "" if cell.merge == "continue" else cell.text
    align = '<w:jc w:val="center"/>' if cell.label else ""
    bold = "<w:b/>" if cell.label else ""
    paragraphs = "".join(
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{align}</w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:eastAsia="宋体"/>{bold}<w:sz w:val="21"/></w:rPr>'
        f"{_runs_text(line)}</w:r></w:p>"
        for line in text.split("\n")
    )
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>"


def _paragraph_xml(
    text: str, style: Style, toc: tuple[str, str] | None = None, *, new_page: bool = False
) -> str:
    layout = "<w:keepNext/>" if style in ("part", "heading", "title", "subtitle") else ""
    if new_page:
        layout += "<w:pageBreakBefore/>"
    layout += '<w:spacing w:before="120" w:after="120" w:line="360" w:lineRule="auto"/>'
    if style in ("part", "title", "subtitle"):
        layout += '<w:jc w:val="center"/>'
    elif style == "body":
        layout += '<w:ind w:firstLineChars="200" w:firstLine="560"/>'
    font = _FONT[style]
    bold = "<w:b/>" if style in ("part", "title") else ""
    run = f'<w:rPr><w:rFonts w:eastAsia="{font}"/>{bold}<w:sz w:val="{_SIZE[style]}"/></w:rPr>'
    lines = text.split("\n")
    content = "<w:br/>".join(_runs_text(line) for line in lines)
    xml = f"<w:p><w:pPr>{layout}</w:pPr><w:r>{run}{content}</w:r>"
    if toc is not None:
        entry, level = toc
        code = f' TC "{entry.replace(chr(34), "＂")}" \\f {level} \\l 1 '
        xml += (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{escape(_clean(code))}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
    return xml + "</w:p>"


def _runs_text(line: str) -> str:
    """A line's text inside a run: w:t pieces with w:tab between."""
    return "<w:tab/>".join(
        f"<w:t xml:space={quoteattr('preserve')}>{escape(_clean(piece))}</w:t>"
        for piece in line.split("\t")
    )


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
