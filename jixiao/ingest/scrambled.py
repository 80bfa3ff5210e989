"""Layout `scrambled`: a form's text whose labels and values have come apart, as text copied
from a PDF or a document site often is — the label column read down before the value column
(``专项名称`` / ``部门名称`` / ``部门相应职能职`` / ``责概述`` … and the values far below), a
row of labels above a row of values in another order, or a money block's amounts before the
row they belong to (``全年预算数(A) 全年执行数(B) 7165.32 6992.95 … 年度资金总额``).

Which value belongs to which label cannot be told from such text with certainty, so nothing
is read into the model: the file is refused, saying where the order breaks, every label that
was recognised, the labels and values that stand together in one line (``填报单位(盖章):永兴县
畜牧兽医水产局``), and what to supply instead. Text no other layout claims comes here last.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from jixiao.core.model import TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import (
    FRAGMENT,
    FUND_FIELDS,
    GRID_COLUMNS,
    GRID_START,
    IGNORED,
    LABELS,
    SECTION,
    Cell,
)
from jixiao.ingest.cell_vocabulary import label_kind
from jixiao.ingest.errors import IngestError

LAYOUT = "scrambled"
_HEAD = 200_000
_PIECES = 3
"""Pieces a label broken by spaces or line breaks has at most (省级业务主管部 / 门)."""
_PIECE_LENGTH = 16
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?")
_SHOWN = 12
"""Labels named in the refusal at most."""


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class _Label:
    text: str
    kind: str
    line: int
    end: int  # the position of the word after it


def looks_like(text: str) -> bool:
    """Labels of the form (three kinds at least, one of them naming it or heading its money)
    and a place where the order is broken (`_break`). One pass over the words of the head."""
    words = _words(text[:_HEAD])
    labels = _labels(words)
    kinds = {label.kind for label in labels} - {IGNORED}
    return len(kinds) >= 3 and _break(labels, words) is not None


def read(text: str, source: str) -> TargetDocument:
    words = _words(text[:_HEAD])
    labels = _labels(words)
    found = _break(labels, words)
    line, what = found if found is not None else (1, "栏目与内容的顺序无法确定")
    shown = list(dict.fromkeys(label.text for label in labels))
    together = _glued(text[:_HEAD])
    problem = (
        f"文字顺序错乱，栏目与内容分开了（{what}），无法确定各栏目对应的内容；"
        f"已认出栏目「{'」「'.join(shown[:_SHOWN])}」" + ("等" if len(shown) > _SHOWN else "")
    )
    if together:
        problem += "；同一行中栏目与内容写在一起的有：" + "；".join(together[:6])
    raise IngestError(
        source,
        problem,
        line=line,
        expected="栏目与其内容相邻的绩效目标表"
        "（每个单元格一行、以“|”分隔，或 Word、Excel、PDF 原文件）",
        hint="这类文字多是从 PDF 或文档网站复制的，单元格的先后顺序已经打乱；请取得原始的 Word、"
        "Excel 或 PDF 文件导入，或从原文件重新复制表格（保留单元格和换行）。",
    )


def _words(text: str) -> list[_Word]:
    return [
        _Word(word, number)
        for number, line in enumerate(text.split("\n"), start=1)
        if "|" not in line
        for word in line.split()
    ]


def _kind(text: str) -> str | None:
    key = detect.key(text)
    if not key:
        return None
    if key == GRID_START or key in GRID_COLUMNS:
        return "grid"
    if key in FUND_FIELDS:
        return "funds"
    kind = label_kind(key)
    return None if kind in (None, FRAGMENT) else kind


def _labels(words: list[_Word]) -> list[_Label]:
    """The labels among the words, a label broken into pieces (by a space or a line break)
    joined: the longest run of at most `_PIECES` short words that makes one."""
    found: list[_Label] = []
    position = 0
    while position < len(words):
        hit = None
        for size in range(_PIECES, 0, -1):
            pieces = words[position : position + size]
            if len(pieces) < size or any(len(p.text) > _PIECE_LENGTH for p in pieces[1:]):
                continue
            if size > 1 and any(not detect.key(piece.text) for piece in pieces):
                continue  # a note in brackets, (万元) or (2022年度), is no piece of a label
            text = "".join(piece.text for piece in pieces)
            kind = _kind(text)
            if kind is not None and (size == 1 or _kind(pieces[0].text) is None):
                hit = _Label(text, kind, pieces[0].line, position + size)
                break
        if hit is None:
            position += 1
            continue
        found.append(hit)
        position = hit.end
    return found


def _break(labels: list[_Label], words: list[_Word]) -> tuple[int, str] | None:
    """Where the order is broken: a label naming the form directly followed by another label
    of the header (its value is not beside it), or a money block's columns directly followed
    by amounts (the row they belong to is named elsewhere)."""
    naming = {kind for label, kind in LABELS.items() if detect.names(label)}
    for label, following in itertools.pairwise(labels):
        if (
            label.kind in naming
            and following.kind not in ("grid", "funds", SECTION, IGNORED)
            and following.end - label.end <= _PIECES
            and _adjacent(label, following, words)
        ):
            return label.line, f"「{label.text}」之后紧接着是「{following.text}」，中间没有内容"
    for label in labels:
        if label.kind != "funds" or label.end >= len(words):
            continue
        after = words[label.end]
        if _NUMBER.fullmatch(after.text.replace(",", "")) and not _row_before(labels, label):
            return label.line, (
                f"「{label.text}」一栏之后直接是金额「{after.text}」，金额之前没有它所属的行名"
            )
    return None


def _adjacent(label: _Label, following: _Label, words: list[_Word]) -> bool:
    """Whether nothing stands between the two labels (the next word starts the second)."""
    return words[label.end].line == following.line and words[label.end].text.startswith(
        following.text[:1]
    )


def _row_before(labels: list[_Label], column: _Label) -> bool:
    """Whether a money row's label (年度资金总额 …) stands before the column header, as in a
    form written row by row: then the amounts after the header are that row's."""
    money = {"total", "year_total", "fiscal", "year_fiscal", "other", "level"}
    before = [label for label in labels if label.end <= column.end]
    return any(label.kind in money for label in before[-6:])


_GLUED = re.compile(r"^(.{2,16}?)[:：]\s*(\S.{0,40})$")


def _glued(text: str) -> list[str]:
    """Lines of a label and its value joined by a colon ("填报单位(盖章):永兴县…"): read with
    certainty, named in the refusal."""
    found: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) > 60 or "|" in stripped:
            continue
        matched = _GLUED.match(stripped)
        if matched is None:
            continue
        label, value = matched.group(1), matched.group(2).strip()
        if _kind(Cell(label, 0).text) not in (None, IGNORED) and value:
            found.append(f"{label}：{value}")
    return found
