"""Layout `label-lines`: a form copied a row a line, each line a label with its value glued
right after it ("项目名称环保局县域生态环境质量考核工作经费", "金额:100 万元", "专项长期绩效目标1、
加强…"), a value's further lines below it (its numbered items, a paragraph broken over lines).

A line is a label's when it begins with a label the form knows (`cell_form`'s, or one of
`FILING` the model has no field for) and that label is not followed by more of a longer one
(the longest label wins: 专项年度绩效目标, not 年度绩效目标); any other line goes on the value
above it, or, above the form's first label, is the page's title and furniture. The lines are
turned into cells (the label, then its value) and read as a form by `cell_form`. A section the
model has no field for (立项依据, 实施计划 …) is left out, warned of by name; an indicator grid
whose cells are glued in a line (一级指标二级指标…) cannot be split and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.core.model import ReadWarning, TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import (
    FRAGMENT,
    GRID_START,
    IGNORED,
    NAME,
    SECTION,
    Cell,
    read_cells,
)
from jixiao.ingest.cell_grid import written_number
from jixiao.ingest.cell_vocabulary import label_kind
from jixiao.ingest.errors import IngestError

LAYOUT = "label-lines"
_HEAD = 200_000
_LABEL_CHARS = 30
"""Characters a label at the start of a line has at most, its notes (公章) and colon counted."""
_LINE = 2_000
"""Characters a line of the form has at most: a longer one is no line of this layout."""

FILING = frozenset({"项目填报人", "填报人", "填报人联系电话", "业务股室", "填报日期"})
"""Labels of a form's filing details the model has no field for: passed over, as 联系电话 is."""
UNREAD = frozenset({"实施计划", "专项立项依据", "立项依据", "项目概况", "项目总体概况",
                    "项目概况及立项依据", "专项实施进度计划"})  # fmt: skip
"""Sections the model has no field for: left out, warned of by name."""
AMOUNT = "金额"
"""金额:100 万元 on a line of its own: the form's amount (a 资金总额), not a column's heading."""
_TOTAL = "资金总额"


@dataclass
class _Record:
    """A label's line and the lines of its value below it."""

    label: str
    key: str
    line: int
    value: list[str] = field(default_factory=list)
    last: int = 0


def split(line: str) -> tuple[str, str] | None:
    """The label a line begins with, as written, and its key; None when it begins with none.
    The longest prefix that is a label, so 专项年度绩效目标 is not read as 专项 + 年度绩效目标;
    a label followed by one more character (绩效目标表, 年度目标值) is a longer word, no label."""
    head = line[:_LABEL_CHARS]
    if not head or not "\u4e00" <= head[0] <= "\u9fff":
        return None
    for end in range(len(head), 1, -1):
        key = Cell(head[:end], 0).key
        if key in FILING or key in UNREAD or key == GRID_START or _form_label(key):
            rest = line[end:]
            if len(rest) == 1 and not rest.isdigit():
                return None
            return head[:end], key
    return None


def _form_label(key: str) -> bool:
    kind = label_kind(key)
    return kind is not None and (kind not in (SECTION, FRAGMENT) or key == AMOUNT)


def _value(line: str, label: str) -> str:
    return line[len(label) :].lstrip(" :：\t\u3000").rstrip()


def looks_like(text: str) -> bool:
    """A label naming the form with its name glued right after it (项目名称XX, 项目名称:XX — not
    after a space: labels side by side with spaces are another layout), and at least two more
    lines each a form label with its value on the same line, no value beginning with another
    label (a row of labels); lines, not cells between blank lines or bars. One pass over the
    lines of the head."""
    named = False
    labelled = 0  # lines of a label the model has a field for (主管部门, 资金总额, 年度目标 …)
    for _, line in detect.content_lines(text[:_HEAD]):
        stripped = line.strip()
        if len(stripped) > _LINE or "|" in stripped:
            continue
        found = split(stripped)
        value = _value(stripped, found[0]) if found is not None else ""
        if found is None or not value or split(value) is not None:
            continue
        if not _form_label(found[1]) or label_kind(found[1]) == IGNORED:
            continue  # 专项立项依据, 项目填报人 …: the model has no field for them
        label = found[0]
        if label_kind(found[1]) != NAME:
            labelled += 1
        elif not label[-1].isspace() and not stripped[len(label)].isspace():
            named = True
        if named and labelled >= 2:
            return True
    return False


def records(text: str) -> tuple[list[Cell], list[_Record]]:
    """The lines above the form's first label (as cells: the page's title and year among them),
    and each label's line with the lines of its value below it."""
    above: list[Cell] = []
    found: list[_Record] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        label = split(stripped)
        if label is not None:
            record = _Record(label[0], label[1], number, last=number)
            value = _value(stripped, label[0])
            if value:
                record.value.append(value)
            found.append(record)
        elif found:
            found[-1].value.append(stripped)
            found[-1].last = number
        else:
            above.append(Cell(stripped, number))
    return above, found


def read(text: str, source: str) -> TargetDocument:
    above, found = records(text)
    cells = list(above)
    unread: list[_Record] = []
    for record in found:
        if record.key == GRID_START:
            raise IngestError(
                source, "绩效指标表的单元格连在一行里（「一级指标」「二级指标」…之间没有分隔），"
                "分不清各栏的内容", line=record.line,
                expected="每个单元格一行，或以“|”、制表符、空格分隔的绩效指标表",
                hint="请取得原始的 Word、Excel 或 PDF 文件导入，"
                "或从原文件重新复制表格（保留单元格之间的分隔）。",
            )  # fmt: skip
        if record.key in FILING:
            continue
        if record.key in UNREAD:
            unread.append(record)
            continue
        label = _TOTAL if record.key == AMOUNT and _amount(record) else record.label
        cells.append(Cell(label, record.line))
        if record.value:
            cells.append(Cell("\n".join(record.value), record.line))
    document = read_cells(cells, source, LAYOUT, rows=False)
    table = document.projects[-1].name if document.projects else None
    warnings = [
        ReadWarning(
            message=f"「{record.key}」一节未读入（系统暂无对应栏目）",
            line=record.line,
            table=table,
            cell=record.label.strip(),
        )
        for record in unread
    ]
    if found and document.projects and not any(p.indicators for p in document.projects):
        last = found[-1]
        text = last.value[-1] if last.value else last.label
        warnings.append(
            ReadWarning(
                message=f"文件到「{last.key}」一栏为止，这一栏可能不完整，其后的内容（绩效指标表等）"
                "不在文件中；表格在此处被截断，请取得完整的表格后核对",
                line=last.last,
                table=table,
                cell=text[:30] + "…" if len(text) > 30 else text,
            )
        )
    return document.model_copy(update={"warnings": [*document.warnings, *warnings]})


def _amount(record: _Record) -> bool:
    """Whether the 金额 line writes an amount (100 万元), not a unit or a heading."""
    value = "".join(record.value).replace(" ", "")
    return written_number(value.removesuffix("万元").removesuffix("元")) is not None
