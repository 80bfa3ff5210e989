"""Format readers: a Word, Excel, PDF or web-page file turned into text one of the layout readers
knows, so every format takes the same path from cells to the model.

`sniff` tells the format by the file's first bytes (never by its name alone); each format module
exposes `read(data, source) -> TargetDocument`, raising `IngestError` (Chinese, with where and
what to do) on anything it cannot read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from importlib import import_module
from io import BytesIO

from jixiao.core.model import TargetDocument
from jixiao.ingest.errors import IngestError

Format = str
LABELS: dict[Format, str] = {
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 工作簿（.xlsx）",
    "xls": "Excel 97-2003 工作簿（.xls）",
    "doc": "Word 97-2003 文档（.doc）",
    "pdf": "PDF 文件",
    "html": "网页（.html）",
}
MODULES: dict[Format, str] = {}
"""Format → the module (in this package) that reads it; a format without one is refused."""
MODULES["docx"] = "docx"
MODULES["xlsx"] = "xlsx"
MODULES["html"] = "html"
MODULES["xls"] = "xls"
MODULES["pdf"] = "pdf"
MODULES["doc"] = "doc"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word/Excel 97-2003 (and WPS) compound files


def sniff(data: bytes) -> Format | None:
    """The file's format by its first bytes; None for text (the text layouts' business)."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE):
        return _ole_kind(data)
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "damaged-zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml"))
        and b"<t" in head.lower()
    ):
        return "html"
    return None


_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def _ole_kind(data: bytes) -> Format:
    """An Excel workbook (a "Workbook" stream, "Book" in Excel 5) or else a Word document, by
    the names in the compound file's first directory sector (where the header says it is:
    LibreOffice and large files put it at the end), else anywhere in the first 64 KB."""
    shift = int.from_bytes(data[30:32], "little")  # sectors of 2**shift bytes: 512 or 4096
    first = int.from_bytes(data[48:52], "little")  # the directory's first sector
    directory = b""
    if 7 <= shift <= 16 and len(data) >= 52:
        start = (first + 1) << shift
        directory = data[start : start + (1 << shift)]
        if not directory:
            return "damaged-ole"  # cut off before its directory
    names = [directory[offset : offset + 64] for offset in range(0, len(directory), 128)]
    if any(name.startswith(_WORKBOOK) for name in names):
        return "xls"
    if any(name.startswith("WordDocument".encode("utf-16-le")) for name in names):
        return "doc"
    return "xls" if _WORKBOOK[0] in data[:65536] else "doc"


def read(kind: Format, data: bytes, source: str) -> TargetDocument:
    if kind == "damaged-zip":
        raise IngestError(
            source,
            "文件已损坏：像是 Word 或 Excel 文件（.docx、.xlsx），但内容不完整，无法打开",
            expected="完整的 Word 文档或 Excel 工作簿",
            hint="请在 Word、Excel 或 WPS 中打开该文件确认能正常显示，另存后重新上传。",
        )
    if kind == "damaged-ole":
        raise IngestError(
            source,
            "文件已损坏：像是 Word 或 Excel 97-2003 文件（.doc、.xls），但内容不完整，无法打开",
            expected="完整的 Word 文档或 Excel 工作簿",
            hint="请在 Word、Excel 或 WPS 中打开该文件确认能正常显示，另存后重新上传。",
        )
    module = MODULES.get(kind)
    if module is None:
        raise IngestError(
            source,
            f"暂不能读取{LABELS.get(kind, kind)}",
            expected="纯文本（Word 另存为的纯文本，或网页上复制的表格）"
            + ("、" + "、".join(LABELS[k] for k in MODULES) if MODULES else ""),
            hint="请用 Word 或 WPS 打开后“另存为”受支持的格式再导入。",
        )
    reader: Callable[[bytes, str], TargetDocument] = import_module(f"{__name__}.{module}").read
    return reader(data, source)
