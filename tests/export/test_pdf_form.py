"""The PDF writer: the Word form printed by LibreOffice, read back to the same model; `jixiao
export --format pdf`; a clear message without LibreOffice."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument
from jixiao.export import docx_form
from jixiao.export.pdf_form import ConversionError, printable, render
from jixiao.ingest import IngestError, read_bytes, read_path
from jixiao.ingest.formats import doc
from tests.export.corpus_tables import readable_corpus

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
SKIP = {"source", "layout"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
needs_libreoffice = pytest.mark.skipif(
    doc.soffice_path() is None, reason="LibreOffice（soffice）未安装：无法把 Word 文档打印成 PDF"
)


def comparable(document: TargetDocument) -> dict[str, object]:
    return document.model_dump(mode="json", exclude=SKIP)


def carried_by_word(document: TargetDocument) -> bool:
    """Whether the .docx the PDF is printed from reads back to the document."""
    try:
        return comparable(read_bytes(docx_form.render(document), "x.docx")) == comparable(document)
    except (ValueError, IngestError):
        return False


@needs_libreoffice
def test_the_seed_reads_back_identically(seed: TargetDocument) -> None:
    data = render(seed)
    assert data.startswith(b"%PDF-")
    back = read_bytes(data, "seed.pdf")
    assert back.layout == "pdf/seed-text"
    assert comparable(back) == comparable(seed)  # the department-wide part too


WRAPPED_BEFORE_AN_ITEM = pytest.mark.xfail(
    strict=True,
    reason="045's 职能职责 runs its items (1)…(12) together in one paragraph; printed, a line "
    "wraps right before (5), and the PDF reader takes a numbered item at a line's start for a "
    "new paragraph (a line break where the paragraph had none)",
)


def pdf_cases() -> list[object]:
    return [
        pytest.param(path, marks=[WRAPPED_BEFORE_AN_ITEM] if path.name.startswith("045_") else [])
        for path in readable_corpus()
    ]


@needs_libreoffice
@pytest.mark.parametrize("path", pdf_cases(), ids=lambda path: path.name[:12])
def test_every_readable_corpus_table_reads_back_identically(path: Path) -> None:
    document = read_path(path)
    if not carried_by_word(document):
        pytest.skip("the Word writer does not carry this table yet (test_docx_form says so)")
    back = read_bytes(render(document), path.with_suffix(".pdf").name)
    assert back.layout in ("pdf/form", "pdf/seed-text")
    assert comparable(back) == comparable(document)


def body(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def test_rows_never_split_and_rows_of_merged_continuations_print_as_rows() -> None:
    document = read_path(CORPUS / "037-tekun.txt")  # an empty 资金支出计划 over two rows
    word = docx_form.render(document)
    before, after = body(word), body(printable(word))
    rows = list(after.iter(W + "tr"))
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)

    def continuation_only(root: etree._Element) -> int:
        count = 0
        for row in root.iter(W + "tr"):
            merges = [cell.find(f"{W}tcPr/{W}vMerge") for cell in row.iter(W + "tc")]
            count += all(m is not None and m.get(W + "val") != "restart" for m in merges)
        return count

    assert (continuation_only(before), continuation_only(after)) == (1, 0)
    # What the Word reader reads is the same either way.
    assert comparable(read_bytes(printable(word), "x.docx")) == comparable(
        read_bytes(word, "x.docx")
    )


def test_spaces_are_printed_as_no_break_spaces(seed: TargetDocument) -> None:
    project = seed.projects[0].model_copy(update={"name": "乡村 振兴 2024 项目"})
    word = docx_form.render(seed.model_copy(update={"projects": [project]}))
    texts = [text.text or "" for text in body(printable(word)).iter(W + "t")]
    assert "乡村\u00a0振兴\u00a02024\u00a0项目" in texts
    assert not any(" " in text for text in texts)


def test_without_libreoffice_the_message_says_what_to_install(
    seed: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc, "soffice_path", lambda: None)
    with pytest.raises(ConversionError) as caught:
        render(seed)
    message = str(caught.value)
    assert message.startswith("无法写出 PDF：未安装 LibreOffice")
    assert "apt-get install libreoffice-writer-nogui" in message
    assert "--format docx" in message


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


@needs_libreoffice
def test_jixiao_export_writes_a_pdf(tmp_path: Path, seed_path: Path, seed: TargetDocument) -> None:
    out = tmp_path / "商务局.pdf"
    code, _, error = run("export", str(seed_path), "--format", "pdf", "-o", str(out))
    assert code == 0, error
    assert comparable(read_path(out)) == comparable(seed)


def test_jixiao_export_without_libreoffice_fails_in_chinese(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc, "soffice_path", lambda: None)
    out = tmp_path / "x.pdf"
    code, _, error = run("export", str(seed_path), "--format", "pdf", "-o", str(out))
    assert code == 2
    assert error.startswith("错误：无法写出 PDF：未安装 LibreOffice")
    assert not out.exists()
