"""A grid whose form's header is not in the copy (a page copied from below its 项目名称): read as
a table whose name and unit are not given — left empty, never taken from the page's title or
prose — with a warning saying the header is missing; refused where any header label was read
(the form is then one whose name is missing, not a copy begun below its header)."""

from __future__ import annotations

import pytest

from jixiao.ingest import IngestError, cell_lines, pipe_table, read_text

GRID = """XX县民政局2023年度转移支付项目绩效自评情况公示

一级指标

二级指标

三级指标

指标值

全年实际完成值

未完成原因和改进措施

产出指标

数量指标

救助人数

≥100人

120人

<空>

满意度指标

服务对象满意度指标

群众满意度

≥90%

85%

个别群众不了解政策
""".replace("<空>", " ")  # a line of a space: an empty cell


def test_a_grid_alone_reads_as_a_table_whose_name_is_not_given() -> None:
    document = read_text(GRID, "grid.txt")
    [project] = document.projects
    assert (project.name, project.unit.name, project.code) == ("", "", None)
    assert project.year == 2023  # the title's year, as above any form; not its name
    assert [
        (i.name, i.target.raw, i.actual and i.actual.raw, i.deviation) for i in project.indicators
    ] == [
        ("救助人数", "≥100人", "120人", None),
        ("群众满意度", "≥90%", "85%", "个别群众不了解政策"),
    ]
    [warning] = document.warnings
    assert (warning.line, warning.table, warning.cell) == (3, "", "一级指标")
    assert warning.message.startswith(
        "文件中没有这张表的表头（项目名称、主管部门、实施单位、资金等）"
    )
    assert warning.text("grid.txt").startswith("grid.txt 第3行（单元格「一级指标」）：")


def test_paragraphs_above_a_headless_grid_are_said_not_read() -> None:
    goal = "为困难群众发放临时救助金，确保救助对象基本生活得到保障，做到应救尽救、及时救助。"
    text = GRID.replace("\n\n一级指标", f"\n\n{goal}\n\n一级指标", 1)
    document = cell_lines.read(text, "grid.txt")
    assert [p.goals for p in document.projects] == [[]]  # its label is lost: no goal made up
    first = document.warnings[0]
    assert (first.line, first.table) == (3, "")
    assert first.message.startswith("绩效指标表之上有 1 段没有栏目名称的文字，未读入")


def test_no_category_written_is_read_from_the_second_levels() -> None:
    # the 一级 column lost: 成本指标 after 数量指标 is a 二级 of 产出指标, not the 一级 成本指标
    text = GRID.replace("满意度指标\n\n服务对象满意度指标", "成本指标", 1).replace(
        "\n\n产出指标\n", "\n", 1
    )
    [project] = cell_lines.read(text, "grid.txt").projects
    assert [(i.level1, i.level2) for i in project.indicators] == [
        (None, "数量指标"), (None, "成本指标"),
    ]  # fmt: skip
    assert [i.category and (i.category.level1, i.category.level2) for i in project.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "成本指标"),
    ]  # fmt: skip


def test_a_form_with_a_header_but_no_name_is_still_refused() -> None:
    text = "主管部门\n\nXX县民政局\n\n" + GRID
    with pytest.raises(IngestError) as caught:
        cell_lines.read(text, "grid.txt")
    assert caught.value.problem.startswith(
        "未能识别为绩效目标表或自评表：缺少「项目名称」（已识别：主管部门"
    )


def test_a_pipe_grid_alone_reads_too() -> None:
    text = (
        "一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
        "产出指标 | 数量指标 | 培训人次 | ≥200人次 |\n"
        "效益指标 | 社会效益指标 | 群众知晓率 | ≥90% |\n"
    )
    document = pipe_table.read(text, "rows.txt")
    [project] = document.projects
    assert (project.name, [i.name for i in project.indicators]) == ("", ["培训人次", "群众知晓率"])
    assert document.warnings[0].table == ""
