"""Review rules of the `duplication` family: the same goal or indicator twice in one table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from jixiao.core.model import Indicator, Project, TargetDocument
from jixiao.review.engine import Hit, document_rule, project_rule
from jixiao.review.facts import clean_text
from jixiao.review.references import cite


@project_rule(
    id="duplication.goal",
    category="duplication",
    severity="警告",
    title="绩效目标重复",
    rationale="同一条目标写两遍，多半是复制粘贴时漏改，本该写的另一条目标缺失了。",
    reference=cite("practice"),
)
def goal(project: Project, document: TargetDocument) -> Iterator[Hit]:
    for text, count in _repeated(project.goals):
        yield Hit(
            f"绩效目标「{text}」重复出现 {count} 次",
            "删去重复项，补写遗漏的目标（通常是与另一项指标对应的产出或效果）",
            field="goals",
        )


@project_rule(
    id="duplication.indicator",
    category="duplication",
    severity="警告",
    title="三级指标重复",
    rationale="同名指标出现两次，自评时会重复计分或互相矛盾。",
    reference=cite("practice"),
)
def indicator(project: Project, document: TargetDocument) -> Iterator[Hit]:
    first: dict[str, Indicator] = {}
    named = [item for item in project.indicators if any(c.isalpha() for c in item.name)]
    for item in named:
        first.setdefault(clean_text(item.name), item)
    # a name of digits only ("0") is no name: completeness.numeric-name reports each such row
    for name, count in _repeated([item.name for item in named]):
        yield Hit(
            f"三级指标「{name}」出现 {count} 次",
            "合并重复的指标，或改名以区分各自的口径",
            field="name",
            indicator=first[clean_text(name)],
        )


def _repeated(texts: list[str]) -> Iterator[tuple[str, int]]:
    """Each text written more than once (punctuation and spaces aside), once, with its count."""
    counts = Counter(clean_text(text) for text in texts)
    reported: set[str] = set()
    for text in texts:
        key = clean_text(text)
        if counts[key] > 1 and key not in reported:
            reported.add(key)
            yield text, counts[key]


@document_rule(
    id="duplication.department-goal",
    category="duplication",
    severity="警告",
    title="部门分项目标重复",
    rationale="两个分项写同一条绩效目标，说明分项没有按职责拆分。",
    reference=cite("practice"),
)
def department_goal(document: TargetDocument) -> Iterator[Hit]:
    if document.department is None:
        return
    seen: dict[str, str] = {}
    for sub_goal in document.department.sub_goals:
        if not sub_goal.goal:
            continue
        key = clean_text(sub_goal.goal)
        if key in seen:
            yield Hit(
                f"分项「{sub_goal.title}」的绩效目标与分项「{seen[key]}」相同",
                "按各分项的职责分别写明目标",
                field="sub_goals",
            )
        else:
            seen[key] = sub_goal.title


SAME_DESCRIPTION = 3  # rows: two alike descriptions may be two alike indicators


@document_rule(
    id="duplication.same-description",
    category="duplication",
    severity="提示",
    title="各指标的描述是同一句话",
    rationale="绩效指标描述（指标解释）应说明每个指标衡量什么、怎样计算；一张表的指标都写同一句"
    "（如“该指标值数据合理”），等于没有解释，审核和自评时无从核对口径。",
    reference=cite("practice", point="绩效指标描述应说明指标的含义和计算口径"),
)
def same_description(document: TargetDocument) -> Iterator[Hit]:
    department = document.department
    if department is not None:
        yield from _same_description(department.indicators, None)
    for project in document.projects:
        yield from _same_description(project.indicators, project)


def _same_description(indicators: list[Indicator], project: Project | None) -> Iterator[Hit]:
    described = [clean_text(i.description) for i in indicators if i.description]
    if len(described) < SAME_DESCRIPTION:
        return
    text, count = Counter(described).most_common(1)[0]
    if count < SAME_DESCRIPTION or count * 5 < len(indicators) * 4 or not text:
        return  # fewer than four rows in five alike: descriptions written row by row
    said = next(
        i.description for i in indicators if i.description and clean_text(i.description) == text
    )
    yield Hit(
        f"{count} 个指标的描述都是「{said}」",
        "逐个写明每个指标衡量什么、怎样计算（如“已建成并验收的工程数”“合格数占抽检数的比例”）",
        field="description",
        project=project,
    )
