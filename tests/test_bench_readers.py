"""The reader bench (`make bench-readers`) on a tiny batch: it writes, reads back and imports every
kind of file and prints a figure for each; the figures themselves are not judged."""

from __future__ import annotations

import re

import pytest

from jixiao import bench_readers
from jixiao.ingest.formats import doc

FIGURE = r"\s+[\d,.]+ files/s\s+[\d,.]+ projects/s\s+\("


def test_the_reader_bench_prints_files_and_projects_per_second_for_each_reader_and_the_import(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    pdf = 3 if doc.soffice_path() is not None else 0
    bench_readers.main(
        ["--docx", "3", "--xlsx", "3", "--pdf", str(pdf), "--html", "3", "--text", "3",
         "--tables", "2", "--no-postgres"]
    )  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    files = 12 + pdf
    tables = 3 * 2 + 3 + pdf + 3 + 3 * 2
    assert lines[0].startswith(f"batch: {files} files, {tables} tables, ")
    suffixes = [".docx", ".xlsx", *([".pdf"] if pdf else []), ".html", ".txt"]
    assert [line.split(" (")[0] for line in lines[1:]] == [
        *(f"read {suffix}" for suffix in suffixes),
        "import → SQLite",
    ]
    for line, count in zip(lines[1:], [3] * len(suffixes) + [files], strict=True):
        assert re.search(rf"\({count} files\){FIGURE}", line), line
    assert "PostgreSQL" not in "\n".join(lines)
