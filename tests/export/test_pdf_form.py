"""The PDF writer: the Word form printed by LibreOffice, read back to the same model, printed in
parts as printed whole; `jixiao export --format pdf`; a clear message without LibreOffice, and
another when a part's conversion runs past its time limit."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from lxml import etree
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument
from jixiao.export import docx_form, pdf_form
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


# -- printed in parts -----------------------------------------------------------------------------


def pages_of(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def blank_pdf(pages: int) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def printed(
    document: TargetDocument, part: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[bytes, list[bytes]]:
    """The document's PDF printed `part` tables at a time, and each part's PDF."""
    parts: list[bytes] = []

    def recorded(data: bytes, suffix: str, target: str, *, timeout: float) -> bytes:
        parts.append(doc.convert(data, suffix, target, timeout=timeout))
        return parts[-1]

    with monkeypatch.context() as patch:
        patch.setattr(pdf_form, "PART", part)
        patch.setattr(pdf_form, "convert", recorded)
        return render(document), parts


@needs_libreoffice
@pytest.mark.parametrize(
    ("name", "part", "count"),
    [
        (None, 2, 3),  # the seed: the Hebei text, its department part first; 5 tables
        ("048_hunan-changsha-chengjiandanganguan-monitoring-report.txt", 2, 3),  # 5 forms
        ("005_sichuan-jingyan-mata-target.txt", 1, 2),  # a 申报表, then 2 forms
    ],
    ids=["hebei-department", "forms", "department-form"],
)
def test_a_document_printed_in_parts_reads_back_as_printed_whole(
    seed: TargetDocument, name: str | None, part: int, count: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    document = seed if name is None else read_path(CORPUS / name)
    whole, one = printed(document, 1000, monkeypatch)
    data, parts = printed(document, part, monkeypatch)
    assert (len(one), len(parts)) == (1, count)
    back = read_bytes(data, "parts.pdf")
    assert comparable(back) == comparable(read_bytes(whole, "whole.pdf")) == comparable(document)
    assert [p.code for p in back.projects] == [p.code for p in document.projects]
    assert (back.department is not None) == (document.department is not None)
    assert pages_of(data) == sum(map(pages_of, parts))
    if docx_form.layout_for(document) == docx_form.FORM:  # each form begins a page anyway
        assert pages_of(data) == pages_of(whole)
    else:  # each part begins a page
        assert pages_of(whole) <= pages_of(data) < pages_of(whole) + count


def test_the_parts_hold_the_whole_documents_blocks_in_order(seed: TargetDocument) -> None:
    def body(data: bytes) -> str:
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        start = xml.index("<w:body>") + len("<w:body>")
        return xml[start : xml.rindex("<w:p>", 0, xml.index("<w:sectPr", start))]

    projects = seed.projects
    parts = docx_form.parts(seed, lambda: (projects[n : n + 3] for n in range(0, 5, 3)), 2)
    assert len(parts) == 3
    written = []
    for part in parts:
        out = io.BytesIO()
        part.write(out)
        written.append((part.number, part.start, part.count, body(out.getvalue())))
    assert [w[:3] for w in written] == [(1, 0, 2), (2, 2, 2), (3, 4, 1)]
    assert "".join(w[3] for w in written) == body(docx_form.render(seed))
    assert "部门整体绩效目标" in written[0][3]
    assert "3、" in written[1][3]  # numbered on
    assert "部门整体绩效目标" not in written[1][3]


def test_the_body_is_made_printable_an_element_at_a_time(
    seed: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    word = docx_form.render(seed)
    whole = printable(word)
    monkeypatch.setattr(pdf_form, "_READ", 5)  # the body read 5 bytes at a time
    assert printable(word) == whole
    xml = zipfile.ZipFile(io.BytesIO(whole)).read("word/document.xml")
    assert xml.count(b"xmlns:w=") == 1  # the elements do not declare the namespace again


def test_a_part_past_the_time_limit_is_said_so_naming_the_part(
    seed: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []

    def slow(data: bytes, suffix: str, target: str, *, timeout: float) -> bytes:
        calls.append(timeout)
        if len(calls) == 1:
            return blank_pdf(1)
        time.sleep(timeout)  # as `doc.convert` does, LibreOffice stopped at the limit
        raise ConversionError(f"LibreOffice 转换超过 {timeout:.0f} 秒未完成")

    monkeypatch.setattr(doc, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf_form, "convert", slow)
    monkeypatch.setattr(pdf_form, "PART", 2)
    monkeypatch.setattr(pdf_form, "TIMEOUT", 0.2)
    out = io.BytesIO()
    with pytest.raises(pdf_form.ConversionTimeoutError) as caught:
        pdf_form.write(seed, lambda: [seed.projects], out)
    assert (caught.value.part, caught.value.parts) == (2, 3)
    assert (
        str(caught.value) == "PDF 转换超时（第 2 部分，共 3 部分）：LibreOffice 超过 0.2 秒未完成"
    )
    assert calls == [0.2, 0.2]
    assert out.getvalue() == b""  # nothing of the parts before
    with pytest.raises(ConversionError) as said:
        render(seed)
    assert str(said.value).startswith("无法写出 PDF：PDF 转换超时（第 ")
    assert "apt-get" not in str(said.value)  # LibreOffice is there: not a missing install


def test_a_part_that_fails_at_once_is_not_a_timeout(
    seed: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: bytes, suffix: str, target: str, *, timeout: float) -> bytes:
        raise ConversionError("LibreOffice 未能转换该文件（文件可能已损坏或加密）")

    monkeypatch.setattr(doc, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf_form, "convert", broken)
    with pytest.raises(pdf_form.PartError) as caught:
        pdf_form.write(seed, lambda: [seed.projects], io.BytesIO())
    assert str(caught.value) == (
        "PDF 转换失败（第 1 部分，共 1 部分）：LibreOffice 未能转换该文件（文件可能已损坏或加密）"
    )


@needs_libreoffice
def test_libreoffice_really_stopped_at_the_time_limit_is_a_timeout(
    seed: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_form, "TIMEOUT", 0.5)  # far too short for LibreOffice to start
    with pytest.raises(pdf_form.ConversionTimeoutError) as caught:
        pdf_form.write(seed, lambda: [seed.projects], io.BytesIO())
    assert (caught.value.part, caught.value.parts) == (1, 1)
