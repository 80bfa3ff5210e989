"""Word documents (.docx): rendered as Word's “另存为纯文本” text, then read by the layouts."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument
from jixiao.export.docx_form import Cell, Paragraph, build, render
from jixiao.export.docx_form import Table as WrittenTable
from jixiao.ingest import IngestError, read_bytes, read_path
from jixiao.ingest.formats import docx as docx_format
from jixiao.ingest.formats import sniff
from tests.export.corpus_tables import round_trip_cases

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
SKIP = {"source", "layout"}


def same(one: TargetDocument, other: TargetDocument) -> bool:
    return one.model_dump(exclude=SKIP) == other.model_dump(exclude=SKIP)


def saved(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


# -- What the writer writes reads back --------------------------------------------------------


def test_the_seed_written_as_docx_reads_back_to_the_same_model(seed: TargetDocument) -> None:
    data = render(seed)
    assert sniff(data) == "docx"
    again = read_bytes(data, "山海关区商务局.docx")
    assert same(again, seed)
    assert (again.source, again.layout) == ("山海关区商务局.docx", "docx/seed-text")


@pytest.mark.parametrize("path", round_trip_cases(word=True))
def test_every_corpus_table_written_as_docx_reads_back(path: Path) -> None:
    document = read_path(path)
    again = read_bytes(render(document), path.with_suffix(".docx").name)
    assert same(again, document)
    expected = "docx/seed-text" if document.layout == "seed-text" else "docx/form"
    assert again.layout == expected


def test_the_rendered_text_is_the_seed_layout(seed: TargetDocument, seed_text: str) -> None:
    text = docx_format.to_text(render(seed), "seed.docx")
    lines = text.split("\n")
    heading = '一、总体绩效目标 TC "总体绩效目标" \\f A \\l 1 '
    assert lines[:5] == ["第一部分", "", "部门整体绩效目标", "", heading]
    assert lines[6].startswith("    部门总体绩效目标经党组研究同意。")
    table = lines.index(next(line for line in lines if line.startswith("1、商务执法大队")))
    assert lines[table + 1 : table + 4] == ["\t322002秦皇岛市山海关区商务局", "\t单位：元", ""]
    # the 资金支出计划 label merged down: its continuation is an empty cell, as in the seed
    plan = lines.index("\t资金支出计划（%）", table)
    assert lines[plan + 5 : plan + 8] == ["", "\t", "\t25.00"]
    assert "\t≥10次" in seed_text.split("\n")
    assert "\t≥10次" in lines


# -- A document made in Word ---------------------------------------------------------------


def merge(table: Table, top: tuple[int, int], bottom: tuple[int, int], text: str) -> None:
    table.cell(*top).merge(table.cell(*bottom)).text = text


def form_docx() -> bytes:
    """The 财政部 项目支出绩效目标表 as a unit types it in Word: spaced labels, merged cells, a
    title, the year and a note above the table."""
    document = docx.Document()
    document.add_paragraph("附件 2")
    document.add_paragraph("项目支出绩效目标表")
    document.add_paragraph("（2023年度）")
    table = document.add_table(rows=10, cols=5)
    rows = [
        ["项 目 名 称"],
        ["主管部门", None, None, "实施单位", "某区养老服务中心"],
        ["项目资金（万元）", "年度资金总额"],
        [None, "其中：财政拨款"],
        [None, "其他资金"],
        ["年 度 目 标"],
        ["一级指标", "二级指标", "三级指标", None, "指标值"],
        [None, "数量指标", "服务老人数", None, "≥500人"],
        [None, "质量指标", "服务满意率", None, "≥95%"],
        ["效益指标", "社会效益", "照料中心覆盖社区数", None, "2个"],
    ]
    for number, row in enumerate(rows):
        for column, text in enumerate(row):
            if text is not None:
                table.cell(number, column).text = text
    merge(table, (0, 1), (0, 4), "社区养老服务补助")
    merge(table, (1, 1), (1, 2), "[015]某区民政局")
    merge(table, (2, 0), (4, 0), "项目资金（万元）")
    for number, amount in ((2, "120"), (3, "100"), (4, "20")):
        merge(table, (number, 2), (number, 4), amount)
    goals = table.cell(5, 1).merge(table.cell(5, 4))
    goals.text = "1.为500名老人提供上门服务"
    goals.add_paragraph("")  # an empty paragraph inside the cell is no row break
    goals.add_paragraph("2.建成2个日间照料中心")
    for number in range(6, 10):
        texts = table.cell(number, 2).text
        table.cell(number, 2).merge(table.cell(number, 3)).text = texts
    merge(table, (7, 0), (8, 0), "产出指标")
    document.add_paragraph("注：本表由项目实施单位填报。")
    return saved(document)


def test_a_form_made_in_word_is_read_by_its_labels() -> None:
    document = read_bytes(form_docx(), "养老.docx")
    assert (document.layout, document.year, document.department) == ("docx/form", 2023, None)
    [project] = document.projects
    assert (project.name, project.title, project.year) == (
        "社区养老服务补助",
        "项目支出绩效目标表",
        2023,
    )
    assert project.unit.name == "某区养老服务中心"
    assert project.supervisor is not None
    assert (project.supervisor.code, project.supervisor.name) == ("015", "某区民政局")
    assert project.money_unit == "万元"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        Decimal("120"),
        Decimal("100"),
        Decimal("20"),
    )
    assert project.goals == ["为500名老人提供上门服务", "建成2个日间照料中心"]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("产出指标", "数量指标", "服务老人数", "≥500人"),
        ("产出指标", "质量指标", "服务满意率", "≥95%"),
        ("效益指标", "社会效益", "照料中心覆盖社区数", "2个"),
    ]


DEPARTMENT_ROWS = [
    ["部 门 名 称", "某县林业局", None, None],
    ["预算部门", "[316]某县林业局", None, None],
    ["部门预算资金（万元）", "年度资金总额", "500", None],
    [None, "其中：财政拨款", "450", None],
    [None, "其他资金", "50", None],
    ["年度主要任务", "1.森林防火 2.林木采伐监管", None, None],
    ["年度总体目标", "保障林业局职能实现", None, None],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "保障在职职工人数", "=116人"],
    [None, "质量指标", "工资发放准确性", "≥95%"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
]
"""A 部门整体支出绩效目标申报表 as a unit fills it in: its code in 预算部门, its tasks and goal."""


def department_docx() -> bytes:
    """The department-wide form typed in Word: title and year above, labels and values merged
    across the row, the money label and 产出指标 merged down."""
    document = docx.Document()
    document.add_paragraph("部门整体支出绩效目标申报表")
    document.add_paragraph("（2024年度）")
    table = document.add_table(rows=len(DEPARTMENT_ROWS), cols=4)
    for number, row in enumerate(DEPARTMENT_ROWS):
        for column, text in enumerate(row):
            if text is not None and not (number < 7 and column > 0 and column != 2 - (number < 2)):
                table.cell(number, column).text = text
    for number in (0, 1, 5, 6):
        merge(table, (number, 1), (number, 3), DEPARTMENT_ROWS[number][1] or "")
    merge(table, (2, 0), (4, 0), "部门预算资金（万元）")
    for number in (2, 3, 4):
        table.cell(number, 1).text = DEPARTMENT_ROWS[number][1] or ""
        merge(table, (number, 2), (number, 3), DEPARTMENT_ROWS[number][2] or "")
    merge(table, (8, 0), (9, 0), "产出指标")
    return saved(document)


def test_a_department_form_made_in_word_reads_as_the_same_table_does_in_a_web_page() -> None:
    document = read_bytes(department_docx(), "林业局.docx")
    assert (document.layout, document.year, document.projects) == ("docx/form", 2024, [])
    department = document.department
    assert department is not None
    assert (department.name, department.code) == ("某县林业局", "316")
    assert department.budget is not None
    assert (department.budget.total, department.budget.fiscal, department.budget.other) == (
        Decimal("500"),
        Decimal("450"),
        Decimal("50"),
    )
    assert department.duties == "1.森林防火 2.林木采伐监管"
    assert department.overall_goal == "保障林业局职能实现"
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in department.indicators] == [
        ("产出指标", "数量指标", "保障在职职工人数", "=116人"),
        ("产出指标", "质量指标", "工资发放准确性", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    rows = "".join(
        "<tr>" + "".join(f"<td>{text or ''}</td>" for text in row) + "</tr>"
        for row in [["部门整体支出绩效目标申报表（2024年度）"], *DEPARTMENT_ROWS]
    )
    page = read_bytes(f"<html><body><table>{rows}</table></body></html>".encode(), "林业局.html")
    assert same(document, page)  # one reader of the form's labels, whatever carried the cells


def test_merged_cells_are_written_once_as_word_saves_text() -> None:
    lines = docx_format.to_text(form_docx(), "养老.docx").split("\n")
    assert lines[:6] == ["附件 2", "", "项目支出绩效目标表", "", "（2023年度）", "\t项 目 名 称"]
    assert lines[6:8] == ["\t社区养老服务补助", ""]  # one cell over four grid columns
    money = lines.index("\t项目资金（万元）")
    assert lines[money : money + 8] == [
        "\t项目资金（万元）", "\t年度资金总额", "\t120", "",
        "\t", "\t其中：财政拨款", "\t100", "",  # the merged label continues: an empty cell
    ]  # fmt: skip
    goals = lines.index("\t年 度 目 标")
    assert lines[goals + 1 : goals + 4] == [
        "\t1.为500名老人提供上门服务",
        "2.建成2个日间照料中心",
        "",
    ]
    second = lines.index("\t质量指标")
    assert lines[second - 2 : second] == ["", "\t"]  # 产出指标 merged down: empty in its 2nd row
    assert lines[-3:] == ["", "注：本表由项目实施单位填报。", ""]


def test_cells_merged_the_older_way_are_written_once_too() -> None:
    """WPS and converters still merge across with w:hMerge instead of one cell's gridSpan."""
    document = docx.Document()
    document.add_paragraph("表")
    table = document.add_table(rows=1, cols=3)
    for cell, text, merge in zip(
        table.rows[0].cells, ("项目名称", "某项目", ""), (None, "restart", "continue"), strict=True
    ):
        cell.text = text
        if merge is not None:
            cell._tc.get_or_add_tcPr().append(OxmlElement("w:hMerge", {qn("w:val"): merge}))
    assert docx_format.to_text(saved(document), "x.docx") == "表\n\t项目名称\n\t某项目\n\n"


def test_a_department_document_made_in_word_is_read_as_the_seed_layout() -> None:
    """Headings with a TC field, body paragraphs indented by formatting (the paragraph's own
    首行缩进, or its style's) rather than by spaces."""
    document = docx.Document()
    indented = document.styles.add_style("正文缩进", 1)
    indented.paragraph_format.first_line_indent = Pt(24)

    def heading(text: str, entry: str) -> None:
        paragraph = document.add_paragraph(text)
        for kind, code in (("begin", None), (None, f' TC "{entry}" \\f A \\l 1 '), ("end", None)):
            run = OxmlElement("w:r")
            if kind is None:
                instruction = OxmlElement("w:instrText")
                instruction.text = code
                run.append(instruction)
            else:
                run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
            paragraph._p.append(run)

    document.add_paragraph("第一部分")
    document.add_paragraph("部门整体绩效目标")
    heading("一、总体绩效目标", "总体绩效目标")
    goal = document.add_paragraph("做好全区商务工作。")
    goal.paragraph_format.first_line_indent = Pt(24)
    heading("二、分项绩效目标", "分项绩效目标")
    document.add_paragraph("一、指导全区货物进出口工作。", style=indented)
    document.add_paragraph("绩效目标：促进出口额增长。", style=indented)
    document.add_paragraph("\t绩效指标：全区外贸企业出口额同比上年增长4%以上。")  # a tab as indent
    heading("三、工作保障措施", "工作保障措施")
    document.add_paragraph("一、完善财务制度。", style=indented)

    read = read_bytes(saved(document), "部门.docx")
    assert (read.layout, read.projects) == ("docx/seed-text", [])
    department = read.department
    assert department is not None
    assert department.overall_goal == "做好全区商务工作。"
    [sub_goal] = department.sub_goals
    assert (sub_goal.title, sub_goal.goal) == ("指导全区货物进出口工作。", "促进出口额增长。")
    assert sub_goal.indicator_text == "全区外贸企业出口额同比上年增长4%以上。"
    assert [i.target.raw for i in sub_goal.indicators] == ["4%以上"]
    assert department.safeguards == ["完善财务制度。"]


# -- What is refused, in Chinese -------------------------------------------------------------


def refused(data: bytes, name: str = "x.docx") -> str:
    with pytest.raises(IngestError) as caught:
        read_bytes(data, name)
    return caught.value.message


def test_a_damaged_docx_is_refused_as_damaged(seed: TargetDocument) -> None:
    data = bytearray(render(seed))
    body = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = body.header_offset + 30 + len(body.filename) + len(body.extra)
    data[start + 100 : start + 400] = bytes(300)  # the compressed body garbled, the index intact
    message = refused(bytes(data), "损坏.docx")
    assert message.startswith("损坏.docx：Word 文档已损坏，无法打开")
    assert "重新保存为 .docx" in message


def test_a_cut_off_docx_is_refused_in_chinese(seed: TargetDocument) -> None:
    data = render(seed)
    message = refused(data[: len(data) // 2], "半截.docx")
    assert message.startswith("半截.docx")
    assert "文件已损坏" in message  # a zip cut off before its index


def test_a_docx_without_the_word_xml_is_refused_as_damaged() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("word/document.xml", "<not-xml")
    assert "Word 文档已损坏" in refused(archive.getvalue())


def test_a_strict_open_xml_docx_is_refused_with_what_to_do(seed: TargetDocument) -> None:
    source = zipfile.ZipFile(io.BytesIO(render(seed)))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(
                    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                )
            written.writestr(info, content)
    message = refused(archive.getvalue(), "严格.docx")
    assert message.startswith("严格.docx：Word 文档中没有可读的正文")
    assert "另存为“Word 文档（*.docx）”" in message


def test_an_empty_docx_is_refused() -> None:
    message = refused(saved(docx.Document()), "空白.docx")
    assert message.startswith("空白.docx：Word 文档中没有文字")


def test_a_docx_of_other_text_is_not_a_known_layout() -> None:
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.add_paragraph("今天讨论了明年的工作安排。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "出席", "张三、李四"
    message = refused(saved(document), "纪要.docx")
    assert message.startswith("纪要.docx 第1行：无法识别的版式")
    assert "行号按 Word“另存为纯文本”后的文本计" in message


def test_a_cut_off_table_names_the_line_of_the_saved_text() -> None:
    header = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
    rows = [
        [Cell("322002秦皇岛市山海关区商务局", 6), Cell("单位：元")],
        [Cell("项目编码"), Cell("322-1", 2), Cell("项目名称"), Cell("执法经费", 3)],
        [Cell("预算规模及资金用途", merge="restart"),
         *(Cell(text) for text in ("预算数", "100", "其中：财政资金", "100", "其他资金", ""))],
        [Cell("", merge="continue"), Cell("执法", 6)],
        [Cell(text, 2 if text == "绩效指标描述" else 1) for text in header],
        [Cell("产出指标"), Cell("数量指标", 6)],  # the rest of the row lost
    ]  # fmt: skip
    data = build([Paragraph("1、执法经费绩效目标表", "title"), WrittenTable(7, rows)])
    message = refused(data, "截断.docx")
    lines = docx_format.to_text(data, "截断.docx").split("\n")
    line = lines.index("\t产出指标") + 1
    assert message.startswith(
        f"截断.docx 第{line}行（表「执法经费绩效目标表」）：指标行有 2 个单元格"
    )
    assert message.endswith("行号按 Word“另存为纯文本”后的文本计。")


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as written:
        written.writestr("[Content_Types].xml", "<Types/>")
        written.writestr("word/document.xml", b" " * (docx_format.MAX_BODY + 1))
    data = archive.getvalue()
    assert len(data) < 300_000  # well under the upload limit
    message = refused(data, "炸弹.docx")
    assert message.startswith("炸弹.docx：Word 文档解压后有 50 MB")
    assert "超过读取上限" in message


# -- From the command line -------------------------------------------------------------------


def test_jixiao_parse_reads_a_docx(tmp_path: Path, seed: TargetDocument) -> None:
    path = tmp_path / "商务局.docx"
    path.write_bytes(render(seed))
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["source"], data["layout"]) == (str(path), "docx/seed-text")
    assert same(TargetDocument.model_validate(data), seed)


def test_jixiao_parse_refuses_a_damaged_docx_with_exit_code_2(tmp_path: Path) -> None:
    path = tmp_path / "坏.docx"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("word/document.xml", "<not-xml")
    path.write_bytes(archive.getvalue())
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert "Word 文档已损坏" in result.stderr


def _traditional_copy(data: bytes) -> bytes:
    """The Word file with every run of text in traditional characters (OpenCC's s2t), as a
    document site's mirror or a Hong Kong / Taiwan copy of a form holds it."""
    import re

    from opencc import OpenCC

    convert = OpenCC("s2t").convert
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = re.sub(
                    r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)",
                    lambda m: m.group(1) + convert(m.group(2)) + m.group(3),
                    body.decode(),
                ).encode()
            copy.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize("page", ["022", "029", "036", "005", "026"])
def test_a_form_in_traditional_characters_reads_as_its_simplified_original(page: str) -> None:
    text = next(CORPUS.glob(f"{page}_*.txt"))
    data = render(read_bytes(text.read_bytes(), text.name))
    plain, converted = read_bytes(data, "表.docx"), read_bytes(_traditional_copy(data), "表.docx")
    assert converted.layout == plain.layout == "docx/form"
    assert converted.model_copy(update={"warnings": []}) == plain.model_copy(
        update={"warnings": []}
    )
    assert converted.warnings[0].message.startswith("文件是繁体字文本（如「")
    assert converted.warnings[1:] == plain.warnings


def test_the_hebei_document_in_traditional_characters_reads_as_its_original(
    seed_path: Path,
) -> None:
    data = render(read_path(seed_path))
    plain, converted = (
        read_bytes(data, "文本.docx"),
        read_bytes(_traditional_copy(data), "文本.docx"),
    )
    assert converted.layout == plain.layout
    assert converted.model_copy(update={"warnings": []}) == plain.model_copy(
        update={"warnings": []}
    )
    assert converted.warnings[0].message.startswith("文件是繁体字文本（如「")
