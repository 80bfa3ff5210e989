"""The rows of the pages' long lists — 待办, 我可查看的项目, a document's tables and its log —
written here rather than as template loops: every request renders 50–100 of them, and Django's
template engine spends far more resolving each row's variables, filters and `{% url %}` than
writing its markup (measured on the 待办 page of a 10,000-table document: its two lists took
about half of the request). Each tag writes the rows exactly as the loops did, every value
escaped as `format_html` escapes it (`_e`: the same `html.escape`, without `format_html`'s
lazy-string checks on every argument — about 500 calls a page, 12 of its 27 ms), each list's
links reversed once.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from jixiao.targets.models import Project, Status

register = template.Library()

_STATUS = dict(Status.choices)
_MARK = 987654321
"""A key no table has, reversed once per list and replaced by each row's own."""
_SHOWN = ("错误", "警告")
_PENDING = '<span class="pending">审核中</span>'


def _e(value: Any) -> str:
    """A value as `conditional_escape` writes it: markup already safe as it is, the rest
    escaped by `html.escape` (which Django's `escape` calls)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _link(name: str) -> tuple[str, str]:
    """The path of a page of one object, split around its key."""
    head, _, tail = reverse(name, args=[_MARK]).partition(str(_MARK))
    return head, tail


def _status(project: Project) -> str:
    state = _e(project.status)
    return f'<span class="status status-{state}">{_e(_STATUS.get(project.status, state))}</span>'


def _counts(counts: dict[str, Any]) -> str:
    """The findings' counts as the `severity_counts` filter writes them (审核中: none yet)."""
    if counts.get("pending"):
        return _PENDING
    shown = [
        f'<span class="sev-{severity}">{severity} {_e(counts[severity])}</span>'
        for severity in _SHOWN
        if counts.get(severity)
    ]
    return " ".join(shown) if shown else "—"


def _grade(counts: dict[str, Any]) -> str:
    grade = _e(counts.get("grade", ""))
    return f'<td class="grade-{grade}"><span class="grade-mark">{grade}</span></td>'


@register.simple_tag
def waiting_rows(projects: Iterable[Project]) -> SafeString:
    """待办's rows: year, unit, code, name, state, why it waits, findings, 审核结果."""
    head, tail = _link("project")
    return mark_safe(  # noqa: S308 - every value escaped by _e
        "\n".join(
            f"<tr><td>{_e(p.year)}</td><td>{_e(p.unit.name)}</td><td>{_e(p.code)}</td>"
            f'<td><a href="{_e(head)}{_e(p.pk)}{_e(tail)}">{_e(p.name)}</a></td>'
            f"<td>{_status(p)}</td><td>{_e(getattr(p, 'why', ''))}</td>"
            f"<td>{_counts(p.finding_counts)}</td>{_grade(p.finding_counts)}</tr>"
            for p in projects
        )
    )


@register.simple_tag
def listed_rows(projects: Iterable[Project]) -> SafeString:
    """我可查看的项目's rows: year (to the document), unit, code, name, state, version,
    findings, 审核结果."""
    head, tail = _link("project")
    document_head, document_tail = _link("document")
    return mark_safe(  # noqa: S308 - every value escaped by _e
        "\n".join(
            f'<tr><td><a href="{_e(document_head)}{_e(p.document_id)}{_e(document_tail)}">'
            f"{_e(p.year)}</a></td><td>{_e(p.unit.name)}</td><td>{_e(p.code)}</td>"
            f'<td><a href="{_e(head)}{_e(p.pk)}{_e(tail)}">{_e(p.name)}</a></td>'
            f"<td>{_status(p)}</td><td>{_e(p.version)}</td>"
            f"<td>{_counts(p.finding_counts)}</td>{_grade(p.finding_counts)}</tr>"
            for p in projects
        )
    )


@register.simple_tag
def document_rows(projects: Iterable[tuple[Project, int | None]]) -> SafeString:
    """A document's tables: code, name, unit, state, how many findings (None: 审核中)."""
    head, tail = _link("project")
    return mark_safe(  # noqa: S308 - every value escaped by _e
        "\n".join(
            f'<tr><td>{_e(p.code)}</td><td><a href="{_e(head)}{_e(p.pk)}{_e(tail)}">'
            f"{_e(p.name)}</a></td><td>{_e(p.unit.name)}</td><td>{_status(p)}</td>"
            f"<td>{_PENDING if count is None else f'{_e(count)} 处'}</td></tr>"
            for p, count in projects
        )
    )


@register.simple_tag
def log_rows(lines: Iterable[Any]) -> SafeString:
    """Audit log lines (`history.Line`): time, object, who, what, before → after, why."""
    return mark_safe(  # noqa: S308 - every value escaped by _e
        "\n".join(
            f"<tr><td>{localtime(h.at).strftime('%Y-%m-%d %H:%M') if h.at else ''}</td>"
            f"<td>{_e(h.subject)}</td><td>{_e(h.actor)}</td><td>{_e(h.action)}</td>"
            f"<td>{_e(h.change)}</td><td>{_e(h.reason)}</td></tr>"
            for h in lines
        )
    )
