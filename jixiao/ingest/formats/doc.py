"""Word 97-2003 documents (.doc, as Word and WPS save them): converted to .docx by LibreOffice
and read by the .docx reader (`formats.docx`), so a .doc takes the same path as a .docx.

Each conversion runs LibreOffice headless with a profile of its own, in a fresh temporary
directory removed afterwards (conversions sharing a profile silently drop files when they run
at once), under a time limit (`TIMEOUT`), its whole process group stopped when it overruns.

Without LibreOffice, or when it cannot convert the file, the text `antiword` extracts (tables as
“|”-separated rows, a cell it wrapped joined back) is rebuilt into paragraphs and table rows and
read as a .docx's (`pdf.read_blocks`); the layout is then ``doc/antiword/…``. antiword knows
no indents and leaves out some merged cells' text, so this is a fallback: LibreOffice is what
reads a .doc whole. Neither available: a Chinese message says what to install or how to resave
the file.

`convert` (and `convert_all`, several files in one run) is the project's one LibreOffice call:
the PDF writer (`export.pdf_form`), the bench and the tests' fixtures use it too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from jixiao.core.model import TargetDocument
from jixiao.ingest.errors import IngestError
from jixiao.ingest.formats import docx, pdf

PREFIX = "doc/"
TIMEOUT = 120.0
"""Seconds one conversion may take (a fresh profile costs about 2 s, a long document more)."""
ANTIWORD_TIMEOUT = 60.0
MAX_OUTPUT = 200 * 1024 * 1024
"""Largest converted file accepted."""
INSTALL_HINT = (
    "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui）或 antiword；或用 Word、WPS 打开该文件，另存为 .docx 后再导入。"
)


class ConversionError(Exception):
    """LibreOffice missing, failing or too slow; `str()` is the Chinese message."""


def soffice_path() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def antiword_path() -> str | None:
    return shutil.which("antiword")


def convert(data: bytes, suffix: str, target: str, *, timeout: float = TIMEOUT) -> bytes:
    """The file (`data`, of type `suffix` such as ".doc") converted by LibreOffice to `target`
    (a --convert-to argument: "docx", "pdf", "xls:MS Excel 97"). Raises `ConversionError`."""
    return convert_all([data], suffix, target, timeout=timeout)[0]


def convert_all(
    files: list[bytes], suffix: str, target: str, *, timeout: float = TIMEOUT
) -> list[bytes]:
    """Several files of one type converted by one LibreOffice run (its start-up paid once),
    `timeout` seconds for each; all converted, or `ConversionError`."""
    program = soffice_path()
    if program is None:
        raise ConversionError("未安装 LibreOffice，无法转换文件格式")
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="jixiao-office-") as work:
        folder = Path(work)
        given = [folder / f"file{number}{suffix}" for number in range(len(files))]
        for path, data in zip(given, files, strict=True):
            path.write_bytes(data)
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, given),
        ]
        environment = {**os.environ, "HOME": work, "TMPDIR": work}
        _run(command, environment, timeout * max(1, len(files)))
        converted = []
        for path in given:
            produced = out / f"{path.stem}.{extension}"
            if not produced.is_file() or produced.stat().st_size == 0:
                raise ConversionError("LibreOffice 未能转换该文件（文件可能已损坏或加密）")
            if produced.stat().st_size > MAX_OUTPUT:
                raise ConversionError("LibreOffice 转换后的文件过大")
            converted.append(produced.read_bytes())
        return converted


def _run(command: list[str], environment: dict[str, str], timeout: float) -> None:
    """Run to the end, or stop the whole process group (soffice starts soffice.bin) on time."""
    process = subprocess.Popen(  # noqa: S603 - the program found on PATH, arguments as a list
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        start_new_session=True,
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ConversionError(f"LibreOffice 转换超过 {timeout:.0f} 秒未完成") from None
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # anything it left running in its group


def read(data: bytes, source: str) -> TargetDocument:
    failure: str | None = None
    if soffice_path() is not None:
        try:
            converted = convert(data, ".doc", "docx:MS Word 2007 XML")
        except ConversionError as error:
            failure = str(error)
        else:
            document = docx.read(converted, source)
            layout = (document.layout or "form").removeprefix(docx.PREFIX)
            return document.model_copy(update={"layout": PREFIX + layout})
    text = _antiword_text(data, source, failure)
    return pdf.read_blocks(antiword_blocks(text), source, PREFIX + "antiword/")


def antiword_blocks(text: str) -> list[pdf.PageTable | pdf.PageParagraph]:
    """antiword's text as paragraphs and tables: a paragraph per non-blank line, a table per run
    of “|cell|cell|” lines. A cell antiword wrapped over several lines is joined back: a line
    whose cells line up with the line above, and which has text only below cells the text of
    the line above fills, continues that line's row."""
    blocks: list[pdf.PageTable | pdf.PageParagraph] = []
    rows: list[list[str]] = []
    above: tuple[list[int], list[str]] | None = None  # the last line's cell widths and texts
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            pieces = stripped[1:-1].split("|")
            widths = [_width(piece) for piece in pieces]
            texts = [piece.strip() for piece in pieces]
            if above is not None and _continues(above, widths, texts):
                row = rows[-1]
                for index, piece in enumerate(texts):
                    if piece:
                        row[index] = row[index] + piece
            else:
                rows.append(texts)
            above = (widths, [piece.rstrip() for piece in pieces])
            continue
        if rows:
            blocks.append(pdf.PageTable(0.0, rows, [0] * len(rows)))
            rows, above = [], None
        if stripped:
            blocks.append(pdf.PageParagraph(0.0, stripped, 0))
    if rows:
        blocks.append(pdf.PageTable(0.0, rows, [0] * len(rows)))
    return blocks


def _continues(above: tuple[list[int], list[str]], widths: list[int], texts: list[str]) -> bool:
    widths_above, texts_above = above
    if widths != widths_above or not any(texts):
        return False
    return all(
        not text or _width(texts_above[index]) >= widths[index] - 1
        for index, text in enumerate(texts)
    )


def _width(text: str) -> int:
    """Columns the text takes in antiword's output: two for a Chinese character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _antiword_text(data: bytes, source: str, failure: str | None) -> str:
    program = antiword_path()
    if program is None:
        raise IngestError(
            source,
            (failure or "未安装 LibreOffice")
            + "，也未安装 antiword，无法读取 Word 97-2003 文档（.doc）",
            hint=INSTALL_HINT,
        )
    with tempfile.TemporaryDirectory(prefix="jixiao-antiword-") as work:
        given = Path(work) / "file.doc"
        given.write_bytes(data)
        try:
            done = subprocess.run(  # noqa: S603 - the program found on PATH
                [program, "-m", "UTF-8.txt", "-w", "0", str(given)],
                capture_output=True,
                timeout=ANTIWORD_TIMEOUT,
                check=False,
                env={**os.environ, "HOME": work},
            )
        except subprocess.TimeoutExpired:
            done = None
    if done is None or done.returncode != 0 or not done.stdout.strip():
        raise IngestError(
            source,
            "Word 97-2003 文档（.doc）已损坏或已加密，无法读取"
            + (f"（{failure}）" if failure and "超过" in failure else ""),
            expected="Word 或 WPS 保存的完好 .doc 文档",
            hint="请用 Word 或 WPS 打开该文件确认能正常显示，另存为 .docx 后再导入。",
        )
    return done.stdout.decode("utf-8", errors="replace")
