"""`jixiao parse --format text`: the 解读 column reads like the forms."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from jixiao.core.model import TargetDocument
from jixiao.core.value import parse_value
from jixiao.export.terminal import print_document, reading


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("4%以上", "≥ 4 %"),
        ("不少于80次", "≥ 80 次"),
        ("≤5次", "≤ 5 次"),
        ("达到100%", "= 100 %"),
        ("7家", "= 7 家"),
        ("≥10", "≥ 10"),
        ("≥95.0%", "≥ 95.0 %"),
        ("80%-90%", "80～90 %"),
        ("12月底前", "12月底前"),
        ("12月底", "12月底"),
        ("2024年6月30日前", "2024年6月30日前"),
        ("2023.07-2024.01", "期间 2023.07-2024.01"),
        ("优良", "定性：优良"),
        ("不低于良好", "定性：不低于良好"),
        ("", "（空）"),
    ],
)
def test_a_value_is_read_in_the_words_of_the_forms(cell: str, read: str) -> None:
    assert reading(parse_value(cell)) == read


def test_the_reading_column_of_the_seed(seed: TargetDocument) -> None:
    console = Console(file=io.StringIO(), width=200, record=True)
    print_document(seed, console)
    text = console.export_text()
    for read in ("≥ 4 %", "≥ 80 次", "= 100 %", "≤ 5 %", "≥ 300 家"):
        assert read in text
    for machine in ("quantity", "qualitative", ">=", "<="):
        assert machine not in text


def test_long_cells_fold_instead_of_being_cut_off(seed: TargetDocument) -> None:
    console = Console(file=io.StringIO(), width=80, record=True)
    print_document(seed, console)
    text = console.export_text()
    assert "…" not in text
    flat = "".join(text.replace("│", "").split())
    assert "全区7家农贸市场全面达到全国卫生城市的创建标准" in flat
