"""Review rules of the `classification` family: an indicator filed under the wrong category.

The 一级/二级 framework (policy.md §1.2) decides how an indicator is weighted in 自评 (产出 50,
效益 30, 满意度 10 by default, policy.md §4.1), so a misfiled indicator distorts the score.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.framework import find_level1, framework, older_placement
from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, Site, indicator_rule, project_rule
from jixiao.review.facts import polarity, unit_kind
from jixiao.review.lexicon import first_match, last_match, lexicon
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
    if older_placement(indicator.level1, indicator.level2) is not None:
        return  # the older template's placement: classification.older-template notes it
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
    "放在质量指标下，时效要求就没有单独考核。名称的中心词决定它衡量什么："
    "“服务周期内空气质量”衡量的是质量，“周期”只是限定范围。",
    reference=FRAMEWORK,
)
def timeliness_as_quality(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    category = indicator.category
    if category is None or category.level2 != "质量指标":
        return
    words = lexicon()
    timely = last_match(indicator.name, words.timeliness)
    if timely is None:
        return
    quality = last_match(indicator.name, words.quality)
    if quality is not None and quality[0] > timely[0]:
        return  # a quality measured within a period: the 时效 word only frames it
    word = timely[1]
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
    if polarity(indicator.name) == "negative":
        return  # a count of bad events (事故发生数 0次) is an effect, not a workload
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


@indicator_rule(
    id="classification.satisfaction-as-benefit",
    category="classification",
    severity="警告",
    title="满意度指标填在了效益指标下",
    rationale="服务对象对项目的满意程度是满意度指标，单独计分；填在经济、社会效益指标下，"
    "效益目标就被满意度调查代替了，满意度也没有单独考核。",
    reference=FRAMEWORK,
)
def satisfaction_as_benefit(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    category = indicator.category
    if category is None or category.level1 != "效益指标":
        return
    word = first_match(indicator.name, lexicon().satisfied)
    if word is None:
        return
    where = indicator.level2 or indicator.level1 or category.level1
    yield Hit(
        f"「{indicator.name}」（含「{word}」）衡量的是满意程度，却填在「{where}」下",
        "把它移到一级指标「满意度指标」、二级指标「服务对象满意度指标」下，"
        "并在效益指标下写明项目带来的效果（如“空气质量优良天数比例 ≥N%”）",
        field="level2",
    )


@project_rule(
    id="classification.older-template",
    category="classification",
    severity="提示",
    title="按旧版指标体系填写",
    rationale="旧版全国模板（许多地方表格仍在使用）把满意度作为效益指标下的二级指标"
    "“社会公众或服务对象满意度指标”；现行框架把满意度指标单列为一级指标。按旧版填写不是错误，"
    "本表的满意度指标照常识别，只提示一次。",
    reference=cite(
        "local-practice",
        point="较早的地方表格把社会公众或服务对象满意度指标列在效益指标之下",
    )
    + "；"
    + cite(
        "zhongfa-2018-34",
        point="绩效指标包括产出、成本、经济效益、社会效益、生态效益、可持续影响和服务对象满意度",
    ),
)
def older_template(project: Project, document: TargetDocument) -> Iterator[Hit]:
    placed = [i for i in project.indicators if older_placement(i.level1, i.level2) is not None]
    if not placed:
        return
    labels = "、".join(dict.fromkeys(f"「{i.level1}—{i.level2}」" for i in placed))
    yield Hit(
        f"满意度指标按旧版模板填在效益指标下（{labels}，{len(placed)} 行）",
        "可按本地模板继续填报；改用现行框架的，把这些指标移到一级指标「满意度指标」、"
        "二级指标「服务对象满意度指标」下",
        field="indicators",
    )


@indicator_rule(
    id="classification.period-as-benefit",
    category="classification",
    severity="警告",
    title="效益指标的指标值是一段时间",
    rationale="效益指标衡量项目带来的经济、社会、生态效果或持续影响；指标值写成“2020年1月—11月”"
    "这样的时间段，说的是项目实施期（时效），没有说明带来什么效果。",
    reference=FRAMEWORK,
)
def period_as_benefit(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    category = indicator.category
    if category is None or category.level1 != "效益指标":
        return
    if indicator.target.kind not in ("date", "period"):
        return
    where = indicator.level2 or indicator.level1 or category.level1
    yield Hit(
        f"「{indicator.name}」的指标值「{indicator.target.raw}」是时间段，却填在「{where}」下",
        "实施期限移到“产出指标—时效指标”；效益指标改写项目带来的效果"
        "（如“项目建成后持续发挥作用年限 ≥N年”“××覆盖率 ≥N%”）",
        field="target",
    )
