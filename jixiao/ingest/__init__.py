"""Readers: one per layout, each turning a file into the core model (`TargetDocument`).

`read_bytes` / `read_path` pick the reader whose `looks_like` accepts the text; a reader raises
`IngestError` (Chinese, with file, line and what was expected) on anything it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.core.model import TargetDocument
from jixiao.ingest import (
    bar_cells,
    cell_lines,
    dept_narrative,
    flat_department,
    flat_text,
    formats,
    glued_text,
    label_lines,
    monitoring_report,
    narrative_report,
    pipe_table,
    prose_target,
    scrambled,
    seed_text,
    spaced_rows,
)
from jixiao.ingest.errors import IngestError
from jixiao.ingest.lost_heads import lost_heads
from jixiao.ingest.scoring_framework import framework
from jixiao.ingest.source import check_lines, decode, simplify, told

__all__ = ["READERS", "IngestError", "Reader", "read_bytes", "read_path", "read_text"]


@dataclass(frozen=True)
class Reader:
    layout: str
    label: str
    looks_like: Callable[[str], bool]
    read: Callable[[str, str], TargetDocument]


READERS: tuple[Reader, ...] = (
    Reader(
        seed_text.LAYOUT,
        "Word 另存为纯文本的绩效目标文本（河北版式）",
        seed_text.looks_like,
        seed_text.read,
    ),
    Reader(
        pipe_table.LAYOUT,
        "网页表格文本，单元格以“|”分隔（项目支出绩效目标表）",
        pipe_table.looks_like,
        pipe_table.read,
    ),
    Reader(
        cell_lines.LAYOUT,
        "网页表格文本，每个单元格一行、空行分隔（项目支出绩效目标表）",
        cell_lines.looks_like,
        cell_lines.read,
    ),
    Reader(
        bar_cells.LAYOUT,
        "网页表格文本，每个单元格一行、以“|”结束或以“|”行隔开（项目支出绩效目标表）",
        bar_cells.looks_like,
        bar_cells.read,
    ),
    Reader(
        spaced_rows.LAYOUT,
        "复制的表格文本，一行一行、单元格之间只有空格（项目支出绩效目标表）",
        spaced_rows.looks_like,
        spaced_rows.read,
    ),
    Reader(  # before glued-text: its title names it; the tables' readers read it unflattened
        flat_department.LAYOUT,
        "PDF 压成一行的部门整体支出绩效目标申报表（湖北版式：部门(单位)名称、部门总体资金情况、"
        "部门职能概述…）",
        flat_department.looks_like,
        flat_department.read,
    ),
    Reader(  # before flat-text: it claims the flattened lines flat-text cannot read
        glued_text.LAYOUT,
        "整张表压成一行、文字连在一起（或指标表列数较多）的文本（项目支出绩效目标表、自评表）",
        glued_text.looks_like,
        glued_text.read,
    ),
    Reader(
        flat_text.LAYOUT,
        "整张表压成一行的文本，单元格之间以空格分隔（项目支出绩效目标表）",
        flat_text.looks_like,
        flat_text.read,
    ),
    Reader(
        label_lines.LAYOUT,
        "复制的表格文本，一行一栏、栏目后紧接着内容（如“项目名称某某经费”）",
        label_lines.looks_like,
        label_lines.read,
    ),
    Reader(  # after the tables' readers: a narrative holds none of their labels
        dept_narrative.LAYOUT,
        "网页文字的部门整体绩效目标（河北版式：总体绩效目标、分项绩效目标，标题与段落连排或分行）",
        dept_narrative.looks_like,
        dept_narrative.read,
    ),
    Reader(
        prose_target.LAYOUT,
        "网页文字的项目绩效目标公示，指标逐句写在正文中（如“数量指标：种植数量(≥**株)>=17600株”）",
        prose_target.looks_like,
        prose_target.read,
    ),
    Reader(
        monitoring_report.LAYOUT,
        "网页文字的绩效运行监控报告（项目运行绩效监控报告、绩效监控情况报告，一、二、…分节叙述）",
        monitoring_report.looks_like,
        monitoring_report.read,
    ),
    Reader(
        narrative_report.LAYOUT,
        "网页文字的绩效自评报告、绩效评价报告（部门整体支出或项目资金，一、二、…分节叙述）",
        narrative_report.looks_like,
        narrative_report.read,
    ),
    Reader(  # last: it only refuses, saying what it found, text no other layout reads
        scrambled.LAYOUT,
        "从 PDF 或文档网站复制、栏目与内容顺序错乱的文本（只能指出错乱之处）",
        scrambled.looks_like,
        scrambled.read,
    ),
)


def read_text(text: str, source: str) -> TargetDocument:
    """The document in the first layout whose `looks_like` accepts the text. A line longer than
    `source.MAX_LINE` is refused first; text in traditional characters or glossed with pinyin
    (a document site's mirror) is simplified (`source.simplify`), said in a first warning;
    detection and reading are each linear in the text."""
    check_lines(text, source)
    simplified = simplify(text)
    if simplified is not None:
        text = simplified.text
    for reader in READERS:
        if reader.looks_like(text):
            document = reader.read(text, source)
            return told(document, simplified) if simplified is not None else document
    head = text[:_HEAD]
    scoring = framework(head)
    if scoring is not None:  # 绩效评价指标表: how an evaluation scores, no project's targets
        columns = "「" + "」「".join(scoring.columns) + "」"
        raise IngestError(
            source,
            f"「{scoring.title}」是绩效评价指标表（评价指标体系），列出各项指标的{columns}，"
            "是绩效评价打分用的评分框架，不是绩效目标表，也不是绩效自评表，不能作为绩效目标导入",
            line=scoring.line,
            expected="项目支出绩效目标表、部门整体绩效目标或绩效自评表",
            hint="评分框架请在系统的「评分方案」中设置（由系统管理员维护）；导入绩效目标请使用"
            "项目支出绩效目标表或部门整体绩效目标，导入自评结果请使用绩效自评表。",
        )
    found = [label for label in _FORM_WORDS if label in head]
    if not found:
        raise IngestError(
            source,
            "无法识别的版式",
            line=1,
            expected="以下版式之一：" + "；".join(r.label for r in READERS),
            hint="请确认文件是项目支出绩效目标表或部门整体绩效目标；其他版式暂不能读取，"
            "请联系系统管理员提供样表。",
        )
    found.sort(key=head.find)
    first = head.find(found[0])
    line = head.count("\n", 0, first) + 1
    problem = (
        "无法识别的版式：文中有「" + "」「".join(found[:6]) + "」等绩效目标表的栏目，"
        "但单元格的排列不是已知的任何一种"
    )
    length = len(head[head.rfind("\n", 0, first) + 1 :].split("\n", 1)[0])
    if length > _FLAT:
        problem += f"（第{line}行有 {length} 个字符：栏目和内容连在一起，没有分隔）"
    lost = lost_heads(head)
    if lost:  # 级预算单位名称: the form's naming label, its head lost in the copy
        problem += "；" + "，".join(item.describe() for item in lost)
        problem += "，表中没有完整的项目名称或单位名称栏目，无法确定表属于哪个项目或单位"
        line = lost[0].line
    raise IngestError(
        source,
        problem,
        line=line,
        expected="以下版式之一：" + "；".join(r.label for r in READERS),
        hint=(
            "复制的文字丢失了一些单元格开头的字；"
            if lost
            else "从 PDF 或文档网站复制的文字常常顺序错乱或连在一起；"
        )
        + "请取得原始的 Word、Excel 或 PDF 文件导入，或从原文件重新复制表格（保留换行）。",
    )


_HEAD = 200_000
_FORM_WORDS = (
    "项目名称", "专项名称", "资金名称", "部门名称", "主管部门", "实施单位", "资金总额",
    "一级指标", "二级指标", "三级指标", "指标值",
    "年初预算数", "全年执行数", "实际完成值", "全年完成值", "指标名称",  # a self-evaluation's
)  # fmt: skip
"""Words of a target table's own labels: text holding them that no layout claims is a table in
a layout not known, said so with the line of the first."""
_FLAT = 300
"""Characters of the line of the first such word beyond which it is a table flattened into it."""


def read_bytes(data: bytes, source: str, *, encoding: str | None = None) -> TargetDocument:
    """Read a document from bytes: a Word, Excel, PDF or web-page file by its format reader,
    text by its layout; without `encoding` a text's encoding is detected (`decode`)."""
    kind = formats.sniff(data)
    if kind is not None:
        return formats.read(kind, data, source)
    return read_text(decode(data, source, encoding), source)


def read_path(path: Path, *, encoding: str | None = None) -> TargetDocument:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(
            str(path), f"无法读取文件（{error.strerror}）", expected="存在且可读的文件"
        ) from None
    return read_bytes(data, str(path), encoding=encoding)
