"""A 绩效评价指标表 (评价指标体系): the framework an evaluation is scored by — 一级/二级/三级
指标 with their 分值 and 评分标准 (012: 2019年度宁晋县高中助学金项目绩效评价指标表) — is no target
table and no self-evaluation: nothing in it is a project's targets. `framework` finds one in a
text no layout reads, so that `read_text` refuses it saying what it is (a scoring framework is set
up as a 评分方案, not imported)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.ingest import detect

_TOP = 60
"""Lines holding text the title is among."""
_TITLE_LINE = 80
_TITLE = re.compile(
    r"评价指标(?:体系|框架)?(?:及(?:其)?(?:评分|评价)标准)?(?:表|一览表)?"
    r"(?:[（(][^（()）\n]{0,20}[)）])?$|评分(?:标准|细则)表$"
)
"""A framework's title ends so: 绩效评价指标表, 绩效评价指标体系(表), 评价指标及评分标准表."""
_COLUMNS = ("分值", "评分标准", "评分细则", "评分办法", "评分规则")
"""A framework's own columns: what each indicator scores and how."""
_SELF_EVALUATION = ("自评", "完成值", "实际完成", "得分")
"""Words of a self-evaluation's title: its table is scored, no framework."""


@dataclass(frozen=True)
class Framework:
    line: int
    title: str
    columns: tuple[str, ...]


def framework(head: str) -> Framework | None:
    """The framework's title (its line) among the first lines of the text and the scoring
    columns the text holds; None where either is missing."""
    columns = tuple(column for column in _COLUMNS if column in head)
    if not columns:
        return None
    for count, (number, line) in enumerate(detect.content_lines(head)):
        if count >= _TOP:
            return None
        title = line.strip()
        if (
            len(title) <= _TITLE_LINE
            and _TITLE.search(title) is not None
            and not any(word in title for word in _SELF_EVALUATION)
        ):
            return Framework(number, title, columns)
    return None
