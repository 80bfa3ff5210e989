from __future__ import annotations

from decimal import Decimal

from jixiao.core.compare import Change, compare_projects
from jixiao.core.model import TargetDocument
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
