"""A 绩效评价指标表 (the scoring framework of an evaluation: 一级/二级/三级指标 with 分值 and
评分标准 — 012) is refused saying what it is: no target table, no self-evaluation, set up in the
web app's 评分方案."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest import IngestError, read_bytes, read_text
from jixiao.ingest.scoring_framework import framework

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


def refusal(text: str) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_text(text, "page.txt")
    return caught.value


def test_012s_evaluation_index_is_refused_as_a_scoring_framework() -> None:
    path = CORPUS / "012_hebei-ningjin-gaozhong-zhuxuejin-evalindex.txt"
    with pytest.raises(IngestError) as caught:
        read_bytes(path.read_bytes(), "012.txt")
    error = caught.value
    assert error.line == 4  # the title
    assert error.problem == (
        "「2019年度宁晋县高中助学金项目绩效评价指标表」是绩效评价指标表（评价指标体系），"
        "列出各项指标的「分值」，是绩效评价打分用的评分框架，不是绩效目标表，也不是绩效自评表，"
        "不能作为绩效目标导入"
    )
    assert error.hint is not None
    assert error.hint.startswith("评分框架请在系统的「评分方案」中设置")


def test_a_framework_in_rows_with_its_scoring_rules_is_refused_alike() -> None:
    text = (
        "某某县2023年度农业补贴项目绩效评价指标体系\n"
        "一级指标 | 二级指标 | 三级指标 | 分值 | 评分标准\n"
        "决策 | 项目立项 | 立项依据充分性 | 5 | 依据充分得5分，否则酌情扣分\n"
    )
    error = refusal(text)
    assert error.line == 1
    assert "列出各项指标的「分值」「评分标准」" in error.problem
    assert "评分框架" in error.problem


@pytest.mark.parametrize(
    "text",
    [
        "项目支出绩效自评表\n指标名称 分值 得分\n",  # a self-evaluation is scored, no framework
        "某某项目绩效评价指标表\n指标名称 指标值\n",  # no scoring column
        "一级指标 二级指标 分值\n",  # no framework's title
        "根据绩效评价指标体系进行评分。\n分值\n",  # a sentence, not a title
    ],
)
def test_what_is_no_scoring_framework_is_not_taken_for_one(text: str) -> None:
    assert framework(text) is None


def test_another_unknown_table_keeps_the_generic_refusal() -> None:
    error = refusal("某某表\n指标名称 分值 得分\n")
    assert error.problem.startswith("无法识别的版式：文中有「指标名称」")
