"""Counting findings: what a reviewer reads first."""

from __future__ import annotations

from collections import Counter
from typing import Any

from jixiao.core.model import TargetDocument
from jixiao.review.engine import CATEGORIES, SEVERITIES, Finding
from jixiao.review.facts import cut_off, table_cut_off


def summarize(document: TargetDocument, findings: list[Finding]) -> dict[str, Any]:
    severities = Counter(f.severity for f in findings)
    categories = Counter(f.category for f in findings)
    per_project = Counter(f.project_index for f in findings if f.project_index is not None)
    return {
        "projects": len(document.projects),
        "indicators": sum(len(p.indicators) for p in document.projects),
        "findings": len(findings),
        "by_severity": {name: severities[name] for name in SEVERITIES},
        "by_category": {name: categories[name] for name in CATEGORIES if categories[name]},
        "by_project": {
            project.code or project.name: per_project[number]
            for number, project in enumerate(document.projects)
        },
        "department": sum(1 for f in findings if f.project_index is None),
        "verdict": verdict(findings, document),
    }


def verdict(findings: list[Finding], document: TargetDocument | None = None) -> str:
    """A one-line conclusion in the reviewer's words (审核结论). Errors found send the table
    back whatever else; without them, a copy the reader found cut off gets no 通过: what was
    not read was not reviewed."""
    errors = sum(1 for f in findings if f.severity == "错误")
    warnings = sum(1 for f in findings if f.severity == "警告")
    cut = [p.name for p in document.projects if cut_off(p, document)] if document else []
    department = document.department if document else None
    if document and department and table_cut_off(department.name, document):
        # the department-wide table's copy, cut off too (a report naming no unit: unnamed)
        cut.insert(0, department.name or "部门整体绩效目标")
    if cut and not errors:
        names = "」「".join(cut[:3]) + ("」等" if len(cut) > 3 else "」")
        return (
            f"暂不下结论：表「{names}读入时在中途截断，截断处之后的内容没有审核；"
            "请取得完整的表格后重新审核"
        )
    return verdict_of(errors, warnings)


def verdict_of(errors: int, warnings: int) -> str:
    """`verdict` from the counts alone (stored reviews keep them as columns)."""
    if errors:
        return f"退回修改：{errors} 处错误须改正后重新报送"
    if warnings:
        return f"修改后通过：{warnings} 处警告请逐条核实"
    return "通过"


def by_project(findings: list[Finding]) -> dict[int | None, list[Finding]]:
    """Findings by table position (None: the department-wide targets), in one pass."""
    grouped: dict[int | None, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.project_index, []).append(finding)
    return grouped
