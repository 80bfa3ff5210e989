"""The 部门整体支出绩效目标申报表 of the national template: 部门（单位）名称, 年度主要任务 (任务名称 |
主要内容 | 预算金额 over 总额 | 财政拨款 | 其他资金, a row a task, 金额合计), 年度总体目标 and the
grid. The tasks are `Department.tasks`, their 金额合计 the department's budget; the same form as a
Word table typed by hand, as a page's text one cell a line, and written by jixiao's writers."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest

from jixiao.core.model import Budget, TargetDocument
from jixiao.export import docx_form, html_form, pdf_form, xlsx_form
from jixiao.ingest import read_bytes, read_text
from jixiao.ingest.formats.doc import soffice_path

ROWS = [
    ["部门（单位）名称", "某县农业农村局", "", "", "", "", ""],
    ["年度主要任务", "任务名称", "主要内容", "预算金额（万元）", "", "", ""],
    ["", "", "", "总额", "财政拨款", "其他资金", ""],
    ["", "高标准农田建设", "新建高标准农田1万亩", "1500", "1400", "100", ""],
    ["", "动物防疫", "", "200", "200", "-", ""],  # no 主要内容, no 其他资金
    ["", "金额合计", "", "1700", "1600", "100", ""],
    ["年度总体目标", "完成高标准农田建设1万亩，重大动物疫病免疫密度达到90%以上", "", "", "", "", ""],
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "", ""],
    ["", "产出指标", "数量指标", "新建高标准农田面积", "≥1万亩", "", ""],
    ["", "效益指标", "经济效益指标", "新增粮食产能", "≥500万斤", "", ""],
    ["", "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "", ""],
]  # fmt: skip


def word_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("部门整体支出绩效目标申报表")
    document.add_paragraph("（2024年度）")
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for cells, row in zip(ROWS, table.rows, strict=True):
        for text, cell in zip(cells, row.cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check(document: TargetDocument) -> None:
    department = document.department
    assert department is not None
    assert not document.projects
    assert (document.year, department.name, department.money_unit) == (
        2024,
        "某县农业农村局",
        "万元",
    )
    assert [(t.name, t.content, t.budget) for t in department.tasks] == [
        ("高标准农田建设", "新建高标准农田1万亩", Budget(total=Decimal("1500"), fiscal=Decimal("1400"), other=Decimal("100"))),
        ("动物防疫", None, Budget(total=Decimal("200"), fiscal=Decimal("200"))),
    ]  # fmt: skip
    assert department.budget == Budget(
        total=Decimal("1700"), fiscal=Decimal("1600"), other=Decimal("100")
    )
    assert department.overall_goal == "完成高标准农田建设1万亩，重大动物疫病免疫密度达到90%以上"
    assert [i.name for i in department.indicators] == [
        "新建高标准农田面积",
        "新增粮食产能",
        "农户满意度",
    ]


def test_a_word_table_typed_by_hand_reads_its_tasks() -> None:
    check(read_bytes(word_table(), "申报表.docx"))


def test_a_pages_text_one_cell_a_line_reads_the_same_tasks() -> None:
    cells = ["部门整体支出绩效目标申报表", "（2024年度）"]
    for row in ROWS:
        # a blank cell stands for the empty 主要内容 of a row, as a copied page writes it
        cells += [text or " " for text in row[1:3]] if row[1] == "动物防疫" else []
        cells += [text for text in (row if row[1] != "动物防疫" else row[3:]) if text]
    text = "\n\n".join(cells) + "\n"
    check(read_text(text, "申报表.txt"))


@pytest.mark.parametrize(
    "writer", [docx_form, xlsx_form, html_form, pdf_form], ids=["docx", "xlsx", "html", "pdf"]
)
def test_written_by_jixiao_the_tasks_read_back(writer: object) -> None:
    if writer is pdf_form and soffice_path() is None:
        pytest.skip("PDF is written through LibreOffice, which this machine lacks")
    document = read_bytes(word_table(), "申报表.docx")
    data = writer.render(document)  # type: ignore[attr-defined]
    data = data.encode() if isinstance(data, str) else data
    suffix = {docx_form: "docx", xlsx_form: "xlsx", html_form: "html", pdf_form: "pdf"}[writer]  # type: ignore[index]
    again = read_bytes(data, f"申报表.{suffix}")
    skip = {"source", "layout"}
    assert again.model_dump(exclude=skip) == document.model_dump(exclude=skip)


def test_a_task_text_of_its_own_is_still_the_duties() -> None:
    """年度主要任务 beside a text (no 任务名称 table) is what the form says the department does."""
    text = (
        "\n\n".join(
            [
                "部门名称",
                "某局",
                "年度主要任务",
                "1.森林防火 2.林木采伐监管",
                "一级指标",
                "二级指标",
                "三级指标",
                "指标值",
                "产出指标",
                "数量指标",
                "巡护里程",
                "≥100公里",
            ]
        )
        + "\n"
    )
    department = read_text(text, "p.txt").department
    assert department is not None
    assert department.duties == "1.森林防火 2.林木采伐监管"
    assert department.tasks == []


HUBEI = [
    ["部门（单位）名称", "某市教育局", "填报人", "张三", "联系电话", "12345678", ""],
    ["部门总体资金情况", "单位：万元", "当年金额", "占比", "近两年收支金额", "", ""],
    ["", "", "", "", "2021年", "2022年", ""],
    ["", "收入构成", "", "", "", "", ""],
    ["", "财政拨款", "2800", "93.3%", "2500", "2600", ""],
    ["", "其他资金", "200", "6.7%", "150", "180", ""],
    ["", "合计", "3000", "100%", "2650", "2780", ""],
    ["", "支出构成", "", "", "", "", ""],
    ["", "基本支出", "2000", "66.7%", "1900", "1950", ""],
    ["", "项目支出", "1000", "33.3%", "750", "830", ""],
    ["", "合计", "3000", "100%", "2650", "2780", ""],
    ["部门职能概述", "负责全市教育事业发展规划和管理。", "", "", "", "", ""],
    ["年度主要任务", "任务名称", "主要内容", "预算金额（万元）", "", "", ""],
    ["", "", "", "总额", "财政拨款", "其他资金", ""],
    ["", "义务教育保障", "落实义务教育经费保障机制", "2000", "1900", "100", ""],
    ["", "学前教育发展", "扩大普惠性学前教育资源", "1000", "900", "100", ""],
    ["", "金额合计", "", "3000", "2800", "200", ""],
    ["年度总体目标", "巩固义务教育均衡发展成果，学前三年毛入园率达到90%", "", "", "", "", ""],
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "", ""],
    ["", "产出指标", "数量指标", "义务教育学校数", "120所", "", ""],
    ["", "效益指标", "社会效益指标", "学前三年毛入园率", "≥90%", "", ""],
]  # fmt: skip
"""Hubei's 部门整体支出绩效目标申报表 (附件2, 007 and 060 as the PDFs' tables): 部门总体资金情况 by
收入构成 and 支出构成 over 当年金额 | 占比 | 近两年收支金额, then 部门职能概述 and the tasks."""


def hubei_word() -> bytes:
    document = docx.Document()
    document.add_paragraph("部门整体支出绩效目标申报表")
    document.add_paragraph("（2023年度）")
    table = document.add_table(rows=len(HUBEI), cols=len(HUBEI[0]))
    for cells, row in zip(HUBEI, table.rows, strict=True):
        for text, cell in zip(cells, row.cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check_hubei(document: TargetDocument) -> None:
    department = document.department
    assert department is not None
    assert (document.year, department.name, department.money_unit) == (2023, "某市教育局", "万元")
    # the year's income: 财政拨款 and 其他资金 of 当年金额, and their 合计
    assert department.budget == Budget(
        total=Decimal("3000"), fiscal=Decimal("2800"), other=Decimal("200")
    )
    assert department.duties == "负责全市教育事业发展规划和管理。"
    assert [t.name for t in department.tasks] == ["义务教育保障", "学前教育发展"]
    assert [i.name for i in department.indicators] == ["义务教育学校数", "学前三年毛入园率"]
    # 占比, the years before and the spending split: said, with their figures
    [said] = [w.message for w in document.warnings if "部门总体资金情况" in w.message]
    assert "「财政拨款（占比 93.3%，2021年 2500，2022年 2600）」" in said
    assert "「基本支出 2000（占比 66.7%，2021年 1900，2022年 1950）」" in said
    assert not [
        w for w in document.warnings if "张三" in w.message
    ]  # the filer: no field, no noise


def test_hubeis_department_form_reads_its_money_by_kind_and_its_tasks() -> None:
    check_hubei(read_bytes(hubei_word(), "申报表.docx"))


def test_hubeis_form_as_a_pages_text_reads_the_same() -> None:
    cells = ["部门整体支出绩效目标申报表", "（2023年度）"] + [c for row in HUBEI for c in row if c]
    check_hubei(read_text("\n\n".join(cells) + "\n", "申报表.txt"))


@pytest.mark.parametrize("writer", [docx_form, xlsx_form, html_form], ids=["docx", "xlsx", "html"])
def test_hubeis_form_written_by_jixiao_reads_back(writer: object) -> None:
    document = read_bytes(hubei_word(), "申报表.docx")
    data = writer.render(document)  # type: ignore[attr-defined]
    data = data.encode() if isinstance(data, str) else data
    suffix = {docx_form: "docx", xlsx_form: "xlsx", html_form: "html"}[writer]  # type: ignore[index]
    again = read_bytes(data, f"申报表.{suffix}")
    skip = {"source", "layout"}
    assert again.model_dump(exclude=skip) == document.model_dump(exclude=skip)
