"""Review rules of the `basis` family: where the indicator value comes from.

Every indicator value needs a basis (指标值确定依据): 计划标准, 行业标准, 历史标准 or another
standard the finance department accepts. The four-way list is the evaluation-standard taxonomy of
local practice; policy-verified.md found no 101号 text stating it, so it is cited as such.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, project_rule
from jixiao.review.references import cite

REFERENCE = cite(
    "local-practice",
    point="指标值的确定依据通常分为计划标准、行业标准、历史标准和其他经财政部门确认的标准",
)
SUGGESTION = (
    "逐项填写依据：计划标准（写明文件或计划）、行业标准、历史标准（写明上年实际值）"
    "或其他经财政部门认可的标准"
)


@project_rule(
    id="basis.missing",
    category="basis",
    severity="警告",
    title="指标值确定依据为空",
    rationale="没有依据，审核人无法判断指标值定得高还是低（适当性），"
    "也无法在自评时说明偏差原因。一张表报一处，列出依据为空的各行：补填一部分后仍是同一问题。",
    reference=REFERENCE,
)
def missing(project: Project, document: TargetDocument) -> Iterator[Hit]:
    empty = [n for n, indicator in enumerate(project.indicators, 1) if not indicator.basis]
    if not empty:
        return
    if len(empty) == len(project.indicators):
        yield Hit(f"全部 {len(empty)} 个指标的指标值确定依据都为空", SUGGESTION, field="basis")
        return
    rows = "、".join(str(n) for n in empty)
    yield Hit(
        f"第{rows}行的指标值确定依据为空（{len(empty)}/{len(project.indicators)} 个指标）",
        SUGGESTION,
        field="basis",
    )
