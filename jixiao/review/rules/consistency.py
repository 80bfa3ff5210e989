"""Review rules of the `consistency` family: department-wide targets against project targets.

Hebei reviews top-down: the department's duty-level targets first, then whether each project's
targets carry them (policy.md §2.2). When the department commits to "每年执法行动不少于80次" and
the enforcement project's table says "≥10次", one of them is wrong.

Subjects are matched through the character bigrams of names (project descriptions included),
looked up in an index of the department's few indicators: linear in the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.core.model import Indicator, Project, TargetDocument
from jixiao.review.engine import Hit, document_rule, short
from jixiao.review.facts import subject_bigrams, unit_kind
from jixiao.review.overlaps import Fix
from jixiao.review.references import cite

# Hebei's 2014 reform (河北省人民政府《关于深化绩效预算管理改革的意见》, policy.md §2.2) reviews
# top-down, but policy-verified.md does not list it among the documents users may be shown: the
# rule is cited as local practice.
REFERENCE = cite(
    "local-practice",
    point="先审部门整体绩效目标，再审项目绩效目标与部门目标的衔接",
)
SAME_SUBJECT = 0.5  # share of the department indicator's bigrams the project text must hold
MIN_SHARED = 3  # two shared bigrams ("执法", "检查") are one word, not a subject
_LOWER = (">=", ">", "=")
_UPPER = ("<=", "<")


@dataclass(frozen=True)
class Pair:
    """A department indicator and a project indicator on the same subject."""

    department: Indicator
    title: str
    project: Project
    indicator: Indicator

    def hit(self, claim: str, suggestion: str, fix: Fix | None = None) -> Hit:
        return Hit(
            f"部门整体目标（分项「{short(self.title)}」）{claim}",
            suggestion,
            field="target",
            indicator=self.indicator,
            project=self.project,
            fix=fix,
        )


_last: tuple[TargetDocument | None, list[Pair]] = (None, [])


def _pairs(document: TargetDocument) -> list[Pair]:
    """The (department indicator, project indicator) pairs on one subject, computed once for the
    three rules that read them."""
    global _last  # noqa: PLW0603 - a one-document memo shared by this module's rules
    cached = _last  # one read: another thread may replace the memo meanwhile
    if cached[0] is not document:
        cached = _last = (document, list(_matching_pairs(document)))
    return cached[1]


def _matching_pairs(document: TargetDocument) -> Iterator[Pair]:
    if document.department is None:
        return
    targets: list[tuple[Indicator, str, frozenset[str]]] = []
    index: defaultdict[str, list[int]] = defaultdict(list)
    for sub_goal in document.department.sub_goals:
        for indicator in sub_goal.indicators:
            if indicator.target.kind != "quantity":
                continue
            grams = subject_bigrams(indicator.name)
            if len(grams) < MIN_SHARED:
                continue
            for gram in grams:
                index[gram].append(len(targets))
            targets.append((indicator, sub_goal.title, grams))
    if not targets:
        return
    for project in document.projects:
        for indicator in project.indicators:
            grams = subject_bigrams(indicator.name + "\n" + (indicator.description or ""))
            shared: defaultdict[int, int] = defaultdict(int)
            for gram in grams:
                for target in index.get(gram, ()):
                    shared[target] += 1
            for target, count in shared.items():
                department, title, own = targets[target]
                if count >= MIN_SHARED and count / len(own) >= SAME_SUBJECT:
                    yield Pair(department, title, project, indicator)


def _said(indicator: Indicator) -> str:
    return f"「{indicator.name}」{indicator.target.raw}"


@document_rule(
    id="consistency.project-below-department",
    category="consistency",
    severity="警告",
    title="项目目标低于部门整体目标",
    rationale="部门整体目标要靠项目落实；同一事项上项目的目标值低于部门承诺，部门目标就落空了。",
    reference=REFERENCE,
)
def project_below_department(document: TargetDocument) -> Iterator[Hit]:
    for pair in _pairs(document):
        promised, planned = pair.department.target, pair.indicator.target
        if promised.op not in _LOWER or planned.op not in _LOWER or promised.unit != planned.unit:
            continue
        if promised.number is None or planned.number is None or planned.number >= promised.number:
            continue
        yield pair.hit(
            f"承诺{_said(pair.department)}，本项目{_said(pair.indicator)}低于部门承诺",
            f"把本项目指标值提高到与部门目标一致（≥{promised.number}{promised.unit or ''}），"
            "或调整部门整体目标并说明其余部分由哪些项目完成",
        )


@document_rule(
    id="consistency.opposite-direction",
    category="consistency",
    severity="警告",
    title="项目与部门整体目标方向相反",
    specificity=3,
    rationale="部门整体目标要求“不少于”，项目却把同一事项写成上限（≤），两者方向相反。",
    reference=REFERENCE,
)
def opposite_direction(document: TargetDocument) -> Iterator[Hit]:
    for pair in _pairs(document):
        if pair.department.target.op in _LOWER and pair.indicator.target.op in _UPPER:
            yield pair.hit(
                f"要求{_said(pair.department)}，本项目同一事项却设上限{_said(pair.indicator)}",
                "按部门整体目标的方向和口径设置本项目指标（下限「≥」），二者应能相互衔接",
                Fix(operator="≥"),
            )


@document_rule(
    id="consistency.different-measure",
    category="consistency",
    severity="提示",
    title="项目与部门整体目标口径不同",
    rationale="同一事项部门用比率、项目用数量（或相反），年底无法用项目完成情况说明部门目标的完成情况。",
    reference=REFERENCE,
)
def different_measure(document: TargetDocument) -> Iterator[Hit]:
    for pair in _pairs(document):
        promised, planned = pair.department.target, pair.indicator.target
        if planned.op in _UPPER and promised.op in _LOWER:
            continue  # reported as an opposite direction
        if unit_kind(promised.unit) == unit_kind(planned.unit) or planned.kind != "quantity":
            continue
        yield pair.hit(
            f"以{_said(pair.department)}衡量，本项目以{_said(pair.indicator)}衡量，口径不同",
            "统一口径，或在本项目补充与部门整体目标同口径的指标",
        )
