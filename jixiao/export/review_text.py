"""Review findings for a terminal, grouped by project."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from jixiao.core.model import TargetDocument
from jixiao.export.review_html import worded_result
from jixiao.review.engine import CATEGORY_LABELS, Finding
from jixiao.review.summary import by_project, summarize

_COLOURS = {"错误": "bold red", "警告": "yellow", "提示": "cyan"}


def print_review(
    reviews: list[tuple[TargetDocument, list[Finding]]], console: Console | None = None
) -> None:
    console = console or Console()
    for document, findings in reviews:
        summary = summarize(document, findings)
        severity = summary["by_severity"]
        console.rule(f"[bold]{escape(document.source)}[/bold]")
        console.print(
            f"项目 {summary['projects']} 个，指标 {summary['indicators']} 个；"
            f"错误 {severity['错误']}，警告 {severity['警告']}，提示 {severity['提示']}。"
            f"审核结论：[bold]{escape(summary['verdict'])}[/bold]"
        )
        by_table = by_project(findings)
        groups: list[tuple[str, list[Finding], str]] = [
            ("部门整体绩效目标", by_table.get(None, []), "")
        ]
        for number, project in enumerate(document.projects):
            own = by_table.get(number, [])
            title = f"{project.code or ''} {project.name}".strip()
            groups.append((title, own, worded_result(number, own)))
        for title, group, grade in groups:
            if not group and not grade:
                continue
            console.print(f"\n[bold underline]{escape(title)}[/bold underline]（{len(group)} 处）")
            if grade:
                console.print(f"  [bold]{escape(grade)}[/bold]", soft_wrap=True)
            for finding in group:
                colour = _COLOURS[finding.severity]
                console.print(
                    f"  [{colour}]{finding.severity}[/{colour}]"
                    f" [dim]{CATEGORY_LABELS[finding.category]}[/dim]"
                )
                # Let the terminal fold long lines: rich's word wrap would leave "项目" alone
                # on a line before the long code-and-name run that follows it.
                console.print(f"    {escape(finding.message)}", soft_wrap=True)
                console.print(
                    f"    [green]建议[/green]：{escape(finding.suggestion)}", soft_wrap=True
                )
                console.print(f"    [dim]依据：{escape(finding.reference)}[/dim]", soft_wrap=True)
