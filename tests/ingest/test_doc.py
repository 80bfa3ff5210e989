"""Word 97-2003 documents (.doc): converted by LibreOffice (a profile per conversion, so that
conversions at once all succeed) and read as .docx; antiword when LibreOffice is missing or
fails; a clear message when neither can read it. The fixtures are the Word writer's documents
saved as .doc by LibreOffice."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument
from jixiao.export import docx_form
from jixiao.ingest import IngestError, read_bytes, read_path
from jixiao.ingest.formats import doc, sniff

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
FORM = (
    Path(__file__).parents[1]
    / "fixtures"
    / "corpus"
    / "019_hubei-wuhan-qingshan-jiaoyu-target3.txt"
)
SKIP = {"source", "layout"}
needs_libreoffice = pytest.mark.skipif(
    doc.soffice_path() is None, reason="LibreOffice（soffice）未安装：无法转换 .doc"
)
needs_antiword = pytest.mark.skipif(doc.antiword_path() is None, reason="antiword 未安装")


def same(one: TargetDocument, other: TargetDocument) -> bool:
    return one.model_dump(exclude=SKIP) == other.model_dump(exclude=SKIP)


def office_folders() -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob("jixiao-office-*"))


@needs_libreoffice
def test_the_seed_saved_as_doc_reads_back_whole(seed: TargetDocument) -> None:
    data = (FORMATS / "seed.doc").read_bytes()
    assert sniff(data) == "doc"
    document = read_bytes(data, "商务局.doc")
    assert (document.source, document.layout) == ("商务局.doc", "doc/seed-text")
    assert same(document, seed)


@needs_libreoffice
def test_a_form_saved_as_doc_reads_by_its_labels() -> None:
    document = read_bytes((FORMATS / "form.doc").read_bytes(), "form.doc")
    assert document.layout == "doc/form"
    assert same(document, read_path(FORM))


@needs_libreoffice
def test_four_conversions_at_once_all_succeed(
    seed: TargetDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one profile shared, LibreOffice silently drops some of the files converted at once."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # this test's folders only
    files = [(FORMATS / "seed.doc").read_bytes(), (FORMATS / "form.doc").read_bytes()] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        documents = list(pool.map(lambda data: read_bytes(data, "x.doc"), files))
    assert [len(document.projects) for document in documents] == [5, 1, 5, 1]
    assert same(documents[0], seed)
    assert same(documents[2], seed)
    assert same(documents[1], documents[3])
    assert office_folders() == []  # every profile and temporary file removed


@needs_libreoffice
def test_a_conversion_over_its_time_is_stopped_and_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(doc.ConversionError, match="LibreOffice 转换超过 0 秒未完成"):
        doc.convert((FORMATS / "seed.doc").read_bytes(), ".doc", "docx", timeout=0.05)
    assert office_folders() == []


@needs_antiword
def test_without_libreoffice_antiword_reads_the_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "soffice_path", lambda: None)
    document = read_bytes((FORMATS / "form.doc").read_bytes(), "form.doc")
    assert document.layout == "doc/antiword/form"
    assert same(document, read_path(FORM))


@needs_antiword
def test_when_libreoffice_fails_antiword_reads_the_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "soffice_path", lambda: "/bin/false")  # runs, converts nothing
    document = read_bytes((FORMATS / "form.doc").read_bytes(), "form.doc")
    assert document.layout == "doc/antiword/form"
    assert same(document, read_path(FORM))


def test_antiwords_wrapped_cells_are_joined_back() -> None:
    text = (
        "项目绩效目标表\n\n"
        "|一级指标    |三级指标    |指标值  |\n"
        "|产出指标    |按政策审核对|100%    |\n"
        "|            |象资格      |        |\n"
        "|            |按期完成率  |100%    |\n"
    )
    [title, table] = doc.antiword_blocks(text)
    assert isinstance(title, doc.pdf.PageParagraph)
    assert title.text == "项目绩效目标表"
    assert isinstance(table, doc.pdf.PageTable)
    assert table.rows == [
        ["一级指标", "三级指标", "指标值"],
        ["产出指标", "按政策审核对象资格", "100%"],  # the full cell went on below: one cell
        ["", "按期完成率", "100%"],  # the cell above was not full: a row of its own
    ]


def test_neither_tool_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "soffice_path", lambda: None)
    monkeypatch.setattr(doc, "antiword_path", lambda: None)
    with pytest.raises(IngestError) as caught:
        read_bytes((FORMATS / "form.doc").read_bytes(), "form.doc")
    message = caught.value.message
    assert message.startswith("form.doc：未安装 LibreOffice，也未安装 antiword")
    assert "apt-get install libreoffice-writer-nogui" in message
    assert "另存为 .docx 后再导入" in message


def test_a_doc_cut_before_its_directory_is_refused_as_damaged() -> None:
    data = (FORMATS / "form.doc").read_bytes()
    with pytest.raises(IngestError) as caught:
        read_bytes(data[: len(data) // 2], "cut.doc")
    assert caught.value.message.startswith("cut.doc：文件已损坏：像是 Word 或 Excel 97-2003 文件")


@needs_libreoffice
def test_a_doc_with_damaged_streams_is_refused_in_chinese() -> None:
    data = bytearray((FORMATS / "form.doc").read_bytes())
    data[1024:8192] = b"\xff" * (8192 - 1024)  # the text overwritten, the directory intact
    with pytest.raises(IngestError) as caught:
        read_bytes(bytes(data), "broken.doc")
    message = caught.value.message
    assert message.startswith("broken.doc：Word 97-2003 文档（.doc）已损坏或已加密，无法读取")
    assert "另存为 .docx 后再导入" in message


@needs_libreoffice
def test_a_document_written_as_docx_and_saved_as_doc_reads_back(seed: TargetDocument) -> None:
    data = doc.convert(docx_form.render(seed), ".docx", "doc:MS Word 97")
    assert same(read_bytes(data, "seed.doc"), seed)


@needs_libreoffice
def test_jixiao_parse_reads_a_doc() -> None:
    result = CliRunner().invoke(app, ["parse", str(FORMATS / "form.doc")])
    assert result.exit_code == 0, result.stderr
    parsed = TargetDocument.from_json(result.stdout_bytes)
    assert parsed.layout == "doc/form"
    assert same(parsed, read_path(FORM))
