"""Layout `narrative-report`: a self-evaluation report written as prose and published as a web
page's text — 部门整体支出绩效自评报告 / 绩效评价报告 of a department, or the 绩效自评报告 of a
project's or a fund's money (关于2021年度××转移支付资金绩效的自评报告).

The page's furniture above the report (您所在的位置, 发布时间, 索引号, 字体, 打印本页 …) is passed
over; the report's title (a line ending in 自评报告 / 绩效评价报告) names the department or the
funds, its year (2022年整体支出… , a "(2022年度)" line below it, else the year of the accounts
the report states: 2021年部门决算…), and the unit: the text before the year or before 整体支出 in
the title, or a line beside the title that is only a name (南昌市档案馆 above
2022年整体支出绩效自评报告), never the site's name or its publisher.

The body is cut at its numbered headings (第一部分, 一、 (一) 1.; a (1) or ① is an item), each
heading a short title. A section the model has a field for is read whole, as written, its lines
joined: for a department its 职能职责 (`duties`) and its 部门整体支出绩效目标 (`overall_goal`); for
a project its 绩效目标 (`goals`, an item each: 一是…二是…, 1. …, and the 预算 the section states
as `budget.total`) and what the report says was achieved (`evaluation`: 目标完成情况, 项目实施情况,
存在的问题, 改进措施, 自评结论 with its score and grade). Inside such a section a deeper number
is an item, and one at its own level too unless it continues the headings' count rather than the
items' (3.职责职能 then 1. 2. 3. …: items; 4. after them: the next heading); a field's heading
followed at once by deeper headings (二、绩效目标完成情况分析 → (一)资金投入情况分析) only groups
them. Every other section is warned of by name, not read — a department's 部门决算收支 among them:
the year's execution, no budget — and so is the introduction between the title and the first
heading; a text that stops mid-sentence is read as far as it goes, with a warning where it stops,
and a second report's title below the first (部门整体支出… then 项目支出绩效评价报告) ends the
reading, warned of. A report is no form: its project has no `title` (the form's), its department
no `budget` (a 决算 is the year's execution; a 预算 would lose its money unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.model import (
    Budget,
    Department,
    Evaluation,
    Grade,
    MoneyUnit,
    Organisation,
    Project,
    ReadWarning,
    TargetDocument,
)
from jixiao.ingest import detect
from jixiao.ingest.errors import IngestError
from jixiao.ingest.report_prose import (
    CHROME,
    CHROME_LINE,
    DUTIES,
    END_CHROME,
    SPACES,
    YEAR,
    YEAR_LINE,
    Section,
    cut_warnings,
    heading,
    labelled,
    only_name,
    project_title,
    quoted,
    report_lines,
    split_sections,
    unread_warnings,
)

LAYOUT = "narrative-report"

_HEAD = 200_000
_TOP = 60
"""Lines holding text a report's title and first heading are among."""
_TITLE_LINE = 80

_TITLE = re.compile(r"(?:绩效[^\n]{0,3}?(?:自评|评价)|自评)报告(?:[（(][^（()）\n]{0,20}[)）])?$")
"""A report's title ends so: 绩效自评报告, 绩效评价报告, 资金绩效的自评报告 (a note in brackets
after it: (2022年度))."""
_FIRST = re.compile(
    r"^一\s*[、.．]\s*[^\n]{0,12}?"
    r"(?:基本情况|基本概况|概况|基本信息|绩效目标|职能职责|职责职能|主要职责|主要职能)"
)
"""The first section of such a report."""

_ACCOUNTS_YEAR = re.compile(
    r"(?<!\d)(20\d\d)\s*年度?(?:本?(?:部门|单位))?(?:整体支出|决算|预算|收支|财政)"
)
"""The year of the accounts the report states (2021年部门决算收支), where its title has none."""

_WHOLE = re.compile(
    r"(?P<unit>.*?)(?:(?P<year>20\d\d)\s*年度?)?的?(?:部门|单位)?(?:[（(]单位[)）])?整体"
)
_UNIT_WIDE = re.compile(
    r"(?P<unit>.*?)(?:(?P<year>20\d\d)\s*年度?)?的?(?:部门|单位)(?:[（(]单位[)）])?(?:预算)?"
    r"(?:支出)?绩效"
)
"""A department's report: 南昌市档案馆2022年整体支出…, 田心乡部门整体支出…, ××局2022年度部门绩效…"""
_PROJECT = re.compile(
    r"(?:(?P<year>20\d\d)\s*年度?)?的?(?P<name>.+?)的?(?:绩效)?的?(?:自评|评价|自我评价)报告"
)
"""A project's or fund's report, after its unit: 2021年度政法纪检监察转移支付资金绩效的自评报告."""

OVERALL = "overall_goal"
GOALS, ACHIEVED, IMPLEMENTATION = "goals", "goal_achieved", "implementation"
PROBLEMS, IMPROVEMENTS, CONCLUSION = "problems", "improvements", "conclusion"
_DEPARTMENT_FIELDS = {
    DUTIES: re.compile(
        r"(?:部门|单位|本单位|本部门|机关|本局)?的?(?:主要)?(?:工作)?"
        r"(?:职能职责|职责职能|职责|职能)(?:概述|简介|情况)?"
    ),
    OVERALL: re.compile(
        r"(?:部门|单位)?(?:整体)?(?:支出)?(?:年度)?(?:(?:整体|总体)?绩效目标|(?:整体|总体|年度)目标)"
        r"(?:设定|设立)?(?:情况)?"
    ),
}
_PROJECT_FIELDS = {
    GOALS: re.compile(
        r"(?:项目|资金)?(?:年度)?(?:总体)?绩效目标(?:设定|设立|分解下达|下达|分解)?(?:情况)?"
    ),
    ACHIEVED: re.compile(
        r"(?:项目|资金)?(?:年度)?(?:总体)?(?:绩效)?目标(?:完成|实现|达成)(?:情况)?(?:分析)?"
    ),
    IMPLEMENTATION: re.compile(
        r"项目(?:组织)?(?:实施|执行)(?:内容)?(?:及过程)?(?:情况|概述|过程)?(?:分析)?"
    ),
    PROBLEMS: re.compile(
        r"(?:存在的?|主要)?(?:问题|偏差)(?:(?:及|和)原因(?:分析)?)?"
        r"(?:(?:及|和)(?:改进|整改)(?:措施|建议|意见))?"
    ),
    IMPROVEMENTS: re.compile(
        r"(?:改进|整改)(?:措施|建议|意见|方向)(?:及建议)?|下一步(?:工作)?(?:计划|打算|措施|改进措施)?"
        r"|(?:相关|有关|对策)?建议"
    ),
    CONCLUSION: re.compile(
        r"(?:绩效)?(?:自评|评价|综合评价)(?:结论|结果)(?:及得分)?|自评得分(?:情况)?|评价等级"
    ),
}
_DEPARTMENT_KEYS = re.compile(
    "|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in _DEPARTMENT_FIELDS.items())
)
_PROJECT_KEYS = re.compile(
    "|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in _PROJECT_FIELDS.items())
)
"""The fields' wordings in one pattern each, a heading's field the group its title matches."""

_GOAL_LABEL = re.compile(r"绩效目标\s*(?:为|是)?\s*[:：]")
_ENUMERATOR = re.compile(
    r"(?:^|(?<=[;；。，,\n]))\s*(?:[一二三四五六七八九十]{1,2}是|[(（]\d{1,2}[)）]"
    r"|\d{1,2}(?:、|[.．](?!\d))|[①-⑳])\s*",
    re.MULTILINE,
)
_GOAL_TRIM = " \n;；,，"
_BUDGET = re.compile(
    r"预算(?:资金|金额|数|总额|总数)?(?:为|共|合计|总计|计)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(万元|元)"
)
_SCORE = re.compile(r"得分(?:为)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*分")
_GRADE = re.compile(r"(?:等级|等次)(?:为)?\s*[:：]?\s*[“\"「]?(优秀|良好|优|良|中|差)(?![良好秀])")
_GRADES: dict[str, Grade] = {
    "优秀": "优", "良好": "良", "优": "优", "良": "良", "中": "中", "差": "差",
}  # fmt: skip


def looks_like(text: str) -> bool:
    """A title ending in 绩效自评报告 / 绩效评价报告 / 自评报告 among the first lines, a numbered
    first section (一、基本情况, 一、单位概况, 一、绩效目标…) after it, and no label a form's
    readers need (项目名称 or another naming label, 一级指标) anywhere in the head: a report
    holding a form is the form's. The first `_TOP` lines, then one pass over the head's lines."""
    head = text[:_HEAD]
    titled = False
    for count, (_, line) in enumerate(detect.content_lines(head)):
        if count >= _TOP:
            return False
        stripped = line.strip(SPACES)
        if not titled:
            titled = is_title(stripped)
        elif _FIRST.match(stripped):
            return not labelled(head)
    return False


def is_title(line: str) -> bool:
    return (
        len(line) <= _TITLE_LINE
        and _TITLE.search(line) is not None
        and not (len(line) <= CHROME_LINE and CHROME.search(line))
    )


@dataclass
class _Front:
    """What stands above the first heading, the page's furniture left out: the lines, which of
    them are titles (the first is where the report begins; the last names it)."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    titles: list[int] = field(default_factory=list)
    """Indexes in `lines`."""

    def title(self, index: int) -> tuple[int, str]:
        return self.lines[self.titles[index]]

    def after(self) -> list[tuple[int, str]]:
        """The lines from the first title on."""
        return self.lines[self.titles[0] :]


def read(text: str, source: str) -> TargetDocument:
    lines = report_lines(text)
    start, front = _front(lines, source)
    body = lines[start:]
    other = next((i for i, (_, line) in enumerate(body) if is_title(line)), None)
    following = body[other] if other is not None else None
    body = body[:other] if other is not None else body
    while body and len(body[-1][1]) <= CHROME_LINE and END_CHROME.search(body[-1][1]):
        body.pop()  # the page's buttons below the report
    whole = _department_title(front.title(-1)[1]) is not None
    sections = split_sections(body, _DEPARTMENT_KEYS if whole else _PROJECT_KEYS)
    if whole:
        document = _department(source, front, sections, body)
    else:
        document = _project(source, front, sections, body)
    if following is None:
        return document
    table = document.department.name if document.department else document.projects[0].name
    warning = ReadWarning(
        message=f"第{following[0]}行起是另一份报告「{following[1]}」，未读入；"
        "请把它另存为一个文件后导入",
        line=following[0],
        table=table,
        cell=following[1],
    )
    return document.model_copy(update={"warnings": [*document.warnings, warning]})


def _front(lines: list[tuple[int, str]], source: str) -> tuple[int, _Front]:
    """Where the body begins (the first heading after the first title) and what stands above."""
    front = _Front()
    for index, (number, line) in enumerate(lines):
        if front.titles and heading(line) is not None:
            return index, front
        if not front.titles and index >= _TOP:
            break
        if len(line) <= CHROME_LINE and CHROME.search(line):
            continue
        if is_title(line):
            front.titles.append(len(front.lines))
        front.lines.append((number, line))
    if not front.titles:
        raise IngestError(
            source,
            "文件开头没有绩效自评报告或绩效评价报告的标题",
            line=lines[0][0] if lines else 1,
            expected="以“绩效自评报告”“绩效评价报告”或“自评报告”结尾的标题，其下是一、二、…各节",
            hint="请确认文件是网页上的绩效自评（评价）报告正文。",
        )
    raise IngestError(
        source,
        "报告标题之后没有编号的各节标题（如“一、基本情况”）",
        line=front.title(0)[0],
        expected="标题之后是一、（一）、1. 编号的各节",
        hint="文件可能只复制了标题；请复制报告全文后重新导入。",
    )


# the department's report


def _department_title(title: str) -> re.Match[str] | None:
    return _WHOLE.match(title) if "整体" in title else _UNIT_WIDE.match(title)


def _department(
    source: str, front: _Front, sections: list[Section], body: list[tuple[int, str]]
) -> TargetDocument:
    name = _unit_name(front, department=True)
    year = _year(front, body)
    texts = _taken(sections)
    department = Department(name=name, duties=texts.get(DUTIES), overall_goal=texts.get(OVERALL))
    title_line, title = front.title(-1)
    warnings = _front_warnings(front, name, named=name is not None)
    if name is None:
        warnings.append(
            ReadWarning(
                message="报告的标题及标题旁都没有写明是哪个单位的报告，部门名称未读入；"
                "导入时请选择报告所属的主管部门",
                line=title_line,
                table=None,
                cell=title,
            )
        )
    warnings += unread_warnings(sections, name, whole=True)
    if not texts:
        warnings.append(
            ReadWarning(
                message="报告中没有系统能读入的内容（职能职责、部门整体支出绩效目标），只读入了单位"
                "名称和年度；请核对文件是否完整",
                line=title_line,
                table=name,
                cell=title,
            )
        )
    warnings += cut_warnings(sections, body, name, name)
    document = TargetDocument(source=source, year=year, layout=LAYOUT, department=department)
    return document.model_copy(update={"warnings": warnings})


# the project's report


def _project(
    source: str, front: _Front, sections: list[Section], body: list[tuple[int, str]]
) -> TargetDocument:
    title_line, title = front.title(-1)
    unit_name, rest = project_title(title)
    if not unit_name:
        unit_name = _unit_name(front, department=False) or ""
    match = _PROJECT.match(rest)
    name = match["name"].strip() if match is not None else ""
    name = name.removeprefix(unit_name).removeprefix("的") if unit_name else name
    if name.endswith(("项目支出", "资金支出", "经费支出")):
        name = name.removesuffix("支出")
    year = int(match["year"]) if match is not None and match["year"] else _year(front, body)
    warnings = _front_warnings(front, name, named=bool(unit_name))
    if not name:
        warnings.append(
            ReadWarning(
                message="报告的标题中没有写明项目或资金的名称，项目名称未读入",
                line=title_line,
                table=name,
                cell=title,
            )
        )
    if not unit_name:
        warnings.append(
            ReadWarning(
                message="报告的标题及标题旁都没有写明实施单位，单位名称未读入",
                line=title_line,
                table=name,
                cell=title,
            )
        )
    goals: list[str] = []
    budget, money_unit = Budget(), "元"
    for section in sections:
        if section.kind != GOALS:
            continue
        found, said, lead = _goals(section)
        goals += found
        if said is not None and budget.total is None:
            budget, money_unit = Budget(total=said[0]), said[1]
        if lead[1]:
            warnings.append(
                ReadWarning(
                    message=f"「{section.title}」一节中绩效目标之前的文字未读入（系统暂无对应栏目）",
                    line=lead[0],
                    table=name,
                    cell=quoted(lead[1]),
                )
            )
    texts = _taken(sections)
    evaluation = _evaluation(texts)
    warnings += unread_warnings(sections, name, whole=False)
    if not goals and evaluation is None:
        warnings.append(
            ReadWarning(
                message="报告中没有系统能读入的内容（绩效目标、目标完成情况、问题、结论等），只读入"
                "了项目名称和年度；请核对文件是否完整",
                line=title_line,
                table=name,
                cell=title,
            )
        )
    warnings += cut_warnings(sections, body, name, unit_name)
    project = Project(
        name=name,
        title=None,  # a table's title: the report is none (its name, unit and year are read)
        year=year,
        unit=Organisation(name=unit_name),
        money_unit=_money_unit(money_unit),
        budget=budget,
        goals=goals,
        evaluation=evaluation,
    )
    document = TargetDocument(source=source, year=year, layout=LAYOUT, projects=[project])
    return document.model_copy(update={"warnings": warnings})


def _money_unit(unit: str) -> MoneyUnit:
    return "万元" if unit == "万元" else "元"


def _goals(section: Section) -> tuple[list[str], tuple[Decimal, str] | None, tuple[int, str]]:
    """The section's goals (an item each), the 预算 it states, and the text before its
    绩效目标： that states no 预算 (its line and text; empty when there is none)."""
    text = "\n".join(line for _, line in section.content)
    label = _GOAL_LABEL.search(text)
    budget = _BUDGET.search(text[: label.start()] if label is not None else text)
    said = (Decimal(budget[1]), budget[2]) if budget is not None else None
    lead: tuple[int, str] = (0, "")
    if label is not None:
        before = text[: label.start()].strip()
        if before and budget is None:
            lead = (section.content[0][0], before)
        text = text[label.end() :]
    elif budget is not None:  # 预算150万元。1.… : the sentence stating the amount read as such
        stop = text.find("。", budget.end())
        text = text[stop + 1 :] if stop >= 0 else text[budget.end() :]
    return _items(text), said, lead


def _items(text: str) -> list[str]:
    """The goals of a text: an item each where an enumerator leads it (一是, 1., (1), ①), else
    a line each."""
    starts = list(_ENUMERATOR.finditer(text))
    if not starts:
        return [line.strip() for line in text.split("\n") if line.strip(_GOAL_TRIM)]
    items = [text[: starts[0].start()]]
    items += [
        text[match.end() : following.start() if following is not None else len(text)]
        for match, following in zip(starts, [*starts[1:], None], strict=True)
    ]
    return [item.strip(_GOAL_TRIM) for item in items if item.strip(_GOAL_TRIM)]


def _evaluation(texts: dict[str, str]) -> Evaluation | None:
    values = {
        key: texts.get(key)
        for key in (ACHIEVED, IMPLEMENTATION, PROBLEMS, IMPROVEMENTS, CONCLUSION)
    }
    if not any(values.values()):
        return None
    conclusion = values[CONCLUSION] or ""
    score = _SCORE.search(conclusion)
    grade = _GRADE.search(conclusion)
    return Evaluation(
        goal_achieved=values[ACHIEVED],
        implementation=values[IMPLEMENTATION],
        problems=values[PROBLEMS],
        improvements=values[IMPROVEMENTS],
        conclusion=values[CONCLUSION],
        total_score=Decimal(score[1]) if score is not None else None,
        grade=_GRADES[grade[1]] if grade is not None else None,
    )


# what both kinds share


def _taken(sections: list[Section]) -> dict[str, str]:
    """Each field's text: its sections' lines as written, joined by line breaks."""
    texts: dict[str, list[str]] = {}
    for section in sections:
        if section.kind is not None and section.content:
            texts.setdefault(section.kind, []).extend(line for _, line in section.content)
    return {name: "\n".join(lines) for name, lines in texts.items()}


def _unit_name(front: _Front, *, department: bool) -> str | None:
    """The unit the report is of: the text before its year (or 整体支出) in the title nearest
    the body, then in the titles above it; else a line beside such a title that is only a name
    (the line just above it first)."""
    for index in reversed(front.titles):
        title = front.lines[index][1]
        if department:
            match = _department_title(title)
            unit = match["unit"] if match is not None else ""
        else:
            unit = project_title(title)[0]
        unit = unit.removeprefix("关于").strip(SPACES)
        if unit:
            return unit
    for index in reversed(front.titles):
        for step in (-1, 1):
            beside = index + step
            while 0 <= beside < len(front.lines) and YEAR_LINE.fullmatch(front.lines[beside][1]):
                beside += step
            if 0 <= beside < len(front.lines) and only_name(front.lines[beside][1]):
                return front.lines[beside][1]
    return None


def _year(front: _Front, body: list[tuple[int, str]]) -> int | None:
    """The report's year: its title's (the one nearest the body first), a year line below the
    title ((2022年度)), else the year of the accounts the body states first."""
    for index in reversed(front.titles):
        found = YEAR.search(front.lines[index][1])
        if found is not None:
            return int(found[1])
    for _, line in front.after():
        found_line = YEAR_LINE.fullmatch(line)
        if found_line is not None:
            return int(found_line[1])
    for _, line in body:
        accounts = _ACCOUNTS_YEAR.search(line)
        if accounts is not None:
            return int(accounts[1])
    return None


def _front_warnings(front: _Front, table: str | None, *, named: bool) -> list[ReadWarning]:
    """The introduction between the title and the first heading (根据…现将…报告如下), warned of
    once; the titles, the year line and (where the unit was read) the name lines are read."""
    for number, line in front.after():
        if is_title(line) or YEAR_LINE.fullmatch(line) or (only_name(line) and named):
            continue
        return [
            ReadWarning(
                message=f"标题与第一节之间的文字（第{number}行起）未读入（系统暂无对应栏目）",
                line=number,
                table=table,
                cell=quoted(line),
            )
        ]
    return []
