"""Turning the bytes of a text file into text, or saying exactly why not."""

from __future__ import annotations

import codecs

from jixiao.ingest.errors import IngestError

ENCODINGS = ("utf-8", "gbk", "gb18030", "utf-16")
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode a text file saved by Word, WPS or an editor.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 (Word's "Unicode" text) are read as such;
    other encodings only when asked for, so that a GBK file is never silently misread. Line
    endings are normalised to "\\n".
    """
    if not data.strip():
        raise IngestError(
            source, "文件为空", expected="Word 另存为的纯文本或其他受支持的绩效目标文件"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        _reject_binary(data, source)
        text = _decode_text(data, source, encoding)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _reject_binary(data: bytes, source: str) -> None:
    head = data[:4096]
    controls = sum(1 for byte in head if byte in _CONTROL)
    if b"\x00" in head or controls > len(head) // 100:
        offset = next(i for i, byte in enumerate(head) if byte in _CONTROL)
        line = head[:offset].count(b"\n") + 1
        raise IngestError(
            source,
            f"文件含二进制内容（第 {offset + 1} 字节起），不是纯文本",
            line=line,
            expected="纯文本（.txt），或用对应的读取器打开 docx/xlsx/pdf 文件",
        )


def _decode_text(data: bytes, source: str, encoding: str) -> str:
    encoding = encoding.lower()
    if encoding not in ENCODINGS:
        raise IngestError(
            source, f"不支持的编码「{encoding}」", expected="、".join(ENCODINGS) + " 之一"
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = ""
        if encoding == "utf-8" and _decodes_as(data, "gb18030"):
            hint = "文件看起来是 GBK/GB18030 编码：请另存为 UTF-8，或加参数 --encoding gbk 读取。"
        raise IngestError(
            source,
            f"第 {error.start + 1} 字节不是合法的 {encoding.upper()} 编码",
            line=line,
            expected=f"{encoding.upper()} 编码的文本",
            hint=hint,
        ) from None


def _decodes_as(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
