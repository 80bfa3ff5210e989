"""The rule catalogue (规则清单), generated from the registry into docs/rules.md."""

from __future__ import annotations

from jixiao.review.engine import CATEGORIES, CATEGORY_LABELS, all_rules

HEADER = """# 规则清单 — review rules

Generated from the rule registry by `make rules` (`python -m jixiao.review.catalogue`); a test fails
when this page is stale. Severity: 错误 must be fixed before approval, 警告 should be checked,
提示 is advice. A reference of 实务经验 marks a practice heuristic that no policy text states.
See [guides/add-a-rule.md](guides/add-a-rule.md) to add one.
"""


def render() -> str:
    rules = all_rules()
    lines = [HEADER]
    lines.append(f"{len(rules)} rules in {len(CATEGORIES)} categories.\n")
    for category in CATEGORIES:
        family = [rule for rule in rules.values() if rule.category == category]
        lines.append(f"## `{category}` — {CATEGORY_LABELS[category]}（{len(family)}）\n")
        if not family:
            lines.append("No rules yet.\n")
            continue
        lines.append("| id | 严重程度 | 规则 | 范围 | 理由 | 依据 |")
        lines.append("|---|---|---|---|---|---|")
        for rule in sorted(family, key=lambda r: r.id):
            cells = [
                f"`{rule.id}`",
                rule.severity,
                rule.title,
                {"indicator": "指标", "project": "项目", "document": "文档"}[rule.scope],
                rule.rationale,
                rule.reference,
            ]
            lines.append("| " + " | ".join(cell.replace("|", "｜") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
