"""`{{ user|person }}`: a person as the pages name them (姓名, else login name; 系统 for none)."""

from __future__ import annotations

from django import template

from jixiao.org.people import User, display_name

register = template.Library()


@register.filter
def person(user: User | None) -> str:
    return display_name(user)
