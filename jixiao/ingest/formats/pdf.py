"""PDF files (.pdf): the pages' tables and the lines outside them, rebuilt into the paragraphs and
table rows of the Word document the PDF was printed from, and read as the .docx reader reads a
document (`formats.docx`): the Hebei 绩效目标文本 by the text layouts, other forms by their labels.

- Tables are found by their ruling lines (pdfplumber); each cell is read once, with its
  boundaries: a cell merged across columns is one cell, and in the rows a cell merged down
  continues into it is written empty, as Word writes a vertically merged cell. A table that goes
  on over a page break is one table.
- A cell's lines, and the lines of a paragraph outside tables, are joined back where the text
  wrapped: a line is continued by the next when the next one's first character (or Latin word)
  would not have fitted after it. Outside tables, a line starting further in than the page's
  text (a first-line indent) starts a paragraph, written with the four spaces of Word's text.
- Text comes from pdfplumber; a page where it finds none, or much less than pdfium (a font
  whose glyphs pdfminer cannot map to characters), takes pdfium's characters and boxes instead.
  A file with no text on any page is a scan: refused with a message asking for the original
  file or a recognised (OCR) one.

Errors name the page (line numbers of a PDF mean nothing to a reader). Refused in Chinese: a
damaged or encrypted file, more than `MAX_PAGES` pages, a scan, an unknown layout.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from jixiao.core.model import TargetDocument
from jixiao.ingest.errors import IngestError
from jixiao.ingest.formats import docx

PREFIX = "pdf/"
MAX_PAGES = 500
MAX_GLYPHS = 5_000_000
"""Characters of the whole file (a 500-page text holds about a million)."""
EXPECTED = "PDF 文件：由 Word、WPS 或财政系统导出的绩效目标文本或项目支出绩效目标表"
_DAMAGED_HINT = "请用 PDF 阅读器打开确认文件完好；最好提供原始的 Word 或 Excel 文件。"
_UNMAPPED = "(cid:"
_SLACK = 1.5
"""Characters a wrapped line may end short of the edge: line breaking keeps words and
punctuation together, so a line wraps before the next character alone would have filled it."""
_OPENING = frozenset("（(［[｛{《〈「『“‘【〔")
_CLOSING = frozenset("，。、；：？！）)］]｝}》〉」』”’】〕%％,.;:?!")
"""Punctuation no line starts with (half-width too: texts copied from web pages use it)."""
_SPACES = {"\u00a0": " ", "\u3000": " ", "\t": " "}
_INDENT = 0.8
"""Characters in from the text's edge that make a first-line indent."""
_LIST_ITEM = re.compile(
    r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:、|[.．](?![0-9]))"
    r"|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]|[①-⑳]"
)
"""A line starting a numbered item (1、 （二） ①) starts a paragraph of its own; a decimal
number (0.9‰ wrapped after 小于) does not."""
_PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4})\s*"
)


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass(slots=True)
class Line:
    glyphs: list[Glyph]
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def size(self) -> float:
        return max(glyph.size for glyph in self.glyphs)

    def text(self) -> str:
        """The line's characters; a space where the file has one, or where a gap wider than
        half a character stands for one (files that draw no spaces)."""
        parts: list[str] = []
        previous: Glyph | None = None
        for glyph in self.glyphs:
            if (
                previous is not None
                and glyph.x0 - previous.x1 > 0.5 * glyph.size
                and not (glyph.text.isspace() or previous.text.isspace())
            ):
                parts.append(" ")
            parts.append(glyph.text)
            previous = glyph
        return "".join(parts)

    def lead_width(self) -> float:
        """The width of what would have had to fit on the line above for the line to start
        later: its first character with the closing punctuation kept with it (and a number the
        punctuation runs into), or a run of Latin letters, digits and opening brackets up to and
        with the first Chinese character."""
        glyphs = self.glyphs
        first = glyphs[0]
        end = first.x1
        if first.text.isascii() or first.text in _OPENING:
            for glyph in glyphs[1:]:
                if glyph.text.isspace():
                    break
                end = glyph.x1
                if not (glyph.text.isascii() or glyph.text in _OPENING):
                    break
        else:
            position = 1
            while position < len(glyphs) and glyphs[position].text in _CLOSING:
                end = glyphs[position].x1
                position += 1
            # punctuation between a character and a number holds them together (审计;29.99)
            while position > 1 and position < len(glyphs):
                text = glyphs[position].text
                if text.isspace() or not text.isascii():
                    break
                end = glyphs[position].x1
                position += 1
        return end - first.x0


@dataclass(slots=True)
class PageTable:
    """A table's rows as Word holds them (see `_rows`), and where it starts on its page."""

    top: float
    rows: list[list[str]]
    pages: list[int]
    """The page of each row."""
    left: float = 0.0
    """Where its left border is on the page."""


@dataclass(slots=True)
class PageParagraph:
    """A paragraph, its first-line indent written as four spaces."""

    top: float
    text: str
    page: int


@dataclass(slots=True)
class _Rendered:
    text: str
    blocks: list[docx.Block]
    pages: list[int] = field(default_factory=list)
    """The page of each line of `text`."""


def read(data: bytes, source: str) -> TargetDocument:
    return read_blocks(_items(data, source), source, PREFIX)


def read_blocks(
    items: Sequence[PageTable | PageParagraph], source: str, prefix: str
) -> TargetDocument:
    """A document rebuilt as paragraphs and table rows (from a PDF, or from the text antiword
    extracts from a .doc), read as the .docx reader reads a document; `prefix` before the
    layout. An error names the page where the items have pages (page 0: none)."""
    rendered = _render(list(items))
    try:
        document = docx.forms_of(rendered.text, rendered.blocks, source)
        if document is not None:
            return document.model_copy(update={"layout": prefix + "form"})
        from jixiao.ingest import read_text  # the package imports this module's package

        document = read_text(rendered.text, source)
    except IngestError as error:
        raise _on_page(error, rendered.pages) from None
    return document.model_copy(update={"layout": prefix + (document.layout or "text")})


def _on_page(error: IngestError, pages: Sequence[int]) -> IngestError:
    """The error placed on its page instead of a line of the rebuilt text."""
    if error.line is None or not pages:
        return error
    page = pages[min(max(error.line, 1), len(pages)) - 1]
    table = error.table or ""
    if page:
        table += ("，" if table else "") + f"第{page}页"
    return IngestError(
        error.source, error.problem, table=table or None, expected=error.expected, hint=error.hint
    )


# -- Reading the pages -------------------------------------------------------------------------


def _damaged(source: str, error: BaseException) -> IngestError:
    name = type(error).__name__
    causes = [error, *error.args, error.__cause__, error.__context__]  # pdfplumber wraps pdfminer's
    if any("Password" in type(cause).__name__ for cause in causes if cause is not None):
        return IngestError(
            source,
            "PDF 文件已加密，无法读取",
            expected="未加密的 PDF 文件",
            hint="请去掉打开密码后重新导出，或提供原始的 Word 或 Excel 文件。",
        )
    return IngestError(
        source, f"PDF 文件已损坏，无法打开（{name}）", expected=EXPECTED, hint=_DAMAGED_HINT
    )


def _items(data: bytes, source: str) -> list[PageTable | PageParagraph]:
    import pdfplumber

    items: list[PageTable | PageParagraph] = []
    glyph_count = 0
    texts = 0
    pdfium = _Pdfium(data)
    pages_read: list[tuple[int, float, list[PageTable], list[Line]]] = []
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                raise IngestError(
                    source,
                    f"PDF 文件有 {len(pages)} 页，超过读取上限",
                    expected=f"不超过 {MAX_PAGES} 页的 PDF 文件",
                    hint="请只导出绩效目标表所在的页后再导入。",
                )
            for number, page in enumerate(pages, start=1):
                glyphs = _plumber_glyphs(page)
                if pdfium.short(glyphs, number - 1):
                    glyphs = pdfium.glyphs(number - 1, float(page.height))
                glyph_count += len(glyphs)
                if glyph_count > MAX_GLYPHS:
                    raise IngestError(source, "PDF 文件文字过多，超过读取上限", expected=EXPECTED)
                texts += bool(glyphs)
                tables, lines = _page_items(page, glyphs, number)
                pages_read.append((number, float(page.width), tables, lines))
    except IngestError:
        raise
    except Exception as error:  # a damaged file fails anywhere in pdfminer, with any type
        raise _damaged(source, error) from None
    finally:
        pdfium.close()
    if not texts:
        raise IngestError(
            source,
            "PDF 文件中没有文字，像是扫描件或图片",
            expected="含文字的 PDF 文件（由 Word、WPS 或财政系统直接导出）",
            hint="扫描件需先经文字识别（OCR）；最好提供原始的 Word 或 Excel 文件。",
        )
    # The text's left edge, over the whole file (a page may hold indented paragraphs only, or a
    # centred title above a table); the right edge as far in from the page's right, as
    # documents set their margins.
    left = min(
        [line.x0 for *_, lines in pages_read for line in lines]
        + [table.left for _, _, tables, _ in pages_read for table in tables],
        default=0.0,
    )
    for number, width, tables, lines in pages_read:
        page_items: list[PageTable | PageParagraph] = [*tables]
        page_items.extend(
            PageParagraph(top, text, number) for top, text in _paragraphs(lines, left, width - left)
        )
        page_items.sort(key=lambda item: item.top)
        items.extend(page_items)
    return items


def _plumber_glyphs(page: Any) -> list[Glyph]:
    return [
        Glyph(
            _SPACES.get(char["text"], char["text"]),
            char["x0"],
            char["x1"],
            char["top"],
            char["bottom"],
        )
        for char in page.chars
        if char["text"] and not char["text"].startswith(_UNMAPPED)
    ]


class _Pdfium:
    """pdfium's reading of the same file, opened when first asked."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.document: Any = None

    def close(self) -> None:
        if self.document is not None:
            self.document.close()

    def text_page(self, index: int) -> Any:
        if self.document is None:
            import pypdfium2  # type: ignore[import-untyped]

            self.document = pypdfium2.PdfDocument(self.data)
        return self.document[index].get_textpage()

    def short(self, glyphs: list[Glyph], index: int) -> bool:
        """Whether pdfplumber read much less text on the page than pdfium: a font it cannot
        map, or one whose text it drops."""
        counted = sum(1 for char in self.text_page(index).get_text_range() if not char.isspace())
        read = sum(1 for glyph in glyphs if not glyph.text.isspace())
        return counted > 0 and read < counted * 0.8

    def glyphs(self, index: int, height: float) -> list[Glyph]:
        """The page's characters as pdfium reads them, with their boxes (top-down)."""
        from pypdfium2 import raw

        text_page = self.text_page(index)
        found = []
        for position in range(text_page.count_chars()):
            if raw.FPDFText_IsGenerated(text_page.raw, position) == 1:
                continue
            char = text_page.get_text_range(position, 1)
            if not char or char in "\r\n":
                continue
            char = _SPACES.get(char, char)
            left, bottom, right, top = text_page.get_charbox(position, loose=True)
            found.append(Glyph(char, left, right, height - top, height - bottom))
        return found


def _page_items(page: Any, glyphs: list[Glyph], number: int) -> tuple[list[PageTable], list[Line]]:
    """The page's tables, and its lines outside them."""
    tables = [table for table in page.find_tables() if len(table.cells) > 1]
    outside: list[Glyph] = []
    cells_of: list[list[list[Glyph]]] = [[[] for _ in table.cells] for table in tables]
    locators = [_Locator(table.cells) for table in tables]
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        for index, table in enumerate(tables):
            x0, top, x1, bottom = table.bbox
            if x0 <= x <= x1 and top <= y <= bottom:
                cell = locators[index].find(x, y)
                if cell is not None:
                    cells_of[index][cell].append(glyph)
                break
        else:
            outside.append(glyph)
    items: list[PageTable] = []
    for index, table in enumerate(tables):
        rows = _rows(table.cells, cells_of[index])
        items.append(PageTable(table.bbox[1], rows, [number] * len(rows), table.bbox[0]))
    return items, _lines(outside)


class _Locator:
    """The cell holding a point: the cells' edges cut the table into slots, each slot mapped to
    the cell covering it."""

    def __init__(self, cells: Sequence[tuple[float, float, float, float]]) -> None:
        self.xs = sorted({edge for cell in cells for edge in (cell[0], cell[2])})
        self.ys = sorted({edge for cell in cells for edge in (cell[1], cell[3])})
        self.slots: dict[tuple[int, int], int] = {}
        for index, (x0, top, x1, bottom) in enumerate(cells):
            for column in range(bisect.bisect_left(self.xs, x0), bisect.bisect_left(self.xs, x1)):
                for row in range(
                    bisect.bisect_left(self.ys, top), bisect.bisect_left(self.ys, bottom)
                ):
                    self.slots[row, column] = index

    def find(self, x: float, y: float) -> int | None:
        column = bisect.bisect_right(self.xs, x) - 1
        row = bisect.bisect_right(self.ys, y) - 1
        return self.slots.get((row, column))


def _rows(
    cells: Sequence[tuple[float, float, float, float]], glyphs: list[list[Glyph]]
) -> list[list[str]]:
    """The table's rows as Word holds them: in each row, the cells starting in it with their
    text and the cells merged down into it from above empty, left to right."""
    tops = sorted({cell[1] for cell in cells})
    texts = [_cell_text(cell, glyphs[index]) for index, cell in enumerate(cells)]
    rows: list[list[str]] = []
    for top in tops:
        row = sorted(
            (cell[0], texts[index] if cell[1] == top else "")
            for index, cell in enumerate(cells)
            if cell[1] <= top < cell[3] - 0.5
        )
        rows.append([text for _, text in row])
    return rows


def _cell_text(cell: tuple[float, float, float, float], glyphs: list[Glyph]) -> str:
    lines = _lines(glyphs)
    if not lines:
        return ""
    gap = max(min(line.x0 for line in lines) - cell[0], 0.0)
    right = cell[2] - gap  # as much room on the right as the widest line has on the left
    return "\n".join(text for _, text in _paragraphs(lines, None, right))


def _lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """The glyphs in lines, top to bottom, each left to right: a glyph whose middle lies
    within the line's height joins it."""
    lines: list[Line] = []
    for glyph in sorted(glyphs, key=lambda glyph: (glyph.top, glyph.x0)):
        middle = (glyph.top + glyph.bottom) / 2
        if lines and lines[-1].top <= middle <= lines[-1].bottom:
            lines[-1].glyphs.append(glyph)
            lines[-1].bottom = max(lines[-1].bottom, glyph.bottom)
        else:
            lines.append(Line([glyph], glyph.top, glyph.bottom))
    for line in lines:
        line.glyphs.sort(key=lambda glyph: glyph.x0)
    return lines


def _paragraphs(lines: list[Line], left: float | None, right: float) -> list[tuple[float, str]]:
    """Lines joined where the text wrapped (see the module's docstring), with each paragraph's
    top. With `left` (the page's text edge), a first-line indent starts a paragraph and is
    written as Word's text writes it."""
    found: list[tuple[float, str]] = []
    current: list[Line] = []
    for index, line in enumerate(lines):
        current.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        wrapped = (
            following is not None
            and line.x1 + following.lead_width() > right - _SLACK * line.size
            and following.top - line.bottom < 2 * line.size
            and not (
                left is not None
                and following.x0 - left >= _INDENT * following.size
                and not _centred_rest(following, left, right)
            )
            and not _LIST_ITEM.match(following.text().lstrip())
        )
        if wrapped:
            continue
        # A wrap takes no character away (long numbers break anywhere); a space the file
        # draws at the end of a line is kept.
        text = "".join(part.text() for part in current).strip()
        if left is not None and _indented(current, left, right):
            text = docx.INDENT + text
        found.append((current[0].top, text))
        current = []
    return found


def _centred_rest(line: Line, left: float, right: float) -> bool:
    """The rest of a centred title that wrapped: centred on the text's width and shorter than it
    (a first-line indent starts at the left and runs on)."""
    size = line.size
    middle = (line.x0 + line.x1) / 2
    return abs(middle - (left + right) / 2) <= size / 2 and line.x1 < right - 2 * size


def _indented(lines: list[Line], left: float, right: float) -> bool:
    """A first-line indent: the paragraph's first line starts in from the text's edge, and a
    paragraph of one line is not centred (unless two characters in)."""
    first = lines[0]
    size = first.size
    if first.x0 - left < _INDENT * size:
        return False
    offset = (first.x0 - left) / size
    if len(lines) > 1 or first.x1 > right - size or 1.5 <= offset <= 2.5:
        return True  # two characters: the 首行缩进 Chinese documents use
    return abs((first.x0 + first.x1) / 2 - (left + right) / 2) > size


# -- Rendering as Word's text ------------------------------------------------------------------


def _render(items: list[PageTable | PageParagraph]) -> _Rendered:
    """Paragraphs and tables as the .docx reader renders a document (Word's “另存为纯文本”).
    Page numbers (“- 2 -”, “第 2 页 共 5 页”) are left out; tables one after the other with
    nothing else between them (over a page break) are one table, a header row the printer
    repeated at the top of the next page left out."""
    merged: list[PageTable | PageParagraph] = []
    for item in items:
        if isinstance(item, PageParagraph) and (
            not item.text.strip() or _PAGE_NUMBER.fullmatch(item.text)
        ):
            continue
        previous = merged[-1] if merged else None
        if isinstance(item, PageTable) and isinstance(previous, PageTable):
            opening = item.rows[0] if item.rows else []
            repeated = int(sum(map(bool, opening)) >= 2 and opening in previous.rows)
            previous.rows = previous.rows + item.rows[repeated:]
            previous.pages = previous.pages + item.pages[repeated:]
            continue
        merged.append(item)
    lines: list[str] = []
    pages: list[int] = []
    blocks: list[docx.Block] = []
    for index, item in enumerate(merged):
        if isinstance(item, PageParagraph):
            blocks.append(docx.Paragraph(item.text, len(lines) + 1))
            lines.append(item.text)
            pages.append(item.page)
            following = merged[index + 1] if index + 1 < len(merged) else None
            if isinstance(following, PageParagraph):
                lines.append("")
                pages.append(item.page)
            continue
        starts = []
        for row, page in zip(item.rows, item.pages, strict=True):
            starts.append(len(lines) + 1)
            for cell in row:
                first, *rest = cell.split("\n")
                lines.append("\t" + first)
                lines.extend(rest)
            lines.append("")
            pages.extend([page] * (len(lines) - len(pages)))
        blocks.append(docx.Table(item.rows, starts))
    pages.extend([pages[-1] if pages else 1] * (len(lines) + 1 - len(pages)))
    return _Rendered("\n".join(lines) + "\n", blocks, pages)
