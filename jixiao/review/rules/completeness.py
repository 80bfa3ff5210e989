"""Review rules of the `completeness` family: a required category or field is missing.

Targets must cover 产出 and 效益 (and 服务对象满意度), per 中发〔2018〕34号 (policy.md §1.1);
a table without its code, budget, goals or indicators cannot be reviewed at all (完整性,
财预〔2015〕88号, policy.md §2.1).
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import PRACTICE, Hit, Site, document_rule, indicator_rule, project_rule

COVERAGE = (
    "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）：绩效目标要涵盖产出、"
    "效益和服务对象满意度（policy.md §1.1）"
)
COMPLETE = (
    "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）审核要点“完整性”"
    "（policy.md §2.1，回忆待核）"
)
_REQUIRED = (
    ("产出指标", "数量、质量、时效、成本"),
    ("效益指标", "经济、社会、生态效益或可持续影响"),
)


@project_rule(
    id="completeness.missing-level1",
    category="completeness",
    severity="错误",
    title="缺少产出或效益指标",
    rationale="绩效目标必须说明钱买来什么（产出）和带来什么（效益）；缺少其中一类，"
    "目标就不完整，年底也无从评价效果。",
    reference=COVERAGE,
)
def missing_level1(project: Project, document: TargetDocument) -> Iterator[Hit]:
    present = {i.category.level1 for i in project.indicators if i.category is not None}
    if not project.indicators:
        return
    for level1, examples in _REQUIRED:
        if level1 not in present:
            yield Hit(
                f"没有{level1}（已有：{'、'.join(sorted(present)) or '无'}）",
                f"补充{level1}，从{examples}中选择与资金用途对应的指标",
                field="indicators",
            )


@project_rule(
    id="completeness.missing-satisfaction",
    category="completeness",
    severity="警告",
    title="缺少满意度指标",
    rationale="服务对象满意度是一级指标之一，默认占自评 10 分（policy.md §4.1）；"
    "面向群众或企业的项目应设置满意度指标。",
    reference=COVERAGE,
)
def missing_satisfaction(project: Project, document: TargetDocument) -> Iterator[Hit]:
    present = {i.category.level1 for i in project.indicators if i.category is not None}
    if project.indicators and "满意度指标" not in present:
        yield Hit(
            "没有满意度指标",
            "补充“服务对象满意度 ≥90%”等指标，并在描述中写明调查对象和方式",
            field="indicators",
        )


@project_rule(
    id="completeness.no-cost-indicator",
    category="completeness",
    severity="提示",
    title="没有成本指标",
    rationale="财预〔2021〕101号把成本指标列为一级指标（经济成本、社会成本、生态环境成本），"
    "要求写明成本控制数；地方表格尚未普遍采用，故仅作提示。",
    reference="《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）"
    "成本指标（policy.md §1.2 Variant B）",
)
def no_cost_indicator(project: Project, document: TargetDocument) -> Iterator[Hit]:
    if not project.indicators:
        return
    for indicator in project.indicators:
        category = indicator.category
        if category is not None and "成本指标" in (category.level1, category.level2):
            return
    yield Hit(
        "没有成本指标",
        "按资金用途补充成本控制指标，如“人均培训成本 ≤300元/人”“项目总成本 ≤预算数”",
        field="indicators",
    )


_PROJECT_FIELDS = (
    ("goals", "绩效目标"),
    ("indicators", "绩效指标"),
)


@project_rule(
    id="completeness.missing-field",
    category="completeness",
    severity="错误",
    title="必填项为空",
    rationale="预算数、绩效目标和绩效指标是绩效目标表的必填项，缺一项就无法审核。",
    reference=COMPLETE,
)
def missing_field(project: Project, document: TargetDocument) -> Iterator[Hit]:
    for field, label in _PROJECT_FIELDS:
        if not getattr(project, field):
            yield Hit(f"{label}为空", f"填写{label}", field=field)
    if project.budget.total is None:
        yield Hit("预算数为空", "填写预算数及其中财政资金、其他资金", field="budget")


@project_rule(
    id="completeness.missing-code",
    category="completeness",
    severity="提示",
    title="没有项目编码",
    rationale="许多地方的申报表没有项目编码一栏，这不是目标质量问题；但入库、与预算项目对应和跨年"
    "比较都要靠编码，导入前宜补上预算系统中的项目编码。",
    reference=PRACTICE,
)
def missing_code(project: Project, document: TargetDocument) -> Iterator[Hit]:
    if not project.code:
        yield Hit(
            "没有项目编码", "补上预算管理一体化系统中的项目编码，以便与预算项目对应", field="code"
        )


@indicator_rule(
    id="completeness.empty-target",
    category="completeness",
    severity="错误",
    title="指标值为空",
    rationale="没有指标值的指标无法考核。",
    reference=COMPLETE,
)
def empty_target(site: Site) -> Iterator[Hit]:
    if site.indicator.target.kind == "empty":
        yield Hit("指标值为空", "填写指标值，如「≥95%」「≥10次」「12月底前」", field="target")


@document_rule(
    id="completeness.department-target",
    category="completeness",
    severity="警告",
    title="部门整体绩效目标不完整",
    rationale="部门整体绩效目标应有总体目标，每个分项目标都应有绩效目标和绩效指标。",
    reference="河北省《关于全面实施预算绩效管理的实施意见》（2018）：部门整体绩效目标"
    "（policy.md §3.3）",
)
def department_target(document: TargetDocument) -> Iterator[Hit]:
    department = document.department
    if department is None:
        return
    if not department.overall_goal:
        yield Hit("没有总体绩效目标", "填写部门年度总体绩效目标", field="overall_goal")
    for sub_goal in department.sub_goals:
        parts = (("绩效目标", sub_goal.goal), ("绩效指标", sub_goal.indicator_text))
        missing = [label for label, text in parts if not text]
        if missing:
            yield Hit(
                f"分项「{sub_goal.title}」缺少{'和'.join(missing)}",
                f"为该分项补充{'和'.join(missing)}",
                field="sub_goals",
            )
