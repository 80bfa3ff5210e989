"""Layout `monitoring-report`: a mid-year monitoring report written as prose and published as a
web page's text — 项目运行绩效监控报告, 绩效运行监控报告, 绩效监控情况报告 (of a unit's projects,
or of one project: ××项目绩效运行监控报告) — as a government site or an essay aggregator (范文)
shows it.

The page's furniture above the report is passed over: the site's (发布时间, 索引号, 打印本页 …, as
`narrative_report` knows them) and an aggregator's (时间:… 报告范文 我要投稿, 范例(15篇), its own
paragraph 下面是小编为大家收集的…欢迎大家分享). The report begins at its title (a line ending in
绩效…监控…报告, an aggregator's number after it: 项目运行绩效监控报告1) and its numbered first
section (一、项目支出基本情况); a second report's title below it (项目运行绩效监控报告2) ends the
reading, warned of. The unit is the title's text before its year (or 关于), else a line beside
the title that is only a name, else the name the first section opens with before a year — an
organisation's name by its ending (馆, 局, 中心, 委员会 …): 长沙市城市建设档案馆2022年年初… —;
the year the title's, a (2022年度) line's, else that opening's (2022年年初 → 2022).

The body is cut at its numbered headings as `narrative_report` cuts a project's report. Its
基本情况 section names the projects: where it lists them, one item each
(1、档案装具专项指标为12万元,用于…), each is a `Project`: its name as written before the
指标/预算 it states (…专项经费 kept), the amount as `budget.total` in the unit written beside
it (a 指标 is the year's budget quota, a 预算数), and the 用于… clause as `purpose`, the form's
资金用途: what the money is spent on. An item whose unit differs from the list's (15元 among
万元) is kept as written, never corrected, and warned of, saying so too when the items add up
to the stated total only in the list's unit; a list whose items do not add up to its total
(总额为84万元,其中:) is warned of. Where the section lists none, the report is of one project:
named by its title (××项目绩效运行监控报告; a bare 项目运行绩效监控报告 names none, said in a
warning), its budget the first 预算/指标 amount the section states, its purpose the section's
one 用于… clause. The section's other lines (公用经费…, a project's description) are warned of.

What was found fills `Monitoring`: 绩效目标完成情况 / 实现情况 (with its 及偏差原因 where the
heading joins them) `goal_progress`, 偏差原因(分析) / 问题及原因 `cause`, 纠偏措施 / 改进措施
(及下一步工作计划) `remedy`, each section as written, its lines joined. A report listing
several projects writes them for all together: they are read into each project's monitoring,
said in a warning. A project gets a `Monitoring` only where one of them is read: 048 stops in
its 绩效运行监控工作开展情况, before any, so its projects carry only what 基本情况 states. The
money rows (`Monitoring.funds`) are a monitoring table's columns; a 预算执行情况 written as prose
is warned of, not read into them. Every other section is warned of by name, and so is the text
between the title and the first heading and the place the text stops.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.core.model import (
    Budget,
    Monitoring,
    Organisation,
    Project,
    ReadWarning,
    TargetDocument,
)
from jixiao.ingest import detect
from jixiao.ingest.errors import IngestError
from jixiao.ingest.narrative_report import is_title as _evaluation_title
from jixiao.ingest.report_prose import (
    CHROME,
    CHROME_LINE,
    END_CHROME,
    SPACES,
    YEAR,
    YEAR_LINE,
    Section,
    cut_warnings,
    heading,
    labelled,
    numbering,
    only_name,
    project_title,
    quoted,
    report_lines,
    split_sections,
    unread_warnings,
)

LAYOUT = "monitoring-report"

_HEAD = 200_000
_TOP = 60
"""Lines holding text a report's title and first heading are among."""
_TITLE_LINE = 80

_TITLE = re.compile(
    r"绩效[^\n]{0,4}?监控[^\n]{0,6}?报告(?:[（(][^（()）\n]{0,20}[)）])?\s*(?P<number>\d{1,2})?$"
)
"""A monitoring report's title ends so: 项目运行绩效监控报告, 绩效运行监控报告, 绩效监控情况报告,
绩效运行监控情况的报告, an aggregator's number after it (项目运行绩效监控报告1)."""
_FIRST = re.compile(
    r"^一\s*[、.．]\s*[^\n]{0,14}?"
    r"(?:基本情况|基本概况|概况|基本信息|绩效目标|监控|预算执行|执行情况)"
)
"""The first section of such a report."""
_AGGREGATOR = re.compile(
    r"范文|范例|我要投稿|小编|为大家(?:收集|整理|精心|带来|准备|分享)|欢迎(?:大家)?(?:分享|借鉴|参考|阅读|收藏)"
    r"|仅供参考|[(（]\s*\d+\s*篇\s*[)）]|^时间\s*[:：]\s*20\d\d"
)
"""An essay aggregator's own text around the report: its buttons, the collection's title with
its count, its introduction (下面是小编为大家收集的…)."""
_AGGREGATOR_LINE = 200

_TAIL = re.compile(r"的?(?:支出)?(?:运行)?绩效[^\n]*$")
"""What follows a project's name in the title (××项目绩效运行监控报告)."""
_PERIOD = re.compile(r"^(?:年度|年|上半年|1\s*[-—~至]\s*6\s*月(?:份)?|前三季度|第[一二三]季度)")
_GENERIC = frozenset({"", "项目", "项目支出", "部门", "单位", "整体", "部门整体", "专项", "财政"})
_ORGANISATION = re.compile(
    r"(?P<unit>[\u4e00-\u9fff（）()]{2,40}?"
    r"(?:馆|局|委员会|委|院|中心|站|所|办公室|办|处|厅|部|会|队|校|政府|街道办事处|街道|乡|镇|社|室|公司|署|团|园|场))"
    r"\s*(?P<year>20\d\d)\s*年"
)
"""The unit a section opens with, before a year: 长沙市城市建设档案馆2022年年初…"""
_BODY_YEAR = re.compile(
    r"(?<!\d)(20\d\d)\s*年(?:度|年初|初|上半年|全年)?(?:的)?(?:年初)?(?:项目|专项|预算|部门|单位|财政|经费)"
)

BASIC, PROGRESS, CAUSE, REMEDY = "basic", "goal_progress", "cause", "remedy"
_FIELDS = {
    BASIC: r"(?:单位|部门|项目|资金|专项)?(?:支出|资金|经费)?的?(?:基本)?(?:情况|概况)",
    PROGRESS: r"(?:项目)?(?:年度)?(?:绩效)?目标(?:完成|实现|执行|进展|达成)"
    r"(?:情况|进度|程度)?(?:分析)?(?:(?:及|和)(?:偏差)?原因(?:分析)?)?|(?:绩效)?目标(?:运行|监控)情况|绩效运行情况(?:分析)?",
    CAUSE: r"(?:绩效)?(?:目标)?(?:偏差|偏离)(?:情况)?(?:(?:及|和)?原因)(?:分析)?"
    r"|(?:存在的?|主要)?问题(?:及|和)原因(?:分析)?|原因分析",
    REMEDY: r"(?:拟)?(?:采取的?)?(?:纠偏|整改|改进)(?:措施|建议|意见|方案)"
    r"(?:(?:及|和)下一步(?:工作)?(?:计划|打算|安排))?|下一步(?:纠偏|整改|改进)?措施",
}
_KEYS = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _FIELDS.items()))
"""The sections the model has a field for, a heading's field the group its title matches."""
_FOUND = (PROGRESS, CAUSE, REMEDY)
_EXECUTION = re.compile(r"预算执行|资金执行|执行情况|支出进度|资金使用")

_AMOUNT_WORDS = r"(?:的)?(?:年初|全年)?(?:(?:预算)?指标|预算(?:资金|金额|数)?|资金预算)"
_LISTED = re.compile(
    r"(?P<name>[^，,。；;：:]{2,60}?)\s*[，,：:]?\s*" + _AMOUNT_WORDS + r"(?:总额|金额|数)?\s*"
    r"(?:为|是|共|合计|计)?\s*[:：]?\s*(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)"
)
"""A listed project: its name, the 指标/预算 it states, the amount and its unit."""
_STATED = re.compile(
    _AMOUNT_WORDS + r"(?:总额|金额|数)?\s*(?:为|是|共|合计|计)?\s*[:：]?\s*"
    r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)"
)
_TOTAL = re.compile(r"总额|合计|共计|总计")
_PURPOSE = re.compile(r"^\s*[，,]?\s*(?:主要)?用于(?P<purpose>[^。；;]*)")
_USE = re.compile(r"(?:主要)?用于(?P<purpose>[^。；;\n]*)")
_CLOSING = " \t，,。；;：:"
_TEN_THOUSAND = Decimal(10_000)


def looks_like(text: str) -> bool:
    """A title ending in 绩效…监控…报告 among the first lines, a numbered first section
    (一、项目支出基本情况, 一、绩效监控工作开展情况 …) after it, and no label a form's readers
    need anywhere in the head. The first `_TOP` lines, then one pass over the head's lines."""
    head = text[:_HEAD]
    titled = False
    for count, (_, line) in enumerate(detect.content_lines(head)):
        if count >= _TOP:
            return False
        stripped = line.strip(SPACES)
        if not titled:
            titled = _title(stripped)
        elif _FIRST.match(stripped):
            return not labelled(head)
    return False


def _title(line: str) -> bool:
    return (
        len(line) <= _TITLE_LINE
        and _TITLE.search(line) is not None
        and not _evaluation_title(line)
        and not _chrome(line)
    )


def _chrome(line: str) -> bool:
    return (len(line) <= CHROME_LINE and CHROME.search(line) is not None) or (
        len(line) <= _AGGREGATOR_LINE and _AGGREGATOR.search(line) is not None
    )


def read(text: str, source: str) -> TargetDocument:
    lines = report_lines(text)
    start, front, titles = _front(lines, source)
    body = lines[start:]
    other = next((i for i, (_, line) in enumerate(body) if _title(line)), None)
    following = body[other] if other is not None else None
    body = body[:other] if other is not None else body
    while body and (_chrome(body[-1][1]) or END_CHROME.search(body[-1][1])):
        body.pop()  # the page's buttons, or the aggregator's text, below the report
    sections = split_sections(body, _KEYS)
    title_line, title = front[titles[-1]]
    basic = next((section for section in sections if section.kind == BASIC), None)
    unit, year = _unit_and_year(front, titles, basic)
    warnings: list[ReadWarning] = []
    projects = _listed(basic, unit, year, warnings) if basic is not None else []
    if not projects:
        projects = [_single((title_line, title), unit, year, basic, warnings)]
    first = projects[0].name
    if not unit:
        warnings.append(
            ReadWarning(
                message="报告的标题、标题旁和第一节开头都没有写明是哪个单位的报告，单位名称未读入",
                line=title_line,
                table=first,
                cell=title,
            )
        )
    warnings[:0] = _front_warnings(front, titles, first)
    projects = _monitored(projects, sections, warnings)
    warnings += _unread_sections(sections, first)
    if all(project.monitoring is None for project in projects) and not any(
        project.budget.total is not None for project in projects
    ):
        warnings.append(
            ReadWarning(
                message="报告中没有系统能读入的内容（所列项目及金额、绩效目标完成情况、偏差原因、"
                "纠偏措施），只读入了标题；请核对文件是否完整",
                line=title_line,
                table=first,
                cell=title,
            )
        )
    warnings += cut_warnings(sections, body, first, unit)
    if following is not None:
        warnings.append(
            ReadWarning(
                message=f"第{following[0]}行起是另一份报告「{following[1]}」，未读入；"
                "请把它另存为一个文件后导入",
                line=following[0],
                table=first,
                cell=following[1],
            )
        )
    document = TargetDocument(source=source, year=year, layout=LAYOUT, projects=projects)
    return document.model_copy(update={"warnings": warnings})


def _front(
    lines: list[tuple[int, str]], source: str
) -> tuple[int, list[tuple[int, str]], list[int]]:
    """Where the body begins (the first heading after a title), the lines above it, the page's
    and the aggregator's furniture left out, and which of them are titles."""
    front: list[tuple[int, str]] = []
    titles: list[int] = []
    for index, (number, line) in enumerate(lines):
        if titles and heading(line) is not None:
            return index, front, titles
        if not titles and index >= _TOP:
            break
        if _chrome(line):
            continue
        if _title(line):
            titles.append(len(front))
        front.append((number, line))
    if not titles:
        raise IngestError(
            source,
            "文件开头没有绩效运行监控报告的标题",
            line=lines[0][0] if lines else 1,
            expected="以“绩效运行监控报告”“绩效监控情况报告”等结尾的标题，其下是一、二、…各节",
            hint="请确认文件是网页上的绩效运行监控报告正文。",
        )
    raise IngestError(
        source,
        "报告标题之后没有编号的各节标题（如“一、项目基本情况”）",
        line=front[titles[0]][0],
        expected="标题之后是一、（一）、1. 编号的各节",
        hint="文件可能只复制了标题；请复制报告全文后重新导入。",
    )


def _unit_and_year(
    front: list[tuple[int, str]], titles: list[int], basic: Section | None
) -> tuple[str, int | None]:
    """The unit and year: the title's (the report's own, nearest the body, first), a line
    beside the title that is only a name, a year line; else the name and year the first
    section opens with."""
    unit, year = "", None
    for index in reversed(titles):
        title = front[index][1]
        unit = unit or project_title(title)[0].removeprefix("关于").strip(SPACES)
        found = YEAR.search(title)
        if year is None and found is not None:
            year = int(found[1])
    if not unit:
        for index in reversed(titles):
            for beside in (index - 1, index + 1):
                if 0 <= beside < len(front) and only_name(front[beside][1]):
                    unit = unit or front[beside][1]
    if year is None:
        year = next(
            (
                int(found[1])
                for _, line in front[titles[0] :]
                if (found := YEAR_LINE.fullmatch(line))
            ),
            None,
        )
    content = basic.content if basic is not None else []
    opening = _ORGANISATION.match(content[0][1]) if content else None
    if opening is not None:
        unit = unit or opening["unit"]
        year = year if year is not None else int(opening["year"])
    if year is None:
        year = next(
            (int(found[1]) for _, line in content if (found := _BODY_YEAR.search(line))), None
        )
    return unit, year


def _front_warnings(
    front: list[tuple[int, str]], titles: list[int], table: str
) -> list[ReadWarning]:
    """The text between the first title and the first heading (根据…现将…报告如下), warned of
    once; the titles, a year line and a name line are read."""
    for number, line in front[titles[0] :]:
        if _title(line) or YEAR_LINE.fullmatch(line) or only_name(line):
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


def _listed(
    basic: Section, unit: str, year: int | None, warnings: list[ReadWarning]
) -> list[Project]:
    """A project per numbered item of the 基本情况 section that names one with its amount; the
    section's other lines warned of, the items' units and sum checked against the list."""
    projects: list[Project] = []
    items: list[tuple[int, str, Decimal, str]] = []  # line, text, amount, unit
    others: list[tuple[int, str]] = []
    total: tuple[int, str, Decimal, str] | None = None
    for number, line in basic.content:
        numbered = numbering(line)
        listed = _LISTED.match(numbered.rest) if numbered is not None else None
        if numbered is None or listed is None:
            stated = _STATED.search(line)
            if not projects and total is None and stated is not None and _TOTAL.search(line):
                total = (number, line, Decimal(stated["amount"]), stated["unit"])
            else:
                others.append((number, line))
            continue
        name = listed["name"].strip(SPACES)
        after = numbered.rest[listed.end() :]
        purpose = _PURPOSE.match(after)
        rest = after[purpose.end() :] if purpose is not None else after
        amount, money_unit = Decimal(listed["amount"]), listed["unit"]
        projects.append(
            Project(
                name=name,
                year=year,
                unit=Organisation(name=unit),
                money_unit="万元" if money_unit == "万元" else "元",
                budget=Budget(total=amount),
                purpose=(purpose["purpose"].strip(_CLOSING) or None) if purpose else None,
            )
        )
        items.append((number, name, amount, money_unit))
        if rest.strip(_CLOSING):
            warnings.append(
                ReadWarning(
                    message=f"「{name}」一项中金额和用途之后的文字未读入（系统暂无对应栏目）",
                    line=number,
                    table=name,
                    cell=quoted(rest.strip(_CLOSING)),
                )
            )
    if not projects:
        return []
    warnings += _units(items, total)
    for number, line in others:
        warnings.append(
            ReadWarning(
                message=f"「{basic.title}」一节中的这段文字未读入（不是所列的项目，系统暂无对应栏目）",
                line=number,
                table=projects[0].name,
                cell=quoted(line),
            )
        )
    return projects


def _units(
    items: list[tuple[int, str, Decimal, str]], total: tuple[int, str, Decimal, str] | None
) -> list[ReadWarning]:
    """An item whose money unit differs from the list's (the total's, else most items'), kept
    as written; a list whose items do not add up to its stated total."""
    units = [unit for *_, unit in items]
    usual = total[3] if total is not None else max(set(units), key=units.count)
    odd = [item for item in items if item[3] != usual]
    written = sum((_in(amount, unit, usual) for *_, amount, unit in items), Decimal(0))
    numbers = sum((amount for *_, amount, _ in items), Decimal(0))
    fits = total is not None and written != total[2] and numbers == total[2]
    warnings = [
        ReadWarning(
            message=f"「{name}」的金额写作「{amount}{unit}」，与所列其他各项的单位（{usual}）不同；"
            f"已按原文读作 {amount} {unit}，未作改动"
            + (
                f"（若按{usual}计，各项之和正好是总额 {total[2]} {usual}）"
                if fits and total is not None
                else ""
            )
            + "，请核对原文后修改",
            line=number,
            table=name,
            cell=f"{amount}{unit}",
        )
        for number, name, amount, unit in odd
    ]
    if total is not None and written != total[2] and not fits:
        warnings.append(
            ReadWarning(
                message=f"所列各项之和（{written} {usual}）与文中的总额（{total[2]} {usual}）不符；"
                "各项已按原文读入，请核对原文",
                line=total[0],
                table=items[0][1],
                cell=quoted(total[1]),
            )
        )
    return warnings


def _in(amount: Decimal, unit: str, usual: str) -> Decimal:
    if unit == usual:
        return amount
    return amount / _TEN_THOUSAND if usual == "万元" else amount * _TEN_THOUSAND


def _single(
    titled: tuple[int, str],
    unit: str,
    year: int | None,
    basic: Section | None,
    warnings: list[ReadWarning],
) -> Project:
    """The one project a report lists none for: named by its title, its budget the first
    预算/指标 amount its 基本情况 states (the section's text otherwise warned of)."""
    title_line, title = titled
    rest = project_title(title)[1] if unit else title
    rest = rest.removeprefix("关于").strip(SPACES)
    rest = rest.removeprefix(unit) if unit else rest
    year_match = re.match(r"\s*20\d\d\s*年", rest)
    rest = rest[year_match.end() :] if year_match is not None else rest
    period = _PERIOD.match(rest)
    rest = rest[period.end() :] if period is not None else rest
    name = _TAIL.sub("", rest).strip(SPACES)
    name = "" if name in _GENERIC else name
    budget, money_unit, purpose = Budget(), "元", None
    if basic is not None:
        text = "\n".join(line for _, line in basic.content)
        stated = _STATED.search(text)
        if stated is not None:
            budget, money_unit = Budget(total=Decimal(stated["amount"])), stated["unit"]
        uses = list(_USE.finditer(text))
        if len(uses) == 1:  # one 用于…: what the money is spent on; several: the parts'
            purpose = uses[0]["purpose"].strip(_CLOSING) or None
        taken = [word for word, found in (("预算金额", stated), ("资金用途", purpose)) if found]
        if basic.content:
            warnings.append(
                ReadWarning(
                    message=f"「{basic.title}」一节的其余文字未读入（系统暂无对应栏目；"
                    + "、".join(taken)
                    + "已读入）"
                    if taken
                    else f"「{basic.title}」一节的文字未读入（系统暂无对应栏目）",
                    line=basic.line,
                    table=name,
                    cell=basic.heading,
                )
            )
    if not name:
        warnings.append(
            ReadWarning(
                message="报告的标题中没有写明项目的名称，第一节也没有逐项列出项目，项目名称未读入",
                line=title_line,
                table=name,
                cell=title,
            )
        )
    return Project(
        name=name,
        year=year,
        unit=Organisation(name=unit),
        money_unit="万元" if money_unit == "万元" else "元",
        budget=budget,
        purpose=purpose,
    )


def _monitored(
    projects: list[Project], sections: list[Section], warnings: list[ReadWarning]
) -> list[Project]:
    """Each project with what the report found (`Monitoring`), where a section says it."""
    texts: dict[str, list[str]] = {}
    taken: list[Section] = []
    for section in sections:
        if section.kind in _FOUND and section.content:
            texts.setdefault(section.kind, []).extend(line for _, line in section.content)
            taken.append(section)
    if not texts:
        return projects
    joined = {kind: "\n".join(lines) for kind, lines in texts.items()}
    monitoring = Monitoring(
        goal_progress=joined.get(PROGRESS), cause=joined.get(CAUSE), remedy=joined.get(REMEDY)
    )
    if len(projects) > 1:
        names = "「" + "」「".join(section.title for section in taken) + "」"
        warnings.append(
            ReadWarning(
                message=f"{names}写的是所列 {len(projects)} 个项目的整体情况，没有分项目写；"
                "已读入每个项目的监控情况，请在各项目中核对",
                line=taken[0].line,
                table=projects[0].name,
                cell=taken[0].heading,
            )
        )
    return [project.model_copy(update={"monitoring": monitoring}) for project in projects]


def _unread_sections(sections: list[Section], table: str) -> list[ReadWarning]:
    """Every section the model has no field for, by name; a budget's execution written as
    prose said to be no monitoring table's money rows."""
    warnings = unread_warnings(sections, table, whole=False)
    by_line = {section.line: section for section in sections}
    told: list[ReadWarning] = []
    for unread in warnings:
        warning = unread
        section = by_line.get(warning.line or 0)
        if (
            section is not None
            and _EXECUTION.search(section.title)
            and "一节未读入" in warning.message
        ):
            warning = warning.model_copy(
                update={
                    "message": f"「{section.title}」一节未读入：报告以文字叙述执行情况，不是监控表"
                    "按栏目（年初预算数、1-6月执行数、全年预计执行数）填写的金额；执行数请在系统的「运行监控」中填写"
                }
            )
        told.append(warning)
    return told
