"""The review of the seed document, read as an expert reviewer reads it.

The expected list was checked finding by finding against the seed (see the issue note): every
direction, unit and conflict defect, the miscategorised indicators, the missing 效益 category, the
duplicated and copied goals, the copied indicator set, the department-vs-project contradictions and
the empty 确定依据 — and nothing on the table's correct parts.
"""

from __future__ import annotations

from collections import Counter

from jixiao.core.model import TargetDocument
from jixiao.review import review_document

EXPECTED = [
    ("wording.typo", None, None),
    ("wording.typo", None, None),
    ("wording.typo", None, None),
    ("wording.typo", None, None),
    ("basis.missing", "322-0503-JBN-G5SQ", None),
    ("duplication.goal", "322-0503-JBN-G5SQ", None),
    ("measurability.vague-goal", "322-0503-JBN-G5SQ", None),
    ("completeness.no-cost-indicator", "322-0503-JBN-G5SQ", None),
    ("wording.non-standard-category", "322-0503-JBN-G5SQ", None),
    ("consistency.project-below-department", "322-0503-JBN-G5SQ", "商务执法行动次数（次）"),
    ("classification.output-as-benefit", "322-0503-JBN-G5SQ", "查出违法案件结案数量"),
    ("consistency.different-measure", "322-0503-JBN-G5SQ", "查出违法案件结案数量"),
    ("completeness.missing-level1", "322-0503-JBN-SN7Q", None),
    ("basis.missing", "322-0503-JBN-SN7Q", None),
    ("completeness.no-cost-indicator", "322-0503-JBN-SN7Q", None),
    ("classification.timeliness-as-quality", "322-0503-JBN-SN7Q", "全年及时发放工资情况"),
    ("basis.missing", "322-0601-YBN-5D8Z", None),
    ("measurability.vague-goal", "322-0601-YBN-5D8Z", None),
    ("measurability.vague-goal", "322-0601-YBN-5D8Z", None),
    ("completeness.no-cost-indicator", "322-0601-YBN-5D8Z", None),
    ("wording.non-standard-category", "322-0601-YBN-5D8Z", None),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-5D8Z", "工作主动性比率"),
    ("measurability.vague-name", "322-0601-YBN-5D8Z", "工作主动性比率"),
    ("wording.typo", "322-0601-YBN-5D8Z", "工作主动性比率"),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-5D8Z", "工作完成情况比率"),
    ("relevance.unrelated-output", "322-0601-YBN-5D8Z", "工作完成情况比率"),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-5D8Z", "作风建设比率"),
    ("measurability.vague-name", "322-0601-YBN-5D8Z", "作风建设比率"),
    ("relevance.unrelated-output", "322-0601-YBN-5D8Z", "作风建设比率"),
    ("conflict.description-direction", "322-0601-YBN-5D8Z", "资料更新比率"),
    ("unit.rate-with-count-unit", "322-0601-YBN-5D8Z", "资料更新比率"),
    ("classification.output-as-benefit", "322-0601-YBN-5D8Z", "资料更新比率"),
    ("direction.positive-upper-bound", "322-0601-YBN-5D8Z", "招商宣传完成比率"),
    ("direction.positive-upper-bound", "322-0601-YBN-5D8Z", "群众满意度"),
    ("basis.missing", "322-0601-YBN-Y6VV", None),
    ("measurability.vague-goal", "322-0601-YBN-Y6VV", None),
    ("measurability.vague-goal", "322-0601-YBN-Y6VV", None),
    ("template.indicator-set", "322-0601-YBN-Y6VV", None),
    ("completeness.no-cost-indicator", "322-0601-YBN-Y6VV", None),
    ("wording.non-standard-category", "322-0601-YBN-Y6VV", None),
    ("template.copied-goal", "322-0601-YBN-Y6VV", None),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-Y6VV", "工作主动性比率"),
    ("measurability.vague-name", "322-0601-YBN-Y6VV", "工作主动性比率"),
    ("wording.typo", "322-0601-YBN-Y6VV", "工作主动性比率"),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-Y6VV", "工作完成情况比率"),
    ("relevance.unrelated-output", "322-0601-YBN-Y6VV", "工作完成情况比率"),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-Y6VV", "作风建设比率"),
    ("measurability.vague-name", "322-0601-YBN-Y6VV", "作风建设比率"),
    ("relevance.unrelated-output", "322-0601-YBN-Y6VV", "作风建设比率"),
    ("direction.positive-upper-bound", "322-0601-YBN-Y6VV", "招商宣传完成比率"),
    ("conflict.description-direction", "322-0601-YBN-Y6VV", "资料更新比率"),
    ("unit.rate-with-count-unit", "322-0601-YBN-Y6VV", "资料更新比率"),
    ("classification.output-as-benefit", "322-0601-YBN-Y6VV", "资料更新比率"),
    ("direction.positive-upper-bound", "322-0601-YBN-Y6VV", "群众满意度"),
    ("basis.missing", "322-0601-YBN-13RG", None),
    ("measurability.vague-goal", "322-0601-YBN-13RG", None),
    ("measurability.vague-goal", "322-0601-YBN-13RG", None),
    ("completeness.no-cost-indicator", "322-0601-YBN-13RG", None),
    ("wording.non-standard-category", "322-0601-YBN-13RG", None),
    ("template.copied-goal", "322-0601-YBN-13RG", None),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-13RG", "赴地区数量"),
    ("conflict.description-kind", "322-0601-YBN-13RG", "举办活动数量"),
    ("conflict.description-commitment", "322-0601-YBN-13RG", "举办活动数量"),
    ("unit.count-with-percent", "322-0601-YBN-13RG", "到会客商人数"),
    ("conflict.name-description-kind", "322-0601-YBN-13RG", "到会客商人数"),
    ("consistency.opposite-direction", "322-0601-YBN-13RG", "到会客商人数"),
    ("direction.positive-upper-bound", "322-0601-YBN-13RG", "夯实招商基础完成比率"),
    ("unit.rate-with-count-unit", "322-0601-YBN-13RG", "夯实招商基础完成比率"),
    ("classification.output-as-benefit", "322-0601-YBN-13RG", "夯实招商基础完成比率"),
    ("unit.rate-with-count-unit", "322-0601-YBN-13RG", "参加招商活动比率"),
    ("classification.output-as-benefit", "322-0601-YBN-13RG", "参加招商活动比率"),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-13RG", "参加招商活动比率"),
    ("classification.not-satisfaction", "322-0601-YBN-13RG", "招商活动取得的成效比率"),
    ("unit.rate-with-count-unit", "322-0601-YBN-13RG", "招商活动取得的成效比率"),
    ("direction.implied-positive-upper-bound", "322-0601-YBN-13RG", "招商活动取得的成效比率"),
]


def test_the_seed_review_finds_exactly_what_an_expert_finds(seed: TargetDocument) -> None:
    found = [(f.rule, f.project_code, f.indicator) for f in review_document(seed)]
    assert Counter(found) == Counter(EXPECTED)
    assert found == EXPECTED  # department first, then each project in order


def test_the_correct_parts_raise_nothing(seed: TargetDocument) -> None:
    findings = review_document(seed)
    assert not [f for f in findings if f.indicator == "执法办案行为投诉率（%）"]
    assert not [f for f in findings if f.category in ("budget", "schedule")]
    wages = [f for f in findings if f.project_code == "322-0503-JBN-SN7Q" and f.indicator]
    assert [(f.rule, f.indicator) for f in wages] == [
        ("classification.timeliness-as-quality", "全年及时发放工资情况")
    ]


def test_each_finding_is_placed_explained_and_fixable(seed: TargetDocument) -> None:
    for finding in review_document(seed):
        assert finding.message
        assert finding.suggestion
        assert finding.reference
        if finding.project_code is not None:
            assert finding.message.startswith(f"项目 {finding.project_code}「")
        if finding.indicator is not None:
            assert f"指标「{finding.indicator}」" in finding.message


def test_severities_of_the_seed(seed: TargetDocument) -> None:
    severities = Counter(f.severity for f in review_document(seed))
    assert severities == {"错误": 16, "警告": 37, "提示": 22}


def test_one_finding_per_problem_on_the_seeds_rows(seed: TargetDocument) -> None:
    """The rows where several rules see one defect: one finding stands, the others merged into
    it (their wording kept after 另：) or dropped where their advice contradicts it."""
    resolved = {
        (f.indicator, f.rule): (f.merged, f.overruled, f.suggestion)
        for f in review_document(seed)
        if f.project_code == "322-0601-YBN-13RG" and f.field == "target"
    }
    assert resolved[("举办活动数量", "conflict.description-commitment")] == (
        ("direction.implied-positive-upper-bound",),
        ("direction.strict-inequality",),
        "改为「≥5次」",
    )
    merged, overruled, suggestion = resolved[
        ("夯实招商基础完成比率", "direction.positive-upper-bound")
    ]
    assert (merged, overruled) == (("conflict.description-commitment",), ())
    assert suggestion == "正向指标应设下限，建议改为「≥1版」"
    assert resolved[("到会客商人数", "consistency.opposite-direction")][0] == (
        "direction.implied-positive-upper-bound",
    )
