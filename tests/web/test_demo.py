from __future__ import annotations

import pytest

from jixiao.org.demo import set_up_demo
from jixiao.org.models import Membership
from jixiao.targets.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_user_per_role_and_the_seed_and_runs_twice() -> None:
    first = set_up_demo()
    assert sorted(p.role for p in first) == sorted(label for _, label in Membership.Role.choices)
    assert all(p.password for p in first)
    assert Project.objects.count() == 5
    second = set_up_demo()
    assert [p.password for p in second] == [None] * 6
    assert Project.objects.count() == 5
