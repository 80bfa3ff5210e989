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
