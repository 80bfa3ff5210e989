"""`{{ p.finding_counts|severity_counts }}`: a row's 错误 and 警告 counts, as the lists show them
(a filter, not an include: a list renders it on each of its rows)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def severity_counts(counts: dict[str, Any]) -> SafeString:
    shown = [
        format_html('<span class="sev-{0}">{0} {1}</span>', severity, counts[severity])
        for severity in ("错误", "警告")
        if counts.get(severity)
    ]
    return mark_safe(" ".join(shown)) if shown else mark_safe("—")  # noqa: S308 - escaped above
