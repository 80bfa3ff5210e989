"""Turning the bytes of a text file into text, or saying exactly why not."""

from __future__ import annotations

import codecs
import re

from jixiao.ingest.errors import IngestError

ENCODINGS = ("utf-8", "gbk", "gb18030", "utf-16")
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_NOT_IDEOGRAPH = bytes(b for b in range(256) if not (0x34 <= b <= 0x9F or 0xF9 <= b <= 0xFA))
"""High bytes of UTF-16 code units outside the CJK ideographs (U+3400–U+9FFF, U+F900–U+FAFF)."""
MIN_IDEOGRAPHS = 0.5
"""Share of the non-ASCII characters that must be CJK ideographs for a GB18030 reading."""
MIN_COMMON = 0.8
"""Share of the non-ASCII characters that must be in GB2312 (the common hanzi and Chinese
punctuation): text in another encoding read as GB18030 gives rare characters."""


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode a text file saved by Word, WPS or an editor.

    Without `encoding` the encoding is detected, in one pass over the bytes each: a UTF-8 BOM
    (utf-8-sig) or UTF-16 BOM (Word's "Unicode" text), then valid UTF-8, then GB18030 (a superset
    of GBK) when the text it gives reads as Chinese (`looks_chinese`); anything else is refused
    with the position of the first byte that is not UTF-8. An explicit `encoding` is used as given
    (a UTF-16 BOM still wins). Line endings are normalised to "\\n".
    """
    if not data.strip():
        raise IngestError(
            source, "文件为空", expected="Word 另存为的纯文本或其他受支持的绩效目标文件"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        _reject_binary(data, source)
        text = _detect(data, source) if encoding is None else _decode_text(data, source, encoding)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def looks_chinese(text: str) -> bool:
    """Whether text read as GB18030 is Chinese text rather than other bytes misread: no control
    characters but tab, line breaks and form feed; of the non-ASCII characters at least
    `MIN_IDEOGRAPHS` CJK ideographs and `MIN_COMMON` in GB2312. Linear, at C speed."""
    if _CONTROL_CHARACTER.search(text):
        return False
    ascii_ = len(text.encode("ascii", "ignore"))
    non_ascii = len(text) - ascii_
    if non_ascii == 0:
        return False
    common = (len(text.encode("gb2312", "ignore")) - ascii_) // 2  # two bytes each in GB2312
    # Counted at C speed: the high byte of each UTF-16 code unit, those of ideographs kept.
    high_bytes = text.encode("utf-16-le", "surrogatepass")[1::2]
    ideographs = len(high_bytes.translate(None, _NOT_IDEOGRAPH))
    return ideographs >= MIN_IDEOGRAPHS * non_ascii and common >= MIN_COMMON * non_ascii


def _detect(data: bytes, source: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _decode_text(data, source, "utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if looks_chinese(text):
            return text
    return _decode_text(data, source, "utf-8")


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
            hint = "文件可能是 GBK/GB18030 编码：请另存为 UTF-8，或加参数 --encoding gbk 读取。"
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
