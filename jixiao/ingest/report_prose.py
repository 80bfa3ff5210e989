"""What the prose reports' readers share (`narrative_report`, `monitoring_report`): a report
published as a web page's text read a line at a time — its lines (`report_lines`, a number on a
line of its own joined to its title), the page's furniture (`CHROME`, `END_CHROME`), years
(`YEAR`, `YEAR_LINE`), a name line (`only_name`), the unit before a title's year
(`project_title`), a form's labels that make the text a form's (`labelled`); the numbered
headings (第一部分, 一、 (一) 1.; a (1) or ① an item: `numbering`, `heading`) and the body cut
at them into `Section`s by a reader's fields (`split_sections`); and the warnings both give: the
sections no field reads (`unread_warnings`), the place the text stops (`cut_warnings`), a text
quoted short (`quoted`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.core.model import ReadWarning
from jixiao.ingest import detect
from jixiao.ingest.cell_form import GRID_START

SPACES = " \t\u3000\xa0\r"
_CN = "一二三四五六七八九十"
_DIGITS = {char: value for value, char in enumerate(_CN, start=1)}

_NUMBER = re.compile(
    rf"^(?:第(?P<part>[{_CN}]{{1,3}})部分"
    rf"|(?P<l1>[{_CN}]{{1,3}})\s*[、.．]"
    rf"|[(（]\s*(?P<l2>[{_CN}]{{1,3}})\s*[)）]\s*[、.．]?"
    r"|(?P<l3>\d{1,2})\s*(?:、|[.．])"
    r"|[(（]\s*(?P<item>\d{1,2})\s*[)）]|(?P<circled>[①-⑳]))\s*"
)
"""A line's number: 第一部分, 一、 (一) and 1. lead headings (levels 0 to 3); (1) and ① items."""
_ITEM_LEVEL = 4
_STOPS = re.compile("[。；;，,：:？?！!]")
_UNIT_NOTE = re.compile(r"[（(]单位[)）]")
_HEADING_CHARS = 30
"""Characters a heading's title has at most (单位主要职责职能、组织架构、人员及资产基本情况)."""
_SECTION_NOUN = re.compile(
    r"(?:情况|分析|概况|目标|问题|措施|建议|结论|评价|指标|说明|成效|结果|得分)$"
)
"""What a heading's title ends with (资金投入情况分析), unlike an item (开展普法宣传活动)."""

CHROME = re.compile(
    r"您所在的位置|您现在的位置|当前位置|欢迎来到|欢迎访问|发布时间|发布日期|发布机构|发文日期"
    r"|成文日期|索引号|信息来源|^来源\s*[:：]|作者\s*[:：]|字体|打印本页|【\s*打印|关闭窗口"
    r"|浏览量|浏览次数|阅读\s*[:：]|阅读次数|点击数|信息类别|公开范围|公开方式|主题分类|体裁分类"
    r"|分享到|返回顶部|^source:|^kind:|^附件\s*\d*\s*[:：]?$"
)
"""The page's furniture: where it is on the site, its publication data and buttons (and the
corpus's own source/kind lines)."""
CHROME_LINE = 120
"""Characters a line of furniture has at most: a longer one is the report's text."""
END_CHROME = re.compile(r"打印本页|关闭窗口|【\s*(?:打印|关闭)|返回顶部|分享到")
YEAR = re.compile(r"(?<!\d)(20\d\d)\s*年(?!\s*\d{1,2}\s*月)")
YEAR_LINE = re.compile(r"[（(]?\s*(20\d\d)\s*年度?\s*[)）]?")

_DATE = re.compile(r"20\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
"""A report's date, closing it (2024年3月15日, after the unit's name or on its own)."""
_AMOUNT = re.compile(r"\d(?:\.\d+)?\s*万?元")
_UNIT_LINE = re.compile(r"[\u4e00-\u9fff（）()]{2,40}")
_NOT_UNIT = ("报告", "网站", "首页", "位置", "欢迎", "附件", "目录")
_ENDS = '。！？!?；;…」』”"）)】》'
"""Characters a finished text ends with; any other last character is a sentence cut off."""

DUTIES = "duties"
"""The kind of a 职能职责 section (`narrative_report`'s department field)."""
_NEVER_GROUPS = frozenset({DUTIES})
"""Fields whose items may be as short as headings (负责全市人民防空工作。): never a group."""

_SHOWN = 30
"""Characters of a line a warning quotes."""


def labelled(head: str) -> bool:
    """Whether a line of the head is, or begins with, or holds as a cell a naming label or
    一级指标 (部门(单位)名称: 岳阳市…, 项目名称 | …)."""
    for _, line in detect.content_lines(head):
        pieces = [line.strip(), detect.glued(line).strip()]
        if "|" in line or "\t" in line:
            pieces += [piece.strip() for piece in re.split(r"[|\t]", line)]
        for piece in pieces:
            if piece and (detect.names(piece) or detect.key(piece) == GRID_START):
                return True
    return False


@dataclass
class Section:
    heading: str
    """The heading as written (a number on a line of its own joined to the title below it)."""
    title: str
    """The heading without its number and closing punctuation, for the warnings."""
    level: int
    number: int
    line: int
    kind: str | None
    parent: int | None
    content: list[tuple[int, str]] = field(default_factory=list)
    items: int | None = None
    """The last item's number at the section's own level (3.职责职能 → 1. 2. 3.)."""
    tentative: bool = False
    """A field's heading not yet followed by anything: deeper headings at once make it a group."""


@dataclass
class Numbered:
    level: int
    number: int
    rest: str


def report_lines(text: str) -> list[tuple[int, str]]:
    """The lines holding text, stripped, each with its number; a number on a line of its own
    ("2." above "人员编制") joined to the line below it."""
    found: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, line in detect.content_lines(text):
        stripped = line.strip(SPACES)
        if not stripped:
            continue
        if pending is not None:
            found.append((pending[0], pending[1] + stripped))
            pending = None
            continue
        match = _NUMBER.match(stripped)
        if match is not None and match.end() == len(stripped):
            pending = (number, stripped)
            continue
        found.append((number, stripped))
    if pending is not None:
        found.append(pending)
    return found


def numbering(line: str) -> Numbered | None:
    match = _NUMBER.match(line)
    if match is None:
        return None
    rest = line[match.end() :]
    if match["part"] or match["l1"] or match["l2"]:
        level = 0 if match["part"] else 1 if match["l1"] else 2
        return Numbered(level, _chinese(match["part"] or match["l1"] or match["l2"]), rest)
    if match["l3"]:
        return Numbered(3, int(match["l3"]), rest)
    item = match["item"]
    return Numbered(_ITEM_LEVEL, int(item) if item else ord(match["circled"]) - 0x245F, rest)


def _chinese(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21."""
    if "十" not in numeral:
        return _DIGITS.get(numeral[-1], 0)
    tens, _, ones = numeral.partition("十")
    return (_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)


def _shaped(rest: str) -> str | None:
    """The heading's title, when the text after a number is one: short, no sentence inside it
    (its closing 。 or colon allowed)."""
    title = rest.strip(SPACES)
    if title[-1:] in ("。", "：", ":", "."):
        title = title[:-1].rstrip(SPACES)
    if not 0 < len(title) <= _HEADING_CHARS or _STOPS.search(title) is not None:
        return None
    return title


def heading(line: str) -> tuple[Numbered, str] | None:
    """The line's number and title when it has the shape of a heading (levels 0 to 3)."""
    numbered = numbering(line)
    if numbered is None or numbered.level >= _ITEM_LEVEL:
        return None
    title = _shaped(numbered.rest)
    return (numbered, title) if title is not None else None


def _key(title: str) -> str:
    key = "".join(title.split())
    return _UNIT_NOTE.sub("", key) if "单位" in key else key


def _field(title: str, fields: re.Pattern[str]) -> str | None:
    """The field a heading's title names (one pattern, a group a field), or None."""
    match = fields.fullmatch(_key(title))
    return match.lastgroup if match is not None else None


def _colon_heading(rest: str) -> tuple[str, str] | None:
    """A heading with its text after a colon on the same line (1.主要职能职责：(1)贯彻…, 2.人员
    情况：在编20人): its title and text."""
    colon = min((i for i in (rest.find("："), rest.find(":")) if i > 0), default=-1)
    if colon < 0 or colon > _HEADING_CHARS:
        return None
    title = _shaped(rest[:colon])
    text = rest[colon + 1 :].strip(SPACES)
    return (title, text) if title is not None and text else None


def split_sections(body: list[tuple[int, str]], fields: re.Pattern[str]) -> list[Section]:
    """The body cut at its headings, each line once. Inside a field's section a deeper number
    is an item, one at its level too unless it continues the headings' count, not the items'."""
    sections: list[Section] = []
    stack: list[int] = []
    reading: Section | None = None  # the field's section whose lines are being taken
    for number, line in body:
        numbered = numbering(line)
        title: str | None = None
        text = ""
        if numbered is not None and numbered.level < _ITEM_LEVEL:
            title = _shaped(numbered.rest)
            if title is None and (inline := _colon_heading(numbered.rest)) is not None:
                title, text = inline
        if reading is not None and numbered is not None and title is not None:
            groups = (
                reading.tentative
                and not text
                and numbered.level > reading.level
                and reading.kind not in _NEVER_GROUPS
                and _SECTION_NOUN.search(title) is not None
            )
            if groups:  # 二、绩效目标完成情况分析 → (一)资金投入情况分析: a group of sections
                reading.kind = None
                reading = None
            elif not _ends(reading, numbered, title):
                title = None
        if title is not None and numbered is not None:
            while stack and sections[stack[-1]].level >= numbered.level:
                stack.pop()
            found = _field(title, fields)
            section = Section(
                heading=line[: len(line) - len(text)].rstrip(SPACES) if text else line,
                title=title,
                level=numbered.level,
                number=numbered.number,
                line=number,
                kind=found,
                parent=stack[-1] if stack else None,
                tentative=found is not None and not text,
            )
            if text:
                section.content.append((number, text))
            sections.append(section)
            stack.append(len(sections) - 1)
            reading = section if found is not None else None
            continue
        if not sections:  # pragma: no cover - the body begins with a heading
            continue
        sections[stack[-1]].content.append((number, line))
        if reading is not None:
            reading.tentative = False
            if numbered is not None and numbered.level == reading.level:
                reading.items = numbered.number
    return sections


def _ends(section: Section, numbered: Numbered, title: str) -> bool:
    """Whether a heading-shaped numbered line ends the field's section it stands in: a
    shallower number, or one at its level that continues the headings' count (3.职责职能 … 4.)
    rather than the items' (1. 2. 3. … under it). Where it continues both (3.职责职能, items
    1. 2. 3., then 4.), a line closed as a sentence is an item (4.负责市政设施的管理。) unless
    the headings are closed so too and it is titled as one (4.部门预算收支情况。)."""
    if numbered.level != section.level:
        return numbered.level < section.level
    if numbered.number != section.number + 1:
        return False
    if section.items != section.number or numbered.rest.rstrip(SPACES)[-1:] not in "。；;":
        return True
    return section.heading.endswith("。") and _SECTION_NOUN.search(title) is not None


def project_title(title: str) -> tuple[str, str]:
    """The unit written before 关于 or before the year, and the rest of the title."""
    before, about, after = title.partition("关于")
    if about and before:
        return before.strip(SPACES), after
    rest = after if about else title
    year = YEAR.search(rest)
    if year is not None and year.start() > 0:
        return rest[: year.start()].strip(SPACES), rest[year.start() :]
    return "", rest


def only_name(line: str) -> bool:
    return _UNIT_LINE.fullmatch(line) is not None and not any(word in line for word in _NOT_UNIT)


def unread_warnings(
    sections: list[Section], table: str | None, *, whole: bool
) -> list[ReadWarning]:
    """A warning for each section the model has no field for: once for the highest one holding
    no field's section, or, above a field's section, where it writes text of its own. What a
    section holds below it is gathered in one pass from the last section up."""
    holds = [section.kind is not None for section in sections]
    money = [_amounts(section) if whole else set() for section in sections]
    for index in range(len(sections) - 1, -1, -1):
        parent = sections[index].parent
        if parent is not None:
            holds[parent] = holds[parent] or holds[index]
            money[parent] = money[parent] | money[index]
    covered = [False] * len(sections)
    warnings: list[ReadWarning] = []
    for index, section in enumerate(sections):
        parent = section.parent
        if parent is not None and covered[parent]:
            covered[index] = True
            continue
        if section.kind is not None:
            continue
        if not holds[index]:
            covered[index] = True
            message = f"「{section.title}」一节未读入" + (
                _money(money[index]) if whole else "（系统暂无对应栏目）"
            )
        elif section.content:
            message = f"「{section.title}」一节中小标题之前的文字未读入（系统暂无对应栏目）"
        else:
            continue
        warnings.append(
            ReadWarning(message=message, line=section.line, table=table, cell=section.heading)
        )
    return warnings


def _amounts(section: Section) -> set[str]:
    """What of a department's money the section's own lines speak of: amounts (元, 万元), the
    决算 (the accounts), the 预算."""
    text = "\n".join(line for _, line in section.content)
    found = {word for word in ("决算", "预算") if word in text}
    if "元" in text and _AMOUNT.search(text) is not None:
        found.add("元")
    return found


def _money(words: set[str]) -> str:
    """Why a department's section is not read, where it states amounts: a 决算 is the year's
    execution, no budget; a department's targets have no money unit to keep a 预算 in."""
    accounts = {"元", "决算"} <= words
    budget = {"元", "预算"} <= words
    if accounts and budget:
        return (
            "：其中的部门决算收支是当年的执行数，不是预算；预算金额也未读入，部门整体绩效目标"
            "没有记录金额单位的栏目"
        )
    if accounts:
        return "：其中的部门决算收支是当年的执行数，不是部门预算，系统暂无对应栏目"
    if budget:
        return "：其中的部门预算金额未读入，部门整体绩效目标没有记录金额单位的栏目"
    return "（系统暂无对应栏目）"


def cut_warnings(
    sections: list[Section], body: list[tuple[int, str]], table: str | None, unit: str | None
) -> list[ReadWarning]:
    """A warning where the text stops, when its last line is no finished sentence, no date and
    not the unit's name signing the report."""
    if not body:
        return []
    number, last = body[-1]
    if last[-1] in _ENDS or _DATE.search(last) or (unit and last == unit):
        return []
    where = next((section for section in reversed(sections) if section.line <= number), None)
    place = f"「{where.title}」一节的" if where is not None else ""
    return [
        ReadWarning(
            message=f"文件到{place}这一句为止（没有写完），其后的内容不在文件中；报告在此处被截断，"
            "已读入到此为止，请取得完整的报告后核对",
            line=number,
            table=table,
            cell=quoted(last),
        )
    ]


def quoted(text: str) -> str:
    text = text.replace("\n", " ")
    return text[:_SHOWN] + "…" if len(text) > _SHOWN else text
