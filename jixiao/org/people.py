"""How a person is named on the pages: their 姓名 and the organisations they work for.

A Chinese name is stored whole (姓 and 名 together, e.g. 田宝) in the user's `first_name`, which
the admin labels 名字; `last_name` stays empty, so `get_full_name()` is the name as written.
Users without a name are shown by their login name.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from jixiao.org.access import memberships
from jixiao.org.models import Organisation

User = AbstractBaseUser | AnonymousUser


def display_name(user: User | None) -> str:
    """The user's 姓名, or their login name when none is recorded."""
    if user is None:
        return "系统"
    full_name = getattr(user, "get_full_name", None)
    name = full_name().strip() if full_name else ""
    return name or user.get_username()


def organisations_of(user: User) -> list[Organisation]:
    """The organisations the user holds a role in, each once, in the order they were given."""
    seen: dict[int, Organisation] = {}
    for membership in memberships(user):
        seen.setdefault(membership.organisation_id, membership.organisation)
    return list(seen.values())
