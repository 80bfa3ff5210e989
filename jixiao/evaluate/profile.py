"""Scoring profiles (评分方案): how a self-evaluation (绩效自评) is scored, as data.

A profile is a TOML file (`data/*.toml` ships the 中央 default `central` and the local example
`local-2020`; a system administrator may keep others anywhere and name the file). It holds the
一级 weights, how weights spread over indicators a unit left without one, the rules for 正向, 反向
and "=" indicators and for a target of 0, the qualitative bands, the grade bands and the rounding.
Every section says where it stands (`basis`): 政策规定 (a policy text says so), 通行做法 (seen in
local forms or deployed systems, not a national rule) or 默认设置 (a design choice with no source),
and `source` says which, in words users read. `docs/scoring.md` describes each field.

Loading validates everything and refuses a bad profile in Chinese, naming the file and the field.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, get_args

from jixiao.core.framework import find_level1
from jixiao.core.model import Grade

Basis = Literal["policy", "practice", "default"]
BASIS_LABELS: dict[Basis, str] = {
    "policy": "政策规定",
    "practice": "通行做法",
    "default": "默认设置",
}
SpreadRule = Literal["equal"]
PositiveRule = Literal["ratio"]
NegativeRule = Literal["ratio", "linear"]
EqualRule = Literal["as_positive", "min_max", "exact"]
ZeroTargetRule = Literal["all_or_nothing", "manual"]
ExecutionRule = Literal["proportional"]
RoundingMode = Literal["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN"]
ROUNDING_MODES: dict[RoundingMode, str] = {
    "ROUND_HALF_UP": ROUND_HALF_UP,
    "ROUND_HALF_EVEN": ROUND_HALF_EVEN,
    "ROUND_DOWN": ROUND_DOWN,
}
ROUNDING_LABELS: dict[RoundingMode, str] = {
    "ROUND_HALF_UP": "四舍五入",
    "ROUND_HALF_EVEN": "四舍六入五成双",
    "ROUND_DOWN": "舍去",
}
HUNDRED = Decimal(100)
_GRADES: tuple[Grade, ...] = get_args(Grade)


class ProfileError(ValueError):
    """A profile that cannot be used, with the reason in Chinese (file and field named)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Standing:
    """Where a section of the profile stands: policy, practice or a default, and its source."""

    basis: Basis
    source: str

    @property
    def label(self) -> str:
        return BASIS_LABELS[self.basis]


@dataclass(frozen=True)
class Group:
    """One 一级 category's points. `covers` are the canonical 一级 names (as the indicator
    framework knows them) whose indicators count here: 成本指标, a 一级 category in some
    templates, may count with 产出指标."""

    name: str
    points: Decimal
    covers: tuple[str, ...]


@dataclass(frozen=True)
class Weights:
    execution: Decimal
    """预算执行率's points."""
    groups: tuple[Group, ...]
    standing: Standing

    def group_of(self, level1: str | None) -> Group | None:
        if level1 is None:
            return None
        return next((group for group in self.groups if level1 in group.covers), None)


@dataclass(frozen=True)
class Band:
    """A qualitative band: a share of the indicator's 分值 from `low` (inclusive) to `high`
    (percent; `high` inclusive only for the top band). `default` is the share given when the
    actual is read as this band without a score written or chosen; None: the evaluator chooses."""

    name: str
    short: str
    low: Decimal
    high: Decimal
    default: Decimal | None
    words: tuple[str, ...]

    def span(self) -> str:
        """The band in words: 80%（含）–100%."""
        return f"{_percent(self.low)}（含）–{_percent(self.high)}"


@dataclass(frozen=True)
class GradeBand:
    grade: Grade
    min: Decimal


R = TypeVar("R", bound=str)
C = TypeVar("C", bound=str)


@dataclass(frozen=True)
class Rule(Generic[R]):
    rule: R
    standing: Standing


@dataclass(frozen=True)
class Profile:
    id: str
    version: str
    title: str
    description: str
    total_points: Decimal
    weights: Weights
    spread: Rule[SpreadRule]
    execution: Rule[ExecutionRule]
    execution_cap: bool
    """An execution rate above 100% counts as 100%."""
    execution_explain_below: Decimal | None
    """Below this 执行率 (percent) the unit must explain why; None: never asked."""
    positive: Rule[PositiveRule]
    negative: Rule[NegativeRule]
    equal: Rule[EqualRule]
    zero_target: Rule[ZeroTargetRule]
    overachievement_review_at: Decimal | None
    """实际/目标 (percent) from which a 正向 indicator's over-achievement is pointed out for a
    possible manual deduction (目标设定明显偏低); None: never."""
    overachievement: Standing
    bands: tuple[Band, ...]
    qualitative: Standing
    grades: tuple[GradeBand, ...]
    grading: Standing
    places: int
    rounding_mode: RoundingMode
    rounding: Standing
    tolerance: Decimal
    """How far a written 得分 may be from the computed one and still agree (rounding on the way)."""

    @property
    def label(self) -> str:
        """As users read it: 中央部门项目支出绩效自评默认方案（central 第 2026.1 版）."""
        return f"{self.title}（{self.id} 第 {self.version} 版）"

    def round(self, number: Decimal) -> Decimal:
        return number.quantize(Decimal(1).scaleb(-self.places), ROUNDING_MODES[self.rounding_mode])

    def grade(self, total: Decimal) -> Grade:
        for band in self.grades:
            if total >= band.min:
                return band.grade
        return self.grades[-1].grade

    def grade_span(self, grade: Grade) -> str:
        """A grade's span in words: 80 分（含）至 90 分 for 良 with the default bands."""
        ordered = list(self.grades)
        position = next(i for i, band in enumerate(ordered) if band.grade == grade)
        low = ordered[position].min
        if position == 0:
            return f"{plain_number(low)} 分（含）以上"
        high = ordered[position - 1].min
        if position == len(ordered) - 1 and low == 0:
            return f"低于 {plain_number(high)} 分"
        return f"{plain_number(low)} 分（含）至 {plain_number(high)} 分"


def _percent(number: Decimal) -> str:
    return f"{plain_number(number)}%"


def plain_number(number: Decimal) -> str:
    """A number without trailing zeros: 10, 12.5 (for 分值 and limits in words)."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# -- loading ----------------------------------------------------------------------------------

PROFILE_DIR = "data"


@cache
def builtin_ids() -> tuple[str, ...]:
    """The ids of the shipped profiles, 中央 default first."""
    folder = resources.files("jixiao.evaluate").joinpath(PROFILE_DIR)
    names = sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )
    return tuple(sorted(names, key=lambda name: name != DEFAULT_PROFILE))


DEFAULT_PROFILE = "central"


@cache
def builtin(profile_id: str = DEFAULT_PROFILE) -> Profile:
    """A shipped profile by id; unknown ids are refused naming those that exist."""
    if profile_id not in builtin_ids():
        known = "、".join(builtin_ids())
        raise ProfileError(
            f"没有「{profile_id}」这个评分方案；可用的方案有 {known}，或给出方案文件的路径"
        )
    folder = resources.files("jixiao.evaluate").joinpath(PROFILE_DIR)
    text = folder.joinpath(f"{profile_id}.toml").read_text("utf-8")
    return parse_profile(text, f"评分方案 {profile_id}")


def load_profile(name: str) -> Profile:
    """A shipped profile by id, or a profile file by its path (ending in .toml)."""
    if name.endswith(".toml"):
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ProfileError(f"{name}：无法读取评分方案文件（{error.strerror}）") from None
        except UnicodeDecodeError:
            raise ProfileError(f"{name}：评分方案文件应为 UTF-8 编码") from None
        return parse_profile(text, name)
    return builtin(name)


def parse_profile(text: str, where: str) -> Profile:
    """A profile from its TOML text; `where` names it in errors (a file name)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{where}：不是合法的 TOML（{error}）") from None
    return _Reader(where).profile(data)


class _Reader:
    """Reads a profile's tables, saying where (file and field) when something is wrong."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, field: str, problem: str) -> ProfileError:
        return ProfileError(f"{self.where}：{field} {problem}")

    def table(self, data: Mapping[str, Any], key: str, field: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(field, "缺失或不是表（[...] 小节）")
        return value

    def text(self, data: Mapping[str, Any], key: str, field: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "缺失或为空，应为文字")
        return value.strip()

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        field: str,
        *,
        low: Decimal | None = Decimal(0),
        high: Decimal | None = None,
    ) -> Decimal:
        value = data.get(key)
        # TOML floats are binary: read them back through their shortest decimal text (0.1 → "0.1").
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail(field, "缺失或不是数字")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(field, f"「{value}」不是数字") from None
        if not number.is_finite():
            raise self.fail(field, f"「{value}」不是数字")
        if low is not None and number < low:
            raise self.fail(field, f"为 {plain_number(number)}，不能小于 {plain_number(low)}")
        if high is not None and number > high:
            raise self.fail(field, f"为 {plain_number(number)}，不能大于 {plain_number(high)}")
        return number

    def maybeplain_number(
        self,
        data: Mapping[str, Any],
        key: str,
        field: str,
        *,
        low: Decimal | None = Decimal(0),
        high: Decimal | None = None,
    ) -> Decimal | None:
        if data.get(key) is None:
            return None
        return self.number(data, key, field, low=low, high=high)

    def choice(self, data: Mapping[str, Any], key: str, field: str, choices: tuple[C, ...]) -> C:
        value = data.get(key)
        for choice in choices:
            if value == choice:
                return choice
        allowed = "、".join(choices)
        raise self.fail(field, f"为「{value}」，应为 {allowed} 之一")

    def standing(self, data: Mapping[str, Any], field: str) -> Standing:
        basis = self.choice(data, "basis", f"{field}.basis", get_args(Basis))
        return Standing(basis, self.text(data, "source", f"{field}.source"))

    def rule(self, data: Mapping[str, Any], key: str, choices: tuple[C, ...]) -> Rule[C]:
        section = self.table(data, key, f"[{key}]")
        return Rule(
            self.choice(section, "rule", f"{key}.rule", choices), self.standing(section, key)
        )

    def profile(self, data: Mapping[str, Any]) -> Profile:
        total = self.number(data, "total_points", "total_points", low=Decimal(1))
        weights = self.weights(self.table(data, "weights", "[weights]"), total)
        execution = self.table(data, "execution", "[execution]")
        overachievement = self.table(data, "overachievement", "[overachievement]")
        qualitative = self.table(data, "qualitative", "[qualitative]")
        grading = self.table(data, "grades", "[grades]")
        rounding = self.table(data, "rounding", "[rounding]")
        check = self.table(data, "check", "[check]")
        return Profile(
            id=self.text(data, "id", "id"),
            version=self.text(data, "version", "version"),
            title=self.text(data, "title", "title"),
            description=self.text(data, "description", "description"),
            total_points=total,
            weights=weights,
            spread=self.rule(data, "spread", get_args(SpreadRule)),
            execution=Rule(
                self.choice(execution, "rule", "execution.rule", get_args(ExecutionRule)),
                self.standing(execution, "execution"),
            ),
            execution_cap=self.flag(execution, "cap_at_full", "execution.cap_at_full"),
            execution_explain_below=self.maybeplain_number(
                execution, "explain_below", "execution.explain_below", high=HUNDRED
            ),
            positive=self.rule(data, "positive", get_args(PositiveRule)),
            negative=self.rule(data, "negative", get_args(NegativeRule)),
            equal=self.rule(data, "equal", get_args(EqualRule)),
            zero_target=self.rule(data, "zero_target", get_args(ZeroTargetRule)),
            overachievement_review_at=self.maybeplain_number(
                overachievement, "review_at", "overachievement.review_at", low=HUNDRED
            ),
            overachievement=self.standing(overachievement, "overachievement"),
            bands=self.bands(qualitative),
            qualitative=self.standing(qualitative, "qualitative"),
            grades=self.grade_bands(grading, total),
            grading=self.standing(grading, "grades"),
            places=int(
                self.number(
                    rounding, "places", "rounding.places", high=Decimal(4)
                ).to_integral_value()
            ),
            rounding_mode=self.choice(rounding, "mode", "rounding.mode", tuple(ROUNDING_MODES)),
            rounding=self.standing(rounding, "rounding"),
            tolerance=self.number(check, "tolerance", "check.tolerance", high=Decimal(1)),
        )

    def flag(self, data: Mapping[str, Any], key: str, field: str) -> bool:
        value = data.get(key)
        if not isinstance(value, bool):
            raise self.fail(field, "应为 true 或 false")
        return value

    def weights(self, data: Mapping[str, Any], total: Decimal) -> Weights:
        execution = self.number(data, "execution", "weights.execution")
        entries = data.get("level1")
        if not isinstance(entries, list) or not entries:
            raise self.fail("weights.level1", "缺失：应列出各一级指标的分值（[[weights.level1]]）")
        groups: list[Group] = []
        covered: dict[str, str] = {}
        for number, entry in enumerate(entries, 1):
            field = f"weights.level1 第 {number} 项"
            if not isinstance(entry, dict):
                raise self.fail(field, "不是表")
            name = self.text(entry, "name", f"{field}.name")
            covers = entry.get("covers", [name])
            if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers):
                raise self.fail(f"{field}.covers", "应为一级指标名称的列表")
            for category in covers:
                known = find_level1(category)
                if known is None or known.name != category:
                    raise self.fail(
                        f"{field}.covers", f"中的「{category}」不是指标体系中的一级指标规范名称"
                    )
                if category in covered:
                    raise self.fail(
                        f"{field}.covers", f"中的「{category}」已计入「{covered[category]}」"
                    )
                covered[category] = name
            points = self.number(entry, "points", f"{field}.points")
            groups.append(Group(name, points, tuple(covers)))
        weights = Weights(execution, tuple(groups), self.standing(data, "weights"))
        added = execution + sum((group.points for group in groups), Decimal(0))
        if added != total:
            parts = " + ".join(
                [f"预算执行率 {plain_number(execution)}"]
                + [f"{group.name} {plain_number(group.points)}" for group in groups]
            )
            raise self.fail(
                "[weights]",
                f"各项分值之和应为总分 {plain_number(total)}：{parts} = {plain_number(added)}",
            )
        return weights

    def bands(self, data: Mapping[str, Any]) -> tuple[Band, ...]:
        entries = data.get("band")
        if not isinstance(entries, list) or not entries:
            raise self.fail(
                "qualitative.band", "缺失：应列出定性指标的档次（[[qualitative.band]]）"
            )
        bands: list[Band] = []
        for number, entry in enumerate(entries, 1):
            field = f"qualitative.band 第 {number} 档"
            if not isinstance(entry, dict):
                raise self.fail(field, "不是表")
            low = self.number(entry, "low", f"{field}.low", high=HUNDRED)
            high = self.number(entry, "high", f"{field}.high", high=HUNDRED)
            if low >= high:
                raise self.fail(
                    field, f"的下限 {plain_number(low)}% 应小于上限 {plain_number(high)}%"
                )
            default = self.maybeplain_number(entry, "default", f"{field}.default", high=HUNDRED)
            if default is not None and not low <= default <= high:
                raise self.fail(
                    f"{field}.default",
                    f"为 {plain_number(default)}%，"
                    f"应在本档 {plain_number(low)}%–{plain_number(high)}% 之内",
                )
            words = entry.get("words", [])
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise self.fail(f"{field}.words", "应为文字的列表")
            bands.append(
                Band(
                    self.text(entry, "name", f"{field}.name"),
                    self.text(entry, "short", f"{field}.short"),
                    low,
                    high,
                    default,
                    tuple(words),
                )
            )
        for upper, lower in itertools.pairwise(bands):
            if lower.high != upper.low:
                raise self.fail(
                    "qualitative.band",
                    f"应从高到低首尾相接：「{upper.short}」的下限 {plain_number(upper.low)}% 与"
                    f"「{lower.short}」的上限 {plain_number(lower.high)}% 不同",
                )
        if bands[0].high != HUNDRED or bands[-1].low != 0:
            raise self.fail("qualitative.band", "应覆盖 0%–100%：最高档上限 100，最低档下限 0")
        return tuple(bands)

    def grade_bands(self, data: Mapping[str, Any], total: Decimal) -> tuple[GradeBand, ...]:
        entries = data.get("band")
        if not isinstance(entries, list) or not entries:
            raise self.fail("grades.band", "缺失：应列出评价等级（[[grades.band]]）")
        bands: list[GradeBand] = []
        for number, entry in enumerate(entries, 1):
            field = f"grades.band 第 {number} 项"
            if not isinstance(entry, dict):
                raise self.fail(field, "不是表")
            grade = self.choice(entry, "grade", f"{field}.grade", _GRADES)
            bands.append(GradeBand(grade, self.number(entry, "min", f"{field}.min", high=total)))
        if [band.grade for band in bands] != list(_GRADES):
            raise self.fail("grades.band", "应依次列出 优、良、中、差 四个等级")
        for upper, lower in itertools.pairwise(bands):
            if lower.min >= upper.min:
                raise self.fail(
                    "grades.band",
                    f"的下限应从高到低：「{upper.grade}」{plain_number(upper.min)} 分、"
                    f"「{lower.grade}」{plain_number(lower.min)} 分",
                )
        if bands[-1].min != 0:
            raise self.fail("grades.band", f"最低等级「{bands[-1].grade}」的下限应为 0")
        return tuple(bands)
