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


def test_the_demo_users_have_chinese_names_and_passwords_the_validators_accept() -> None:
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password

    people = set_up_demo()
    for person in people:
        user = User.objects.get(username=person.username)
        assert person.name == user.get_full_name() == user.first_name
        assert 2 <= len(person.name) <= 3
        assert all("\u4e00" <= c <= "\u9fff" for c in person.name)
        assert person.password is not None
        validate_password(person.password, user)  # raises if refused
        assert user.check_password(person.password)
    assert User.objects.get(username="tianbao").get_full_name() == "田宝"


def test_the_demo_resets_passwords_when_asked() -> None:
    from django.contrib.auth.models import User

    first = {p.username: p.password for p in set_up_demo()}
    reset = {p.username: p.password for p in set_up_demo(reset_passwords=True)}
    assert set(reset) == set(first)
    for username, password in reset.items():
        assert password is not None
        assert password != first[username]
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert not user.check_password(first[username])
    assert Project.objects.count() == 5


def test_a_name_given_in_the_admin_is_kept() -> None:
    from django.contrib.auth.models import User

    set_up_demo()
    User.objects.filter(username="tianbao").update(first_name="田宝宝")
    set_up_demo()
    assert User.objects.get(username="tianbao").get_full_name() == "田宝宝"


def test_the_demo_command_resets_and_prints_passwords() -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    set_up_demo()
    result = CliRunner().invoke(app, ["demo", "--reset-passwords"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "tianbao" in line)
    assert "田宝" in line
    assert "单位填报人" in line
    assert "已存在" not in line
    password = line.split()[-1]
    from django.contrib.auth.models import User

    assert User.objects.get(username="tianbao").check_password(password)
