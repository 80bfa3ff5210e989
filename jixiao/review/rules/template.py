"""Review rules of the `template` family: tables copied between projects.

Different projects buy different things; near-identical indicator sets or verbatim goals across
projects mean the targets were copied, not set (policy.md §2.3 item 4).

Both rules run in time linear in the number of projects: identical sets meet in a dict, near
identical ones through an inverted index of indicator names that skips names too common to tell
projects apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, document_rule
from jixiao.review.facts import clean_text
from jixiao.review.references import cite

REFERENCE = cite("practice", point="不同项目的绩效目标和指标应反映各自资金的用途")
SIMILAR = 0.8
MIN_SHARED = 3
COMMON_NAME = 50  # a name in more projects than this says nothing about copying
MAX_NAMED = 3


def _label(project: Project) -> str:
    return f"{project.code}「{project.name}」" if project.code else f"「{project.name}」"


@document_rule(
    id="template.indicator-set",
    category="template",
    severity="警告",
    title="与其他项目的指标几乎相同",
    rationale="两个项目的三级指标几乎一样，说明指标是照搬的，没有反映各自资金的用途和产出；"
    "审核时应要求按项目实际重新设置。",
    reference=REFERENCE,
)
def indicator_set(document: TargetDocument) -> Iterator[Hit]:
    names = [frozenset(clean_text(i.name) for i in p.indicators) for p in document.projects]
    first_with: dict[frozenset[str], int] = {}
    holders: defaultdict[str, list[int]] = defaultdict(list)
    for index, (project, own) in enumerate(zip(document.projects, names, strict=True)):
        if len(own) < MIN_SHARED:
            continue
        match = first_with.get(own)
        if match is not None:
            yield _set_hit(project, document.projects[match], len(own), len(own), len(own))
            continue
        first_with[own] = index
        shared: defaultdict[int, int] = defaultdict(int)
        for name in own:
            earlier = holders[name]
            if len(earlier) <= COMMON_NAME:
                for other in earlier:
                    shared[other] += 1
            earlier.append(index)
        best = max(shared.items(), key=lambda item: item[1], default=None)
        if best is None or best[1] < MIN_SHARED:
            continue
        union = len(own | names[best[0]])
        if best[1] / union >= SIMILAR:
            yield _set_hit(project, document.projects[best[0]], best[1], len(own), union)


def _set_hit(project: Project, other: Project, shared: int, own: int, union: int) -> Hit:
    return Hit(
        f"三级指标与项目 {_label(other)}的 {union} 个指标中 {shared} 个相同"
        f"（相似度 {shared * 100 // union}%，本项目 {own} 个指标）",
        "按本项目的资金用途重新设置产出和效益指标；两个项目确属同一事项的，应合并申报",
        field="indicators",
        project=project,
        mentions=(other,),
    )


@document_rule(
    id="template.copied-goal",
    category="template",
    severity="提示",
    title="绩效目标与其他项目相同",
    rationale="不同项目写同一句绩效目标，目标就没有说明这笔钱要办成什么。",
    reference=REFERENCE,
)
def copied_goal(document: TargetDocument) -> Iterator[Hit]:
    first_in: dict[str, list[Project]] = {}
    counts: defaultdict[str, int] = defaultdict(int)
    for project in document.projects:
        for goal in dict.fromkeys(project.goals):
            key = clean_text(goal)
            if len(key) < 6:
                continue
            earlier = first_in.setdefault(key, [])
            if earlier:
                named = "、".join(_label(p) for p in earlier[:MAX_NAMED])
                more = f"等 {counts[key]} 个项目" if counts[key] > MAX_NAMED else ""
                yield Hit(
                    f"绩效目标「{goal}」与项目 {named}{more}相同",
                    "写明本项目资金要完成的具体任务和效果",
                    field="goals",
                    project=project,
                    mentions=tuple(earlier[:MAX_NAMED]),
                )
            counts[key] += 1
            if len(earlier) < MAX_NAMED:
                earlier.append(project)
