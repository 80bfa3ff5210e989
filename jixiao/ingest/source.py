"""Turning the bytes of a text file into text, or saying exactly why not."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from jixiao.core.model import ReadWarning, TargetDocument
from jixiao.ingest.errors import IngestError

if TYPE_CHECKING:
    from opencc import OpenCC

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

    Text that cannot be stored is refused wherever it stands, in one more pass: a NUL character
    (PostgreSQL keeps none in text or JSON), control characters in a UTF-16 file's head as in
    any other, and UTF-16 that is not whole (a lone surrogate, an odd number of bytes).
    """
    if not data.strip():
        raise IngestError(
            source, "文件为空", expected="Word 另存为的纯文本或其他受支持的绩效目标文件"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(data, source)
    else:
        _reject_binary(data, source)
        text = _detect(data, source) if encoding is None else _decode_text(data, source, encoding)
    _reject_unstorable(text, source)
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


def _decode_utf16(data: bytes, source: str) -> str:
    """A file with a UTF-16 BOM (Word's "Unicode" text), or a located refusal: an odd number of
    bytes (the file was cut off) or a surrogate without its pair."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        line = data[: error.start].decode("utf-16", "replace").count("\n") + 1
        if error.reason == "truncated data":
            problem = f"UTF-16 文件的字节数为奇数（{len(data)} 字节），文件不完整"
        else:
            problem = f"第 {error.start + 1} 字节起不是合法的 UTF-16 编码（不成对的代理字符）"
        raise IngestError(
            source,
            problem,
            line=line,
            expected="完整的 UTF-16 文本",
            hint="请在 Word 或记事本中重新“另存为”纯文本（UTF-8 编码）后再导入。",
        ) from None
    head = text[:4096]
    controls = sum(1 for char in head if ord(char) in _CONTROL)
    if controls > len(head) // 100:
        offset = next(i for i, char in enumerate(head) if ord(char) in _CONTROL)
        raise IngestError(
            source,
            f"文件含二进制内容（第 {offset + 1} 个字符起），不是纯文本",
            line=head[:offset].count("\n") + 1,
            expected="纯文本（.txt），或用对应的读取器打开 docx/xlsx/pdf 文件",
        )
    return text


def _reject_unstorable(text: str, source: str) -> None:
    """A NUL or a lone surrogate anywhere in the decoded text: neither can be stored (PostgreSQL
    refuses both in text and JSON), and no table has a use for them. Found at C speed (a
    character-class search is ten times slower than these)."""
    offset = text.find("\x00")
    what = "空字符（NUL）"
    if offset < 0 and not text.isascii():
        try:
            text.encode("utf-8")  # the strict decoders give no lone surrogate; made sure of here
        except UnicodeEncodeError as error:
            offset, what = error.start, "不成对的代理字符"
    if offset < 0:
        return
    raise IngestError(
        source,
        f"文件第 {offset + 1} 个字符是{what}，不是纯文本",
        line=text.count("\n", 0, offset) + 1,
        expected="不含空字符的纯文本",
        hint="文件可能已损坏，或是另存为纯文本时出错；请重新另存为纯文本（UTF-8 编码）后再导入。",
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


MAX_LINE = 10_000
"""Characters a line may hold: a cell or a paragraph of a target table is far shorter. A longer
line is refused before any reader looks at it (a 10 MB line is no form, and every reader's cost
grows with its lines)."""


def check_lines(text: str, source: str) -> None:
    """Refuse text with a line longer than `MAX_LINE`, naming it, or with a character that
    cannot be stored (text from a Word, Excel or web-page file has not been through `decode`);
    at C speed."""
    _reject_unstorable(text, source)
    lengths = list(map(len, text.split("\n")))
    if max(lengths) <= MAX_LINE:
        return
    number = next(n for n, length in enumerate(lengths, start=1) if length > MAX_LINE)
    raise IngestError(
        source,
        f"这一行有 {lengths[number - 1]} 个字符，超过每行 {MAX_LINE} 个字符的上限",
        line=number,
        expected=f"每行（一个单元格或一个段落）不超过 {MAX_LINE} 个字符的绩效目标表",
        hint="文件可能不是绩效目标表，或换行符已丢失；请检查后重新另存为纯文本。",
    )


# text copied from a document site's mirror in traditional characters, glossed with pinyin

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0300-\u030c"
_PINYIN = f"a-zêü{_TONES}"
_TONED = re.compile(
    rf"(?<=[{_HAN}])[(（](?=[{_PINYIN}]{{1,8}}[)）])[a-zêü]*[{_TONES}][{_PINYIN}]*[)）]"
)
"""A pinyin gloss: a syllable with its tone mark in brackets right after a character, 監(jiān).
The lookahead bounds it (at most eight letters), so no start is scanned further."""
_GLOSS = re.compile(
    rf"(?<=[{_HAN}])[(（](?:(?=[{_PINYIN}]{{1,8}}[)）])[a-zêü]*[{_TONES}][{_PINYIN}]*"
    r"|men|me|ma|ne|le|de|zi|li)[)）]"
)
"""What is removed from a text found glossed: the toned syllables and the neutral-tone ones
(們(men), 麼(me)) a mirror glosses its characters with too."""
MIN_GLOSSES = 5
"""Glosses a text must carry for them to be removed: a mirror glosses every character it
converted, a form writes none (its brackets hold notes: (万元), (A), (≥**%))."""
MIN_TRADITIONAL = 10
TRADITIONAL_SHARE = 0.1
"""Traditional-only characters (outside GB2312, converted by OpenCC's t2s) a text must hold, in
number and as a share of its CJK ideographs, to be converted: a simplified text quoting a
traditional name stays as written."""


@dataclass(frozen=True)
class Simplified:
    """What `simplify` did to a text: its glosses removed (how many), its characters converted,
    and the line and an example of the first change, for the warning."""

    text: str
    glosses: int
    traditional: bool
    line: int
    example: str

    def message(self) -> str:
        if self.glosses and self.traditional:
            return (
                f"文件是繁体字文本，且许多字后面用括号注了拼音（如「{self.example}」）："
                "已去掉拼音、转换为简体字后读取，请对照原文核对读出的内容"
            )
        if self.glosses:
            return (
                f"文件中许多字后面用括号注了拼音（如「{self.example}」）："
                "已去掉拼音后读取，请对照原文核对读出的内容"
            )
        return (
            f"文件是繁体字文本（如「{self.example}」）：已转换为简体字后读取，"
            "请对照原文核对读出的内容"
        )


def simplify(text: str) -> Simplified | None:
    """The text without its pinyin glosses and in simplified characters, where it carries them
    (at least `MIN_GLOSSES` glosses; traditional-only characters at least `MIN_TRADITIONAL` and
    `TRADITIONAL_SHARE` of its ideographs); None for any other text, which is read as it is.
    Linear: a pattern or two over the text, counts at C speed, the conversion one trie walk."""
    glosses, line, example = 0, 0, ""
    first = _TONED.search(text)
    count = len(_TONED.findall(text, first.start())) if first is not None else 0
    if first is not None and count >= MIN_GLOSSES:
        glosses = count
        line = text.count("\n", 0, first.start()) + 1
        example = text[first.start() - 1 : first.end()]  # the character and its gloss
        text = _GLOSS.sub("", text)
    found = _traditional(text)
    if found is None:
        return Simplified(text, glosses, False, line, example) if glosses else None
    if not glosses:
        line, example = text.count("\n", 0, found) + 1, text[found]
    return Simplified(_converter().convert(text), glosses, True, line, example)


def told(document: TargetDocument, simplified: Simplified) -> TargetDocument:
    """The document with a first warning saying the text was converted, on its first table."""
    tables: list[str | None] = [project.name for project in document.projects]
    if document.department is not None:
        tables.insert(0, document.department.name)
    warning = ReadWarning(
        message=simplified.message(),
        line=simplified.line,
        table=tables[0] if tables else None,
    )
    return document.model_copy(update={"warnings": [warning, *document.warnings]})


def simplified_like(text: str, simplified: Simplified) -> str:
    """A part of a text (a cell of its tables) changed as `simplify` changed the whole."""
    if simplified.glosses:
        text = _GLOSS.sub("", text)
    return _converter().convert(text) if simplified.traditional else text


def _traditional(text: str) -> int | None:
    """The offset of the text's first traditional-only character, when it holds enough of them
    to be read as traditional text; None otherwise. Counted at C speed: the characters outside
    GB2312 first (a simplified text has few), then those of them that t2s converts."""
    ascii_ = len(text.encode("ascii", "ignore"))
    outside = len(text) - ascii_ - (len(text.encode("gb2312", "ignore")) - ascii_) // 2
    if outside < MIN_TRADITIONAL:
        return None
    converter = _converter()
    candidates = (char for char in set(text) if not char.isascii() and _outside_gb2312(char))
    traditional = {char for char in candidates if converter.convert(char) != char}
    count = len(text) - len(text.translate(dict.fromkeys(map(ord, traditional))))
    high_bytes = text.encode("utf-16-le", "surrogatepass")[1::2]
    ideographs = len(high_bytes.translate(None, _NOT_IDEOGRAPH))
    if count < MIN_TRADITIONAL or count < TRADITIONAL_SHARE * ideographs:
        return None
    found = re.compile("[" + "".join(map(re.escape, sorted(traditional))) + "]").search(text)
    return found.start() if found is not None else None


def _outside_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


@cache
def _converter() -> OpenCC:
    """OpenCC's t2s (its phrases first, then characters), without the dictionary of rare
    characters fonts may lack: a character with no common simplified form stays as written.
    Imported here: only a text found traditional loads the dictionaries."""
    from opencc import OpenCC

    return OpenCC("t2s", include_tofu_risk_dictionaries=False)
