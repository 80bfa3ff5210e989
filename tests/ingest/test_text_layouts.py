"""Text layouts whose cells are marked by bars (bar-cells) or only by spaces (spaced-rows): the
cells each front end cuts, the one form `cell_form` reads from them, and refusals that say where.

The pages are real ones from ../shared/corpus, copied unchanged into tests/fixtures/corpus.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from itertools import chain
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jixiao.core.model import TargetDocument
from jixiao.ingest import (
    READERS,
    IngestError,
    bar_cells,
    cell_lines,
    flat_text,
    pipe_table,
    read_text,
    spaced_rows,
)
from tests.ingest.test_pathological import seeds

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
FAGAI = CORPUS / "002_sichuan-qingshen-fagai-selfeval.txt"  # cells ending " |", complete
LINYE = CORPUS / "028_chongqing-rongchang-linye-target.txt"  # " |" cells, "|" row openers
JIUZHU = CORPUS / "036_anhui-suixi-minzheng-linshijiuzhu-selfeval.txt"
WEIJIAN = CORPUS / "047_anhui-mengcheng-weijian-jibengonggongweisheng-target.txt"  # "|" between
SIFA = CORPUS / "058_anhui-jinzhai-sifa-fazhixuanchuan-target.txt"
TEKUN = CORPUS / "037_sichuan-zhaohua-weijian-tekunjiating-target.txt"  # spaced rows
HUANWEI = CORPUS / "022_unknown-kangyi-guozhai-huanwei-target.txt"  # a pipe table
NONGTIAN = CORPUS / "042_hunan-yueyangxian-gaobiaozhunnongtian-target.txt"  # cell lines


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def texts(cells: list[bar_cells.Cell]) -> list[str]:
    return [cell.text for cell in cells]


def after(cells: list[bar_cells.Cell], label: str, count: int) -> list[str]:
    found = texts(cells)
    start = found.index(label)
    return found[start : start + count]


def problem(text: str) -> str:
    with pytest.raises(IngestError) as caught:
        read_text(text, "page.txt")
    return caught.value.message


def weijian_completed() -> str:
    """047 with its cut last value written out whole (≧ → ≧90%) and closed by its bar."""
    return text_of(WEIJIAN).rstrip("\n") + "90%\n|\n"


def rows(document: TargetDocument) -> list[tuple[str | None, str | None, str, str]]:
    return [(i.level1, i.level2, i.name, i.target.raw) for i in document.projects[0].indicators]


# bar-cells: which lines are cells


def test_cells_ending_in_bars_keep_their_empty_cells_in_place() -> None:
    cells = bar_cells.cells(text_of(FAGAI))
    assert after(cells, "一级指标", 30) == [
        "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
        "得分", "未完成原因分析",
        "产出指标", "数量指标", "发放(缴纳)覆盖率", "=", "100", "%", "", "60", "", "",
        "效益指标", "社会效益指标", "足额保障率(参保率)", "=", "100", "%", "", "30", "", "",
    ]  # fmt: skip
    assert after(cells, "项目名称", 4) == [
        "项目名称", "51000021R000000019951-工资性支出", "主管部门", "青神县发展和改革局本级",
    ]  # fmt: skip


def test_a_lone_bar_after_a_rows_end_opens_the_next_row_and_is_no_cell() -> None:
    cells = bar_cells.cells(text_of(LINYE))
    assert after(cells, "申报单位", 8) == [
        "申报单位", "区林业局", "项目(专项)名称", "古昌镇大青冈村乡村振兴绿化美化项目",
        "具体实施单位", "区林业局", "项目属性", "延续",
    ]  # fmt: skip
    assert after(cells, "产出指标", 11) == [
        "产出指标", "数量指标", "绿化美化公路", "米", "=", "3500",
        "购买发放李子苗", "株", "=", "15000", "质量指标",
    ]  # fmt: skip
    assert cells[texts(cells).index("申报单位")].line == 39


def test_cells_between_bar_lines_keep_an_empty_cell_between_two_bars() -> None:
    cells = bar_cells.cells(text_of(WEIJIAN))
    assert after(cells, "项目名称", 6) == [
        "项目名称", "国家基本公共卫生服务项目", "主管部门及代码", "", "实施单位", "卫健委",
    ]  # fmt: skip
    assert cells[texts(cells).index("项目名称")].line == 12
    # the narrative paragraphs above the table stay cells of their own
    assert texts(cells)[texts(cells).index("项目名称") - 2 :][:2] == [
        "项目支出绩效目标申报表",
        "(2024 年度)",
    ]


# bar-cells: read as the form


def test_a_bar_separated_form_reads_as_its_cells_say() -> None:
    document = read_text(weijian_completed(), "page.txt")
    assert (document.layout, document.year) == ("bar-cells", 2024)
    [project] = document.projects
    assert (project.name, project.title) == ("国家基本公共卫生服务项目", "项目支出绩效目标申报表")
    assert (project.unit.name, project.supervisor) == ("卫健委", None)  # 主管部门 left empty
    assert (project.money_unit, project.budget.total) == ("万元", Decimal("2279.048"))
    assert rows(document) == [
        ("产出 指标", "数量指标", "适龄儿童国家免疫规划疫苗接种率", "≧90%"),
        ("产出 指标", "数量指标", "7 岁以下儿童健康管理率", "≧85%"),
        ("产出 指标", "数量指标", "0-6 岁儿童眼保健和视力检查覆盖率", "≧90%"),
    ]


def test_both_bar_converters_give_the_same_model() -> None:
    between = weijian_completed()
    ending = "\n".join(
        f"{line} |" for line in between.split("\n") if line.strip() and line.strip() != "|"
    )
    assert bar_cells.looks_like(ending)
    assert read_text(ending, "page.txt").projects == read_text(between, "page.txt").projects


def test_a_page_cut_inside_a_value_leaves_the_cut_cell_out_with_a_warning() -> None:
    document = read_text(text_of(WEIJIAN), "page.txt")
    assert rows(document)[-1] == ("产出 指标", "数量指标", "0-6 岁儿童眼保健和视力检查覆盖率", "")
    cut = document.warnings[-1]
    assert (cut.line, cut.table, cut.cell) == (72, "国家基本公共卫生服务项目", "≧")
    assert cut.text("page.txt") == (
        "page.txt 第72行（表「国家基本公共卫生服务项目」，单元格「≧」）："
        "文件在这一单元格中途结束（没有结束的“|”），单元格未读入；其后的内容缺失，"
        "请取得完整的表格后核对"
    )


def test_a_page_cut_above_its_table_keeps_its_header_and_says_where_it_stops() -> None:
    document = read_text(text_of(SIFA), "page.txt")
    [project] = document.projects
    assert (project.name, project.indicators, project.goals) == (
        "法治宣传经费、法治建设经费",
        [],
        [],
    )
    assert document.warnings[-1].line == 50  # the 中期目标 text cut mid-sentence: not read
    assert document.warnings[-1].cell is not None
    assert document.warnings[-1].cell.startswith("1.深入学习贯彻习近平法治思想")


def test_a_cut_in_the_last_cell_of_a_grid_row_is_not_read_as_the_value() -> None:
    document = read_text(text_of(JIUZHU), "page.txt")
    last = document.projects[0].indicators[-1]
    assert (last.name, last.target.raw) == ("★受助对象满意度(≥**%)", "")  # not ">=9"
    assert (document.warnings[-1].line, document.warnings[-1].cell) == (152, ">=9")


def test_a_closing_note_without_a_bar_is_no_cut() -> None:
    text = weijian_completed() + "注:以上指标由县卫健委负责解释\n"
    document = read_text(text, "page.txt")
    assert rows(document)[-1][-1] == "≧90%"
    assert not any(warning.cell == "注:以上指标由县卫健委负责解释" for warning in document.warnings)


def test_each_bar_layout_is_claimed_by_its_own_reader_only() -> None:
    for path in (FAGAI, LINYE, JIUZHU, WEIJIAN, SIFA):
        claimed = [reader.layout for reader in READERS if reader.looks_like(text_of(path))]
        assert claimed == ["bar-cells"], path.name
    for path, layout in ((HUANWEI, "pipe-table"), (NONGTIAN, "cell-lines"), (TEKUN, "spaced-rows")):
        claimed = [reader.layout for reader in READERS if reader.looks_like(text_of(path))]
        assert claimed == [layout], path.name


def test_a_cell_holding_a_bar_leaves_the_layout_as_it_is() -> None:
    text = text_of(WEIJIAN).replace("卫健委\n", "卫健委|疾控中心\n")
    assert bar_cells.looks_like(text)
    assert read_text(text, "page.txt").projects[0].unit.name == "卫健委|疾控中心"


def test_a_pipe_row_is_not_taken_for_bar_cells(seed_text: str) -> None:
    assert not bar_cells.looks_like(text_of(HUANWEI))
    assert not bar_cells.looks_like(seed_text)
    assert not pipe_table.looks_like(text_of(FAGAI))  # "项目名称 |" is a cell, not a row
    assert not cell_lines.looks_like(text_of(FAGAI))


# spaced-rows


def test_spaced_rows_are_cut_at_the_forms_labels() -> None:
    cells = spaced_rows.cells(text_of(TEKUN))
    assert after(cells, "项目名称", 6) == [
        "项目名称", "特困家庭再扶助(独生子女死亡再扶助)", "预算单位", "区卫生健康局",
        "项目资金(万元)", "年度资金总额",
    ]  # fmt: skip
    assert after(cells, "(一)财政拨款小计", 2) == ["(一)财政拨款小计", "6.30"]
    assert "总体目标" in texts(cells)  # "总体" / "目标" on two lines joined


def test_spaced_grid_rows_are_categories_then_name_then_value() -> None:
    cells = spaced_rows.cells(text_of(TEKUN))
    assert after(cells, "项目完成指标", 9) == [
        "项目完成指标",  # "绩效指标 项目完成" / "指标": the grid's label dropped, halves joined
        "数量指标", "对符合政策法规的独生子伤残、死亡家庭进行扶助", "63人",
        "质量指标", "按政策、法律、法规乡镇申报、初审确认对象资格,县级按要求复审", "100%",
        "时效指标", "项目实施时间",
    ]  # fmt: skip
    assert after(cells, "满意度指标", 6) == [
        "满意度指标", "满意度指标", "受益群众满意度", "≥90%", "社会满意度", "100%",
    ]  # fmt: skip


def test_a_value_written_apart_from_its_operator_stays_whole() -> None:
    text = text_of(TEKUN).replace("受益群众满意度 ≥90%", "受益群众 满意度 ≥ 90%")
    [project] = read_text(text, "page.txt").projects
    assert (project.indicators[-2].name, project.indicators[-2].target.raw) == (
        "受益群众 满意度",
        "≥90%",
    )


def test_tab_separated_rows_keep_the_spaces_inside_their_cells() -> None:
    row = "满意度指标 满意度指标 受益群众满意度 ≥90%"
    tabbed = text_of(TEKUN).replace(row, "满意度指标\t满意度指标\t受益 群众 满意度\t≥ 90%")
    [project] = read_text(tabbed, "page.txt").projects
    indicator = project.indicators[-2]
    assert (indicator.level2, indicator.name, indicator.target.raw) == (
        "满意度指标",
        "受益 群众 满意度",
        "≥ 90%",
    )


def with_weights(text: str) -> str:
    """037 with a 分值 column, as a self-evaluation or weighted form has it."""
    text = text.replace("指标值(包含数字及文字描述)", "指标值(包含数字及文字描述) 分值")
    for row, weight in (
        ("家庭进行扶助 63人", "10"), ("复审 100%", "10"), ("2021年1月-12月", "5"),
        ("12月底到位", "5"), ("兑付补助", "10"), ("可持续发展 100%", "20"), ("长期", "20"),
        ("受益群众满意度 ≥90%", "10"), ("社会满意度 100%", "10"),
    ):  # fmt: skip
        text = text.replace(row, f"{row} {weight}")
    return text


def test_a_wider_spaced_grid_takes_a_word_a_cell_in_its_columns() -> None:
    document = read_text(with_weights(text_of(TEKUN)), "page.txt")
    [project] = document.projects
    assert [(i.level1, i.level2, i.name, i.target.raw, i.weight) for i in project.indicators][
        3:5
    ] == [
        ("项目完成指标", "时效指标", "资金拨付", "12月底到位", Decimal("5")),
        (
            "项目完成指标",
            "成本指标",
            "成本控制",
            "严格按照预算标准1000元/人给补助对象兑付补助",
            Decimal("10"),
        ),
    ]  # 成本指标 is the 二级 of the 一级 above it, not a 一级 of its own
    assert [i.weight for i in project.indicators] == [
        Decimal(w) for w in (10, 10, 5, 5, 10, 20, 20, 10, 10)
    ]


def test_a_wider_spaced_row_whose_words_do_not_fit_is_kept_whole_with_a_warning() -> None:
    text = with_weights(text_of(TEKUN)).replace("受益群众满意度 ≥90% 10", "受益 群众满意度 ≥90% 10")
    document = read_text(text, "page.txt")
    kept = document.projects[0].indicators[-2]
    assert (kept.name, kept.target.raw) == ("受益 群众满意度 ≥90% 10", "")
    warning = next(w for w in document.warnings if "分不出" in w.message)
    assert (warning.line, warning.table, warning.cell) == (
        42,
        "特困家庭再扶助(独生子女死亡再扶助)",
        "受益 群众满意度 ≥90% 10",
    )


def test_a_spaced_row_without_its_value_has_an_empty_value() -> None:
    text = text_of(TEKUN).replace("社会满意度 100%", "社会满意度")
    [project] = read_text(text, "page.txt").projects
    assert (project.indicators[-1].name, project.indicators[-1].target.kind) == (
        "社会满意度",
        "empty",
    )


def test_a_spaced_form_cut_above_its_table_keeps_its_header() -> None:
    lines = text_of(TEKUN).split("\n")
    cut = "\n".join(lines[: lines.index("年度目标") + 2])
    document = read_text(cut, "page.txt")
    [project] = document.projects
    assert (project.name, project.budget.fiscal, project.indicators) == (
        "特困家庭再扶助(独生子女死亡再扶助)",
        Decimal("6.30"),
        [],
    )
    assert document.warnings


# linear, whatever the input


def read_quietly(text: str) -> None:
    with contextlib.suppress(IngestError):
        read_text(text, "x.txt")


HUGE = {
    "100,000 lone bars": "项目名称 |\n" + "|\n" * 100_000,
    "100,000 runs of bars": "项目名称 |\n主管部门 |\n" + "||||\n" * 100_000,
    "100,000 cells ending in bars": "项目名称 |\n主管部门 |\n一级指标 |\n" + "x |\n" * 100_000,
    "100,000 cells between bars": "项目名称\n|\n主管部门\n|\n一级指标\n|\n" + "x\n|\n" * 100_000,
    "100,000 broken labels": "项目名称 x\n" + "总体\n" * 100_000 + "一级指标 二级指标\n",
    "20,000 spaced grid rows": (
        "项目名称 x\n预算单位 y\n一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 a 1\n"
        + "b 2\n" * 20_000
    ),
    "a spaced row of 9,000 words": "项目名称 " + "x " * 4_500 + "\n一级指标 二级指标\n",
    "a spaced grid row of operators": (
        "项目名称 x\n预算单位 y\n一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 "
        + "≥ " * 4_500
    ),
    "a row of labels": "项目名称 " * 1_800 + "\n一级指标 二级指标\n",
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_huge_input_of_these_layouts_is_read_at_the_speed_of_its_size(name: str) -> None:
    text = HUGE[name]
    # 100,000 lines are 200 times the seed's (their cells go through `cell_form` too, about
    # 2-5 µs each), a step quadratic in them would take hours; 20,000
    # indicators are 200 times the seed's hundred, each read by `cell_form` and `parse_value`;
    # 100,000 cells between bars are as many indicator cells of one grid (about 15 µs each,
    # 800–950 seeds measured: the budget leaves room for a busy machine, not for a square)
    slow = name.endswith("grid rows") or name == "100,000 cells between bars"
    budget = 1500 if slow else 1000
    assert seeds(lambda: read_quietly(text)) < budget, name


@pytest.mark.parametrize("reader", [bar_cells, spaced_rows], ids=["bar-cells", "spaced-rows"])
@pytest.mark.parametrize("name", sorted(HUGE))
def test_detection_of_these_layouts_is_linear(reader: object, name: str) -> None:
    looks_like = reader.looks_like  # type: ignore[attr-defined]
    # a pass over up to 100,000 short lines at Python speed, each looked at once
    assert seeds(lambda: looks_like(HUGE[name])) < 400, name


VOCABULARY = [
    "项目名称", "主管部门", "实施单位", "年度资金总额:", "其中:财政拨款", "其他资金", "总体",
    "目标", "年度目标", "一级指标", "二级指标", "三级指标", "指标值", "产出指标", "项目完成",
    "指标", "数量指标", "效益指标", "满意度指标", "≥95%", "≥", "90%", "10000万元", "(2022年度)",
    "注:说明", "培训人次", "", "[015001]某局", "指标性质", "绩效指标",
]  # fmt: skip
LINES = st.lists(st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=6), max_size=6))


@given(LINES, LINES, st.sampled_from([" ", " | ", "\n|\n"]))
@example(  # a last indicator row with no cell read, at the end of a grid of 产出指标
    [["主管部门", "主管部门", "一级指标", "指标值"]],
    [["产出指标", "项目名称", "项目名称", "项目名称", "项目名称"], ["项目名称", "项目名称"]],
    " ",
)
@example([["项目名称", "一级指标", "三级指标"]], [], " ")  # every part passed over
@settings(max_examples=300, deadline=None)
def test_any_arrangement_reads_to_indicators_or_says_why(
    header: list[list[str]], grid: list[list[str]], joint: str
) -> None:
    if joint == " ":  # spaced rows: a row a line
        lines = [["项目名称", "x"], *header, ["一级指标", "二级指标", "三级指标", "指标值"], *grid]
        text = "\n".join(" ".join(line) for line in lines)
    else:  # a cell a line, ending in or followed by a bar
        cells = ["项目名称", *chain(*header), "一级指标", *chain(*grid)]
        text = "".join(cell.replace("|", "") + joint for cell in cells)
    try:
        document = read_text(text, "fuzz.txt")
    except IngestError as error:
        message = error.message
    else:  # read: whatever has no indicator is said
        assert document.projects
        assert document.warnings or all(project.indicators for project in document.projects)
        return
    assert message.startswith("fuzz.txt")


# flat-text: a whole form in one line

FLAT_SELFEVAL = CORPUS / "001_chizhou-guichi-tangxi-selfeval.txt"  # spaced, eight columns
FLAT_GLUED = CORPUS / "006_hubei-ezhou-jiguanshiwu-target.txt"  # no spaces at all
FLAT_OCR = CORPUS / "050_gansu-jiayuguan-wenlv-bowuguan-target-ocr.txt"  # no spaces, two lines


def flattened(path: Path) -> str:
    """The page's cells joined by spaces into one line, as a document site's preview or a
    docx-to-text converter writes a table, after a line of the site's own text."""
    cells = [cell.text for cell in cell_lines.cells(text_of(path)) if cell.text]
    return "文档简介\n" + " ".join(cells[2:]) + "\n"  # without the source and kind lines


def test_a_flattened_four_column_form_reads_as_its_cells_did() -> None:
    document = read_text(flattened(NONGTIAN), "page.txt")
    assert document.layout == "flat-text"
    assert document.projects == read_text(text_of(NONGTIAN), "page.txt").projects
    assert document.warnings == []


def test_a_flattened_value_keeps_its_spaces_up_to_the_next_label() -> None:
    text = flattened(NONGTIAN).replace("岳阳县2022年高标准农田建设项目", "岳阳县 2022年 高标准农田")
    [project] = read_text(text, "page.txt").projects
    assert project.name == "岳阳县 2022年 高标准农田"
    assert project.supervisor is not None
    assert project.supervisor.name == "岳阳县农业农村局"


def test_flattened_goals_side_by_side_take_a_word_each_or_are_refused() -> None:
    both = flattened(NONGTIAN).replace(
        "年度目标 完成项目主体工程70%", "中期目标 年度目标 建成 完成70%"
    )
    [project] = read_text(both, "page.txt").projects
    assert (project.long_term_goals, project.goals) == (["建成"], ["完成70%"])
    three = both.replace("建成 完成70%", "建成 全部 完成70%")
    assert problem(three) == (
        "page.txt 第2行：整张表压成了一行，「中期目标」「年度目标」并排，其后的 3 个词分不出各自的"
        "内容；应为每个单元格一行（或以“|”、制表符分隔）的表格文本。"
        "请取得原始的 Word 或 Excel 文件导入，或从原文件重新复制表格（保留换行）。"
    )


def flat_problem(text: str) -> str:
    """What flat-text itself says of a text (the dispatcher gives the text run together, or with
    a wider grid, to glued-text: tests/ingest/test_glued_text.py)."""
    with pytest.raises(IngestError) as caught:
        flat_text.read(text, "page.txt")
    return caught.value.message


def test_a_flattened_grid_with_more_columns_is_refused_naming_them() -> None:
    assert flat_problem(text_of(FLAT_SELFEVAL)) == (
        "page.txt 第4行：整张表压成了一行，绩效指标表的列为「二级指标」「三级指标」「年度指标值」"
        "「实际完成值」「分值」「得分」「偏差原因分析及改进措施」：除三级指标和一列指标值外，"
        "空单元格不留痕迹，各行各列无法分清；应为每个单元格一行（或以“|”、制表符分隔）的表格文本；"
        "压成一行的表只能读一级指标、二级指标、三级指标、指标值四列。"
        "请取得原始的 Word 或 Excel 文件导入，或从原文件重新复制表格（保留换行）。"
    )


@pytest.mark.parametrize(
    ("path", "line", "name"), [(FLAT_GLUED, 17, "项目名称"), (FLAT_OCR, 6, "二级项目名称")]
)
def test_a_form_run_together_without_spaces_is_refused_saying_what_was_seen(
    path: Path, line: int, name: str
) -> None:
    message = flat_problem(text_of(path))
    assert message.startswith(
        f"page.txt 第{line}行：整张表压成了一行，文字连在一起（已认出「{name}」"
    )
    assert "「一级指标」），栏目和内容之间没有分隔" in message


def test_flat_text_claims_only_long_lines() -> None:
    assert not flat_text.looks_like(text_of(NONGTIAN))
    assert not flat_text.looks_like(text_of(TEKUN))  # each row its own short line
    assert not flat_text.looks_like(text_of(FAGAI))


FLAT_HUGE = {
    "a line of 9,000 words": "项目名称 主管部门 " + "x " * 4_400,
    "a line of 9,000 labels": "项目名称 " * 1_800,
    "a line of categories": "项目名称 x 主管部门 y 一级指标 二级指标 三级指标 指标值 "
    + "数量指标 " * 1_700,
    "a line of brackets after labels": "项目名称 " + "主管部门 (x) " * 900,
    "a run-together line": "项目名称一级指标" * 1_200,
    "100,000 short lines after the form": "项目名称 主管部门 "
    + "x " * 100
    + "\n"
    + "y\n" * 100_000,
}


@pytest.mark.parametrize("name", sorted(FLAT_HUGE))
def test_flat_text_is_read_at_the_speed_of_its_size(name: str) -> None:
    text = FLAT_HUGE[name]
    assert seeds(lambda: flat_text.looks_like(text)) < 100, name
    # the 100,000 lines are 200 times the seed's; a quadratic step would take hours
    assert seeds(lambda: read_quietly(text)) < 1000, name
