"""Saved web pages (.html, .htm): the page's tables as grids, read as forms (`grid`).

The bytes are decoded by a BOM, else the page's own charset (`<meta charset>` or the
http-equiv Content-Type; GBK and GB2312 read as their superset GB18030), else detected as text
is (`source.decode`). Only table cells are read: scripts, styles, menus, headers and footers
outside tables are passed over, and a table's own cells hold none of the text of tables nested
in them. rowspan and colspan are expanded into a grid with each merged cell's text written
once, at its top-left. Every table whose own grid reads as a form is read (so nested layout
tables around the form do not matter, and several tables give several projects); when none
does, the tables are read together in page order, each nested table after the row holding it
(a form split over nested tables). Messages name the table and the page line of its row.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from jixiao.core.model import TargetDocument
from jixiao.ingest.errors import IngestError
from jixiao.ingest.formats.grid import Grid, Table, is_form, pipe_text, read_tables
from jixiao.ingest.source import decode

LAYOUT = "html"
MAX_SPAN = 1000
MAX_CELLS = 2_000_000
"""Cells of all a page's grids together, spans expanded."""
LOOKED_FOR = (
    "网页表格中的项目支出绩效目标表：写有「项目名称」等表头和「一级指标、二级指标、三级指标、"
    "指标值」指标表（每个表格一张，或上下排列多张）"
)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312", "hz-gb-2312"}
_SKIPPED = {"script", "style", "noscript", "template", "title", "select", "textarea"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip
_BREAKING = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_TITLES = 3
"""Lines of text right above a table kept as its title lines (title, year, 金额单位)."""
_TITLE_LENGTH = 60
"""Characters a title line has at most: a longer one is a paragraph of the page."""
_BREAK = "\u2028"  # a <br> or block boundary inside a cell, apart from the source's own newlines


def read(data: bytes, source: str) -> TargetDocument:
    page = decode_page(data, source)
    try:
        tables = parse_tables(page)
    except Exception as error:  # html.parser is lenient; anything else is a page it cannot take
        raise IngestError(
            source,
            f"网页无法解析（{type(error).__name__}）",
            expected="完好的网页文件",
            hint="请在浏览器中打开后重新“另存为—网页，仅 HTML”再导入。",
        ) from None
    if not tables:
        raise IngestError(
            source, "网页中没有表格", expected=LOOKED_FOR,
            hint="请在浏览器中打开网页，确认绩效目标表是表格（而非图片或附件）后另存为网页再导入。",
        )  # fmt: skip
    grids: list[tuple[_Table, Grid, list[int]]] = []
    budget = MAX_CELLS
    for number, table in enumerate(tables, start=1):
        table.number = number
        grid, lines = table.grid(budget, source)
        budget -= sum(len(row) for row in grid)
        grids.append((table, grid, lines))
    forms = [
        Table(_name(table), *table.titled(grid, lines))
        for table, grid, lines in grids
        if is_form(pipe_text(grid))
    ]
    if forms:
        return read_tables(forms, source, LAYOUT, LOOKED_FOR)
    # No table is a form by itself: the tables together, each nested one after its row.
    by_table = {id(table): (grid, lines) for table, grid, lines in grids}
    rows: Grid = []
    lines_of: list[int] = []
    for table in tables:
        if table.parent is None:
            for line, text in table.above:
                rows.append([text])
                lines_of.append(line)
            _flatten(table, by_table, rows, lines_of)
    width = max((len(row) for row in rows), default=0)
    whole = [row + [""] * (width - len(row)) for row in rows]
    return read_tables([Table("网页中的表格", whole, lines_of)], source, LAYOUT, LOOKED_FOR)


def decode_page(data: bytes, source: str) -> str:
    """The page's text: by its BOM, its declared charset, else detected."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET.search(data[:8192])
    if declared is not None:
        name = declared.group(1).decode("ascii").lower()
        encoding = "gb18030" if name in _GB else name
        try:
            codecs.lookup(encoding)
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown charset, or a page not in the one it declares: detect instead
    return decode(data, source)


@dataclass(eq=False)
class _Cell:
    text: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1
    nested: list[_Table] = field(default_factory=list)
    mark: int = 0
    """Where in `text` the last nested table ended."""


def _lines_above(cell: _Cell, line: int) -> list[tuple[int, str]]:
    """The short lines of a cell's text since its last nested table (a title, its year), the
    last `_TITLES` of them after any paragraph; each given the nested table's page line."""
    found: list[str] = []
    for part in "".join(cell.text[cell.mark :]).split(_BREAK):
        text = _WHITESPACE.sub(" ", part).replace("\xa0", " ").strip()
        if len(text) > _TITLE_LENGTH:
            found.clear()
        elif text:
            found.append(text)
    return [(line, text) for text in found[-_TITLES:]]


@dataclass(eq=False)
class _Row:
    line: int
    cells: list[_Cell] = field(default_factory=list)


@dataclass(eq=False)
class _Table:
    line: int
    parent: _Table | None
    rows: list[_Row] = field(default_factory=list)
    number: int = 0
    above: list[tuple[int, str]] = field(default_factory=list)
    """The short lines of text right above a table of the page (its title, 2023年度), with
    their page lines: a form's title and year often stand outside its table."""

    def titled(self, grid: Grid, lines: list[int]) -> tuple[Grid, list[int]]:
        """The grid with the lines above the table as rows of one cell before it."""
        width = max((len(row) for row in grid), default=1)
        rows = [[text] + [""] * (width - 1) for _, text in self.above]
        return rows + grid, [line for line, _ in self.above] + lines

    def grid(self, budget: int, source: str) -> tuple[Grid, list[int]]:
        """Rows × columns with spans expanded (a merged cell's text at its top-left), and each
        row's line in the page."""
        placed: dict[tuple[int, int], str] = {}
        taken: set[tuple[int, int]] = set()
        width = 0
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row.cells:
                while (r, c) in taken:
                    c += 1
                rowspan = max(1, min(cell.rowspan, len(self.rows) - r))
                colspan = max(1, cell.colspan)
                if len(taken) + rowspan * colspan > budget:
                    raise IngestError(
                        source, "网页中的表格过大", line=row.line,
                        expected=f"合并单元格展开后共不超过 {MAX_CELLS:,} 个单元格的表格",
                    )  # fmt: skip
                placed[r, c] = _text(cell)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, c + dc))
                c += colspan
                width = max(width, c)
        grid = [[placed.get((r, c), "") for c in range(width)] for r in range(len(self.rows))]
        return grid, [row.line for row in self.rows]


def _text(cell: _Cell) -> str:
    lines = (_WHITESPACE.sub(" ", part).strip() for part in "".join(cell.text).split(_BREAK))
    return "\n".join(line for line in lines if line).replace("\xa0", " ")


def _name(table: _Table) -> str:
    return f"第{table.number}个表格"


def _flatten(
    table: _Table, by_table: dict[int, tuple[Grid, list[int]]], rows: Grid, lines: list[int]
) -> None:
    grid, row_lines = by_table[id(table)]
    for row, cells, line in zip(table.rows, grid, row_lines, strict=True):
        rows.append(cells)
        lines.append(line)
        for cell in row.cells:
            for nested in cell.nested:
                _flatten(nested, by_table, rows, lines)


def parse_tables(page: str) -> list[_Table]:
    """Every table of the page in the order they open, each with its rows and cells."""
    parser = _Parser()
    parser.feed(page)
    parser.close()
    return parser.tables


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.open: list[_Table] = []  # tables being read, innermost last
        self.cell: list[_Cell | None] = []  # the open cell of each open table
        self.skipping: list[str] = []
        self.loose: list[str] = []  # text outside any table since the last block boundary
        self.loose_line = 0
        self.above: list[tuple[int, str]] = []  # the short lines since the last table

    def _end_line(self) -> None:
        """A block boundary outside the tables: the text since the last one is a line above
        the next table (a title, its year), unless it is long (a paragraph: what stood above
        it is no title of the table)."""
        text = _WHITESPACE.sub(" ", "".join(self.loose)).replace("\xa0", " ").strip()
        self.loose.clear()
        if not text:
            return
        if len(text) > _TITLE_LENGTH:
            self.above.clear()
            return
        self.above = [*self.above[-(_TITLES - 1) :], (self.loose_line, text)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED:
            self.skipping.append(tag)
            return
        line = self.getpos()[0]
        if tag == "table":
            parent = self.open[-1] if self.open else None
            table = _Table(line, parent)
            cell = self.cell[-1] if self.cell else None
            if parent is None:
                self._end_line()
                table.above, self.above = self.above, []
            elif cell is not None:  # a form inside a layout table: its cell's lines above it
                table.above = _lines_above(cell, line)
            if cell is not None:
                cell.nested.append(table)
            self.tables.append(table)
            self.open.append(table)
            self.cell.append(None)
        elif not self.open:
            if tag in _BREAKING:
                self._end_line()
            return
        elif tag == "tr":
            self.cell[-1] = None
            self.open[-1].rows.append(_Row(line))
        elif tag in ("td", "th"):
            table = self.open[-1]
            if not table.rows:
                table.rows.append(_Row(line))
            values = dict(attrs)
            cell = _Cell(rowspan=_span(values.get("rowspan")), colspan=_span(values.get("colspan")))
            table.rows[-1].cells.append(cell)
            self.cell[-1] = cell
        elif tag == "caption":
            table = self.open[-1]
            table.rows.append(_Row(line))
            cell = _Cell()
            table.rows[-1].cells.append(cell)
            self.cell[-1] = cell
        elif tag in _BREAKING:
            self._append(_BREAK)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skipping:
            if not self.open:
                self._end_line()
            self._append(_BREAK)
        elif tag not in _VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if not self.open:
            if tag in _BREAKING:
                self._end_line()
            return
        if tag == "table":
            self.open.pop()
            self.cell.pop()
            enclosing = self.cell[-1] if self.cell else None
            if enclosing is not None:
                enclosing.mark = len(enclosing.text)  # the next table's lines start after it
        elif tag in ("td", "th", "tr", "caption"):
            self.cell[-1] = None
        elif tag in _BREAKING:
            self._append(_BREAK)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.open:
            self._append(data)
        elif data.strip():
            if not self.loose:
                self.loose_line = self.getpos()[0]
            self.loose.append(data)

    def _append(self, text: str) -> None:
        cell = self.cell[-1] if self.cell else None
        if cell is not None:
            cell.text.append(text)


def _span(value: str | None) -> int:
    try:
        span = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(span, 1), MAX_SPAN)
