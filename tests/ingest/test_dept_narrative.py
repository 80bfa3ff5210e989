"""Layout `dept-narrative`: the Hebei 部门整体绩效目标 published as a web page's text, its headings
and paragraphs run together (062: "一、部门整体绩效目标1、总体绩效目标2020年,…2、分项绩效目标学前
教育职责绩效目标：…") or a paragraph a line, read on the real pages (062, cut off inside its third
sub-goal; 039, a document site's copy of a 部门预算绩效文本 whose table of contents comes first, cut
off in its 总体绩效目标 — both pinned in `expected/`, see `test_corpus_expected.py`) and on
narratives of the same kind written differently."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.ingest import READERS, IngestError, dept_narrative, read_bytes, read_text
from jixiao.ingest.source import MAX_LINE
from tests.ingest.test_pathological import seeds

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = FIXTURES / "corpus"
CHENGAN = CORPUS / "062_hebei-chengan-jiaoti-depttarget-narrative.txt"
CHENGDE = CORPUS / "039_hebei-chengde-minzheng-jixiaowenben-toc.txt"
SEED = FIXTURES / "shanhaiguan-commerce-targets.txt"

NARRATIVE = """滦南县农业农村局2023年部门预算公开绩效目标情况说明
发布时间：2023-02-10　来源：滦南县农业农村局
浏览次数：128

一、 部门整体绩效目标
（一）总体绩效目标：
　　2023年，全局以乡村振兴为统领，稳定粮食生产，发展现代畜牧业，深化农村改革。
（二）分项 绩效目标
1．种植业管理职责绩效目标：稳定粮食播种面积，推广绿色高产技术，提高耕地质量。
绩效指标：粮食播种面积不少于52万亩，主要农作物耕种收综合机械化率达到90%以上。
2．畜牧业管理职责
绩效目标：做好重大动物疫病防控，保障畜产品质量安全。
绩效指标：重大动物疫病免疫密度达到100%，畜产品抽检合格率不低于98%。
3．农村经济管理职责绩效目标：巩固农村集体产权制度改革成果，规范农村集体“三资”管理。绩效指标：完成村级财务审计120个。
（三）保障措施
1．健全内控制度，规范资金使用。
2．加强绩效运行监控，发现问题及时纠偏。
3．做好绩效自评，评价结果与下年度预算安排挂钩。
二、部门预算项目绩效目标
1、农业技术推广经费：推广新技术10项。
【打印本页】【关闭窗口】
"""
"""A complete narrative of another department: headings on lines of their own, numbered （一）
and 1．, spaced (分项 绩效目标) and with a full-width colon; a sub-goal's title on the line above
its 绩效目标：, another's 绩效指标 run on in its line; 保障措施; the projects' part after it."""


def test_the_real_page_reads_its_three_sub_goals_as_far_as_it_goes() -> None:
    document = read_bytes(CHENGAN.read_bytes(), CHENGAN.name)
    assert (document.layout, document.year, document.projects) == ("dept-narrative", 2020, [])
    department = document.department
    assert department is not None
    assert department.name is None  # the page names only its publisher, 教育体育局
    assert department.overall_goal is not None
    assert department.overall_goal.startswith("2020年,全县教育工作的总体要求是:以习近平")
    assert department.overall_goal.endswith("为全面建设富强、美丽成安做出新贡献。")
    assert [goal.title for goal in department.sub_goals] == [
        "学前教育职责", "特殊教育职责", "义务教育职责",
    ]  # fmt: skip
    first, second, third = department.sub_goals
    assert first.goal == (
        "开展扩大学前教育资源项目,大力发展公办幼儿园,加快农村幼儿园建设,支持本县新建和扩建公办"
        "幼儿园,积极扶持普惠性幼儿园发展,开展幼儿园“小学化”专项治理工作,进一步改善办园条件,"
        "提高保教质量。"
    )
    assert second.goal is not None
    assert second.goal.endswith("入学率达95%以上,非义务教育阶段特殊教育规模显著扩大。")
    assert third.goal is not None
    assert third.goal.endswith(
        "加强学校文化建设和特色学校建设。1、加强控辍保学工作。认真落实《邯郸市教育"
    )
    # no 绩效指标 sentence on the page: none read from the goals' numbers
    assert all(goal.indicator_text is None and not goal.indicators for goal in department.sub_goals)
    assert department.safeguards == []
    named, cut = document.warnings
    assert "文中没有写明部门的名称（页面的发布机构为「教育体育局」）" in named.message
    assert "请选择文件所属的主管部门" in named.message
    assert cut.line == 10
    assert cut.message.startswith("文件到分项「义务教育职责」的绩效目标为止，最后一句没有写完")
    assert "「…认真落实《邯郸市教育」" in cut.message
    assert "截断" in cut.message


def test_a_document_sites_copy_passes_over_its_table_of_contents() -> None:
    document = read_bytes(CHENGDE.read_bytes(), CHENGDE.name)
    department = document.department
    assert department is not None
    # the title "承德县民政局2022年部门预算绩效文本" between the site's chunk number and 目录
    assert (document.year, department.name) == (2022, "承德县民政局")
    # 一、总体绩效目标1 二、分项绩效目标2 三、工作保障措施3: entries of the contents, not sections
    assert department.overall_goal == "承德县民政局部门总体绩效目标(一)、建立和维护县民政系"
    assert (department.sub_goals, department.safeguards) == ([], [])
    projects, cut = document.warnings
    assert (projects.line, projects.table) == (5, "承德县民政局")
    assert projects.message.startswith("「预算项目绩效目标」一节未读入")
    assert cut.line == 7
    assert cut.message.startswith("文件到「总体绩效目标」为止")


def test_a_narrative_written_otherwise_reads_to_the_same_parts() -> None:
    assert dept_narrative.looks_like(NARRATIVE)
    document = read_text(NARRATIVE, "luannan.txt")
    assert (document.layout, document.year) == ("dept-narrative", 2023)
    department = document.department
    assert department is not None
    assert department.name == "滦南县农业农村局"  # its title says so
    assert department.overall_goal == (
        "2023年，全局以乡村振兴为统领，稳定粮食生产，发展现代畜牧业，深化农村改革。"
    )
    assert [(g.title, g.goal) for g in department.sub_goals] == [
        ("种植业管理职责", "稳定粮食播种面积，推广绿色高产技术，提高耕地质量。"),
        ("畜牧业管理职责", "做好重大动物疫病防控，保障畜产品质量安全。"),
        ("农村经济管理职责", "巩固农村集体产权制度改革成果，规范农村集体“三资”管理。"),
    ]
    planting, livestock, economy = department.sub_goals
    assert planting.indicator_text == (
        "粮食播种面积不少于52万亩，主要农作物耕种收综合机械化率达到90%以上。"
    )
    assert [(i.name, i.target.op, i.target.number, i.target.unit) for i in planting.indicators] == [
        ("粮食播种面积", ">=", Decimal("52"), "万亩"),
        ("主要农作物耕种收综合机械化率", ">=", Decimal("90"), "%"),
    ]
    assert [i.name for i in livestock.indicators] == ["重大动物疫病免疫密度", "畜产品抽检合格率"]
    assert economy.indicator_text == "完成村级财务审计120个。"
    assert department.safeguards == [
        "健全内控制度，规范资金使用。",
        "加强绩效运行监控，发现问题及时纠偏。",
        "做好绩效自评，评价结果与下年度预算安排挂钩。",
    ]
    # the page's furniture is passed over; the projects' part is warned of by name; no cut
    assert "128" not in document.to_json()
    [projects] = document.warnings
    assert (projects.line, projects.table) == (19, "滦南县农业农村局")
    assert projects.message.startswith("「部门预算项目绩效目标」一节未读入")


def _seed_part_one() -> list[str]:
    """The seed's 部门整体绩效目标 as a web page gives it: no Word fields, no indents."""
    text = SEED.read_text(encoding="utf-8")
    lines = (
        re.sub(r"\s*TC .*$", "", line).strip()
        for line in text[: text.index("第二部分")].split("\n")
    )
    return [line for line in lines if line]


@pytest.mark.parametrize("joiner", ["\n", ""], ids=["a paragraph a line", "run together"])
def test_the_word_texts_part_one_as_web_text_reads_as_the_word_reader_reads_it(
    joiner: str, seed_text: str
) -> None:
    """一、指导全区货物进出口工作。绩效目标：…绩效指标：…二、…: the numbered sentence before a
    bare 绩效目标： is its sub-goal's title; the paragraph "部门总体绩效目标经党组研究同意…"
    beginning a line is text, not a heading."""
    text = joiner.join(_seed_part_one()) + "\n"
    assert dept_narrative.looks_like(text)
    document = read_text(text, "part-one.txt")
    wanted = read_text(seed_text, "seed.txt").department
    assert wanted is not None
    assert document.department == wanted.model_copy(update={"name": None, "code": None})
    assert len(document.warnings) == 1  # the name, which the Word text takes from its tables


def test_headings_in_a_paragraph_or_a_table_are_not_this_layout() -> None:
    prose = "为实现部门整体绩效目标，本局将总体绩效目标分解为分项绩效目标。\n"
    assert not dept_narrative.looks_like(prose)
    table = "| 部门整体绩效目标 | |\n| 年度总体绩效目标 | 保障运转 |\n"
    assert not dept_narrative.looks_like(table)
    assert not dept_narrative.looks_like("一、部门整体绩效目标\n三、工作保障措施\n")


def test_the_layout_claims_no_text_another_reader_reads(seed_text: str) -> None:
    assert not dept_narrative.looks_like(seed_text)
    claimed = {
        path.name
        for path in sorted(CORPUS.glob("*.txt"))
        if dept_narrative.looks_like(path.read_text(encoding="utf-8"))
    }
    assert claimed == {CHENGAN.name, CHENGDE.name}
    order = [reader.layout for reader in READERS]
    assert order.index("label-lines") < order.index("dept-narrative") < order.index("scrambled")


def test_a_sub_goal_part_without_sub_goal_heads_is_kept_whole_with_a_warning() -> None:
    text = (
        "一、部门整体绩效目标\n1、总体绩效目标\n保障全县林业工作正常运转。\n"
        "2、分项绩效目标\n完成造林2万亩；森林防火无重大火灾。\n"
    )
    department = read_text(text, "x.txt").department
    assert department is not None
    [whole] = department.sub_goals
    assert (whole.title, whole.goal) == ("分项绩效目标", "完成造林2万亩；森林防火无重大火灾。")
    warning = read_text(text, "x.txt").warnings[-1]
    assert warning.line == 5
    assert "没有“××绩效目标：”开头的分项" in warning.message


def test_text_before_the_first_sub_goal_is_warned_of_and_a_cut_in_the_safeguards_named() -> None:
    text = (
        "一、部门整体绩效目标1、总体绩效目标做好全年工作。2、分项绩效目标根据职责，分项目标如下："
        "一、综合管理。绩效目标：保障机关运转。绩效指标：公用经费支出控制在预算内。"
        "3、工作保障措施1、完善制度。2、加强监"
    )
    document = read_text(text, "x.txt")
    department = document.department
    assert department is not None
    assert [(g.title, g.goal) for g in department.sub_goals] == [("综合管理。", "保障机关运转。")]
    assert department.sub_goals[0].indicator_text == "公用经费支出控制在预算内。"
    assert department.safeguards == ["完善制度。", "加强监"]
    intro, cut = document.warnings[1:]
    assert "「根据职责，分项目标如下：」未读入" in intro.message
    assert cut.message.startswith("文件到「工作保障措施」为止，最后一句没有写完（「…2、加强监」）")


def test_a_table_of_contents_alone_is_refused_naming_its_line() -> None:
    text = (
        "目录\n第一部分 部门整体绩效目标\n一、总体绩效目标1\n二、分项绩效目标2\n三、工作保障措施3\n"
    )
    with pytest.raises(
        IngestError, match=r"x\.txt 第2行：文中有「部门整体绩效目标」的标题，但没有"
    ):
        read_text(text, "x.txt")


def test_the_command_line_reads_the_real_page(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    result = CliRunner().invoke(app, ["parse", str(CHENGAN)], env={"COLUMNS": "240"})
    assert result.exit_code == 0
    assert '"layout": "dept-narrative"' in result.stdout
    assert "第10行：文件到分项「义务教育职责」的绩效目标为止" in result.stderr


# linear, whatever the input

RUN = MAX_LINE - 1000
HEAD = "一、部门整体绩效目标\n1、总体绩效目标\n2020年，做好工作。\n2、分项绩效目标\n"
HUGE = {
    "a line of markers": HEAD + "绩效目标：" * (RUN // 5),
    "a line of titled indicators": HEAD + "甲绩效指标：" * (RUN // 6),
    "a line of numbers": HEAD + "甲绩效目标：" + "1、" * (RUN // 2),
    "a line of numbered safeguards": HEAD + "3、工作保障措施\n" + "1、" * (RUN // 2),
    "a line of full stops": HEAD + "甲绩效目标：" + "。" * RUN,
    "spaces before a marker": HEAD + "甲" + " " * RUN + "绩效目标：",
    "a line of headings": "一、部门整体绩效目标" * (RUN // 10) + "\n1、总体绩效目标\nx。",
    "a line of contents entries": HEAD + "1、总体绩效目标1" * (RUN // 9),
    "a line of numbered titles": HEAD + "一、甲。绩效目标：x。" * (RUN // 11),
    "20,000 sub-goals": HEAD + "甲绩效目标：x\n" * 20_000,
    "20,000 titles on lines of their own": HEAD + "甲\n绩效目标：x\n" * 20_000,
    "30,000 contents": "一、部门整体绩效目标\n1、总体绩效目标\n1\n" * 30_000,
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_huge_narratives_are_read_at_the_speed_of_their_size(name: str) -> None:
    text = HUGE[name]
    assert dept_narrative.looks_like(text)

    def work() -> None:
        with contextlib.suppress(IngestError):
            read_text(text, "x.txt")

    # 20,000 sub-goals are 4,000 times the seed's five, each a model of its own
    assert seeds(work) < 1000, name
    assert seeds(lambda: dept_narrative.looks_like(text)) < 20, name
