"""glued-text: a form flattened into one line with its cells run together (or with spaces but a
wider grid than flat-text reads), read by the form's own labels and the values' shape.

The real pages are copied unchanged from ../shared/corpus into tests/fixtures/corpus; their whole
models are pinned in expected/<page>.json (test_corpus_expected.py); here each rule is pinned on
the lines that show it and on small texts made for it.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Budget, TargetDocument
from jixiao.ingest import IngestError, cell_lines, flat_text, glued_text, read_text
from jixiao.ingest.cell_grid import column_fields
from tests.ingest.test_pathological import seeds

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
TANGXI = CORPUS / "001_chizhou-guichi-tangxi-selfeval.txt"  # spaced, eight-column grid
CUNJI = CORPUS / "014_chizhou-guichi-tangxi-cunji-selfeval.txt"
CHUBEILIANG = CORPUS / "017_hunan-hengshan-liangshi-chubeiliang-selfeval.txt"  # 3 chunks
LINYE = CORPUS / "027_sichuan-nanjiang-linye-quyu-target.txt"  # notice, 分配表, then the form
BOWUGUAN = CORPUS / "050_gansu-jiayuguan-wenlv-bowuguan-target-ocr.txt"  # two forms
MIANYI = CORPUS / "054_fujian-anxi-nongye-qiangzhimianyi-target.txt"
NONGTIAN = CORPUS / "042_hunan-yueyangxian-gaobiaozhunnongtian-target.txt"


def read(path: Path) -> TargetDocument:
    return read_text(path.read_text(encoding="utf-8"), path.name)


def rows(document: TargetDocument, project: int = 0) -> list[tuple[str | None, ...]]:
    return [
        (i.level1, i.level2, i.name, i.target.raw, i.actual.raw if i.actual else None)
        for i in document.projects[project].indicators
    ]


def messages(document: TargetDocument) -> list[str]:
    return [warning.message for warning in document.warnings]


PAGE = "全文预览已结束\n下载本文档\n"
"""A document site's own lines before the form, which are no part of it."""
HEADER = (
    "项目支出绩效目标表(2023年度)项目名称乡村道路日常养护项目属性延续项目主管部门某县交通运输局"
    "主管部门编码101实施单位某县公路事务中心年度资金总额50万元财政拨款50万元其他资金0万元"
    "年度目标完成全县乡村道路日常养护,保障群众安全出行"
)
GRID = (
    "一级指标二级指标三级指标指标值产出指标数量指标养护道路里程≥20公里养护桥梁数量=3座"
    "质量指标养护验收合格率≥95%时效指标养护任务完成及时率100%成本指标养护成本≤50万元"
    "效益指标社会效益指标群众出行条件改善可持续影响指标道路使用年限延长≥2年"
    "满意度指标服务对象满意度指标群众满意度≥90%"
)


def form(header: str = HEADER, grid: str = GRID, after: str = "注:本表由实施单位填报") -> str:
    return PAGE + header + grid + after + "\n"


# the header: labels within the text, longest first


def test_a_glued_form_reads_its_header_between_its_labels() -> None:
    document = read_text(form(), "page.txt")
    assert document.layout == "glued-text"
    [project] = document.projects
    assert project.title == "项目支出绩效目标表(2023年度)"
    assert project.year == 2023
    assert project.name == "乡村道路日常养护"
    # 主管部门编码 is a label of its own after 主管部门, not part of its value
    assert project.supervisor is not None
    assert project.supervisor.name == "某县交通运输局"
    assert project.unit.name == "某县公路事务中心"
    assert project.money_unit == "万元"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        Decimal("50"), Decimal("50"), Decimal("0"),
    )  # fmt: skip
    assert project.goals == ["完成全县乡村道路日常养护,保障群众安全出行"]
    assert document.warnings == []


def test_the_longest_label_wins_where_one_holds_another() -> None:
    text = form(HEADER.replace("项目名称", "专项资金名称"))
    [project] = read_text(text, "page.txt").projects
    assert project.name == "乡村道路日常养护"  # not 资金名称 after a stray 专项


def test_a_label_noted_in_brackets_keeps_its_note_and_the_value_follows() -> None:
    text = form(
        HEADER.replace("主管部门某县", "主管部门(单位)名称某县").replace("主管部门编码101", "")
    )
    [project] = read_text(text, "page.txt").projects
    assert project.supervisor is not None
    assert project.supervisor.name == "某县交通运输局"


def test_the_pages_own_text_before_the_form_is_passed_over() -> None:
    notice = "各乡镇:现将资金下达给你们,项目单位请按时报送。附件:" + "资金分配表" * 30
    document = read_text(form(header=notice + HEADER), "page.txt")
    [project] = document.projects
    assert project.name == "乡村道路日常养护"
    assert project.unit.name == "某县公路事务中心"  # the notice's 项目单位 is not the form's


def test_a_label_that_may_begin_a_character_later_is_warned_of() -> None:
    header = HEADER.replace("项目属性延续项目主管部门", "资金用途业务类项目主管部门")
    document = read_text(form(header), "page.txt")
    assert document.projects[0].purpose == "业务类"
    assert messages(document) == [
        "整张表压成了一行，「业务类项目主管部门」可以读作「业务类」+「项目主管部门」，"
        "也可以读作「业务类项目」+「主管部门」，按前者读入，请核对"
    ]
    assert document.warnings[0].line == 3
    assert document.warnings[0].table == "乡村道路日常养护"


# the grid: categories by the framework's names, values by their shape


def test_a_glued_grid_splits_each_name_from_its_value_by_the_values_shape() -> None:
    assert rows(read_text(form(), "page.txt")) == [
        ("产出指标", "数量指标", "养护道路里程", "≥20公里", None),
        ("产出指标", "数量指标", "养护桥梁数量", "=3座", None),
        ("产出指标", "质量指标", "养护验收合格率", "≥95%", None),
        ("产出指标", "时效指标", "养护任务完成及时率", "100%", None),
        ("产出指标", "成本指标", "养护成本", "≤50万元", None),
        # a qualitative value ends its segment in a grid of one value column
        ("效益指标", "社会效益指标", "群众出行条件", "改善", None),
        ("效益指标", "可持续影响指标", "道路使用年限延长", "≥2年", None),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", None),
    ]


def test_a_number_within_a_name_is_no_value() -> None:
    # at the name's start and after 、 a number is the name's (5000吨稻谷、500吨成品粮…)
    assert rows(read(CHUBEILIANG))[:2] == [
        ("产出指标", "数量指标", "5000吨稻谷、500吨成品粮储备到位率", "100%", "100%"),
        ("产出指标", "数量指标", "库存数量真实率", "100%", "100%"),
    ]


def test_a_row_that_cannot_be_split_is_kept_with_a_warning_naming_its_text() -> None:
    grid = GRID.replace("群众出行条件改善", "为当地提供就业岗位增加岗位")
    document = read_text(form(grid=grid), "page.txt")
    kept = next(i for i in document.projects[0].indicators if i.level2 == "社会效益指标")
    assert (kept.name, kept.target.raw) == ("为当地提供就业岗位增加岗位", "")
    [warning, *_] = document.warnings
    assert warning.message == (
        "整张表压成了一行，「为当地提供就业岗位增加岗位」分不清指标名称和指标值，整段作为指标名称读入"
    )
    assert (warning.line, warning.table, warning.cell) == (
        3, "乡村道路日常养护", "为当地提供就业岗位增加岗位",
    )  # fmt: skip


SELFEVAL = (
    "2022年度项目支出绩效自评表专项资金名称农村公路养护补助县级主管部门某县交通运输局"
    "实施单位某县公路事务中心项目资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)"
    "年度资金总额120.5120.5100%其中:中央、省、市补助县级资金120.5120.5100%其他资金"
)
SELF_GRID = (
    "一级指标二级指标三级指标年度指标值全年完成值未完成原因和改进措施产出指标数量指标"
    "养护道路里程≥20公里22公里养护桥梁数量=3座3座质量指标养护验收合格率≥95%98%"
    "效益指标社会效益指标群众出行事故发生数0起0起满意度指标服务对象满意度指标群众满意度≥90%95%"
)


def test_values_run_together_are_the_target_and_the_achieved_value() -> None:
    document = read_text(form(SELFEVAL, SELF_GRID), "page.txt")
    assert rows(document) == [
        ("产出指标", "数量指标", "养护道路里程", "≥20公里", "22公里"),
        ("产出指标", "数量指标", "养护桥梁数量", "=3座", "3座"),
        ("产出指标", "质量指标", "养护验收合格率", "≥95%", "98%"),
        ("效益指标", "社会效益指标", "群众出行事故发生数", "0起", "0起"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%"),
    ]
    assert document.warnings == []


def test_numbers_run_together_are_split_where_only_one_split_makes_the_rate() -> None:
    document = read_text(form(SELFEVAL, SELF_GRID), "page.txt")
    [project] = document.projects
    assert project.evaluation is not None
    [total, levels, other] = project.evaluation.funds
    # 120.5120.5100%: 120.5 | 12 | 0.5100% has no rate of 9.96%, 120.5120 | .5100% is no number
    assert (total.full_year_budget, total.executed, total.rate) == (
        Decimal("120.5"), Decimal("120.5"), Decimal("100"),
    )  # fmt: skip
    assert (levels.label, levels.executed) == ("其中:中央、省、市补助县级资金", Decimal("120.5"))
    assert (other.label, other.executed) == ("其他资金", None)


def test_numbers_run_together_that_two_rates_fit_are_warned_of() -> None:
    # 120 | 120 | 100%, or 1201201 | 0 | 0%: both are a rate of the budget
    header = SELFEVAL.replace("年度资金总额120.5120.5100%", "年度资金总额120120100%")
    document = read_text(form(header, SELF_GRID), "page.txt")
    assert messages(document)[0] == (
        "整张表压成了一行，「年度资金总额」一行的数字「120120100%」连在一起，分不清各列的数，未读入"
    )


def test_numbers_run_together_that_no_rate_decides_are_warned_of_not_guessed() -> None:
    header = SELFEVAL.replace("年度资金总额120.5120.5100%", "年度资金总额120120")
    document = read_text(form(header, SELF_GRID), "page.txt")
    assert document.projects[0].evaluation is not None
    total = document.projects[0].evaluation.funds[0]
    assert (total.full_year_budget, total.executed) == (None, None)
    assert messages(document)[0] == (
        "整张表压成了一行，「年度资金总额」一行的数字「120120」连在一起，分不清各列的数，未读入"
    )


def test_text_after_a_rows_values_that_may_be_its_own_is_warned_of() -> None:
    grid = SELF_GRID.replace("养护验收合格率≥95%98%", "养护验收合格率≥95%未验收资料缺失")
    document = read_text(form(SELFEVAL, grid), "page.txt")
    kept = next(i for i in document.projects[0].indicators if i.name == "养护验收合格率")
    assert (kept.target.raw, kept.actual) == ("≥95%", None)
    assert (
        "整张表压成了一行，指标「养护验收合格率」之后的「未验收资料缺失」分不清是完成值、偏差原因"
        "还是下一个指标，未读入"
    ) in messages(document)


def test_goals_side_by_side_run_together_are_warned_of_not_shared_out() -> None:
    header = SELFEVAL + "年度总体目标年初设定目标全年实际完成情况保障道路畅通道路全部畅通"
    document = read_text(form(header, SELF_GRID), "page.txt")
    [project] = document.projects
    assert project.goals == []
    assert project.evaluation is not None
    assert project.evaluation.goal_achieved is None
    assert messages(document)[0] == (
        "整张表压成了一行，「年度总体目标」「年初设定目标」「全年实际完成情况」并排，"
        "其后的文字分不出各自的内容，未读入：保障道路畅通道路全部畅通"
    )


# real pages


def test_a_spaced_self_evaluation_reads_its_eight_columns_a_word_a_cell() -> None:
    document = read(TANGXI)
    assert document.layout == "glued-text"
    [project] = document.projects
    assert project.name == "委托业务项目"  # 项目 is the name's: labels start words here
    first, third = project.indicators[0], project.indicators[2]
    assert (first.name, first.target.raw, first.actual and first.actual.raw) == (
        "基建工程委托业务项目数量", "≥50个", "50",
    )  # fmt: skip
    assert (first.weight, first.score) == (Decimal("8"), Decimal("8"))
    assert (third.name, third.target.raw, third.actual and third.actual.raw) == (
        "经费支出合规性", "严格执行相关制度规定", "达成预期指标",
    )  # fmt: skip
    assert project.goals[0].startswith("本项目共申请预算资金90万元。")
    assert project.evaluation is not None
    assert project.evaluation.goal_achieved is not None
    assert project.evaluation.goal_achieved.startswith("本项目共完成预算资金89.97万元。")


def test_a_dotted_leader_between_goals_is_no_goal() -> None:
    [project] = read(CUNJI).projects
    assert project.goals[0].endswith("村级工作目标奖励100000元。")
    assert project.evaluation is not None
    assert project.evaluation.goal_achieved is not None
    assert project.evaluation.goal_achieved.startswith("本项目共完成预算资金1329120.67元")


def test_a_document_sites_chunk_numbers_are_no_part_of_the_cells() -> None:
    document = read(CHUBEILIANG)
    names = [i.name for i in document.projects[0].indicators]
    assert "库存数量真实率" in names  # "100%\n2、100%" is 100% | 100%
    assert all("2、" not in name and "3、" not in name for name in names)


def test_two_forms_in_one_line_are_two_projects() -> None:
    document = read(BOWUGUAN)
    assert [p.name for p in document.projects] == [
        "博物馆纪念馆市级免费开放补助资金",
        "博物馆提升改造项目",
    ]
    assert [p.title for p in document.projects] == [
        "省级部门预算项目支出绩效目标表(2023年度)",
        "省级部门预算项目支出绩效目标表2023年度",
    ]
    assert len(document.projects[0].indicators) == 10
    assert document.projects[1].indicators == []
    # 成本指标 then 经济成本指标: the 一级 of the newer framework, not 产出指标's 成本指标
    cost = document.projects[0].indicators[3]
    assert (cost.level1, cost.level2, cost.name, cost.target.raw) == (
        "成本指标", "经济成本指标", "资金使用效率二", "100百分比",
    )  # fmt: skip


def test_a_page_cut_within_a_cell_leaves_the_cell_out_and_says_so_last() -> None:
    document = read(MIANYI)
    assert document.projects[0].goals == []  # 按照国家及我省动物疫病强制免疫计划… is cut
    last = document.warnings[-1]
    assert last.message == (
        "文件在这一单元格中途结束，其内容可能不完整，未读入；其后的内容缺失，请取得完整的表格后核对"
    )
    assert (last.line, last.cell) == (4, "按照国家及我省动物疫病强制免疫计划")


def test_a_notice_and_an_allocation_table_before_the_form_are_passed_over() -> None:
    [project] = read(LINYE).projects
    assert project.name == "省级财政林业草原专项资金(天然林保护、林业草原支撑保障体系建设)"
    assert project.unit.name == "南江县林业局"  # not the 分配表's 预算单位 row
    assert project.budget.total == Decimal("158.18")


# which layout claims what


def test_glued_text_claims_what_flat_text_cannot_read_and_leaves_it_the_rest() -> None:
    for path in (TANGXI, CUNJI, CHUBEILIANG, LINYE, BOWUGUAN, MIANYI):
        assert glued_text.looks_like(path.read_text(encoding="utf-8")), path.name
    # a four-column form flattened with spaces stays flat-text's
    cells = [cell.text for cell in cell_lines.cells(NONGTIAN.read_text(encoding="utf-8"))]
    flattened = "文档简介\n" + " ".join(cell for cell in cells[2:] if cell) + "\n"
    assert flat_text.looks_like(flattened)
    assert not glued_text.looks_like(flattened)
    assert not glued_text.looks_like(NONGTIAN.read_text(encoding="utf-8"))


def test_a_form_whose_header_names_no_unit_is_read_with_the_unit_left_empty() -> None:
    """Nothing else of the table is lost; the import refuses it until a unit is written."""
    header = HEADER.replace("主管部门某县交通运输局主管部门编码101", "")
    header = header.replace("实施单位某县公路事务中心", "")
    document = read_text(form(header), "page.txt")
    (project,) = document.projects
    assert (project.unit.code, project.unit.name, project.supervisor) == (None, "", None)
    assert project.indicators
    (warning,) = [w for w in document.warnings if "实施单位" in w.message]
    assert warning.message == (
        "表中没有实施单位，也没有主管部门，预算单位留空；导入前请在表中写明实施单位"
    )
    assert warning.cell == "项目名称"


GLUED_HUGE = {
    "a line of labels": "项目名称" + "主管部门实施单位" * 1_200,
    "a line of categories": "项目名称x主管部门y一级指标二级指标三级指标指标值" + "数量指标" * 2_300,
    "a line of values": "项目名称x主管部门y一级指标二级指标三级指标指标值产出指标" + "1%" * 4_500,
    "a line of digits in a money block": "项目名称x主管部门y全年预算数全年执行数执行率年度资金总额"
    + "9" * 9_000,
    "a line of brackets": "项目名称x主管部门y" + "(单位" * 3_000,
    "chunks after the form": "1、项目名称x主管部门y"
    + "z" * 300
    + "".join(f"\n{n}、a" for n in range(2, 20_000)),
}


@pytest.mark.parametrize("name", sorted(GLUED_HUGE))
def test_glued_text_is_read_at_the_speed_of_its_size(name: str) -> None:
    text = GLUED_HUGE[name]
    assert seeds(lambda: glued_text.looks_like(text)) < 100, name

    def read_quietly() -> None:
        with contextlib.suppress(IngestError):
            read_text(text, "huge.txt")

    assert seeds(read_quietly) < 1000, name


# a Hubei self-evaluation (010, 025): 预算数(A) | 执行数(B) | 执行率(B/A) | 得分, a grid per goal
# with a 得分 column, or a 未完成原因及改进措施 column written the same in every row

HUBEI = (
    "2020年度水土保持监测项目绩效自评表单位名称:某市水利科研所 填报日期:2021年3月10日"
    "项目名称水土保持监测主管部门某市水利局项目实施单位本单位项目类别1、上级专项 2、本级专项 "
    "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)"
    "年度财政资金总额1010100%20"
)
HUBEI_GRID = (
    "年度绩效目标1(40分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
    "产出指标质量指标监测数据合格率100%100%10进度指标资料上报及时率100%95%9.5"
    "年度绩效目标2(40分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
    "产出指标数量指标监测站点数≥5个6个20总分99.5"
)
HUBEI_NOTE = "备注:1.预算执行情况口径:预算数为调整后财政资金"


def test_a_self_evaluations_header_passes_over_its_date_and_unmarked_options() -> None:
    [project] = read_text(form(HUBEI, HUBEI_GRID, HUBEI_NOTE), "page.txt").projects
    # 填报日期 and its date are no part of the unit; 项目类别's options none of the project's
    assert (project.name, project.unit.name, project.year) == (
        "水土保持监测",
        "某市水利科研所",
        2020,
    )
    assert project.goals == []  # 年度绩效目标1(40分) heads a grid: a number and points, no goal


def test_a_money_blocks_score_rules_out_reading_nothing_executed() -> None:
    # 10 | 10 | 100% | 20, not 10101 | 0 | 0% | 20: a score of 20 is earned by no rate of 0%
    [project] = read_text(form(HUBEI, HUBEI_GRID, HUBEI_NOTE), "page.txt").projects
    assert project.evaluation is not None
    [total] = project.evaluation.funds
    assert (total.label, total.full_year_budget, total.executed, total.rate, total.score) == (
        "年度财政资金总额", Decimal("10"), Decimal("10"), Decimal("100"), Decimal("20"),
    )  # fmt: skip
    assert project.budget.total == Decimal("10")


def test_a_header_label_that_is_also_a_money_column_alone_is_the_label_of_its_amount() -> None:
    header = HEADER.replace("年度资金总额50万元财政拨款50万元其他资金0万元", "预算数2.38执行数2.38")
    [project] = read_text(form(header), "page.txt").projects
    assert project.budget.total == Decimal("2.38")
    assert project.evaluation is not None
    [funds] = project.evaluation.funds
    assert (funds.full_year_budget, funds.executed) == (Decimal("2.38"), Decimal("2.38"))


def test_each_goals_grid_goes_on_the_one_before_with_its_scores() -> None:
    document = read_text(form(HUBEI, HUBEI_GRID, HUBEI_NOTE), "page.txt")
    [project] = document.projects
    assert rows(document) == [
        ("产出指标", "质量指标", "监测数据合格率", "100%", "100%"),
        ("产出指标", "进度指标", "资料上报及时率", "100%", "95%"),
        ("产出指标", "数量指标", "监测站点数", "≥5个", "6个"),
    ]  # the second goal's heading and header are no indicators
    assert [i.score for i in project.indicators] == [Decimal("10"), Decimal("9.5"), Decimal("20")]
    assert project.evaluation is not None
    assert project.evaluation.total_score == Decimal("99.5")  # 总分99.5, run into its value


WUHAN = (
    "2021年度区级森林防火专项经费项目绩效自评表单位名称:某区林业局填报日期:2022年3月22日"
    "项目名称区级森林防火专项经费主管部门某区林业局实施单位某区林业局"
    "预算执行情况(万元)资金来源预算数(A)执行数(B)执行率(B/A)一般预算内拨款63.562.598.43%"
)
WUHAN_GRID = (
    "年度绩效目标完成情况一级指标二级指标三级指标年初目标值实际完成值未完成原因及改进措施"
    "产出指标产出数量灭火设备配备率100%1000件达成预期指标监控系统维护率100%5个达成预期指标"
    "产出质量森林火灾火因查明率不低于95%达成预期指标产出成本成本控制数(万元)63达成预期指标"
    "效益指标社会效益公众知晓度是否明显提高是达成预期指标生态效益森林火灾受害面积小于0.9‰达成预期指标"
    "满意度指标服务对象满意度指标群众满意度≥90%95%达成预期指标"
)


def test_a_text_column_written_the_same_in_every_row_ends_each_row() -> None:
    document = read_text(form(WUHAN, WUHAN_GRID), "page.txt")
    [project] = document.projects
    assert [
        (i.level2, i.name, i.target.raw, i.actual.raw if i.actual else None, i.deviation)
        for i in project.indicators
    ] == [
        ("产出数量", "灭火设备配备率", "100%", "1000件", "达成预期指标"),
        ("产出数量", "监控系统维护率", "100%", "5个", "达成预期指标"),
        # a 二级 wording where a row's name begins, an operator written as a word
        ("产出质量", "森林火灾火因查明率", "不低于95%", None, "达成预期指标"),
        ("产出成本", "成本控制数(万元)", "63", None, "达成预期指标"),  # a bare number before it
        ("社会效益", "公众知晓度是否明显提高是", "", None, "达成预期指标"),
        ("生态效益", "森林火灾受害面积", "小于0.9‰", None, "达成预期指标"),
        ("服务对象满意度指标", "群众满意度", "≥90%", "95%", "达成预期指标"),
    ]
    assert messages(document)[0] == (
        "整张表压成了一行，「公众知晓度是否明显提高是」分不清指标名称和指标值，整段作为指标名称读入"
    )
    assert project.evaluation is not None
    [funds] = project.evaluation.funds
    assert (funds.label, funds.full_year_budget, funds.executed, funds.rate) == (
        "一般预算内拨款", Decimal("63.5"), Decimal("62.5"), Decimal("98.43"),
    )  # fmt: skip


def test_a_text_column_that_differs_between_rows_is_not_taken_for_a_constant() -> None:
    grid = WUHAN_GRID.replace("63达成预期指标效益指标", "63未完成效益指标")
    document = read_text(form(WUHAN, grid), "page.txt")
    assert not any(i.deviation for i in document.projects[0].indicators)


# a Hubei 项目支出绩效目标表 (006): a costs table, 保障绩效目标实现措施, 绩效标准 | 当年预期实现值

EZHOU = (
    "主管部门审核意见单位公章:年月 日某市2022年市直部门预算项目支出绩效目标表"
    "项目名称机关大楼运行保障项目类别本级支出项目立项依据某中心三定方案"
    "项目预算成本构成金额测算(公式)依据2020年实际执行数2021年实际执行数"
    "保安服务费120依据招标文件110115保洁服务费80依据招标文件7580合计200185195"
    "绩效目标以服务对象满意为目标,打造文明型机关。绩效指标保障绩效目标实现措施"
)
EZHOU_GRID = (
    "一级指标二级指标绩效标准当年预期实现值数量指标大楼维修维护次数反映大楼全年维修维护情况200次"
    "安检巡察次数反映大楼保卫巡检情况150次质量指标维修验收合格率反映维修维护质量情况>92%"
    "满意度指标服务对象满意度指标服务对象满意度反映服务对象满意情况≥90%"
)


def test_a_standard_column_before_an_expected_value_column_holds_the_names() -> None:
    """绩效标准 | 当年预期实现值: each row the indicator's name with its explanation, then its value."""
    document = read_text(form(EZHOU, EZHOU_GRID), "page.txt")
    assert rows(document) == [
        (None, "数量指标", "大楼维修维护次数反映大楼全年维修维护情况", "200次", None),
        (None, "数量指标", "安检巡察次数反映大楼保卫巡检情况", "150次", None),
        (None, "质量指标", "维修验收合格率反映维修维护质量情况", ">92%", None),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度反映服务对象满意情况", "≥90%", None),
    ]
    assert not [m for m in messages(document) if "三级指标" in m or "列多" in m]


def test_a_standard_column_that_is_the_only_value_column_is_the_target() -> None:
    grid = GRID.replace("三级指标指标值", "三级指标绩效标准")
    assert rows(read_text(form(grid=grid), "page.txt")) == rows(read_text(form(), "page.txt"))
    assert column_fields(["三级指标", "绩效标准"], ["name", "target"]) == ["name", "target"]
    assert column_fields(["二级指标", "绩效标准"], ["level2", "target"]) == ["level2", "target"]
    assert column_fields(["绩效标准", "预期实现值"], ["target", "target"]) == ["name", "target"]


def test_a_section_holding_a_goals_label_is_no_goal_and_is_named() -> None:
    """保障绩效目标实现措施 is a section of its own, not 绩效目标 with a fragment around it."""
    document = read_text(form(EZHOU, EZHOU_GRID), "page.txt")
    assert document.projects[0].goals == ["以服务对象满意为目标,打造文明型机关。"]
    assert "「保障绩效目标实现措施」一节未读入（系统暂无对应栏目）" in messages(document)


def test_a_costs_table_before_the_goals_is_named_and_nothing_of_it_is_read() -> None:
    """项目预算成本构成 | 金额 | 测算依据 | 2020年实际执行数 …: its 执行数 no money block, its 合计
    no budget (the form labels no project budget)."""
    document = read_text(form(EZHOU, EZHOU_GRID), "page.txt")
    [project] = document.projects
    assert project.evaluation is None
    assert project.budget == Budget()
    assert "「项目预算成本构成」一节未读入（系统暂无对应栏目）" in messages(document)


def test_a_title_naming_the_years_budget_gives_the_year_and_keeps_its_place() -> None:
    """某市2022年市直部门预算…: the year of the budget, the title from after the signature's date."""
    [project] = read_text(form(EZHOU, EZHOU_GRID), "page.txt").projects
    assert project.title == "某市2022年市直部门预算项目支出绩效目标表"
    assert project.year == 2022
    # a year naming a fund is the fund's, which a page may budget in another year
    funded = HEADER.replace("项目支出绩效目标表(2023年度)", "2023年省级财政林业专项资金绩效目标表")
    [project] = read_text(form(funded), "page.txt").projects
    assert (project.title, project.year) == ("2023年省级财政林业专项资金绩效目标表", None)


MONEY_PARTS = (
    "资金总额及构成总额100.5万元{first}财政拨款:60万元(其中:上级财政资金:60万元;本级财政:0万元)"
    "二、自有资金:0万元三、其他:40.50万元"
)


@pytest.mark.parametrize("first", ["", "一、"])
def test_the_parts_after_the_fiscal_money_are_its_other_money(first: str) -> None:
    """一、财政拨款 … 二、自有资金 … 三、其他 … (the 一、 written or not): 其他资金 the parts other
    than 财政拨款, their written precision kept."""
    header = HEADER.replace(
        "年度资金总额50万元财政拨款50万元其他资金0万元", MONEY_PARTS.format(first=first)
    )
    [project] = read_text(form(header), "page.txt").projects
    assert (project.budget.total, project.budget.fiscal) == (Decimal("100.5"), Decimal("60"))
    assert str(project.budget.other) == "40.50"


def test_parts_after_the_fiscal_money_with_an_amount_missing_give_no_other_money() -> None:
    money = MONEY_PARTS.format(first="").replace("自有资金:0万元", "自有资金:/")
    header = HEADER.replace("年度资金总额50万元财政拨款50万元其他资金0万元", money)
    [project] = read_text(form(header), "page.txt").projects
    assert (project.budget.fiscal, project.budget.other) == (Decimal("60"), None)
