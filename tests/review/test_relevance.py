"""The relevance family reads relatedness from shared words and, where a line of work is named in
different words, from the lexicon's themes."""

from __future__ import annotations

from jixiao.review.rules.relevance import themes
from tests.review.builders import document, findings, indicator, project


def road_project(*names: str) -> list[str]:
    table = project(
        name="农村公路畅通工程补助",
        purpose="用于畅通工程建设",
        goals=["完成年度建设任务"],
        indicators=[indicator(name, "≥10公里") for name in names],
    )
    return [
        f.indicator or ", ".join(n for n in names if n in f.message)
        for rule in ("relevance.unrelated-output", "relevance.unrelated-outputs")
        for f in findings(document(table), rule)
    ]


def test_a_theme_relates_words_that_share_no_characters() -> None:
    assert road_project("村内道路硬化里程", "脱贫户供水设施数量") == ["脱贫户供水设施数量"]


def test_shared_words_still_relate_without_a_theme() -> None:
    assert road_project("畅通工程建设里程") == []


def test_themes_are_read_from_the_lexicon() -> None:
    assert themes("到会客商人数") == themes("招商引资工作经费")
    assert themes("道路硬化") & themes("畅通工程")
    assert not themes("道路硬化") & themes("供水设施")
    assert themes("会议室") == set()
