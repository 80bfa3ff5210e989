"""Text no layout reads is refused saying what was recognised: a naming label whose first
characters were lost in the copy (031's "级预算单位名称"), a table flattened into one line (032)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest import IngestError, read_bytes, read_text
from jixiao.ingest.lost_heads import lost_heads

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


def refusal(text: str) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_text(text, "page.txt")
    return caught.value


def test_a_label_told_by_its_tail_is_named_with_the_labels_it_may_be() -> None:
    [found] = lost_heads("部门整体支出绩效自评表\n\n级预算单位名称\n\n 陵区林业局\n")
    assert (found.line, found.text, found.labels) == (
        3,
        "级预算单位名称",
        ("一级预算单位名称", "二级预算单位名称"),
    )
    assert lost_heads("目名称\n")[0].labels == ("项目名称",)
    # a label whole, a word too short to tell, a value: none
    assert lost_heads("预算单位名称\n名称\n陵区林业局\n单位名称\n") == []


def test_a_department_table_whose_unit_label_lost_its_head_is_refused_saying_so() -> None:
    path = CORPUS / "031_hunan-lingling-linye-dept-selfeval.txt"
    with pytest.raises(IngestError) as caught:
        read_bytes(path.read_bytes(), "031.txt")
    error = caught.value
    assert error.line == 15
    assert error.problem.endswith(
        "；第15行的「级预算单位名称」像是「一级预算单位名称」或「二级预算单位名称」丢失了开头的字，"
        "表中没有完整的项目名称或单位名称栏目，无法确定表属于哪个项目或单位"
    )
    assert "「资金总额」「一级指标」「二级指标」「三级指标」「指标值」" in error.problem
    assert error.hint is not None
    assert error.hint.startswith("复制的文字丢失了一些单元格开头的字")


def test_a_table_flattened_into_a_line_is_refused_naming_its_labels_and_line() -> None:
    path = CORPUS / "032_chongqing-liangping-linye-dept-selfeval.txt"
    with pytest.raises(IngestError) as caught:
        read_bytes(path.read_bytes(), "032.txt")
    error = caught.value
    assert error.line == 5  # the line the table starts on, 年初预算数 its first label
    assert error.problem.startswith(
        "无法识别的版式：文中有「年初预算数」「全年执行数」「指标名称」「指标值」「全年完成值」等"
    )
    assert "（第5行有 302 个字符：栏目和内容连在一起，没有分隔）" in error.problem


def test_the_labels_found_are_listed_in_the_order_of_the_text() -> None:
    error = refusal("指标值\n\n" + "x " * 10 + "\n\n项目名称 甲\n")
    assert error.problem.startswith("无法识别的版式：文中有「指标值」「项目名称」等")
    assert error.line == 1
