"""The organisation tree at any depth: a role reaches its organisation and everything below it,
also under 二级/三级预算单位, and a moved branch keeps what reaches it consistent."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from jixiao.org.access import reach, roles_at
from jixiao.org.models import Membership, Organisation
from jixiao.targets.models import Project
from tests.web.conftest import World, person

Role = Membership.Role


@pytest.fixture
def deep(world: World) -> dict[str, Organisation]:
    """322003 gets a 二级 unit below it, and that one a 三级 unit, each with a table."""
    second = Organisation.objects.create(
        kind="unit", code="322003001", name="投资促进中心二级单位", parent=world.investment_unit
    )
    third = Organisation.objects.create(
        kind="unit", code="322003001001", name="三级单位", parent=second
    )
    template = world.project("322-0601-YBN-5D8Z")
    for n, unit in enumerate((second, third)):
        Project.objects.create(
            document=template.document, unit=unit, position=200 + n, code=f"DEEP-{n}",
            name=f"深层项目{n}", money_unit="元", data=template.data,
        )  # fmt: skip
    return {"second": second, "third": third}


def visible_codes(user: object) -> set[str]:
    return set(Project.objects.filter(reach(user, "unit__")).values_list("code", flat=True))  # type: ignore[arg-type]


def test_paths_follow_the_tree(world: World, deep: dict[str, Organisation]) -> None:
    third = deep["third"]
    assert third.path == (
        f"{world.finance.pk}/{world.commerce.pk}/{world.investment_unit.pk}/"
        f"{deep['second'].pk}/{third.pk}/"
    )
    assert third.lineage == [
        third.pk, deep["second"].pk, world.investment_unit.pk, world.commerce.pk, world.finance.pk,
    ]  # fmt: skip


def test_roles_reach_down_to_any_depth(world: World, deep: dict[str, Organisation]) -> None:
    users = world.users
    assert {"DEEP-0", "DEEP-1"} <= visible_codes(users["department_reviewer"])
    assert {"DEEP-0", "DEEP-1"} <= visible_codes(users["filler"])  # held at 322003, above both
    assert Role.FINANCE_REVIEWER in roles_at(users["finance_reviewer"], deep["third"])
    second_reviewer = person("second_reviewer", deep["second"], Role.UNIT_REVIEWER)
    third_filler = person("third_filler", deep["third"], Role.UNIT_FILLER)
    assert visible_codes(second_reviewer) == {"DEEP-0", "DEEP-1"}
    assert visible_codes(third_filler) == {"DEEP-1"}
    assert roles_at(third_filler, deep["second"]) == set()
    assert visible_codes(world.users["other_filler"]) == {"401-0001-XXX-0001"}


def test_a_moved_branch_takes_its_units_along(world: World, deep: dict[str, Organisation]) -> None:
    second = deep["second"]
    second.parent = world.other_unit  # to another department's unit
    second.save()
    third = Organisation.objects.get(pk=deep["third"].pk)
    assert third.path.startswith(world.other_unit.path)
    assert "DEEP-1" not in visible_codes(world.users["department_reviewer"])
    assert {"DEEP-0", "DEEP-1"} <= visible_codes(world.users["other_filler"])


def test_a_branch_cannot_be_moved_below_itself(world: World, deep: dict[str, Organisation]) -> None:
    second = deep["second"]
    second.parent = deep["third"]
    with pytest.raises(ValueError, match="不能成为其下级组织的下级"):
        second.save()
    second.refresh_from_db()
    assert second.parent == world.investment_unit


def test_the_migration_fills_the_paths_of_stored_organisations(world: World) -> None:
    before = dict(Organisation.objects.values_list("pk", "path"))
    Organisation.objects.update(path="")
    migration = importlib.import_module("jixiao.org.migrations.0002_organisation_path")
    migration.fill_paths(apps, None)
    assert dict(Organisation.objects.values_list("pk", "path")) == before
