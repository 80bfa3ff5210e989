"""Layout `glued-text`: a whole 项目支出绩效目标表 (or its self-evaluation) flattened into one line
with its cells run together (``项目名称镇域内基础设施建设项目属性新增项目□延续项目√主管部门…``,
``…一级指标二级指标三级指标指标目标值产出指标数量指标免费开放天数=300天质量指标…``), as a
document site's preview or an OCR gives it; or flattened with spaces between its cells but with a
wider grid (年度指标值, 实际完成值, 分值, 得分, 偏差原因 …) than `flat_text` reads.

Nothing marks a cell, so the cells are recovered from the form's own words, found in the text
without its spaces (labels broken by them, 年度指标 值, 产 出 指 标, are whole) and each found
once, longest first (专项资金名称 before 资金名称, 主管部门编码 after 主管部门):

- above the grid, a header label (`cell_form.LABELS`) is a cell and the text up to the next label
  its value; a label's note in brackets (全年预算数(A), 项目资金(万元)) stays with it. Goals side by
  side (年初设定目标 | 全年实际完成情况) take a text each only where spaces or sentence ends split
  them so, else their texts are warned of, not read. Labels the model has no field for are passed
  over with their values; a table it has no field for (项目预算成本构成 | 金额 | 测算依据 |
  2020年实际执行数 …) is warned of by name, its columns and rows (执行数, 合计) up to the next
  label of another kind passed over, no money block; a money label's value running on into the
  block's further parts (…0万元)二、自有资金:0万元三、其他:3683.3970万元) is cut into each
  part's label and amount (a number 二、 leading a label that names money, then its amount);
- a money block (全年预算数 | 全年执行数 | 执行率 …) is a row label (the text before a number)
  and its numbers; numbers run together (194.9194.9100%) are split only where one split alone
  makes the rate the executed share of the budget (a rate of 0% beside a positive 得分 is none),
  else the row is warned of; a header label that is also a column (预算数, 执行数) is one only
  with another column after it (预算数(A)执行数(B)…, not 预算数2.38);
- after 一级指标 and its column headers, the framework's 一级/二级 names (those ending in 指标, and
  a 二级 wording right after its 一级) set the category; within one, each 三级指标 is followed by
  its values (a 绩效标准 column before 当年预期实现值 the name column: `cell_grid.column_fields`),
  told apart by their shape (an operator and/or a number with a unit or %, "100%100%"
  being the target and the achieved value), where spaces do not separate them; a qualitative
  value (提升, 长远 …) ends a grid of one value column; a 得分 column's bare numbers end a run
  of values (100%100%10), an operator may be a word (不低于95%), and a text column written the
  same in every row (未完成原因及改进措施: 达成预期指标) cuts the rows, a 二级 wording where a
  row's name begins (产出质量) its category. What cannot be split so is kept as an indicator
  with what was read and a warning naming the text;
- the grid's header written again with the same columns (年度绩效目标2(40分)一级指标…, the grid
  of a self-evaluation's next goal) goes on with the grid; 总分99.6 below it is split into its
  label and value;
- a grid ends at the next form's 项目名称 (its title before it), at a note below the form (注:),
  or at the end of the text: a cut row is read as far as it goes, as `cell_form` reads any stream.

The page's text before the form (a notice, 全文预览已结束, a docx's metadata, a signature's blank
date 单位公章:年月 日 before the title) is passed over; a document site's chunk numbers (1、 … 2、
… at the start of its lines) are dropped. Every search is one compiled pattern over the text, so
a line is read in linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from itertools import combinations, pairwise
from typing import Any

from jixiao.core.framework import find_level1, framework
from jixiao.core.model import TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import (
    ACHIEVED,
    EVALUATION_LABELS,
    FRAGMENT,
    FUND_FIELDS,
    FUND_STARTS,
    GOALS,
    GRID_END,
    GRID_FIELDS,
    GRID_START,
    IGNORED,
    LABELS,
    LEVEL,
    LONG_TERM,
    MONEY,
    NAME,
    SECTION,
    TRAILERS,
    Cell,
    read_cells,
)
from jixiao.ingest.cell_grid import Notes, category, column_fields
from jixiao.ingest.cell_vocabulary import UNREAD_TABLES, labels_money, level_labels, squeezed
from jixiao.ingest.errors import IngestError

LAYOUT = "glued-text"
_HEAD = 200_000
_MIN_LENGTH = 200
"""Characters a line holding a whole form has at least (a header row alone is shorter)."""
_GOAL_KINDS = (GOALS, LONG_TERM, ACHIEVED)
_NOTE = re.compile(r"\s*[(（][^()（）\n]{0,12}[)）]")
_COLON = re.compile(r"\s*[:：]")
_POINTS = re.compile(r"\s*[0-9]{0,2}\s*[(（]\s*[0-9]+(?:\.[0-9]+)?\s*分\s*[)）]")
"""A goal's or section's number and points after its label, no value: 年度绩效目标1(40分),
预算执行情况(万元)(20分)."""
_NOISE = frozenset(" \t\r\n\u3000\xa0?？:：*＊")
_CHUNK = re.compile(r"(\d{1,3})、")
_TITLE = re.compile(r"绩效[\u4e00-\u9fff]{0,10}表(?:\s*[(（]?\s*20\d\d\s*年度?\s*[)）]?)?")
_TITLE_START = re.compile(r"20\d\d\s*年")
_DATE_BLANK = re.compile(r"年\s*月\s*日")
"""A signature's date left to fill (单位公章: 年 月 日) before the title, which starts after it."""
_ANNEX = re.compile(r"^附件\s*\d*\s*[:：]?")
_SENTENCE_END = ("。", "；", ";")
_PUNCTUATION = frozenset(".。…·,，、;；:：-—_ ")
_QUALITATIVE = (
    "效果明显", "有所提高", "有所提升", "有所改善", "逐步提高", "稳步提升", "明显提升", "显著提升",
    "明显提高", "显著提高", "长期有效", "长远", "提升", "提高", "改善", "明显", "显著", "良好",
    "增强",
)  # fmt: skip
"""Qualitative values a segment may end with where the grid has one value column."""
_UNITS = (
    "个百分点", "百分比", "万人次", "平方公里", "平方米", "人次", "万元", "亿元", "公里", "千米",
    "公顷", "小时", "%", "％", "‰", "元", "天", "个", "次", "吨", "亩", "人", "户", "家", "项",
    "件", "场", "起", "所", "座", "台", "套", "册", "米", "篇", "份", "期", "批", "辆", "栋",
    "个月", "年", "月",
    "间", "条", "处", "名", "张", "本", "块", "株", "头", "只", "分", "kg", "km",
)  # fmt: skip
_OPERATOR = "≥≤=＝><＞＜≧≦"
_WORD_OPERATORS = (
    "不低于", "不少于", "不小于", "不高于", "不超过", "不多于", "不大于", "大于", "小于", "高于",
    "低于",
)  # fmt: skip
"""Operators written as words before a value's number (不低于95%, 小于0.9‰), longest first."""
_VALUE = re.compile(
    rf"(?P<op>[{_OPERATOR}]|{'|'.join(_WORD_OPERATORS)})?(?P<number>(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)"
    rf"(?P<unit>{'|'.join(re.escape(unit) for unit in _UNITS)})?"
)
_WORD_VALUE = re.compile(
    rf"[{_OPERATOR}]?[0-9]+(?:\.[0-9]+)?(?:{'|'.join(re.escape(unit) for unit in _UNITS)})?"
)
_NAME_GLUE = frozenset("、，,及和与或至到(（-—~/")
"""Characters after which a number belongs to the name (5000吨稻谷、500吨成品粮)."""
_MONEY_DIGITS = frozenset("0123456789.%,，")
_FUND_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?%?")
_GRID_ENDS = (*GRID_END, *TRAILERS, "说明")
"""What ends a grid when it follows a row's values: the totals, notes and 说明 below it."""
_FORM_END = re.compile(
    "|".join(re.escape(word) for word in TRAILERS if word[-1] in ":：" or word.startswith("填"))
)
_LONG_GRIDS = ("长期绩效指标", "中期绩效指标", "实施期绩效指标")
_PASSED = frozenset({IGNORED, FRAGMENT})
_TABLE_WORDS = frozenset({"fund", *MONEY})
"""Labels within a table the model has no field for (`UNREAD_TABLES`): its money columns and
rows; the next label of any other kind (绩效目标) ends it."""


# the vocabulary, as patterns


def _trie(words: Iterable[str]) -> str:
    """An alternation of the words as a trie (one branch per character), longest first: the
    pattern tries a handful of branches where a flat alternation would try every word."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return build(root)


@cache
def _header_words() -> dict[str, str]:
    words = {
        key: kind
        for key, kind in LABELS.items()
        if kind != FRAGMENT and not (kind == SECTION and len(key) <= 2)
    }
    words.update(dict.fromkeys(level_labels(), LEVEL))
    words.update({key: "fund" for key, name in FUND_FIELDS.items() if name in FUND_STARTS})
    words.update(dict.fromkeys(_LONG_GRIDS, "long"))
    words.update(dict.fromkeys(_DATES, IGNORED))
    words[GRID_START] = "grid"
    return words


_DATES = ("填报日期", "填表日期")
"""The filing date written in the header (单位名称:… 填报日期:2021年3月10日): passed over with its
value (below the grid it ends the form)."""


@cache
def _header_pattern() -> re.Pattern[str]:
    return re.compile(_trie(_header_words()))


@cache
def _fund_pattern() -> re.Pattern[str]:
    return re.compile(_trie(FUND_FIELDS))


@cache
def _column_pattern() -> re.Pattern[str]:
    return re.compile(_trie(key for key in GRID_FIELDS if key != GRID_START))


@cache
def _categories() -> tuple[str, ...]:
    """The framework's 一级/二级 wordings that end in 指标: a wording without it (数量, 成本)
    is too common a word to cut a glued text at."""
    found: list[str] = []
    for level1 in framework():
        found += [level1.name, *level1.synonyms]
        for level2 in level1.level2:
            found += [level2.name, *level2.synonyms]
    return tuple(word for word in dict.fromkeys(found) if word.endswith("指标") and len(word) >= 4)


@cache
def _body_pattern() -> re.Pattern[str]:
    return re.compile(_trie([*_categories(), GRID_START, "绩效指标"]))


@cache
def _level2_pattern(level1: str) -> re.Pattern[str] | None:
    """A 二级 wording of this 一级 of four characters or more (服务对象满意度), as written right
    after its 一级 where the form writes its 二级 without 指标."""
    found = find_level1(level1)
    if found is None:
        return None
    words = [w for two in found.level2 for w in (two.name, *two.synonyms) if len(w) >= 4]
    return re.compile(_trie(words)) if words else None


# the text


@dataclass
class _Text:
    """The form's lines joined (a document site's chunk numbers dropped), and the key: the text
    without spaces, label noise and short notes in brackets, each character's offset kept."""

    text: str
    starts: list[int]
    lines: list[int]
    key: str = ""
    origin: list[int] = field(default_factory=list)

    def line(self, offset: int) -> int:
        return self.lines[max(bisect_right(self.starts, offset) - 1, 0)]

    def at(self, offset: int) -> int:
        """The key's position of the text's offset (its first character at or after it)."""
        return bisect_left(self.origin, offset)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text's offsets of the key's [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def _form_text(text: str) -> _Text | None:
    """The lines from the first long one that names a form on: a long line is continued by the
    next, and so is a line by the next chunk of a document site's numbered chunks."""
    lines = text[:_HEAD].split("\n")
    first = next(
        (n for n, line in enumerate(lines) if len(line) >= _MIN_LENGTH and _names_a_form(line)),
        None,
    )
    if first is None:
        return None
    pieces: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    chunk = _chunk_number(lines[first])
    offset = 0
    for number in range(first, len(lines)):
        line = lines[number]
        if number > first:
            previous = lines[number - 1]
            following = _chunk_number(line)
            if chunk is not None and following == chunk + 1:
                chunk = following
            elif len(previous) < _MIN_LENGTH or not line.strip():
                break
        found = _CHUNK.match(line) if chunk is not None else None
        line = line[found.end() :] if found is not None else line
        starts.append(offset)
        numbers.append(number + 1)
        pieces.append(line)
        offset += len(line)
    return _keyed(_Text("".join(pieces), starts, numbers))


def _chunk_number(line: str) -> int | None:
    found = _CHUNK.match(line)
    return int(found.group(1)) if found is not None else None


def _keyed(text: _Text) -> _Text:
    """Fill the key: spaces, colons, "?" and "*" dropped, and a note in brackets of at most
    eight characters without a digit (主管部门(单位)名称, 全年预算数(A))."""
    source = text.text
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    while position < len(source):
        char = source[position]
        if char in _NOISE:
            position += 1
            continue
        if char in "(（":
            close = _close(source, position)
            if close is not None:
                position = close + 1
                continue
        chars.append(char)
        origin.append(position)
        position += 1
    text.key = "".join(chars)
    text.origin = origin
    return text


def _close(source: str, opening: int) -> int | None:
    for position in range(opening + 1, min(opening + 10, len(source))):
        char = source[position]
        if char in ")）":
            return position if position > opening + 1 else None
        if char.isdigit() or char in "(（\n":
            return None
    return None


def _names_a_form(line: str) -> bool:
    return any(name in line for name in _NAMES) or any(name in squeezed(line) for name in _NAMES)


_NAMES = tuple(label for label, kind in LABELS.items() if kind == NAME)


# detection


def looks_like(text: str) -> bool:
    """A long line naming a form whose header labels are run into their values (项目名称镇域…),
    or one flattened with spaces whose grid has more columns than 三级指标 and one 指标值 (a
    self-evaluation's 实际完成值, 分值, 得分 …): what `flat_text` cannot read."""
    for line in detect.long_lines(text[:_HEAD], _MIN_LENGTH):
        if "|" in line or not _names_a_form(line):
            continue
        form = _keyed(_Text(line, [0], [1]))
        tokens = _header_tokens(form)
        if not any(token.kind == NAME for token in tokens):
            continue
        if not any(token.kind not in (NAME, "long") for token in tokens):
            continue
        if _glued(form, tokens) or _wide(form, tokens):
            return True
    return False


def _glued(form: _Text, tokens: list[_Token]) -> bool:
    """Whether the first naming label runs into its value (no space after it)."""
    name = next(token for token in tokens if token.kind == NAME)
    following = form.text[name.end : name.end + 1]
    return bool(following) and not following.isspace()


def _wide(form: _Text, tokens: list[_Token]) -> bool:
    grid = next((token for token in tokens if token.kind == "grid"), None)
    if grid is None:
        return False
    fields = _fields(_columns(form, grid))
    return bool(fields) and (
        fields.count("target") != 1 or any(f not in ("level2", "name", "target") for f in fields)
    )


# tokens


@dataclass(frozen=True)
class _Token:
    kind: str
    key: str
    start: int  # offsets in the text
    end: int  # after its note in brackets and colon


def _token(form: _Text, kind: str, key: str, start: int, end: int) -> _Token:
    begin, finish = form.span(start, end)
    note = _NOTE.match(form.text, finish)
    finish = note.end() if note is not None else finish
    points = _POINTS.match(form.text, finish) if kind in (*_GOAL_KINDS, SECTION) else None
    finish = points.end() if points is not None else finish
    colon = _COLON.match(form.text, finish)
    finish = colon.end() if colon is not None else finish
    return _Token(kind, key, begin, finish)


def _header_tokens(form: _Text, *, spaced: bool = False) -> list[_Token]:
    words = _header_words()
    return [
        _token(form, words[found.group()], found.group(), found.start(), found.end())
        for found in _matches(form, _header_pattern(), 0, len(form.text), spaced=spaced)
    ]


def _matches(
    form: _Text, pattern: re.Pattern[str], start: int, end: int, *, spaced: bool
) -> Iterable[re.Match[str]]:
    """The pattern's matches in the key between the text's offsets: anywhere in text run
    together, only from a word's start where spaces separate the cells (委托业务项目 主管部门)."""
    first, stop = form.at(start), form.at(end)
    if not spaced:
        yield from _resolved(form, pattern, first, stop)
        return
    after = first
    for word in _WORD_START.finditer(form.text, start, end):
        position = form.at(word.start())
        if position < after:
            continue
        found = pattern.match(form.key, position, stop)
        if found is not None and found.group():
            after = found.end()
            yield found


_WORD_START = re.compile(r"(?<!\S)\S")


def _resolved(
    form: _Text, pattern: re.Pattern[str], first: int, stop: int
) -> Iterable[re.Match[str]]:
    """The leftmost longest matches, except where a field's label begins inside a section's or
    an ignored one's, or another of the same field, and runs past it (其他项目资金用途: 资金用途,
    not 项目资金; 延续项目主管部门名称: 主管部门名称, not 项目主管部门): that one instead."""
    words = _header_words()
    position = first
    while position < stop:
        found = pattern.search(form.key, position, stop)
        if found is None or not found.group():
            return
        kind = words.get(found.group())
        for inner in range(found.start() + 1, found.end()):
            other = pattern.match(form.key, inner, stop)
            if other is None or other.end() <= found.end() or not other.group():
                continue
            if words.get(other.group()) not in _WEAK and (
                kind in _WEAK or kind == words.get(other.group())
            ):
                found = other  # 延续项目主管部门名称: 主管部门名称 after 延续项目
                break
        yield found
        position = found.end()


_WEAK = frozenset({SECTION, IGNORED, "long", None})


def _fields(columns: list[tuple[str, int, int]]) -> list[str]:
    """The grid's fields of its column headers (`cell_grid.column_fields`: a 绩效标准 before
    当年预期实现值 the name column)."""
    keys = [key for key, _, _ in columns]
    fields = column_fields(keys, [GRID_FIELDS[key] for key in keys])
    return [name for name in fields if name is not None]  # every header is a known column


def _columns(form: _Text, grid: _Token) -> list[tuple[str, int, int]]:
    """The grid's column headers right after 一级指标: key and the text's offsets of each."""
    found: list[tuple[str, int, int]] = []
    position = form.at(grid.end)
    pattern = _column_pattern()
    while position < len(form.key):
        match = pattern.match(form.key, position)
        if match is None or not match.group():
            break
        start, end = form.span(match.start(), match.end())
        note = _NOTE.match(form.text, end)
        found.append((match.group(), start, note.end() if note is not None else end))
        position = match.end()
    return found


# reading


@dataclass
class _Reading:
    form: _Text
    source: str
    spaced: bool
    notes: Notes
    cells: list[Cell] = field(default_factory=list)
    forms: list[int] = field(default_factory=list)  # each warning's form
    part: int = 0  # the form being read (0 the first)
    stop: tuple[Cell, int] | None = None  # the cell the text stops in, and its form

    def cell(self, text: str, offset: int) -> None:
        self.cells.append(Cell(text, self.form.line(offset)))

    def warn(self, message: str, text: str, offset: int) -> None:
        self.notes.add(message, Cell(text, self.form.line(offset)))
        self.forms.append(self.part)

    def cut(self, text: str, offset: int) -> None:
        """The text stops within this cell: left out, said where (last of all warnings)."""
        self.stop = (
            Cell(text, self.form.line(offset)),
            self.part,
        )


def read(text: str, source: str) -> TargetDocument:
    form = _form_text(text)
    if form is None:
        raise IngestError(
            source,
            "没有找到整张表压成一行的绩效目标表",
            expected="一行之中写有项目名称及主管部门、实施单位、资金或绩效指标的表格文本",
        )
    spaced = not _glued(form, _header_tokens(form))
    tokens = _header_tokens(form, spaced=spaced)
    reading = _Reading(form, source, spaced=spaced, notes=Notes(source))
    _read_forms(reading, tokens)
    document = read_cells(reading.cells, source, LAYOUT, rows=False)
    names = [project.name for project in document.projects]
    if reading.stop is not None:
        reading.notes.add(_CUT, reading.stop[0])
        reading.forms.append(reading.stop[1])
    mine = [
        warning.model_copy(update={"table": names[min(n, len(names) - 1)] if names else None})
        for warning, n in zip(reading.notes.items, reading.forms, strict=True)
    ]
    cut = mine[-1:] if reading.stop is not None else []
    mine = mine[: len(mine) - len(cut)]
    return document.model_copy(update={"warnings": [*mine, *document.warnings, *cut]})


_CUT = "文件在这一单元格中途结束，其内容可能不完整，未读入；其后的内容缺失，请取得完整的表格后核对"


def _read_forms(reading: _Reading, tokens: list[_Token]) -> None:
    form = reading.form
    first = next(n for n, token in enumerate(tokens) if token.kind == NAME)
    start = _title(reading, tokens[first].start)
    index = next(n for n, token in enumerate(tokens) if token.start >= start)  # 绩效目标表 no label
    pending: list[_Token] = []  # goals side by side, waiting for their texts
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "grid":
            end, resume = _grid_end(form, tokens, index)
            title = _read_grid(reading, tokens, index, end)
            if end < resume:  # a note below the form: it ends the grid, up to the next form
                note = _value(form.text[end:resume])
                if note:
                    reading.cell(note, end)
            index = next((n for n, t in enumerate(tokens) if t.start >= resume), len(tokens))
            if index < len(tokens):
                reading.part += 1
                if title is not None:
                    reading.cell(*title)
            pending.clear()
            continue
        if token.key in UNREAD_TABLES:  # its label read (warned of by name), not its cells
            reading.cell(form.text[token.start : token.end].strip(), token.start)
            index += 1
            while index < len(tokens) and tokens[index].kind in _TABLE_WORDS:
                index += 1  # its columns (2020年实际执行数) and rows: no money block
            pending.clear()
            continue
        if token.kind == "fund" and token.key in LABELS and not _heads_money(form, token):
            token = tokens[index] = replace(token, kind=LABELS[token.key])  # 预算数: 2.38
        if token.kind == "fund":
            index = _read_money(reading, tokens, index)
            pending.clear()
            continue
        following = tokens[index + 1].start if index + 1 < len(tokens) else len(form.text)
        value = _value(form.text[token.end : following])
        index += 1
        if token.kind == "long":
            continue
        if token.kind in _PASSED:
            pending.clear()
            continue
        _doubt_prefix(reading, tokens, index - 1)
        reading.cell(form.text[token.start : token.end].strip(), token.start)
        if token.kind in _GOAL_KINDS:
            pending.append(token)
            if not value and index < len(tokens) and tokens[index].kind in _GOAL_KINDS:
                continue
            if value:
                _goal_texts(reading, pending, value, token.end)
            pending.clear()
            continue
        pending.clear()
        if value and token.kind in MONEY and not any(char.isdigit() for char in value):
            reading.warn(
                f"整张表压成了一行，「{token.key}」之后的「{value}」不是金额，未读入",
                value,
                token.end,
            )
        elif value and index >= len(tokens) and following >= len(form.text):
            reading.cut(value, token.end)  # the text stops within this value
        elif value and token.kind in MONEY:
            for cell in _money_parts(value):
                reading.cell(cell, token.end)
        elif value:
            reading.cell(value, token.end)


def _money_parts(value: str) -> list[str]:
    """A money label's value as cells, the block's further top-level parts run on after its
    amount (…本级财政:0万元)二、自有资金:0万元三、其他:3683.3970万元) each a label and its
    amount: a part where a number (一、 二、, （二）) leads a label naming money (`_money_row`:
    资金, 其他 …) of at most 16 characters and a number follows it."""
    cells: list[str] = []
    position = 0
    label: str | None = None
    for found in _TOP_NUMBER.finditer(value):
        following = _TOP_NUMBER.search(value, found.end())
        end = min(found.end() + 17, following.start() if following is not None else len(value))
        digit = _DIGIT.search(value, found.end(), end)  # the part's amount, before the next part
        if digit is None:
            continue
        written = value[found.start() : digit.start()].strip().rstrip(":：").strip()
        if not _money_row(written):
            continue
        piece = value[position : found.start()].strip()
        cells += [*([label] if label is not None else []), *([piece] if piece else [])]
        label, position = written, digit.start()
    tail = value[position:].strip()
    return [*cells, *([label] if label is not None else []), *([tail] if tail else [])]


_TOP_NUMBER = re.compile(r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]")
_DIGIT = re.compile(r"[0-9]")


def _doubt_prefix(reading: _Reading, tokens: list[_Token], index: int) -> None:
    """Warn where a label run into the value before it may begin a character later: 资金用途
    业务类项目主管部门 is 项目主管部门 after 业务类, or 主管部门 after 业务类项目."""
    token = tokens[index]
    shorter = token.key[2:]
    if reading.spaced or index == 0 or not token.key.startswith("项目"):
        return
    if _header_words().get(shorter) != token.kind or tokens[index - 1].kind in _PASSED:
        return
    before = _value(reading.form.text[tokens[index - 1].end : token.start])
    if before:
        reading.warn(
            f"整张表压成了一行，「{before}项目{shorter}」可以读作「{before}」+「{token.key}」，"
            f"也可以读作「{before}项目」+「{shorter}」，按前者读入，请核对",
            before,
            token.start,
        )


def _value(text: str) -> str:
    return text.replace("\n", "").strip().lstrip(":：").strip()


def _title(reading: _Reading, before: int) -> int:
    """Emit the form's title written just before `before` (…绩效目标表(2021年度)) and return where
    it ends: the page's text before it is no part of the form, and its words no labels."""
    text = reading.form.text[:before]
    found = _last(_TITLE.finditer(text))
    if found is None:
        return before
    head = text[: found.start()]
    start = max(head.rfind(mark) + 1 for mark in (" ", "\u3000", "。", "：", ":", "，", ",", "、"))
    start = max(start, len(head) - 40)
    blank = _last(_DATE_BLANK.finditer(head, max(len(head) - 40, 0)))
    start = max(start, blank.end()) if blank is not None else start
    years = list(_TITLE_START.finditer(head, start))
    if years and any(char.isdigit() for char in head[start : years[-1].start()]):
        start = years[-1].start()  # a date or number before the title's year (6月7日附件1)
    title = _ANNEX.sub("", text[start : found.end()].strip())
    reading.cell(title, start)
    return found.end()


# the goals


def _goal_texts(reading: _Reading, labels: list[_Token], value: str, offset: int) -> None:
    """The texts of goals side by side: a text a label where spaces split the block so (as many
    words, or sentence ends between them), else warned of and left out."""
    kinds = list(dict.fromkeys(_goal_kind(token) for token in labels))
    if len(kinds) == 1:
        reading.cell(value, offset)
        return
    parts = _split_goals(value, len(kinds)) if reading.spaced else None
    if parts is None:
        shown = "」「".join(token.key for token in labels)
        reading.warn(
            f"整张表压成了一行，「{shown}」并排，其后的文字分不出各自的内容，未读入：{value}",
            value,
            offset,
        )
        return
    for part in parts:
        reading.cell(part, offset)


def _goal_kind(token: _Token) -> str:
    return LABELS.get(token.key, GOALS)


def _split_goals(value: str, count: int) -> list[str] | None:
    words = [word for word in value.split() if not set(word) <= _PUNCTUATION]
    if len(words) == count:
        return words
    ends = [n + 1 for n, word in enumerate(words[:-1]) if word.endswith(_SENTENCE_END)]
    if len(ends) != count - 1:
        return None
    bounds = [0, *ends, len(words)]
    return [" ".join(words[a:b]) for a, b in pairwise(bounds)]


# the money block


def _read_money(reading: _Reading, tokens: list[_Token], index: int) -> int:
    """The money block from its first column header: the headers, then each row's label and
    numbers. Returns the index of the token after the block."""
    form = reading.form
    position = form.at(tokens[index].start)
    columns: list[str] = []
    end = tokens[index].start
    pattern = _fund_pattern()
    while position < len(form.key):
        match = pattern.match(form.key, position)
        if match is None:
            break
        token = _token(form, "fund", match.group(), match.start(), match.end())
        if match.group() in LABELS and not _heads_money(form, token):
            break  # 全年预算数全年执行数预算数2.38…: a row's label, not a column
        reading.cell(form.text[token.start : token.end].strip(), token.start)
        columns.append(FUND_FIELDS[match.group()])
        end = token.end
        position = form.at(token.end)
    index = next((n for n, t in enumerate(tokens) if t.start >= end), len(tokens))
    text = form.text
    while end < len(text):
        numbers = end
        while numbers < len(text) and not _starts_number(text, numbers):
            numbers += 1
        label_end = numbers
        # the labels within the text before the numbers: money rows, or the end of the block
        while index < len(tokens) and tokens[index].start < label_end:
            token = tokens[index]
            if token.kind == LEVEL:  # 县级资金 within 中央、省、市补助县级资金: no row of its own
                index += 1
                continue
            piece = _value(text[end : token.start])
            if piece and _money_row(piece):
                reading.cell(piece, end)  # a row without numbers (上年结转资金)
                end = token.start
            elif piece and token.kind not in MONEY:
                return index
            if token.kind not in MONEY:
                return index
            index += 1  # a piece that is no row of its own leads the label: 其中:本年财政拨款
        label = _value(text[end:label_end])
        if not label or not _money_row(label):
            return index
        stop = label_end
        while stop < len(text) and (text[stop] in _MONEY_DIGITS or text[stop].isspace()):
            stop += 1
        reading.cell(label, end)
        for number in _money_numbers(reading, text[label_end:stop], columns, label, label_end):
            reading.cell(number, label_end)
        end = stop
        index = next((n for n in range(index, len(tokens)) if tokens[n].start >= end), len(tokens))
    return index


def _heads_money(form: _Text, token: _Token) -> bool:
    """Whether another money column follows the token (预算数(A)执行数(B)…): a header label that
    is also a column heads the money block, or is one of its columns, only so."""
    found = _fund_pattern().match(form.key, form.at(token.end))
    return found is not None and bool(found.group())


def _starts_number(text: str, position: int) -> bool:
    """A digit that starts a row's numbers, not a row label's number (其中:1.中央资金)."""
    if not text[position].isdigit():
        return False
    after = position
    while after < len(text) and text[after].isdigit():
        after += 1
    return not (after - position <= 2 and text[after : after + 1] in ("、", "．"))


def _money_row(label: str) -> bool:
    return labels_money(Cell(label, 0)) or "其他" in label or "其它" in label


def _money_numbers(
    reading: _Reading, written: str, columns: list[str], label: str, offset: int
) -> list[str]:
    """A row's numbers: split at spaces, or where they run together, the one split whose rate
    is the executed share of the budget."""
    written = written.strip().rstrip(",，")
    if not written:
        return []
    words = written.split()
    if reading.spaced or len(words) > 1 or len(columns) < 2 or len(written) == 1:
        return words  # spaces separate the cells, or there is one column, or one digit
    splits = list(_fund_splits(written, columns))
    if len(splits) == 1:
        return splits[0]
    reading.warn(
        f"整张表压成了一行，「{label}」一行的数字「{written}」连在一起，分不清各列的数，未读入",
        written,
        offset,
    )
    return []


def _fund_splits(written: str, columns: list[str]) -> Iterable[list[str]]:
    """The splits of the digits into as many numbers as columns (or fewer), each a number as
    written (no leading zero, % only in a rate column), whose rate is the executed share of the
    budget (rounded as written; 0% only where nothing was executed)."""
    if len(written) > 24 or len(columns) > 4:
        return
    for count in range(2, len(columns) + 1):
        for cuts in combinations(range(1, len(written)), count - 1):
            bounds = [0, *cuts, len(written)]
            parts = [written[a:b] for a, b in pairwise(bounds)]
            if _consistent(parts, columns[:count]):
                yield parts


def _consistent(parts: list[str], columns: list[str]) -> bool:
    for part, column in zip(parts, columns, strict=True):
        if not _FUND_NUMBER.fullmatch(part) or (part.endswith("%") != (column == "rate")):
            return False
    values = {
        column: Decimal(part.rstrip("%")) for part, column in zip(parts, columns, strict=True)
    }
    budget = values.get("full_year_budget", values.get("initial_budget"))
    if budget is None or "executed" not in values or "rate" not in values:
        return False  # nothing to check the split by
    rate = values["rate"]
    if (rate == 0) != (values["executed"] == 0):
        return False  # 0% is nothing executed
    if rate == 0 and values.get("score", 0) > 0:
        return False  # the score is earned by the rate (得分 = 20分 × 执行率)
    if budget == 0:
        return rate == 0
    written = parts[columns.index("rate")].rstrip("%")
    decimals = len(written.split(".")[1]) if "." in written else 0
    share = values["executed"] / budget * 100
    return abs(share - rate) <= Decimal(5) / Decimal(10) ** (decimals + 1)


# the grid


def _grid_end(form: _Text, tokens: list[_Token], index: int) -> tuple[int, int]:
    """Where the grid at tokens[index] ends — at a note below the form (注:, 填报人) or at the next
    form's 项目名称 (or 一级项目名称 …), else at the end of the text — and where the next form
    starts."""
    start = tokens[index].end
    following = len(form.text)
    for number in range(index + 1, len(tokens)):
        token = tokens[number]
        if token.kind == NAME or token.key.endswith("项目名称"):
            following = token.start
            break
        if token.kind == "grid" and _repeats(form, tokens, index, number) is not None:
            continue  # the grid's header written again: the grid goes on
        if token.kind == "grid":  # another grid of the form (长期 | 年度), its title with it
            before = tokens[number - 1]
            titled = (
                before.kind in ("long", SECTION) and not form.text[before.end : token.start].strip()
            )
            following = before.start if titled and number - 1 > index else token.start
            break
    note = _FORM_END.search(form.text, start, following)
    return (note.start() if note is not None else following), following


def _repeats(form: _Text, tokens: list[_Token], index: int, number: int) -> tuple[int, int] | None:
    """Where the grid at tokens[number] writes the header of the grid at tokens[index] again,
    the same columns — the grid of the form's next goal (年度绩效目标2(40分)一级指标…), or its
    header at a page break —: its heading's start and its column titles' end. None for another
    grid (长期 | 年度, other columns)."""
    again, before = tokens[number], tokens[number - 1]
    if before.kind == "long" or (index > 0 and tokens[index - 1].kind == "long"):
        return None
    columns = _columns(form, again)
    fields = _fields(columns)
    if not columns or fields != _fields(_columns(form, tokens[index])):
        return None
    heading = before.kind in (*_GOAL_KINDS, SECTION) and number - 1 > index
    heading = heading and not form.text[before.end : again.start].strip()
    return (before.start if heading else again.start), columns[-1][2]


def _read_grid(
    reading: _Reading, tokens: list[_Token], index: int, end: int
) -> tuple[str, int] | None:
    """Emit the grid's cells; return the next form's title found at its end (text, offset)."""
    form = reading.form
    grid = tokens[index]
    previous = tokens[index - 1] if index > 0 else None
    columns = _columns(form, grid)
    fields = _fields(columns)
    after = fields[fields.index("name") + 1 :] if "name" in fields else fields[2:]
    body = columns[-1][2] if columns else grid.end
    long_term = previous is not None and previous.kind == "long"
    if previous is not None and long_term:
        reading.warn(
            "长期（中期）绩效指标表未读入（系统只保存年度指标）",
            form.text[previous.start : previous.end],
            previous.start,
        )
    else:
        reading.cell(form.text[grid.start : grid.end].strip(), grid.start)
        for _, start, stop in columns:
            reading.cell(form.text[start:stop].strip(), start)
    grid_reader = _Grid(reading, after, end, emit=not long_term)
    for number in range(index + 1, len(tokens)):
        if tokens[number].start >= end:
            break
        again = _repeats(form, tokens, index, number) if tokens[number].kind == "grid" else None
        if again is not None:
            grid_reader.restarts[tokens[number].start] = again
    return grid_reader.read(body)


@dataclass
class _Grid:
    reading: _Reading
    after: list[str]  # the fields after 三级指标
    end: int
    emit: bool
    level1: str | None = None
    ended: bool = False
    restarts: dict[int, tuple[int, int]] = field(default_factory=dict)
    """The header written again within the grid, by its 一级指标's offset: the text from its
    heading to its column titles' end, passed over (`_repeats`)."""
    constant: str | None = None  # the text column's cell in every row (`_constant`)

    @property
    def scores(self) -> int:
        """The number columns after the value columns (分值, 得分): a row's values may end with as
        many bare numbers (100%100%10: 年初目标值, 实际完成值, 得分)."""
        fields = self.after
        while fields and fields[-1] not in _NUMBER_FIELDS:
            fields = fields[:-1]
        count = 0
        while count < len(fields) and fields[len(fields) - 1 - count] in _NUMBER_FIELDS:
            count += 1
        return count if count < len(fields) else 0

    @property
    def values(self) -> int:
        """The value columns: 指标值 and 完成值 (the texts after them are notes and causes)."""
        return sum(1 for name in self.after if name in ("target", "actual")) or 1

    def read(self, start: int) -> tuple[str, int] | None:
        """Emit the rows and categories from `start` to the grid's end; return the next form's
        title written after the last row (text and offset), if any."""
        form = self.reading.form
        stop = form.at(self.end)
        segment = start
        spaced = self.reading.spaced
        self.constant = None if spaced else self._constant(start)
        for match in _matches(form, _body_pattern(), start, self.end, spaced=spaced):
            begin, finish = form.span(match.start(), match.end())
            word = match.group()
            if word == GRID_START and begin in self.restarts:
                begin, finish = self.restarts[begin]  # its heading and column titles too
            if not self._rows(segment, begin):
                return None
            note = _NOTE.match(form.text, finish)
            segment = max(segment, note.end() if note is not None else finish)
            if word in (GRID_START, "绩效指标"):
                continue  # the grid's own labels written again at a page break
            self.category(form.text[begin:segment].strip(), begin)
            two = _level2_pattern(word) if category(word, None) == "level1" else None
            after = two.match(form.key, form.at(segment), stop) if two is not None else None
            if after is not None and after.group() and not after.group().endswith("指标"):
                begin, segment = form.span(after.start(), after.end())
                self.category(form.text[begin:segment].strip(), begin)
        tail = form.text[segment : self.end]
        title = _trailing_title(tail) if self.end < len(form.text) else None
        self._rows(segment, segment + title if title is not None else self.end)
        return (tail[title:].strip(), segment + title) if title is not None else None

    def _constant(self, start: int) -> str | None:
        """The text the grid's text column (未完成原因及改进措施, 备注 …, right after its values)
        writes in every row, where each category's text ends with the same words after its
        last number (…5个达成预期指标 | 产出质量 … 63达成预期指标 | 效益指标): that cell is then
        told from the next row's name by them. None where the texts differ, or the grid has
        no such column."""
        if self._text_column() is None:
            return None
        form = self.reading.form
        bounds = [
            form.span(match.start(), match.end())
            for match in _matches(form, _body_pattern(), start, self.end, spaced=False)
        ]
        tails = set()
        for (_, finish), (begin, _) in pairwise([(start, start), *bounds]):
            key = squeezed(form.text[finish:begin])
            if not key:
                continue
            runs = _runs(key)
            tails.add(key[runs[-1][-1].end() :] if runs else key)
        if len(tails) != 1 or len(bounds) < 2:
            return None
        tail = tails.pop()
        return tail if len(tail) >= 3 and not any(char.isdigit() for char in tail) else None

    def _text_column(self) -> int | None:
        """The position in `after` of a text column right after the value columns."""
        values = 0
        while values < len(self.after) and self.after[values] in _VALUE_FIELDS:
            values += 1
        if 0 < values < len(self.after) and self.after[values] in _TEXT_FIELDS:
            return values
        return None

    def _constant_rows(self, text: str, offset: int, *, at_end: bool) -> bool:
        """The rows of a category's text whose text column writes `constant` in every row: the
        text cut at it, each part a row — a 二级 wording at its start (产出质量 …) its category,
        the number run ending it its values (95%, 100%1000件, 63)."""
        constant = self.constant or ""
        column = self._text_column() or 0
        parts = squeezed(text).split(constant)
        for number, written in enumerate(parts):
            closed = number < len(parts) - 1  # the constant cell follows
            part = written
            two = _level2_pattern(self.level1) if self.level1 else None
            found = two.match(part) if two is not None else None
            if found is not None and 4 <= len(found.group()) < len(part):
                self.category(found.group(), offset)
                part = part[found.end() :]
            if not part:
                continue
            if _ends_grid(part):
                self._end(part, offset)
                return False
            runs = _runs(part)
            run = runs[-1] if runs and runs[-1][-1].end() == len(part) else None
            if run is None or run[0].start() == 0 or part[run[0].start() - 1] in _NAME_GLUE:
                if not closed and at_end:
                    self._emit(part, [], offset, cut=True)
                    continue
                self.warn(
                    f"整张表压成了一行，「{part}」分不清指标名称和指标值，整段作为指标名称读入",
                    part,
                    offset,
                )
                values: list[str] = []
                name = part
            else:
                name, values = part[: run[0].start()], [found.group() for found in run]
            if len(values) > column:
                self._row(name, values, offset, cut=False)  # warned of: more than the columns
                continue
            if closed:
                values = [*values, *[""] * (column - len(values)), constant]
            self._emit(name, values, offset, cut=at_end and not closed)
        return True

    def category(self, text: str, offset: int) -> None:
        text = squeezed(text)  # 产 出 指 标: spaces a line break left
        if category(Cell(text, 0).key, self.level1) == "level1":
            self.level1 = text
        if self.emit:
            self.reading.cell(text, offset)

    def _rows(self, start: int, end: int) -> bool:
        """Emit the rows of the text between two categories; False once the grid has ended."""
        if self.ended:
            return False
        text = self.reading.form.text[start:end]
        if not text.strip():
            return True
        at_end = end >= len(self.reading.form.text)
        if self.constant is not None:
            return self._constant_rows(text, start, at_end=at_end)
        if self.reading.spaced:
            rows, rest = _spaced_rows(text), ""
        else:
            rows, rest = _glued_rows(text, self.scores)
        for number, (name, values) in enumerate(rows):
            if _ends_grid(name):
                self._end(" ".join([name, *values]), start)
                return False
            last = at_end and number == len(rows) - 1 and not rest
            self._row(name, values, start, cut=last)
        if rest:
            if _ends_grid(rest):
                self._end(rest, start)
                return False
            self._rest(rest, rows, start, cut=at_end)
        return True

    def _end(self, text: str, offset: int) -> None:
        self.ended = True
        if text.startswith((*GRID_END, *TRAILERS)):
            for cell in _results(text) if self.emit else []:
                self.reading.cell(cell, offset)  # 合计, 总分, 评价结论 … as the form writes them
        else:
            self.warn(f"绩效指标表之后的文字未读入：{text}", text, offset)

    def warn(self, message: str, text: str, offset: int) -> None:
        if self.emit:  # a grid passed over is warned of once, not row by row
            self.reading.warn(message, text, offset)

    def _row(self, name: str, values: list[str], offset: int, *, cut: bool) -> None:
        if len(values) > len(self.after):
            self.warn(
                f"整张表压成了一行，指标「{name}」之后的「{' '.join(values)}」比表头的列多，"
                "分不清各列的内容，只读入了指标名称",
                name,
                offset,
            )
            values = []
        self._emit(name, values, offset, cut=cut)

    def _rest(
        self, text: str, rows: list[tuple[str, list[str]]], offset: int, *, cut: bool
    ) -> None:
        """Text after a category's last values (or with none): a qualitative value in a grid of
        one value column, else a row whose name and values could not be told apart."""
        if cut:
            self._emit(text, [], offset, cut=True)  # the file stops here: a cut row
            return
        if self.values == 1:
            word = next((w for w in _QUALITATIVE if text.endswith(w) and len(text) > len(w)), None)
            if word is not None:
                self._emit(text[: -len(word)], [word], offset, cut=False)
                return
        if rows and len(rows[-1][1]) < self.values:
            self.warn(
                f"整张表压成了一行，指标「{rows[-1][0]}」之后的「{text}」分不清是完成值、"
                "偏差原因还是下一个指标，未读入",
                text,
                offset,
            )
            return
        self.warn(
            f"整张表压成了一行，「{text}」分不清指标名称和指标值，整段作为指标名称读入",
            text,
            offset,
        )
        self._emit(text, [], offset, cut=False)

    def _emit(self, name: str, values: list[str], offset: int, *, cut: bool) -> None:
        if not self.emit:
            return
        if cut:  # the text stops within the row's last cell
            if not values:
                self.reading.cut(name, offset)
                return
            self.reading.cut(values[-1], offset)
            values = values[:-1]
        self.reading.cell(name, offset)
        for value in values:
            self.reading.cell(value, offset)
        if not cut:
            for _ in range(len(self.after) - len(values)):
                self.reading.cell("", offset)


def _results(text: str) -> list[str]:
    """The text below the grid as its cells, where it runs together (总分99.6偏差大或目标未完成
    原因分析改进措施及结果应用方案): the self-evaluation's labels (`EVALUATION_LABELS`) — at
    its start, or of four characters or more anywhere (结论, 等级 are words of a value too) —
    and the text up to the next one."""
    cells: list[str] = []
    position = 0
    for found in _results_pattern().finditer(text):
        if found.start() > 0 and len(found.group()) < 4:
            continue
        if found.start() > position:
            cells.append(text[position : found.start()].strip())
        cells.append(found.group())
        position = found.end()
    if position < len(text):
        cells.append(text[position:].strip())
    return [cell for cell in cells if cell] or [text]


@cache
def _results_pattern() -> re.Pattern[str]:
    return re.compile(_trie(EVALUATION_LABELS))


def _ends_grid(text: str) -> bool:
    return squeezed(text[:12]).startswith(_GRID_ENDS)


def _trailing_title(tail: str) -> int | None:
    """Where the next form's title starts in the text after a grid's last row."""
    found = _last(_TITLE.finditer(tail))
    if found is None or tail[found.end() :].strip():
        return None
    value = _last(_VALUE.finditer(tail, 0, found.start()))
    return value.end() if value is not None else 0


def _last(matches: Iterable[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:  # noqa: B007 - the last one is wanted
        pass
    return found


def _spaced_rows(text: str) -> list[tuple[str, list[str]]]:
    """Rows of words: a name, then its words up to the end of a run of numbers (the next word a
    text again is the next row's name)."""
    rows: list[tuple[str, list[str]]] = []
    words = [word for word in text.split() if not set(word) <= _PUNCTUATION]
    name: str | None = None
    values: list[str] = []
    numeric = False
    for word in words:
        is_number = _WORD_VALUE.fullmatch(word) is not None
        if name is None:
            name = word
        elif is_number:
            values.append(word)
        elif numeric:
            rows.append((name, values))
            name, values = word, []
        else:
            values.append(word)
        numeric = is_number and name is not None and bool(values)
    if name is not None:
        rows.append((name, values))
    return rows


def _glued_rows(text: str, scores: int = 0) -> tuple[list[tuple[str, list[str]]], str]:
    """Rows of text run together: each name is followed by a run of values (an operator and/or
    a number with a unit or %, "100%100%" two of them, then up to `scores` bare numbers where
    the grid has 分值 or 得分 columns after its values); a number glued inside a name (at its
    start, after 、) is no value. Returns the rows and the text after the last values."""
    key = squeezed(text)
    rows: list[tuple[str, list[str]]] = []
    position = 0
    runs = _runs(key)
    for run in runs:
        begin, end = run[0].start(), run[-1].end()
        if begin == position or key[begin - 1] in _NAME_GLUE:
            continue  # a number within the name
        if not _is_values(run, at_end=end == len(key), scores=scores):
            continue
        rows.append((key[position:begin], [found.group() for found in run]))
        position = end
    return rows, key[position:]


def _runs(key: str) -> list[list[re.Match[str]]]:
    runs: list[list[re.Match[str]]] = []
    for found in _VALUE.finditer(key):
        if runs and runs[-1][-1].end() == found.start():
            runs[-1].append(found)
        else:
            runs.append([found])
    return runs


def _is_values(run: list[re.Match[str]], *, at_end: bool, scores: int = 0) -> bool:
    """Whether a run of numbers is a row's values: each with an operator or unit, or bare where
    it cannot be read otherwise (a single digit beside others: 00), or one bare number ending
    the text; after them up to `scores` bare numbers (a row's 分值 and 得分)."""
    if len(run) == 1 and not (run[0].group("op") or run[0].group("unit")):
        return at_end
    bare = 0
    while bare < min(scores, len(run) - 1) and not (
        run[-1 - bare].group("op") or run[-1 - bare].group("unit")
    ):
        bare += 1
    run = run[: len(run) - bare]
    return all(
        found.group("op")
        or (found.group("unit") and found.group("unit") not in _DATE_UNITS)
        or len(found.group("number")) == 1
        for found in run
    )


_DATE_UNITS = frozenset({"年", "月", "个月"})
"""Units a value has only after an operator (≥2年): 2023年 in a name is a date."""
_NUMBER_FIELDS = frozenset({"weight", "score"})
_VALUE_FIELDS = frozenset({"target", "actual", "weight", "score"})
_TEXT_FIELDS = frozenset({"deviation", "note", "cause", "remedy"})
"""The grid's columns of numbers after the values (分值, 得分), of values, and of text after them
(未完成原因及改进措施, 备注 …)."""
