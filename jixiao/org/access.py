"""Who may see and do what: a user's roles reach the organisation they hold them in and every
organisation below it (财政部门 → 主管部门 → 预算单位).

Views, the API and the domain functions all ask these predicates; none of them decides access on
its own.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from jixiao.org.models import Membership, Organisation

Role = Membership.Role
User = AbstractBaseUser | AnonymousUser


def memberships(user: User) -> list[Membership]:
    """The user's memberships, read once per user object."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_jixiao_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._jixiao_memberships = cached  # type: ignore[union-attr]
    return cached


def lineage(organisation: Organisation) -> list[int]:
    """The organisation and those above it, nearest first (read from its path: no query)."""
    if organisation.path:
        return organisation.lineage
    ids = []
    node: Organisation | None = organisation
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def roles_at(user: User, organisation: Organisation) -> set[str]:
    """The roles the user holds in this organisation or any organisation above it."""
    above = set(lineage(organisation))
    return {m.role for m in memberships(user) if m.organisation_id in above}


def reach_of(organisations: list[Organisation], prefix: str = "") -> Q:
    """A filter on organisations (through `prefix`) to these and all those below them, at any
    depth."""
    reached = Q(pk__in=[])
    for path in sorted({o.path for o in organisations}):
        reached |= Q(**{f"{prefix}path__startswith": path})
    return reached


def reach(user: User, prefix: str = "") -> Q:
    """A filter on organisations (through `prefix`, e.g. "unit__") to those the user reaches."""
    return reach_of([m.organisation for m in memberships(user)], prefix)


def administered(user: User) -> list[Organisation]:
    """The organisations where the user holds the 系统管理员 role: they manage those and everything
    below them (users, organisations, roles), nothing else."""
    return [m.organisation for m in memberships(user) if m.role == Role.ADMIN]


def administers(user: User, organisation: Organisation) -> bool:
    return Role.ADMIN in roles_at(user, organisation)
