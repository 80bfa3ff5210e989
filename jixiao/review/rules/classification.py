"""Review rules of the `classification` family: an indicator filed under the wrong category.

The 一级/二级 framework (policy.md §1.2) decides how an indicator is weighted in 自评 (产出 50,
效益 30, 满意度 10 by default, policy.md §4.1), so a misfiled indicator distorts the score.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.framework import find_level1, framework
from jixiao.review.engine import Hit, Site, indicator_rule
from jixiao.review.facts import unit_kind
from jixiao.review.lexicon import first_match, lexicon
from jixiao.review.references import cite

FRAMEWORK = (
    cite(
        "zhongfa-2018-34",
        point="绩效指标包括产出、成本、经济效益、社会效益、生态效益、可持续影响和服务对象满意度",
    )
    + "；"
    + cite(
        "local-practice",
        point="产出指标分数量、质量、时效、成本指标，效益指标分经济、社会、生态效益和可持续影响指标",
    )
)


@indicator_rule(
    id="classification.level2-outside-level1",
    category="classification",
    severity="错误",
    title="二级指标不属于所填的一级指标",
    rationale="每个二级指标只属于一个一级指标（如社会效益指标属于效益指标）；挂错一级指标会使"
    "自评权重算错。",
    reference=FRAMEWORK,
)
def level2_outside_level1(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    first = find_level1(indicator.level1)
    if first is None or not indicator.level2 or first.find(indicator.level2) is not None:
        return
    owner = next((one for one in framework() if one.find(indicator.level2) is not None), None)
    if owner is None:
        return
    yield Hit(
        f"二级指标「{indicator.level2}」属于「{owner.name}」，却填在一级指标「{indicator.level1}」下",
        f"把一级指标改为「{owner.name}」，或换用「{first.name}」下的二级指标",
        field="level1",
    )


@indicator_rule(
    id="classification.timeliness-as-quality",
    category="classification",
    severity="警告",
    title="时效指标填在了质量指标下",
    rationale="“及时、按时、完成时间”衡量的是时效，属于产出指标下的时效指标；"
    "放在质量指标下，时效要求就没有单独考核。",
    reference=FRAMEWORK,
)
def timeliness_as_quality(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    category = indicator.category
    if category is None or category.level2 != "质量指标":
        return
    word = first_match(indicator.name, lexicon().timeliness)
    if word is None:
        return
    yield Hit(
        f"名称含「{word}」，衡量的是时效，却填在「{indicator.level2}」下",
        "把二级指标改为「时效指标」，指标值写明期限（如「12月底前」）",
        field="level2",
    )


@indicator_rule(
    id="classification.not-satisfaction",
    category="classification",
    severity="错误",
    title="满意度指标下填了非满意度指标",
    rationale="满意度指标只衡量服务对象的满意程度（满意度、满意率、投诉率等）；"
    "把工作成效填在这里，既虚增了满意度，也漏掉了真正的满意度调查。",
    reference=FRAMEWORK,
)
def not_satisfaction(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    if indicator.category is None or indicator.category.level1 != "满意度指标":
        return
    if first_match(indicator.name, lexicon().satisfaction) is not None:
        return
    yield Hit(
        f"「{indicator.name}」不是满意度指标，却填在「{indicator.level1}」下",
        "把它移到产出或效益指标下；满意度指标改为“服务对象满意度 ≥90%”等，并写明调查方式",
        field="level1",
    )


@indicator_rule(
    id="classification.output-as-benefit",
    category="classification",
    severity="警告",
    title="产出（工作量）填在了效益指标下",
    rationale="效益指标衡量项目带来的经济、社会、生态效果；以次、版、个计的工作量是产出，"
    "填在效益下会让项目看起来“有效益”而实际没有效益目标。",
    reference=FRAMEWORK,
)
def output_as_benefit(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    category = indicator.category
    if category is None or category.level1 != "效益指标":
        return
    if unit_kind(indicator.target.unit) != "count":
        return
    text = indicator.name + (indicator.description or "")
    if first_match(text, lexicon().benefit) is not None:
        return
    where = category.level2 or category.level1
    yield Hit(
        f"「{indicator.name}」（{indicator.target.raw}）是工作量，属于产出，却填在「{where}」下",
        "把它移到“产出指标—数量指标”；效益指标改写项目带来的效果（如“引进项目投资额 ≥××万元”）",
        field="level2",
    )


@indicator_rule(
    id="classification.input-as-output",
    category="classification",
    severity="警告",
    title="把投入当作产出",
    rationale="资金到位率、预算执行率等是投入和管理过程，不是绩效目标：财力、人力、物力投入"
    "不作为绩效目标；预算执行情况在自评中已单独计分。",
    reference=cite("local-practice", point="财力、人力和物力等投入数量不能作为绩效目标"),
)
def input_as_output(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    word = first_match(indicator.name, lexicon().inputs)
    if word is None:
        return
    yield Hit(
        f"「{indicator.name}」衡量的是资金投入（含「{word}」），不是项目产出",
        "删去该指标，改用资金买来的产出（数量、质量、时效、成本）",
        field="name",
    )
