"""Review rules of the `unit` family: the value's unit contradicts what the name measures.

A rate (比率, 完成率, 占比) is measured in %; a count (数量, 人数, 次数) in 次, 个, 人 …; a
unit written in the name's brackets ("商务执法行动次数（次）") is the unit the value must use.
policy.md §2.3 item 2 (practice heuristics, no national clause).
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.value import render_quantity
from jixiao.review.engine import Hit, Site, indicator_rule
from jixiao.review.facts import name_unit, quantity_kind, statements, unit_kind
from jixiao.review.lexicon import first_match, lexicon
from jixiao.review.overlaps import Fix
from jixiao.review.references import cite

REFERENCE = cite("local-practice", point="审核目标值和计量单位的准确性、合理性")
_UNIT_SPELLINGS = {"％": "%"}
_COUNT_UNITS = (("人数", "人"), ("人次", "人次"), ("次数", "次"), ("户数", "户"), ("家数", "家"))


def _count_unit(name: str) -> str:
    """The unit a count's name implies ("到会客商人数" → 人), or a generic one."""
    return next((unit for ending, unit in _COUNT_UNITS if ending in name), "人、次、个等")


@indicator_rule(
    id="unit.rate-with-count-unit",
    category="unit",
    severity="错误",
    title="比率类指标用了计数单位",
    rationale="名称是“××率/比率/占比”的指标衡量的是百分比，指标值却以“次、个、版”等计数，"
    "名称与指标值说的不是同一个量，自评时无法判断是否完成。",
    reference=REFERENCE,
)
def rate_with_count_unit(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.kind != "quantity" or quantity_kind(site.indicator.name) != "rate":
        return
    if unit_kind(target.unit) != "count":
        return
    yield Hit(
        f"名称「{site.indicator.name}」是比率，指标值「{target.raw}」却以「{target.unit}」计数",
        f"二者统一：要么把指标值改为百分比（核实数值后填写），要么把名称改为"
        f"数量（如「××数量（{target.unit}）」）",
        field="target",
    )


@indicator_rule(
    id="unit.count-with-percent",
    category="unit",
    severity="错误",
    title="数量类指标用了百分比",
    rationale="名称是“××数量/人数/次数”的指标应以人、次、个等计量；写成百分比时，"
    "既看不出要做多少，也看不出百分比的分母是什么。",
    reference=REFERENCE,
)
def count_with_percent(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.kind != "quantity" or quantity_kind(site.indicator.name) != "count":
        return
    if unit_kind(target.unit) != "percent":
        return
    yield Hit(
        f"名称「{site.indicator.name}」是数量，指标值「{target.raw}」却是百分比",
        f"把指标值改为具体数量（以「{_count_unit(site.indicator.name)}」计），或把名称改为“××比例”"
        "并在描述中写明分子和分母",
        field="target",
    )


@indicator_rule(
    id="unit.name-unit-mismatch",
    category="unit",
    severity="错误",
    title="名称括注的单位与指标值单位不一致",
    rationale="名称中括注了计量单位（如“（次）”“（%）”），指标值就应使用这个单位；"
    "两处不一致时，填报人和审核人对指标含义的理解会不一致。",
    reference=REFERENCE,
)
def name_unit_mismatch(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    stated = name_unit(site.indicator.name)
    if target.kind != "quantity" or stated is None or target.unit is None:
        return
    stated = _UNIT_SPELLINGS.get(stated, stated)
    if unit_kind(stated) is None or stated == target.unit:
        return
    if target.number is None:
        return
    rewritten = render_quantity(target.op or "=", target.number, stated)
    yield Hit(
        f"名称括注单位为「{stated}」，指标值「{target.raw}」的单位却是「{target.unit}」",
        f"统一单位，例如把指标值改为「{rewritten}」（请核实数值）",
        field="target",
    )


@indicator_rule(
    id="unit.rate-above-100",
    category="unit",
    severity="警告",
    title="比率超过100%",
    rationale="完成率、合格率、覆盖率等比率最大为100%，超过100%的目标无法实现；"
    "增长率等变动率不受此限。",
    reference=REFERENCE,
)
def rate_above_100(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    name = site.indicator.name
    if target.kind != "quantity" or target.unit != "%" or target.number is None:
        return
    if target.number <= 100 or quantity_kind(name) != "rate" or "增" in name or "变动" in name:
        return
    yield Hit(
        f"比率指标值「{target.raw}」超过100%",
        "比率最高为100%，请核实：若指“完成数量超过计划”，改用数量指标；否则改为不超过100%的值",
        field="target",
    )


@indicator_rule(
    id="unit.rate-at-least-100",
    category="unit",
    severity="提示",
    title="比率写成“≥100%”",
    rationale="完成率、及时率等比率最大为100%，“≥100%”实际只能等于100%，写法不严谨，"
    "也容易被理解为可以超额；增长率等变动率不受此限。",
    reference=REFERENCE,
)
def rate_at_least_100(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    name = site.indicator.name
    if target.kind != "quantity" or target.unit != "%" or target.number != 100:
        return
    if target.op not in (">=", ">") or quantity_kind(name) != "rate":
        return
    if "增" in name or "变动" in name:
        return
    yield Hit(
        f"比率指标值「{target.raw}」：比率最高为100%，「≥100%」只能等于100%",
        "写作「100%」（或「=100%」）；如要求超额完成，改用数量指标",
        field="target",
    )


@indicator_rule(
    id="unit.missing-unit",
    category="unit",
    severity="提示",
    title="数值没有计量单位",
    rationale="只写数字的指标值（如“25”）看不出计量的是人、次还是百分比，自评时容易产生争议。"
    "名称已括注单位的（如“实施营造林总面积（亩）”），指标值只写数字是通行写法，不报。",
    reference=REFERENCE,
)
def missing_unit(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.kind != "quantity" or target.unit is not None:
        return
    stated = name_unit(site.indicator.name)
    if stated is not None and unit_kind(_UNIT_SPELLINGS.get(stated, stated)) is not None:
        return  # the name states the unit: "实施营造林总面积(亩)" 80000
    yield Hit(
        f"指标值「{target.raw}」只有数字，没有计量单位",
        f"补上单位，例如「{target.raw}%」或「{target.raw}次」",
        field="target",
    )


@indicator_rule(
    id="unit.name-states-other-unit",
    category="unit",
    severity="警告",
    title="名称写明的数量与指标值单位不一致",
    rationale="名称里写了“230人”，指标值却是“≥230个”：同一个数两种单位，年底按哪个核对说不清；"
    "指标值写在指标值栏，名称只写衡量什么。",
    reference=REFERENCE,
)
def name_states_other_unit(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.kind != "quantity" or target.number is None or target.unit is None:
        return
    if unit_kind(target.unit) != "count":
        return
    for stated in statements(site.indicator.name):
        if stated.number != target.number or stated.unit is None:
            continue
        if stated.unit != target.unit and unit_kind(stated.unit) == "count":
            yield Hit(
                f"名称写「{stated.number}{stated.unit}」，指标值「{target.raw}」的单位却是「{target.unit}」",
                f"名称去掉数量（如改为“××人数”），指标值统一为「"
                f"{render_quantity(target.op or '=', target.number, stated.unit)}」",
                field="target",
                fix=Fix(unit="count"),
            )
            return


@indicator_rule(
    id="unit.timeliness-with-count",
    category="unit",
    severity="警告",
    title="时效要求用了计数单位",
    rationale="“按时发放”“及时处理”衡量的是是否按时，应以完成时限（如“每月10日前”）或及时率（%）"
    "计；指标值写成“≥1人/年”这样的人数、个数，说的是做了多少，无法据以判断是否按时。"
    "名称本身是数量的（如“及时发放人数”）不在此列。",
    reference=REFERENCE,
)
def timeliness_with_count(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    target = indicator.target
    if target.kind != "quantity" or not target.unit:
        return
    if first_match(indicator.name, lexicon().on_time) is None:
        return
    if quantity_kind(indicator.name) is not None:
        return  # the name's head is a count or a rate: a count may measure it
    if unit_kind(target.unit.split("/", 1)[0]) != "count":
        return
    yield Hit(
        f"名称「{indicator.name}」是时效要求，指标值「{target.raw}」却是计数，衡量不了是否按时",
        "改为完成时限（如「每月10日前」）或及时率（如「100%」，并在描述中写明口径）",
        field="target",
    )
