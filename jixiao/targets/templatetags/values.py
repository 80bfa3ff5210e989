"""`{{ indicator.target|reading }}`: how a value was read, in the words of the forms;
`{{ document.layout|layout_name }}`: the layout a file was read in, in the users' words."""

from __future__ import annotations

from django import template

from jixiao.core.model import Value
from jixiao.export.terminal import reading as read_as_written
from jixiao.ingest.layouts import layout_name as name_of_layout

register = template.Library()


@register.filter
def reading(value: Value | None) -> str:
    """How the value was read: "≥ 4 %", "≤ 5 次", "12月底前"; "（空）" for an empty cell."""
    return "（空）" if value is None else read_as_written(value)


@register.filter
def layout_name(layout: str | None) -> str:
    return name_of_layout(layout)
