from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.compare import Change, compare_projects
from jixiao.core.model import Project, TargetDocument
from jixiao.core.value import parse_value


def test_identical_tables_have_no_changes(seed: TargetDocument) -> None:
    assert compare_projects(seed.projects[2], seed.projects[2]) == []


def test_changes_are_named_in_the_words_of_the_form(seed: TargetDocument) -> None:
    old = seed.projects[2]
    indicators = list(old.indicators)
    indicators[5] = indicators[5].model_copy(update={"target": parse_value("≥85%")})
    new = old.model_copy(
        update={
            "budget": old.budget.model_copy(update={"total": Decimal("320000.00")}),
            "indicators": [*indicators[:-1], indicators[5], indicators[0]],
            "goals": ["全年引进项目5个"],
        }
    )
    changes = compare_projects(old, new)
    assert (
        Change("绩效目标", "保障招商引资工作正常开展；人事代理人员基本保障", "全年引进项目5个")
        in changes
    )
    assert Change("预算数", "300000.00", "320000.00") in changes
    assert Change("第6行指标值（群众满意度）", "≤85%", "≥85%") in changes
    assert Change("第7行指标", "（无）", "新增「工作主动性比率」≤80%") in changes


def test_department_versions_are_compared_goal_by_goal(seed: TargetDocument) -> None:
    from jixiao.core.compare import compare_departments

    old = seed.department
    assert old is not None
    assert compare_departments(old, old) == []
    goals = list(old.sub_goals)
    goals[0] = goals[0].model_copy(update={"indicator_text": "全年执法检查不少于100次"})
    new = old.model_copy(update={"sub_goals": goals[:-1], "overall_goal": "新的总体目标"})
    changes = compare_departments(old, new)
    assert changes[0] == Change("总体绩效目标", old.overall_goal or "（空）", "新的总体目标")
    assert (
        Change(
            "分项目标1绩效指标", old.sub_goals[0].indicator_text or "", "全年执法检查不少于100次"
        )
        in changes
    )
    assert changes[-1] == Change(f"分项目标{len(goals)}", goals[-1].title, "（删除）")
    assert compare_departments(None, None) == []


def _with_money(project: Project, total: str, plan: list[str]) -> Project:
    points = [
        point.model_copy(update={"percent": Decimal(percent)})
        for point, percent in zip(project.spending_plan, plan, strict=True)
    ]
    return project.model_copy(
        update={
            "budget": project.budget.model_copy(update={"total": Decimal(total)}),
            "spending_plan": points,
        }
    )


def test_equal_money_and_percentages_written_differently_are_no_change(
    seed: TargetDocument,
) -> None:
    old = seed.projects[4]  # 500000.00, plan 30.00 / 70.00 / 90.00 / 100.00
    assert (format(old.budget.total, "f"), format(old.spending_plan[1].percent, "f")) == (
        "500000.00",
        "70.00",
    )
    new = _with_money(old, "500000", ["30", "70.0", "90.000", "100"])
    assert compare_projects(old, new) == []
    assert compare_projects(new, old) == []


def test_a_changed_amount_or_percentage_is_shown_as_written(seed: TargetDocument) -> None:
    old = seed.projects[4]
    new = _with_money(old, "520000.5", ["30", "75.0", "90", "100"])
    changes = compare_projects(old, new)
    assert changes == [
        Change("预算数", "500000.00", "520000.5"),
        Change(
            "资金支出计划（%）",
            "3月底 30.00；6月底 70.00；10月底 90.00；12月底 100.00",
            "3月底 30；6月底 75.0；10月底 90；12月底 100",
        ),
    ]
    assert [c.money for c in changes] == [True, False]


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        ("≥95%", "≥95.00%", False),
        ("80%-90%", "80.0%-90.00%", False),
        ("≥0.50元", "≥0.5元", False),
        ("≥95%", "≥95.01%", True),
        ("≥95%", "≥96%", True),
        ("≥95%", "≤95%", True),
        ("不少于80次", "≥80次", True),  # the wording changed, not only the precision
        ("12月底前", "12月底前完成", True),
    ],
)
def test_an_indicator_value_written_with_another_precision_is_no_change(
    seed: TargetDocument, before: str, after: str, changed: bool
) -> None:
    project = seed.projects[2]
    rows = list(project.indicators)
    old = project.model_copy(
        update={"indicators": [rows[0].model_copy(update={"target": parse_value(before)})]}
    )
    new = project.model_copy(
        update={"indicators": [rows[0].model_copy(update={"target": parse_value(after)})]}
    )
    changes = compare_projects(old, new)
    assert bool(changes) is changed
    if changed:
        assert changes == [Change(f"第1行指标值（{rows[0].name}）", before, after)]
