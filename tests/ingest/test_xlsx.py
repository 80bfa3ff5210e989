"""Excel workbooks (.xlsx) read as forms: workbooks built here cell by cell, as units fill them
in (merged ranges, number formats, a notes sheet, labels spaced out), and bad files."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from jixiao.ingest import IngestError, read_bytes, read_text
from jixiao.ingest.formats import sniff
from jixiao.ingest.formats.grid import pipe_text
from jixiao.ingest.formats.xlsx import MAX_UNCOMPRESSED, display, sheet_grid


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def put(sheet: Any, row: int, values: list[object], merge_to: int | None = None) -> None:
    for column, value in enumerate(values, start=1):
        if value is not None:
            sheet.cell(row=row, column=column, value=value)
    if merge_to is not None:
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=merge_to)


def form_sheet(sheet: Any, name: str, *, top: int = 1) -> int:
    """A 项目支出绩效目标表 as a unit types it into Excel, from row `top`; its last row."""
    r = top
    sheet.cell(row=r, column=1, value=f"{name}项目支出绩效目标表")
    sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    put(sheet, r + 1, ["（2024年度）"])
    put(sheet, r + 2, ["项 目 名 称", name], merge_to=5)
    put(
        sheet,
        r + 3,
        [
            "主管部门",
            "[322]秦皇岛市山海关区商务局",
            None,
            "实施单位",
            "[322003]秦皇岛市山海关区投资促进中心",
        ],
    )
    put(sheet, r + 4, ["项目资金（元）", "年度资金总额", 387664.62])
    sheet.cell(row=r + 4, column=3).number_format = "#,##0.00"
    sheet.merge_cells(start_row=r + 4, start_column=1, end_row=r + 6, end_column=1)
    put(sheet, r + 5, [None, "其中：财政拨款", 250])
    put(sheet, r + 6, [None, "其他资金", 70])
    sheet.cell(row=r + 6, column=3).number_format = "0.00"
    put(
        sheet,
        r + 7,
        ["年度目标", "1、保障招商引资工作正常开展\n2、人事代理人员基本保障"],
        merge_to=5,
    )
    put(sheet, r + 8, ["绩效指标", "一 级 指 标", "二级指标", "三级指标", "指标值"])
    sheet.merge_cells(start_row=r + 8, start_column=1, end_row=r + 12, end_column=1)
    put(sheet, r + 9, [None, "产出指标", "数量指标", "举办活动次数", "≥5次"])
    put(sheet, r + 10, [None, None, "质量指标", "资料更新比率", 0.85])
    sheet.cell(row=r + 10, column=5).number_format = "0%"
    put(sheet, r + 11, [None, None, "时效指标", "完成时间", datetime(2024, 6, 30)])  # noqa: DTZ001
    put(sheet, r + 12, [None, "满意度指标", "服务对象满意度指标", "客商满意度", "≥90%"])
    sheet.merge_cells(start_row=r + 9, start_column=2, end_row=r + 11, end_column=2)
    return r + 12


def two_project_workbook() -> Workbook:
    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes["A1"] = "1. 金额单位为元。"
    notes["A2"] = "2. 一级指标、二级指标按《项目支出绩效指标框架》填写。"
    form_sheet(book.create_sheet("人事代理"), "人事代理专项补助经费")
    form_sheet(book.create_sheet("招商"), "招商引资工作经费")
    return book


def test_each_form_sheet_is_a_project_and_the_notes_sheet_is_passed_over() -> None:
    data = workbook_bytes(two_project_workbook())
    assert sniff(data) == "xlsx"
    document = read_bytes(data, "units.xlsx")
    assert (document.layout, document.year, document.department) == ("xlsx", 2024, None)
    assert [p.name for p in document.projects] == ["人事代理专项补助经费", "招商引资工作经费"]
    project = document.projects[0]
    assert project.title == "人事代理专项补助经费项目支出绩效目标表"
    assert project.supervisor is not None
    assert (project.supervisor.code, project.unit.code) == ("322", "322003")
    assert project.money_unit == "元"
    assert project.budget.model_dump(mode="json") == {
        "total": "387664.62",  # #,##0.00: as written, no grouping, never float's repr
        "fiscal": "250",  # General
        "other": "70.00",  # 0.00
    }
    assert project.goals == ["保障招商引资工作正常开展", "人事代理人员基本保障"]
    rows = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [
        ("产出指标", "数量指标", "举办活动次数", "≥5次"),
        ("产出指标", "质量指标", "资料更新比率", "85%"),  # 0.85 under 0%
        ("产出指标", "时效指标", "完成时间", "2024-06-30"),
        ("满意度指标", "服务对象满意度指标", "客商满意度", "≥90%"),
    ]
    assert project.indicators[2].target.kind == "date"


def test_forms_one_below_the_other_in_one_sheet_are_several_projects() -> None:
    book = Workbook()
    sheet = book.active
    last = form_sheet(sheet, "人事代理专项补助经费")
    form_sheet(sheet, "招商引资工作经费", top=last + 3)
    document = read_bytes(workbook_bytes(book), "stacked.xlsx")
    assert [p.name for p in document.projects] == ["人事代理专项补助经费", "招商引资工作经费"]
    assert [p.title for p in document.projects] == [
        "人事代理专项补助经费项目支出绩效目标表",
        "招商引资工作经费项目支出绩效目标表",
    ]
    assert [len(p.indicators) for p in document.projects] == [4, 4]


def test_a_form_that_cannot_be_read_names_its_sheet_and_row() -> None:
    book = two_project_workbook()
    book["招商"]["C5"] = "详见附表"
    with pytest.raises(IngestError) as caught:
        read_bytes(workbook_bytes(book), "units.xlsx")
    assert caught.value.message.startswith(
        "units.xlsx 第5行（工作表「招商」）：金额「详见附表」不是数字"
    )


def test_a_workbook_of_unrelated_data_says_what_was_looked_for() -> None:
    book = Workbook()
    book.active.title = "人员名单"
    book.active.append(["姓名", "电话", "金额"])
    book.active.append(["张三", "13800000000", 12.5])
    with pytest.raises(IngestError) as caught:
        read_bytes(workbook_bytes(book), "list.xlsx")
    message = caught.value.message
    assert message.startswith("list.xlsx：无法识别的版式；应为工作表中的项目支出绩效目标表")
    assert "「项目名称」" in message
    assert "已查看：工作表「人员名单」" in message


def test_hidden_sheets_are_not_read() -> None:
    book = two_project_workbook()
    book["招商"].sheet_state = "hidden"
    document = read_bytes(workbook_bytes(book), "units.xlsx")
    assert [p.name for p in document.projects] == ["人事代理专项补助经费"]


def corrupted(data: bytes) -> bytes:
    """The workbook with its first sheet's compressed bytes overwritten (the directory intact)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    damaged[start : start + 40] = b"\xff" * 40
    return bytes(damaged)


def test_a_damaged_workbook_is_refused_as_damaged() -> None:
    data = corrupted(workbook_bytes(two_project_workbook()))
    assert sniff(data) == "xlsx"  # the directory still lists the parts
    with pytest.raises(IngestError) as caught:
        read_bytes(data, "broken.xlsx")
    assert caught.value.message.startswith("broken.xlsx：Excel 工作簿已损坏，无法打开")
    assert "另存为 .xlsx 后再导入" in caught.value.message


def test_a_truncated_workbook_is_refused_in_chinese() -> None:
    data = workbook_bytes(two_project_workbook())
    with pytest.raises(IngestError) as caught:
        read_bytes(data[: len(data) // 2], "cut.xlsx")
    assert caught.value.message.startswith("cut.xlsx")


def test_a_workbook_unpacking_to_too_much_is_refused_before_it_is_opened() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNCOMPRESSED + 1))
    data = out.getvalue()
    assert len(data) < 200_000
    with pytest.raises(IngestError) as caught:
        read_bytes(data, "bomb.xlsx")
    assert "超过上限" in caught.value.message
    assert "解压后不超过 50 MB" in caught.value.message


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (387664.62, "General", "387664.62"),
        (250, "General", "250"),
        (70, "0.00", "70.00"),
        (70.0, "General", "70"),
        (0.85, "0%", "85%"),
        (0.125, "0.0%", "12.5%"),
        (1234567.5, "#,##0.00", "1234567.50"),
        (1234567.5, "#,##0.00_ ;[Red]-#,##0.00 ", "1234567.50"),
        (-5, "0.00;(0.00)", "(5.00)"),
        (0, '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-', "0.00"),
        (854, '0"万元"', "854万元"),
        (5, '"¥"#,##0.00', "¥5.00"),
        (0.1 + 0.2, "General", "0.3"),  # the 15 digits Excel keeps
        (1e-7, "General", "0.0000001"),
        (2.675, "0.00", "2.68"),  # rounded as Excel shows it, from the written digits
        (12.5, "0.0#", "12.5"),
        (12.0, "0.0#", "12.0"),
        (Decimal("60000.00"), "General", "60000"),
        (datetime(2024, 6, 30), "yyyy-mm-dd", "2024-06-30"),  # noqa: DTZ001
        (datetime(2024, 6, 30, 9, 30), "yyyy-mm-dd h:mm", "2024-06-30 09:30"),  # noqa: DTZ001
        (True, "General", "TRUE"),
        (None, "General", ""),
        ("≥95%", "@", "≥95%"),
    ],
)
def test_cells_are_shown_as_their_format_shows_them(
    value: object, number_format: str, shown: str
) -> None:
    assert display(value, number_format) == shown


def test_cells_a_merged_range_covers_are_blank_even_if_the_file_holds_values() -> None:
    """Some exporters write a merged range's value into every cell it covers."""
    book = Workbook()
    sheet = book.active
    for column in "ABC":
        sheet[f"{column}1"] = "标题"
    sheet["A2"], sheet["B2"] = "项目名称", "某项目"
    sheet.merged_cells.add("A1:C1")  # the range alone: the covered cells keep their values
    data = workbook_bytes(book)
    archive = zipfile.ZipFile(io.BytesIO(data))
    read_only = load_workbook(io.BytesIO(data), read_only=True)
    assert sheet_grid(read_only.active, archive, "t.xlsx") == [["标题", ""], ["项目名称", "某项目"]]


def test_a_stray_cell_far_below_costs_only_its_row() -> None:
    book = two_project_workbook()
    book["招商"]["B1048576"] = "注：本表金额单位为元"
    document = read_bytes(workbook_bytes(book), "far.xlsx")
    assert [len(p.indicators) for p in document.projects] == [4, 4]


def hebei_sheet(sheet: Any) -> None:
    """The Hebei form's six-column grid (绩效指标描述, 指标值确定依据), read by place."""
    put(sheet, 1, ["项目编码", "322-0601-YBN-5D8Z"])
    put(sheet, 2, ["项目名称", "人事代理专项补助经费"])
    put(sheet, 3, ["实施单位", "[322003]秦皇岛市山海关区投资促进中心"])
    put(sheet, 4, ["资金用途", "用于招商引资工作人事代理人员工资"])
    put(sheet, 5, ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"])
    put(sheet, 6, [None, 30, 65, 90, 100])
    for column in "BCDE":
        sheet[f"{column}6"].number_format = "0.00"
    put(sheet, 7, ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    put(
        sheet,
        8,
        ["产出指标", "质量指标", "工作主动性比率", "积极开展招商工作", "≥80%", "按计划标准"],
    )
    put(sheet, 9, [None, None, "作风建设比率", None, "≥80%"])
    put(sheet, 10, ["满意度指标", "服务对象满意度指标", "群众满意度", "客商满意度", "≥85%"])


def test_the_hebei_columns_are_read_by_place() -> None:
    book = Workbook()
    hebei_sheet(book.active)
    [project] = read_bytes(workbook_bytes(book), "hebei.xlsx").projects
    assert project.code == "322-0601-YBN-5D8Z"
    assert project.purpose == "用于招商引资工作人事代理人员工资"
    assert [(p.by, str(p.percent)) for p in project.spending_plan] == [
        ("3月底", "30.00"), ("6月底", "65.00"), ("10月底", "90.00"), ("12月底", "100.00"),
    ]  # fmt: skip
    rows = [(i.level2, i.name, i.description, i.target.raw, i.basis) for i in project.indicators]
    assert rows == [
        ("质量指标", "工作主动性比率", "积极开展招商工作", "≥80%", "按计划标准"),
        ("质量指标", "作风建设比率", None, "≥80%", None),  # blank 二级: the one above
        ("服务对象满意度指标", "群众满意度", "客商满意度", "≥85%", None),
    ]
    assert project.indicators[0].basis_kind == "计划标准"


def test_a_row_with_a_value_and_no_indicator_is_refused_with_its_row() -> None:
    book = Workbook()
    hebei_sheet(book.active)
    book.active["C9"] = None
    with pytest.raises(IngestError) as caught:
        read_bytes(workbook_bytes(book), "hebei.xlsx")
    assert caught.value.message.startswith(
        "hebei.xlsx 第9行（工作表「Sheet」）：指标行没有三级指标名称"
    )


GRID_WORDS = [
    "项目名称", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
    "产出指标", "数量指标", "满意度指标", "≥95%", "注:说明", "资金支出计划", "3月底", "25.00",
    "项目编码", "资金用途", "", " ", "x|y",
]  # fmt: skip


@given(
    st.lists(st.lists(st.sampled_from(GRID_WORDS) | st.text(max_size=6), max_size=7), max_size=14)
)
@settings(max_examples=300, deadline=None)
def test_any_grid_reads_or_says_why(rows: list[list[str]]) -> None:
    grid = [["项目名称", "某项目"], ["一级指标", "三级指标", "绩效指标描述", "指标值"], *rows]
    try:
        document = read_text(pipe_text(grid), "fuzz.xlsx")
    except IngestError as error:
        message = error.message
    else:  # a table read without indicators says so
        for project in document.projects:
            assert project.indicators or any(
                warning.table == project.name
                and "没有" in warning.message
                and "指标" in warning.message
                for warning in document.warnings
            ), project.name
        return
    assert message.startswith("fuzz.xlsx")


def test_the_signature_line_below_a_form_is_no_indicator() -> None:
    book = Workbook()
    last = form_sheet(book.active, "人事代理专项补助经费")
    put(
        book.active,
        last + 2,
        ["填报人：张三", None, "联系电话：0335-5000000", "填报日期：2024-01-10"],
    )
    [project] = read_bytes(workbook_bytes(book), "signed.xlsx").projects
    assert [i.name for i in project.indicators][-1] == "客商满意度"
