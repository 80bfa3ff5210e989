"""Pathological input costs no more than its size: detecting the layout and reading are linear.

Each budget is a ratio to reading the seed (about 10 KB, five tables) measured in the same test,
best of three, so a slow or busy machine moves both sides alike. A quadratic pattern blows any
of these budgets by orders of magnitude (100,000 blank lines took 54 s in `cell_lines.looks_like`
before it scanned lines once).
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from jixiao.core.framework import clean_label
from jixiao.core.sentences import indicators_from_sentence
from jixiao.ingest import READERS, IngestError, read_bytes
from jixiao.ingest.source import MAX_LINE

SEED = Path(__file__).parents[1] / "fixtures" / "shanhaiguan-commerce-targets.txt"
CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
SEED_TEXT = CORPUS / "022-huanwei.txt"
PIPES = CORPUS / "022_unknown-kangyi-guozhai-huanwei-target.txt"
CELLS = CORPUS / "042_hunan-yueyangxian-gaobiaozhunnongtian-target.txt"
RUN = MAX_LINE - 1000
"""A run of one pattern within one line: as long as a line may be."""


def seeds(work: Callable[[], object]) -> float:
    """How many readings of the seed `work` costs: each timed three times, in turns with reading
    the seed (so both see the same load), best of three each."""
    seed = SEED.read_bytes()
    read_bytes(seed, "seed.txt")  # warm the caches the seed's values fill
    seed_times, work_times = [], []
    # The rest of the suite's objects are frozen out of the collector's scans: late in a full
    # run, every collection the big input triggers would otherwise rescan them all, timing the
    # heap the suite built rather than the reader.
    gc.collect()
    gc.freeze()
    try:
        for _ in range(3):
            start = time.perf_counter()
            read_bytes(seed, "seed.txt")
            seed_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            work()
            work_times.append(time.perf_counter() - start)
    finally:
        gc.unfreeze()
    return min(work_times) / min(seed_times)


def read_quietly(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_bytes(data, "x.txt")


def with_line(path: Path, number: int, text: str, *, append: bool = True) -> bytes:
    """The file with `text` after (or instead of the content of) its line `number` (from 1)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    line = lines[number - 1]
    indent = line[: len(line) - len(line.lstrip())]
    lines[number - 1] = line + text if append else indent + text
    return "\n".join(lines).encode("utf-8")


BLANK = {
    "100,000 blank lines": b"\n" * 100_000,
    "100,000 lines of spaces": b" \n" * 100_000,
    "100,000 CRLF blank lines": b"\r\n" * 100_000,
    "项目名称 then 100,000 blank lines": "项目名称\n".encode() + b"\n" * 100_000,
    "项目名称 and 一级指标 apart by 50,000 blank lines": (
        "项目名称\n\n" + "\n" * 50_000 + "一级指标\n\n"
    ).encode(),
    "one 10 MB line": b"a" * 10_000_000,
    "one 10 MB line of spaces and a letter": b"x" + b" " * 10_000_000 + b"y",
}
LINES = {
    "100,000 tab-led cells under a title": ("1、X绩效目标表\n" + "\t项目名称\n" * 100_000).encode(),
    "a cell continued over 100,000 lines": (
        "1、X绩效目标表\n\t项目名称\n" + "continued\n" * 100_000
    ).encode(),
    "100,000 piped lines": b"|\n" * 100_000,
    "100,000 cells of a cell-lines form": ("项目名称\n\n" + "x\n\n" * 50_000).encode(),
}


@pytest.mark.parametrize("name", sorted(BLANK))
def test_blank_lines_or_one_huge_line_are_refused_at_the_speed_of_their_size(name: str) -> None:
    data = BLANK[name]
    # Up to 10 MB against the seed's 10 KB, well under a second: each is looked at in a few
    # passes at C speed (100,000 blank lines took 54 s).
    assert seeds(lambda: read_quietly(data)) < 50, name


@pytest.mark.parametrize("name", sorted(LINES))
def test_100000_lines_of_content_are_read_line_by_line_once(name: str) -> None:
    data = LINES[name]
    # 200 times the seed's lines, read by each reader's own loop once; a quadratic step over
    # them would take hours.
    assert seeds(lambda: read_quietly(data)) < 400, name


def test_a_10_mb_line_is_refused_with_its_line_number() -> None:
    with pytest.raises(IngestError, match=r"第2行：这一行有 10000000 个字符，超过每行 10000"):
        read_bytes(b"abc\n" + b"a" * 10_000_000, "x.txt")


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.layout)
@pytest.mark.parametrize(
    "text",
    [
        "\n" * 100_000,
        " \n" * 100_000,
        "项目名称\n" + " \n" * 100_000,
        "项目名称|" * 100_000,
        "绩效目标表" * 4000 + "\n" * 10_000,
        " " * 200_000 + "TC",
    ],
    ids=["blank", "spaces", "项目名称-spaces", "piped-label", "titles", "spaces-tc"],
)
def test_every_readers_detection_is_linear(reader: object, text: str) -> None:
    looks_like = reader.looks_like  # type: ignore[attr-defined]
    assert seeds(lambda: looks_like(text)) < 20


# A long run of one pattern in one place of a real file of each layout: where each reader's
# patterns would backtrack (brackets without their closing one, spaces before TC, list items,
# continuation lines). Each stays within the line limit, so the reader really reads it.
RUNS = {
    "seed-text spaces before TC": (SEED_TEXT, 1, "x" + " " * RUN + "TCx", True),
    "seed-text title followed by spaces": (SEED_TEXT, 3, " " * RUN + "x", True),
    "seed-text opening brackets in a category": (SEED_TEXT, 36, "（" * RUN, True),
    "seed-text ASCII brackets in a category": (SEED_TEXT, 36, "(" * RUN, True),
    "seed-text titles on one line": (SEED_TEXT, 1, "绩效目标表" * (RUN // 5), True),
    "seed-text operators in a value": (SEED_TEXT, 39, "不低于" * (RUN // 3), True),
    "pipe-table opening brackets in a category": (PIPES, 14, "(" * RUN, True),
    "pipe-table many cells": (PIPES, 12, "a|" * (RUN // 2), True),
    "pipe-table label runs": (PIPES, 7, "项目名称 " * (RUN // 5), True),
    "pipe-table brackets in an amount": (PIPES, 8, "(" * RUN, True),
    "cell-lines opening brackets in a label": (CELLS, 16, "（" * RUN, True),
    "cell-lines opening brackets in an amount": (CELLS, 32, "（" * RUN, True),
    "cell-lines opening brackets in a category": (CELLS, 58, "（" * RUN, True),
    "cell-lines spaces in a value": (CELLS, 62, " " * RUN + "1", True),
    "cell-lines numbered goals": (CELLS, 44, " 1、" * (RUN // 3), True),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_long_run_of_one_pattern_is_read_at_the_speed_of_its_size(name: str) -> None:
    path, line, text, append = RUNS[name]
    data = with_line(path, line, text, append=append)
    # About the seed's size, though a run of cells makes thousands of indicators (the seed has
    # about a hundred); a quadratic pattern over a 9,000-character run took 2-3 s, a thousand
    # times the seed.
    assert seeds(lambda: read_quietly(data)) < 100, name


@pytest.mark.parametrize(
    "sentence",
    ["、1" * (RUN // 2), "达到1%、" * (RUN // 5), "为" * RUN + "1", "不少于" + " " * RUN + "两次",
     "1," * (RUN // 2)],
    ids=["list of numbers", "list of percentages", "particles", "spaced operator", "commas"],
)  # fmt: skip
def test_a_department_indicator_sentence_is_read_at_the_speed_of_its_size(sentence: str) -> None:
    # Each 、 item was once tried again on the whole clause before it: cubic in the items (a
    # 4,000-character list took 33 s). Linear, the commas still make 4,500 indicators.
    assert seeds(lambda: indicators_from_sentence(sentence)) < 200


def test_a_label_of_unclosed_brackets_is_cleaned_at_the_speed_of_its_size() -> None:
    label = "（" * 1_000_000  # a hundred times the seed's size
    assert seeds(lambda: clean_label.__wrapped__(label)) < 50
    assert clean_label("产出指标（必填）") == "产出指标"
    assert clean_label("（（a） b（") == "b（"  # as the notes pattern has always read it


def test_the_rewritten_detection_still_tells_each_layout() -> None:
    assert read_bytes(SEED_TEXT.read_bytes(), "a").layout == "seed-text"
    assert read_bytes(PIPES.read_bytes(), "b").layout == "pipe-table"
    assert read_bytes(CELLS.read_bytes(), "c").layout == "cell-lines"
