"""Writing the Word-text layout back: the same model, and nearly the same bytes."""

from __future__ import annotations

import difflib

from jixiao.core.model import TargetDocument
from jixiao.export.seed_text import render
from jixiao.ingest import read_text


def test_reading_the_written_text_gives_an_identical_model(seed: TargetDocument) -> None:
    again = read_text(render(seed), seed.source)
    assert again == seed


def test_the_written_text_differs_from_the_seed_only_where_the_reader_normalises(
    seed: TargetDocument, seed_text: str
) -> None:
    written = render(seed).splitlines()
    changes = [
        line
        for line in difflib.unified_diff(seed_text.splitlines(), written, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changes == [
        "- 第一部分",
        "+第一部分",
        "-\t≤1版 ",
        "+\t≤1版",
        "-1",  # the page number Word printed at the end, and the blank line after it
        "-",
    ]


def test_writing_twice_is_stable(seed: TargetDocument) -> None:
    text = render(seed)
    assert render(read_text(text, seed.source)) == text
