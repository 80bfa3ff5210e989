"""What changed between two versions of a project table or of the department-wide targets, in the
words of the form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.model import Department, Indicator, Project


@dataclass(frozen=True)
class Change:
    place: str
    before: str
    after: str


def _text(value: object) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list):
        return "；".join(str(item) for item in value) or "（空）"
    return str(value)


_PROJECT_FIELDS = (
    ("code", "项目编码"),
    ("name", "项目名称"),
    ("money_unit", "金额单位"),
    ("purpose", "资金用途"),
    ("goals", "绩效目标"),
    ("long_term_goals", "长期目标"),
)
_INDICATOR_FIELDS = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("description", "绩效指标描述"),
    ("basis", "指标值确定依据"),
)


def compare_projects(old: Project, new: Project) -> list[Change]:
    """Every difference between two tables: header fields, money, plan, and indicator rows
    (matched by position: a row added or removed at the end shows as such)."""
    changes = [
        Change(label, _text(getattr(old, field)), _text(getattr(new, field)))
        for field, label in _PROJECT_FIELDS
        if getattr(old, field) != getattr(new, field)
    ]
    for field, label in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金")):
        before, after = getattr(old.budget, field), getattr(new.budget, field)
        if before != after:
            changes.append(Change(label, _text(before), _text(after)))
    plan_before = [f"{p.by} {_text(p.percent)}" for p in old.spending_plan]
    plan_after = [f"{p.by} {_text(p.percent)}" for p in new.spending_plan]
    if plan_before != plan_after:
        changes.append(Change("资金支出计划（%）", _text(plan_before), _text(plan_after)))
    for number in range(max(len(old.indicators), len(new.indicators))):
        changes.extend(
            _indicator_changes(number + 1, _at(old.indicators, number), _at(new.indicators, number))
        )
    return changes


def _at(indicators: list[Indicator], index: int) -> Indicator | None:
    return indicators[index] if index < len(indicators) else None


def _indicator_changes(number: int, old: Indicator | None, new: Indicator | None) -> list[Change]:
    if old is None:
        added = f"新增「{new.name}」{new.target.raw}" if new else "（无）"
        return [Change(f"第{number}行指标", "（无）", added)] if new else []
    if new is None:
        return [Change(f"第{number}行指标", f"「{old.name}」{old.target.raw}", "（删除）")]
    changes = [
        Change(f"第{number}行{label}", _text(getattr(old, field)), _text(getattr(new, field)))
        for field, label in _INDICATOR_FIELDS
        if getattr(old, field) != getattr(new, field)
    ]
    if old.target.raw != new.target.raw:
        changes.append(Change(f"第{number}行指标值（{new.name}）", old.target.raw, new.target.raw))
    return changes


def compare_departments(old: Department | None, new: Department | None) -> list[Change]:
    """Every difference between two versions of the department-wide targets: the overall goal,
    each sub-goal (matched by position) and the safeguards."""
    old, new = old or Department(), new or Department()
    changes = []
    if old.overall_goal != new.overall_goal:
        changes.append(Change("总体绩效目标", _text(old.overall_goal), _text(new.overall_goal)))
    for number in range(max(len(old.sub_goals), len(new.sub_goals))):
        before = old.sub_goals[number] if number < len(old.sub_goals) else None
        after = new.sub_goals[number] if number < len(new.sub_goals) else None
        place = f"分项目标{number + 1}"
        if before is None or after is None:
            changes.append(
                Change(
                    place,
                    before.title if before else "（无）",
                    after.title if after else "（删除）",
                )
            )
            continue
        for field, label in (
            ("title", "名称"),
            ("goal", "绩效目标"),
            ("indicator_text", "绩效指标"),
        ):
            if getattr(before, field) != getattr(after, field):
                changes.append(
                    Change(
                        f"{place}{label}",
                        _text(getattr(before, field)),
                        _text(getattr(after, field)),
                    )
                )
    if old.safeguards != new.safeguards:
        changes.append(Change("工作保障措施", _text(old.safeguards), _text(new.safeguards)))
    return changes
