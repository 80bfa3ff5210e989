"""Review rules of the `wording` family: non-standard terms and typos.

Category names follow the indicator framework (policy.md §1.2); typos are those seen in published
tables, kept as data in the lexicon.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

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
    rationale="规范名称是“效益指标”“生态效益指标”等；“效果指标”“环境效益指标”是旧称或误写，"
    "汇总统计时会被当成不同类别。",
    reference=FRAMEWORK,
)
def non_standard_category(project: Project, document: TargetDocument) -> Iterator[Hit]:
    words = lexicon()
    counts: Counter[tuple[str, str]] = Counter()
    for indicator in project.indicators:
        if indicator.level1 in words.level1_wording:
            counts[("level1", indicator.level1)] += 1
        if indicator.level2 in words.level2_wording:
            counts[("level2", indicator.level2)] += 1
    for (field, written), count in counts.items():
        standard = (words.level1_wording if field == "level1" else words.level2_wording)[written]
        level = "一级" if field == "level1" else "二级"
        yield Hit(
            f"{level}指标「{written}」（{count} 行）不是规范名称",
            f"改为「{standard}」",
            field=field,
        )


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
