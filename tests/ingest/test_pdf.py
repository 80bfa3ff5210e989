"""PDF files: the Word forms printed to PDF by LibreOffice (merged cells, cells wrapping over
several lines, tables over page breaks) read as the Word document is; pdfium's text where
pdfplumber has none; scans and damaged files refused in Chinese."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument
from jixiao.export import docx_form, pdf_form
from jixiao.ingest import IngestError, read_bytes, read_path
from jixiao.ingest.formats import doc, pdf, sniff

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
FORM = CORPUS / "019_hubei-wuhan-qingshan-jiaoyu-target3.txt"
SKIP = {"source", "layout"}
needs_libreoffice = pytest.mark.skipif(
    doc.soffice_path() is None, reason="LibreOffice（soffice）未安装：无法把 Word 文档打印成 PDF"
)


def same(one: TargetDocument, other: TargetDocument) -> bool:
    return one.model_dump(exclude=SKIP) == other.model_dump(exclude=SKIP)


def test_a_form_printed_to_pdf_reads_as_its_table() -> None:
    """form.pdf: the 财政部 form of a web-page table, written by the Word writer and printed."""
    data = (FORMATS / "form.pdf").read_bytes()
    assert sniff(data) == "pdf"
    document = read_bytes(data, "form.pdf")
    assert document.layout == "pdf/form"
    assert same(document, read_path(FORM))


def test_cells_wrapped_over_lines_are_joined_and_merged_cells_read_once() -> None:
    data = (FORMATS / "form.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as opened:
        [table] = opened.pages[0].extract_tables()
    cells = [cell for row in table for cell in row if cell]
    wrapped = next(cell for cell in cells if cell.startswith("优化教育布局"))
    assert "\n" in wrapped  # printed over two lines
    [project] = read_bytes(data, "form.pdf").projects
    assert project.long_term_goals == [wrapped.replace("\n", "")]
    assert [i.level1 for i in project.indicators].count("产出指标") == 4  # one cell down 4 rows
    assert [i.name for i in project.indicators][:2] == [
        "重点建设工程安排数量",
        "重点建设工程验收合格率",
    ]


def test_pages_without_text_for_pdfplumber_take_pdfiums(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfplumber drops the text of some fonts (an embedded CMap, no ToUnicode map): pdfium's
    characters and boxes are read instead, to the same document."""
    data = (FORMATS / "form.pdf").read_bytes()
    monkeypatch.setattr(pdf, "_plumber_glyphs", lambda page: [])
    assert same(read_bytes(data, "form.pdf"), read_path(FORM))


def test_a_scan_is_refused_as_needing_ocr_or_the_original() -> None:
    """scan.pdf: form.pdf's page as a picture, as a scanner makes it."""
    with pytest.raises(IngestError) as caught:
        read_bytes((FORMATS / "scan.pdf").read_bytes(), "scan.pdf")
    message = caught.value.message
    assert message.startswith("scan.pdf：PDF 文件中没有文字，像是扫描件或图片")
    assert "文字识别（OCR）" in message
    assert "原始的 Word 或 Excel 文件" in message


@pytest.mark.parametrize("cut", [600, 0.5, -200], ids=["head", "half", "no-trailer"])
def test_a_cut_off_pdf_is_refused_as_damaged(cut: float) -> None:
    data = (FORMATS / "form.pdf").read_bytes()
    end = int(cut * len(data)) if isinstance(cut, float) else cut
    with pytest.raises(IngestError) as caught:
        read_bytes(data[:end], "cut.pdf")
    assert caught.value.message.startswith("cut.pdf：PDF 文件已损坏，无法打开")


@needs_libreoffice
def test_an_encrypted_pdf_is_refused_as_encrypted() -> None:
    options = '{"EncryptFile":{"type":"boolean","value":"true"},'
    options += '"DocumentOpenPassword":{"type":"string","value":"1234"}}'
    data = doc.convert("项目名称\n".encode(), ".txt", f"pdf:writer_pdf_Export:{options}")
    with pytest.raises(IngestError) as caught:
        read_bytes(data, "locked.pdf")
    assert caught.value.message.startswith("locked.pdf：PDF 文件已加密，无法读取")


def test_jixiao_parse_reads_a_pdf() -> None:
    result = CliRunner().invoke(app, ["parse", str(FORMATS / "form.pdf")])
    assert result.exit_code == 0, result.stderr
    parsed = TargetDocument.from_json(result.stdout_bytes)
    assert parsed.layout == "pdf/form"
    assert same(parsed, read_path(FORM))


def test_jixiao_parse_refuses_a_scan_with_exit_code_2() -> None:
    result = CliRunner().invoke(app, ["parse", str(FORMATS / "scan.pdf")])
    assert result.exit_code == 2
    assert "像是扫描件或图片" in result.stderr
    assert "Traceback" not in result.stderr


@needs_libreoffice
def test_the_seed_printed_to_pdf_reads_back_whole(seed: TargetDocument) -> None:
    """Department-wide paragraphs (indented, wrapping over lines, over a page break) and five
    tables, the Hebei layout read by the text layout as Word's text would be."""
    document = read_bytes(pdf_form.render(seed), "seed.pdf")
    assert document.layout == "pdf/seed-text"
    assert same(document, seed)


def printed_as_word_prints(word: bytes) -> bytes:
    """The document as Word users print it: “- 1 -” in the footer, and each table's first row
    repeated at the top of every page the table goes on to."""
    document = docx.Document(io.BytesIO(word))
    footer = document.sections[0].footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer.add_run("- ")
    footer._p.append(field)
    footer.add_run(" -")
    for table in document.tables:
        properties = table.rows[0]._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader"))
    out = io.BytesIO()
    document.save(out)
    return doc.convert(pdf_form.printable(out.getvalue()), ".docx", "pdf:writer_pdf_Export")


@needs_libreoffice
def test_page_numbers_and_header_rows_repeated_on_each_page_are_left_out(
    seed: TargetDocument,
) -> None:
    data = printed_as_word_prints(docx_form.render(seed))
    with pdfplumber.open(io.BytesIO(data)) as opened:
        assert "- 2 -" in opened.pages[1].extract_text()
        firsts = [table.extract()[0][0] for page in opened.pages for table in page.find_tables()]
    assert len(firsts) > len(seed.projects)  # tables went on over page breaks, header repeated
    assert same(read_bytes(data, "printed.pdf"), seed)


@needs_libreoffice
def test_a_pdf_of_other_text_is_not_a_known_layout() -> None:
    data = doc.convert(
        "会议纪要\n\n一、会议时间：2024年1月\n".encode(), ".txt", "pdf:writer_pdf_Export"
    )
    with pytest.raises(IngestError) as caught:
        read_bytes(data, "minutes.pdf")
    assert "无法识别" in caught.value.message


@needs_libreoffice
def test_an_error_names_the_page_not_a_line() -> None:
    document = read_path(FORM)
    word = docx_form.render(document)
    archive = zipfile.ZipFile(io.BytesIO(word))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b">10000<", ">详见附表<".encode(), 1)
            changed.writestr(info, content)
    data = doc.convert(out.getvalue(), ".docx", "pdf:writer_pdf_Export")
    with pytest.raises(IngestError) as caught:
        read_bytes(data, "bad.pdf")
    # The page, never a line of the text the reader rebuilt (which the user cannot see).
    assert caught.value.message.startswith("bad.pdf（第1页）：金额「详见附表」不是数字")


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("计;29.99万元", 7),  # punctuation runs the character into the number: 计;29.99
        ("计；其余", 2),  # closing punctuation stays with its character
        ("计划", 1),
        ("2024年", 5),  # a Latin run up to and with the first Chinese character
    ],
)
def test_what_would_have_had_to_fit_on_the_line_above(text: str, lead: int) -> None:
    """A line ending short of the edge was wrapped only if the next line's start would not have
    fitted after it: that start is what line breaking keeps together (measured in glyphs of
    width 10 here)."""
    glyphs = [pdf.Glyph(c, 10.0 * n, 10.0 * (n + 1), 0.0, 10.0) for n, c in enumerate(text)]
    assert pdf.Line(glyphs, 0.0, 10.0).lead_width() == 10.0 * lead
