"""Layout `dept-narrative`: the Hebei department-wide targets (部门整体绩效目标) published as a
web page's text (部门预算公开绩效目标情况说明), the Word document's headings and paragraphs run
together or a paragraph a line ("一、部门整体绩效目标1、总体绩效目标2020年，…2、分项绩效目标
学前教育职责绩效目标：…特殊教育职责绩效目标：…"), perhaps followed by 工作保障措施 and the
projects' part.

The text is one stream (its lines joined, the page's furniture — 发布日期, 索引号, 发布机构,
主题词 lines — blanked out) cut at its headings: 部门整体绩效目标, 总体绩效目标, 分项绩效目标,
工作保障措施 or 保障措施, and the projects' part (预算项目绩效目标), each a heading where a
number (一、 1、 （一） 第一部分) or a line's start leads it. In the 分项绩效目标 each
"××绩效目标：" heads a sub-goal, its title the words since the sentence before (学前教育职责), or
the numbered sentence or line before a bare "绩效目标：" (as the Word text writes them:
一、指导全区货物进出口工作。绩效目标：…); a "绩效指标：" sentence is its indicators, read as the
seed text's are. A table of contents (a heading followed only by its page number) is passed
over; the projects' part is warned of by name, not read; a text that stops mid-sentence is read
as far as it goes, with a warning naming the sub-goal (or section) where it stops. The
department's name is read only from a title that states it (××局2020年部门预算…), never from
the page's publisher; else it is empty, with a warning.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from jixiao.core.model import Department, ReadWarning, SubGoal, TargetDocument
from jixiao.core.sentences import indicators_from_sentence
from jixiao.ingest import seed_text
from jixiao.ingest.errors import IngestError

LAYOUT = "dept-narrative"

_HEAD = 200_000
_SPACE = "[ \t\u3000\xa0]*"
_CN = "一二三四五六七八九十"


def _spaced(word: str) -> str:
    """The word as a pattern, spaces allowed between its characters (总 体 绩 效 目 标)."""
    return _SPACE.join(re.escape(char) for char in word)


def _optional(word: str) -> str:
    return f"(?:{_spaced(word)})?"


_NUMBER = (
    rf"(?:第{_SPACE}[{_CN}]{{1,3}}{_SPACE}部{_SPACE}分"
    rf"|[（(]{_SPACE}(?:[{_CN}]{{1,3}}|\d{{1,2}}){_SPACE}[)）]{_SPACE}[、.．]?"
    rf"|(?:[{_CN}]{{1,3}}|\d{{1,2}}){_SPACE}(?:、|[.．](?!\d)))"
)
"""A heading's or item's number: 一、 1、 1. （一） (1) 第一部分."""

PART_ONE, OVERALL, SUB_GOALS, SAFEGUARDS, PROJECTS = (
    "part", "overall", "sub_goals", "safeguards", "projects",
)  # fmt: skip
_WORDS = {
    PART_ONE: _spaced("部门整体绩效目标"),
    OVERALL: _optional("部门") + _optional("年度") + _spaced("总体绩效目标"),
    SUB_GOALS: _spaced("分项绩效目标"),
    SAFEGUARDS: _optional("工作") + _spaced("保障措施"),
    PROJECTS: _optional("部门")
    + _optional("预算")
    + _spaced("项目")
    + _optional("支出")
    + _spaced("绩效目标")
    + _optional("表"),
}


def _led(words: str, named: str | None = None) -> str:
    """The words as a heading: led by a number, or right after 部门整体绩效目标 (its first
    section), or at a line's start when a colon, a space or the line's end follows them (a
    paragraph may begin with the words: 部门总体绩效目标经党组研究同意…). `named`: the words
    with their groups, for the match itself."""
    return (
        rf"(?:{_NUMBER}{_SPACE}|(?<=整体绩效目标)"
        rf"|^{_SPACE}(?=(?:{words})(?:{_SPACE}[:：]|[ \t\u3000\xa0]|$)))(?:{named or words})"
        rf"{_SPACE}[:：]?"
    )


_HEADING = re.compile(
    _led(
        "|".join(_WORDS.values()),
        "|".join(f"(?P<{kind}>{word})" for kind, word in _WORDS.items()),
    ),
    re.MULTILINE,
)
"""A heading: one of the words, led by a number or a line's start (see `_led`), with the colon
some write after it."""
_PART_ONE = re.compile(_led(_WORDS[PART_ONE]), re.MULTILINE)
_SECTION = re.compile(_led(f"{_WORDS[OVERALL]}|{_WORDS[SUB_GOALS]}"), re.MULTILINE)

_CHROME_LABELS = (
    "发布日期", "发布时间", "发布机构", "发文机关", "索引号", "文号", "主题词", "主题分类",
    "信息来源", "来源", "浏览次数", "阅读次数", "访问次数", "点击数", "生成日期", "成文日期",
    "公开方式", "公开范围", "公开时间", "有效性", "字号", "分享到", "作者",
)  # fmt: skip
_CHROME = re.compile(
    rf"^{_SPACE}(?:(?:{'|'.join(_spaced(label) for label in _CHROME_LABELS)}){_SPACE}[:：]"
    rf"|[【\[]{_SPACE}(?:打印|关闭|字体|返回)|打印本页|关闭窗口|返回顶部)"
)
"""A line of the page's furniture: its publication data (发布日期: … 索引号: …) and buttons."""
_PUBLISHER = re.compile(
    rf"发{_SPACE}布{_SPACE}机{_SPACE}构{_SPACE}[:：]{_SPACE}(?P<name>[^\s:：]+)"
)

_MARKER = re.compile(
    rf"绩{_SPACE}效{_SPACE}(?:(?P<goal>目{_SPACE}标)|(?P<indicator>指{_SPACE}标))"
    rf"{_SPACE}(?:为|是)?{_SPACE}[:：]"
)
"""A sub-goal's 绩效目标： or 绩效指标：, the sub-goal's title (学前教育职责) just before it."""
_ITEM = re.compile(rf"(?:(?<=[。；;！!？?:：\n])|\A){_SPACE}(?P<number>{_NUMBER}|[①-⑳])")
"""A numbered item where a sentence or line begins: 1、 （一） ①."""
_LEADING_NUMBER = re.compile(rf"^{_SPACE}(?:{_NUMBER}|[①-⑳]){_SPACE}")
_BOUNDARY = "。；;！!？?:：\n"
"""Where a sentence (or an introduction: 分项目标如下：) ends and a sub-goal's title may begin."""
_ENDS = '。！？!?；;…」』”"）)】》>'
"""Characters a finished text ends with; any other last character is a sentence cut off."""
_WORDS_START = re.compile(r"\S")
_TITLE = 40
"""Characters a sub-goal's title has at most."""
_NUMBERED_TITLE = 120
"""Characters a numbered sentence standing for a sub-goal's title has at most."""
_TITLE_LINE = 80
_YEAR = re.compile(r"(20\d\d)\s*年")
_NAMED_TITLE = re.compile(
    r"^(?P<name>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:20\d\d\s*年度?)?\s*"
    r"(?:部门预算|部门整体|部门绩效|预算绩效|绩效目标)"
)
_ORGANISATION_ENDS = "局委办院部厅会心站所室处队馆校园府社团署司镇乡道"
"""Last characters of a body's name (教育体育局, 人民政府, 服务中心, 街道办事处 …)."""


def looks_like(text: str) -> bool:
    """A 部门整体绩效目标 heading (numbered or at a line's start) followed by a 总体绩效目标 or
    分项绩效目标 heading, in a text the Word-text reader does not claim. Two pattern searches."""
    head = text[:_HEAD]
    if "绩效目标" not in head:
        return False
    part = _PART_ONE.search(head)
    if part is None or _SECTION.search(head, part.end()) is None:
        return False
    return not seed_text.looks_like(text)


@dataclass
class _Section:
    kind: str
    heading: str
    """The heading's word as written, without its spaces (工作保障措施)."""
    start: int
    """Where the heading begins."""
    body: int
    """Where its text begins (after the heading)."""
    end: int = 0


@dataclass
class _Reading:
    source: str
    stream: str
    newlines: list[int]
    warnings: list[ReadWarning] = field(default_factory=list)
    last: str | None = None
    """Where the text ends: the sub-goal or section its last words belong to, as a warning
    says it."""

    def line(self, position: int) -> int:
        """The line of the first words from a position on (a part's text may begin on the line
        below its heading)."""
        words = _WORDS_START.search(self.stream, position)
        return bisect_left(self.newlines, words.start() if words else position) + 1

    def warn(self, message: str, position: int) -> None:
        self.warnings.append(ReadWarning(message=message, line=self.line(position)))


def read(text: str, source: str) -> TargetDocument:
    lines = text.split("\n")
    publisher: str | None = None
    for number, line in enumerate(lines):
        if _CHROME.match(line):
            if publisher is None and (found := _PUBLISHER.search(line)):
                publisher = found["name"]
            lines[number] = ""
    stream = "\n".join(lines)
    reading = _Reading(source, stream, [m.start() for m in re.finditer("\n", stream)])
    sections = _sections(stream)
    first = sections[0].start if sections else 0
    department = Department()
    for section in sections:
        department = _read_section(reading, section, department)
    if not (department.overall_goal or department.sub_goals or department.safeguards):
        raise IngestError(
            source,
            "文中有「部门整体绩效目标」的标题，但没有总体绩效目标、分项绩效目标或保障措施的内容",
            line=reading.line(first),
            expected="标题之后的总体绩效目标、分项绩效目标（如“××职责绩效目标：…”）",
            hint="文件可能只有目录；请取得完整的文件后重新导入。",
        )
    titles = _titles(stream[:first])
    name = next(filter(None, map(_name, titles)), None)
    year = next(filter(None, map(_YEAR.search, titles)), None)
    if year is None and department.overall_goal:
        year = _YEAR.match(department.overall_goal)
    warnings = reading.warnings
    if name is None:
        where = f"（页面的发布机构为「{publisher}」）" if publisher else ""
        warnings.insert(
            0,
            ReadWarning(
                message=f"文中没有写明部门的名称{where}；导入时请选择文件所属的主管部门"
                "（命令行导入用 --department 指定）",
            ),
        )
    _cut(reading)
    department = department.model_copy(update={"name": name})
    return TargetDocument(
        source=source,
        year=int(year.group(1)) if year else None,
        layout=LAYOUT,
        department=department,
        warnings=[w.model_copy(update={"table": name}) for w in warnings],
    )


def _sections(stream: str) -> list[_Section]:
    """The headings in order, each section up to the next; a heading followed only by a page
    number (a table of contents: 一、总体绩效目标1二、分项绩效目标2) is passed over."""
    sections: list[_Section] = []
    for match in _HEADING.finditer(stream):
        kind = next(kind for kind in _WORDS if match.group(kind) is not None)
        heading = re.sub(r"\s", "", match.group(kind))
        if sections:
            sections[-1].end = match.start()
        sections.append(_Section(kind, heading, match.start(), match.end()))
    if sections:
        sections[-1].end = len(stream)
    return [s for s in sections if not stream[s.body : s.end].strip().isdigit()]


def _read_section(reading: _Reading, section: _Section, department: Department) -> Department:
    text = _clean(reading.stream[section.body : section.end])
    if not text:
        return department
    reading.last = f"「{section.heading}」"
    if section.kind == OVERALL:
        before = department.overall_goal
        return department.model_copy(
            update={"overall_goal": f"{before}\n{text}" if before else text}
        )
    if section.kind == SUB_GOALS:
        found = _sub_goals(reading, section)
        return department.model_copy(update={"sub_goals": [*department.sub_goals, *found]})
    if section.kind == SAFEGUARDS:
        items = [*department.safeguards, *_items(text)]
        return department.model_copy(update={"safeguards": items})
    if section.kind == PROJECTS:
        reading.warn(
            f"「{section.heading}」一节未读入（此版式只读取部门整体绩效目标）；"
            "项目的绩效目标请以项目支出绩效目标表另行导入",
            section.start,
        )
    else:  # text between 部门整体绩效目标 and its first section
        reading.warn(
            f"「{section.heading}」标题下、第一节之前的文字「{_excerpt(text)}」未读入"
            "（系统暂无对应栏目）",
            section.body,
        )
    return department


@dataclass
class _Head:
    """A 绩效目标： or 绩效指标： in the 分项绩效目标, with the title before it."""

    indicator: bool
    title: str
    start: int
    """Where its title (or, without one, the marker) begins: the text before it ends there."""
    body: int
    """Where its goal or indicator sentence begins."""


def _sub_goals(reading: _Reading, section: _Section) -> list[SubGoal]:
    stream = reading.stream
    heads: list[_Head] = []
    previous = section.body
    for marker in _MARKER.finditer(stream, section.body, section.end):
        title, start = _title_before(stream, previous, marker.start())
        if not title and marker.group("goal") is not None:
            title, start = _numbered_before(stream, previous, start)
        heads.append(_Head(marker.group("indicator") is not None, title, start, marker.end()))
        previous = marker.end()
    if not heads:
        text = _clean(stream[section.body : section.end])
        reading.warn(
            "分项绩效目标中没有“××绩效目标：”开头的分项，全文读作一个分项"
            f"「{section.heading}」；请导入后按分项整理",
            section.body,
        )
        reading.last = f"分项「{section.heading}」"
        return [SubGoal(title=section.heading, goal=text)]
    intro = _clean(stream[section.body : heads[0].start])
    if intro:
        reading.warn(
            f"分项绩效目标中第一个分项之前的文字「{_excerpt(intro)}」未读入（系统暂无对应栏目）",
            section.body,
        )
    sub_goals: list[SubGoal] = []
    ends = [head.start for head in heads[1:]] + [section.end]
    for head, end in zip(heads, ends, strict=True):
        written = _clean(stream[head.body : end]) or None
        current = sub_goals[-1] if sub_goals else None
        if head.indicator and current is not None and head.title in ("", current.title):
            before = current.indicator_text
            sentence = f"{before}\n{written}" if before and written else before or written
            current.indicator_text = sentence
            current.indicators = indicators_from_sentence(sentence or "")
        else:
            title = head.title
            if not title:
                title = section.heading
                reading.warn(
                    f"「绩效{'指标' if head.indicator else '目标'}：」之前没有写明分项的名称，"
                    f"读作分项「{title}」；请导入后补上分项名称",
                    head.body,
                )
            sub_goal = SubGoal(title=title)
            if head.indicator:
                sub_goal.indicator_text = written
                sub_goal.indicators = indicators_from_sentence(written or "")
            else:
                sub_goal.goal = written
            sub_goals.append(sub_goal)
        part = "绩效指标" if head.indicator else "绩效目标"
        reading.last = f"分项「{sub_goals[-1].title}」的{part}"
    return sub_goals


def _title_before(stream: str, start: int, end: int) -> tuple[str, int]:
    """The sub-goal's title written right before its marker (学前教育职责 in "…质量。学前教育职责
    绩效目标："): the words since the last sentence's end, short and without a comma; else none."""
    for boundaries in (_BOUNDARY, _BOUNDARY + " \u3000"):
        cut = max(stream.rfind(char, start, end) for char in boundaries)
        begin = start if cut < 0 else cut + 1
        title = _title_text(stream[begin:end])
        if title is not None:
            return title, begin
    return "", end


def _numbered_before(stream: str, start: int, end: int) -> tuple[str, int]:
    """The title of a bare "绩效目标：": the sentence before it when it is numbered (一、推进农贸
    市场体系建设。绩效目标：…), or the line before it when that is a short line of its own."""
    before = stream[start:end].rstrip()
    if not before:
        return "", end
    stop = start + len(before)
    body = stop - 1 if before[-1] in "。；;" else stop
    cut = max(stream.rfind(char, start, body) for char in _BOUNDARY)
    begin = start if cut < 0 else cut + 1
    sentence = stream[begin:stop].strip()
    numbered = _LEADING_NUMBER.match(sentence) is not None
    line_start = stream[cut] == "\n" if cut >= 0 else start == 0 or stream[start - 1] == "\n"
    own_line = line_start and stream.startswith("\n", stop) and body == stop
    if not (numbered or own_line):
        return "", end
    title = _title_text(sentence, numbered=numbered)
    if title is None:
        return "", end
    return title, begin


def _title_text(text: str, *, numbered: bool = False) -> str | None:
    """The text as a sub-goal's title, its number removed; None when it is no title: longer
    than `_TITLE`, or with a comma (a clause of the sentence before), unless numbered (五、借助
    我国对美、对俄…政策以及自贸区平台，组织我区企业走出去…。): a numbered sentence is kept as
    written, as the Word text's reader keeps it; the words before "绩效目标：" without 的."""
    title = _LEADING_NUMBER.sub("", text.strip(), count=1).strip()
    if not numbered:
        title = title.rstrip("。；;:：的").strip()
    if not title or len(title) > (_NUMBERED_TITLE if numbered else _TITLE):
        return None
    if not numbered and any(char in title for char in "，,"):
        return None
    return title


def _items(text: str) -> list[str]:
    """The numbered items of a section (1、… 2、… or （一）…), their numbers removed; text
    without a number before the first is an item of its own, after one part of it."""
    starts = [match.start("number") for match in _ITEM.finditer(text)]
    if not starts or starts[0] > 0:
        starts.insert(0, 0)
    ends = [*starts[1:], len(text)]
    items = (
        _LEADING_NUMBER.sub("", text[a:b], count=1).strip()
        for a, b in zip(starts, ends, strict=True)
    )
    return [item for item in items if item]


def _cut(reading: _Reading) -> None:
    """A warning where the text stops mid-sentence, naming the sub-goal or section."""
    stream = reading.stream.rstrip()
    if not stream or stream[-1] in _ENDS or reading.last is None:
        return
    cut = max(stream.rfind(char) for char in _BOUNDARY)
    tail = stream[cut + 1 :][-20:]
    place = reading.last
    reading.warn(
        f"文件到{place}为止，最后一句没有写完（「…{tail}」），其后的内容不在文件中；"
        "文件可能在此处被截断，请取得完整的文件后核对",
        len(stream) - 1,
    )


def _titles(preamble: str) -> list[str]:
    """The document's title as found in the text above the first heading (the page's furniture
    already blanked): a short line naming 绩效 (部门预算公开绩效目标情况说明), and its pieces
    between spaces, or those of a longer line (a document site's copy: "1、 承德县民政局2022年
    部门预算绩效文本 承德县民政局编制…"), their leading numbers removed."""
    for line in preamble.split("\n"):
        text = line.strip()
        pieces = [text, *text.split()] if len(text) <= _TITLE_LINE else text.split()
        found = [
            _LEADING_NUMBER.sub("", piece, count=1)
            for piece in pieces
            if len(piece) <= _TITLE_LINE and "绩效" in piece
        ]
        if found:
            return found
    return []


def _name(title: str) -> str | None:
    """The department a title names before its year or 部门预算 (××局2020年部门预算…)."""
    match = _NAMED_TITLE.match(title)
    if match is None:
        return None
    name = match["name"]
    if name.startswith("关于") or name[-1] not in _ORGANISATION_ENDS:
        return None
    return name


def _clean(text: str) -> str:
    """The text of a part: its lines stripped, blank ones (the page's furniture) dropped."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _excerpt(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"
