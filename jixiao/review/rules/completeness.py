"""Review rules of the `completeness` family: a required category or field is missing.

Targets must cover 产出 and 效益 (and 服务对象满意度), per 中发〔2018〕34号 (policy.md §1.1);
a table without its code, budget, goals or indicators cannot be reviewed at all (完整性,
财预〔2015〕88号, policy.md §2.1).
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, Site, document_rule, indicator_rule, project_rule
from jixiao.review.facts import (
    bare_unit,
    cut_in,
    cut_off,
    header_lost,
    template_hint,
    values_in_unplaced_columns,
)
from jixiao.review.overlaps import Fix
from jixiao.review.references import cite

COVERAGE = cite(
    "zhongfa-2018-34",
    point="绩效目标要包括产出、成本、经济效益、社会效益、生态效益、可持续影响和服务对象满意度等绩效指标",
)
COMPLETE = cite("caiyu-2015-88", point="审核绩效目标的完整性")
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
    "目标就不完整，年底也无从评价效果。读入时发现表格被截断的，缺的部分可能只是没有读到，不报。",
    reference=COVERAGE,
)
def missing_level1(project: Project, document: TargetDocument) -> Iterator[Hit]:
    present = {i.category.level1 for i in project.indicators if i.category is not None}
    if not project.indicators or cut_off(project, document):
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
    rationale="服务对象满意度是一级指标之一，自评时单独计分；"
    "面向群众或企业的项目应设置满意度指标。",
    reference=COVERAGE,
)
def missing_satisfaction(project: Project, document: TargetDocument) -> Iterator[Hit]:
    present = {i.category.level1 for i in project.indicators if i.category is not None}
    if cut_off(project, document):
        return
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
    rationale="绩效目标既要说明产出，也要说明成本；写明成本控制数，才能判断钱花得是否经济。"
    "地方表格多把成本指标放在产出指标之下，不少表格没有这一栏，故仅作提示。",
    reference=cite(
        "zhongfa-2018-34",
        point="绩效目标不仅要包括产出、成本，还要包括效益和服务对象满意度等绩效指标",
    ),
)
def no_cost_indicator(project: Project, document: TargetDocument) -> Iterator[Hit]:
    if not project.indicators or cut_off(project, document):
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
    rationale="预算数、绩效目标和绩效指标是绩效目标表的必填项，缺一项就无法审核。"
    "读入时发现表格被截断的，截断处之后的绩效目标和绩效指标只是没有读到，不报为空；"
    "填了财政资金或其他资金的，预算数即其合计，不报为空。没有项目名称的表无从辨认；"
    "复制的文字缺了表头（只有绩效指标表）的，只报项目名称，表头中的预算数和绩效目标不报为空。",
    reference=COMPLETE,
)
def missing_field(project: Project, document: TargetDocument) -> Iterator[Hit]:
    lost = header_lost(project, document)
    if not project.name.strip():
        yield Hit(
            "没有项目名称" + ("（文件中没有这张表的表头）" if lost else ""),
            "补全表头：填写项目名称、主管部门、实施单位和资金" if lost else "填写项目名称",
        )
    if lost:
        return  # the budget and goals were in the header the copy lacks
    cut = cut_off(project, document)
    for field, label in _PROJECT_FIELDS:
        if not getattr(project, field) and not cut:
            yield Hit(f"{label}为空", f"填写{label}", field=field)
    budget = project.budget
    if budget.total is None and budget.fiscal is None and budget.other is None:
        # A table stating its 财政拨款 or 其他资金 states its money: its total is their sum
        # (a 资金总额 heading a column, or a label no reader knows, such as 年底金额).
        yield Hit("预算数为空", "填写预算数及其中财政资金、其他资金", field="budget")


@project_rule(
    id="completeness.missing-code",
    category="completeness",
    severity="提示",
    title="没有项目编码",
    rationale="许多地方的申报表没有项目编码一栏，这不是目标质量问题；但入库、与预算项目对应和跨年"
    "比较都要靠编码，导入前宜补上预算系统中的项目编码。",
    reference=cite("practice"),
)
def missing_code(project: Project, document: TargetDocument) -> Iterator[Hit]:
    if not project.code and not header_lost(project, document):  # else: completeness.missing-field
        yield Hit(
            "没有项目编码", "补上预算管理一体化系统中的项目编码，以便与预算项目对应", field="code"
        )


@indicator_rule(
    id="completeness.empty-target",
    category="completeness",
    severity="错误",
    title="指标值为空",
    rationale="没有指标值的指标无法考核；只写了计量单位（如「公里」「≥ %」）的，同样没有指标值。"
    "各村、各子项目的指标值分列在读入时未能识别的列中（记入备注）的，不报为空。",
    reference=COMPLETE,
)
def empty_target(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    unit = bare_unit(target.raw) if target.kind == "qualitative" else None
    if target.kind != "empty" and unit is None:
        return
    if _at_the_cut(site) or _values_elsewhere(site):
        return  # the copy ends in this row, or its values stand in columns the reader kept aside
    if unit is not None:
        yield Hit(
            f"指标值「{target.raw}」只写了计量单位，没有数值",
            f"在计量单位前填上与本项目任务量对应的目标数值，如「≥N{unit}」",
            field="target",
        )
        return
    yield Hit("指标值为空", "填写指标值，如「≥95%」「≥10次」「12月底前」", field="target")


def _values_elsewhere(site: Site) -> bool:
    project = site.project
    if project is None or site.document is None:
        return False
    return values_in_unplaced_columns(site.indicator, project, site.document)


def _at_the_cut(site: Site) -> bool:
    project = site.project
    if project is None or site.document is None:
        return False
    return cut_in(site.indicator.name, project, site.document)


@indicator_rule(
    id="completeness.numeric-name",
    category="completeness",
    severity="警告",
    title="三级指标名称只是一个数字",
    specificity=2,
    rationale="三级指标名称写成“0”之类的数字，说明这一行没有填写（常见于成本指标照模板留空填0）；"
    "没有名称的指标无从考核。",
    reference=COMPLETE,
)
def numeric_name(site: Site) -> Iterator[Hit]:
    name = site.indicator.name.strip()
    if not name or any(char.isalpha() for char in name):
        return  # CJK characters are alphabetic too: only digits and signs remain
    category = site.indicator.level2 or site.indicator.level1 or "该类"
    yield Hit(
        f"三级指标「{name}」只是一个数字，没有写明衡量什么",
        f"填写{category}的指标名称和指标值（如“项目总成本 ≤预算数”）；不设该类指标的，删去这一行",
        field="name",
        fix=Fix(measure="subject"),
    )


_FILLED = ("quantity", "range", "date", "period")


@indicator_rule(
    id="completeness.placeholder-target",
    category="completeness",
    severity="错误",
    title="指标值仍是模板提示语",
    rationale="“≥**%”“××个”是表格模板的填写提示，不是指标值：星号处没有数，这个指标就没有目标，"
    "无法考核。它不是计量单位，也不是定性指标值。",
    reference=COMPLETE,
)
def placeholder_target(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    hint = template_hint(indicator.target.raw)
    if hint is None:
        return
    in_name = template_hint(indicator.name)
    also = f"，名称中的「{in_name}」也要删去" if in_name else ""
    yield Hit(
        f"指标值「{indicator.target.raw}」是模板提示语「{hint}」，没有填写实际数值",
        f"把「{hint}」中的占位符换成实际指标值（如「≥95%」「≥200人」）{also}",
        field="target",
    )


@indicator_rule(
    id="completeness.template-hint",
    category="completeness",
    severity="警告",
    title="模板提示语未删除",
    rationale="三级指标名称或描述中留着模板的填写提示（如“（≥**人）”），说明表格照模板填写后没有整理；"
    "提示语不是指标内容，不能当作计量单位或指标值来读。",
    reference=COMPLETE,
)
def template_hint_left(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    if template_hint(indicator.target.raw) is not None:
        return  # the value itself is the hint: completeness.placeholder-target
    for field, text in (("name", indicator.name), ("description", indicator.description or "")):
        hint = template_hint(text)
        if hint is None:
            continue
        target = indicator.target
        if target.kind in _FILLED:
            fix = f"删去「{hint}」；指标值以已填写的「{target.raw}」为准"
        else:
            fix = f"删去「{hint}」并填写实际指标值"
        yield Hit(f"「{text}」中仍留有模板提示语「{hint}」", fix, field=field)
        return


@document_rule(
    id="completeness.department-target",
    category="completeness",
    severity="警告",
    title="部门整体绩效目标不完整",
    rationale="部门整体绩效目标应有总体目标，每个分项目标都应有绩效目标和绩效指标。",
    reference=cite("hebei-2018-opinions", point="设定部门整体绩效目标"),
)
def department_target(document: TargetDocument) -> Iterator[Hit]:
    department = document.department
    if department is None or not (department.sub_goals or department.indicators):
        return  # a form's department line (name, budget) states no department-wide targets
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
