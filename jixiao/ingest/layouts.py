"""Layouts in the users' words: the key a reader records (`TargetDocument.layout`: "pipe-table",
"docx/form", "doc/antiword/seed-text" …) as the page and the terminal name it."""

from __future__ import annotations

FORMATS = {
    "docx": "Word 文档",
    "doc": "Word 97-2003 文档",
    "antiword": "以 antiword 提取的文字",
    "pdf": "PDF 文件",
    "xlsx": "Excel 工作簿",
    "xls": "Excel 97-2003 工作簿",
    "html": "网页",
}
TEXTS = {
    "form": "表格",
    "seed-text": "河北版式绩效目标文本",
    "pipe-table": "以“|”分隔的表格文本",
    "cell-lines": "每格一行的表格文本",
    "bar-cells": "每格一行、以“|”隔开的表格文本",
    "spaced-rows": "以空格分隔的表格文本",
    "glued-text": "压成一行、文字相连的表格文本",
    "flat-text": "压成一行、以空格分隔的表格文本",
    "label-lines": "栏目后紧接内容的表格文本",
    "flat-department": "压成一行的部门整体支出绩效目标申报表（湖北版式）",
    "dept-narrative": "部门整体绩效目标的说明文字（河北版式）",
    "prose-target": "正文叙述的项目绩效目标公示",
    "narrative-report": "正文叙述的绩效自评（评价）报告",
    "monitoring-report": "正文叙述的绩效运行监控报告",
    "scrambled": "顺序错乱的文本",
}


def layout_name(layout: str | None) -> str:
    """ "docx/form" → "Word 文档 · 表格"; a key this table does not know is shown as it is."""
    if not layout:
        return "—"
    return " · ".join(FORMATS.get(part) or TEXTS.get(part) or part for part in layout.split("/"))
