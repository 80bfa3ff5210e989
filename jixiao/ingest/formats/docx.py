"""Reader of Word documents (.docx).

The body is walked in document order, paragraphs and tables interleaved, and rendered as the text
Word's “另存为纯文本” writes (`to_text`), so the layout readers see what they see in a saved
text file:

- a paragraph is a line (a line break inside it starts another line of the same paragraph);
  paragraphs are separated by a blank line, except before a table, whose first cell follows its
  title directly. A paragraph indented by its formatting (首行缩进 or a left indent, set on the
  paragraph or its style) or by a leading tab is written with the four spaces the seed text shows;
  a TC field (a table-of-contents entry, which has no visible result) is written as its code,
  ``一、总体绩效目标 TC "总体绩效目标" \\f A \\l 1``, like the seed text's headings;
- a table row is one line per cell, each starting with a tab, and a blank line after the row. A
  merged cell is written once: a horizontally merged cell (gridSpan, or the older hMerge) is one
  cell, and the cells a vertically merged cell continues into (vMerge) are written empty, as Word
  does — a blank 一级指标 cell inherits from the row above. A cell's paragraphs are its lines:
  the first after the tab, the others on lines without one (the seed reader's continuation
  lines); empty paragraphs inside a cell are left out, tabs inside it become spaces.

Which reader reads it:

- the Hebei 绩效目标文本 (a 项目支出绩效目标表 with 预算规模及资金用途 / 资金支出计划 rows, or the
  department-wide part alone) and any text a text layout knows: the text goes to `read_text`;
  the layout is the text layout's id behind ``docx/`` (``docx/seed-text``);
- other tables holding a label that names a form (`detect.NAMING`: 项目名称 for the
  项目支出绩效目标表 as the 财政部 form or a web page lays it out, 部门名称 for the 部门整体支出
  绩效目标表; labels such as “项 目 名 称” spaced or not): read by their labels by `cell_form`, as
  the .xlsx and web-page readers' cells are, one form per table that names one (with the
  paragraphs above it: its title and year; a table naming none continues the form above it),
  each row's cells on the row's line; layout ``docx/form``.

The document's `source` stays the file name. Line numbers in errors are those of the rendered
text (what “另存为纯文本” would give), and the error says so.

Refused with a Chinese `IngestError`: a file Word cannot have written (damaged zip, XML or
package), one whose document.xml unpacks to more than `MAX_BODY` bytes or whose parts unpack to
more than `MAX_PACKAGE` (checked from the zip directory before anything is unpacked: a zip bomb
never is), a document without text, and one in no known layout (“无法识别的版式”).

Not rendered: automatic list numbers (w:numPr; Word's text export writes them), text boxes,
footnotes, headers and footers, deleted revisions (inserted ones are text).
"""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from typing import Any

from jixiao.core.model import TargetDocument
from jixiao.ingest.cell_form import LABELS, SUPERVISOR, UNIT, Cell, read_cells
from jixiao.ingest.detect import NAMING
from jixiao.ingest.errors import IngestError
from jixiao.ingest.source import Simplified, simplified_like, simplify, told

PREFIX = "docx/"
FORM_LAYOUT = "docx/form"
MAX_BODY = 50 * 1024 * 1024
"""Largest word/document.xml accepted, unpacked (a long document is a few MB)."""
MAX_PACKAGE = 200 * 1024 * 1024
"""Largest sum of all parts unpacked: python-docx loads every part of the package."""
MAX_PARTS = 10_000
INDENT = "    "
HINT_LINES = "行号按 Word“另存为纯文本”后的文本计。"
EXPECTED = "Word 文档（.docx）：Word 或 WPS 保存的绩效目标文本、项目支出或部门整体绩效目标表"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
SDT, SDT_CONTENT, CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
T, TAB, PTAB, BR, CR = _W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr"
NO_BREAK_HYPHEN = _W + "noBreakHyphen"
FLD_CHAR, INSTR_TEXT, FLD_SIMPLE = _W + "fldChar", _W + "instrText", _W + "fldSimple"
P_PR, P_STYLE, IND = _W + "pPr", _W + "pStyle", _W + "ind"
TC_PR, V_MERGE, H_MERGE = _W + "tcPr", _W + "vMerge", _W + "hMerge"
VAL, TYPE, INSTR = _W + "val", _W + "type", _W + "instr"
FLD_CHAR_TYPE = _W + "fldCharType"
_SKIPPED = frozenset(
    {
        _MC + "Fallback",  # the same content again, for older readers
        _W + "txbxContent",
        _W + "del",
        _W + "moveFrom",
        _W + "rPr",
        P_PR,
        TC_PR,
        _W + "trPr",
        _W + "tblPr",
        _W + "tblGrid",
        _W + "sectPr",
        _W + "footnoteReference",
    }
)
_HIDING = (_MC + "Fallback", _W + "txbxContent", _W + "del", _W + "moveFrom")
_CONTENT = (T, TAB, PTAB, BR, CR, NO_BREAK_HYPHEN, INSTR_TEXT, FLD_CHAR, FLD_SIMPLE)
TABS = _W + "tabs"
_INDENTS = ("firstLine", "firstLineChars", "left", "leftChars", "start", "startChars")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int
    """The line of the rendered text it starts on."""


@dataclass(frozen=True, slots=True)
class Table:
    rows: list[list[str]]
    """Each row's cells as written once (merged cells once, vMerge continuations empty)."""
    lines: list[int]
    """The rendered line of each row's first cell."""


Block = Paragraph | Table


def read(data: bytes, source: str) -> TargetDocument:
    text, blocks = _render(data, source)
    if not text.strip():
        raise IngestError(
            source, "Word 文档中没有文字", expected="含绩效目标文本或项目支出绩效目标表的 Word 文档"
        )
    try:
        if (document := forms_of(text, blocks, source)) is not None:
            return document
        from jixiao.ingest import read_text  # the package imports this module's package

        document = read_text(text, source)
    except IngestError as error:
        if error.line is None or HINT_LINES in (error.hint or ""):
            raise
        raise IngestError(
            error.source,
            error.problem,
            line=error.line,
            table=error.table,
            expected=error.expected,
            hint=(error.hint or "") + HINT_LINES,
        ) from None
    return document.model_copy(update={"layout": PREFIX + (document.layout or "text")})


def forms_of(text: str, blocks: list[Block], source: str) -> TargetDocument | None:
    """The document read from the cells of its forms (`_forms`); None when it holds none, or the
    Hebei text's (read from its text instead). A traditional or glossed copy (a document site's
    mirror) is simplified cell by cell as its text would be, said in a first warning."""
    simplified = simplify(text)
    if _hebei(blocks, simplified):
        return None
    forms = _forms(blocks, simplified)
    if not forms:
        return None
    document = _read_forms(forms, source)
    return told(document, simplified) if simplified is not None else document


def to_text(data: bytes, source: str) -> str:
    """The document as the text Word's “另存为纯文本” writes (see the module's docstring)."""
    return _render(data, source)[0]


# -- Opening the package ------------------------------------------------------------------


def _damaged(source: str) -> IngestError:
    return IngestError(
        source,
        "Word 文档已损坏，无法打开",
        expected=EXPECTED,
        hint="请用 Word 或 WPS 打开后重新保存为 .docx 再导入；打不开时请向提供文件的单位重新索取。",
    )


def _open(data: bytes, source: str) -> tuple[Any, Any]:
    """The document's body and styles (python-docx's), after the zip directory showed nothing
    too large to unpack."""
    try:
        infos = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged(source) from None
    body = next((info for info in infos if info.filename == "word/document.xml"), None)
    if body is None:
        raise _damaged(source)
    total = sum(info.file_size for info in infos)
    if body.file_size > MAX_BODY or total > MAX_PACKAGE or len(infos) > MAX_PARTS:
        size = max(body.file_size, total) / 1048576
        raise IngestError(
            source,
            f"Word 文档解压后有 {size:,.0f} MB（{len(infos)} 个部件），超过读取上限"
            f"（正文 {MAX_BODY // 1048576} MB，全部 {MAX_PACKAGE // 1048576} MB）",
            expected=EXPECTED,
            hint="文件可能已损坏或经过恶意构造；绩效目标文本通常不到 1 MB，"
            "请删除其中的图片等内容后重新保存再导入。",
        )
    import docx

    try:
        document = docx.Document(BytesIO(data))
        body = getattr(document.element, "body", None)
        styles = document.styles.element
    except Exception:  # a damaged package fails anywhere inside python-docx and lxml
        raise _damaged(source) from None
    if body is None:
        raise IngestError(
            source,
            "Word 文档中没有可读的正文",
            expected=EXPECTED,
            hint="“Strict Open XML 文档”格式请在 Word 中另存为“Word 文档（*.docx）”后再导入。",
        )
    return body, styles


# -- Rendering ------------------------------------------------------------------------------


def _render(data: bytes, source: str) -> tuple[str, list[Block]]:
    body, styles = _open(data, source)
    indented = _indented_styles(styles)
    lines: list[str] = []
    blocks: list[Block] = []
    elements = list(_blocks(body))
    for index, element in enumerate(elements):
        if element.tag == P:
            text = _paragraph_text(element, indented)
            blocks.append(Paragraph(text, len(lines) + 1))
            lines.extend(text.split("\n"))
            following = elements[index + 1] if index + 1 < len(elements) else None
            if following is not None and following.tag == P:
                lines.append("")
        else:
            rows: list[list[str]] = []
            starts: list[int] = []
            for row in _children(element, TR):
                cells = [_cell_text(cell) for cell in _children(row, TC) if _starts(cell)]
                if not cells:
                    continue
                rows.append(cells)
                starts.append(len(lines) + 1)
                for cell in cells:
                    first, *rest = cell.split("\n")
                    lines.append("\t" + first)
                    lines.extend(rest)
                lines.append("")
            blocks.append(Table(rows, starts))
    return "\n".join(lines) + "\n", blocks


def _blocks(body: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in document order (inside content controls too)."""
    for child in body:
        if child.tag in (P, TBL):
            yield child
        elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            yield from _blocks(child)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """The children with `tag`, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            yield from _children(child, tag)


def _starts(cell: Any) -> bool:
    """False for a cell that continues the one to its left (the older w:hMerge, which WPS and
    converters still write; Word itself spans with gridSpan): written once, with the first."""
    properties = cell.find(TC_PR)
    merge = properties.find(H_MERGE) if properties is not None else None
    return merge is None or merge.get(VAL, "continue") == "restart"


def _cell_text(cell: Any) -> str:
    properties = cell.find(TC_PR)
    merge = properties.find(V_MERGE) if properties is not None else None
    if merge is not None and merge.get(VAL, "continue") != "restart":
        return ""  # the continuation of the cell above: Word writes it empty
    return "\n".join(
        line
        for text in _texts(cell)  # a table inside the cell too: its cells' lines
        for line in text.replace("\t", " ").split("\n")
        if line.strip()
    )


def _paragraph_text(paragraph: Any, indented: frozenset[str]) -> str:
    text = "".join(_texts(paragraph))
    if text.startswith("\t"):
        return INDENT + text.lstrip("\t")
    if text.strip() and _indented(paragraph, indented):
        return "\n".join(INDENT + line for line in text.split("\n"))
    return text


def _texts(element: Any) -> list[str]:
    """The text of each paragraph in the element (a paragraph, or a cell), in document order."""
    texts: list[str] = []
    parts: list[str] | None = None
    fields: list[list[str] | None] = []  # open complex fields: their code until the result
    for item in _content(element):
        tag = item.tag
        if tag == T:
            if parts is not None:
                parts.append(item.text or "")
        elif tag == P:
            if parts is not None:
                texts.append("".join(parts))
            parts, fields = [], []
        elif parts is None:
            continue
        elif tag in (TAB, PTAB):
            if item.getparent().tag != TABS:  # not a tab stop of the paragraph's properties
                parts.append("\t")
        elif tag in (BR, CR):
            parts.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == INSTR_TEXT:
            if fields and fields[-1] is not None:
                fields[-1].append(item.text or "")
        elif tag == FLD_CHAR:
            kind = item.get(FLD_CHAR_TYPE)
            if kind == "begin":
                fields.append([])
            elif kind == "separate" and fields:
                fields[-1] = None
            elif kind == "end" and fields:
                code = fields.pop()
                if code is not None and _is_marker("".join(code)):
                    parts.append("".join(code))
        elif tag == FLD_SIMPLE:
            simple: str = item.get(INSTR) or ""
            if _is_marker(simple):
                parts.append(simple)
    if parts is not None:
        texts.append("".join(parts))
    return texts


def _content(element: Any) -> Iterator[Any]:
    """The paragraphs (each before its content) and text-bearing elements in the element, in
    document order: at C speed (lxml's `iter`) unless it holds content to leave out (deleted
    text, text boxes, fallbacks)."""
    if next(element.iter(*_HIDING), None) is None:
        return iter(element.iter(P, *_CONTENT))
    inside = (item for item in _walk(element) if item.tag in _CONTENT or item.tag == P)
    return itertools.chain([element] if element.tag == P else [], inside)


def _walk(element: Any) -> Iterator[Any]:
    """The elements inside, in document order, leaving out properties, deleted text and copies."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child.tag in _SKIPPED or not isinstance(child.tag, str):
            continue
        yield child
        if len(child):
            stack.append(iter(child))


def _is_marker(code: str) -> bool:
    """A TC field: a table-of-contents entry without a result, which the seed text keeps."""
    words = code.split(None, 1)
    return bool(words) and words[0].upper() == "TC"


def _indented(paragraph: Any, indented: frozenset[str]) -> bool:
    properties = paragraph.find(P_PR)
    if properties is not None:
        indent = properties.find(IND)
        if indent is not None:
            return _positive(indent)
        style = properties.find(P_STYLE)
        if style is not None:
            return style.get(VAL) in indented
    return "" in indented  # the default paragraph style


def _positive(indent: Any) -> bool:
    for name in _INDENTS:
        value = indent.get(_W + name)
        try:
            if value is not None and float(value) > 0:
                return True
        except ValueError:
            continue
    return False


def _indented_styles(styles: Any) -> frozenset[str]:
    """Ids of the paragraph styles that indent (through the styles they are based on); "" stands
    for the default paragraph style."""
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    default: str | None = None
    for style in styles.iter(_W + "style"):
        if style.get(TYPE) != "paragraph":
            continue
        key = style.get(_W + "styleId") or ""
        properties = style.find(P_PR)
        indent = properties.find(IND) if properties is not None else None
        own[key] = None if indent is None else _positive(indent)
        parent = style.find(_W + "basedOn")
        if parent is not None:
            based[key] = parent.get(VAL) or ""
        if style.get(_W + "default") in ("1", "true", "on"):
            default = key

    @cache
    def indents(key: str, depth: int = 0) -> bool:
        value = own.get(key)
        if value is not None:
            return value
        parent = based.get(key)
        return parent is not None and depth < 20 and indents(parent, depth + 1)

    found = {key for key in own if indents(key)}
    if default is not None and default in found:
        found.add("")
    return frozenset(found)


# -- Choosing the reader ----------------------------------------------------------------------


def _key(text: str) -> str:
    return "".join(text.split())


def _hebei(blocks: list[Block], simplified: Simplified | None = None) -> bool:
    """Whether a table is the Hebei 项目支出绩效目标表 (the seed layout's): a row labelled
    预算规模及资金用途, or one labelled 资金支出计划 in a table without the 主管部门 and 实施单位
    of the other forms (the 财政部 form, as `export.form_layout` writes it, has a 资金支出计划
    row too)."""

    def plain(text: str) -> str:
        return simplified_like(text, simplified) if simplified is not None else text

    for block in blocks:
        if not isinstance(block, Table):
            continue
        heads = [_key(plain(row[0])) for row in block.rows if row]
        if any(head.startswith("预算规模") for head in heads):
            return True
        if any(head.startswith("资金支出计划") for head in heads) and not any(
            LABELS.get(Cell(plain(text), 0).key) in (SUPERVISOR, UNIT)
            for row in block.rows
            for text in row
            if len(text) <= 24
        ):
            return True
    return False


def _forms(blocks: list[Block], simplified: Simplified | None = None) -> list[list[Cell]]:
    """The cells of each form: a table holding a label naming a form (项目名称, 部门名称 …) with
    the paragraphs above it, and the tables below it that hold none (the form continued on the
    next page). `simplified`: how the document's text was simplified, each cell changed alike
    (a traditional copy's 項目名稱 is the form's 项目名称)."""

    def plain(text: str) -> str:
        return simplified_like(text, simplified) if simplified is not None else text

    forms: list[list[Cell]] = []
    above: list[Cell] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                above.append(Cell(plain(block.text.strip()), block.line))
            continue
        cells = [
            Cell(plain(text), line)
            for row, line in zip(block.rows, block.lines, strict=True)
            for text in row
        ]
        if any(LABELS.get(cell.key) in NAMING for cell in cells):  # 项目名称, 部门名称 …
            forms.append(above + cells)
        elif forms:
            forms[-1].extend(cells)
        above = []
    return forms


def _read_forms(forms: list[list[Cell]], source: str) -> TargetDocument:
    documents = [read_cells(cells, source, FORM_LAYOUT, rows=True) for cells in forms]
    # The projects' year, as the other formats give it; a department's form alone, its own.
    years = {project.year for document in documents for project in document.projects} or {
        document.year for document in documents
    }
    return TargetDocument(
        source=source,
        year=years.pop() if len(years) == 1 else None,
        layout=FORM_LAYOUT,
        department=next((d.department for d in documents if d.department is not None), None),
        projects=[project for document in documents for project in document.projects],
        warnings=[warning for document in documents for warning in document.warnings],
    )
