"""Demo data for a first look: the seed imported under a 财政局 → 商务局 tree and one user per role.

Passwords are random and printed once, when each user is created; running again changes nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
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
    role: str
    organisation: str
    password: str | None  # None when the user already existed


def set_up_demo(year: int = 2024) -> list[DemoUser]:
    with transaction.atomic():
        finance, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.FINANCE,
            code="130303",
            defaults={"name": "秦皇岛市山海关区财政局"},
        )
        commerce, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.DEPARTMENT, code="322",
            defaults={"name": "秦皇岛市山海关区商务局", "parent": finance},
        )  # fmt: skip
        import_file(SEED.read_bytes(), source=SEED.name, year=year, department=commerce)
        unit = Organisation.objects.get(parent=commerce, code="322003")
        places = [
            ("tianbao", Role.UNIT_FILLER, unit),
            ("danwei", Role.UNIT_REVIEWER, unit),
            ("zhuguan", Role.DEPARTMENT_REVIEWER, commerce),
            ("caizheng", Role.FINANCE_REVIEWER, finance),
            ("shenji", Role.READONLY, finance),
            ("guanli", Role.ADMIN, finance),
        ]
        return [_person(name, role, organisation) for name, role, organisation in places]


def _person(username: str, role: str, organisation: Organisation) -> DemoUser:
    user = User.objects.filter(username=username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(9)
        user = User.objects.create_user(username, password=password, is_staff=role == Role.ADMIN)
        if role == Role.ADMIN:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return DemoUser(username, Role(role).label, organisation.name, password)
