"""Writer of PDF files: the Word document `docx_form` writes (the official layout, merged cells
as Word merges them), printed to PDF by LibreOffice headless, so the PDF looks as the Word form
does when printed; read back to the same model by `jixiao.ingest.formats.pdf`.

Three changes to the Word document before printing, none changing what it reads as: no table
row breaks across a page (a row cut in two would print as two rows); a row holding nothing but
the continuations of cells merged down from above (an empty 资金支出计划's percentage row) is
written as empty cells — merged, it would print as no row at all; and spaces are written as
no-break spaces, which are printed even where a line wraps after one (an ordinary space at a
wrap is not). They are made an element of the body at a time (`printable_to`), never holding
more of the document than one table.

The document is printed in parts (`write`): `PART` tables at a time, each part a .docx of its
own (`docx_form.parts`: the whole document's layout, the department part with the first part's
tables, exactly where the whole document has it, the tables numbered on across parts), made
printable, converted by LibreOffice under its time limit (`TIMEOUT`), and the parts' pages
appended in order to the first part's PDF (pypdfium2; its title and author kept): LibreOffice's
memory and time go by the part, not by the document. Each part begins on a new page; the forms
print no page numbers or running heads, so nothing restarts from part to part. Each conversion
has a LibreOffice profile of its own (`jixiao.ingest.formats.doc.convert`); without LibreOffice
(`NoLibreOfficeError`), past the time limit (`ConversionTimeoutError`) or failing (`PartError`),
a `ConversionError` says so in Chinese, naming the part.
"""

from __future__ import annotations

import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import IO

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

from jixiao.core.model import TargetDocument
from jixiao.export import docx_form
from jixiao.ingest.formats import doc as office
from jixiao.ingest.formats.doc import ConversionError, convert

__all__ = [
    "ConversionError",
    "ConversionTimeoutError",
    "NoLibreOfficeError",
    "PartError",
    "printable",
    "render",
    "write",
]

PART = 400
"""Tables printed in one LibreOffice run: some 25 s and 250 MB of LibreOffice's each."""
TIMEOUT = office.TIMEOUT
"""Seconds one part's conversion may take."""
Progress = Callable[[int, int, int], None]
"""Called before the first part and after each: (parts printed, parts, tables printed)."""

_BODY = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY_TAG = re.compile(rb"<w:body(?:\s[^>]*)?>")
_DECLARATION = re.compile(rb'\sxmlns:([\w.-]+)="([^"]*)"')
_READ = 1 << 20
_ZIP64 = 1 << 30
"""A body from this size is written with ZIP64 sizes (the changes make it a little longer)."""


class NoLibreOfficeError(ConversionError):
    def __init__(self) -> None:
        super().__init__("未安装 LibreOffice，无法转换文件格式")


class ConversionTimeoutError(ConversionError):
    """A part's conversion ran past `TIMEOUT` and was stopped."""

    def __init__(self, part: int, parts: int, seconds: float) -> None:
        self.part, self.parts, self.seconds = part, parts, seconds
        super().__init__(
            f"PDF 转换超时（第 {part} 部分，共 {parts} 部分）：LibreOffice 超过 {seconds:g} 秒"
            "未完成"
        )


class PartError(ConversionError):
    """LibreOffice ended without converting a part."""

    def __init__(self, part: int, parts: int, reason: str) -> None:
        self.part, self.parts = part, parts
        super().__init__(f"PDF 转换失败（第 {part} 部分，共 {parts} 部分）：{reason}")


def render(document: TargetDocument) -> bytes:
    """The PDF's bytes, printed in parts as `write` prints them. Raises ValueError for a
    document without tables or department part, and `ConversionError` when LibreOffice is
    missing, fails or runs past its time limit."""
    if not document.projects and document.department is None:
        raise ValueError("文件中没有绩效目标，无法写出 PDF")
    projects, batch = document.projects, docx_form.BATCH
    out = BytesIO()
    try:
        write(
            document, lambda: (projects[n : n + batch] for n in range(0, len(projects), batch)), out
        )
    except ConversionTimeoutError as error:
        raise ConversionError(
            f"无法写出 PDF：{error}；请改用 --format docx 或 --format xlsx 写出，或稍后重试"
        ) from None
    except ConversionError as error:
        raise ConversionError(
            f"无法写出 PDF：{error}；请安装 LibreOffice（Debian/Ubuntu：apt-get install "
            "libreoffice-writer-nogui），或改用 --format docx 写出 Word 文档后自行另存为 PDF"
        ) from None
    return out.getvalue()


def write(
    document: TargetDocument,
    tables: docx_form.Tables,
    out: IO[bytes],
    progress: Progress | None = None,
) -> None:
    """The PDF of `document` (its source, year and department part; its own projects aside)
    with the tables `tables` gives, written to `out`: `PART` tables at a time written as a
    .docx to a temporary folder, made printable and converted, its pages appended to the PDF.
    Nothing is written to `out` unless every part converted."""
    if office.soffice_path() is None:  # before the writing: it would be for nothing
        raise NoLibreOfficeError()
    parts = docx_form.parts(document, tables, PART)
    count, done = len(parts), 0
    if progress is not None:
        progress(0, count, 0)
    merged: pdfium.PdfDocument | None = None  # the first part's, the others' pages after
    try:
        with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as work:
            word, printed = Path(work) / "part.docx", Path(work) / "printable.docx"
            for part in parts:
                with word.open("wb") as handle:
                    part.write(handle)
                with word.open("rb") as source, printed.open("wb") as target:
                    printable_to(source, target)
                word.unlink()
                pages = pdfium.PdfDocument(_convert(printed.read_bytes(), part.number, count))
                if merged is None:  # its title and author, as LibreOffice wrote them, kept
                    merged = pages
                else:
                    try:
                        merged.import_pages(pages)
                    finally:
                        pages.close()
                done += part.count
                if progress is not None:
                    progress(part.number, count, done)
        assert merged is not None  # a document has one part at least
        merged.save(out)
    finally:
        if merged is not None:
            merged.close()


def _convert(data: bytes, part: int, parts: int) -> bytes:
    """The part's PDF; a failure said as which one it was (a run past the time limit is one
    that lasted it: LibreOffice was stopped)."""
    started = time.monotonic()
    try:
        return convert(data, ".docx", "pdf:writer_pdf_Export", timeout=TIMEOUT)
    except ConversionError as error:
        if office.soffice_path() is None:
            raise NoLibreOfficeError() from None
        if time.monotonic() - started >= TIMEOUT:
            raise ConversionTimeoutError(part, parts, TIMEOUT) from None
        raise PartError(part, parts, str(error)) from None


def printable(data: bytes) -> bytes:
    """The .docx with the changes of the module's docstring."""
    out = BytesIO()
    printable_to(BytesIO(data), out)
    return out.getvalue()


def printable_to(source: IO[bytes], out: IO[bytes]) -> None:
    """The .docx read from `source` written to `out` with the changes of the module's
    docstring, its body an element at a time."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.external_attr = info.external_attr
            copy.compress_type = zipfile.ZIP_DEFLATED
            if info.filename != _BODY:
                target.writestr(copy, archive.read(info))
                continue
            with (
                archive.open(info) as given,
                target.open(copy, "w", force_zip64=info.file_size >= _ZIP64) as entry,
            ):
                _printable_xml(given, entry)


def _printable_xml(given: IO[bytes], out: IO[bytes]) -> None:
    """word/document.xml with each element of its body changed and written as it is read:
    what comes before the body's first element as it is, each element serialized on its own
    (the namespaces the document declares not declared again), then the closing tags."""
    head = b""
    while (found := _BODY_TAG.search(head)) is None:
        chunk = given.read(_READ)
        if not chunk:  # no body: nothing to change
            out.write(head)
            return
        head += chunk
    out.write(head[: found.end()])
    parser = etree.XMLPullParser(events=("start", "end"))
    root = body = None
    chunk = head
    while chunk:
        parser.feed(chunk)
        for event, element in parser.read_events():
            if event == "start":
                if root is None:
                    root = element
                elif body is None and element.tag == _W + "body":
                    body = element
                continue
            parent = element.getparent()
            if body is not None and parent is body:  # an element of the body, whole
                _printable_element(element)
                out.write(_serialized(element, body.nsmap))
                body.remove(element)
            elif element is body or element is root:
                out.write(_closing(element))
        chunk = given.read(_READ)
    parser.close()


def _closing(element: etree._Element) -> bytes:
    name = etree.QName(element).localname
    return f"</{element.prefix}:{name}>".encode() if element.prefix else f"</{name}>".encode()


def _serialized(element: etree._Element, declared: dict[str | None, str]) -> bytes:
    xml = bytes(etree.tostring(element, encoding="UTF-8", with_tail=False))
    end = xml.index(b">")  # lxml escapes ">" in attribute values: the start tag ends here

    def kept(match: re.Match[bytes]) -> bytes:
        redundant = declared.get(match[1].decode()) == match[2].decode()
        return b"" if redundant else match[0]

    return _DECLARATION.sub(kept, xml[:end]) + xml[end:]


def _printable_element(root: etree._Element) -> None:
    for text in root.iter(_W + "t"):
        if text.text and " " in text.text:
            text.text = text.text.replace(" ", "\u00a0")
    for row in root.iter(_W + "tr"):
        properties = row.find(_W + "trPr")
        if properties is None:
            properties = etree.Element(_W + "trPr")
            row.insert(0, properties)
        if properties.find(_W + "cantSplit") is None:
            properties.insert(0, etree.Element(_W + "cantSplit"))
        merges = [_continuation(cell) for cell in row.iter(_W + "tc")]
        if merges and all(merge is not None for merge in merges):
            for merge in merges:
                assert merge is not None
                merge.getparent().remove(merge)


def _continuation(cell: etree._Element) -> etree._Element | None:
    """The cell's w:vMerge when it continues the cell above."""
    properties = cell.find(_W + "tcPr")
    merge = properties.find(_W + "vMerge") if properties is not None else None
    if merge is None or merge.get(_W + "val", "continue") == "restart":
        return None
    return merge
