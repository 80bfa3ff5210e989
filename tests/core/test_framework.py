from __future__ import annotations

import pytest

from jixiao.core.framework import categorize, is_standard_level1, is_standard_level2
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
