"""Review rules of the `relevance` family: indicators unrelated to what the money is for.

相关性 asks whether the targets relate to the project's purpose (财预〔2015〕88号, policy.md §2.1,
recalled). Relatedness is read conservatively from shared words (character bigrams, generic words
left out) between an 产出 indicator and the project's name, purpose and goals, or from a shared
theme of the lexicon (畅通工程 and 道路硬化 share no characters but one line of work).

Sharing no words is not evidence by itself: equipment bought for a school's renovation or land
transferred for a tourism base share none with their project's name and belong to it. An output
is reported only with evidence that it is unrelated: it names a line of work (a lexicon theme)
the project does not name, or it names no subject at all (only generic or vague words, such as
"工作完成情况比率" or "作风建设比率").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from jixiao.core.model import Indicator, Project, TargetDocument
from jixiao.review.engine import Hit, project_rule
from jixiao.review.facts import subject_bigrams
from jixiao.review.lexicon import lexicon
from jixiao.review.references import cite

REFERENCE = cite("caiyu-2015-88", point="审核绩效目标的相关性")


_last: tuple[Project | None, tuple[list[Indicator], list[Indicator]]] = (None, ([], []))


def _unrelated(project: Project) -> tuple[list[Indicator], list[Indicator]]:
    """The project's 产出 indicators, and those unrelated to its name, purpose and goals; read
    once for the two rules below."""
    global _last  # noqa: PLW0603 - a one-project memo shared by this module's rules
    cached = _last  # one read: another thread may replace the memo meanwhile
    if cached[0] is not project:
        cached = _last = (project, _read_unrelated(project))
    return cached[1]


def _read_unrelated(project: Project) -> tuple[list[Indicator], list[Indicator]]:
    context = subject_bigrams(project.name).union(
        subject_bigrams(project.purpose or ""), *map(subject_bigrams, project.goals)
    )
    # Cost and time limits are about the money and the calendar, not about what is bought.
    outputs = [
        i
        for i in project.indicators
        if i.category is not None
        and i.category.level1 == "产出指标"
        and i.category.level2 not in ("成本指标", "时效指标")
    ]
    if not context:
        return outputs, []  # no name, purpose or goals in the copy (its header lost): no judgement
    unrelated = [
        i for i in outputs
        if not subject_bigrams(i.name + "\n" + (i.description or "")) & context
    ]  # fmt: skip
    if unrelated:  # rare: the themes are read only then
        subject = themes("\n".join([project.name, project.purpose or "", *project.goals]))
        unrelated = [i for i in unrelated if _evidently_unrelated(i, subject)]
    return outputs, unrelated


def _evidently_unrelated(indicator: Indicator, subject: frozenset[int]) -> bool:
    own = themes(indicator.name + "\n" + (indicator.description or ""))
    if own:
        return not own & subject  # another line of work than the project's
    return _no_subject(indicator.name)


@lru_cache(maxsize=16384)
def _no_subject(name: str) -> bool:
    """Whether a name says nothing about what is bought: only generic words ("工作完成情况比率")
    or an attitude ("作风建设比率")."""
    words = lexicon()
    if any(word in name for word in words.vague):
        return True
    rest = name
    for word in sorted(words.stopwords | words.generic_bigrams, key=len, reverse=True):
        rest = rest.replace(word, "")
    return not any("\u4e00" <= char <= "\u9fff" for char in rest)


@lru_cache(maxsize=16384)
def themes(text: str) -> frozenset[int]:
    """The lexicon's themes the text names (by position in the list)."""
    return frozenset(
        number
        for number, words in enumerate(lexicon().themes)
        if any(word in text for word in words)
    )


@project_rule(
    id="relevance.unrelated-output",
    category="relevance",
    severity="提示",
    title="产出指标与资金用途看不出关联",
    rationale="产出指标应是这笔资金买来的东西；名称和描述与项目名称、资金用途、绩效目标没有共同内容，"
    "且属于另一类工作（如农田项目里的供水设施）或根本没有说明做什么（如“工作完成情况比率”）时，"
    "请核实它是否属于本项目。",
    reference=REFERENCE,
)
def unrelated_output(project: Project, document: TargetDocument) -> Iterator[Hit]:
    outputs, unrelated = _unrelated(project)
    if len(unrelated) == len(outputs):
        return  # the whole set is reported by relevance.unrelated-outputs
    for indicator in unrelated:
        yield Hit(
            f"「{indicator.name}」与项目名称、资金用途和绩效目标没有共同内容",
            "核实该指标是否由本项目资金产生；是的，在描述中写明关系，不是的，删去或换成本项目的产出",
            field="name",
            indicator=indicator,
        )


@project_rule(
    id="relevance.unrelated-outputs",
    category="relevance",
    severity="警告",
    title="全部产出指标都与资金用途无关",
    rationale="没有一个产出指标与资金用途相关，说明指标没有反映这笔钱办的事。",
    reference=REFERENCE,
)
def unrelated_outputs(project: Project, document: TargetDocument) -> Iterator[Hit]:
    outputs, unrelated = _unrelated(project)
    if outputs and len(unrelated) == len(outputs):
        names = "、".join(f"「{i.name}」" for i in unrelated)
        yield Hit(
            f"产出指标{names}都与项目名称、资金用途和绩效目标没有共同内容",
            "按资金用途重新设置产出指标：这笔钱买什么服务、办几件事、达到什么质量和时限",
            field="indicators",
        )
