"""Layout `flat-department`: Hubei's 部门整体支出绩效目标申报表 (附件2) printed to PDF and extracted
as one flattened line (007, 060): ``附件 2: 部门整体支出绩效目标申报表 填报日期:2021 年 1 月 28 日
部门(单位) 名称 填报人 广水市人民政府办公室 南春锋 财政拨款 收入构成 …``.

The PDF's cells come out interleaved: a row of labels, then its values; a tall cell's label
placed mid-way through its text (``…为市 部门职能概述 政府决策提供参谋服务。``); page markers
(``— 1 —``); a money block's numbers out of their columns and broken by spaces (``968.191 8``).
So the text is read by the form's own labels (found as whole words, their characters perhaps
spaced) and only where their order leaves no doubt:

- the department's name is the first organisation-like value after the 部门(单位)名称 label (the
  填报人 and 联系电话 beside it and their values passed over), cross-checked with the title or
  file-name line above the form (广水市教育局2023年整体绩效目标申报.pdf); the year comes only from
  such a title (the 填报日期 is no budget year), else it is None with a warning;
- the money block (部门总体资金情况) is read only when each row label is followed by its own
  numbers in the form's row order (财政拨款, 其他资金, 合计, then 基本支出, 项目支出, 合计), the
  current year's amount its first column, 财政拨款 + 其他资金 = 合计, and its unit written
  (单位:万元); otherwise no amount is read and one warning says the numbers are out of order;
- the text after the money block up to the next table's first row (年度主要任务 / 任务名称, or
  the indicator grid's 一级指标) is the cell whose label stands in it or above it: 部门职能概述
  (`duties`, its numbered items （一）（二）… a line each, the label and page markers taken out,
  the words broken across the PDF's lines joined) — the text stopping mid-item is kept as far as
  it goes, with a last warning naming the item where it stops;
- 年度总体目标 (`overall_goal`) is read only where its label follows the previous table's last
  amount (so none of its text can stand before the label); two free-text cells in one stretch
  of text, whose boundary the flattening hid, are both warned of, not read;
- the 年度主要任务 table and the indicator grid (一级指标 二级指标 三级指标 指标值, their tall
  category cells interleaved between the rows) are warned of by name, not read.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from jixiao.core.model import Budget, Department, ReadWarning, TargetDocument
from jixiao.ingest.errors import IngestError

LAYOUT = "flat-department"

_HEAD = 200_000
_TITLE = "整体支出绩效目标申报表"

# kinds of label
NAMING, HEADER, GROUP, COLUMN, ROW, UNIT, DATE, YEAR, DUTIES, TASKS, GOAL, GRID = (
    "naming", "header", "group", "column", "row", "unit", "date", "year", "duties", "tasks",
    "goal", "grid",
)  # fmt: skip
_LABELS = {
    NAMING: ("部门(单位)名称", "部门（单位）名称", "部门名称", "单位名称"),
    HEADER: ("填报人", "填表人", "联系电话", "填报日期", "填表日期"),
    GROUP: ("部门总体资金情况", "总体资金情况", "部门总体", "资金情况", "收入构成", "支出构成"),
    COLUMN: ("当年金额", "近两年收支金额", "占比"),
    ROW: ("财政拨款", "其他资金", "合计", "基本支出", "项目支出"),
    DUTIES: ("部门职能职责概述", "部门职能概述", "部门职能职责", "职能职责概述", "职能职责"),
    TASKS: ("年度主要任务", "任务名称", "主要内容", "预算金额", "总额"),
    GOAL: ("年度总体目标", "年度绩效总目标", "年度总体绩效目标"),
    GRID: ("年度绩效目标", "年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"),
}
_KIND = {re.sub(r"[()（）]", "", word): kind for kind, words in _LABELS.items() for word in words}
_WORD_KINDS = ("text", "number", "percent")
_TASK_HEADS = ("年度主要任务", "任务名称")
_GRID_HEADS = ("年度绩效目标", "年度绩效指标", "一级指标")
_PART_NAMES = {
    DUTIES: "部门职能概述",
    TASKS: "年度主要任务",
    GOAL: "年度总体目标",
    GRID: "年度绩效目标",
}
_INCOME = ["财政拨款", "其他资金", "合计"]
_SPENDING = ["基本支出", "项目支出", "合计"]

_GAP = r"[ \t\u3000\xa0]*"


def _spaced(word: str) -> str:
    """The word as a pattern, spaces allowed between its characters, either kind of bracket."""
    parts = []
    for char in word:
        if char in "(（":
            parts.append("[(（]")
        elif char in ")）":
            parts.append("[)）]")
        else:
            parts.append(re.escape(char))
    return _GAP.join(parts)


_WORDS = sorted({w for words in _LABELS.values() for w in words}, key=len, reverse=True)
_TOKEN = re.compile(
    r"(?<![^\s:：])(?:"
    rf"(?P<date>\d{{4}}{_GAP}年{_GAP}\d{{1,2}}{_GAP}月{_GAP}\d{{1,2}}{_GAP}日"
    rf"|(?<=[:：])年{_GAP}月{_GAP}日)"
    rf"|(?P<unit>单{_GAP}位{_GAP}[:：]{_GAP}(?P<money>万元|元))"
    rf"|(?P<year>(?:20\d\d{_GAP})?年)(?!\S)"
    rf"|(?P<label>{'|'.join(_spaced(word) for word in _WORDS)})(?=\s|[:：]|$)"
    r")[:：]?",
)
"""The form's words where they stand as words: a date (填报日期's), the money unit, a year
column's head (2021 年, or 年 left blank), a label (its characters perhaps spaced)."""
_DATE_AFTER_COLON = re.compile(rf"[:：]{_GAP}\d{{4}}{_GAP}年")
_PAGE = re.compile(r"(?<!\S)[—–－-]{1,2}[ \t\u3000\xa0]*\d{1,3}[ \t\u3000\xa0]*[—–－-]{1,2}(?!\S)")
"""A page marker the PDF printed: — 1 —, - 2 -."""
_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_PERCENT = re.compile(r"^\d+(?:\.\d+)?[%％]$")
_BROKEN = re.compile(r"(?<!\S)\d+\.\d+[ \t]\d{1,3}(?!\S)")
"""A number the PDF broke by a space (968.191 8)."""
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PROSE_MARKS = "。，,、；;：:！？"
_CN_DIGITS = "一二三四五六七八九十"
_ITEM = re.compile(rf"[(（](?P<number>[{_CN_DIGITS}]{{1,3}})[)）]")
_ITEM_START = re.compile(rf"^[(（][{_CN_DIGITS}]{{1,3}}[)）]")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026"
_JOIN = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_ENDS = '。！？!?；;…」』”"）)】》'
"""Characters a finished text ends with; any other last character is a sentence cut off."""
_TITLE_NAME = re.compile(
    r"^(?P<name>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:20\d\d\s*年度?)?\s*"
    r"(?:部门整体|整体支出|整体绩效|部门预算|部门绩效|绩效目标)"
)
_ANNEX = re.compile(r"^\s*附\s*件\s*\d*\s*[:：]?\s*")
_TITLE_YEAR = re.compile(r"(20\d\d)\s*年")
_ORGANISATION_ENDS = "局委办院部厅会心站所室处队馆校园府社团署司镇乡道"
"""Last characters of a body's name (教育局, 人民政府, 服务中心, 街道办事处 …)."""


def looks_like(text: str) -> bool:
    """The Hubei form's title, and on its line or the next its naming label with its money or
    duties label: the form flattened into a line. Substring checks first; then one squeeze of
    that line's head (labels whose characters the PDF spaced)."""
    head = text[:_HEAD]
    at = head.find(_TITLE)
    if at < 0 or "名称" not in head:
        return False
    start = head.rfind("\n", 0, at) + 1
    for line in head[start:].split("\n", 2)[:2]:
        if "名称" in line:
            squeezed = re.sub(r"\s", "", line[:20_000])
            return "资金情况" in squeezed or "职能" in squeezed
    return False


@dataclass
class _Token:
    kind: str
    """A label's kind, or "number", "percent", "text"."""
    text: str
    """The label without spaces and brackets' contents' spaces (部门(单位)名称), or the word."""
    start: int
    end: int


@dataclass
class _Reading:
    source: str
    stream: str
    newlines: list[int]
    warnings: list[ReadWarning] = field(default_factory=list)

    def line(self, position: int) -> int:
        return bisect_left(self.newlines, position) + 1

    def warn(self, message: str, position: int | None, cell: str | None = None) -> None:
        line = self.line(position) if position is not None else None
        self.warnings.append(ReadWarning(message=message, line=line, cell=cell))


def read(text: str, source: str) -> TargetDocument:
    at = text.find(_TITLE)
    line_start = text.rfind("\n", 0, at) + 1
    stream = _PAGE.sub(lambda m: " " * len(m.group()), text)
    reading = _Reading(source, stream, [m.start() for m in re.finditer("\n", stream)])
    tokens = _tokens(stream, line_start)
    titles = _titles(text[:line_start], stream, line_start, tokens)
    name = _department_name(reading, tokens, titles)
    year = _year(reading, titles, tokens)
    prose = _prose_start(tokens, name)
    money_start = next(
        (i for i, t in enumerate(tokens[:prose]) if t.kind in (GROUP, COLUMN, ROW, UNIT)), None
    )
    budget, unit = (None, None)
    if money_start is not None:
        budget, unit = _money(reading, tokens[money_start:prose])
    seen = _parts(reading, tokens, prose)
    warnings = reading.warnings
    return TargetDocument(
        source=source,
        year=year,
        layout=LAYOUT,
        department=Department(
            name=name,
            budget=budget,
            money_unit=unit,
            duties=seen.get(DUTIES),
            overall_goal=seen.get(GOAL),
        ),
        warnings=[warning.model_copy(update={"table": name}) for warning in warnings],
    )


def _tokens(stream: str, start: int) -> list[_Token]:
    """The form's words from its title's line on: labels, dates, units, year heads, and between
    them the words the spaces separate (numbers, percentages, text)."""
    tokens: list[_Token] = []
    position = start
    for match in _TOKEN.finditer(stream, start):
        tokens.extend(_words(stream, position, match.start()))
        if match.group("date") is not None:
            kind = DATE
        elif match.group("unit") is not None:
            kind = UNIT
        elif match.group("year") is not None:
            kind = YEAR
        else:
            kind = _KIND[re.sub(r"[\s()（）]", "", match.group("label"))]
        word = match.group("money") if kind == UNIT else re.sub(r"\s", "", match.group())
        tokens.append(_Token(kind, word.rstrip(":："), match.start(), match.end()))
        position = match.end()
    tokens.extend(_words(stream, position, len(stream)))
    return tokens


def _words(stream: str, start: int, end: int) -> list[_Token]:
    found = []
    for match in re.finditer(r"\S+", stream[start:end]):
        word = match.group()
        if _NUMBER.match(word):
            kind = "number"
        elif _PERCENT.match(word):
            kind = "percent"
        else:
            kind = "text"
        found.append(_Token(kind, word, start + match.start(), start + match.end()))
    return found


@dataclass
class _Title:
    text: str
    position: int


def _titles(preamble: str, stream: str, line_start: int, tokens: list[_Token]) -> list[_Title]:
    """The title lines above the form (a file-name line: 广水市教育局2023年整体绩效目标申报.pdf)
    and the form's own title, up to its 填报日期 or first label."""
    found = []
    offset = 0
    for line in preamble.split("\n"):
        text = line.strip()
        if text and "绩效" in text and len(text) <= 80 and _HAN.search(text):
            found.append(_Title(text, offset))
        offset += len(line) + 1
    first = next((t.start for t in tokens if t.kind not in ("text", "number", YEAR)), None)
    own = stream[line_start : first if first is not None else len(stream)]
    own = _ANNEX.sub("", own).strip()
    if own:
        found.append(_Title(own, line_start))
    return found


def _title_name(title: str) -> str | None:
    """The department a title names before its year or 整体支出 (××局2023年整体绩效目标…)."""
    match = _TITLE_NAME.match(_ANNEX.sub("", title))
    if match is None:
        return None
    name = match["name"]
    return name if _organisation(name) else None


def _organisation(word: str) -> bool:
    return (
        3 <= len(word) <= 40
        and word[-1] in _ORGANISATION_ENDS
        and re.fullmatch(r"[\u4e00-\u9fff（）()]+", word) is not None
        and not word.startswith(("关于", "部门"))
    )


def _department_name(reading: _Reading, tokens: list[_Token], titles: list[_Title]) -> str | None:
    from_title = next(filter(None, (_title_name(title.text) for title in titles)), None)
    label = next((i for i, t in enumerate(tokens) if t.kind == NAMING), None)
    value: str | None = None
    if label is not None:
        for index in range(label + 1, len(tokens)):
            token = tokens[index]
            if token.kind in (DUTIES, TASKS, GOAL, GRID) or _is_prose(token):
                break
            if token.kind != "text":
                continue
            word = _joined_name(tokens, index, from_title)
            if _organisation(word):
                value = word
                break
    recognised = [t.text for t in tokens if t.kind not in ("text", "number", "percent")][:6]
    if value is None and from_title is None:
        raise IngestError(
            reading.source,
            "文中是部门整体支出绩效目标申报表（认出了「"
            + "」「".join(dict.fromkeys(recognised))
            + "」等栏目），但「部门(单位)名称」栏后没有部门或单位的名称，标题中也没有写明",
            line=reading.line(tokens[label].start) if label is not None else None,
            expected="「部门(单位)名称」栏后的部门或单位名称（如“××市教育局”）",
            hint="请核对原表的部门(单位)名称栏，或取得原始的 PDF、Word 文件导入。",
        )
    if value is None:
        reading.warn(
            f"「部门(单位)名称」栏后没有读到名称，部门名称取自标题「{from_title}」；请导入后核对",
            tokens[label].start if label is not None else None,
            "部门(单位)名称",
        )
        return from_title
    if from_title is not None and from_title != value:
        reading.warn(
            f"「部门(单位)名称」栏写的是「{value}」，标题写的是「{from_title}」，"
            "两者不一致；读入了表中所写的名称，请导入后核对",
            tokens[label].start if label is not None else None,
            "部门(单位)名称",
        )
    return value


def _joined_name(tokens: list[_Token], index: int, from_title: str | None) -> str:
    """The word, or the words from it on that together are the title's name (a name the PDF
    broke over two lines: 广水市人民政府 办公室)."""
    word = tokens[index].text
    if from_title is None or word == from_title or not from_title.startswith(word):
        return word
    joined = word
    for token in tokens[index + 1 : index + 4]:
        if token.kind != "text":
            break
        joined += token.text
        if joined == from_title:
            return joined
        if not from_title.startswith(joined):
            break
    return word


def _year(reading: _Reading, titles: list[_Title], tokens: list[_Token]) -> int | None:
    years = []
    for title in titles:
        found = _TITLE_YEAR.search(title.text)
        if found:
            years.append(int(found.group(1)))
    if years:
        if len(set(years)) > 1:
            reading.warn(
                "标题写的年度不一致（"
                + "、".join(f"{y}年" for y in dict.fromkeys(years))
                + f"），读作{years[0]}年；请导入后核对",
                titles[0].position,
            )
        return years[0]
    filed = next((t for t in tokens if t.kind == DATE), None)
    told = f"（表中只有填报日期「{filed.text}」，填报日期不是预算年度）" if filed else ""
    reading.warn(
        f"文中的标题没有写明预算年度{told}；导入时请选择年度（命令行导入用 --year 指定）",
        filed.start if filed else None,
    )
    return None


def _is_prose(token: _Token) -> bool:
    """A word of a free-text cell: five Chinese characters or more, a sentence's punctuation,
    or an item's number (（一）负责…); a name, a person or a phone number is none."""
    if token.kind != "text":
        return False
    word = token.text
    if _ITEM_START.match(word):
        return True
    if any(mark in word for mark in _PROSE_MARKS) and _HAN.search(word):
        return True
    return len(_HAN.findall(word)) >= 5 and not _organisation(word)


def _prose_start(tokens: list[_Token], name: str | None) -> int:
    """Where the header and money block end: the first word of a free-text cell after the form's
    first label (the department's name, found before, is none), or a table's first row
    (年度主要任务, 一级指标)."""
    first = next((i for i, t in enumerate(tokens) if t.kind not in _WORD_KINDS), len(tokens))
    for index in range(first, len(tokens)):
        token = tokens[index]
        if token.kind in (TASKS, GOAL, GRID):
            return index
        if _is_prose(token) and token.text != name:
            return index
    return len(tokens)


def _money(reading: _Reading, block: list[_Token]) -> tuple[Budget | None, str | None]:
    """The money block read where its order leaves no doubt (see the module's docstring); else
    None with one warning."""
    start = block[0].start
    unit = next((t.text for t in block if t.kind == UNIT), None)
    rows, columns, clean = _money_rows(block)
    amounts: dict[str, Decimal | None] = {}
    if clean and unit is not None:
        amounts = _amounts(rows, columns)
    if amounts:
        budget = Budget(
            total=amounts["合计"], fiscal=amounts["财政拨款"], other=amounts["其他资金"]
        )
        unread = []
        if len(rows) == 6:
            unread.append("支出构成（基本支出、项目支出）")
        if any(len(numbers) > 1 for _, numbers in rows):
            unread.append("占比、近两年收支金额")
        if unread:
            reading.warn(
                "「部门总体资金情况」的" + "和".join(unread) + "未读入（系统暂无对应栏目）",
                start,
                "部门总体资金情况",
            )
        return budget, unit
    labels = [t.text for t in block if t.kind in (ROW, COLUMN)]
    broken = _BROKEN.search(reading.stream, start, block[-1].end)
    if not clean:
        why = (
            "压平的文本中数字与栏目交错排列"
            + (f"，数字被空格断开（如「{broken.group()}」）" if broken else "")
            + "，不能确定每个数字属于哪一栏"
        )
    elif unit is None:
        why = "表中没有写明金额的单位（单位:万元）"
    else:
        why = (
            "各行的数字个数与栏目不符，或财政拨款与其他资金之和不等于合计，"
            "不能确定每个数字属于哪一栏"
        )
    reading.warn(
        f"「部门总体资金情况」的金额未读入：{why}（栏目：{'、'.join(dict.fromkeys(labels))}），"
        "系统不作猜测；请导入后按原表填写部门预算",
        start,
        "部门总体资金情况",
    )
    return None, None


def _money_rows(
    block: list[_Token],
) -> tuple[list[tuple[str, list[_Token]]], list[str], bool]:
    """The money rows in the order written, the column heads before them, and whether the block
    is in clean label–value order: heads first, then each row label followed by its numbers
    only, in the form's row order."""
    rows: list[tuple[str, list[_Token]]] = []
    columns: list[str] = []
    clean = True
    ended = False
    for token in block:
        if ended:
            clean = False
            break
        if token.kind == ROW:
            rows.append((token.text, []))
        elif not rows:
            if token.kind in (COLUMN, YEAR):
                columns.append(token.text)
            elif token.kind in ("number", "percent"):
                clean = False
        elif token.kind in ("number", "percent"):
            rows[-1][1].append(token)
        elif token.kind == GROUP and token.text == "支出构成" and len(rows) == 3:
            continue
        elif token.kind == DUTIES:
            ended = True  # the duties' label after the block
        else:
            clean = False
    names = [row for row, _ in rows]
    if names not in (_INCOME, _INCOME + _SPENDING):
        clean = False
    return rows, columns, clean


def _amounts(rows: list[tuple[str, list[_Token]]], columns: list[str]) -> dict[str, Decimal | None]:
    """财政拨款, 其他资金 and 合计 of the current year when every row has its numbers in the
    columns' order (one number a row, or as many as the heads name with 当年金额 first) and
    they add up; else {}."""
    counts = {len(numbers) for _, numbers in rows} - {0}
    if len(counts) != 1:
        return {}
    [count] = counts
    heads = [c for c in columns if c not in ("近两年收支金额",)]
    if count > 1 and (not heads or heads[0] != "当年金额" or len(heads) != count):
        return {}
    values: list[Decimal | None] = []
    for _, numbers in rows:
        if not numbers:
            values.append(None)
            continue
        if numbers[0].kind != "number":
            return {}
        values.append(Decimal(numbers[0].text.replace(",", "")))
    fiscal, other, total = values[:3]
    if fiscal is None or total is None or fiscal + (other or 0) != total:
        return {}
    if len(values) == 6:
        basic, project, spent = values[3:]
        if spent is None or (basic or 0) + (project or 0) != spent:
            return {}
    return {"财政拨款": fiscal, "其他资金": other, "合计": total}


def _parts(reading: _Reading, tokens: list[_Token], prose: int) -> dict[str, str]:
    """The free-text cells after the money block read where their place is certain, and every
    part seen and not read warned of; the place the text stops said last."""
    stream = reading.stream
    tasks = next((i for i in range(prose, len(tokens)) if tokens[i].text in _TASK_HEADS), None)
    grid = next(
        (i for i in range(tasks or prose, len(tokens)) if tokens[i].text in _GRID_HEADS), None
    )
    end_of = len(stream.rstrip())
    free_end = tokens[tasks].start if tasks is not None else None
    grid_start = tokens[grid].start if grid is not None else None
    first_end = free_end if free_end is not None else (grid_start or end_of)
    begin = tokens[prose].start if prose < len(tokens) else end_of
    duties_labels = [t for t in tokens if t.kind == DUTIES and t.start < first_end]
    goal_labels = [t for t in tokens if t.kind == GOAL and t.start < (grid_start or end_of)]
    read: dict[str, str] = {}
    last: tuple[str, str] | None = None  # the part read last and its text
    seen = set()
    first_goals = [t for t in goal_labels if t.start < first_end]
    if begin < first_end:
        if first_goals and _words_between(stream, begin, first_goals[0].start):
            names = "「部门职能概述」和「年度总体目标」" if duties_labels else "「年度总体目标」"
            reading.warn(
                f"{names}的文字在压平的文本中连在一起，无法确定两栏的分界，未读入；"
                "请导入后按原表填写",
                begin,
                "年度总体目标",
            )
            seen |= {DUTIES, GOAL}
        elif first_goals:
            text = _text(stream, first_goals[0].end, first_end, tokens, (GOAL,))
            if text:
                read[GOAL], last = text, (GOAL, text)
            seen.add(GOAL)
        elif duties_labels:
            text = _duties(stream, begin, first_end, tokens)
            if text:
                read[DUTIES], last = text, (DUTIES, text)
            seen.add(DUTIES)
        elif _words_between(stream, begin, first_end):
            reading.warn(
                f"资金情况之后的文字「{_excerpt(stream[begin:first_end])}」没有栏目名称，"
                "不知属于哪一栏，未读入",
                begin,
            )
    if tasks is not None:
        end = grid_start if grid_start is not None else end_of
        later = [t for t in goal_labels if t.start > tokens[tasks].start]
        seen.add(TASKS)
        reading.warn(
            "「年度主要任务」表（任务名称、主要内容、预算金额）未读入：压平的文本中各任务的名称、"
            "内容和金额分不开，请取得原始的 Word、Excel 或 PDF 文件导入",
            tokens[tasks].start,
            "年度主要任务",
        )
        last = None
        if later:
            goal = later[0]
            before = [t for t in tokens if t.end <= goal.start and t.start >= tokens[tasks].start]
            seen.add(GOAL)
            if before and before[-1].kind == "number":
                text = _text(stream, goal.end, end, tokens, (GOAL,))
                if text:
                    read[GOAL], last = text, (GOAL, text)
            else:
                reading.warn(
                    "「年度总体目标」的文字与「年度主要任务」表在压平的文本中连在一起，"
                    "无法确定从哪里开始，未读入；请导入后按原表填写",
                    goal.start,
                    "年度总体目标",
                )
    if grid is not None:
        seen.add(GRID)
        last = None
        reading.warn(
            "「年度绩效目标」的指标表（一级指标、二级指标、三级指标、指标值）未读入：压平的文本中"
            "跨行的一级、二级指标名称夹在各行之间，不能确定每个指标的类别和指标值；"
            "请导入后按原表录入绩效指标",
            grid_start,
            "年度绩效目标",
        )
    missing = [_PART_NAMES[kind] for kind in (DUTIES, TASKS, GOAL, GRID) if kind not in seen]
    if last is not None and last[1][-1] not in _ENDS:
        kind, text = last
        place = f"「{_PART_NAMES[kind]}」"
        if kind == DUTIES:
            items = text.split("\n")
            number = _ITEM_START.match(items[-1])
            if number:
                place += f"第{number.group()}项"
        after = [name for name in missing if _after(name, kind)]
        rest = f"其后的{'、'.join(after)}" if after else "其后的内容"
        reading.warn(
            f"文件到{place}为止，最后一句没有写完（「…{text.replace(chr(10), '')[-20:]}」），"
            f"{rest}不在文件中；文件可能在此处被截断，请取得完整的文件后核对",
            end_of - 1,
            _PART_NAMES[kind],
        )
    elif missing:
        reading.warn(
            "表中没有" + "、".join(f"「{name}」" for name in missing) + "；文件可能不完整，请核对",
            end_of - 1 if end_of else None,
        )
    return read


_ORDER = [DUTIES, TASKS, GOAL, GRID]


def _after(name: str, kind: str) -> bool:
    part = next(k for k, v in _PART_NAMES.items() if v == name)
    return _ORDER.index(part) > _ORDER.index(kind)


def _words_between(stream: str, start: int, end: int) -> bool:
    return bool(stream[start:end].strip())


def _blanked(
    stream: str, start: int, end: int, tokens: list[_Token], kinds: tuple[str, ...]
) -> str:
    """The stretch of text with the given labels (a tall cell's own, placed mid-way) blanked."""
    text = list(stream[start:end])
    for token in tokens:
        if token.kind in kinds and start <= token.start and token.end <= end:
            text[token.start - start : token.end - start] = " " * (token.end - token.start)
    return "".join(text)


def _joined(text: str) -> str:
    """The words broken across the PDF's lines joined: no space next to a Chinese character,
    one between other words."""
    return _SPACES.sub(" ", _JOIN.sub("", text)).strip()


def _text(stream: str, start: int, end: int, tokens: list[_Token], kinds: tuple[str, ...]) -> str:
    return _joined(_blanked(stream, start, end, tokens, kinds))


def _duties(stream: str, start: int, end: int, tokens: list[_Token]) -> str:
    """The 部门职能概述: its numbered items （一）（二）… a line each, in the order of their
    numbers (a （三） in a sentence out of that order is no item)."""
    text = _blanked(stream, start, end, tokens, (DUTIES,))
    cuts = [0]
    expected = 1
    for match in _ITEM.finditer(text):
        at = match.start()
        at_start = at == 0 or text[at - 1].isspace() or text[at - 1] in _ENDS
        if at_start and _cn_number(match.group("number")) == expected:
            cuts.append(match.start())
            expected += 1
    cuts.append(len(text))
    items = [_joined(text[a:b]) for a, b in pairwise(cuts)]
    return "\n".join(item for item in items if item)


def _cn_number(word: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20; 0 for what is no such number."""
    digits = {char: i + 1 for i, char in enumerate(_CN_DIGITS[:9])}
    if word == "十":
        return 10
    if "十" in word:
        tens, _, ones = word.partition("十")
        value = (digits.get(tens, 0) if tens else 1) * 10
        return value + (digits.get(ones, 0) if ones else 0)
    return digits.get(word, 0) if len(word) == 1 else 0


def _excerpt(text: str, limit: int = 30) -> str:
    text = _joined(text)
    return text if len(text) <= limit else text[:limit] + "…"
