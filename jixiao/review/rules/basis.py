"""Review rules of the `basis` family: where the indicator value comes from.

Every indicator value needs a basis (指标值确定依据): 计划标准, 行业标准, 历史标准 or another
standard the finance department accepts (财预〔2021〕101号, policy.md §1.5).
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, project_rule

REFERENCE = (
    "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）："
    "计划标准、行业标准、历史标准、其他标准（policy.md §1.5，回忆待核）"
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
    "也无法在自评时说明偏差原因。全表都没填时只报一处。",
    reference=REFERENCE,
)
def missing(project: Project, document: TargetDocument) -> Iterator[Hit]:
    empty = [indicator for indicator in project.indicators if not indicator.basis]
    if not empty:
        return
    if len(empty) == len(project.indicators):
        yield Hit(f"全部 {len(empty)} 个指标的指标值确定依据都为空", SUGGESTION, field="basis")
        return
    for indicator in empty:
        yield Hit("指标值确定依据为空", SUGGESTION, field="basis", indicator=indicator)
