"""Review rules of the `measurability` family: targets that no value can measure.

Targets must be 细化量化; what cannot be quantified is stated qualitatively in graded tiers
(分级分档) so it stays 可衡量 (policy.md §1.3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, Site, document_rule, indicator_rule, project_rule
from jixiao.review.lexicon import first_match, lexicon
from jixiao.review.references import cite

_DIGIT = re.compile(r"\d")
# 88号 第十条 (细化量化、可衡量) is not verified; the older national wording is (as 285号).
REFERENCE = cite(
    "caiyu-2011-285",
    point="绩效目标应具体细化，尽量定量表述；不能以量化形式表述的，可以采用定性的分级分档形式表述",
)


@indicator_rule(
    id="measurability.vague-name",
    category="measurability",
    severity="警告",
    title="指标名称空泛，无法衡量",
    rationale="“工作主动性”“作风建设”等是工作态度，找不到客观的计量口径，"
    "填什么指标值都无法核实，自评只能凭感觉打分。",
    reference=REFERENCE,
)
def vague_name(site: Site) -> Iterator[Hit]:
    word = first_match(site.indicator.name, lexicon().vague)
    if word is None:
        return
    yield Hit(
        f"名称「{site.indicator.name}」含「{word}」，衡量的是工作态度而非可核实的结果",
        "改为可核实的产出或效果，例如“招商项目签约数 ≥N个”“招商信息更新次数 ≥N次”",
        field="name",
    )


@indicator_rule(
    id="measurability.ungraded-qualitative",
    category="measurability",
    severity="警告",
    title="定性指标值没有分级标准",
    rationale="“有效”“明显提升”之类的指标值没有等级，无法判断是否达成；"
    "定性指标应写成“优/良/中/差”“达标/不达标”等分级。",
    reference=REFERENCE,
)
def ungraded_qualitative(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.kind != "qualitative" or site.sub_goal is not None:
        return
    if (target.text or "") in lexicon().graded:
        return
    yield Hit(
        f"指标值「{target.raw}」是定性描述，没有分级标准",
        "改为可量化的值（如「≥95%」），或写成分级（如「良好及以上」，并在描述中定义等级）",
        field="target",
    )


@project_rule(
    id="measurability.vague-goal",
    category="measurability",
    severity="警告",
    title="绩效目标空泛",
    rationale="“认真开展”“保障工作正常开展”等目标没有说明要做成什么、做到多少，"
    "无法据以设置指标，也无法评价。",
    reference=REFERENCE,
)
def vague_goal(project: Project, document: TargetDocument) -> Iterator[Hit]:
    seen: set[str] = set()
    for goal in project.goals:
        word = first_match(goal, lexicon().vague)
        if word is None or goal in seen or _DIGIT.search(goal):
            continue
        seen.add(goal)
        yield Hit(
            f"绩效目标「{goal}」含「{word}」，没有说明要达到的数量、质量或效果",
            "写明年度要完成什么、做到多少，例如“全年完成××N项（次），××率达到N%”",
            field="goals",
        )


@document_rule(
    id="measurability.unquantified-department-target",
    category="measurability",
    severity="提示",
    title="部门分项绩效指标没有量化",
    rationale="部门整体绩效指标应把分项目标量化，才能与项目目标衔接并在年底评价。",
    reference=REFERENCE,
)
def unquantified_department_target(document: TargetDocument) -> Iterator[Hit]:
    if document.department is None:
        return
    for sub_goal in document.department.sub_goals:
        if sub_goal.indicator_text and not any(
            indicator.target.kind == "quantity" for indicator in sub_goal.indicators
        ):
            yield Hit(
                f"分项「{sub_goal.title}」的绩效指标「{sub_goal.indicator_text}」没有可量化的数值",
                "补充数量、比例或时限，例如“×× ≥N个”",
                field="sub_goals",
            )
