"""The 审核结果 (优/良/中/差) computed from a table's findings by the configurable scheme."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest

from jixiao.core.model import TargetDocument
from jixiao.review import review_document
from jixiao.review.engine import Finding
from jixiao.review.result import (
    CONSEQUENCES_88,
    default_scheme,
    parse_scheme,
    review_result,
)

SCHEME_TEXT = (
    resources.files("jixiao.review").joinpath("data/review_result.toml").read_text("utf-8")
)


def _found(category: str, severity: str) -> Finding:
    return Finding(
        "x.y", category, severity, None, None, 0, None, None, None, "问题", "建议", "实务经验",  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("found", "grade", "score"),
    [
        ([], "优", "100"),
        ([("wording", "提示")] * 4, "优", "98"),
        ([("unit", "警告")] * 4, "良", "88"),
        ([("unit", "警告")] * 7, "中", "79"),
        ([("unit", "错误")], "中", "92"),  # an error holds the table back to 中
        (
            [("unit", "错误")] * 4 + [("direction", "错误")] * 4 + [("relevance", "警告")],
            "差",
            "47",
        ),
    ],
)
def test_the_result_follows_the_default_scheme(
    found: list[tuple[str, str]], grade: str, score: str
) -> None:
    result = review_result([_found(c, s) for c, s in found])
    assert (result.grade, result.score) == (grade, Decimal(score))
    assert result.consequence == CONSEQUENCES_88[grade]


def test_a_dimension_never_goes_below_zero_and_says_so() -> None:
    result = review_result([_found("unit", "错误")] * 4)
    feasible = next(d for d in result.dimensions if d.name == "可行性")
    assert feasible.score == 0
    assert feasible.arithmetic == "可行性 25 − 错误 4 处 × 8 = 0（不低于 0）"


def test_the_reason_says_when_errors_hold_a_table_back() -> None:
    result = review_result([_found("unit", "错误")])
    assert result.reason == "审核评分 92 分，但有 1 处错误，须改正后才能评为“优”"


def test_the_seeds_tables_get_the_results_an_expert_would_give(seed: TargetDocument) -> None:
    findings = review_document(seed)
    grades = [
        review_result([f for f in findings if f.project_index == n]).grade
        for n in range(len(seed.projects))
    ]
    # G5SQ has warnings only; SN7Q lacks 效益指标 (an error); the other three set upper bounds on
    # satisfaction and rates, count in % and copy each other.
    assert grades == ["良", "中", "差", "差", "差"]


def test_every_category_belongs_to_exactly_one_dimension() -> None:
    scheme = default_scheme()
    assert scheme.total == 100
    broken = SCHEME_TEXT.replace('"completeness", ', "")
    with pytest.raises(ValueError, match="completeness"):
        parse_scheme(broken)


def test_a_bureau_can_change_the_lines() -> None:
    stricter = parse_scheme(SCHEME_TEXT.replace('min_score = "80"', 'min_score = "85"'))
    assert review_result([_found("unit", "警告")] * 6, stricter).grade == "中"
    assert review_result([_found("unit", "警告")] * 6).grade == "良"


def test_grades_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="从高到低"):
        parse_scheme(SCHEME_TEXT.replace('min_score = "60"', 'min_score = "95"'))
