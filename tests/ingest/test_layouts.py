"""Every layout a reader records has a name in the users' words."""

from __future__ import annotations

from jixiao.ingest import READERS
from jixiao.ingest.layouts import TEXTS, layout_name


def test_every_reader_and_format_is_named_in_chinese() -> None:
    assert {reader.layout for reader in READERS} <= set(TEXTS)
    assert layout_name("docx/form") == "Word 文档 · 表格"
    assert layout_name("doc/antiword/seed-text") == (
        "Word 97-2003 文档 · 以 antiword 提取的文字 · 河北版式绩效目标文本"
    )
    assert layout_name("pipe-table") == "以“|”分隔的表格文本"
    assert layout_name(None) == "—"
