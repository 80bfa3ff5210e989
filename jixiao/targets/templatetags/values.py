"""`{{ indicator.target|reading }}`: how a value was read, in the words of the forms."""

from __future__ import annotations

from django import template

from jixiao.core.model import Value
from jixiao.export.terminal import reading as read_as_written

register = template.Library()


@register.filter
def reading(value: Value | None) -> str:
    """How the value was read: "≥ 4 %", "≤ 5 次", "12月底前"; "（空）" for an empty cell."""
    return "（空）" if value is None else read_as_written(value)
