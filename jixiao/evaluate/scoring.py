"""Scoring a project's self-evaluation (绩效自评) by a profile: a pure function that shows its sums.

`score(project, profile)` gives each indicator's 分值 (the unit's, or spread from the profile's 一级
weights), its 得分 and the arithmetic in words ("正向：实际 8次 ÷ 目标 10次 × 分值 10 = 8.00 分"),
the 预算执行率 score from 全年预算数 and 全年执行数, the total and the grade. An indicator without
an actual value, or whose value cannot be put against its target (another unit, words where a
number is due), gets no score and says why. Indicators not fully met are marked as needing
偏差原因分析及改进措施. Every number is a `Decimal`; each score is rounded once, as the profile
says, and the total is the sum of the rounded scores, as a form adds them.

`adjust(result, index, score, reason)` applies a manual adjustment (the evaluator's judgement on a
qualitative band, a target set clearly too low …) and keeps the computed score beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from jixiao.core.framework import categorize
from jixiao.core.model import FundLine, Grade, Indicator, Project, Value
from jixiao.core.value import fold_width
from jixiao.evaluate.profile import HUNDRED, Band, Group, Profile, plain_number

RuleName = Literal["positive", "negative", "equal", "range", "zero_target", "date", "qualitative"]
RULE_LABELS: dict[RuleName, str] = {
    "positive": "正向",
    "negative": "反向",
    "equal": "“=”",
    "range": "区间",
    "zero_target": "目标值为 0",
    "date": "时效",
    "qualitative": "定性",
}
WeightSource = Literal["written", "spread", "profile", "none"]
"""Where a 分值 comes from: the table, spread by the profile, the profile's own, or nowhere."""
ONE = Decimal(1)
ZERO = Decimal(0)


class ScoringError(ValueError):
    """A manual adjustment that cannot be applied, with the reason in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Adjustment:
    """A score set by hand: the computed one is kept beside it, with the reason."""

    computed: Decimal | None
    adjusted: Decimal
    reason: str


@dataclass(frozen=True)
class IndicatorScore:
    index: int
    """The indicator's position in the project's table (0-based)."""
    name: str
    group: str | None
    """The profile's 一级 group the indicator counts in (None: its 一级 is in none)."""
    weight: Decimal | None
    weight_source: WeightSource
    rule: RuleName | None
    score: Decimal | None
    """The 得分: computed, or adjusted by hand (then `adjustment` says so)."""
    arithmetic: str
    """How the score follows, in words."""
    fully_met: bool | None
    """Full marks (None: not known — no score)."""
    band: Band | None = None
    allowed: tuple[Decimal, Decimal] | None = None
    """For a qualitative band without a default share: the score span the evaluator chooses in."""
    notes: tuple[str, ...] = ()
    written_score: Decimal | None = None
    has_deviation: bool = False
    adjustment: Adjustment | None = None

    @property
    def needs_deviation(self) -> bool:
        """Not fully met: 偏差原因分析及改进措施 is required."""
        return self.fully_met is False

    @property
    def deviation_missing(self) -> bool:
        return self.needs_deviation and not self.has_deviation


@dataclass(frozen=True)
class ExecutionScore:
    """The 预算执行率 line: 全年执行数 ÷ 全年预算数, and its score."""

    label: str | None
    budget: Decimal | None
    executed: Decimal | None
    rate: Decimal | None
    """Exact 执行率 as a fraction (1 = 100%)."""
    weight: Decimal
    weight_source: WeightSource
    score: Decimal | None
    arithmetic: str
    notes: tuple[str, ...] = ()
    written_rate: Decimal | None = None
    written_score: Decimal | None = None
    needs_reason: bool = False
    """The rate is below the profile's `explain_below`: the unit must say why."""
    reason: str | None = None
    """What the table says about its execution (the 原因 cell of the row)."""

    @property
    def rate_percent(self) -> Decimal | None:
        return None if self.rate is None else _percent(self.rate)


@dataclass(frozen=True)
class ScoreResult:
    profile: Profile
    project_code: str | None
    project_name: str
    execution: ExecutionScore
    indicators: tuple[IndicatorScore, ...]

    @property
    def points(self) -> Decimal:
        """The 分值 that count: 预算执行率 and every indicator's."""
        weights = [item.weight for item in self.indicators if item.weight is not None]
        return self.execution.weight + sum(weights, ZERO)

    @property
    def total(self) -> Decimal:
        """The sum of the scores there are (see `complete`)."""
        scores = [item.score for item in self.indicators if item.score is not None]
        return (self.execution.score or ZERO) + sum(scores, ZERO)

    @property
    def complete(self) -> bool:
        return self.execution.score is not None and all(
            item.score is not None for item in self.indicators
        )

    @property
    def grade(self) -> Grade | None:
        """The grade of the total; None while a score is missing."""
        return self.profile.grade(self.total) if self.complete else None

    @property
    def unscored(self) -> tuple[int, ...]:
        return tuple(item.index for item in self.indicators if item.score is None)

    @property
    def not_fully_met(self) -> tuple[int, ...]:
        return tuple(item.index for item in self.indicators if item.needs_deviation)

    @property
    def missing_deviation(self) -> tuple[int, ...]:
        return tuple(item.index for item in self.indicators if item.deviation_missing)

    def group_points(self) -> dict[str, Decimal]:
        """Each 一级 group's 分值 as this table has them."""
        sums: dict[str, Decimal] = {}
        for item in self.indicators:
            if item.group is not None and item.weight is not None:
                sums[item.group] = sums.get(item.group, ZERO) + item.weight
        return sums

    def summary(self) -> str:
        """In one line: 总分 95.00 分（满分 100 分），评价等级：优（…）, or what is missing."""
        total = self.profile.round(self.total)
        if self.grade is not None:
            return (
                f"总分 {total} 分（满分 {plain_number(self.points)} 分），评价等级：{self.grade}"
                f"（{self.profile.grade_span(self.grade)}）"
            )
        missing = len(self.unscored) + (self.execution.score is None)
        return f"已计分合计 {total} 分；尚有 {missing} 项未计分，补全后才能确定总分和评价等级"


def score(project: Project, profile: Profile) -> ScoreResult:
    """The project's self-evaluation scored by `profile` (see the module docstring)."""
    weights = _weights(project.indicators, profile)
    items = tuple(
        _indicator_score(
            index, indicator, group=group, weight=weight, source=source, profile=profile
        )
        for index, (indicator, (group, weight, source)) in enumerate(
            zip(project.indicators, weights, strict=True)
        )
    )
    return ScoreResult(
        profile=profile,
        project_code=project.code,
        project_name=project.name,
        execution=_execution(project, profile),
        indicators=items,
    )


def adjust(result: ScoreResult, index: int, adjusted: Decimal, reason: str) -> ScoreResult:
    """The result with indicator `index`'s score set by hand to `adjusted`, for `reason`.

    The computed score is kept (`IndicatorScore.adjustment`); the reason is required, and the
    score must lie between 0 and the indicator's 分值."""
    if not reason or not reason.strip():
        raise ScoringError("人工调整得分须写明理由")
    if not 0 <= index < len(result.indicators):
        raise ScoringError(f"没有第 {index + 1} 个指标：本表共 {len(result.indicators)} 个指标")
    item = result.indicators[index]
    if item.weight is None:
        raise ScoringError(f"指标「{item.name}」没有分值，不能调整得分；请先设定分值")
    if not ZERO <= adjusted <= item.weight:
        raise ScoringError(
            f"指标「{item.name}」的得分应在 0 至分值 {plain_number(item.weight)} 分之间，"
            f"不能调整为 {plain_number(adjusted)} 分"
        )
    computed = item.adjustment.computed if item.adjustment is not None else item.score
    rounded = result.profile.round(adjusted)
    changed = replace(
        item,
        score=rounded,
        fully_met=rounded >= item.weight,
        adjustment=Adjustment(computed, rounded, reason.strip()),
    )
    items = (*result.indicators[:index], changed, *result.indicators[index + 1 :])
    return replace(result, indicators=items)


# -- weights ----------------------------------------------------------------------------------


def _group_of(indicator: Indicator, profile: Profile) -> Group | None:
    category = indicator.category or categorize(indicator.level1, indicator.level2)
    return profile.weights.group_of(category.level1 if category else None)


def _weights(
    indicators: list[Indicator], profile: Profile
) -> list[tuple[Group | None, Decimal | None, WeightSource]]:
    """Each indicator's group and 分值: the unit's where written; otherwise an equal share of
    what its group's points leave after the unit's own, in cents, the odd cents to the first."""
    groups = [_group_of(indicator, profile) for indicator in indicators]
    out: list[tuple[Group | None, Decimal | None, WeightSource]] = [
        (group, indicator.weight, "written" if indicator.weight is not None else "none")
        for indicator, group in zip(indicators, groups, strict=True)
    ]
    cent = ONE.scaleb(-profile.places)
    for group in profile.weights.groups:
        members = [i for i, g in enumerate(groups) if g is group]
        open_ = [i for i in members if indicators[i].weight is None]
        if not open_:
            continue
        given = sum((indicators[i].weight or ZERO for i in members), ZERO)
        left = group.points - given
        if left <= 0:
            continue
        share = (left / len(open_)).quantize(cent, ROUND_DOWN)
        odd = int((left - share * len(open_)) / cent)
        for position, i in enumerate(open_):
            out[i] = (group, share + (cent if position < odd else ZERO), "spread")
    return out


# -- one indicator ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    rule: RuleName | None
    score: Decimal | None
    arithmetic: str
    band: Band | None = None
    allowed: tuple[Decimal, Decimal] | None = None
    notes: tuple[str, ...] = ()


def _indicator_score(
    index: int,
    indicator: Indicator,
    *,
    group: Group | None,
    weight: Decimal | None,
    source: WeightSource,
    profile: Profile,
) -> IndicatorScore:
    notes: list[str] = []
    if group is None:
        written = indicator.level1 or "（未填）"
        notes.append(f"一级指标「{written}」不在评分方案的一级指标中")
    if weight is None:
        outcome = _Outcome(None, None, "未设分值，不计分")
        if group is not None:
            notes.append(
                f"{group.name}的 {plain_number(group.points)} 分已由单位设定的分值占满，"
                "本指标未分得分值；请为本指标设定分值"
            )
    elif indicator.actual is None or indicator.actual.kind == "empty":
        outcome = _Outcome(None, None, "未填写实际完成值，不计分")
    else:
        scorer = _Scorer(profile, weight, _direction(indicator.direction))
        outcome = scorer.outcome(indicator.target, indicator.actual)
    notes.extend(outcome.notes)
    rounded = profile.round(outcome.score) if outcome.score is not None else None
    return IndicatorScore(
        index=index,
        name=indicator.name,
        group=group.name if group else None,
        weight=weight,
        weight_source=source,
        rule=outcome.rule,
        score=rounded,
        arithmetic=outcome.arithmetic,
        fully_met=None if rounded is None or weight is None else rounded >= weight,
        band=outcome.band,
        allowed=outcome.allowed,
        notes=tuple(notes),
        written_score=indicator.score,
        has_deviation=bool(indicator.deviation and indicator.deviation.strip()),
    )


_UNIT_SPELLINGS = str.maketrans({"*": "·", "×": "·", "・": "·", "•": "·", "﹒": "·"})
_MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月")


def _same_unit(target: str | None, actual: str | None) -> bool:
    if target is None or actual is None:
        return True
    return fold_width(target).translate(_UNIT_SPELLINGS) == fold_width(actual).translate(
        _UNIT_SPELLINGS
    )


def _written(value: Value) -> str:
    """A value's number and unit as written: "8次", "5%"."""
    return (
        f"{format(value.number, 'f')}{value.unit or ''}" if value.number is not None else value.raw
    )


def _words(value: Value) -> str:
    return fold_width(value.text or value.raw).strip().rstrip("。")


class _Scorer:
    """The rules of one profile for one indicator's 分值."""

    def __init__(
        self, profile: Profile, weight: Decimal, direction: Literal["正向", "反向"] | None = None
    ) -> None:
        self.profile = profile
        self.weight = weight
        self.w = format(weight, "f")
        self.direction = direction
        """The 指标方向 a table states in its own column; it decides an "=" target's rule."""

    def r(self, number: Decimal) -> str:
        return str(self.profile.round(number))

    def outcome(self, target: Value, actual: Value) -> _Outcome:
        if target.kind == "quantity" and target.number is not None:
            if actual.kind == "quantity" and actual.number is not None:
                return self.quantity(target, actual)
            band = self.band_of_words(actual)
            if band is not None:
                return self.banded(band, f"实际「{_words(actual)}」")
            return _Outcome(
                None, None,
                f"实际完成值「{actual.raw}」不是数值，无法与目标 {target.raw} 比较，不计分；"
                "请填写数值，或由评价人确定得分",
            )  # fmt: skip
        if target.kind == "range" and target.number is not None and target.upper is not None:
            if actual.kind == "quantity" and actual.number is not None:
                return self.range(target, actual)
            return _Outcome(
                None,
                None,
                f"实际完成值「{actual.raw}」不是数值，无法与区间 {target.raw} 比较，不计分",
            )
        if target.kind == "date":
            return self.date(target, actual)
        if target.kind in ("qualitative", "period"):
            return self.qualitative(target, actual)
        return _Outcome(None, None, f"年度指标值「{target.raw}」无法计分，请由评价人确定得分")

    # -- quantitative --

    def quantity(self, target: Value, actual: Value) -> _Outcome:
        assert target.number is not None
        assert actual.number is not None
        notes: list[str] = []
        if not _same_unit(target.unit, actual.unit):
            return _Outcome(
                None, None,
                f"实际完成值的单位「{actual.unit}」与目标的单位「{target.unit}」不同，无法计分；"
                "请按目标的单位填写实际完成值",
            )  # fmt: skip
        if actual.op not in (None, "="):
            notes.append(f"实际完成值写作「{actual.raw}」，按 {_written(actual)} 计")
        t, a = target.number, actual.number
        if t < 0 or a < 0:
            return _Outcome(None, None, "目标或实际为负数，无法按公式计分，请由评价人确定得分")
        op = target.op or "="
        if op == "=" and self.direction is not None:
            op = ">=" if self.direction == "正向" else "<="
            notes.append(f"指标方向为「{self.direction}」，按{self.direction}指标计分")
        if t == 0:
            return self.zero_target(target, actual, op, notes)
        if op in (">=", ">"):
            return self.positive(target, actual, "正向", notes)
        if op in ("<=", "<"):
            return self.negative(target, actual, "反向", notes)
        return self.equal(target, actual, notes)

    def positive(
        self,
        target: Value,
        actual: Value,
        label: str,
        notes: list[str],
        *,
        rule: RuleName = "positive",
        bound: str = "目标",
    ) -> _Outcome:
        assert target.number is not None
        assert actual.number is not None
        t, a = target.number, actual.number
        raw = a / t * self.weight
        sums = f"{label}：实际 {_written(actual)} ÷ {bound} {_written(target)} × 分值 {self.w}"
        review_at = self.profile.overachievement_review_at
        if review_at is not None and a / t * HUNDRED >= review_at:
            notes.append(
                f"实际为目标的 {plain_number(self.profile.round(a / t * HUNDRED))}%，超额较多："
                "如系年初目标设定明显偏低，可按偏离度人工调整得分并写明理由"
            )
        if raw > self.weight:
            return _Outcome(
                rule, self.weight,
                f"{sums} = {self.r(raw)}，得分不超过分值，计 {self.r(self.weight)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        return _Outcome(rule, raw, f"{sums} = {self.r(raw)} 分", notes=tuple(notes))

    def negative(
        self,
        target: Value,
        actual: Value,
        label: str,
        notes: list[str],
        *,
        rule: RuleName = "negative",
        bound: str = "目标",
    ) -> _Outcome:
        assert target.number is not None
        assert actual.number is not None
        t, a = target.number, actual.number
        if a <= t:
            return _Outcome(
                rule, self.weight,
                f"{label}：实际 {_written(actual)} 未超过{bound} {_written(target)}，"
                f"得满分 {self.r(self.weight)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        if self.profile.negative.rule == "ratio":
            raw = t / a * self.weight
            return _Outcome(
                rule, raw,
                f"{label}：{bound} {_written(target)} ÷ 实际 {_written(actual)} × 分值 {self.w} = "
                f"{self.r(raw)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        if a >= 2 * t:
            return _Outcome(
                rule, ZERO,
                f"{label}（线性扣分）：实际 {_written(actual)} 达到{bound} {_written(target)} "
                f"的 2 倍及以上，得 {self.r(ZERO)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        raw = (ONE - (a - t) / t) * self.weight
        return _Outcome(
            rule, raw,
            f"{label}（线性扣分）：(1 − (实际 {_written(actual)} − {bound} {_written(target)}) ÷ "
            f"{bound} {_written(target)}) × 分值 {self.w} = {self.r(raw)} 分",
            notes=tuple(notes),
        )  # fmt: skip

    def equal(self, target: Value, actual: Value, notes: list[str]) -> _Outcome:
        assert target.number is not None
        assert actual.number is not None
        t, a = target.number, actual.number
        rule = self.profile.equal.rule
        if rule == "as_positive":
            return self.positive(target, actual, "“=”按正向", notes, rule="equal")
        if a == t:
            return _Outcome(
                "equal", self.weight,
                f"“=”：实际 {_written(actual)} 等于目标 {_written(target)}，得满分 "
                f"{self.r(self.weight)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        if rule == "exact":
            return _Outcome(
                "equal", ZERO,
                f"“=”（须恰好等于目标）：实际 {_written(actual)} 不等于目标 {_written(target)}，"
                f"得 {self.r(ZERO)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        low, high = (actual, target) if a < t else (target, actual)
        assert low.number is not None
        assert high.number is not None
        raw = low.number / high.number * self.weight
        return _Outcome(
            "equal", raw,
            f"“=”（较小值比较大值）：{_written(low)} ÷ {_written(high)} × 分值 {self.w} = "
            f"{self.r(raw)} 分",
            notes=tuple(notes),
        )  # fmt: skip

    def zero_target(self, target: Value, actual: Value, op: str, notes: list[str]) -> _Outcome:
        assert actual.number is not None
        a = actual.number
        if op in (">=", ">"):
            return _Outcome(
                "zero_target", self.weight,
                f"目标值为 0 的正向指标：实际 {_written(actual)} 不低于 0，得满分 "
                f"{self.r(self.weight)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        if self.profile.zero_target.rule == "manual":
            return _Outcome(
                "zero_target", None,
                f"目标值为 0：实际 {_written(actual)}，按评分方案由评价人确定得分",
                notes=tuple(notes),
            )  # fmt: skip
        if a == 0:
            return _Outcome(
                "zero_target", self.weight,
                f"目标值为 0：实际 {_written(actual)}，达到目标，得满分 {self.r(self.weight)} 分",
                notes=tuple(notes),
            )  # fmt: skip
        return _Outcome(
            "zero_target", ZERO,
            f"目标值为 0：实际 {_written(actual)} 大于 0，得 {self.r(ZERO)} 分",
            notes=tuple(notes),
        )  # fmt: skip

    def range(self, target: Value, actual: Value) -> _Outcome:
        assert target.number is not None
        assert target.upper is not None
        assert actual.number is not None
        if not _same_unit(target.unit, actual.unit):
            return _Outcome(
                None, None,
                f"实际完成值的单位「{actual.unit}」与目标的单位「{target.unit}」不同，无法计分",
            )  # fmt: skip
        low = Value(
            raw=target.raw, op=">=", number=target.number, unit=target.unit, kind="quantity"
        )
        high = Value(
            raw=target.raw, op="<=", number=target.upper, unit=target.unit, kind="quantity"
        )
        a = actual.number
        if target.number <= a <= target.upper:
            return _Outcome(
                "range", self.weight,
                f"区间：实际 {_written(actual)} 在目标 {target.raw} 之内，"
                f"得满分 {self.r(self.weight)} 分",
            )  # fmt: skip
        if a < target.number:
            if target.number == 0:
                return _Outcome("range", None, "区间下限为 0，无法按公式计分，请由评价人确定得分")
            label = "区间：实际低于下限，按正向"
            return self.positive(low, actual, label, [], rule="range", bound="下限")
        return self.negative(
            high, actual, "区间：实际高于上限，按反向", [], rule="range", bound="上限"
        )

    # -- by words --

    def band_of_words(self, actual: Value, target: Value | None = None) -> Band | None:
        words = _words(actual)
        if target is not None and words and words == _words(target):
            return self.profile.bands[0]
        for band in self.profile.bands:
            if words in band.words:
                return band
        return None

    def banded(self, band: Band, said: str) -> _Outcome:
        where = f"属「{band.name}」档（{band.span()}）"
        low, high = band.low / HUNDRED * self.weight, band.high / HUNDRED * self.weight
        if band.default is None:
            return _Outcome(
                "qualitative", None,
                f"定性：{said}{where}：得分由评价人在 {self.r(low)} 分（含）至 {self.r(high)} 分"
                "之间确定",
                band=band, allowed=(self.profile.round(low), self.profile.round(high)),
            )  # fmt: skip
        raw = band.default / HUNDRED * self.weight
        return _Outcome(
            "qualitative", raw,
            f"定性：{said}{where}：分值 {self.w} × {plain_number(band.default)}% = "
            f"{self.r(raw)} 分",
            band=band, allowed=(self.profile.round(low), self.profile.round(high)),
        )  # fmt: skip

    def qualitative(self, target: Value, actual: Value) -> _Outcome:
        band = self.band_of_words(actual, target)
        if band is not None:
            same = _words(actual) == _words(target)
            said = f"实际「{_words(actual)}」" + ("与目标相同，" if same else "")
            return self.banded(band, said)
        if actual.kind == "quantity" and actual.unit == "%" and actual.number is not None:
            share = actual.number
            chosen = next(
                (
                    b
                    for b in self.profile.bands
                    if b.low <= share and (share < b.high or b is self.profile.bands[0])
                ),
                None,
            )
            if chosen is not None and share <= HUNDRED:
                return self.banded(chosen, f"实际完成程度 {_written(actual)}，")
        return _Outcome(
            "qualitative", None,
            f"定性：实际「{actual.raw}」对照目标「{target.raw}」，档次由评价人判定后确定得分",
        )  # fmt: skip

    def date(self, target: Value, actual: Value) -> _Outcome:
        band = self.band_of_words(actual, target)
        if band is not None:
            return replace(self.banded(band, f"实际「{_words(actual)}」"), rule="date")
        due, done = _month(target), _month(actual)
        if due is not None and done is not None:
            if done <= due:
                return _Outcome(
                    "date", self.weight,
                    f"时效：实际「{_words(actual)}」不晚于目标「{target.raw}」，得满分 "
                    f"{self.r(self.weight)} 分",
                )  # fmt: skip
            return _Outcome(
                "date", None,
                f"时效：实际「{_words(actual)}」晚于目标「{target.raw}」，未按时完成，"
                "请评价人按完成情况确定得分",
            )  # fmt: skip
        return _Outcome(
            "date", None,
            f"时效：实际「{actual.raw}」对照目标「{target.raw}」，请评价人判定是否按时完成后确定得分",
        )  # fmt: skip


def _direction(written: str | None) -> Literal["正向", "反向"] | None:
    """正向 / 反向 from a table's 指标方向 column ("正向指标", "反向"); None otherwise."""
    if not written:
        return None
    text = written.strip()
    if text.startswith("正向"):
        return "正向"
    if text.startswith("反向"):
        return "反向"
    return None


def _month(value: Value) -> tuple[int, int] | None:
    """(year or 0, month) of a date like "12月底" or "2023年11月"."""
    found = _MONTH.search(fold_width(value.text or value.raw))
    if found is None:
        return None
    return int(found[1] or 0), int(found[2])


# -- 预算执行率 ---------------------------------------------------------------------------------


def _total_line(funds: list[FundLine]) -> FundLine | None:
    """The 年度资金总额 row (总额 / 合计), else the first."""
    for line in funds:
        if "总额" in line.label or "合计" in line.label or line.label.strip() in ("总计", "小计"):
            return line
    return funds[0] if funds else None


def _percent(rate: Decimal) -> Decimal:
    return (rate * HUNDRED).quantize(Decimal("0.01"))


def _execution(project: Project, profile: Profile) -> ExecutionScore:
    evaluation = project.evaluation
    line = _total_line(evaluation.funds) if evaluation is not None else None
    written = line.weight if line is not None else None
    weight = written if written is not None else profile.weights.execution
    source: WeightSource = "written" if written is not None else "profile"
    w = format(weight, "f")
    if line is None:
        return ExecutionScore(
            None, None, None, None, weight, source, None, "未填写预算执行情况，不计分"
        )
    budget = line.full_year_budget
    notes: list[str] = []
    if budget is None and line.initial_budget is not None:
        budget = line.initial_budget
        notes.append("未填写全年预算数（调整后预算数），按年初预算数计算")
    base = ExecutionScore(
        line.label, budget, line.executed, None, weight, source, None, "",
        written_rate=line.rate, written_score=line.score,
        reason=line.note.strip() if line.note and line.note.strip() else None,
    )  # fmt: skip
    if budget is None or line.executed is None:
        missing = "全年预算数" if budget is None else "全年执行数"
        return replace(
            base, arithmetic=f"未填写{missing}，无法计算执行率，不计分", notes=tuple(notes)
        )
    if budget <= 0:
        return replace(
            base, arithmetic="全年预算数为 0，无法计算执行率，不计分", notes=tuple(notes)
        )
    rate = line.executed / budget
    shown = f"{_percent(rate)}%"
    sums = (
        f"执行率 = 全年执行数 {format(line.executed, 'f')} ÷ 全年预算数 {format(budget, 'f')} "
        f"= {shown}"
    )
    explain = profile.execution_explain_below
    # Judged on the rate as shown (two places), as the form states it.
    needs_reason = explain is not None and _percent(rate) < explain
    if needs_reason and explain is not None:
        notes.append(f"执行率 {shown} 低于 {plain_number(explain)}%，须说明原因")
    if rate > ONE and profile.execution_cap:
        raw = weight
        sums += f"，超过 100% 按 100% 计；得分 = 分值 {w} × 100% = {profile.round(raw)} 分"
    else:
        raw = weight * rate
        sums += f"；得分 = 分值 {w} × {shown} = {profile.round(raw)} 分"
    return replace(
        base,
        rate=rate,
        score=profile.round(raw),
        arithmetic=sums,
        notes=tuple(notes),
        needs_reason=needs_reason,
    )
