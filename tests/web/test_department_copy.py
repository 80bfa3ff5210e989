"""Starting a year's department-wide targets from an earlier year's: duties, goals, tasks and
indicators kept, money and the old year's results cleared; never over targets already there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from jixiao.audit.models import AuditEntry
from jixiao.org.models import Organisation
from jixiao.targets import creating
from jixiao.targets.models import TargetDocument
from jixiao.targets.services import import_file
from jixiao.targets.workflow import WorkflowError
from tests.web.conftest import World, client_for, person

PAGE = (
    Path(__file__).parents[1] / "fixtures" / "corpus" / "031_hunan-lingling-linye-dept-selfeval.txt"
)


def forestry(world: World) -> tuple[Organisation, TargetDocument]:
    department = Organisation.objects.create(
        kind="department", code="416", name="零陵区林业局", parent=world.finance
    )
    document = import_file(
        PAGE.read_bytes(), source=PAGE.name, year=2021, department=department
    ).document
    return department, document


def test_a_copy_keeps_the_targets_and_clears_money_and_results(world: World) -> None:
    department, source = forestry(world)
    keeper = person("forestry_keeper", department, "department_reviewer")
    copied = creating.copy_department(keeper, source, 2022)
    assert copied.fiscal_year.year == 2022
    old = source.to_core(projects=[]).department
    new = copied.to_core(projects=[]).department
    assert old is not None
    assert new is not None
    assert (new.name, new.overall_goal) == (old.name, old.overall_goal)
    assert [i.name for i in new.indicators] == [i.name for i in old.indicators]
    assert [i.target for i in new.indicators] == [i.target for i in old.indicators]
    assert all(i.actual is None and i.score is None for i in new.indicators)
    assert (new.budget, new.evaluation, new.monitoring) == (None, None, None)
    entry = AuditEntry.objects.filter(action="copy_department").get()
    assert (
        f"复制自 2021 年度「零陵区林业局」的部门整体绩效目标（文本编号 {source.pk}）"
        == entry.reason
    )


def test_a_copy_never_overwrites_and_only_goes_forward(world: World) -> None:
    department, source = forestry(world)
    keeper = person("forestry_keeper", department, "department_reviewer")
    creating.copy_department(keeper, source, 2022)
    with pytest.raises(WorkflowError, match="已有部门整体绩效目标，不能用复制覆盖"):
        creating.copy_department(keeper, source, 2022)
    with pytest.raises(WorkflowError, match="只能复制到 2021 年度以后的年度"):
        creating.copy_department(keeper, source, 2021)


def test_only_the_departments_keepers_may_copy(world: World) -> None:
    _, source = forestry(world)
    with pytest.raises(PermissionDenied):  # the commerce bureau's reviewer keeps another one
        creating.copy_department(world.users["department_reviewer"], source, 2022)


def test_the_page_offers_the_earlier_years_and_copies(world: World) -> None:
    department, source = forestry(world)
    keeper = person("forestry_keeper", department, "department_reviewer")
    client = client_for(world, "filler")
    client.force_login(keeper)
    page = client.get("/documents/new/").content.decode()
    assert "从以前年度复制" in page
    assert f'<option value="{source.pk}">2021 年度 · 416 零陵区林业局' in page
    answer = client.post("/documents/new/", {"copy_from": str(source.pk), "year": "2026"})
    assert answer.status_code == 302
    copied = TargetDocument.objects.get(department=department, fiscal_year__year=2026)
    assert answer["Location"] == f"/documents/{copied.pk}/department/"
    # another's document is not offered, and asking for it is no copy
    other = client.post("/documents/new/", {"copy_from": str(world.projects[0].document.pk)})
    assert other.status_code == 404
