"""Review rules of the `wording` family: non-standard terms and typos.

Category names follow the indicator framework (policy.md §1.2, read through jixiao.core.framework);
typos are those seen in published tables, kept as data in the lexicon.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from jixiao.core.framework import bare_label, older_placement, standard_label
from jixiao.core.model import Indicator, Project, TargetDocument
from jixiao.review.engine import Hit, document_rule, project_rule
from jixiao.review.lexicon import lexicon
from jixiao.review.references import cite
from jixiao.review.rules.classification import FRAMEWORK  # the same framework, cited once


@project_rule(
    id="wording.non-standard-category",
    category="wording",
    severity="提示",
    title="一级/二级指标名称不规范",
    rationale="规范名称是“产出指标”“效益指标”“数量指标”“生态效益指标”等；“效果指标”“产出值”"
    "“数量值”“环境效益指标”是旧称、地方叫法或误写，本表按其含义识别，但汇总统计时会被当成不同类别。"
    "一张表报一处，列出每个不规范名称及其规范名称。",
    reference=FRAMEWORK,
)
def non_standard_category(project: Project, document: TargetDocument) -> Iterator[Hit]:
    counts: Counter[tuple[str, str]] = Counter()
    for indicator in project.indicators:
        for written, standard in _non_standard(indicator.level1, indicator.level2):
            counts[(written, standard)] += 1
    if not counts:
        return
    named = "、".join(
        f"「{written}」（{count} 行）应为「{standard}」"
        for (written, standard), count in counts.items()
    )
    renames = "、".join(f"「{written}」改为「{standard}」" for written, standard in counts)
    yield Hit(f"指标名称不是规范名称：{named}", f"按规范名称填写：{renames}", field="indicators")


@lru_cache(maxsize=4096)
def _non_standard(level1: str | None, level2: str | None) -> tuple[tuple[str, str], ...]:
    """The labels of one row that are not the standard names, each with its standard name.
    Notes and spacing ("产出指标(70分)", "产 出 指 标") are not wording; a satisfaction 二级
    under 效益指标 is the older template's placement (classification.older-template)."""
    found = []
    first = standard_label(level1)
    if level1 and first is not None and bare_label(level1) != first:
        found.append((level1.strip(), first))
    if level2 and older_placement(level1, level2) is None:
        second = standard_label(level2, level1 or "")
        if second is not None and bare_label(level2) != second:
            found.append((level2.strip(), second))
    return tuple(found)


@document_rule(
    id="wording.typo",
    category="wording",
    severity="提示",
    title="错别字",
    rationale="公开的绩效目标是政府信息，错别字影响严肃性，也可能改变原意（如“发展问题”应为“发现问题”）。",
    reference=cite("practice"),
)
def typo(document: TargetDocument) -> Iterator[Hit]:
    department = document.department
    if department is not None:
        texts = [("overall_goal", department.overall_goal or "")]
        for sub_goal in department.sub_goals:
            texts += [("sub_goals", sub_goal.title), ("sub_goals", sub_goal.goal or ""),
                      ("sub_goals", sub_goal.indicator_text or "")]  # fmt: skip
        texts += [("safeguards", safeguard) for safeguard in department.safeguards]
        for field, text in texts:
            yield from _typos(text, field)
    for project in document.projects:
        yield from _typos(project.purpose or "", "purpose", project)
        for goal in project.goals:
            yield from _typos(goal, "goals", project)
        for indicator in project.indicators:
            yield from _typos(indicator.name, "name", project, indicator)
            yield from _typos(indicator.description or "", "description", project, indicator)


def _typos(
    text: str, field: str, project: Project | None = None, indicator: Indicator | None = None
) -> Iterator[Hit]:
    for wrong, right in _typos_in(text):
        yield Hit(
            f"「{_context(text, wrong)}」中的「{wrong}」疑为错别字",
            f"改为「{right}」",
            field,
            indicator,
            project,
        )


@lru_cache(maxsize=16384)
def _typos_in(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((wrong, right) for wrong, right in lexicon().typos.items() if wrong in text)


def _context(text: str, word: str, width: int = 8) -> str:
    at = text.index(word)
    start, end = max(0, at - width), min(len(text), at + len(word) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
