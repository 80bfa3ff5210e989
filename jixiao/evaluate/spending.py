"""Spending against the plan (支出进度): a project's payments measured at each checkpoint of its
own 资金支出计划 and against 序时进度 (the share of the year gone by).

Pure: no Django. Payments are in 元 (a payment ledger's unit); the budget is in the project's
金额单位 and converted exactly (万元 × 10000). Each checkpoint states its arithmetic in words, as a
unit would write it in its 绩效运行监控表.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from jixiao.core import model as core
from jixiao.evaluate.monitoring_rules import SpendingBands

Status = Literal["正常", "黄", "红", "未到期"]
SEVERITY: dict[str, int] = {"未到期": 0, "正常": 1, "黄": 2, "红": 3}
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
TO_YUAN: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000)}


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    amount: Decimal
    """In 元."""
    source: str


@dataclass(frozen=True)
class CheckpointStatus:
    by: str
    """As the plan writes it ("3月底")."""
    due: date | None
    planned_percent: Decimal | None
    spent: Decimal
    """Cumulative 元 paid up to the checkpoint (or up to the as-of date when that is earlier)."""
    actual_percent: Decimal | None
    elapsed_percent: Decimal
    """序时进度 at the checkpoint date."""
    gap: Decimal | None
    """Planned minus actual, in percentage points (positive: behind the plan)."""
    status: Status
    words: str


@dataclass(frozen=True)
class SpendingReport:
    budget: Decimal
    """In 元."""
    spent: Decimal
    rate: Decimal | None
    elapsed_percent: Decimal
    checkpoints: tuple[CheckpointStatus, ...]
    status: str
    curve: tuple[tuple[date, Decimal], ...]
    """Cumulative 元 after each payment day, up to the as-of date."""
    by_source: dict[str, Decimal]


def spending_status(
    project: core.Project,
    payments: Iterable[PaymentLine],
    *,
    year: int,
    as_of: date,
    bands: SpendingBands,
) -> SpendingReport:
    """The project's spending at `as_of`: each checkpoint of its plan, the overall rate, the
    cumulative curve and the split by fund source."""
    unit = project.money_unit
    budget = (project.budget.total or Decimal(0)) * TO_YUAN[unit]
    curve, by_source = _cumulate(payments, as_of)
    spent = curve[-1][1] if curve else Decimal(0)
    measure = _Measure(curve, budget, unit, year, as_of, bands)
    checkpoints = tuple(measure.checkpoint(c) for c in project.spending_plan)
    due = [c.status for c in checkpoints if c.status != "未到期"]
    elapsed = elapsed_percent(min(as_of, date(year, 12, 31)), year)
    rate = _percent(spent, budget)
    status: Status
    if due:
        status = max(due, key=SEVERITY.__getitem__)
    elif not checkpoints and rate is not None:
        status = bands.classify(elapsed - rate)
    else:
        status = "未到期"
    return SpendingReport(
        budget=budget, spent=spent, rate=rate, elapsed_percent=elapsed,
        checkpoints=checkpoints, status=status, curve=curve, by_source=by_source,
    )  # fmt: skip


def checkpoint_date(by: str, year: int) -> date | None:
    """The date a checkpoint's wording names ("3月底", "6月30日", "第一季度末", "上半年", "年底"),
    or None when it names none."""
    text = re.sub(r"\s+", "", by).replace("截至", "").replace("截止", "").replace("前", "")
    text = re.sub(r"^(\d{4})年", "", text)
    for pattern, month in _PERIODS:
        if re.fullmatch(pattern, text):
            return date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2})[日号]", text):
        named, day = _number(m.group(1)), int(m.group(2))
        if named and 1 <= named <= 12 and 1 <= day <= calendar.monthrange(year, named)[1]:
            return date(year, named, day)
        return None
    if m := re.fullmatch(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:底|末|末前)?", text):
        named = _number(m.group(1))
        if named and 1 <= named <= 12:
            return date(year, named, calendar.monthrange(year, named)[1])
    if m := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})", text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            return date(year, month, day)
    return None


def elapsed_percent(day: date, year: int) -> Decimal:
    """序时进度: the days of the year gone by at the end of `day` ÷ the days in the year × 100."""
    if day.year < year:
        return Decimal("0.00")
    if day.year > year:
        return Decimal("100.00")
    days = 366 if calendar.isleap(year) else 365
    return (Decimal(day.timetuple().tm_yday) * HUNDRED / days).quantize(CENT, ROUND_HALF_UP)


_PERIODS: tuple[tuple[str, int], ...] = (
    (r"(?:第)?[一1]季度(?:末|底)?", 3),
    (r"(?:第)?[二2]季度(?:末|底)?", 6),
    (r"(?:第)?[三3]季度(?:末|底)?", 9),
    (r"(?:第)?[四4]季度(?:末|底)?", 12),
    (r"上半年(?:末|底)?", 6),
    (r"[一1]-?[三3]季度(?:末|底)?", 9),
    (r"下半年(?:末|底)?|年底|年末|全年|年终|年度末|年内", 12),
)
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十") and len(text) == 2:
        return 10 + _DIGITS.get(text[1], 100)
    if len(text) == 1:
        return _DIGITS.get(text)
    return None


def _cumulate(
    payments: Iterable[PaymentLine], as_of: date
) -> tuple[tuple[tuple[date, Decimal], ...], dict[str, Decimal]]:
    daily: dict[date, Decimal] = {}
    by_source: dict[str, Decimal] = {}
    for line in payments:
        if line.paid_on > as_of:
            continue
        daily[line.paid_on] = daily.get(line.paid_on, Decimal(0)) + line.amount
        by_source[line.source] = by_source.get(line.source, Decimal(0)) + line.amount
    total = Decimal(0)
    curve = []
    for day in sorted(daily):
        total += daily[day]
        curve.append((day, total))
    return tuple(curve), by_source


def _percent(spent: Decimal, budget: Decimal) -> Decimal | None:
    if budget <= 0:
        return None
    return (spent * HUNDRED / budget).quantize(CENT, ROUND_HALF_UP)


def _spent_by(curve: tuple[tuple[date, Decimal], ...], day: date) -> Decimal:
    spent = Decimal(0)
    for paid_on, total in curve:
        if paid_on > day:
            break
        spent = total
    return spent


def _places(number: Decimal) -> str:
    """At least two places, none of the written ones dropped."""
    exponent = number.as_tuple().exponent
    return format(
        number.quantize(CENT) if isinstance(exponent, int) and exponent > -2 else number, "f"
    )


def money(amount_yuan: Decimal, unit: str) -> str:
    """A 元 amount in the project's unit, with at least two places and no precision lost."""
    value = amount_yuan / TO_YUAN[unit]
    if value == value.quantize(CENT):
        return f"{value.quantize(CENT):,f}".replace(",", "")
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class _Measure:
    curve: tuple[tuple[date, Decimal], ...]
    budget: Decimal
    unit: str
    year: int
    as_of: date
    bands: SpendingBands

    def checkpoint(self, checkpoint: core.Checkpoint) -> CheckpointStatus:
        due = checkpoint_date(checkpoint.by, self.year)
        planned = checkpoint.percent
        if due is None:
            spent = _spent_by(self.curve, self.as_of)
            actual = _percent(spent, self.budget)
            return CheckpointStatus(
                by=checkpoint.by, due=None, planned_percent=planned, spent=spent,
                actual_percent=actual, elapsed_percent=elapsed_percent(self.as_of, self.year),
                gap=None, status="未到期",
                words=f"计划时点“{checkpoint.by}”未写明日期，无法对照，请按“3月底”“6月30日”的写法填写",
            )  # fmt: skip
        measured_to = min(due, self.as_of)
        spent = _spent_by(self.curve, measured_to)
        actual = _percent(spent, self.budget)
        elapsed = elapsed_percent(due, self.year)
        gap = planned - actual if planned is not None and actual is not None else None
        if due > self.as_of:
            status: Status = "未到期"
        elif gap is not None:
            status = self.bands.classify(gap)
        elif actual is not None:
            status = self.bands.classify(elapsed - actual)
        else:
            status = "未到期"
        return CheckpointStatus(
            by=checkpoint.by, due=due, planned_percent=planned, spent=spent, actual_percent=actual,
            elapsed_percent=elapsed, gap=gap, status=status,
            words=self._words(
                measured_to=measured_to, due=due, spent=spent, actual=actual, planned=planned,
                elapsed=elapsed, status=status,
            ),
        )  # fmt: skip

    def _words(
        self,
        *,
        measured_to: date,
        due: date,
        spent: Decimal,
        actual: Decimal | None,
        planned: Decimal | None,
        elapsed: Decimal,
        status: Status,
    ) -> str:
        day = f"{measured_to.month}月{measured_to.day}日"
        head = f"截至{day}支出 {money(spent, self.unit)} {self.unit}"
        if actual is None:
            return f"{head}，项目未填预算数，无法计算执行率"
        rate = f"{head} ÷ 预算 {money(self.budget, self.unit)} {self.unit} = {actual}%"
        if planned is None:
            plan = f"计划未填比例，对照序时进度 {elapsed}%"
        else:
            plan = f"计划 {_places(planned)}%"
        if status == "未到期":
            return f"{rate}，{plan}，{due.month}月{due.day}日到期，尚未到期"
        return f"{rate}，{plan}，{status}"
