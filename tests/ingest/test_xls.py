"""Excel 97-2003 workbooks (.xls): files LibreOffice saved from the project's own .xlsx (merged
ranges, number formats, a notes sheet, a hidden sheet), read as the .xlsx is; the seed and the
corpus tables written as .xlsx, saved as .xls and read back to the same model; bad files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument
from jixiao.export import xlsx_form
from jixiao.ingest import IngestError, read_bytes, read_path
from jixiao.ingest.formats import doc, sniff

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
needs_libreoffice = pytest.mark.skipif(
    doc.soffice_path() is None, reason="LibreOffice（soffice）未安装：无法把 .xlsx 另存为 .xls"
)


def as_xls(data: bytes) -> bytes:
    return doc.convert(data, ".xlsx", "xls:MS Excel 97")


def readable_corpus() -> list[Path]:
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        try:
            read_path(path)
        except IngestError:
            continue  # kept to pin the text readers' errors
        found.append(path)
    return found


def projects(document: TargetDocument) -> list[dict[str, Any]]:
    return [project.model_dump(mode="json") for project in document.projects]


def test_a_workbook_saved_as_xls_reads_as_the_xlsx_does() -> None:
    """units.xls: test_xlsx's two-project workbook (and a hidden third form sheet), saved by
    LibreOffice as Excel 97-2003."""
    data = (FORMATS / "units.xls").read_bytes()
    assert sniff(data) == "xls"
    document = read_bytes(data, "units.xls")
    assert (document.layout, document.year) == ("xls", 2024)
    assert [p.name for p in document.projects] == ["人事代理专项补助经费", "招商引资工作经费"]
    project = document.projects[0]
    assert project.title == "人事代理专项补助经费项目支出绩效目标表"
    assert project.supervisor is not None
    assert (project.supervisor.code, project.unit.code) == ("322", "322003")
    assert project.budget.model_dump(mode="json") == {
        "total": "387664.62",  # #,##0.00: the digits written, no grouping, never float's repr
        "fiscal": "250",  # General
        "other": "70.00",  # 0.00
    }
    assert project.goals == ["保障招商引资工作正常开展", "人事代理人员基本保障"]
    rows = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [
        ("产出指标", "数量指标", "举办活动次数", "≥5次"),  # 产出指标 merged down: read once
        ("产出指标", "质量指标", "资料更新比率", "85%"),  # 0.85 under 0%
        ("产出指标", "时效指标", "完成时间", "2024-06-30"),  # a date cell
        ("满意度指标", "服务对象满意度指标", "客商满意度", "≥90%"),
    ]
    assert project.indicators[2].target.kind == "date"


def test_the_seed_saved_as_xls_reads_back_to_its_tables(seed: TargetDocument) -> None:
    document = read_bytes((FORMATS / "seed.xls").read_bytes(), "seed.xls")
    assert document.department is None  # the form has no place for it
    assert projects(document) == projects(seed)


@needs_libreoffice
def test_the_seed_written_as_xlsx_and_saved_as_xls_reads_back(seed: TargetDocument) -> None:
    assert projects(read_bytes(as_xls(xlsx_form.render(seed)), "seed.xls")) == projects(seed)


@needs_libreoffice
@pytest.mark.parametrize("path", readable_corpus(), ids=lambda path: path.name[:12])
def test_every_corpus_table_written_as_xlsx_and_saved_as_xls_reads_back(path: Path) -> None:
    document = read_path(path)
    try:
        workbook = xlsx_form.render(document)
        carried = projects(read_bytes(workbook, "x.xlsx")) == projects(document)
    except (ValueError, IngestError):  # no project tables, or a table the form cannot hold
        carried = False
    if not carried:
        pytest.skip("the .xlsx writer does not carry this table yet (test_xlsx_form says so)")
    again = read_bytes(as_xls(workbook), path.with_suffix(".xls").name)
    assert again.layout == "xls"
    assert projects(again) == projects(document)


def test_an_xls_cut_before_its_directory_is_refused_as_damaged() -> None:
    data = (FORMATS / "seed.xls").read_bytes()
    with pytest.raises(IngestError) as caught:
        read_bytes(data[: len(data) // 2], "cut.xls")
    assert caught.value.message.startswith(
        "cut.xls：文件已损坏：像是 Word 或 Excel 97-2003 文件（.doc、.xls），但内容不完整"
    )


def test_an_xls_with_damaged_streams_is_refused_in_chinese() -> None:
    data = bytearray((FORMATS / "seed.xls").read_bytes())
    data[1024:4096] = b"\xff" * 3072  # the workbook stream overwritten, the directory intact
    assert sniff(bytes(data)) == "xls"
    with pytest.raises(IngestError) as caught:
        read_bytes(bytes(data), "broken.xls")
    message = caught.value.message
    assert message.startswith("broken.xls：Excel 97-2003 工作簿已损坏，无法打开")
    assert "另存为 .xlsx 后再导入" in message


def test_the_directory_tells_a_workbook_from_a_word_document() -> None:
    """LibreOffice writes the compound file's directory at its end: the names are read where
    the header says, not looked for in the first bytes."""
    workbook = (FORMATS / "seed.xls").read_bytes()
    word = (FORMATS / "seed.doc").read_bytes()
    assert "Workbook".encode("utf-16-le") not in workbook[:4096]
    assert (sniff(workbook), sniff(word)) == ("xls", "doc")


def test_jixiao_parse_reads_an_xls() -> None:
    result = CliRunner().invoke(app, ["parse", str(FORMATS / "units.xls")])
    assert result.exit_code == 0, result.stderr
    parsed = TargetDocument.from_json(result.stdout_bytes)
    assert (parsed.layout, [p.name for p in parsed.projects]) == (
        "xls",
        ["人事代理专项补助经费", "招商引资工作经费"],
    )
