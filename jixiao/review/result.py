"""The 审核结果 of a table — 优 / 良 / 中 / 差 — computed from its findings by a scheme in data.

88号 gives the four results and what follows from each; how a reviewer arrives at one is not set
by policy, so the mapping is a `Scheme` (default `data/review_result.toml`, or a bureau's own
file): each review dimension (完整性、相关性、适当性、可行性) starts from its points and loses a
deduction per finding of its categories, floored at zero; the sum is the 审核评分, and the first
grade whose score line and error cap it meets is the result. A reviewer may override the result
with a reason (stored by the web application, not here).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from jixiao.review.engine import RULE_CATEGORIES, SEVERITIES, Finding

GRADES = ("优", "良", "中", "差")
REFERENCE = "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）第二十五条"
CONSEQUENCES_88 = {
    "优": "直接进入下一步预算安排流程",
    "良": "可与相关部门或单位进行协商，直接对其绩效目标进行完善后，进入下一步预算安排流程",
    "中": "由相关部门或单位对其绩效目标进行修改完善，按程序重新报送审核",
    "差": "不得进入下一步预算安排流程",
}
"""What 88号 第二十五条 says follows from each result: the words, not the scheme's to change."""


@dataclass(frozen=True)
class Dimension:
    name: str
    points: Decimal
    explains: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class GradeLine:
    grade: str
    min_score: Decimal
    max_errors: int | None


@dataclass(frozen=True)
class Scheme:
    name: str
    note: str
    deductions: dict[str, Decimal]
    dimensions: tuple[Dimension, ...]
    grades: tuple[GradeLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((d.points for d in self.dimensions), Decimal(0))


@dataclass(frozen=True)
class DimensionScore:
    name: str
    points: Decimal
    counts: dict[str, int]
    """Findings of the dimension's categories, by severity."""
    score: Decimal

    @property
    def arithmetic(self) -> str:
        """The score in words: "完整性 25 − 警告 2 处 × 3 − 提示 1 处 × 0.5 = 18.5"."""
        terms = "".join(
            f" − {severity} {count} 处 × {_plain(deduction)}"
            for severity, count, deduction in self._terms
        )
        floor = "（不低于 0）" if self.score == 0 and terms else ""
        return f"{self.name} {_plain(self.points)}{terms} = {_plain(self.score)}{floor}"

    @property
    def _terms(self) -> list[tuple[str, int, Decimal]]:
        return [(s, n, self._deduction[s]) for s, n in self.counts.items() if n]

    _deduction: dict[str, Decimal]


@dataclass(frozen=True)
class ReviewResult:
    grade: str
    score: Decimal
    total: Decimal
    dimensions: tuple[DimensionScore, ...]
    errors: int
    consequence: str
    reason: str
    """Why this grade: the score line it reached, or the error cap that held it back."""
    scheme: str
    reference: str = REFERENCE

    def to_data(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "score": _plain(self.score),
            "total": _plain(self.total),
            "errors": self.errors,
            "consequence": self.consequence,
            "reason": self.reason,
            "scheme": self.scheme,
            "reference": self.reference,
            "dimensions": [
                {
                    "name": d.name,
                    "points": _plain(d.points),
                    "score": _plain(d.score),
                    "arithmetic": d.arithmetic,
                }
                for d in self.dimensions
            ],
        }


def review_result(findings: Iterable[Finding], scheme: Scheme | None = None) -> ReviewResult:
    """The 审核结果 of one table (or of the department-wide targets) from its findings."""
    scheme = scheme or default_scheme()
    found = list(findings)
    by_category: Counter[tuple[str, str]] = Counter((f.category, f.severity) for f in found)
    dimensions = []
    for dimension in scheme.dimensions:
        counts: dict[str, int] = {
            severity: sum(by_category[(c, severity)] for c in dimension.categories)
            for severity in SEVERITIES
        }
        lost = sum((scheme.deductions[s] * n for s, n in counts.items()), Decimal(0))
        score = max(dimension.points - lost, Decimal(0))
        dimensions.append(
            DimensionScore(dimension.name, dimension.points, counts, score, scheme.deductions)
        )
    score = sum((d.score for d in dimensions), Decimal(0))
    errors = sum(1 for f in found if f.severity == "错误")
    grade, reason = _grade(scheme, score, errors)
    return ReviewResult(
        grade, score, scheme.total, tuple(dimensions), errors, CONSEQUENCES_88[grade], reason,
        scheme.name,
    )  # fmt: skip


def _grade(scheme: Scheme, score: Decimal, errors: int) -> tuple[str, str]:
    held_back: str | None = None
    for above, line in zip((None, *scheme.grades), scheme.grades, strict=False):
        if score < line.min_score:
            continue
        if line.max_errors is not None and errors > line.max_errors:
            held_back = held_back or line.grade
            continue
        if held_back is not None:
            return line.grade, (
                f"审核评分 {_plain(score)} 分，但有 {errors} 处错误，须改正后才能评为“{held_back}”"
            )
        if line.min_score == 0 and above is not None:  # the lowest result: say what it missed
            return line.grade, (
                f"审核评分 {_plain(score)} 分，低于“{above.grade}”的分数线 "
                f"{_plain(above.min_score)} 分"
            )
        return line.grade, (
            f"审核评分 {_plain(score)} 分，不低于“{line.grade}”的分数线 {_plain(line.min_score)} 分"
        )
    raise ValueError("审核评分方案的等级没有覆盖 0 分")


def _plain(number: Decimal) -> str:
    """A score as a reviewer writes it: 81, 18.5 (no trailing zeros, never exponent form)."""
    return format(number.normalize(), "f")


@cache
def default_scheme() -> Scheme:
    text = resources.files("jixiao.review").joinpath("data/review_result.toml").read_text("utf-8")
    return parse_scheme(text)


def load_scheme(path: Path | None) -> Scheme:
    """A bureau's own scheme from a TOML file, or the default."""
    if path is None:
        return default_scheme()
    return parse_scheme(path.read_text(encoding="utf-8"))


def parse_scheme(text: str) -> Scheme:
    """Read and check a scheme: every category in one dimension, every severity deducted, the
    grades from best to worst ending at 0, each a 88号 result."""
    data = tomllib.loads(text)
    deductions = {name: Decimal(str(value)) for name, value in data["deductions"].items()}
    if set(deductions) != set(SEVERITIES):
        raise ValueError(f"扣分标准须写明{('、'.join(SEVERITIES))}各扣几分")
    dimensions = tuple(
        Dimension(
            d["name"], Decimal(str(d["points"])), d.get("explains", ""), tuple(d["categories"])
        )
        for d in data["dimensions"]
    )
    covered = Counter(c for d in dimensions for c in d.categories)
    missing = [c for c in RULE_CATEGORIES if covered[c] != 1]
    if missing:
        raise ValueError(f"每个审核类别须且只须归入一个维度：{'、'.join(missing)}")
    grades = tuple(
        GradeLine(g["grade"], Decimal(str(g["min_score"])), g.get("max_errors"))
        for g in data["grades"]
    )
    if [g.grade for g in grades] != list(GRADES) or grades[-1].min_score != 0:
        raise ValueError("等级须依次为优、良、中、差，且“差”从 0 分起")
    if any(a.min_score < b.min_score for a, b in pairwise(grades)):
        raise ValueError("等级分数线须从高到低")
    return Scheme(
        data.get("name", "审核评分方案"), data.get("note", ""), deductions, dimensions, grades
    )
