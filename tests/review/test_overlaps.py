"""One finding per problem: overlapping findings at one place are resolved by the engine, and no
real table ends up with two findings that contradict or repeat each other."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from jixiao.core.model import TargetDocument
from jixiao.core.value import parse_value
from jixiao.ingest import IngestError, read_path
from jixiao.review import review_document
from jixiao.review.engine import Finding
from jixiao.review.overlaps import Fix, contradictions, resolve
from tests.review.builders import document, indicator, project

FIXTURES = Path(__file__).parents[1] / "fixtures"
PROPOSAL = re.compile(r"改为「([^」]+)」")


def _readable() -> list[Path]:
    paths = [FIXTURES / "shanhaiguan-commerce-targets.txt"]
    for path in sorted((FIXTURES / "corpus").glob("*.txt")):
        try:
            read_path(path)
        except IngestError:
            continue
        paths.append(path)
    return paths


TABLES = _readable()


def _finding(rule: str, severity: str, fix: Fix | None, detail: str = "问题") -> Finding:
    return Finding(
        rule, "direction", severity, "1", "甲", 0, "指标", 0, "target",  # type: ignore[arg-type]
        f"项目 1「甲」指标「指标」的指标值：{detail}", f"{rule} 的建议", "实务经验", detail, fix,
    )  # fmt: skip


def test_the_tables_judged_include_the_seed_and_real_corpus_tables() -> None:
    assert len(TABLES) >= 4


def test_the_finding_with_more_evidence_stands_and_the_same_advice_merges_into_it() -> None:
    weak = _finding("direction.weak", "警告", Fix(operator="≥"), "比率越高越好")
    strong = _finding("conflict.strong", "警告", Fix(operator="≥"), "描述写明5次")
    rank = {"direction.weak": (1, -1), "conflict.strong": (1, -3)}
    [kept] = resolve([weak, strong], rank)
    assert kept.rule == "conflict.strong"
    assert kept.merged == ("direction.weak",)
    assert kept.message.endswith("描述写明5次；另：比率越高越好")


def test_contradicting_advice_is_dropped_and_the_higher_severity_stands() -> None:
    error = _finding("direction.error", "错误", Fix(operator="≥"))
    hint = _finding("direction.hint", "提示", Fix(operator="≤"))
    [kept] = resolve([hint, error], {"direction.error": (0, 0), "direction.hint": (2, 0)})
    assert (kept.rule, kept.overruled, kept.merged) == ("direction.error", ("direction.hint",), ())
    assert "另：" not in kept.message


def test_findings_on_other_aspects_or_places_are_left_alone() -> None:
    operator = _finding("direction.a", "错误", Fix(operator="≥"))
    unit = _finding("unit.b", "错误", Fix(unit="percent"))
    plain = _finding("unit.c", "错误", None)
    rank = {"direction.a": (0, 0), "unit.b": (0, 0), "unit.c": (0, 0)}
    assert resolve([operator, unit, plain], rank) == [operator, unit, plain]


def _at_one_place(findings: list[Finding]) -> dict[tuple[object, ...], list[Finding]]:
    places: dict[tuple[object, ...], list[Finding]] = defaultdict(list)
    for f in findings:
        places[(f.project_index, f.indicator_index, f.indicator, f.field)].append(f)
    return places


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_no_two_findings_at_one_place_contradict_or_repeat_each_other(path: Path) -> None:
    """Every pair of findings the rules raise on a real table, place by place: no two propose
    for the same aspect (what the engine resolves), no two propose different operators for one
    value in their words, and no two rules give the same advice (one rule on two items of a
    field, such as two vague goals, is two problems)."""
    findings = review_document(read_path(path))
    assert contradictions(findings) == []
    for place, found in _at_one_place(findings).items():
        if place[3] is None or len(found) < 2:
            continue
        proposals = [
            (f.rule, parse_value(text)) for f in found for text in PROPOSAL.findall(f.suggestion)
        ]
        operators = {(value.op or "=") for _, value in proposals if value.number is not None}
        assert len(operators) <= 1, (path.name, place, proposals)
        advice: dict[str, set[str]] = defaultdict(set)
        for f in found:
            advice[f.suggestion].add(f.rule)
        repeated = {text: rules for text, rules in advice.items() if len(rules) > 1}
        assert not repeated, (path.name, place, repeated)


def test_filling_some_bases_does_not_raise_the_count(seed: TargetDocument) -> None:
    """One table with no 确定依据 is one problem; filling two of six rows leaves it one."""
    table = seed.projects[2]
    before = [f for f in review_document(seed) if f.rule == "basis.missing"]
    rows = list(table.indicators)
    rows[0] = rows[0].model_copy(update={"basis": "计划标准"})
    rows[3] = rows[3].model_copy(update={"basis": "历史标准"})
    edited = seed.model_copy(
        update={
            "projects": [
                *seed.projects[:2],
                table.model_copy(update={"indicators": rows}),
                *seed.projects[3:],
            ]
        }
    )
    after = [f for f in review_document(edited) if f.rule == "basis.missing"]
    assert len(after) == len(before)
    [row_level] = [f for f in after if f.project_code == table.code]
    assert row_level.detail == "第2、3、5、6行的指标值确定依据为空（4/6 个指标）"


def test_an_upper_bound_on_a_commitment_gets_one_finding() -> None:
    found = review_document(
        document(
            project(
                "101-0001-ABC-0001",
                "招商活动经费",
                indicators=[
                    indicator("举办活动数量", "<5次", "产出指标", "数量指标", description="预计5次")
                ],
            )
        )
    )
    on_value = [f for f in found if f.field == "target"]
    assert [(f.rule, f.suggestion) for f in on_value] == [
        ("conflict.description-commitment", "改为「≥5次」")
    ]
