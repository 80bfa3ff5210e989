"""The rows of the pages' long lists — 待办, 我可查看的项目, a document's tables and its log —
written here rather than as template loops: every request renders 50–100 of them, and Django's
template engine spends far more resolving each row's variables, filters and `{% url %}` than
writing its markup (measured on the 待办 page of a 10,000-table document: its two lists took
about half of the request). Each tag writes the rows exactly as the loops did, every value
escaped (`format_html`), each list's links reversed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime

from jixiao.targets.models import Project, Status
from jixiao.targets.templatetags.findings import severity_counts

register = template.Library()

_STATUS = dict(Status.choices)
_MARK = 987654321
"""A key no table has, reversed once per list and replaced by each row's own."""


def _link(name: str) -> tuple[str, str]:
    """The path of a page of one object, split around its key."""
    head, _, tail = reverse(name, args=[_MARK]).partition(str(_MARK))
    return head, tail


def _status(project: Project) -> SafeString:
    return format_html(
        '<span class="status status-{}">{}</span>',
        project.status,
        _STATUS.get(project.status, project.status),
    )


def _grade(counts: dict[str, Any]) -> SafeString:
    return format_html(
        '<td class="grade-{0}"><span class="grade-mark">{0}</span></td>', counts.get("grade", "")
    )


@register.simple_tag
def waiting_rows(projects: Iterable[Project]) -> SafeString:
    """待办's rows: year, unit, code, name, state, why it waits, findings, 审核结果."""
    head, tail = _link("project")
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}{}{}">{}</a></td><td>{}</td>'
        "<td>{}</td><td>{}</td>{}</tr>",
        (
            (
                p.year,
                p.unit.name,
                p.code,
                head,
                p.pk,
                tail,
                p.name,
                _status(p),
                getattr(p, "why", ""),
                severity_counts(p.finding_counts),
                _grade(p.finding_counts),
            )
            for p in projects
        ),
    )


@register.simple_tag
def listed_rows(projects: Iterable[Project]) -> SafeString:
    """我可查看的项目's rows: year (to the document), unit, code, name, state, version,
    findings, 审核结果."""
    head, tail = _link("project")
    document_head, document_tail = _link("document")
    return format_html_join(
        "\n",
        '<tr><td><a href="{}{}{}">{}</a></td><td>{}</td><td>{}</td><td><a href="{}{}{}">{}</a>'
        "</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
        (
            (
                document_head,
                p.document_id,
                document_tail,
                p.year,
                p.unit.name,
                p.code,
                head,
                p.pk,
                tail,
                p.name,
                _status(p),
                p.version,
                severity_counts(p.finding_counts),
                _grade(p.finding_counts),
            )
            for p in projects
        ),
    )


@register.simple_tag
def document_rows(projects: Iterable[tuple[Project, int]]) -> SafeString:
    """A document's tables: code, name, unit, state, how many findings."""
    head, tail = _link("project")
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td><a href="{}{}{}">{}</a></td><td>{}</td><td>{}</td><td>{} 处</td></tr>',
        (
            (p.code, head, p.pk, tail, p.name, p.unit.name, _status(p), count)
            for p, count in projects
        ),
    )


@register.simple_tag
def log_rows(lines: Iterable[Any]) -> SafeString:
    """Audit log lines (`history.Line`): time, object, who, what, before → after, why."""
    return format_html_join(
        "\n",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                localtime(h.at).strftime("%Y-%m-%d %H:%M") if h.at else "",
                h.subject,
                h.actor,
                h.action,
                h.change,
                h.reason,
            )
            for h in lines
        ),
    )
