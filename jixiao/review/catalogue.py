"""The rule catalogue (规则清单), generated from the registry into docs/rules.md."""

from __future__ import annotations

from pathlib import Path

from jixiao.review.engine import CATEGORY_LABELS, RULE_CATEGORIES, SEVERITIES, all_rules
from jixiao.review.measure import Report, measure_corpus

ROOT = Path(__file__).resolve().parents[2]
EXPECTATIONS = ROOT / "tests" / "review" / "corpus"
"""The expert readings of real tables the precision column is measured on (a source checkout)."""

HEADER = """# 规则清单 — review rules

Generated from the rule registry by `make rules` (`python -m jixiao.review.catalogue`); a test fails
when this page is stale. Severity: 错误 must be fixed before approval, 警告 should be checked,
提示 is advice. References come from the registry `jixiao/review/data/references.toml` and cite
only verified articles; 实务经验 marks a practice heuristic that no policy text states, 地方通行做法
what local forms and notices do without a national rule.
See [guides/add-a-rule.md](guides/add-a-rule.md) to add one.

The column 语料精确率 is each rule's precision measured on real published tables (see "Measured on
the corpus" at the end): the share of its findings there that an expert's reading of the table
confirms; "—" where the rule raised nothing on them.
"""

MEASURED = """## Measured on the corpus

Each real table the readers can read (as published, or transcribed cell by cell into a readable
layout) has an expert's reading in `tests/review/corpus/*.toml`: the defects a reviewer must point
out (`must`), true findings a reviewer need not raise (`may`) and what must not be said
(`must_not`), each by place, field and aspect (review category), never by message text.
`tests/review/test_corpus_measure.py` reviews every table and fails below 90% recall or on any
must-not finding; the seed keeps its own record in `test_seed_review.py`.

| table | must | found | recall | false alarms |
|---|---|---|---|---|
"""

OVERLAPS = """## One finding per problem — how overlaps are resolved

Several rules may see one defect from different sides ("举办活动数量 <5次" with the description
"预计5次" is an output count with an upper bound, a commitment written as an upper bound, and a
strict inequality). Rules that propose a definite change say so (`Hit.fix`: which operator, which
kind of unit); the engine (`jixiao/review/overlaps.py`), not the rules, resolves findings at the
same place (table, row, field) whose fixes touch the same aspect:

- the finding that ranks first **stands**: higher severity first, then the rule's `specificity`
  (how much evidence it has), then registry order. Evidence ranks: the description states the
  number or "以上" (conflict, 4–3) > the department-wide target states it (consistency, 3) > the
  name says the indicator is 正向/反向 (direction, 2) > the kind of quantity implies it (1) > a
  style hint (0);
- a finding proposing **the same** fix is **merged** into it: its wording follows the standing
  message after "另：", its rule id is kept in `merged`, and it is counted once;
- a finding proposing **a different** fix for the same aspect is **dropped** (kept in
  `overruled`): its advice would be wrong once the standing fix is made.

A test reviews the seed and every readable corpus table and fails when two findings at one place
still propose for the same aspect, propose different operators in their words, or when two rules
give the same advice. Rules that rank above the default (specificity 0):
"""

RESULT = """
## The 审核结果 (优 / 良 / 中 / 差)

Each table's review ends in the result of 《中央部门预算绩效目标管理办法》
（财预〔2015〕88号）第二十五条, with that article's consequence. How the findings map to a
result is configuration, not policy:
`jixiao/review/data/review_result.toml` (or a bureau's own file named by `JIXIAO_REVIEW_SCHEME`)
puts every category under one of the four dimensions 完整性、相关性、适当性、可行性 (25 points each
by default), deducts per finding by severity (错误 8, 警告 3, 提示 0.5, floored at 0 per dimension)
and grades the sum: 优 ≥ 90 and 良 ≥ 80 with no 错误, 中 ≥ 60, 差 below. The reviewer of the current
step may set another result with a reason (logged); a new submission is judged anew.
"""


def render(report: Report | None = None) -> str:
    """The catalogue; `report` is the corpus measurement (measured here when not given)."""
    rules = all_rules()
    if report is None and EXPECTATIONS.is_dir():
        report = measure_corpus(EXPECTATIONS, ROOT)
    lines = [HEADER]
    lines.append(f"{len(rules)} rules in {len(RULE_CATEGORIES)} categories.\n")
    for category in RULE_CATEGORIES:
        family = [rule for rule in rules.values() if rule.category == category]
        lines.append(f"## `{category}` — {CATEGORY_LABELS[category]}（{len(family)}）\n")
        if not family:
            lines.append("No rules yet.\n")
            continue
        lines.append("| id | 严重程度 | 规则 | 范围 | 理由 | 依据 | 语料精确率 |")
        lines.append("|---|---|---|---|---|---|---|")
        for rule in sorted(family, key=lambda r: r.id):
            cells = [
                f"`{rule.id}`",
                rule.severity,
                rule.title,
                {"indicator": "指标", "project": "项目", "document": "文档"}[rule.scope],
                rule.rationale,
                rule.reference,
                _precision(report, rule.id),
            ]
            lines.append("| " + " | ".join(cell.replace("|", "｜") for cell in cells) + " |")
        lines.append("")
    lines.append(OVERLAPS)
    ranked = sorted(
        (rule for rule in rules.values() if rule.specificity),
        key=lambda r: (SEVERITIES.index(r.severity), -r.specificity, r.id),
    )
    lines.append("| id | 严重程度 | specificity |")
    lines.append("|---|---|---|")
    lines.extend(f"| `{r.id}` | {r.severity} | {r.specificity} |" for r in ranked)
    lines.append(RESULT)
    if report is not None:
        lines.append(MEASURED.rstrip("\n"))
        for table in report.tables:
            must = len(table.found) + len(table.missed)
            lines.append(
                f"| {table.name} | {must} | {len(table.found)} | {table.recall:.0%} "
                f"| {len(table.false_alarms)} |"
            )
        lines.append(
            f"| **all** | {report.must} | {report.found} | {report.recall:.0%} "
            f"| {report.false_alarms} |\n"
        )
    return "\n".join(lines)


def _precision(report: Report | None, rule: str) -> str:
    if report is None:
        return "未测"
    precision = report.precision(rule)
    if precision is None:
        return "—"
    return f"{precision:.0%}（{report.correct[rule]}/{report.fired[rule]}）"


if __name__ == "__main__":
    print(render(), end="")
