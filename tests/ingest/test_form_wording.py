"""How forms word what `cell_form` reads, across layouts: labels written with spaces between
their characters, money split by level of government (中央资金 / 省级资金 / 地方资金 …) or into
numbered parts under a 年度资金总额 that heads a column, and the local names of the project and
the unit (政策(项目)名称, 资金名称, 填报单位, 申报单位).

Each is pinned on the real page that showed it and on a second, differently written form (another
layout, other wording), since unseen forms of the same kind are read by the same code.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Budget, Organisation, Project
from jixiao.ingest import cell_lines, detect, flat_text, read_bytes, read_text, spaced_rows
from jixiao.ingest.cell_vocabulary import LEVEL, fiscal_level, label_kind

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


def page(number: str) -> Project:
    path = next(CORPUS.glob(f"{number}_*.txt"))
    document = read_bytes(path.read_bytes(), path.name)
    assert len(document.projects) == 1
    return document.projects[0]


def cell_lines_form(*cells: str) -> str:
    """A form as a web page's cells, a cell per line between blank lines."""
    return "\n\n".join(cells) + "\n"


def only(text: str) -> Project:
    document = read_text(text, "page.txt")
    assert len(document.projects) == 1, document.warnings
    return document.projects[0]


# labels written with spaces between their characters


def test_a_spaced_goal_label_in_a_cell_reads_its_goal_on_the_corpus_pages() -> None:
    assert page("034").goals == ["开展7个小型水利工程建设"]  # 总 体 目 标 |
    assert page("047").goals[0].startswith("针对当前城乡居民存在的主要健康问题")  # 总体 目标


SPACED_ROWS = (
    "项目支出绩效目标表\n"
    "项 目 名 称 乡村道路养护\n"
    "主 管 部 门 某县交通运输局\n"
    "实 施 单 位 某县公路事务中心\n"
    "年 度 资 金 总 额 120 其 中 ： 财 政 拨 款 100 其 他 资 金 20\n"
    "总 体 目 标 养护农村公路 300 公里\n"
    "一 级 指 标 二 级 指 标 三 级 指 标 指 标 值\n"
    "产 出 指 标 数 量 指 标 养护里程 ≥300公里\n"
    "满意度指标 服务对象满意度指标 群众满意度 ≥90%\n"
)


def test_spaced_labels_in_space_separated_rows_are_the_forms_labels() -> None:
    assert spaced_rows.looks_like(SPACED_ROWS)
    project = only(SPACED_ROWS)
    assert project.name == "乡村道路养护"
    assert project.supervisor is not None
    assert project.supervisor.name == "某县交通运输局"
    assert project.unit.name == "某县公路事务中心"
    assert project.budget == Budget(total=Decimal(120), fiscal=Decimal(100), other=Decimal(20))
    assert project.goals == ["养护农村公路 300 公里"]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("产出指标", "数量指标", "养护里程", "≥300公里"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]


def test_labels_spaced_with_ideographic_spaces_are_recognised_and_end_the_grid() -> None:
    text = cell_lines_form(
        "项　目　名　称", "社区养老服务", "实　施　单　位", "某街道办事处",
        "资　金　总　额", "50", "总　体　目　标", "为 200 名老人提供居家养老服务",
        "一　级　指　标", "二级指标", "三级指标", "指标值",
        "产出指标", "数量指标", "服务老人数", "≥200人",
        "填　表　人：张三", "联系电话 1234",
    )  # fmt: skip
    assert cell_lines.looks_like(text)
    project = only(text)
    assert (project.name, project.unit.name, project.budget.total) == (
        "社区养老服务", "某街道办事处", Decimal(50),
    )  # fmt: skip
    assert project.goals == ["为 200 名老人提供居家养老服务"]
    assert [i.name for i in project.indicators] == ["服务老人数"]  # the signature line is none


def test_a_flattened_form_with_spaced_labels_reads_its_cells() -> None:
    text = (
        "某市财政局 2024 年度项目支出绩效目标表 "
        "项 目 名 称 委托业务项目 主 管 部 门 某市财政局 实 施 单 位 某市财政评审中心 "
        "年 度 资 金 总 额 30 资 金 用 途 委托第三方机构开展财政投资项目预算评审及绩效评价 "
        "一 级 指 标 二级指标 三级指标 指标值 "
        "产出指标 数量指标 评审项目数 ≥40个 质量指标 评审报告合格率 100% "
        "满意度指标 服务对象满意度指标 委托单位满意度 ≥95%\n"
    )
    assert len(text) >= 200
    assert flat_text.looks_like(text)
    project = only(text)
    assert (project.name, project.unit.name, project.budget.total) == (
        "委托业务项目", "某市财政评审中心", Decimal(30),
    )  # fmt: skip
    assert project.purpose == "委托第三方机构开展财政投资项目预算评审及绩效评价"
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("数量指标", "评审项目数", "≥40个"),
        ("质量指标", "评审报告合格率", "100%"),
        ("服务对象满意度指标", "委托单位满意度", "≥95%"),
    ]


def test_spaced_words_join_only_into_a_label_and_two_labels_stay_two() -> None:
    known = spaced_rows._known  # the labels and categories the spaced rows know
    assert detect.join_spaced(["总", "体", "目", "标", "开展", "7", "个"], known) == [
        "总体目标", "开展", "7", "个",
    ]  # fmt: skip
    assert detect.join_spaced(["产出指标", "数量指标", "培训", "人次", "100"], known) == [
        "产出指标", "数量指标", "培训", "人次", "100",
    ]  # fmt: skip
    # a long run of short words is scanned once (a label has at most a dozen pieces)
    assert len(detect.join_spaced(["字"] * 50_000, known)) == 50_000


# money by level of government, and parts under a total that heads a column


def test_levels_of_fiscal_money_make_the_fiscal_amount_of_the_corpus_self_evaluation() -> None:
    project = page("067")  # 其中:中央资金 871 | 省级资金 0 | 地方资金 1509.91 | 其他资金 0
    assert project.budget == Budget(
        total=Decimal("2380.91"), fiscal=Decimal("2380.91"), other=Decimal(0)
    )
    assert project.evaluation is not None
    assert [(f.label, f.full_year_budget) for f in project.evaluation.funds] == [
        ("年度资金总额", Decimal("2380.91")),
        ("其中:中央资金", Decimal(871)),
        ("省级资金", Decimal(0)),
        ("地方资金", Decimal("1509.91")),
        ("其他资金", Decimal(0)),
    ]


def test_levels_in_a_pipe_self_evaluation_are_its_fiscal_money_row_by_row() -> None:
    text = (
        "项目名称 | 农村饮水维修养护 | | |\n"
        "实施单位 | 某县水务局 | | |\n"
        "项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 执行率\n"
        "年度资金总额 | 80 | 85 | 85 | 100%\n"
        "其中：上级补助 | 50 | 50 | 50 | 100%\n"
        "本级资金 | 30 | 35 | 35 | 100%\n"
        "其他资金 | 0 | 0 | 0 | \n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值\n"
        "产出指标 | 数量指标 | 维修工程处数 | 12处 | 12处\n"
    )
    project = only(text)
    assert project.budget == Budget(total=Decimal(85), fiscal=Decimal(85), other=Decimal(0))
    assert project.evaluation is not None
    assert [(f.label, f.initial_budget, f.executed) for f in project.evaluation.funds] == [
        ("年度资金总额", Decimal(80), Decimal(85)),
        ("其中：上级补助", Decimal(50), Decimal(50)),
        ("本级资金", Decimal(30), Decimal(35)),
        ("其他资金", Decimal(0), Decimal(0)),
    ]


def test_numbered_levels_in_a_target_form_sum_into_its_fiscal_money() -> None:
    project = page("028")  # 其中:1.中央资金 (blank) 2.市级资金 153.5184 3.区级资金 (blank)
    assert project.budget == Budget(total=Decimal("153.5184"), fiscal=Decimal("153.5184"))
    text = cell_lines_form(
        "项目名称", "森林防火能力建设", "实施单位", "某区林业局",
        "年度资金总额", "90", "其中：1、中央资金", "40", "2、省级资金", "20",
        "3、县级资金", "30", "地方资金/其他", "5",  # a mixed row is no level's money
        "一级指标", "二级指标", "三级指标", "指标值",
        "产出指标", "数量指标", "防火设备购置数", "≥10台",
    )  # fmt: skip
    assert only(text).budget == Budget(total=Decimal(90), fiscal=Decimal(90))


def test_a_written_fiscal_amount_wins_over_its_levels() -> None:
    text = cell_lines_form(
        "项目名称", "污水管网改造", "实施单位", "某县住建局",
        "资金总额", "100", "其中：财政拨款", "70", "中央资金", "60", "省级资金", "40",
        "一级指标", "二级指标", "三级指标", "指标值",
        "产出指标", "数量指标", "改造管网长度", "≥5公里",
    )  # fmt: skip
    assert only(text).budget == Budget(total=Decimal(100), fiscal=Decimal(70))


@pytest.mark.parametrize(
    ("key", "level"),
    [
        ("中央资金", True), ("省级补助", True), ("市级财政资金", True), ("地方资金", True),
        ("本级资金", True), ("上级补助", True), ("中央、省补助", True), ("县级财政拨款", True),
        ("地方资金/其他", False), ("单位资金", False), ("上年结转资金", False),
        ("财政资金", False), ("省级自然保护区补助", False),
    ],
)  # fmt: skip
def test_a_level_of_government_is_told_by_its_words(key: str, level: bool) -> None:
    assert fiscal_level(key) is level


def test_money_labels_are_known_with_their_number_and_qizhong() -> None:
    """其中 and a number before a money label are dropped."""
    assert label_kind("其中1.中央资金") == LEVEL
    assert label_kind("2、市级资金") == LEVEL
    assert label_kind("4.其他资金") == "other"
    assert label_kind("其中财政拨款") == "fiscal"
    assert label_kind("1.项目年度目标完成情况") == "section"  # not a money row: as listed
    assert label_kind("一般公共预算") is None


def test_parts_under_a_total_that_heads_a_column_make_the_total_of_the_corpus_page() -> None:
    project = page("037")  # 年度资金总额 | 金额(万元); (一)财政拨款小计 6.30 … (三)其他收入 0.00
    assert project.budget == Budget(
        total=Decimal("6.30"), fiscal=Decimal("6.30"), other=Decimal("0.00")
    )


ALLOCATION = (
    "项目名称 | 基层医疗机构能力提升 |\n"
    "预算单位 | 某区卫生健康局 |\n"
    "项目资金（万元） | 年度资金总额 | 金额（万元）\n"
    "（一）财政拨款 | 12.50 |\n"
    "1、一般公共预算 | 10.00 |\n"
    "2、政府性基金 | 2.50 |\n"
    "（二）单位自有资金 | 1.20 |\n"
    "（三）其他收入 | 0.30 |\n"
    "年度目标 | 完成 5 家卫生院设备更新 |\n"
    "一级指标 | 二级指标 | 三级指标 | 指标值\n"
    "产出指标 | 数量指标 | 设备更新卫生院数 | 5家\n"
)


def test_parts_in_a_pipe_form_make_its_total_and_other_money() -> None:
    project = only(ALLOCATION)
    assert project.budget == Budget(
        total=Decimal("14.00"), fiscal=Decimal("12.50"), other=Decimal("1.50")
    )
    assert project.money_unit == "万元"


def test_parts_without_all_their_amounts_give_no_total() -> None:
    text = ALLOCATION.replace("（三）其他收入 | 0.30 |", "（三）其他收入 | |")
    assert only(text).budget == Budget(fiscal=Decimal("12.50"))


# local names of the project and the unit


FUND_PAGE = (  # 033 of the shared corpus, its form's head as published (the page stops below)
    "附件 |\n"
    "|||||||||\n"
    "陈仓区2024年省级财政衔接推进乡村振兴补助资金(欠发达国有 | |||||||||\n"
    "资金名称 |\n"
    "省级财政衔接推进乡村振兴补助资金(欠发达国有林场巩固提升任务) | ||||||||\n"
    "区级主管单位 |\n"
    "陈仓区林业局 |\n"
    "实施单位 |\n"
    "陈仓区冯家河林场 | ||||||\n"
    "资金金额(万元) |\n"
    "年底金额(万元) |\n"
    "120 | |||||||\n"
    "其中:省级补助 |\n"
    "120 | ||||||||\n"
    "其他 |\n"
    "|||||||||\n"
)


def test_local_names_of_the_project_on_the_corpus_pages() -> None:
    policy = page("016")  # 政策(项目)名称 | 项目主管部门 | 资金使用单位
    assert (policy.name, policy.unit.name) == ("人大代表之家建设", "梓潼县人大常委会办公室")
    assert policy.supervisor is not None
    assert policy.supervisor.name == "梓潼县人大常委会办公室"
    assert policy.budget == Budget(total=Decimal(40), fiscal=Decimal(40))  # 县级财政资金 40
    fund = only(FUND_PAGE)  # 资金名称 | 区级主管单位 | 实施单位 | 其中:省级补助 120
    assert fund.name == "省级财政衔接推进乡村振兴补助资金(欠发达国有林场巩固提升任务)"
    assert fund.supervisor is not None
    assert fund.supervisor.name == "陈仓区林业局"
    assert fund.budget.fiscal == Decimal(120)


def test_the_filing_unit_is_the_unit_where_no_implementing_unit_is_named() -> None:
    text = (
        "资金名称 | 农业生产发展资金 | 填报单位 | 某县农业农村局\n"
        "资金总额 | 300 | 其中：财政拨款 | 300\n"
        "一级指标 | 二级指标 | 三级指标 | 指标值\n"
        "产出指标 | 数量指标 | 补助农户数 | ≥1000户\n"
        "效益指标 | 经济效益指标 | 农户增收 | ≥500元\n"
        "满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90%\n"
    )
    project = only(text)
    assert (project.name, project.unit.name) == ("农业生产发展资金", "某县农业农村局")
    both = text.replace(
        "资金名称 | 农业生产发展资金 | 填报单位 | 某县农业农村局",
        "政策（项目）名称 | 耕地地力保护\n申报单位 | 某县农业农村局 | 实施单位 | 某县农技推广中心",
    )
    project = only(both)  # the implementing unit, whichever comes first
    assert (project.name, project.unit.name) == ("耕地地力保护", "某县农技推广中心")


def test_of_supervisors_at_several_levels_the_one_nearest_the_unit_is_kept() -> None:
    text = cell_lines_form(
        "项目名称", "农村饮水安全巩固提升", "省级主管部门", "某省水利厅",
        "市级主管部门", "某市水利局", "县级主管部门", "某县水利局",
        "资金总额", "500", "一级指标", "二级指标", "三级指标", "指标值",
        "产出指标", "数量指标", "受益人口", "≥9200人",
        "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%",
    )  # fmt: skip
    document = read_text(text, "page.txt")
    project = document.projects[0]
    assert project.supervisor is not None
    assert project.supervisor.name == "某县水利局"
    assert project.unit.name == "某县水利局"  # no 实施单位: the supervisor, with a warning
    assert [w.message for w in document.warnings] == ["表中没有实施单位，以主管部门作为实施单位"]
    named = text.replace("资金总额", "主管部门\n\n某县人民政府\n\n资金总额")
    assert only(named).supervisor == Organisation(name="某县人民政府")  # no level: as written


def test_a_word_table_with_spaced_labels_a_fund_name_and_levels_is_read_as_the_form() -> None:
    import docx  # python-docx: the file is made as Word makes it

    word = docx.Document()
    word.add_paragraph("2024年度项目支出绩效目标表")
    rows = [
        ["资 金 名 称", "农业生产发展资金", "", ""],
        ["实 施 单 位", "某县农业农村局", "", ""],
        ["资 金 总 额", "300", "其中：中央资金", "200"],
        ["省级资金", "100", "", ""],
        ["总 体 目 标", "完成补助发放", "", ""],
        ["一 级 指 标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "补助农户数", "≥1000户"],
        ["满意度指标", "服务对象满意度指标", "农户满意度", "≥90%"],
    ]
    table = word.add_table(rows=len(rows), cols=4)
    for number, row in enumerate(rows):
        for column, text in enumerate(row):
            table.cell(number, column).text = text
    data = io.BytesIO()
    word.save(data)
    document = read_bytes(data.getvalue(), "funds.docx")
    assert document.layout == "docx/form"
    project = document.projects[0]
    assert (project.name, project.unit.name, project.year) == (
        "农业生产发展资金", "某县农业农村局", 2024,
    )  # fmt: skip
    assert project.budget == Budget(total=Decimal(300), fiscal=Decimal(300))
    assert project.goals == ["完成补助发放"]
    assert [(i.name, i.target.raw) for i in project.indicators] == [
        ("补助农户数", "≥1000户"), ("农户满意度", "≥90%"),
    ]  # fmt: skip
    assert document.warnings == []
