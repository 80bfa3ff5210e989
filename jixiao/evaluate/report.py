"""The recomputed self-evaluation for a reader: as data (JSON), for a terminal and as a page.

Each table shows the profile in force (id and version), the 预算执行率 line and every indicator with
its 分值, 得分 and the arithmetic in words, the total and grade, the indicators that need
偏差原因分析及改进措施, and the discrepancies with what the unit wrote (`check`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from html import escape
from typing import Any

from rich.console import Console
from rich.markup import escape as markup

from jixiao.core.model import TargetDocument
from jixiao.evaluate.check import CATEGORY_LABEL, ProjectCheck, has_self_evaluation
from jixiao.evaluate.profile import Profile
from jixiao.evaluate.scoring import IndicatorScore, ScoreResult
from jixiao.export.review_html import PRINTABLE_STYLE

Checked = tuple[TargetDocument, list[ProjectCheck]]
_COLOURS = {"错误": "bold red", "警告": "yellow", "提示": "cyan"}
_SOURCES = {"written": "单位设定", "spread": "按方案分配", "profile": "按方案", "none": "未设"}


def _d(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


def profile_data(profile: Profile) -> dict[str, Any]:
    return {"id": profile.id, "version": profile.version, "title": profile.title}


def result_data(result: ScoreResult) -> dict[str, Any]:
    execution = result.execution
    return {
        "profile": profile_data(result.profile),
        "execution": {
            "label": execution.label,
            "budget": _d(execution.budget),
            "executed": _d(execution.executed),
            "rate_percent": _d(execution.rate_percent),
            "weight": _d(execution.weight),
            "weight_source": execution.weight_source,
            "score": _d(execution.score),
            "written_score": _d(execution.written_score),
            "arithmetic": execution.arithmetic,
            "notes": list(execution.notes),
            "needs_reason": execution.needs_reason,
            "reason": execution.reason,
        },
        "indicators": [_indicator_data(item) for item in result.indicators],
        "points": _d(result.points),
        "total": _d(result.profile.round(result.total)),
        "complete": result.complete,
        "grade": result.grade,
        "summary": result.summary(),
        "not_fully_met": list(result.not_fully_met),
        "missing_deviation": list(result.missing_deviation),
        "unscored": list(result.unscored),
    }


def _indicator_data(item: IndicatorScore) -> dict[str, Any]:
    adjustment = item.adjustment
    return {
        "index": item.index,
        "name": item.name,
        "group": item.group,
        "weight": _d(item.weight),
        "weight_source": item.weight_source,
        "rule": item.rule,
        "score": _d(item.score),
        "written_score": _d(item.written_score),
        "arithmetic": item.arithmetic,
        "band": item.band.name if item.band else None,
        "allowed": [_d(item.allowed[0]), _d(item.allowed[1])] if item.allowed else None,
        "fully_met": item.fully_met,
        "needs_deviation": item.needs_deviation,
        "deviation_missing": item.deviation_missing,
        "notes": list(item.notes),
        "adjustment": None
        if adjustment is None
        else {
            "computed": _d(adjustment.computed),
            "adjusted": _d(adjustment.adjusted),
            "reason": adjustment.reason,
        },
    }


def report_data(checked: list[Checked], profile: Profile) -> dict[str, Any]:
    return {
        "profile": profile_data(profile),
        "documents": [
            {
                "source": document.source,
                "projects": [
                    {
                        "position": None if check.department else check.position,
                        "department": check.department,
                        "code": check.result.project_code,
                        "name": check.result.project_name,
                        "self_evaluation": check.department
                        or has_self_evaluation(document.projects[check.position]),
                        **result_data(check.result),
                        "findings": [finding.to_data() for finding in check.findings],
                    }
                    for check in checks
                ],
                "findings": sum(len(check.findings) for check in checks),
            }
            for document, checks in checked
        ],
    }


# -- terminal ---------------------------------------------------------------------------------


def print_report(checked: list[Checked], profile: Profile, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"评分方案：{markup(profile.label)}", soft_wrap=True)
    for document, checks in checked:
        console.rule(f"[bold]{markup(document.source)}[/bold]")
        found = sum(len(check.findings) for check in checks)
        tables = sum(not check.department for check in checks)
        whole = "部门整体自评 1 张，" if any(check.department for check in checks) else ""
        console.print(f"{whole}项目 {tables} 个；发现不一致 {found} 处。")
        if not any(check.department for check in checks) and not any(
            has_self_evaluation(project) for project in document.projects
        ):
            console.print(
                "[yellow]该文件没有自评内容（实际完成值、得分、预算执行情况）：以下只列出分值。"
                "[/yellow]",
                soft_wrap=True,
            )
        for check in checks:
            _print_project(check, console)


def _title(result: ScoreResult) -> str:
    return f"{result.project_code or ''} {result.project_name}".strip()


def _print_project(check: ProjectCheck, console: Console) -> None:
    result = check.result
    console.print(f"\n[bold underline]{markup(_title(result))}[/bold underline]")
    execution = result.execution
    console.print(
        f"  预算执行率（分值 {format(execution.weight, 'f')}）：{markup(execution.arithmetic)}",
        soft_wrap=True,
    )
    for note in execution.notes:
        console.print(f"    [dim]注：{markup(note)}[/dim]", soft_wrap=True)
    for item in result.indicators:
        weight = (
            f"分值 {format(item.weight, 'f')}，{_SOURCES[item.weight_source]}"
            if item.weight is not None
            else "未设分值"
        )
        group = item.group or "未归入一级指标"
        console.print(
            f"  {item.index + 1}. {markup(item.name)}（{markup(group)}，{weight}）", soft_wrap=True
        )
        console.print(f"     {markup(item.arithmetic)}", soft_wrap=True)
        if item.adjustment is not None:
            console.print(
                f"     人工调整为 {item.adjustment.adjusted} 分（计算得分 "
                f"{item.adjustment.computed}）：{markup(item.adjustment.reason)}",
                soft_wrap=True,
            )
        for note in item.notes:
            console.print(f"     [dim]注：{markup(note)}[/dim]", soft_wrap=True)
    console.print(f"  [bold]{markup(result.summary())}[/bold]", soft_wrap=True)
    needing = [result.indicators[i].name for i in result.not_fully_met]
    if needing:
        missing = {result.indicators[i].name for i in result.missing_deviation}
        listed = "、".join(f"{name}（未填写）" if name in missing else name for name in needing)
        console.print(f"  须填写偏差原因分析及改进措施：{markup(listed)}", soft_wrap=True)
    if not check.findings:
        return
    console.print(f"  与填报内容不一致（{len(check.findings)} 处）：")
    for finding in check.findings:
        colour = _COLOURS[finding.severity]
        console.print(
            f"  [{colour}]{finding.severity}[/{colour}] [dim]{CATEGORY_LABEL}[/dim]",
        )
        console.print(f"    {markup(finding.message)}", soft_wrap=True)
        console.print(f"    [green]建议[/green]：{markup(finding.suggestion)}", soft_wrap=True)
        console.print(f"    [dim]依据：{markup(finding.reference)}[/dim]", soft_wrap=True)


# -- page -------------------------------------------------------------------------------------

_STYLE = PRINTABLE_STYLE + ".num { text-align: right; white-space: nowrap; }\n"
"""The printable review's page style, and right-aligned figures."""


def render_html(checked: list[Checked], profile: Profile) -> str:
    return "".join(_page(checked, profile))


def _page(checked: list[Checked], profile: Profile) -> Iterator[str]:
    yield '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
    yield "<title>绩效自评复核</title>\n<style>" + _STYLE + "</style>\n</head>\n<body>\n"
    yield "<h1>绩效自评复核</h1>\n"
    yield f'<p class="meta">评分方案：{escape(profile.label)}</p>\n'
    for document, checks in checked:
        yield f"<h2>{escape(document.source)}</h2>\n"
        for check in checks:
            yield from _project_html(check)
    yield "</body>\n</html>\n"


def _project_html(check: ProjectCheck) -> Iterator[str]:
    result = check.result
    execution = result.execution
    yield f"<h3>{escape(_title(result))}</h3>\n"
    yield (
        "<table><tr><th>项目</th><th>分值</th><th>填报得分</th><th>计算得分</th>"
        "<th>计算过程</th></tr>\n"
    )
    yield (
        f"<tr><td>预算执行率</td><td class=num>{format(execution.weight, 'f')}</td>"
        f"<td class=num>{_d(execution.written_score) or ''}</td>"
        f"<td class=num>{_d(execution.score) or '—'}</td>"
        f"<td>{escape(execution.arithmetic)}</td></tr>\n"
    )
    for item in result.indicators:
        notes = "".join(f"<br><span class=ref>注：{escape(note)}</span>" for note in item.notes)
        yield (
            f"<tr><td>{escape(item.name)}</td><td class=num>{_d(item.weight) or ''}</td>"
            f"<td class=num>{_d(item.written_score) or ''}</td>"
            f"<td class=num>{_d(item.score) or '—'}</td>"
            f"<td>{escape(item.arithmetic)}{notes}</td></tr>\n"
        )
    yield "</table>\n"
    yield f"<p><strong>{escape(result.summary())}</strong></p>\n"
    if check.findings:
        yield "<table><tr><th>级别</th><th>问题</th><th>建议</th></tr>\n"
        for finding in check.findings:
            yield (
                f"<tr><td class=sev-{finding.severity}>{finding.severity}</td>"
                f"<td>{escape(finding.message)}<br><span class=ref>依据："
                f"{escape(finding.reference)}</span></td><td>{escape(finding.suggestion)}</td></tr>\n"
            )
        yield "</table>\n"
