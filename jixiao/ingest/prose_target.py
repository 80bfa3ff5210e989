"""Layout `prose-target`: a project's targets published as a notice in prose (绩效目标设定的公示),
the indicators written inline in sentences under the 一级 headings (041)::

    关于下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定的公示
    根据《…》精神,安排《…》资金50万元,实施…项目,…。项目总体绩效目标是:增加…。现将绩效目标设定如下:
    一、 产出指标
    数量指标:★补助各类瓜果蔬菜种植数量,黄金蜜(葡萄)种植数量(≥**株)>=17600株;种植作物成活率…
    二、 效益指标
    效益指标:经济效益指标:脱贫地区特色产业产值(≥**万元)≥80万元,…;社会效益目标:★★★…≥10户。

What is read, by which rule:

- The page's chrome ("索 引 号 | … |" rows, "标题：…" lines above the body): 发布机构 (发文机关 …)
  is the unit where the body names no 实施单位; 标题 (or a line 关于…绩效目标…的公示) gives the
  name and the year. It is no table's title (`Project.title`, which the writers write as the
  table's heading): that stays empty. The rest of the chrome (索引号, 发文时间, 文号 …) is passed
  over.
- The project's name: a 项目名称 the body writes; else the title's words between 关于 and
  绩效目标 (关于下马关镇…种植项目绩效目标设定的公示 → 下马关镇…种植项目: the notice's own naming
  of the project, as its attached 绩效目标设定表 names it); else the body's "实施…项目". Where the
  title and the body's 实施 name differ (beyond a place written before the same name), warned.
- The body, clause by clause (a comma inside 《》 or brackets is no break): the amount after
  资金/投资/经费 (资金50万元: `Budget.total` 50, 万元, as written). One amount is the total, and
  `Budget.fiscal` too where its clause names 财政 (…中央财政…补助资金…资金50万元), `Budget.other`
  where it names 自筹 or 其他资金; of several, the one written with 总/共计/合计 is the total, a
  single one of 财政 the fiscal part, of 自筹 the other part, and with no total among them none is
  taken (warned). The year is the title's (2023年…), else the one year written in the amount's
  clauses (安排《…2023年第一批…》资金50万元), else in the body; several years are warned of, none
  taken. The goal is the sentence after 项目总体绩效目标是 / 年度目标为 / 绩效目标：, as written.
  `purpose` is the 项目建设内容 (建设内容, 实施内容, 资金用途: what the money is spent on, as a
  form's 资金用途 is). Labels the model has no field for (项目负责人, 联系电话, 建设地点 …, or any
  other "标签：" clause) are warned of by name.
- The indicators: from the first line that is a 一级 heading (一、 产出指标) on, each line that
  begins with a category label (数量指标:, 效益指标:经济效益指标:, 可持续影响指标,), follows a
  heading alone on its line, or continues the lines before with a value written with a template
  hint or an operator. Each 一级/二级 label (the framework's wordings: 社会效益目标 is
  社会效益指标) sets the category of the items after it; the items end at ；; 。 and at commas
  outside brackets. An item is "<三级指标>(<template hint>)<value>": the value is
  what follows the last hint in brackets with ** in it (黄金蜜(葡萄)种植数量(≥**株)>=17600株 →
  name with the hint as written, value >=17600株); without a hint, what follows a colon, else from
  the first operator (≥ ≤ > < =) outside brackets, else the value that closes the item as
  `indicators_from_sentence` reads one (受益户数10户). A part with no value followed, before the
  item's end, by one with a value (作物种植补助标准,黄金蜜(葡萄)补助成本(≤**元/株)≤28.40/株) is read
  as the start of that one's name, as written, with a warning (it may be an indicator of its
  own). An item whose value cannot be separated (生态修复功能提高) is kept whole as its name and,
  as a sentence without a number is, as its qualitative value, with a warning naming line and
  item. ★ marks stay in the names, as the other readers keep them. A line among the indicators
  that is none is warned of; the lines after the last (附件, the signature, the date, the site's
  own text) are passed over, an 附件 named in a warning.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from jixiao.core.framework import Level1, categorize, find_level1, framework
from jixiao.core.model import (
    Budget,
    Indicator,
    MoneyUnit,
    Organisation,
    Project,
    ReadWarning,
    TargetDocument,
)
from jixiao.core.sentences import indicators_from_sentence
from jixiao.core.value import parse_value
from jixiao.ingest import detect
from jixiao.ingest.errors import IngestError

LAYOUT = "prose-target"
_HEAD = 200_000
_INLINE = 20
"""Characters a line of inline indicators has at least (a 二级 label and an item with its value)."""
_LABEL_LENGTH = 24
"""Characters a category label has at most (notes in brackets counted)."""
_SHOWN = 30
"""Characters of a text quoted in a warning's cell."""

_SPACES = " \t\u3000\xa0\ufeff\u200b"
_OPEN = "(（《〈【[〔“‘"
_CLOSE = ")）》〉】]〕”’"
_STOPS = "。；;"
"""Ends of an item (and of a body's sentence), wherever they stand."""
_COMMAS = "，,"
"""Ends of a part of an item, outside brackets (a comma between digits is a thousands separator)."""
_OPERATORS = "≥≤≧≦⩾⩽≮≯＞＜＝><="
_COLONS = ":："
_SPACE = r"[ \t\u3000\xa0]"
_NUMBERING_TEXT = (
    r"[（(](?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})[)）]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|[0-9]{1,2}[、．)）]|[0-9]{1,2}\.(?![0-9])|[①-⑳]"
)
_NUMBERING = re.compile(rf"{_SPACE}*+(?P<number>{_NUMBERING_TEXT})?{_SPACE}*+")
"""A list marker before a heading, a label or an item: 一、 （一） 1. 1、 ①."""
_NOTE = r"(?:[(（][^()（）\n]{0,12}[)）])?"
_HINT = re.compile(r"[(（][^()（）\n]{0,30}?[*＊][^()（）\n]{0,30}?[)）]|[(（](?:定性|定量)[)）]")
"""A template's hint in a 三级指标's name: (≥**株), (≤**元/株), （≥**%）, (定性)."""
_OPERATOR_VALUE = re.compile(rf"[{_OPERATORS}]=?{_SPACE}*+[0-9０-９]")
_YEAR = re.compile(rf"(?<![0-9])([12][0-9]{{3}}){_SPACE}*+年(?!{_SPACE}*+[0-9]{{1,2}}{_SPACE}*+月)")
"""A year (2023年, 2023年度), not a date's (2023年3月27日)."""
_NUMBER = r"(?P<number>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
_AMOUNT = re.compile(
    rf"(?:资金|投资|经费|补助|预算|拨款|共计|合计|总计)(?:总额|总计|共计|合计|规模)?{_SPACE}*+"
    rf"(?:为|是|共|计|达|:|：)?{_SPACE}*+{_NUMBER}{_SPACE}*+(?P<unit>万元|元)"
)
"""An amount after its word: 资金50万元, 总投资：120.5万元, 资金共计50万元."""
_AMOUNT_BEFORE = re.compile(
    rf"(?<![0-9.]){_NUMBER}{_SPACE}*+(?P<unit>万元|元)(?:的)?(?:[\u4e00-\u9fff]{{0,6}}资金|经费)"
)
"""An amount before its word: 50万元资金, 30万元中央财政衔接资金."""
_TOTAL_WORD = re.compile(r"总|共计|合计")
_FISCAL_WORD = "财政"
_OTHER_WORD = re.compile(r"自筹|其他资金|其它资金|社会资金|社会资本|银行贷款|群众投劳")
_GOAL = re.compile(
    r"(?:本)?(?:项目)?(?:年度总体|年度|总体|整体)?(?:绩效)?目标(?:是|为)[:：]?"
    r"|(?:本)?(?:项目)?(?:年度总体|年度|总体|整体)?绩效目标[:：]"
)
"""The goal's lead: 项目总体绩效目标是:, 年度目标为, 绩效目标：."""
_IMPLEMENTS = re.compile(r"(?:组织|计划|拟|用于)?实施(?:了)?(?P<name>\S.{0,80}?项目)$")
"""A clause naming the project it funds: 实施同心县下马关镇设施农业黄金蜜(葡萄)种植项目."""
_COLON_LABEL = re.compile(rf"(?P<label>[\u4e00-\u9fff]{{2,8}}){_SPACE}*+[:：]")
_TITLE_END = ("公示", "公告", "公开", "说明", "通知", "设定", "目标表", "申报表", "设定表")
_DATE = re.compile(
    r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
)
_ATTACHMENT = "附件"
_TRAILING_YEAR = re.compile(r"[0-9]{4}\s*年度?$")

NAME, UNIT, SUPERVISOR, PURPOSE, MONEY, UNREAD = (
    "name", "unit", "supervisor", "purpose", "money", "unread",
)  # fmt: skip
BODY_LABELS: dict[str, str] = {
    "项目名称": NAME,
    "实施单位": UNIT, "项目实施单位": UNIT, "项目单位": UNIT, "建设单位": UNIT,
    "实施主体": UNIT, "项目实施主体": UNIT, "项目建设单位": UNIT,
    "主管部门": SUPERVISOR, "项目主管部门": SUPERVISOR,
    "项目建设内容": PURPOSE, "建设内容": PURPOSE, "主要建设内容": PURPOSE, "项目实施内容": PURPOSE,
    "实施内容": PURPOSE, "项目内容": PURPOSE, "资金用途": PURPOSE, "资金使用方向": PURPOSE,
    "资金来源": MONEY, "资金规模": MONEY, "项目资金": MONEY, "资金安排": MONEY, "投资规模": MONEY,
    "项目总投资": MONEY, "总投资": MONEY, "其中": MONEY,
    "项目负责人": UNREAD, "负责人": UNREAD, "联系人": UNREAD, "联系电话": UNREAD,
    "建设地点": UNREAD, "实施地点": UNREAD, "项目地点": UNREAD, "建设期限": UNREAD,
    "实施期限": UNREAD, "建设周期": UNREAD, "实施周期": UNREAD, "项目周期": UNREAD,
    "项目概况": UNREAD, "立项依据": UNREAD, "受益对象": UNREAD, "建设规模": UNREAD,
}  # fmt: skip
"""Labels a notice's body writes before their value (with a colon, 为, or glued: 项目负责人金秀梧):
the field each fills; MONEY clauses are read for their amounts, UNREAD ones warned of by name."""
_BODY_LABEL = re.compile(
    "(?P<label>"
    + "|".join(re.escape(label) for label in sorted(BODY_LABELS, key=len, reverse=True))
    + rf"){_SPACE}*+(?:[:：]|为|是)?{_SPACE}*+"
)
CHROME_UNIT = frozenset({"发布机构", "发文机关", "发布单位", "发文单位", "发布部门", "信息来源"})
CHROME_TITLE = frozenset({"标题", "文件标题", "信息名称", "公告标题"})
"""The page's own fields (a site's 信息公开 header): the publisher and the notice's title."""


# detection


def _alternatives(words: set[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _words(level1: Level1) -> set[str]:
    return {level1.name, *level1.synonyms}


def _level2_words() -> set[str]:
    return {w for one in framework() for two in one.level2 for w in (two.name, *two.synonyms)}


@cache
def _level1_line() -> re.Pattern[str]:
    """A line that is a 一级 heading (一、 产出指标; 产出指标：…): the indicators start there."""
    words = {word for one in framework() for word in _words(one)}
    return re.compile(
        rf"^{_SPACE}*+(?:{_NUMBERING_TEXT})?{_SPACE}*+(?:{_alternatives(words)}){_NOTE}"
        rf"{_SPACE}*+(?:[:：]|$)",
        re.MULTILINE,
    )


@cache
def _output_line() -> re.Pattern[str]:
    output = next(one for one in framework() if one.name == "产出指标")
    return re.compile(
        rf"^{_SPACE}*+(?:{_NUMBERING_TEXT})?{_SPACE}*+(?:{_alternatives(_words(output))}){_NOTE}"
        rf"{_SPACE}*+(?:[:：]|$)",
        re.MULTILINE,
    )


@cache
def _inline_line() -> re.Pattern[str]:
    """A line beginning with a 二级 label and its colon (数量指标:…, 效益指标:经济效益指标:…)."""
    level1 = {word for one in framework() for word in _words(one)}
    return re.compile(
        rf"{_SPACE}*+(?:{_NUMBERING_TEXT})?{_SPACE}*+(?:(?:{_alternatives(level1)}){_NOTE}"
        rf"{_SPACE}*+[:：]{_SPACE}*+)?(?:{_alternatives(_level2_words())}){_NOTE}{_SPACE}*+[:：]"
    )


def looks_like(text: str) -> bool:
    """A notice's prose targets: 绩效目标 in the text, a line that is the 产出指标 heading (一、
    产出指标), and a line of at least `_INLINE` characters, no table row, that begins with a 二级
    label and its colon (数量指标:) and holds a value after an operator (>=17600株, ≥95%). Each
    looked for once, at C speed."""
    head = text[:_HEAD]
    if "绩效目标" not in head or "产出" not in head or _output_line().search(head) is None:
        return False
    inline = _inline_line()
    return any(
        "|" not in line and inline.match(line) is not None and _OPERATOR_VALUE.search(line)
        for line in detect.long_lines(head, _INLINE)
    )


# reading


@dataclass
class _Notes:
    """Warnings gathered while reading, placed on the project once its name is known."""

    items: list[tuple[int, str, str | None]] = field(default_factory=list)

    def add(self, line: int, message: str, cell: str | None = None) -> None:
        self.items.append((line, message, _shown(cell) if cell else None))

    def warnings(self, table: str) -> list[ReadWarning]:
        return [
            ReadWarning(message=message, line=line, table=table, cell=cell)
            for line, message, cell in sorted(self.items, key=lambda item: item[0])
        ]


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _squeeze(text: str) -> str:
    return "".join(text.split()).rstrip(_COLONS)


def _closing(text: str, start: int, end: int) -> str:
    """The text of a sentence from `start`, with its 。 when it ends in one (as written)."""
    return text[start:end].strip(_SPACES) + ("。" if text.startswith("。", end) else "")


@dataclass(frozen=True)
class _Clause:
    text: str  # stripped
    start: int  # of the stripped text in the line
    end: int  # of the sentence the clause is in (its 。 or ；, or the line's end)


def _sentences(line: str) -> list[list[_Clause]]:
    """The line's sentences (ending at 。；;), each cut into clauses at commas outside brackets."""
    sentences: list[list[_Clause]] = []
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for position, char in enumerate(line):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in _STOPS:
            spans.append((start, position))
            sentences.append(_clauses(line, spans, position))
            spans, depth, start = [], 0, position + 1
        elif char in _COMMAS and depth == 0 and not _thousands(line, position):
            spans.append((start, position))
            start = position + 1
    spans.append((start, len(line)))
    sentences.append(_clauses(line, spans, len(line)))
    return sentences


def _clauses(line: str, spans: list[tuple[int, int]], end: int) -> list[_Clause]:
    found = []
    for start, stop in spans:
        text = line[start:stop]
        stripped = text.strip(_SPACES)
        if stripped:
            found.append(_Clause(stripped, start + len(text) - len(text.lstrip(_SPACES)), end))
    return found


def _thousands(line: str, position: int) -> bool:
    """ "1,000": an ASCII comma between a digit and three more is part of a number."""
    return (
        line[position] == ","
        and position > 0
        and line[position - 1].isdigit()
        and line[position + 1 : position + 4].isdigit()
        and len(line[position + 1 : position + 4]) == 3
    )


@dataclass(frozen=True)
class _Amount:
    number: Decimal
    unit: MoneyUnit
    written: str
    total: bool
    fiscal: bool
    other: bool


@dataclass
class _Front:
    """The page above the indicators: chrome, title and body."""

    notes: _Notes
    title: str | None = None
    title_line: int | None = None
    publisher: str | None = None
    body_name: str | None = None
    implemented: str | None = None
    implemented_line: int | None = None
    unit: str | None = None
    supervisor: str | None = None
    purpose: str | None = None
    goals: list[str] = field(default_factory=list)
    amounts: list[_Amount] = field(default_factory=list)
    amount_line: int | None = None
    money_years: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    first_line: int = 1  # of the body, where what is missing from it is said
    body: bool = False

    def read(self, lines: list[str], first: int) -> None:
        for number, line in enumerate(lines, start=first):
            stripped = line.strip(_SPACES)
            if not stripped:
                continue
            if "|" in stripped:
                self._chrome([cell.strip(_SPACES) for cell in stripped.split("|")], number)
            elif not self._chrome_line(stripped) and not self._title(stripped, number):
                self._body(stripped, number)

    def _chrome(self, cells: list[str], number: int) -> None:
        for key, value in itertools.pairwise(cells):
            if self._field(_squeeze(key), value) and _squeeze(key) in CHROME_TITLE:
                self.title_line = self.title_line or number

    def _chrome_line(self, line: str) -> bool:
        colon = min((i for i in (line.find(":"), line.find("：")) if i > 0), default=-1)
        if colon < 0 or colon > 12:
            return False
        key = _squeeze(line[:colon])
        return key in CHROME_UNIT | CHROME_TITLE and self._field(key, line[colon + 1 :].strip())

    def _field(self, key: str, value: str) -> bool:
        if not value:
            return False
        if key in CHROME_UNIT and self.publisher is None:
            self.publisher = value
        elif key in CHROME_TITLE and self.title is None:
            self.title = value
        return key in CHROME_UNIT | CHROME_TITLE

    def _title(self, line: str, number: int) -> bool:
        """A line naming the notice (关于…项目绩效目标设定的公示), not a sentence of its body."""
        if (
            "绩效目标" not in line
            or len(line) > 100
            or "。" in line
            or line.endswith((":", "："))
            or "如下" in line
            or not (line.startswith("关于") or line.endswith(_TITLE_END))
        ):
            return False
        if self.title is None:
            self.title = line
        if self.title_line is None and line == self.title:
            self.title_line = number
        return True

    def _body(self, line: str, number: int) -> None:
        if not self.body:
            self.first_line, self.body = number, True
        for sentence in _sentences(line):
            self._sentence(line, sentence, number)

    def _sentence(self, line: str, clauses: list[_Clause], number: int) -> None:
        for clause in clauses:
            text = clause.text
            goal = _GOAL.match(text)
            if goal is not None and text[goal.end() :].strip(_SPACES):
                self.goals.append(_closing(line, clause.start + goal.end(), clause.end))
                return  # the goal runs to the sentence's end
            if text.endswith(("如下", "如下:", "如下：")):
                continue  # 现将绩效目标设定如下: the indicators follow
            labelled = _BODY_LABEL.match(text)
            if labelled is not None and len(text) > labelled.end():
                kind, value = BODY_LABELS[labelled["label"]], text[labelled.end() :]
                if kind == PURPOSE:
                    if self.purpose is None:
                        self.purpose = _closing(line, clause.start + labelled.end(), clause.end)
                    return  # the purpose runs to the sentence's end
                if kind == MONEY:
                    self._money(text, number)
                elif kind == UNREAD:
                    self.notes.add(
                        number, f"「{labelled['label']}」一项未读入（系统暂无对应栏目）", text
                    )
                else:
                    self._named(kind, value)
                continue
            colon = _COLON_LABEL.match(text)
            if colon is not None:
                self.notes.add(number, f"「{colon['label']}」一项未读入（系统暂无对应栏目）", text)
                continue
            implemented = _IMPLEMENTS.match(text)
            if implemented is not None and self.implemented is None:
                self.implemented, self.implemented_line = implemented["name"], number
            self._money(text, number)

    def _named(self, kind: str, value: str) -> None:
        if kind == NAME and self.body_name is None:
            self.body_name = value
        elif kind == UNIT and self.unit is None:
            self.unit = value
        elif kind == SUPERVISOR and self.supervisor is None:
            self.supervisor = value

    def _money(self, text: str, number: int) -> None:
        """The clause's amounts and years (years of a clause without an amount count only where
        no amount's clause writes one)."""
        years = [int(match.group(1)) for match in _YEAR.finditer(text)]
        found = sorted(
            [*_AMOUNT.finditer(text), *_AMOUNT_BEFORE.finditer(text)], key=lambda m: m.start()
        )
        previous = 0
        for match in found:
            if match.start() < previous:
                continue  # one amount matched both ways
            window = text[previous : match.end()]
            near = text[max(previous, match.start() - 4) : match.end()]
            unit: MoneyUnit = "万元" if match["unit"] == "万元" else "元"
            fiscal, other = _FISCAL_WORD in window, _OTHER_WORD.search(window) is not None
            self.amounts.append(
                _Amount(
                    number=Decimal(match["number"].replace(",", "")),
                    unit=unit,
                    written=match.group().strip(_SPACES),
                    total=_TOTAL_WORD.search(near) is not None,
                    fiscal=fiscal and not other,
                    other=other and not fiscal,
                )
            )
            self.amount_line = self.amount_line or number
            previous = match.end()
        (self.money_years if found else self.years).extend(years)

    def budget(self) -> tuple[MoneyUnit, Budget]:
        amounts = self.amounts
        if not amounts:
            return "元", Budget()
        if len({(a.number, a.unit) for a in amounts}) == 1:
            one = amounts[0]  # one amount, or the same money written again
            return one.unit, Budget(
                total=one.number,
                fiscal=one.number if one.fiscal else None,
                other=one.number if one.other else None,
            )
        totals = [a for a in amounts if a.total]
        line = self.amount_line or self.first_line
        if len(totals) != 1:
            self.notes.add(
                line,
                "文中写有多笔资金（" + "、".join(a.written for a in amounts) + "），没有写明其中"
                "哪一笔是总额，预算总额未读入；请核对后补填",
            )
            return amounts[0].unit, Budget()
        total = totals[0]
        parts = [a for a in amounts if a is not total and a.unit == total.unit]
        fiscal = [a for a in parts if a.fiscal]
        other = [a for a in parts if a.other]
        return total.unit, Budget(
            total=total.number,
            fiscal=fiscal[0].number if len(fiscal) == 1 else None,
            other=other[0].number if len(other) == 1 else None,
        )

    def year(self) -> int | None:
        if self.title:
            found = _YEAR.search(self.title)
            if found is not None:
                return int(found.group(1))
        for years in (self.money_years, self.years):
            distinct = sorted(set(years))
            if len(distinct) == 1:
                return distinct[0]
            if distinct:
                self.notes.add(
                    self.amount_line or self.first_line,
                    "文中写有多个年度（" + "、".join(f"{y}年" for y in distinct) + "），"
                    "未能确定预算年度；请核对后补填",
                )
                return None
        return None

    def name(self, source: str) -> str:
        titled = _titled_name(self.title) if self.title else None
        name = self.body_name or titled or self.implemented
        if name is None:
            raise IngestError(
                source,
                "文中没有写明项目名称（标题中没有“关于××项目绩效目标…”，正文中也没有“实施××项目”）",
                line=self.title_line or self.first_line,
                expected="标题“关于××项目绩效目标设定的公示”，或正文中的“项目名称：××”",
                hint="请核对文件是否为项目绩效目标的公示；如是，请在文中写明项目名称后再导入。",
            )
        other = self.implemented
        if (
            name == titled
            and other
            and not self.body_name
            and not other.endswith(name)
            and not name.endswith(other)
        ):
            self.notes.add(
                self.implemented_line or self.first_line,
                f"标题称项目为「{name}」，正文称「{other}」；按标题读作「{name}」，请核对",
                other,
            )
        return name


def _titled_name(title: str) -> str | None:
    """The title's words between 关于 (the publisher before it left out) and 绩效目标, a year
    written after them left out: 关于下马关镇…种植项目绩效目标设定的公示 → 下马关镇…种植项目;
    某县交通局关于马家村道路项目2024年度绩效目标的公示 → 马家村道路项目."""
    text = title.strip(_SPACES)
    end = text.find("绩效目标")
    about = text.find("关于", 0, max(end, 0))
    name = text[about + 2 if about >= 0 else 0 : max(end, 0)].rstrip(_SPACES).removesuffix("的")
    name = _TRAILING_YEAR.sub("", name).rstrip(_SPACES)
    return name or None


# the indicators


@dataclass
class _Item:
    text: str
    start: int
    end: int


@dataclass
class _Levels:
    level1: str | None = None
    level2: str | None = None
    numbering: str | None = None  # how the 一级 heading is numbered (一、 or （一） or 1.)


@dataclass
class _Reading:
    """The indicator lines, read one by one in document order."""

    notes: _Notes
    indicators: list[Indicator] = field(default_factory=list)
    levels: _Levels = field(default_factory=_Levels)
    lone_heading: bool = False
    reading: bool = False
    passed: list[tuple[int, str]] = field(default_factory=list)

    def line(self, number: int, line: str) -> None:
        stripped = line.strip(_SPACES)
        if not stripped:
            return
        tokens, levels = _tokens(line, self.levels)
        starts_with_label = bool(tokens) and isinstance(tokens[0], _Levels)
        items = [token for token in tokens if isinstance(token, _Item)]
        follows = self.reading and any(_strong(item.text) for item in items)
        if "|" in line or not (starts_with_label or self.lone_heading or follows):
            self.passed.append((number, stripped))
            self.reading = self.lone_heading = False
            return
        if self.passed:  # lines among the indicators that are none
            self._not_indicators(self.passed)
        self.passed = []
        self._read(number, line, tokens)
        self.levels = levels
        self.reading, self.lone_heading = True, not items

    def _not_indicators(self, passed: list[tuple[int, str]]) -> None:
        (first, text), (last, _) = passed[0], passed[-1]
        lines = "这一行" if first == last else f"第{first}行至第{last}行（{len(passed)} 行）"
        self.notes.add(
            first,
            f"{lines}在绩效指标之间，但不是指标（不以指标类别开头，也没有指标值），未读入；"
            "如是指标，请在行首写明其二级指标（如“数量指标：”）",
            text,
        )

    def trailer(self) -> None:
        """The lines after the last indicator: an attachment named, the rest passed over."""
        for number, text in self.passed:
            if text.startswith(_ATTACHMENT):
                attached = text[len(_ATTACHMENT) :].lstrip(_SPACES + _COLONS)
                self.notes.add(
                    number,
                    f"正文提到附件「{attached}」，附件不在本文件中；如附件是绩效目标表，"
                    "请另行导入并与本文核对",
                    text,
                )

    def _read(self, number: int, line: str, tokens: list[_Levels | _Item | None]) -> None:
        leads: list[_Item] = []
        for token in tokens:
            if isinstance(token, _Levels):
                self._flush(number, leads)
                self.levels = token
            elif token is None:  # an item's end
                self._flush(number, leads)
            else:
                read = _split_item(token.text)
                if read is None or (not read[0][0] and not leads):
                    leads.append(token)  # a value alone (≥95%) names nothing by itself
                    if read is not None:
                        self._flush(number, leads)
                    continue
                if leads:
                    read[0] = (self._joined(number, line, leads, token, read[0][0]), read[0][1])
                    leads = []
                for name, value in read:
                    self._indicator(number, name, value)
        self._flush(number, leads)

    def _joined(self, number: int, line: str, leads: list[_Item], item: _Item, name: str) -> str:
        """The name of an item with the parts before it that have no value (作物种植补助标准,
        黄金蜜(葡萄)补助成本(≤**元/株)), as written; warned of, as they may be indicators."""
        lead = line[leads[0].start : leads[-1].end]
        if not name:
            return lead  # 完成率,≥95%: the part before is the name
        if item.text.startswith(name):
            joined = line[leads[0].start : item.start + len(name)]
        else:  # a name read without a particle (覆盖率达95% → 覆盖率)
            joined = line[leads[0].start : item.start] + name
        self.notes.add(
            number,
            f"「{lead}」后面没有指标值，读作下一项指标名称的开头（「{joined}」）；"
            "如果它是一项单独的指标，请补写它的指标值",
            lead,
        )
        return joined

    def _flush(self, number: int, leads: list[_Item]) -> None:
        for item in leads:
            self.notes.add(
                number,
                "这一项分不出指标名称和指标值（没有“(≥**…)”这样的模板提示、运算符或数值），"
                "整段作为指标名称保留，并作为定性指标值读入；请核对，并分别写明指标名称和指标值",
                item.text,
            )
            self._indicator(number, item.text, item.text, warned=True)
        leads.clear()

    def _indicator(self, number: int, name: str, value: str, *, warned: bool = False) -> None:
        if not value and not warned:
            self.notes.add(number, f"「{name}」没有写指标值；请补写指标值", name)
        level1, level2 = self.levels.level1, self.levels.level2
        self.indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=name,
                target=parse_value(value),
                category=categorize(level1, level2),
            )
        )


def _tokens(line: str, levels: _Levels) -> tuple[list[_Levels | _Item | None], _Levels]:
    """The line as labels (the levels they set), items and item ends (None), and the levels
    after it. One pass over the line's characters, then over its parts."""
    tokens: list[_Levels | _Item | None] = []
    current = levels
    for start, end, stop in _parts(line):
        position = start
        while position < end:
            marker = _NUMBERING.match(line, position, end)
            numbering = _numbering(marker["number"]) if marker is not None else None
            position = marker.end() if marker is not None else position
            colon = _top_level(line, position, end, _COLONS)
            head = line[position : colon if colon >= 0 else end].strip(_SPACES)
            found = _label(head, current, numbering)
            if found is None:
                if line[position:end].strip(_SPACES):
                    text = line[position:end].strip(_SPACES)
                    offset = line.find(text, position, end)
                    tokens.append(_Item(text, offset, offset + len(text)))
                break
            current = (
                _Levels(found[1], None, numbering or current.numbering)
                if found[0] == 1
                else _Levels(current.level1, found[1], current.numbering)
            )
            tokens.append(current)
            position = colon + 1 if colon >= 0 else end
        if stop:
            tokens.append(None)
    return tokens, current


def _parts(line: str) -> list[tuple[int, int, bool]]:
    """Where each part of the line is: cut at ；;。 (an item's end: True) and at commas outside
    brackets (False)."""
    parts: list[tuple[int, int, bool]] = []
    depth, start = 0, 0
    for position, char in enumerate(line):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in _STOPS:
            parts.append((start, position, True))
            depth, start = 0, position + 1
        elif char in _COMMAS and depth == 0 and not _thousands(line, position):
            parts.append((start, position, False))
            start = position + 1
    parts.append((start, len(line), True))
    return parts


def _top_level(text: str, start: int, end: int, chars: str) -> int:
    """The first of `chars` outside brackets in text[start:end], or -1."""
    depth = 0
    for position in range(start, end):
        char = text[position]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in chars:
            return position
    return -1


def _numbering(number: str | None) -> str | None:
    """The kind of a list marker: 一、 and 二. are "一", （一） "(一)", 1. 1、 "1", （1） "(1)"."""
    if not number:
        return None
    kind = "一" if any(char in "一二三四五六七八九十" for char in number) else "1"
    if number[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        kind = "①"
    return f"({kind})" if number[0] in "(（" else kind


def _label(wording: str, levels: _Levels, numbering: str | None) -> tuple[int, str] | None:
    """(1, wording) for a 一级 label, (2, wording) for a 二级 one, None for no label. A heading
    numbered as the 一级 heading above it (三、 满意度指标 after 二、 效益指标), or the first, is
    a 一级; else a 二级 of the 一级 above comes first (4.成本指标 under （一）产出指标)."""
    if not wording or len(wording) > _LABEL_LENGTH:
        return None
    heading = numbering is not None and (levels.level1 is None or numbering == levels.numbering)
    if heading and find_level1(wording) is not None:
        return 1, wording
    owner = find_level1(levels.level1)
    if owner is not None and owner.find(wording) is not None:
        return 2, wording
    if find_level1(wording) is not None:
        return 1, wording
    if any(one.find(wording) for one in framework()):
        return 2, wording
    return None


def _last_hint(text: str) -> int:
    end = -1
    for match in _HINT.finditer(text):
        end = match.end()
    return end


def _strong(text: str) -> bool:
    """Whether the item writes its value with a template hint or an operator outside brackets."""
    return _last_hint(text) >= 0 or _top_level(text, 0, len(text), _OPERATORS) > 0


def _split_item(text: str) -> list[tuple[str, str]] | None:
    """The item's (name, value) pairs, or None when no value can be separated. A 、 between two
    items each with its value (种植面积≥100亩、种植户数≥10户) parts them."""
    pieces = _listed(text)
    if len(pieces) > 1:
        found = [_split_one(piece) for piece in pieces]
        if all(one is not None for one in found):
            return [one for one in found if one is not None]
    one = _split_one(text)
    if one is not None:
        return [one]
    stated = indicators_from_sentence(text) if not any(c in text for c in "，,；;。") else []
    if stated and all(found.name != found.description for found in stated):
        return [(found.name, found.target.raw) for found in stated]
    return None


def _split_one(text: str) -> tuple[str, str] | None:
    hint = _last_hint(text)
    if hint >= 0:
        return text[:hint].strip(_SPACES), text[hint:].strip(_SPACES).lstrip(_COLONS).strip(_SPACES)
    colon = _top_level(text, 0, len(text), _COLONS)
    if colon > 0 and text[colon + 1 :].strip(_SPACES):
        return text[:colon].strip(_SPACES), text[colon + 1 :].strip(_SPACES)
    operator = _top_level(text, 0, len(text), _OPERATORS)
    if operator >= 0 and text[:operator].strip(_SPACES):
        return text[:operator].strip(_SPACES), text[operator:].strip(_SPACES)
    if operator == 0 and parse_value(text).kind != "qualitative":
        return "", text  # a value alone: the part before it is its name (完成率,≥95%)
    return None


def _listed(text: str) -> list[str]:
    """The item cut at 、 outside brackets into items each ending in a value written by hint
    or operator: 种植面积≥100亩、种植户数≥10户 is two; 受益脱贫户、监测户人口数≥10户 one (the
    words before a value are its name); words after the last value stay with it."""
    groups: list[str] = []
    pending = ""  # the pieces since the last one with a value
    depth, start = 0, 0
    for position in range(len(text) + 1):
        char = text[position] if position < len(text) else "、"
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char == "、" and (depth == 0 or position == len(text)):
            piece = text[start:position]
            pending = pending + "、" + piece if pending else piece
            if _strong(piece):
                groups.append(pending)
                pending = ""
            start = position + 1
    if pending and groups:
        groups[-1] += "、" + pending
    elif pending:
        groups.append(pending)
    return groups


def _unit(front: _Front, trailer: list[tuple[int, str]]) -> str | None:
    """The body's 实施单位, else the page's 发布机构, else the signature above the closing date."""
    if front.unit or front.publisher:
        return front.unit or front.publisher
    for (_, text), (_, after) in itertools.pairwise(trailer):
        if _DATE.fullmatch(after) and len(text) <= 30 and not any(c in text for c in "，,。:："):
            return text
    return None


def read(text: str, source: str) -> TargetDocument:
    heading = _level1_line().search(text)
    if heading is None:
        raise IngestError(
            source,
            "文中没有“一、产出指标”这样的指标类别标题，读不出绩效指标",
            line=1,
            expected="以一级指标为标题（如“一、产出指标”），其下逐句写明二级指标和指标值的公示",
        )
    lines = text.split("\n")
    first = text.count("\n", 0, heading.start())
    notes = _Notes()
    front = _Front(notes)
    front.read(lines[:first], 1)
    reading = _Reading(notes)
    for number, line in enumerate(lines[first:], start=first + 1):
        reading.line(number, line)
    trailer = list(reading.passed)
    reading.trailer()
    name = front.name(source)
    money_unit, budget = front.budget()
    year = front.year()
    unit = _unit(front, trailer)
    if unit is None:
        notes.add(
            front.title_line or 1, "文中没有写明实施单位或发布机构，单位名称为空；请核对后补填"
        )
    if not reading.indicators:
        notes.add(first + 1, "没有读到任何绩效指标；请核对文件")
    project = Project(
        name=name,
        year=year,
        unit=Organisation(name=unit or ""),
        supervisor=Organisation(name=front.supervisor) if front.supervisor else None,
        money_unit=money_unit,
        budget=budget,
        purpose=front.purpose,
        goals=front.goals,
        indicators=reading.indicators,
    )
    return TargetDocument(
        source=source,
        year=year,
        layout=LAYOUT,
        projects=[project],
        warnings=notes.warnings(name),
    )
