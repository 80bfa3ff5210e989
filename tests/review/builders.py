"""Builders of well-formed target tables for rule tests: each test states only what differs."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.framework import categorize
from jixiao.core.model import (
    Budget,
    Checkpoint,
    Department,
    Indicator,
    Organisation,
    Project,
    SubGoal,
    TargetDocument,
)
from jixiao.core.sentences import indicators_from_sentence
from jixiao.core.value import parse_value
from jixiao.review import Finding, all_rules, review_document


def indicator(
    name: str,
    value: str,
    level1: str = "产出指标",
    level2: str = "数量指标",
    *,
    description: str | None = None,
    basis: str | None = "计划标准",
) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        description=description,
        target=parse_value(value),
        basis=basis,
        basis_kind="计划标准" if basis and "计划标准" in basis else None,
        category=categorize(level1, level2),
    )


def clean_indicators() -> list[Indicator]:
    """A complete, correct indicator set for a training project."""
    return [
        indicator("培训人次", "≥200人次", description="全年举办业务培训的参训人次"),
        indicator(
            "培训合格率", "≥95%", "产出指标", "质量指标", description="考核合格人数占参训人数的比例"
        ),
        indicator(
            "培训完成时间", "12月底前", "产出指标", "时效指标", description="全年培训任务完成时间"
        ),
        indicator(
            "人均培训成本", "≤300元/人", "产出指标", "成本指标", description="培训经费除以参训人次"
        ),
        indicator(
            "参训人员业务考核通过率",
            "≥90%",
            "效益指标",
            "社会效益指标",
            description="培训后业务考核通过的比例",
        ),
        indicator(
            "参训人员满意度",
            "≥90%",
            "满意度指标",
            "服务对象满意度指标",
            description="参训人员问卷调查满意度",
        ),
    ]


def project(
    code: str = "101-0001-ABC-0001",
    name: str = "业务培训经费",
    *,
    indicators: list[Indicator] | None = None,
    goals: list[str] | None = None,
    budget: tuple[str | None, str | None, str | None] = ("60000.00", "60000.00", None),
    plan: list[str | None] | None = None,
    purpose: str | None = "用于全年业务培训的场地、教材和师资费用",
    unit: tuple[str, str] = ("101001", "某某市某某局"),
) -> Project:
    dates = ["3月底", "6月底", "10月底", "12月底"]
    percents = plan if plan is not None else ["25.00", "50.00", "80.00", "100.00"]
    total, fiscal, other = budget
    return Project(
        code=code,
        name=name,
        title=name + "绩效目标表",
        unit=Organisation(code=unit[0], name=unit[1]),
        budget=Budget(
            total=Decimal(total) if total else None,
            fiscal=Decimal(fiscal) if fiscal else None,
            other=Decimal(other) if other else None,
        ),
        purpose=purpose,
        spending_plan=[
            Checkpoint(by=date, percent=Decimal(p) if p is not None else None)
            for date, p in zip(dates, percents, strict=False)
        ],
        goals=goals
        if goals is not None
        else ["全年举办业务培训4期，参训200人次，提高干部业务能力"],
        indicators=indicators if indicators is not None else clean_indicators(),
    )


def department(*sub_goals: tuple[str, str, str]) -> Department:
    """Sub-goals as (title, goal, indicator sentence)."""
    return Department(
        name="某某市某某局",
        code="101",
        overall_goal="履行部门职责，完成年度重点工作。",
        sub_goals=[
            SubGoal(
                title=title,
                goal=goal,
                indicator_text=sentence,
                indicators=indicators_from_sentence(sentence),
            )
            for title, goal, sentence in sub_goals
        ],
        safeguards=["完善内控制度。"],
    )


def document(*projects: Project, department: Department | None = None) -> TargetDocument:
    return TargetDocument(source="test.txt", department=department, projects=list(projects))


def findings(doc: TargetDocument | Project, rule: str) -> list[Finding]:
    """The findings of one rule on a document (or on a lone project)."""
    target = doc if isinstance(doc, TargetDocument) else document(doc)
    return review_document(target, [all_rules()[rule]])
