"""Writing Word documents: the official layout, merged cells as Word merges them, and the same
model read back."""

from __future__ import annotations

import io
import os
import pty
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import Organisation, TargetDocument
from jixiao.export.docx_form import FORM, HEBEI, Layout, carried_by, layout_for, render, write
from jixiao.export.form_layout import department_table
from jixiao.ingest import read_bytes, read_path
from tests.export.corpus_tables import (
    comparable,
    corpus_document,
    project_cases,
    readable_corpus,
    round_trip_cases,
)

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
WEB_TABLES = [CORPUS / f"{name}.txt" for name in (
    "019_hubei-wuhan-qingshan-jiaoyu-target3", "022_unknown-kangyi-guozhai-huanwei-target",
    "042_hunan-yueyangxian-gaobiaozhunnongtian-target",
)]  # fmt: skip
SKIP = {"source", "layout"}


def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def grid_of(table: docx.table.Table) -> list[list[tuple[int, int, str | None]]]:
    """Each row's cells as (first grid column, span, vMerge) — read from the XML itself."""
    rows = []
    for tr in table._tbl.tr_lst:
        column, row = 0, []
        for tc in tr.tc_lst:
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            value = None if merge is None else merge.get(qn("w:val"), "continue")
            row.append((column, tc.grid_span, value))
            column += tc.grid_span
        rows.append(row)
    return rows


@pytest.mark.parametrize("path", [None, *WEB_TABLES], ids=lambda p: p.name[:12] if p else "seed")
def test_every_row_fills_the_grid_and_merges_continue_a_merged_cell(
    path: Path | None, seed: TargetDocument
) -> None:
    document = seed if path is None else read_path(path)
    for table in opened(render(document)).tables:
        width = len(table._tbl.tblGrid.gridCol_lst)
        above: dict[int, tuple[int, str | None]] = {}
        for row in grid_of(table):
            assert sum(span for _, span, _ in row) == width
            for column, span, merge in row:
                if merge == "continue":
                    assert above[column][0] == span  # the same columns as the cell it continues
                    assert above[column][1] in ("restart", "continue")
            above = {column: (span, merge) for column, span, merge in row}


def test_the_seed_tables_are_merged_as_in_the_form(seed: TargetDocument) -> None:
    written = opened(render(seed))
    assert [p.text for p in written.paragraphs[:3]] == [
        "第一部分",
        "部门整体绩效目标",
        "一、总体绩效目标",
    ]
    table = written.tables[2]  # 人事代理专项补助经费: three 产出指标 rows, 效果指标 over two
    column = [table.cell(row, 0) for row in range(len(table.rows))]
    header = next(n for n, cell in enumerate(column) if cell.text == "一级指标")
    levels = [cell.text for cell in column[header + 1 :]]
    assert levels == ["产出指标"] * 3 + ["效果指标"] * 2 + ["满意度指标"]  # as the seed writes
    assert column[header + 1]._tc is column[header + 3]._tc  # one cell, merged down
    assert column[header + 3]._tc is not column[header + 4]._tc
    second = [table.cell(row, 1).text for row in range(header + 1, len(table.rows))]
    assert second[:3] == ["质量指标"] * 3
    assert table.cell(header + 1, 1)._tc is table.cell(header + 3, 1)._tc
    label = table.cell(2, 0)
    assert label.text == "预算规模及资金用途"
    assert label._tc is table.cell(3, 0)._tc  # merged down over the 资金用途 row
    assert table.cell(3, 1)._tc is table.cell(3, 6)._tc  # 资金用途 across six columns
    assert table.cell(3, 1).text == "用于招商引资工作人事代理人员工资"


def test_the_layout_is_hebei_unless_only_the_form_carries_the_document(
    seed: TargetDocument,
) -> None:
    assert layout_for(seed) == HEBEI
    tables_only = seed.model_copy(update={"department": None})
    assert carried_by(HEBEI, tables_only)
    assert layout_for(tables_only) == HEBEI
    for path in WEB_TABLES:  # a 年度 and a 主管部门 of their own: the 财政部 form
        web = read_path(path)
        assert not carried_by(HEBEI, web)
        assert layout_for(web) == FORM
    dated = seed.model_copy(update={"year": 2024})  # codes and plans only the Hebei form has
    assert not carried_by(FORM, dated)
    assert layout_for(dated) == HEBEI


def test_several_web_tables_become_one_form_each(tmp_path: Path) -> None:
    read = [read_path(path) for path in WEB_TABLES]
    document = TargetDocument(
        source="合订.txt", layout="cell-lines", projects=[p for d in read for p in d.projects]
    )
    assert layout_for(document) == FORM
    data = render(document)
    again = read_bytes(data, "合订.docx")
    assert again.layout == "docx/form"
    assert again.model_dump(exclude=SKIP) == document.model_dump(exclude=SKIP)
    assert len(opened(data).tables) == 3


@pytest.mark.parametrize("path", round_trip_cases(word=True))
def test_every_readable_corpus_table_reads_back_identically(path: Path) -> None:
    document = corpus_document(path)
    assert comparable(read_bytes(render(document), path.stem + ".docx")) == comparable(document)


@pytest.mark.parametrize("path", project_cases())
def test_every_readable_corpus_tables_projects_read_back_identically(path: Path) -> None:
    document = corpus_document(path)
    back = read_bytes(render(document), path.stem + ".docx")
    assert [p.model_dump(mode="json") for p in back.projects] == [
        p.model_dump(mode="json") for p in document.projects
    ]


def test_a_self_evaluation_is_a_form_with_its_money_block_merged_down() -> None:
    document = corpus_document(CORPUS / "036_anhui-suixi-minzheng-linshijiuzhu-selfeval.txt")
    assert layout_for(document) == FORM  # the Hebei text has no place for what was achieved
    written = opened(render(document))
    assert [p.text for p in written.paragraphs if p.text][:1] == ["绩效目标自评表 (2019年度)"]
    [table] = written.tables
    column = [table.cell(row, 0) for row in range(len(table.rows))]
    money = next(n for n, cell in enumerate(column) if cell.text == "项目资金（万元）")
    assert column[money]._tc is column[money + 3]._tc  # over its header and three fund lines
    header = [table.cell(money, c).text for c in range(2, 7)]
    assert header == ["全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [table.cell(money + 1, c).text for c in range(1, 7)] == [
        "年度资金总额", "30", "30", "10", "100", "10",
    ]  # fmt: skip
    grid = next(n for n, cell in enumerate(column) if cell.text == "绩效指标")
    assert [table.cell(grid, c).text for c in range(1, 9)] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "偏差原因分析及改进措施",
    ]  # fmt: skip
    assert table.cell(grid + 1, 1)._tc is table.cell(grid + 8, 1)._tc  # 产出指标(50分) over 8


def test_text_that_xml_cannot_hold_is_written_safely(seed: TargetDocument) -> None:
    project = seed.projects[0]
    named = project.model_copy(update={"name": "A&B <甲> “乙”", "purpose": "用于\t办公"})
    document = seed.model_copy(update={"projects": [named]})
    again = read_bytes(render(document), "x.docx").projects[0]
    assert again.name == "A&B <甲> “乙”"
    assert again.purpose == "用于 办公"  # a tab inside a cell is a space in Word's text


def test_writing_twice_is_stable(seed: TargetDocument) -> None:
    again = read_bytes(render(seed), "x.docx")
    third = read_bytes(render(again), "x.docx")
    assert third.model_dump(exclude=SKIP) == again.model_dump(exclude=SKIP)


# -- a batch of tables at a time ------------------------------------------------------------


def whole_reading_layout(document: TargetDocument) -> Layout:
    """The layout as reading the whole document back chooses it (`carried_by` of the whole
    document, in `layout_for`'s order): what the choice made table by table must equal."""
    if not document.projects and document.department is None:
        return HEBEI
    if carried_by(HEBEI, document):
        return HEBEI
    if carried_by(FORM, document):
        return FORM
    if document.department is not None and not department_table(document):
        return HEBEI
    if document.projects and not carried_by(HEBEI, document, projects_only=True):
        return FORM if carried_by(FORM, document, projects_only=True) else HEBEI
    return FORM if department_table(document) else HEBEI


def variants(seed: TargetDocument) -> dict[str, TargetDocument]:
    """Documents on either side of each of the choice's conditions: with and without a year or
    a department part, the 主管部门 the Hebei text implies or another, units of two prefixes, a
    cell whose text holds a heading, the corpus's tables and forms together."""
    tables = seed.model_copy(update={"department": None})
    first, *rest = tables.projects
    elsewhere = first.unit.model_copy(update={"code": "999001"})
    found = {
        "seed": seed,
        "dated": seed.model_copy(update={"year": 2024}),
        "tables": tables,
        "tables dated": tables.model_copy(update={"year": 2024}),
        "department alone": seed.model_copy(update={"projects": []}),
        "one without its 主管部门": tables.model_copy(
            update={"projects": [first.model_copy(update={"supervisor": None}), *rest]}
        ),
        "another 主管部门": tables.model_copy(
            update={
                "projects": [
                    p.model_copy(update={"supervisor": Organisation(code="322", name="别的局")})
                    for p in tables.projects
                ]
            }
        ),
        "two prefixes": tables.model_copy(
            update={"projects": [first.model_copy(update={"unit": elsewhere}), *rest]}
        ),
        "two prefixes, no 主管部门": tables.model_copy(
            update={
                "projects": [
                    p.model_copy(update={"supervisor": None})
                    for p in [first.model_copy(update={"unit": elsewhere}), *rest]
                ]
            }
        ),
        "a heading in a cell": seed.model_copy(
            update={
                "projects": [
                    first.model_copy(update={"purpose": "用途\n\n一、总体绩效目标"}),
                    *rest,
                ]
            }
        ),
    }
    corpus = [corpus_document(path) for path in readable_corpus()]
    for number, document in enumerate(corpus):
        found[f"corpus {number}"] = document
        found[f"corpus {number} without year"] = document.model_copy(update={"year": None})
    found["corpus together"] = TargetDocument(
        source="合订", projects=[p for d in corpus for p in d.projects]
    )
    found["seed and corpus"] = seed.model_copy(
        update={"projects": seed.projects + [p for d in corpus for p in d.projects][:20]}
    )
    return found


def test_the_layout_chosen_table_by_table_is_the_whole_readings(seed: TargetDocument) -> None:
    chosen = {name: layout_for(d) for name, d in variants(seed).items()}
    assert chosen == {name: whole_reading_layout(d) for name, d in variants(seed).items()}
    assert set(chosen.values()) == {HEBEI, FORM}
    assert chosen["tables"] == HEBEI  # carried whole by the Hebei text, 主管部门 included
    assert chosen["another 主管部门"] == FORM


@pytest.mark.parametrize("size", [1, 2, 7])
def test_written_a_batch_of_tables_at_a_time_a_document_is_the_same_file(
    seed: TargetDocument, size: int
) -> None:
    for name, document in variants(seed).items():
        projects = document.projects
        out = io.BytesIO()
        write(
            document.model_copy(update={"projects": []}),
            lambda p=projects: (p[n : n + size] for n in range(0, len(p), size)),
            out,
        )
        assert out.getvalue() == render(document), name


def test_many_tables_are_written_with_zip64_sizes_and_read_the_same(
    seed: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.export import docx_form

    small = render(seed)
    monkeypatch.setattr(docx_form, "ZIP64_TABLES", 1)  # as a document of 10,000 tables is
    large = render(seed)
    assert large != small
    body = zipfile.ZipFile(io.BytesIO(large)).getinfo("word/document.xml")
    name, extra = struct.unpack_from("<HH", large, body.header_offset + 26)  # its local header
    start = body.header_offset + 30 + name
    assert large[start : start + 2] == b"\x01\x00"  # the ZIP64 extra field
    assert extra == 20
    assert read_bytes(large, "x.docx").model_dump(exclude=SKIP) == read_bytes(
        small, "x.docx"
    ).model_dump(exclude=SKIP)
    assert len(opened(large).tables) == len(opened(small).tables)


# -- jixiao export --format docx -----------------------------------------------------------


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def test_jixiao_export_writes_a_docx(tmp_path: Path, seed_path: Path, seed: TargetDocument) -> None:
    out = tmp_path / "商务局.docx"
    code, _, error = run("export", str(seed_path), "--format", "docx", "-o", str(out))
    assert code == 0, error
    again = read_path(out)
    assert again.model_dump(exclude=SKIP) == seed.model_dump(exclude=SKIP)
    json_file = tmp_path / "seed.json"
    json_file.write_text(seed.to_json(), encoding="utf-8")
    code, data, _ = run("export", str(json_file), "-f", "docx")  # to a pipe: the bytes
    assert code == 0
    assert data.startswith(b"PK\x03\x04")
    assert read_bytes(data, "x.docx").model_dump(exclude=SKIP) == seed.model_dump(exclude=SKIP)


def test_jixiao_export_refuses_to_write_a_docx_to_a_terminal(seed_path: Path) -> None:
    main, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from jixiao.cli import main; main()",
             "export", str(seed_path), "--format", "docx"],
            stdout=terminal, stderr=subprocess.PIPE, check=False, timeout=60,
        )  # fmt: skip
    finally:
        os.close(terminal)
        os.close(main)
    assert result.returncode == 2
    assert "不能输出到终端；请用 -o 指定写入的文件" in result.stderr.decode()
