"""The 审核意见 page: a standalone, printable HTML review of one or more documents."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from typing import Any

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import CATEGORY_LABELS, Finding
from jixiao.review.result import review_result
from jixiao.review.summary import by_project, summarize

PRINTABLE_STYLE = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 10.5pt; color: #111;
       max-width: 1100px; margin: 2em auto; line-height: 1.5; }
h1 { text-align: center; font-size: 18pt; letter-spacing: .2em; }
h2 { font-size: 13pt; border-bottom: 2px solid #333; padding-bottom: .2em; margin-top: 1.6em; }
h3 { font-size: 11.5pt; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid #666; padding: .3em .45em; vertical-align: top; text-align: left; }
th { background: #eee; white-space: nowrap; }
tr { break-inside: avoid; }
.sev-错误 { color: #a40000; font-weight: bold; }
.sev-警告 { color: #8a5a00; font-weight: bold; }
.sev-提示 { color: #245; }
.meta { color: #444; }
.verdict { font-size: 12pt; font-weight: bold; }
.grade { font-weight: bold; }
.ref { color: #444; font-size: 9pt; }
.clean { color: #1a5e20; }
.pending { color: #8a5a00; }
"""
"""The printable pages' style: A4, serif CJK type, ruled tables, severities in colour."""


def render(
    reviews: list[tuple[TargetDocument, list[Finding]]],
    grades: Callable[[int, list[Finding]], str] | None = None,
) -> str:
    """The printable 审核意见. `grades` words each table's 审核结果 (the web application passes
    the reviewers' own results); by default it is computed by the default scheme."""
    return "".join(_page(reviews, grades or worded_result))


def worded_result(_number: int, findings: list[Finding]) -> str:
    """A table's 审核结果 in one line: "审核结果：良。审核评分 83.5 分，…。可与…"."""
    result = review_result(findings)
    return f"审核结果：{result.grade}。{result.reason}。{result.consequence}。"


def page_start() -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        "<title>绩效目标审核意见</title>\n<style>" + PRINTABLE_STYLE + "</style>\n</head>\n<body>\n"
        "<h1>绩效目标审核意见</h1>\n"
    )


def page_end() -> str:
    return (
        '<p class="meta">本意见由 jixiao 自动审核生成，依据见各条“依据”栏；'
        "“实务经验”为审核实践中的常见问题，“地方通行做法”为各地表格和通知中的通行做法，"
        "均不对应具体文件条款。</p>\n</body>\n</html>\n"
    )


def document_head(source: str, summary: dict[str, Any]) -> Iterator[str]:
    """A document's heading and its counts (`review.summary.summarize`'s keys)."""
    severity = summary["by_severity"]
    yield f"<h2>{escape(source)}</h2>\n"
    yield (
        f'<p class="meta">项目 {summary["projects"]} 个，三级指标 {summary["indicators"]} 个；'
        f"发现问题 {summary['findings']} 处（错误 {severity['错误']}，警告 {severity['警告']}，"
        f"提示 {severity['提示']}）。</p>\n"
    )
    if summary.get("pending"):  # no verdict on part of the tables
        yield (
            f'<p class="verdict">另有 {summary["pending"]} 张项目表正在审核，审核意见尚未生成，'
            "未计入以上数字；审核结论待全部项目表审核完成后给出，请稍后重新打开本页。</p>\n"
        )
    else:
        yield f'<p class="verdict">审核结论：{escape(summary["verdict"])}</p>\n'
    if summary["by_category"]:
        yield "<table><tr><th>问题类别</th><th>数量</th></tr>\n"
        for category, count in summary["by_category"].items():
            yield f"<tr><td>{CATEGORY_LABELS[category]}</td><td>{count}</td></tr>\n"
        yield "</table>\n"


def department_section(findings: list[Finding]) -> Iterator[str]:
    if findings:
        yield "<h3>部门整体绩效目标</h3>\n"
        yield from _findings(findings)


def table_section(project: Project, grade: str, findings: list[Finding] | None) -> Iterator[str]:
    """One table: its code and name, its 审核结果 in words, its findings (None: 审核中)."""
    label = f"{project.code or ''} {project.name}".strip()
    yield f"<h3>{escape(label)}</h3>\n"
    yield f'<p class="grade">{escape(grade)}</p>\n'
    if findings is None:
        yield '<p class="pending">本表正在审核，审核意见尚未生成。</p>\n'
    elif findings:
        yield from _findings(findings)
    else:
        yield '<p class="clean">未发现问题。</p>\n'


def _page(
    reviews: list[tuple[TargetDocument, list[Finding]]],
    grades: Callable[[int, list[Finding]], str],
) -> Iterator[str]:
    yield page_start()
    for document, findings in reviews:
        yield from _document(document, findings, grades)
    yield page_end()


def _document(
    document: TargetDocument,
    findings: list[Finding],
    grades: Callable[[int, list[Finding]], str],
) -> Iterator[str]:
    yield from document_head(document.source, summarize(document, findings))
    by_table = by_project(findings)
    yield from department_section(by_table.get(None, []))
    for number, project in enumerate(document.projects):
        own = by_table.get(number, [])
        yield from table_section(project, grades(number, own), own)


def _findings(findings: list[Finding]) -> Iterator[str]:
    yield (
        "<table>\n<tr><th>序号</th><th>程度</th><th>类别</th><th>问题</th>"
        "<th>修改建议</th><th>依据</th></tr>\n"
    )
    for number, finding in enumerate(findings, start=1):
        yield (
            f"<tr><td>{number}</td>"
            f'<td class="sev-{finding.severity}">{finding.severity}</td>'
            f"<td>{CATEGORY_LABELS[finding.category]}</td>"
            f"<td>{escape(finding.message)}</td>"
            f"<td>{escape(finding.suggestion)}</td>"
            f'<td class="ref">{escape(finding.reference)}</td></tr>\n'
        )
    yield "</table>\n"
