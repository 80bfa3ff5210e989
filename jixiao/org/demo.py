"""Demo data for a first look: the seed imported under a 财政局 → 商务局 tree and one user per role,
each with a Chinese name.

Passwords are random and printed once, when each user is created; running again changes nothing
(the seed is imported once per content, existing users keep their passwords) unless asked to
reset the demo users' passwords, which prints new ones.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from jixiao.org.models import Membership, Organisation
from jixiao.targets.services import import_file

Role = Membership.Role
SEED = (
    Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "shanhaiguan-commerce-targets.txt"
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    role: str
    organisation: str
    password: str | None  # None when the user already existed (and was not reset)


def set_up_demo(year: int = 2024, *, reset_passwords: bool = False) -> list[DemoUser]:
    with transaction.atomic():
        finance, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.FINANCE,
            code="130303",
            defaults={"name": "秦皇岛市山海关区财政局"},
        )
        commerce, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.DEPARTMENT, code="322", parent=finance,  # by its place
            defaults={"name": "秦皇岛市山海关区商务局"},
        )  # fmt: skip
        import_file(
            SEED.read_bytes(), source=SEED.name, year=year, department=commerce, create_units=True
        )
        unit = Organisation.objects.get(parent=commerce, code="322003")
        places = [
            ("tianbao", "田宝", Role.UNIT_FILLER, unit),
            ("danwei", "段伟", Role.UNIT_REVIEWER, unit),
            ("zhuguan", "朱冠", Role.DEPARTMENT_REVIEWER, commerce),
            ("caizheng", "蔡正", Role.FINANCE_REVIEWER, finance),
            ("shenji", "沈继", Role.READONLY, finance),
            ("guanli", "关立", Role.ADMIN, finance),
        ]
        return [
            _person(username, name, role, organisation, reset=reset_passwords)
            for username, name, role, organisation in places
        ]


def _person(
    username: str, name: str, role: str, organisation: Organisation, *, reset: bool
) -> DemoUser:
    # the whole name in first_name (see org.people); a user renamed in the admin keeps the name
    user = User.objects.filter(username=username).first()
    password = None
    if user is None:
        # the 系统管理员 enters the admin site for their bureau; superusers are the operator's
        user = User(username=username, first_name=name, is_staff=role == Role.ADMIN)
        password = new_password(user)
        user.set_password(password)
        user.save()
    else:
        if not user.first_name and not user.last_name:
            user.first_name = name
            user.save(update_fields=["first_name"])
        if user.is_superuser and role == Role.ADMIN:  # made by an earlier demo: no longer
            user.is_superuser = False
            user.save(update_fields=["is_superuser"])
        if reset:
            password = new_password(user)
            user.set_password(password)
            user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return DemoUser(username, user.get_full_name(), Role(role).label, organisation.name, password)


def new_password(user: User) -> str:
    """A random password that the configured password validators accept."""
    while True:
        password = secrets.token_urlsafe(9)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password
