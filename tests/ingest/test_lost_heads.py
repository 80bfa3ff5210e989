"""A naming label whose first characters were lost in the copy (031's "级预算单位名称") is read
by its tail, with a warning; text no layout reads is refused saying what was recognised — such a
label, a table flattened into one line (032)."""

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


def test_a_department_table_whose_unit_label_lost_its_head_is_read_with_a_warning() -> None:
    """031's 级预算单位名称 is the label by its tail; its value is kept as written (陵区林业局: the
    copy lost its 零 too, which is not made up), and the warning says both may be cut."""
    path = CORPUS / "031_hunan-lingling-linye-dept-selfeval.txt"
    document = read_bytes(path.read_bytes(), "031.txt")
    assert document.department is not None
    assert document.department.name == "陵区林业局"
    first = document.warnings[0]
    assert (first.line, first.cell) == (15, "级预算单位名称")
    assert first.message.startswith(
        "「级预算单位名称」像是「一级预算单位名称」或「二级预算单位名称」丢失了开头的字，按该栏目读入"
    )


def test_a_form_no_layout_reads_whose_label_lost_its_head_is_refused_saying_so() -> None:
    text = "项目支出绩效目标表\n目名称\n某某经费 资金总额 100\n一级指标 二级指标 三级指标 指标值\n"
    error = refusal(text)
    assert "像是「项目名称」丢失了开头的字" in error.problem
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
