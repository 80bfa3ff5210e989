"""The Excel writer: the official form a sheet per project, read back to the same model."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from jixiao.core.model import TargetDocument
from jixiao.export import xlsx_form
from jixiao.export.form_layout import (
    department_form,
    department_table,
    form_kind,
    lay_out,
    sheet_title,
)
from jixiao.export.xlsx_form import render, write
from jixiao.ingest import read_bytes, read_path
from tests.cli.test_parse import run
from tests.export.corpus_tables import (
    comparable,
    corpus_document,
    project_cases,
    readable_corpus,
    round_trip_cases,
)

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


def test_the_seeds_tables_read_back_identically(seed: TargetDocument) -> None:
    back = read_bytes(render(seed), "seed.xlsx")
    assert back.layout == "xlsx"
    # Only the project tables are written: the department-wide targets have no place in the form.
    assert back.department is None
    assert [p.model_dump(mode="json") for p in back.projects] == [
        p.model_dump(mode="json") for p in seed.projects
    ]


@pytest.mark.parametrize("path", round_trip_cases())
def test_every_readable_corpus_table_reads_back_identically(path: Path) -> None:
    document = corpus_document(path)
    assert comparable(read_bytes(render(document), path.stem + ".xlsx")) == comparable(document)


@pytest.mark.parametrize("path", project_cases())
def test_every_readable_corpus_tables_projects_read_back_identically(path: Path) -> None:
    document = corpus_document(path)
    back = read_bytes(render(document), path.stem + ".xlsx")
    assert [p.model_dump(mode="json") for p in back.projects] == [
        p.model_dump(mode="json") for p in document.projects
    ]
    assert back.year == document.year


def test_the_readable_corpus_has_every_kind_of_form() -> None:
    documents = [corpus_document(path) for path in readable_corpus()]
    kinds = {form_kind(project) for document in documents for project in document.projects}
    assert kinds >= {"target", "self-evaluation"}
    assert any(department_table(document) for document in documents)
    assert len(documents) >= 20  # computed from the corpus: every file that reads today


def sheets(document: TargetDocument) -> Any:
    return load_workbook(io.BytesIO(render(document)))


def test_a_sheet_per_project_with_the_forms_merged_cells_and_number_formats(
    seed: TargetDocument,
) -> None:
    book = sheets(seed)
    assert book.sheetnames == [
        "1-商务执法大队工作经费",
        "2-商务执法大队专项补助经费",
        "3-人事代理专项补助经费",
        "4-投资促进中心专项补助经费",
        "5-招商引资工作经费",
    ]
    sheet = book["3-人事代理专项补助经费"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:G1" in merged  # the title across the form
    assert "A5:A7" in merged  # 项目资金（元） over its three rows
    assert "A9:A10" in merged  # 资金支出计划（%） over dates and percentages
    labels = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    assert labels["项目资金（元）"] == 5
    grid = labels["绩效指标"]
    assert f"A{grid}:A{grid + 6}" in merged  # 绩效指标 down the grid: header and six rows
    assert f"B{grid + 1}:B{grid + 3}" in merged  # 产出指标 over its three rows
    assert f"C{grid + 1}:C{grid + 3}" in merged  # 质量指标 within it
    assert [sheet.cell(row=grid, column=c).value for c in range(2, 8)] == [
        "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
    ]  # fmt: skip
    total = sheet["C5"]
    assert (total.value, total.number_format) == (300000, "#,##0.00")
    percent = sheet["B10"]
    assert (percent.value, percent.number_format) == (30, "0.00")
    assert sheet.cell(row=grid + 1, column=6).value == "≤80%"  # values are text
    assert sheet["B4"].value == "[322]秦皇岛市山海关区商务局"
    assert sheet["F4"].value == "[322003]秦皇岛市山海关区投资促进中心"


def test_four_columns_when_nothing_needs_the_hebei_six() -> None:
    document = read_path(CORPUS / "022_unknown-kangyi-guozhai-huanwei-target.txt")
    sheet = sheets(document).worksheets[0]
    header = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "绩效指标"
    )
    assert [sheet.cell(row=header, column=c).value for c in range(2, 6)] == [
        "一级指标", "二级指标", "三级指标", "指标值",
    ]  # fmt: skip
    assert sheet.max_column == 5


def test_a_value_written_like_a_formula_stays_text(seed: TargetDocument) -> None:
    project = seed.projects[0]
    indicator = project.indicators[0]
    odd = indicator.model_copy(
        update={"target": indicator.target.model_copy(update={"raw": "=SUM(A1:A9)"})}
    )
    document = seed.model_copy(
        update={"department": None, "projects": [project.model_copy(update={"indicators": [odd]})]}
    )
    data = render(document)
    assert b"<f>" not in data
    [back] = read_bytes(data, "odd.xlsx").projects
    assert back.indicators[0].target.raw == "=SUM(A1:A9)"


def whole_workbook(document: TargetDocument) -> bytes:
    """The workbook as openpyxl writes it whole: every sheet made by `create_sheet` and drawn,
    then saved — what writing a sheet at a time must equal."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    styles: dict[Any, Any] = {}
    if document.department is not None and department_table(document):
        xlsx_form._draw(
            workbook.create_sheet("部门整体绩效目标"), department_form(document), styles
        )
    for position, project in enumerate(document.projects, start=1):
        sheet = workbook.create_sheet(sheet_title(position, project.name))
        xlsx_form._draw(sheet, lay_out(project), styles)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def parts_of(data: bytes) -> list[tuple[str, bytes]]:
    """Each part of the workbook but its time of writing (docProps/core.xml), unzipped."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(i.filename, archive.read(i)) for i in archive.infolist() if i.filename != CORE]


CORE = "docProps/core.xml"


def documents(seed: TargetDocument) -> dict[str, TargetDocument]:
    first = seed.projects[0]
    corpus = {path.name: corpus_document(path) for path in readable_corpus()}
    return {
        "seed": seed,
        "one long name for all": seed.model_copy(  # sheet names cut to Excel's 31 characters
            update={"projects": [first.model_copy(update={"name": "同名" * 20})] * 12}
        ),
        **{name: d for name, d in corpus.items() if d.projects or department_table(d)},
    }


@pytest.mark.parametrize("size", [1, 3, 200])
def test_written_a_sheet_at_a_time_the_workbook_is_openpyxls_whole_workbook(
    seed: TargetDocument, size: int
) -> None:
    for name, document in documents(seed).items():
        projects = document.projects
        out = io.BytesIO()
        write(
            document.model_copy(update={"projects": []}),
            lambda p=projects: (p[n : n + size] for n in range(0, len(p), size)),
            out,
        )
        assert parts_of(out.getvalue()) == parts_of(whole_workbook(document)), name


def test_a_document_without_tables_cannot_be_written(seed: TargetDocument) -> None:
    with pytest.raises(ValueError, match="没有项目支出绩效目标表"):
        render(seed.model_copy(update={"projects": []}))


def test_jixiao_export_writes_a_workbook(
    seed_path: Path, seed: TargetDocument, tmp_path: Path
) -> None:
    written = tmp_path / "seed.xlsx"
    code, _, err = run("export", str(seed_path), "--format", "xlsx", "-o", str(written))
    assert code == 0
    assert "部门整体绩效目标未写出" in err
    assert read_path(written).projects == seed.projects
