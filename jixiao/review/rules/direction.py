"""Review rules of the `direction` family: the operator contradicts the indicator's nature.

正向 indicators (larger is better: 满意度, 完成率, output counts) are bounded from below (≥);
反向 indicators (smaller is better: 投诉率, 差错率, 成本) from above (≤). policy.md §1.4 and §2.3
item 1.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.model import Operator, Value
from jixiao.core.value import render_quantity
from jixiao.review.engine import Hit, Site, indicator_rule
from jixiao.review.facts import polarity, quantity_kind
from jixiao.review.lexicon import first_match, lexicon
from jixiao.review.overlaps import Fix
from jixiao.review.references import cite

DIRECTION_REFERENCE = cite("local-practice", point="正向指标的指标值写作“≥X”，反向指标写作“≤X”")
UPPER = ("<=", "<")
LOWER = (">=", ">")
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
AT_LEAST = Fix(operator="≥")
AT_MOST = Fix(operator="≤")


def _flipped(value: Value, op: Operator) -> str:
    if value.number is None:
        return value.raw
    return render_quantity(op, value.number, value.unit)


@indicator_rule(
    id="direction.positive-upper-bound",
    category="direction",
    severity="错误",
    title="正向指标设了上限",
    specificity=2,
    rationale="满意度、完成率、合格率、覆盖率、及时率等越大越好，指标值应写下限（≥）；"
    "写成“≤85%”等于允许满意度为 0，目标失去约束力，自评时也无法按“实际值/指标值”计分。",
    reference=DIRECTION_REFERENCE,
)
def positive_upper_bound(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.op not in UPPER or target.number is None:
        return
    if polarity(site.indicator.name) != "positive":
        return
    word = first_match(site.indicator.name, lexicon().positive)
    yield Hit(
        f"「{word}」类指标越大越好，指标值「{target.raw}」却用「{SYMBOLS[target.op]}」设了上限",
        f"正向指标应设下限，建议改为「{_flipped(target, '>=')}」",
        field="target",
        fix=AT_LEAST,
    )


@indicator_rule(
    id="direction.implied-positive-upper-bound",
    category="direction",
    severity="警告",
    title="比率或产出数量设了上限",
    specificity=1,
    rationale="以“比率”“比例”衡量的完成程度和产出数量（次数、人数、个数）通常越多越好，"
    "写上限（≤、<）意味着少做也算完成；确属上限控制的，应在指标描述中写明原因。",
    reference=DIRECTION_REFERENCE,
)
def implied_positive_upper_bound(site: Site) -> Iterator[Hit]:
    indicator = site.indicator
    target = indicator.target
    if target.op not in UPPER or target.number is None or polarity(indicator.name) is not None:
        return
    kind = quantity_kind(indicator.name)
    is_output_count = kind == "count" and (
        indicator.category is None or indicator.category.level1 == "产出指标"
    )
    if kind == "rate":
        nature = "比率类指标衡量完成程度，通常越高越好"
    elif is_output_count:
        nature = "产出数量越多越好"
    else:
        return
    yield Hit(
        f"{nature}，指标值「{target.raw}」却用「{SYMBOLS[target.op]}」设了上限",
        f"建议改为「{_flipped(target, '>=')}」；如确需控制上限，请在绩效指标描述中说明理由",
        field="target",
        fix=AT_LEAST,
    )


@indicator_rule(
    id="direction.negative-lower-bound",
    category="direction",
    severity="错误",
    title="反向指标设了下限",
    specificity=2,
    rationale="投诉率、差错率、事故数、成本等越小越好，指标值应写上限（≤）；写成“≥”等于要求"
    "投诉、差错至少达到某个数。",
    reference=DIRECTION_REFERENCE,
)
def negative_lower_bound(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.op not in LOWER or target.number is None:
        return
    if polarity(site.indicator.name) != "negative":
        return
    word = first_match(site.indicator.name, lexicon().negative)
    yield Hit(
        f"「{word}」类指标越小越好，指标值「{target.raw}」却用「{SYMBOLS[target.op]}」设了下限",
        f"反向指标应设上限，建议改为「{_flipped(target, '<=')}」",
        field="target",
        fix=AT_MOST,
    )


@indicator_rule(
    id="direction.strict-inequality",
    category="direction",
    severity="提示",
    title="使用了严格不等号",
    rationale="绩效目标表的指标性质通常只用“≥”“≤”“=”；“<5次”与“≤4次”含义不同，"
    "自评时容易因边界值引起争议。",
    reference=cite("local-practice", point="绩效目标表的指标值用“≥”“≤”“=”或定性表述"),
)
def strict_inequality(site: Site) -> Iterator[Hit]:
    target = site.indicator.target
    if target.op not in (">", "<") or target.number is None:
        return
    closed: Operator = ">=" if target.op == ">" else "<="
    yield Hit(
        f"指标值「{target.raw}」使用了严格不等号「{target.op}」",
        f"请改用「{SYMBOLS[closed]}」并写明边界值，例如「{_flipped(target, closed)}」",
        field="target",
        fix=Fix(operator=SYMBOLS[closed]),
    )
