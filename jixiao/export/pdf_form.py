"""Writer of PDF files: the Word document `docx_form` writes (the official layout, merged cells
as Word merges them), printed to PDF by LibreOffice headless, so the PDF looks as the Word form
does when printed; read back to the same model by `jixiao.ingest.formats.pdf`.

Three changes to the Word document before printing, none changing what it reads as: no table
row breaks across a page (a row cut in two would print as two rows); a row holding nothing but
the continuations of cells merged down from above (an empty 资金支出计划's percentage row) is
written as empty cells — merged, it would print as no row at all; and spaces are written as
no-break spaces, which are printed even where a line wraps after one (an ordinary space at a
wrap is not). Each conversion has a LibreOffice profile of its own
(`jixiao.ingest.formats.doc.convert`); without LibreOffice, `ConversionError` says so in Chinese.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree  # type: ignore[import-untyped]

from jixiao.core.model import TargetDocument
from jixiao.export import docx_form
from jixiao.ingest.formats.doc import ConversionError, convert

__all__ = ["ConversionError", "render"]

_BODY = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(document: TargetDocument) -> bytes:
    """The PDF's bytes. Raises ValueError for a document without tables or department part, and
    `ConversionError` when LibreOffice is missing or fails."""
    if not document.projects and document.department is None:
        raise ValueError("文件中没有绩效目标，无法写出 PDF")
    try:
        return convert(printable(docx_form.render(document)), ".docx", "pdf:writer_pdf_Export")
    except ConversionError as error:
        raise ConversionError(
            f"无法写出 PDF：{error}；请安装 LibreOffice（Debian/Ubuntu：apt-get install "
            "libreoffice-writer-nogui），或改用 --format docx 写出 Word 文档后自行另存为 PDF"
        ) from None


def printable(data: bytes) -> bytes:
    """The .docx with the changes of the module's docstring."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == _BODY:
                content = _printable_body(content)
            archive.writestr(info, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _printable_body(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
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
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _continuation(cell: etree._Element) -> etree._Element | None:
    """The cell's w:vMerge when it continues the cell above."""
    properties = cell.find(_W + "tcPr")
    merge = properties.find(_W + "vMerge") if properties is not None else None
    if merge is None or merge.get(_W + "val", "continue") == "restart":
        return None
    return merge
