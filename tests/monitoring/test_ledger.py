"""Reading payment ledgers: .xlsx (made here with openpyxl) and .csv (the GBK fixture, and UTF-8
with and without BOM), columns by their labels or by the user's mapping, amounts exact, every bad
cell named by row and column."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jixiao.monitoring import ledger
from jixiao.monitoring.ledger import Cell, LedgerError, parse_amount, parse_date, read_ledger
from jixiao.monitoring.payments import LedgerRow

D = Decimal
FIXTURE = Path(__file__).parents[1] / "fixtures" / "ledgers" / "payments-gbk.csv"
EXPECTED = [
    LedgerRow(3, date(2024, 1, 15), D("25000.00"), "fiscal", "记-001",
              "秦皇岛市某人力资源服务有限公司", "1月人事代理费"),
    LedgerRow(4, date(2024, 2, 20), D("25000.00"), "fiscal", "记-002",
              "秦皇岛市某人力资源服务有限公司", "2月人事代理费"),
    LedgerRow(5, date(2024, 3, 25), D("40000.00"), "fiscal", "记-003",
              "秦皇岛市某人力资源服务有限公司", "3月人事代理费"),
    LedgerRow(6, date(2024, 5, 10), D("12500.50"), "other", "记-004", "某保险公司秦皇岛分公司",
              "代理人员社会保险费"),
]  # fmt: skip


def read(data: bytes, name: str, year: int = 2024, stored: tuple[str, ...] = ()):
    sheet = read_ledger(data, name)
    return sheet, ledger.read_rows(sheet, ledger.guess_mapping(sheet), year, stored)


def workbook(rows, *, title="台账", extra_sheet=False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet("说明").append(["本表由财务系统导出"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(*lines: str) -> str:
    return "\r\n".join(lines) + "\r\n"


def test_the_gbk_fixture_reads_as_excel_saved_it():
    sheet, reading = read(FIXTURE.read_bytes(), FIXTURE.name)
    assert sheet.header_row == 2  # below the title line
    assert sheet.labels[0] == "序号"
    assert ledger.guess_mapping(sheet) == {
        1: "paid_on", 2: "voucher", 3: "payee", 4: "note", 5: "source", 6: "amount",
    }  # fmt: skip
    assert reading.rows == EXPECTED
    assert reading.problems == []
    assert reading.notes == ["跳过了 1 行合计行（第 7 行），未导入。"]
    assert sum(r.amount for r in reading.rows) == D("102500.50")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_a_csv_reads_alike_in_every_encoding_excel_saves(encoding):
    text = FIXTURE.read_bytes().decode("gbk")
    _, reading = read(text.encode(encoding), "台账.csv")
    assert reading.rows == EXPECTED


def test_a_workbook_reads_numbers_and_dates_exactly_from_its_cells():
    data = workbook(
        [
            ["2024年度支付台账"],
            [],
            ["日期", "凭证编号", "收款人", "用途", "资金来源", "支付金额（万元）", "备注"],
            [datetime(2024, 3, 5), 1001, "张三", "劳务费", "财政资金", 1.25, "三月"],  # noqa: DTZ001
            [date(2024, 4, 1), "记-2", "李四", "", "其他资金", 0.3, None],
            ["2024-04-02", "记-3", "王五", "", "一般公共预算", "12,345.67元", None],
            [None, None, None, None, "小计", 13.59567, None],
        ],
        extra_sheet=True,
    )
    sheet, reading = read(data, "台账.xlsx")
    assert sheet.where == "工作表「台账」"
    assert sheet.header_row == 3
    assert reading.problems == []
    assert reading.rows == [
        LedgerRow(4, date(2024, 3, 5), D("12500.00"), "fiscal", "1001", "张三", "劳务费；三月"),
        LedgerRow(5, date(2024, 4, 1), D("3000.00"), "other", "记-2", "李四", ""),
        LedgerRow(6, date(2024, 4, 2), D("12345.67"), "fiscal", "记-3", "王五", ""),
    ]
    assert "只读取了工作表「台账」，未读取工作表「说明」。" in reading.notes
    assert "跳过了 1 行合计行（第 7 行），未导入。" in reading.notes


def test_float_cells_are_read_with_the_digits_excel_keeps():
    data = workbook([["支付日期", "金额"], [date(2024, 1, 2), 0.1 + 0.2], [date(2024, 1, 3), 1e-3]])
    _, reading = read(data, "台账.xlsx")
    assert [r.amount for r in reading.rows] == [D("0.30")]
    assert reading.problems[0].message == (
        "第 3 行「金额」列（B3）：金额“0.001”折合 0.001 元，多于两位小数（以元计最多到分）"
    )


def test_the_first_sheet_with_a_ledger_header_is_read():
    book = openpyxl.Workbook()
    book.active.title = "封面"
    book.active.append(["某单位 2024 年支付台账"])
    book.create_sheet("明细").append(["支付日期", "金额（元）"])
    book["明细"].append(["2024-06-01", 88])
    out = io.BytesIO()
    book.save(out)
    sheet, reading = read(out.getvalue(), "台账.xlsx")
    assert sheet.where == "工作表「明细」"
    assert reading.rows == [LedgerRow(2, date(2024, 6, 1), D("88.00"), "fiscal")]
    assert "全部按“财政资金”记录" in reading.notes[-1]


@pytest.mark.parametrize(
    ("text", "unit", "amount"),
    [
        ("1234.5", "元", "1234.50"),
        ("1,234.50", "元", "1234.50"),
        ("1,234,567.89", "元", "1234567.89"),
        ("¥1,234.5", "元", "1234.50"),
        ("￥ 1234.50 元", "元", "1234.50"),
        ("１２３．４", "元", "123.40"),  # full-width, as some systems export
        ("12.5万元", "元", "125000.00"),  # the cell's unit wins over the column's
        ("1.2345", "万元", "12345.00"),
        ("1.234567", "万元", "12345.67"),
        ("500元", "万元", "500.00"),
        ("9999999999999999.99", "元", "9999999999999999.99"),
    ],
)
def test_amounts_are_read_exactly(text, unit, amount):
    assert parse_amount(Cell("s", text), unit) == D(amount)


@pytest.mark.parametrize(
    ("text", "unit", "says"),
    [
        ("", "元", "金额为空"),
        ("12,34", "元", "不是金额，请写成 1234.50 或 1,234.50 的形式"),
        ("1,2345.00", "元", "不是金额"),
        ("1e5", "元", "不是金额"),
        ("NaN", "元", "不是金额"),
        ("十万", "元", "不是金额"),
        ("12.345", "元", "多于两位小数"),
        ("1.2345678", "万元", "折合 12345.678 元，多于两位小数"),
        ("0", "元", "金额应大于 0"),
        ("-5.00", "元", "金额应大于 0，现为“-5.00”；退款或冲销请作废原记录"),
        ("(100.00)", "元", "金额应大于 0"),
        ("99999999999999999", "元", "超出可记录的范围"),
    ],
)
def test_amounts_that_cannot_be_stored_say_why(text, unit, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        parse_amount(Cell("s", text), unit)


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        (Cell("s", "2024-03-05"), date(2024, 3, 5)),
        (Cell("s", "2024/3/5"), date(2024, 3, 5)),
        (Cell("s", "2024.3.5"), date(2024, 3, 5)),
        (Cell("s", "2024年3月5日"), date(2024, 3, 5)),
        (Cell("s", "2024-03-05 10:30:00"), date(2024, 3, 5)),
        (Cell("s", "20240305"), date(2024, 3, 5)),
        (Cell("d", "2024-03-05"), date(2024, 3, 5)),
        (Cell("n", "45356"), date(2024, 3, 5)),  # a date cell that lost its format
    ],
)
def test_payment_dates_in_the_ways_ledgers_write_them(cell, day):
    assert parse_date(cell) == day


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        (Cell("s", ""), "支付日期为空"),
        (Cell("s", "3月5日"), "年份不能省略"),
        (Cell("s", "2024-02-30"), "不是存在的日期"),
        (Cell("n", "12.5"), "不是日期"),
        (Cell("s", "下周"), "不是日期"),
    ],
)
def test_dates_that_cannot_be_read_say_why(cell, says):
    with pytest.raises(ValueError, match=says):
        parse_date(cell)


def test_every_bad_cell_is_named_by_row_and_column():
    text = csv_text(
        "支付日期,金额（元）,资金来源,凭证号",
        "2024-01-05,100,财政资金,A1",
        "2023-12-31,abc,拨款,A2",
        "2024-01-07,50,其他资金,A1",
        "2024-01-08,20,,A3",
        "2024-01-09,20,财政资金,A9",
    )
    _, reading = read(text.encode(), "台账.csv", stored=("A9",))
    assert [p.message for p in reading.problems] == [
        "第 3 行「支付日期」列（A3）：支付日期 2023-12-31 不在项目年度 2024 年内",
        "第 3 行「金额（元）」列（B3）：“abc”不是金额，请写成 1234.50 或 1,234.50 的形式"
        "（千分位逗号每三位一个）",
        "第 3 行「资金来源」列（C3）：资金来源“拨款”无法识别，请填写“财政资金”（财政拨款、"
        "一般公共预算等）或“其他资金”（自筹资金、自有资金等）",
        "第 4 行「凭证号」列（D4）：凭证号 A1 与第 2 行重复",
        "第 5 行「资金来源」列（C5）：资金来源为空，请填写“财政资金”或“其他资金”",
        "第 6 行「凭证号」列（D6）：凭证号 A9 已录入过，不能重复导入（如原记录有误，请先作废）",
    ]
    assert [r.row for r in reading.rows] == [2]  # only the good row would be stored …
    assert not reading.ok  # … and it is not: all or nothing
    bad = reading.lines[1]
    assert bad.values["amount"] == "abc"  # the preview shows what the file says
    assert set(bad.problems) == {"paid_on", "amount", "source"}


def test_unrecognised_columns_are_mapped_by_the_user():
    text = csv_text("付款日,钱数,对方", '2024-02-01,"1,000.00",甲公司', "2024-02-02,20,乙公司")
    sheet = read_ledger(text.encode(), "导出.csv")
    assert sheet.header_row == 1  # the first row of several cells, its labels unknown
    assert sheet.labels == ["付款日", "钱数", "对方"]
    assert "表头各列未能识别" in sheet.notes[0]
    assert ledger.guess_mapping(sheet) == {}
    reading = ledger.read_rows(sheet, {}, 2024)
    assert [p.message for p in reading.problems] == [
        "没有找到「支付日期」列，请在下方的列对应中为它选择一列。",
        "没有找到「金额」列，请在下方的列对应中为它选择一列（元或万元）。",
    ]
    posted = {"col_0": "paid_on", "col_1": "amount", "col_2": "payee", "col_9": "amount",
              "col_x": "note"}  # fmt: skip
    mapping = ledger.mapping_from(posted, sheet)
    assert mapping == {0: "paid_on", 1: "amount", 2: "payee"}  # columns it has, fields it knows
    assert ledger.mapping_from({"col_0": "password"}, sheet) == {}
    reading = ledger.read_rows(sheet, mapping, 2024)
    assert reading.problems == []
    assert [(r.row, r.amount, r.payee) for r in reading.rows] == [
        (2, D("1000.00"), "甲公司"),
        (3, D("20.00"), "乙公司"),
    ]


def test_a_ledger_without_a_header_or_data_is_refused():
    with pytest.raises(LedgerError, match="没有找到支付台账的表头和数据"):
        read_ledger("标题\r\n\r\n只有一列\r\n".encode(), "台账.csv")
    sheet = read_ledger("支付日期,金额\r\n".encode(), "台账.csv")
    reading = ledger.read_rows(sheet, ledger.guess_mapping(sheet), 2024)
    assert [p.message for p in reading.problems] == ["台账中没有支付记录（表头下面没有数据行）。"]


def test_a_header_row_with_unknown_labels_keeps_them_for_the_mapping():
    text = csv_text("支付日期,金额,经办人,科目", "2024-02-01,10,赵六,办公费")
    sheet = read_ledger(text.encode(), "台账.csv")
    assert sheet.header_row == 1
    assert sheet.column_name(2) == "「经办人」列（C 列）"
    assert ledger.guess_mapping(sheet) == {0: "paid_on", 1: "amount"}
    chosen = ledger.mapping_from({"col_0": "paid_on", "col_1": "amount", "col_3": "note"}, sheet)
    assert ledger.read_rows(sheet, chosen, 2024).rows[0].note == "办公费"


def test_a_field_mapped_to_two_columns_is_refused():
    sheet = read_ledger(csv_text("支付日期,金额,金额（万元）", "2024-02-01,10,1").encode(), "a.csv")
    assert ledger.guess_mapping(sheet) == {0: "paid_on", 1: "amount"}  # the first amount only
    reading = ledger.read_rows(sheet, {0: "paid_on", 1: "amount", 2: "amount_wan"}, 2024)
    assert [p.message for p in reading.problems] == [
        "金额只能取一列，现在选了 「金额」列（B 列）、「金额（万元）」列（C 列），请只保留一列。"
    ]
    reading = ledger.read_rows(sheet, {0: "paid_on", 1: "paid_on", 2: "amount"}, 2024)
    assert reading.problems[0].message.startswith("「支付日期」对应了多列（「支付日期」列（A 列）")


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为” .xlsx 工作簿"),
        ("台账.txt", "支付日期,金额".encode(), "只接受 Excel 工作簿（.xlsx）或 CSV 文件（.csv）"),
        ("台账.xlsx", "支付日期,金额\n".encode(), "扩展名是 .xlsx，但内容不是 Excel 工作簿"),
        ("台账.xlsx", b"PK\x03\x04garbage", "扩展名是 .xlsx，但内容不是 Excel 工作簿"),
        ("台账.csv", workbook([["支付日期", "金额"]]), "扩展名是 .csv，但内容不是文本"),
        ("台账.csv", b"%PDF-1.4 ...", "扩展名是 .csv，但内容不是文本"),
        ("台账.csv", b"a,b\x00c", "扩展名是 .csv，但内容不是文本"),
        ("台账.csv", b"  \r\n", "是空的"),
    ],
)
def test_files_are_checked_by_their_content_not_only_their_name(name, data, says):
    with pytest.raises(LedgerError) as refused:
        read_ledger(data, name)
    assert says in str(refused.value)


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(ledger, "MAX_UNCOMPRESSED", 1000)
    data = workbook([["支付日期", "金额"], ["2024-01-01", 1]])
    assert sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(data)).infolist()) > 1000
    with pytest.raises(LedgerError, match="解压后有 0 MB，超过 0 MB 的上限"):
        read_ledger(data, "台账.xlsx")


def test_a_damaged_workbook_is_refused_in_words():
    good = workbook([["支付日期", "金额"], ["2024-01-01", 1]])
    archive = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for member in archive.infolist():
            body = archive.read(member)
            damaged.writestr(
                member, b"<not xml" if member.filename.endswith("sheet1.xml") else body
            )
    with pytest.raises(LedgerError, match=r"工作簿「台账\.xlsx」已损坏，无法打开"):
        read_ledger(out.getvalue(), "台账.xlsx")


def test_too_many_rows_or_columns_are_refused(monkeypatch):
    monkeypatch.setattr(ledger, "MAX_ROWS", 3)
    rows = "\r\n".join(f"2024-01-0{n},{n}" for n in range(1, 6))
    with pytest.raises(LedgerError, match="有 5 行数据，超过一次 3 行的上限，请分批导入"):
        read_ledger(f"支付日期,金额\r\n{rows}".encode(), "台账.csv")
    wide = ",".join(["支付日期", "金额", *(f"列{n}" for n in range(70))])
    with pytest.raises(LedgerError, match="有 72 列，超过 60 列的上限"):
        read_ledger(wide.encode(), "台账.csv")


def test_an_unclosed_quote_is_refused_not_read_as_one_huge_cell():
    with pytest.raises(LedgerError, match=r"不是完整的 CSV（.*），可能是引号不成对"):
        read_ledger(('支付日期,金额\r\n2024-01-01,"1' + "0" * 200_000).encode(), "a.csv")
    with pytest.raises(LedgerError, match="第 2 行 B 列有 2003 个字符，超过每格 2000 个字符"):
        read_ledger(('支付日期,金额\r\n2024-01-01,"1' + "0" * 2002).encode(), "a.csv")


def test_the_sheet_survives_its_draft_file():
    sheet, _ = read(FIXTURE.read_bytes(), FIXTURE.name)
    assert ledger.Sheet.from_data(sheet.to_data()) == sheet


def test_column_letters_run_past_z():
    assert [ledger.column_letter(i) for i in (0, 25, 26, 51, 52)] == ["A", "Z", "AA", "AZ", "BA"]
