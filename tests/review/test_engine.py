"""The rule registry and the engine: every rule declared completely, findings placed and ordered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.review import RULES, all_rules, review_document
from jixiao.review.catalogue import render
from jixiao.review.engine import PRACTICE, RULE_CATEGORIES
from tests.review.builders import document, indicator, project

CJK = re.compile(r"[\u4e00-\u9fff]")
CATALOGUE = Path(__file__).parents[2] / "docs" / "rules.md"


def test_every_category_has_rules() -> None:
    assert {rule.category for rule in all_rules().values()} == set(RULE_CATEGORIES)


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_every_rule_is_declared_completely(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", rule.id)
    assert rule.id.startswith(rule.category + ".")
    assert rule.severity in ("错误", "警告", "提示")
    assert CJK.search(rule.title)
    assert CJK.search(rule.rationale)
    assert rule.reference.startswith((PRACTICE, "地方通行做法")) or re.search(
        r"财预|中发|办法|意见|指引", rule.reference
    )
    assert rule.check.__doc__ is None or rule.check.__doc__.strip()


def test_the_rule_catalogue_is_generated_from_the_registry() -> None:
    assert CATALOGUE.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run `make rules`"
    )


def test_findings_name_the_place_and_come_in_document_order() -> None:
    first = project(
        "101-0001-ABC-0001",
        "甲项目",
        indicators=[indicator("群众满意度", "≤85%", "满意度指标", "服务对象满意度指标")],
    )
    second = project(
        "101-0001-ABC-0002",
        "乙项目",
        indicators=[indicator("群众满意度", "≤80%", "满意度指标", "服务对象满意度指标")],
    )
    found = [
        f
        for f in review_document(document(first, second))
        if f.rule == "direction.positive-upper-bound"
    ]
    assert [(f.project_code, f.project_name, f.indicator, f.indicator_index) for f in found] == [
        ("101-0001-ABC-0001", "甲项目", "群众满意度", 0),
        ("101-0001-ABC-0002", "乙项目", "群众满意度", 0),
    ]
    assert found[1].message.startswith(
        "项目 101-0001-ABC-0002「乙项目」指标「群众满意度」的指标值："
    )


def test_a_rule_id_is_registered_once() -> None:
    from jixiao.review.engine import indicator_rule

    with pytest.raises(ValueError, match="duplicate"):
        indicator_rule(
            id="direction.positive-upper-bound", category="direction", severity="错误",
            title="重复", rationale="重复", reference=PRACTICE,
        )(lambda site: [])  # fmt: skip


def test_every_field_a_rule_names_has_a_chinese_label() -> None:
    """The place in a message reads 「…」的项目编码, never 「…」的code."""
    from jixiao.review.engine import FIELD_LABELS
    from tests.review.test_rules import CASES

    fields = {case.field for case in CASES.values() if case.field}
    assert fields <= set(FIELD_LABELS), sorted(fields - set(FIELD_LABELS))


def test_a_finding_that_quotes_another_table_says_which(seed: object) -> None:
    """Readers outside a unit get other units' tables unnamed (targets.reviewing): that relies on
    each finding listing the tables it quotes, found here by their labels in the messages."""
    from jixiao.core.model import TargetDocument

    assert isinstance(seed, TargetDocument)
    labels = [f"{p.code}「{p.name}」" for p in seed.projects]
    quoting = 0
    for finding in review_document(seed):
        quoted = {
            n
            for n, label in enumerate(labels)
            if n != finding.project_index and label in finding.message
        }
        assert quoted == set(finding.mentions), (finding.rule, finding.message)
        quoting += bool(quoted)
    assert quoting >= 3  # the copied goals and the copied indicator set
