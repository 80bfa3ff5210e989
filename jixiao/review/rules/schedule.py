"""Review rules of the `schedule` family: the 资金支出计划 (cumulative % spent by each date).

A cumulative plan never decreases, stays within 0–100 and reaches 100 at the last checkpoint
(policy.md §6.1 implied checks); monitoring compares spending against it (双监控, §3).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, project_rule
from jixiao.review.references import cite

REFERENCE = cite("practice", point="资金支出计划是累计进度，逐期不减、不超过100%，年末达到100%")
MONITORING = cite("caiyu-2019-136", point="绩效监控包括绩效目标完成情况和预算资金执行情况")
HUNDRED = Decimal(100)
JUMP = Decimal(50)


def _points(project: Project) -> list[tuple[str, Decimal]]:
    return [(p.by, p.percent) for p in project.spending_plan if p.percent is not None]


@project_rule(
    id="schedule.decreasing",
    category="schedule",
    severity="错误",
    title="资金支出计划逐期减少",
    rationale="支出计划是累计进度，后一时点不可能少于前一时点。",
    reference=REFERENCE,
)
def decreasing(project: Project, document: TargetDocument) -> Iterator[Hit]:
    points = _points(project)
    for (before, low), (after, high) in pairwise(points):
        if high < low:
            yield Hit(
                f"{after} {format(high, 'f')}% 少于 {before} {format(low, 'f')}%",
                "支出计划按累计数填写，后一时点应不少于前一时点",
                field="spending_plan",
            )


@project_rule(
    id="schedule.out-of-range",
    category="schedule",
    severity="错误",
    title="资金支出计划超出0–100%",
    rationale="累计支出进度只能在0%到100%之间。",
    reference=REFERENCE,
)
def out_of_range(project: Project, document: TargetDocument) -> Iterator[Hit]:
    for by, percent in _points(project):
        if percent < 0 or percent > HUNDRED:
            yield Hit(
                f"{by} 的支出计划为 {format(percent, 'f')}%",
                "填写0到100之间的累计百分比",
                field="spending_plan",
            )


@project_rule(
    id="schedule.not-complete",
    category="schedule",
    severity="错误",
    title="年末支出计划不是100%",
    rationale="年度预算应在年内支出完毕；最后一个时点不到100%，意味着计划结转或预算偏大。",
    reference=REFERENCE,
)
def not_complete(project: Project, document: TargetDocument) -> Iterator[Hit]:
    points = _points(project)
    if points and points[-1][1] != HUNDRED:
        by, percent = points[-1]
        yield Hit(
            f"最后一个时点 {by} 的支出计划为 {format(percent, 'f')}%，不是100%",
            "把年末累计支出计划改为100%；确需跨年的，说明原因并相应调整预算",
            field="spending_plan",
        )


@project_rule(
    id="schedule.missing-percent",
    category="schedule",
    severity="警告",
    title="资金支出计划有空缺",
    rationale="空缺的时点无法在运行监控中比对执行进度。",
    reference=MONITORING,
)
def missing_percent(project: Project, document: TargetDocument) -> Iterator[Hit]:
    empty = [p.by for p in project.spending_plan if p.percent is None]
    if empty:
        yield Hit(
            f"{'、'.join(empty)} 的支出计划为空",
            "逐个时点填写累计支出百分比",
            field="spending_plan",
        )


@project_rule(
    id="schedule.pacing",
    category="schedule",
    severity="提示",
    title="支出进度安排不均衡",
    rationale="一个时段内集中支出一半以上预算（常见于年底突击花钱），或第一个时点就支出完毕，"
    "都与全年均衡执行的要求不符，监控时容易出现大的偏差。",
    reference=MONITORING,
)
def pacing(project: Project, document: TargetDocument) -> Iterator[Hit]:
    points = _points(project)
    if len(points) < 2:
        return
    if points[0][1] >= HUNDRED:
        yield Hit(
            f"第一个时点 {points[0][0]} 就计划支出 {format(points[0][1], 'f')}%",
            "核实是否为一次性支付；否则按实际进度分期安排",
            field="spending_plan",
        )
        return
    for (before, low), (after, high) in pairwise(points):
        if high - low > JUMP:
            yield Hit(
                f"{before}到{after}计划支出 {format(high - low, 'f')} 个百分点，超过全年的一半",
                "按工作进度均衡安排支出，或说明集中支付的原因",
                field="spending_plan",
            )
