from __future__ import annotations

import pytest

from jixiao.core.framework import (
    bare_label,
    categorize,
    is_standard_level1,
    is_standard_level2,
    older_placement,
    standard_label,
)
from jixiao.core.model import Category


@pytest.mark.parametrize(
    ("level1", "level2", "expected"),
    [
        ("产出指标", "数量指标", Category(level1="产出指标", level2="数量指标")),
        ("效果指标", "社会效益指标", Category(level1="效益指标", level2="社会效益指标")),
        ("效益指标", "环境效益指标", Category(level1="效益指标", level2="生态效益指标")),
        (
            "满意度指标",
            "社会公众或服务对象满意度指标",
            Category(level1="满意度指标", level2="服务对象满意度指标"),
        ),
        ("成本指标", "经济成本指标", Category(level1="成本指标", level2="经济成本指标")),
        ("产出指标", "成本指标", Category(level1="产出指标", level2="成本指标")),
        ("产出指标（必填）", "数量 指标", Category(level1="产出指标", level2="数量指标")),
        ("产出指标", "社会效益指标", Category(level1="产出指标", level2=None)),
        (None, "时效指标", Category(level1="产出指标", level2="时效指标")),
        ("其他", None, None),
        (None, None, None),
    ],
)
def test_categorize_reads_the_wordings_tables_use(
    level1: str | None, level2: str | None, expected: Category | None
) -> None:
    assert categorize(level1, level2) == expected


def test_standard_wording_is_told_from_synonyms() -> None:
    assert is_standard_level1("效益指标")
    assert not is_standard_level1("效果指标")
    assert is_standard_level2("生态效益指标")
    assert not is_standard_level2("环境效益指标")


@pytest.mark.parametrize(
    ("level1", "level2", "expected"),
    [
        # local label forms: 产出值 / 数量值, weights in brackets or after the name, spaced letters
        ("产出值", "数量值", Category(level1="产出指标", level2="数量指标")),
        ("效益值", "社会效益值", Category(level1="效益指标", level2="社会效益指标")),
        ("产出指标(70分)", "质量值", Category(level1="产出指标", level2="质量指标")),
        ("产出指标 70分", "时 效 指 标", Category(level1="产出指标", level2="时效指标")),
        ("产 出 指 标", "成本值", Category(level1="产出指标", level2="成本指标")),
        (
            "满意度指标（10分）",
            "满意度",
            Category(level1="满意度指标", level2="服务对象满意度指标"),
        ),
        # the older national template: satisfaction as a 二级 under 效益指标
        (
            "效益指标",
            "社会公众或服务对象满意度指标",
            Category(level1="满意度指标", level2="服务对象满意度指标"),
        ),
        (
            "效益指标(30分)",
            "服务对象满意度指标",
            Category(level1="满意度指标", level2="服务对象满意度指标"),
        ),
        # a satisfaction 二级 under 产出 is no template's: left for the review to report
        ("产出指标", "社会公众或服务对象满意度指标", Category(level1="产出指标", level2=None)),
        # a 二级 wording as the 一级 label: the older template's satisfaction row on its own
        (
            "社会公众或服务对象满意度指标",
            None,
            Category(level1="满意度指标", level2="服务对象满意度指标"),
        ),
        ("时效指标", None, Category(level1="产出指标", level2="时效指标")),
        # words that only end like a label are no label
        ("指标值", None, None),
        ("分值", None, None),
    ],
)
def test_categorize_reads_local_labels_and_the_older_template(
    level1: str | None, level2: str | None, expected: Category | None
) -> None:
    assert categorize(level1, level2) == expected


def test_the_older_placement_is_told_apart() -> None:
    assert older_placement("效益指标", "社会公众或服务对象满意度指标") == Category(
        level1="满意度指标", level2="服务对象满意度指标"
    )
    assert older_placement("满意度指标", "服务对象满意度指标") is None
    assert older_placement("效益指标", "社会效益指标") is None


def test_standard_labels_of_local_wordings() -> None:
    assert standard_label("产出值") == "产出指标"
    assert standard_label("数量值", "产出值") == "数量指标"
    assert standard_label("经济效益", "效益指标") == "经济效益指标"
    assert standard_label("社会公众或服务对象满意度指标", "效益指标") == "服务对象满意度指标"
    assert standard_label("其他") is None
    assert bare_label("产出指标 70分") == "产出指标"
