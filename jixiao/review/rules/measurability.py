"""Review rules of the `measurability` family: targets that no value can measure.

Targets must be 细化量化; what cannot be quantified is stated qualitatively in graded tiers
(分级分档) so it stays 可衡量 (policy.md §1.3).
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, Site, document_rule, indicator_rule, project_rule
from jixiao.review.facts import (
    bare_unit,
    generic_duty,
    quantity_kind,
    states_a_number,
    template_hint,
    unit_kind,
)
from jixiao.review.lexicon import first_match, lexicon
from jixiao.review.overlaps import Fix
from jixiao.review.references import cite

STATE_MEASURE = Fix(measure="subject")
"""Rewrite the name to say what is measured: findings proposing it at one name are one problem."""
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
    if (target.text or "") in lexicon().graded or template_hint(target.raw) is not None:
        return  # a form's hint is no value at all: completeness.placeholder-target
    if bare_unit(target.raw) is not None:
        return  # a unit alone is no value either: completeness.empty-target
    yield Hit(
        f"指标值「{target.raw}」是定性描述，没有分级标准",
        "改为可量化的值（如「≥95%」），或写成分级（如「良好及以上」，并在描述中定义等级）",
        field="target",
    )


@indicator_rule(
    id="measurability.percent-without-measure",
    category="measurability",
    severity="警告",
    title="百分比指标值的名称没有说明是什么的比率",
    rationale="名称是一句工作要求或口号（如“促进人口与经济、社会协调发展”），指标值却是“100%”，"
    "看不出分子分母是什么，年底无法计算完成值。",
    reference=REFERENCE,
)
def percent_without_measure(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    target = indicator.target
    if target.kind != "quantity" or unit_kind(target.unit) != "percent":
        return
    if site.sub_goal is not None or quantity_kind(indicator.name) is not None:
        return
    if first_match(indicator.name, lexicon().rate_implied) is not None:
        return
    yield Hit(
        f"名称「{indicator.name}」不是一个比率，指标值「{target.raw}」是什么的百分比无从计算",
        "把名称改为可计算的比率（如“××覆盖率”“××完成率”），并在描述中写明分子和分母；"
        "不能量化的，改写成分级的定性指标",
        field="name",
        fix=STATE_MEASURE,
    )


@indicator_rule(
    id="measurability.name-without-subject",
    category="measurability",
    severity="警告",
    specificity=1,
    title="三级指标名称只写了指标类别",
    rationale="“维持时效”“确保质量”只重复了二级指标的类别，没有说明衡量的是哪项工作的时效或质量，"
    "指标值无从核实。",
    reference=REFERENCE,
)
def name_without_subject(site: Site) -> Iterator[Hit]:
    name = site.indicator.name
    words = lexicon()
    dimension = first_match(name, words.dimension_words)
    if dimension is None or not _only(name, (*words.dimension_words, *words.empty_verbs)):
        return
    yield Hit(
        f"名称「{name}」只写了「{dimension}」这一类别，没有说明衡量的是什么",
        "写明衡量的具体事项，例如“××发放完成时间”“××验收合格率”，再填写对应的指标值",
        field="name",
        fix=STATE_MEASURE,
    )


def _only(name: str, words: tuple[str, ...]) -> bool:
    """Whether the name holds nothing but these words (and punctuation)."""
    rest = name
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return not any("\u4e00" <= char <= "\u9fff" for char in rest)


@project_rule(
    id="measurability.vague-goal",
    category="measurability",
    severity="警告",
    title="绩效目标空泛",
    rationale="“认真开展”“保障工作正常开展”等目标，以及由“落实各项政策”“做好各项工作”"
    "这类一般性职责构成、没有任何数字的目标，没有说明要做成什么、做到多少，"
    "无法据以设置指标，也无法评价。",
    reference=REFERENCE,
)
def vague_goal(project: Project, document: TargetDocument) -> Iterator[Hit]:
    seen: set[str] = set()
    for goal in project.goals:
        if goal in seen or states_a_number(goal):
            continue
        word = first_match(goal, lexicon().vague)
        if word is not None:
            said = f"含「{word}」"
        elif (duty := generic_duty(goal)) is not None:
            said = f"写的是「{duty}」这类一般性职责，没有一个数字"
        else:
            continue
        seen.add(goal)
        yield Hit(
            f"绩效目标「{goal}」{said}，没有说明要达到的数量、质量或效果",
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
