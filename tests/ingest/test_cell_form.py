"""Published web tables read as forms: a cell per line (cell-lines) and "|" rows (pipe-table).

The samples are real pages from ../shared/corpus, copied unchanged into tests/fixtures/corpus.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import TargetDocument
from jixiao.ingest import IngestError, cell_lines, pipe_table, read_path, read_text

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
NONGTIAN = CORPUS / "042_hunan-yueyangxian-gaobiaozhunnongtian-target.txt"
HUANWEI = CORPUS / "022_unknown-kangyi-guozhai-huanwei-target.txt"
JIAOYU = CORPUS / "019_hubei-wuhan-qingshan-jiaoyu-target3.txt"


def rows(document: TargetDocument) -> list[tuple[str | None, str | None, str, str]]:
    return [(i.level1, i.level2, i.name, i.target.raw) for i in document.projects[0].indicators]


def test_the_nongtian_page_is_read_cell_by_cell() -> None:
    document = read_path(NONGTIAN)
    assert (document.layout, document.year, document.department) == ("cell-lines", 2022, None)
    [project] = document.projects
    assert project.name == "岳阳县2022年高标准农田建设项目"
    assert project.title == "绩效目标申报表(基础设施建设类)"
    assert project.code is None  # the form has no 项目编码
    assert (project.unit.name, project.supervisor and project.supervisor.name) == (
        "农田建设服务中心",
        "岳阳县农业农村局",
    )
    assert project.money_unit == "万元"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        Decimal("854"),
        Decimal("854"),
        None,
    )
    assert project.purpose == "高标准农田建设400万元,示范建设295万元,畅通工程159万元"
    assert project.goals == ["完成项目主体工程70%"]
    assert rows(document) == [
        ("产出指标", "数量指标", "脱贫村村内道路硬化里程", "≥100公里"),
        ("产出指标", "数量指标", "脱贫户供水设施数量", "≥20座"),
        ("产出指标", "质量指标", "项目(工程)验收合格率", "100%"),
        ("产出指标", "时效指标", "项目(工程)完成及时率", "≥100%"),
        ("产出指标", "成本指标", "财政资金补助", "1600元/亩"),
        ("效益指标", "经济效益指标", "年增粮食", "3500公斤"),
        ("效益指标", "社会效益指标", "受益脱贫(监测)人口数", "≥500人"),
        ("效益指标", "社会效益指标", "解决脱贫(监测)饮水安全问题人数", "≥1000人"),
        ("效益指标", "生态效益指标", "新增和改善灌溉达标面积", "≥500亩"),
        ("效益指标", "生态效益指标", "新增和改善排水达标面积", "≥200亩"),
        ("效益指标", "可持续影响指标", "工程设计使用年限", "≥20年"),
        ("满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%"),
    ]
    categories = {(i.category.level1, i.category.level2) for i in project.indicators if i.category}
    assert ("效益指标", "可持续影响指标") in categories  # "可持续影响 / 指标" split across cells
    # the cells of a label broken at its line break are joined back as written
    assert project.indicators[-2].level2 == "可持续影响指标"


def test_the_huanwei_page_is_read_row_by_row() -> None:
    document = read_path(HUANWEI)
    assert (document.layout, document.year) == ("pipe-table", 2020)
    [project] = document.projects
    assert project.title == "抗疫特别国债项目绩效目标表(打捆项目)"
    assert project.name == "疫情期间区域病媒防治环境卫生清洁等费用"
    assert project.unit.name == "狗万客户端城市管理委员"  # as published (a mirror's spam name)
    assert (project.money_unit, project.budget.total) == ("万元", Decimal("5652"))
    assert len(project.goals) == 2  # "1.… 2.…" in one cell
    assert project.goals[1].startswith("工作由服务外包公司承担")
    assert rows(document)[0] == ("产出指标", "数量指标", "清扫保洁道路面积", "1346.0088万平方米")
    assert rows(document)[-1] == ("满意度指标", "服务对象满意度指标", "周围群众满意度", "≥90%")
    assert len(rows(document)) == 11
    assert [i.target.kind for i in project.indicators].count("period") == 2


def test_long_term_and_annual_columns_keep_the_annual_indicators() -> None:
    document = read_path(JIAOYU)
    [project] = document.projects
    assert (document.year, project.name) == (2020, "教育系统基础设施建设和设备购置")
    assert project.supervisor is not None
    assert (project.supervisor.code, project.supervisor.name) == ("015001", "武汉市青山区教育局")
    assert (project.budget.total, project.budget.fiscal) == (Decimal("10000"), Decimal("10000"))
    assert project.long_term_goals == [
        "优化教育布局,推进教育领域综合改革全面提升育人质量实现基础教育持续发展"
    ]
    assert project.goals == ["按工作计划完成教育局重点项目建设经费预算安排"]
    assert rows(document) == [
        ("产出指标", "数量指标", "重点建设工程安排数量", "2"),
        ("产出指标", "质量指标", "重点建设工程验收合格率", "100%"),
        ("产出指标", "成本指标", "建设项目成本", "参照政府采购成本控制"),
        ("产出指标", "时效指标", "重点建设工程按期完成率", "100%"),
        ("效益指标", "可持续影响指标", "基础教育巩固提高情况", "巩固提高"),
        ("效益指标", "社会效益指标", "基础教育学校办学条件", "持续改善"),
        ("满意度指标", "服务对象满意度指标", "学生、家长、社会满意度", "≥90%"),
    ]


def test_the_seed_stays_with_its_own_reader(seed_text: str) -> None:
    assert not cell_lines.looks_like(seed_text)
    assert not pipe_table.looks_like(seed_text)
    assert not pipe_table.looks_like(NONGTIAN.read_text(encoding="utf-8"))
    assert not cell_lines.looks_like(HUANWEI.read_text(encoding="utf-8"))


def problem(text: str) -> str:
    with pytest.raises(IngestError) as caught:
        read_text(text, "page.txt")
    return caught.value.message


def warnings(document: TargetDocument) -> list[str]:
    return [warning.text(document.source) for warning in document.warnings]


def test_a_table_cut_after_a_category_is_read_up_to_the_cut_with_a_warning() -> None:
    text = (CORPUS / "029_ningxia-yuanzhou-ziranziyuan-target.txt").read_text(encoding="utf-8")
    document = read_text(text, "page.txt")
    [project] = document.projects
    assert project.indicators[-1].name.startswith("提高森林生态系统服务功能")
    assert warnings(document)[-1] == (
        "page.txt 第28行（表「原州区2022年南部水源涵养林建设项目」，单元格「满意度指标」）："
        "表格在这个指标类别处中断，其下没有指标"
    )


def test_a_table_cut_after_an_indicator_name_keeps_the_name_and_says_where() -> None:
    lines = NONGTIAN.read_text(encoding="utf-8").split("\n")
    cut = "\n".join(lines[: lines.index("脱贫户供水设施数量") + 1])
    document = read_text(cut, "page.txt")
    last = document.projects[0].indicators[-1]
    assert (last.name, last.target.kind) == ("脱贫户供水设施数量", "empty")
    assert warnings(document) == [
        f"page.txt 第{lines.index('脱贫户供水设施数量') + 1}行（表「岳阳县2022年高标准农田建设项目」，"
        "单元格「脱贫户供水设施数量」）：指标行不完整，缺少指标值；表格可能在此处被截断"
    ]


def test_an_indicator_followed_by_a_category_is_kept_without_a_value() -> None:
    text = NONGTIAN.read_text(encoding="utf-8").replace("\n≥20座\n", "\n")
    document = read_text(text, "page.txt")
    names = [(i.name, i.target.raw) for i in document.projects[0].indicators]
    assert names[1:3] == [("脱贫户供水设施数量", ""), ("项目(工程)验收合格率", "100%")]
    assert len(names) == 12  # the row below is not lost
    assert "单元格「脱贫户供水设施数量」）：指标行不完整，缺少指标值" in warnings(document)[0]


def test_an_empty_value_at_the_end_of_a_row_is_kept_empty() -> None:
    text = HUANWEI.read_text(encoding="utf-8").replace("| 485条 |", "|  |")
    [project] = read_text(text, "page.txt").projects
    row = next(i for i in project.indicators if i.name == "清扫保洁道路条数")
    assert row.target.kind == "empty"


def test_a_column_this_reader_does_not_know_is_named_and_its_cells_kept_in_the_note() -> None:
    text = HUANWEI.read_text(encoding="utf-8").replace("| 指标值 | |", "| 指标值 | 责任科室 |")
    text = text.replace("| 485条 |", "| 485条 | 环卫科 |")
    document = read_text(text, "page.txt")
    row = next(i for i in document.projects[0].indicators if i.name == "清扫保洁道路条数")
    assert (row.target.raw, row.note) == ("485条", "责任科室：环卫科")
    assert any(
        warning.startswith(
            "page.txt 第10行（表「疫情期间区域病媒防治环境卫生清洁等费用」，单元格「责任科室」）："
            "绩效指标表的这一列未能识别"
        )
        for warning in warnings(document)
    )


def test_an_amount_that_is_not_a_number_is_refused_with_its_line() -> None:
    lines = NONGTIAN.read_text(encoding="utf-8").split("\n")
    at = lines.index("年度资金总额:") + 2
    lines[at] = "详见附表"
    assert problem("\n".join(lines)) == (
        f"page.txt 第{at + 1}行：金额「详见附表」不是数字；应为如 854 或 854万元 的金额。"
    )


def test_a_form_without_a_project_name_is_refused_saying_what_was_found() -> None:
    text = NONGTIAN.read_text(encoding="utf-8").replace(
        "项目名称\n\n岳阳县2022年高标准农田建设项目\n", ""
    )
    with pytest.raises(IngestError) as caught:
        cell_lines.read(text, "page.txt")
    assert caught.value.message.startswith(
        "page.txt 第45行：未能识别为绩效目标表或自评表：缺少「项目名称」（已识别：项目负责人及电话、主管部门、实施单位、"
    )
    assert "绩效指标表（一级指标）" in caught.value.message


def test_a_form_without_a_project_name_is_no_known_layout() -> None:
    text = NONGTIAN.read_text(encoding="utf-8").replace(
        "项目名称\n\n岳阳县2022年高标准农田建设项目\n", ""
    )
    assert "无法识别的版式" in problem(text)  # without 项目名称 it is no such form at all


VOCABULARY = [
    "项目名称", "主管部门", "实施单位", "年度资金总额:", "其中:财政拨款", "其他资金", "总体目标",
    "年度目标", "中期目标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标(年度)",
    "三级指标(长期)", "产出指标", "数量指标", "效益指标", "经济效益", "指标", "满意度指标",
    "服务对象满意度指标", "≥95%", "854万(建设400万元)", "10000万元", "(2022年度)", "注:说明",
    "培训人次", "", " ", "[015001]某局", "指标性质", "x|y", "?? 绩 效 ??",
]  # fmt: skip


CELLS = st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=8), max_size=40)


@given(CELLS, CELLS, st.sampled_from(["\n\n", " |\n", " | "]))
@settings(max_examples=400, deadline=None)
def test_any_arrangement_of_cells_reads_or_says_why(
    header: list[str], grid: list[str], joint: str
) -> None:
    text = joint.join(["项目名称", *header, "一级指标", *grid]) + joint
    try:
        document = read_text(text, "fuzz.txt")
    except IngestError as error:
        message = error.message
    else:
        assert document.projects[0].indicators or document.warnings
        return
    assert message.startswith("fuzz.txt")
