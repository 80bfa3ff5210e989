"""Text whose labels and values came apart (`scrambled`): refused saying where the order breaks,
what was recognised and what to supply, never read by guessing which value is whose.

The corpus has three such copies, each looked at for an order that could be undone:

- 055 (a county 专项资金绩效目标表 from a PDF): the label column read down (专项名称 … 一级指标)
  before the values, but the values do not come one a label — the two goals' labels
  (专项长期绩效目标, 专项年度绩效目标) share one paragraph, the indicator rows are broken around
  their values (各种强制免率、屠宰率 / 100% / 及检疫率) and the 一级 column's vertical text is
  woven into the label's (产 / 绩效出 / 指 / 指标标);
- 064 (a provincial 专项资金 绩效目标表): seven labels in three rows, then six values in another
  order (战略领域's and 政策任务's before 省级业务主管部门's), and an indicator grid with no 一级
  or 二级 and three names for six values;
- 065 (a 就业补助资金 自评表 from a sheet): a money block's amounts before the row they belong to
  (年度资金总额 comes after the block), 地方主管部门 beside the 财政局, and the goals interleaved
  line by line with their 完成情况.

Pairing any of them by order would put a value under the wrong label, so each stays refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest import IngestError, read_path, read_text, scrambled

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
HINT = (
    "这类文字多是从 PDF 或文档网站复制的，单元格的先后顺序已经打乱；请取得原始的 Word、Excel 或 "
    "PDF 文件导入，或从原文件重新复制表格（保留单元格和换行）。"
)


def refusal(number: str) -> IngestError:
    path = next(CORPUS.glob(f"{number}_*.txt"))
    assert scrambled.looks_like(path.read_text(encoding="utf-8"))
    with pytest.raises(IngestError) as caught:
        read_path(path)
    assert caught.value.hint == HINT
    return caught.value


def test_a_label_column_read_down_before_its_values_is_refused_naming_every_label() -> None:
    error = refusal("055")
    assert error.line == 11
    assert error.problem == (
        "文字顺序错乱，栏目与内容分开了（「专项名称」之后紧接着是「部门名称」，中间没有内容），"
        "无法确定各栏目对应的内容；已认出栏目「专项名称」「部门名称」「部门相应职能职责概述」"
        "「专项立项依据」「专项实施进度计划」「专项长期绩效目标」「专项年度绩效目标」「一级指标」；"
        "同一行中栏目与内容写在一起的有：填报单位(盖章)：永兴县畜牧兽医水产局"
    )


def test_rows_of_labels_above_values_in_another_order_are_refused() -> None:
    error = refusal("064")
    assert error.line == 7
    assert error.problem == (
        "文字顺序错乱，栏目与内容分开了（「资金名称」之后紧接着是「省级业务主管部门」，中间没有内容），"
        "无法确定各栏目对应的内容；已认出栏目「资金名称」「省级业务主管部门」「资金类型」「实施周期」"
        "「战略领域」「财政事权」「政策任务」「用途范围」「三级指标」"
    )


def test_amounts_before_the_row_they_belong_to_are_refused() -> None:
    error = refusal("065")
    assert error.line == 5
    assert error.problem.startswith(
        "文字顺序错乱，栏目与内容分开了（「全年执行数(B)」一栏之后直接是金额「7165.32」，"
        "金额之前没有它所属的行名），无法确定各栏目对应的内容；已认出栏目「转移支付(项目)名称」"
        "「中央主管部门」「全年预算数(A)」「全年执行数(B)」"
    )


def test_labels_and_values_in_the_same_order_are_still_not_paired_by_position() -> None:
    text = "专项名称\n部门名称\n资金总额(万元)\n一级指标\n重大动物疫病防控\n县动物卫生监督所\n50\n"
    with pytest.raises(IngestError) as caught:
        read_text(text, "表.txt")
    assert caught.value.line == 1
    assert "「专项名称」之后紧接着是「部门名称」" in caught.value.problem


HUNAN = """\
专项名称

重大动物疫病防控

专项属性

延续专项

实施单位

县动物卫生监督所

资金总额(万元)

50

专项立项依据

《中华人民共和国动物防疫法》

专项长期绩效目标

2020年前死亡率控制在4%以下

专项年度绩效目标

死亡率下降0.5个百分点

一级指标

二级指标

指标内容

指标值

产出指标

数量指标

强制免疫率

100%
"""


def test_the_same_form_copied_with_its_cells_in_order_reads() -> None:
    [project] = read_text(HUNAN, "专项.txt").projects
    assert (project.name, project.unit.name, project.budget.total) == (
        "重大动物疫病防控",
        "县动物卫生监督所",
        50,
    )
    assert project.money_unit == "万元"
    assert (project.long_term_goals, project.goals) == (
        ["2020年前死亡率控制在4%以下"],
        ["死亡率下降0.5个百分点"],
    )
    [indicator] = project.indicators
    assert (indicator.name, indicator.target.raw) == ("强制免疫率", "100%")
