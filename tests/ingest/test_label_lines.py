"""Layout `label-lines`: a form copied a row a line, each label with its value glued after it
(068: "项目名称环保局县域生态环境质量考核工作经费", "金额:100 万元"), read on the real page and on
small inputs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.ingest import IngestError, label_lines, read_bytes, read_text

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
PAGE = CORPUS / "068_hunan-lixian-shengtaihuanjing-kaohe-target.txt"

FORM = """项目支出绩效目标申报表
(2024年度)
填报单位:某县农业农村局
金额:35.5 万元
项目名称农村人居环境整治经费
项目填报人张三
专项立项依据《某县农村人居环境整治三年行动方案》
专项长期绩效目标1、改善农村人居环境。
2、建立长效管护机制。
专项年度绩效目标完成20个村的环境整治。
"""


def test_the_real_page_reads_its_header_as_far_as_it_goes() -> None:
    document = read_bytes(PAGE.read_bytes(), PAGE.name)
    assert document.layout == "label-lines"
    [project] = document.projects
    assert (project.name, project.unit.name, project.year) == (
        "环保局县域生态环境质量考核工作经费", "常德市生态环境局澧县分局", 2021,
    )  # fmt: skip
    assert (project.money_unit, project.budget.total) == ("万元", Decimal("100"))
    assert project.title == "预算项目绩效目标申报表"
    assert len(project.long_term_goals) == 4  # 专项长期绩效目标 1、…4、 over four lines
    assert project.long_term_goals[1] == "加强环境监察、监测能力建设,进一步提高监察、监测水平。"
    assert project.goals == [
        "通过该项目实施,落实水污染防治工作要求,进一步改善我县集中式饮用水水源地水环境"
    ]
    unread = [(w.line, w.cell) for w in document.warnings if "一节未读入" in w.message]
    assert unread == [(22, "专项立项依据"), (23, "实施计划")]
    last = document.warnings[-1]
    assert last.line == 29
    assert last.message.startswith("文件到「专项年度绩效目标」一栏为止，这一栏可能不完整")
    assert "截断" in last.message


def test_a_small_form_reads_label_by_label() -> None:
    assert label_lines.looks_like(FORM)
    document = read_text(FORM, "form.txt")
    [project] = document.projects
    assert (project.name, project.unit.name, project.year) == (
        "农村人居环境整治经费", "某县农业农村局", 2024,
    )  # fmt: skip
    assert (project.budget.total, project.money_unit) == (Decimal("35.5"), "万元")
    assert project.long_term_goals == ["改善农村人居环境。", "建立长效管护机制。"]
    assert project.goals == ["完成20个村的环境整治。"]
    # the filing person is passed over (no field); the 立项依据 section is warned of by name
    assert [w.cell for w in document.warnings if w.line] == [
        "专项立项依据",
        "完成20个村的环境整治。",
    ]


def test_the_longest_label_wins_and_a_longer_word_is_no_label() -> None:
    assert label_lines.split("专项年度绩效目标完成20个村") == (
        "专项年度绩效目标",
        "专项年度绩效目标",
    )
    assert label_lines.split("绩效目标表") is None  # 绩效目标 + 表: a title
    assert label_lines.split("2021/1/1") is None


def test_labels_side_by_side_with_spaces_are_no_such_form() -> None:
    # 064: a row of labels (资金名称 省级业务主管部门 …), the values below: another layout
    text = "资金名称 省级业务主管部门 资金类型\n战略领域 财政事权 政策任务\n年度目标值\n"
    assert not label_lines.looks_like(text)
    assert not label_lines.looks_like("项目名称XX\n")  # a name alone makes no form


def test_a_grid_glued_in_its_lines_is_refused_with_its_line() -> None:
    text = FORM + "一级指标二级指标三级指标指标值\n产出指标数量指标整治村数20个\n"
    with pytest.raises(IngestError) as caught:
        read_text(text, "form.txt")
    assert caught.value.line == 11
    assert caught.value.problem.startswith("绩效指标表的单元格连在一行里")
