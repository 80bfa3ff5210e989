"""What every page's header shows: the menu of the pages the user's roles may use, and who is
signed in (姓名 and unit).

The menu is decided here, with the same predicates the views check, so a page the role may not
use is never offered (the view still refuses it with 403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from jixiao.evaluation.profile_admin import manages_profiles
from jixiao.org.people import display_name, organisations_of
from jixiao.targets import workflow


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool = False


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else None
    pages = [("待办", "todo"), ("绩效目标文本", "documents"), ("运行监控", "monitoring_rounds")]
    if workflow.may_import(user):
        pages.append(("导入", "import"))
    if manages_profiles(user):
        pages.append(("评分方案", "scoring_profile_list"))
    if user.is_staff:
        pages.append(("管理后台", "admin:index"))
    return {
        "menu": [MenuItem(label, reverse(name), name == here) for label, name in pages],
        "person_name": display_name(user),
        "person_units": "、".join(o.name for o in organisations_of(user)),
    }
