"""What changed between two versions of a project table or of the department-wide targets, in the
words of the form.

Numbers are compared by value, not as written: 70 and 70.00 are the same percentage, 500000 and
500000.00 the same amount, ≥95% and ≥95.0% the same indicator value. A change is shown as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as _field
from decimal import Decimal

from jixiao.core.model import Checkpoint, Department, Indicator, Project, Value


@dataclass(frozen=True)
class Change:
    place: str
    before: str
    after: str
    money: bool = _field(default=False, compare=False)
    """Whether before and after are amounts of money (pages show them with separators)."""


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
        if before != after:  # Decimal equality: 500000 == 500000.00
            changes.append(Change(label, _text(before), _text(after), money=True))
    if _plan(old.spending_plan) != _plan(new.spending_plan):
        changes.append(
            Change(
                "资金支出计划（%）",
                _text([f"{p.by} {_text(p.percent)}" for p in old.spending_plan]),
                _text([f"{p.by} {_text(p.percent)}" for p in new.spending_plan]),
            )
        )
    for number in range(max(len(old.indicators), len(new.indicators))):
        changes.extend(
            _indicator_changes(number + 1, _at(old.indicators, number), _at(new.indicators, number))
        )
    return changes


def _plan(plan: list[Checkpoint]) -> list[tuple[str, Decimal | None]]:
    return [(point.by, point.percent) for point in plan]


_NUMBER = re.compile(r"\d+\.\d+")


def _same_value(old: Value, new: Value) -> bool:
    """Whether two indicator values are the same but for the precision their numbers are written
    with (≥95% and ≥95.00%, read as the same number); dates, periods and wording compare as
    written."""
    if old.raw == new.raw:
        return True
    if old.kind != new.kind or old.kind not in ("quantity", "range"):
        return False
    return _NUMBER.sub(_unpadded, old.raw) == _NUMBER.sub(_unpadded, new.raw)


def _unpadded(number: re.Match[str]) -> str:
    return number.group().rstrip("0").rstrip(".")


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
    if not _same_value(old.target, new.target):
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
