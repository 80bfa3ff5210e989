"""Review rules of the `conflict` family: the value contradicts its own description.

The 绩效指标描述 explains what the indicator measures; when it states a different direction,
number or kind of quantity than the 指标值, one of the two is wrong. Practice heuristics
(policy.md §1.3: targets must be 指向明确、细化量化).
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.value import render_quantity
from jixiao.review.engine import Hit, Site, indicator_rule
from jixiao.review.facts import mentions_ratio, quantity_kind, statements, unit_kind
from jixiao.review.overlaps import Fix
from jixiao.review.references import cite

REFERENCE = cite("practice", point="绩效指标描述与指标值应当一致")
_UPPER = ("<=", "<")


@indicator_rule(
    id="conflict.description-direction",
    category="conflict",
    severity="错误",
    title="描述要求“以上”，指标值却设了上限",
    specificity=4,
    rationale="描述写“10以上”“不少于”，指标值写“≤”，二者方向相反；按指标值自评，做得越少越达标。",
    reference=REFERENCE,
)
def description_direction(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    target = indicator.target
    if target.kind != "quantity" or target.op not in _UPPER or not indicator.description:
        return
    for stated in statements(indicator.description):
        if stated.op == ">=" and (stated.unit is None or stated.unit == target.unit):
            wanted = render_quantity(">=", stated.number, target.unit)
            yield Hit(
                f"描述「{indicator.description}」要求不少于 {stated.number}，"
                f"指标值「{target.raw}」却是上限",
                f"按描述改为「{wanted}」，或修改描述使二者一致",
                field="target",
                fix=Fix(operator="≥"),
            )
            return


@indicator_rule(
    id="conflict.description-commitment",
    category="conflict",
    severity="警告",
    title="描述承诺的数量被指标值写成了上限",
    specificity=3,
    rationale="描述写明要完成的数量（如“编印新版宣传资料1版”“预计5次”），指标值却是“≤1版”“<5次”，"
    "意味着少做甚至不做也算完成，目标失去约束。",
    reference=REFERENCE,
)
def description_commitment(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    target = indicator.target
    if target.kind != "quantity" or target.op not in _UPPER or not indicator.description:
        return
    if target.number is None or target.unit is None:
        return
    for stated in statements(indicator.description):
        if stated.op is None and stated.unit == target.unit and target.number <= stated.number:
            yield Hit(
                f"描述写明「{stated.number}{stated.unit}」，指标值「{target.raw}」却允许少于这个数",
                f"改为「{render_quantity('>=', stated.number, target.unit)}」",
                field="target",
                fix=Fix(operator="≥"),
            )
            return


@indicator_rule(
    id="conflict.description-kind",
    category="conflict",
    severity="错误",
    title="描述说的是比例，指标值却是数量（或相反）",
    rationale="描述写“××占××的比例”，指标值却以次、个计数（或描述写数量而指标值是百分比），"
    "二者衡量的不是同一个量，自评时无法计算完成值。",
    reference=REFERENCE,
)
def description_kind(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    target = indicator.target
    if target.kind != "quantity" or not indicator.description:
        return
    kind = unit_kind(target.unit)
    if mentions_ratio(indicator.description) and kind == "count":
        yield Hit(
            f"描述「{indicator.description}」是比例，指标值「{target.raw}」却以「{target.unit}」计数",
            "按描述把指标值改为百分比（如「≥90%」），或把描述改为数量口径",
            field="description",
        )


@indicator_rule(
    id="conflict.name-description-kind",
    category="conflict",
    severity="警告",
    title="名称是数量，描述却是比例",
    rationale="名称写“人数/数量”，描述却定义为“占××的比例”，指标口径前后不一，"
    "应选定一种并同步修改名称、描述和指标值。",
    reference=REFERENCE,
)
def name_description_kind(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    if not indicator.description or quantity_kind(indicator.name) != "count":
        return
    if mentions_ratio(indicator.description) and unit_kind(indicator.target.unit) != "count":
        yield Hit(
            f"名称「{indicator.name}」是数量，描述「{indicator.description}」却是比例",
            "选定一种口径：数量指标写“≥N人”，比例指标把名称改为“××比例”",
            field="name",
        )
