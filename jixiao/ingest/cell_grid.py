"""The indicator grid of a form read by its column set (`Grid`), the Hebei form's grid read by
place (`Table`), long-term and annual column groups (`Columns`), the self-evaluation's lines
below the grid (`Results`), and the warnings of a reading (`Notes`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from jixiao.core.framework import (
    bare_label,
    categorize,
    clean_label,
    find_level1,
    framework,
    older_placement,
)
from jixiao.core.model import BasisKind, Category, Indicator, IndicatorMonitoring, ReadWarning
from jixiao.core.value import parse_value
from jixiao.ingest.cell_vocabulary import (
    BASIS_HEADERS,
    BASIS_KINDS,
    DESCRIPTION,
    EVALUATION_LABELS,
    GRID_END,
    GRID_FIELDS,
    LABEL_NOISE,
    NUMBER,
    OPERATORS,
    STANDARD,
    TRAILERS,
    Cell,
    short,
    spaced,
    squeezed,
)
from jixiao.ingest.errors import IngestError

OUTPUTS = "产出指标"


@dataclass
class Notes:
    """The warnings of one document: rows kept with what was read, and why not more."""

    source: str
    items: list[ReadWarning] = field(default_factory=list)
    table: str | None = None

    def add(self, message: str, cell: Cell | None = None) -> None:
        text = cell.text.strip() if cell is not None else ""
        self.items.append(
            ReadWarning(
                message=message,
                line=cell.line if cell is not None else None,
                table=self.table,
                cell=(text[:30] + "…" if len(text) > 30 else text) or None,
            )
        )


def by_place(key: str) -> bool:
    """Whether the header is a column that makes the grid read by place (`Table`)."""
    return key == DESCRIPTION or key in BASIS_HEADERS


def _unreadable_column(source: str, header: Cell) -> IngestError:
    return IngestError(
        source, f"绩效指标表有「{header.text}」列，本版式暂不能读", line=header.line,
        expected="一级指标、二级指标、三级指标、指标值四列（可另有长期、年度两组，"
        "或绩效指标描述、指标值确定依据两列）",
        hint="自评表、带分值或指标解释的表需要另外的读取方式。",
    )  # fmt: skip


def is_trailer(cell: Cell) -> bool:
    """A note or signature line below the form (注:, 填报人, 填 表 人 …)."""
    text = cell.text.lstrip()
    return text.startswith(TRAILERS) or (spaced(text) and squeezed(text[:40]).startswith(TRAILERS))


def level2_of(key: str) -> bool:
    return any(level1.find(key) is not None for level1 in framework())


def label_of(key: str, level1: str | None) -> str | None:
    """ "level1" or "level2" when the cell is a category label (under `level1` as written)."""
    current = find_level1(level1)
    if current is not None and current.find(key) is not None:
        return "level2"
    if find_level1(key) is not None:
        return "level1"
    if level2_of(key):
        return "level2"
    return None


@lru_cache(maxsize=4096)
def category(key: str, level1: str | None) -> str | None:
    """`label_of` for labels that carry their score: 产出指标(50分), 成本指标(0-20)分."""
    label = label_of(key, _scoreless(level1))
    if label is None and key.endswith("分") and len(key) > 1:
        label = label_of(key[:-1], _scoreless(level1))
    if label is None and _LOST_OPENING.fullmatch(key):
        label = label_of(bare_label(key[:-1]), _scoreless(level1))  # 效益指标30分): "(" lost
    return label


def _repeats(level1: str, key: str) -> bool:
    """Whether `key`, after the 一级 label `level1` in a row, names that 一级 itself (成本指标 |
    成本) and no 二级 under it (满意度指标 | 满意度指标 is one, 效益指标 | 满意度指标 one filed the
    older way): no 二级 cell, the row's 三级指标."""
    first = find_level1(_scoreless(level1))
    if first is None or find_level1(key) is not first or first.find(key) is not None:
        return False
    return older_placement(first.name, key) is None


_LOST_OPENING = re.compile(r"[^(（]+\d分?[)）]")
"""A label whose score's opening bracket the copy lost: 效益指标30分)."""


def _scoreless(wording: str | None) -> str | None:
    """The category label without its score: 成本指标(0-20)分 → 成本指标; 效益指标30分) too."""
    if not wording:
        return wording
    key = clean_label(wording)
    if _LOST_OPENING.fullmatch(key):
        return bare_label(key[:-1])
    return key[:-1] if key.endswith("分") and find_level1(key) is None else key


def _categorize(level1: str | None, level2: str | None) -> Category | None:
    return categorize(_scoreless(level1), _scoreless(level2))


def ends_grid(cell: Cell) -> bool:
    text = cell.text.lstrip()
    if spaced(text):
        text = squeezed(text) if short(text, 40) else ""
    return is_trailer(cell) or (len(text) <= 40 and text.startswith(GRID_END))


def column_fields(keys: Sequence[str], fields: Sequence[str | None]) -> list[str | None]:
    """The grid's columns (`fields`, from `GRID_FIELDS`) with the one rule of place of a header:
    a 绩效标准 column followed by another target column (当年预期实现值, 预期实现值) holds each
    indicator's name with its explanation — the Hubei form's 一级指标 | 二级指标 | 绩效标准 |
    当年预期实现值: 办公大楼日常维修维护次数反映… | 2280次 — so it is the grid's name column,
    where the grid has no other (三级指标); where it is the grid's only value column, 绩效标准 is
    the target. `keys` are the header labels, one per field."""
    read = list(fields)
    if "name" in read or STANDARD not in keys:
        return read
    following: str | None = None  # the next column's field, walking from the last column back
    for index in range(len(read) - 1, -1, -1):
        if keys[index] == STANDARD and read[index] == "target" and following == "target":
            read[index] = "name"
        following = read[index] if read[index] is not None else following
    return read


def grid_field(cell: Cell) -> str | None:
    key = cell.key
    return GRID_FIELDS.get(key) or GRID_FIELDS.get(LABEL_NOISE.sub("", cell.text))


def written_number(text: str) -> Decimal | None:
    cleaned = text.strip().replace(",", "").replace("，", "")
    for suffix in ("万元", "元", "分", "%"):
        cleaned = cleaned.removesuffix(suffix).strip()
    if not NUMBER.fullmatch(cleaned):
        return None
    return Decimal(cleaned)


def figure(cell: Cell, notes: Notes) -> Decimal | None:
    """A written figure (238.93, 100.00%, 10分) as written; "/" and blanks are none; any other
    text is kept out of the number with a warning."""
    text = cell.text.strip()
    if text in ("", "/", "-", "—", "／"):
        return None
    number = written_number(text)
    if number is None:
        notes.add(f"「{text}」不是数字，未读入", cell)
    return number


@dataclass
class Row:
    """One indicator row read by column: the cells of each field (unknown columns by header)."""

    cells: dict[str, Cell] = field(default_factory=dict)
    extra: list[tuple[str, Cell]] = field(default_factory=list)
    incomplete: bool = False  # already warned of: the row stops short

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.text.strip() if cell is not None else ""


class Grid:
    """An indicator grid of any column set, recognised by its header labels (`GRID_FIELDS`):
    一级 | 二级 | 三级 | then 指标值 (or 指标性质/计算符号 + 指标值/目标值 + 度量单位), 分值/权重,
    完成值, 得分, 偏差原因, 指标解释, 备注, the monitoring columns …

    Where lines are rows, each row is placed under the header by its first category cell (a
    merged 一级 or 二级 cell is written once and left out of the rows below it), else by its
    name. Where cells come one by one, a row is its category cells, its name and then exactly
    as many cells as the header has columns after 三级指标. A row that cannot be fully read is
    kept with what was read, and a warning."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes

    def read_rows(self, cells: list[Cell], first: int, start: int, end: int) -> list[Indicator]:
        fields: list[str | None] = [None] * (start - first)
        fields += self.columns(cells[start:end])
        rows: list[list[Cell]] = []
        body = list(until_trailer(cells, end))
        for cell in body:
            if not rows or rows[-1][0].line != cell.line:
                rows.append([])
            rows[-1].append(cell)
        while rows and all(not c.text or grid_field(c) for c in rows[0]) and rows[0][0].text:
            fields += [self.column(cell) for cell in rows.pop(0)]  # the header's second line
        ended = False
        after = end + len(body)
        if after < len(cells) and cells[after].outside:
            self.notes.add(_TEXT_AFTER, cells[after])
            ended = True
        for index, row in enumerate(rows):
            filled = next((c for c in row if c.text), None)
            if filled is not None and ends_grid(filled):
                del rows[index:]
                ended = True
                break
        placed = [found for row in rows if (found := self.place(row, fields))]
        at_end = bool(placed) and not ended and end + sum(map(len, rows)) >= len(cells)
        if at_end:
            self.check_last(placed[-1], fields)
        indicators = self.read_placed(placed)
        if at_end and not placed[-1].incomplete:
            self.check_outputs_only(indicators, placed[-1])
        return indicators

    def check_outputs_only(self, indicators: list[Indicator], last: Row) -> None:
        """A grid that ends the file while still among the 产出指标 — no 效益 or 满意度 row, no
        closing text, no other table after it — was cut off there: every form, older or
        current, lists its 产出指标 first and its 效益 and 满意度 below them."""
        reached = {found.name for i in indicators if (found := find_level1(i.level1))}
        if reached != {OUTPUTS}:
            return
        read = [*last.cells.values()]
        where = read[-1] if read else None  # the last cell read: the cut comes after its row
        self.notes.add(
            "绩效指标表在产出指标处结束，文件也随之结束，没有效益、满意度指标；"
            "表格可能在此处被截断",
            where,
        )

    def check_last(self, last: Row, fields: list[str | None]) -> None:
        """A file's last row that stops short of the header's columns was cut off there."""
        named = [n for n in fields if n and n not in ("level1", "level2", "org", "project")]
        named = [n for n in named if n not in ("total", "goals")]
        if last.cells.get("name") is not None and not all(n in last.cells for n in named):
            self.notes.add("最后一个指标行不完整，表格可能在此处被截断", last.cells["name"])
            last.incomplete = True

    def columns(self, headers: list[Cell]) -> list[str | None]:
        """The columns of a header's cells (`column`, then `column_fields`' rule of place)."""
        fields = [self.column(cell) for cell in headers]
        return column_fields([cell.key for cell in headers], fields)

    def column(self, cell: Cell) -> str | None:
        if not cell.text:
            return None
        name = grid_field(cell)
        if name is None:
            self.notes.add("绩效指标表的这一列未能识别，其内容记入备注", cell)
            return "extra:" + cell.text.strip()
        return name

    def place(self, row: list[Cell], fields: list[str | None]) -> Row | None:
        """The row's cells under their columns."""
        if not any(cell.text for cell in row):
            return None
        shift: int | None = None
        for index, cell in enumerate(row):
            label = category(cell.key, None) if cell.text else None
            if label is not None and label in fields and fields.index(label) >= index:
                shift = fields.index(label) - index
                if label == "level1" and self._spans_level2(row, index, fields, shift):
                    # 成本指标 | 人工成本 | ≤620万/月: the 一级 cell spans the 二级 column too
                    row = [*row[: index + 1], Cell("", cell.line), *row[index + 1 :]]
                break
        if shift is None:
            if not row[0].text and len(row) >= len(fields):
                shift = 0  # a full row, merged cells blank
            else:
                first = next(index for index, cell in enumerate(row) if cell.text)
                column = fields.index("name") if "name" in fields else first
                shift = max(column - first, 0)
        placed = Row()
        for index, cell in enumerate(row):
            column = index + shift
            name = fields[column] if column < len(fields) else None
            if name is None:
                if cell.text and column >= len(fields):
                    self.notes.add("指标行的这个单元格在表头各列之外，记入备注", cell)
                    placed.extra.append(("", cell))
                continue
            if name.startswith("extra:"):
                if cell.text:
                    placed.extra.append((name.removeprefix("extra:"), cell))
                continue
            placed.cells.setdefault(name, cell)
        return placed

    @staticmethod
    def _spans_level2(row: list[Cell], index: int, fields: list[str | None], shift: int) -> bool:
        """Whether the cell after a 一级 label is no 二级 label and, placed in the 二级 column,
        would leave the row without a value: then the 一级 cell covers both columns."""
        if "level2" not in fields or "target" not in fields or index + 1 >= len(row):
            return False
        after = row[index + 1]
        if after.text and _repeats(row[index].key, after.key):
            return True  # 成本指标 | 成本 | 10万元: an indicator named after its category
        if not after.text or category(after.key, None) is not None:
            return False
        last = max(n for n, cell in enumerate(row) if cell.text)
        return last + shift < fields.index("target")

    def read_stream(self, cells: list[Cell], headers: list[Cell], start: int) -> list[Indicator]:
        fields = [name for name in self.columns(headers) if name is not None]
        if "name" not in fields:
            self.notes.add("绩效指标表没有「三级指标」列，按第三列读取指标名称", headers[0])
            fields.insert(min(2, len(fields)), "name")
        after = fields[fields.index("name") + 1 :]
        body = []
        ended = False
        for cell in cells[start:]:
            if cell.text and ends_grid(cell):
                ended = True
                break
            body.append(cell)
        rows: list[Row] = []
        level1: str | None = None
        implied: str | None = None  # the 一级 of the 二级 cells where no 一级 is written
        position = 0
        while position < len(body):
            cell = body[position]
            position += 1
            if not cell.text or cell.key == "指标":  # a blank, or the tail of "经济效益 / 指标"
                continue
            label = category(cell.key, level1 or implied)
            if label == "level2" and _heads_its_own(cell, body, position, level1):
                label = "level1"  # 成本指标 | 经济成本指标: the 一级 of the new framework
            if label == "level1":
                level1 = cell.text
                rows.append(Row({"level1": cell}))
                continue
            if label == "level2":
                if level1 is None:  # 数量指标 … 成本指标 under the 产出指标 the copy lost
                    found = _categorize(None, cell.text)
                    implied = found.level1 if found is not None else None
                rows.append(Row({"level2": cell}))
                continue
            if _PLACEHOLDER.fullmatch(cell.text) and not _filled(body, position):
                for _ in after:  # the template's "……" row, left empty: its blanks only
                    if not _filled(body, position) and position < len(body):
                        position += 1
                continue
            cut = _cut_category(cell.text) if not _filled_after(body, position) else None
            if cut is not None:  # the page stops inside a category's label: no indicator
                self.notes.add(
                    f"表格在「{cell.text.strip()}」处中断（像是「{cut}」的开头），其下的指标不在文件中",
                    cell,
                )
                ended = True  # its own warning says where
                break
            row = Row({"name": cell})
            taken = 0
            while taken < len(after) and position < len(body):
                value = body[position]
                if value.text and category(value.key, level1) is not None:
                    break
                if taken == len(after) - 1 and _starts_next_row(body, position, after):
                    taken += 1  # the copy dropped the last, empty text cell: the next row begins
                    break
                position += 1
                if value.text and value.text.strip() == cell.text.strip():
                    self.notes.add(
                        "指标名称在同一行重复出现（合并单元格重复写出），略去重复", value
                    )
                    continue
                name = after[taken]
                taken += 1
                if name.startswith("extra:"):
                    if value.text:
                        row.extra.append((name.removeprefix("extra:"), value))
                    continue
                row.cells[name] = value
            if taken < len(after):
                missing = "、".join(
                    _FIELD_NAMES.get(name, name.removeprefix("extra:")) for name in after[taken:]
                )
                self.notes.add(f"指标行不完整，缺少{missing}；表格可能在此处被截断", cell)
                row.incomplete = True
            rows.append(row)
        indicators = self.read_placed(rows)
        if not ended and rows and not rows[-1].incomplete:
            self.check_outputs_only(indicators, rows[-1])
        return indicators

    def read_placed(self, rows: list[Row]) -> list[Indicator]:
        level1: str | None = None
        level2: str | None = None
        indicators: list[Indicator] = []
        label: Cell | None = None  # a category with no indicator under it yet
        for row in rows:
            cells = row.cells
            if "level1" in cells and cells["level1"].text:
                level1, level2 = cells["level1"].text.strip(), None
                label = cells["level1"]
            if "level2" in cells and cells["level2"].text:
                level2 = cells["level2"].text.strip()
                label = cells["level2"]
            filled = [c for n, c in cells.items() if c.text and n not in ("level1", "level2")]
            if not row.extra and all(_PLACEHOLDER.fullmatch(c.text.strip()) for c in filled):
                continue  # a category row, or the template's "……" row left as it was
            label = None
            name = row.cells.get("name")
            if name is None or not name.text:
                cell = filled[0] if filled else row.extra[0][1]
                self.notes.add("指标行没有三级指标名称，按空名称保留", cell)
            elif NUMBER.fullmatch(name.text.strip()):
                self.notes.add("三级指标名称是一个数字，按原样保留", name)
            if level1 is None and level2 is None and name is not None:
                self.notes.add("指标之前没有一级、二级指标", name)
            indicators.append(self._indicator(row, level1, level2))
        if label is not None:
            self.notes.add("表格在这个指标类别处中断，其下没有指标", label)
        return indicators

    def _indicator(self, row: Row, level1: str | None, level2: str | None) -> Indicator:
        name = row.cells.get("name")
        texts = {field: cell.text.strip() for field, cell in row.cells.items() if cell.text}
        text = written = texts.get("target", "")
        op, nature = texts.get("op", ""), None
        if op and op.replace(" ", "") not in OPERATORS:
            op, nature = "", op  # 指标性质 定量 / 定性
        unit = texts.get("unit", "")
        if op and written and written[0] not in "≥≤=＝><≧≦":
            text = op + written
        if unit and written and not written.endswith(unit):
            text += unit
        if not written and name is not None and name.text and not row.incomplete:
            self.notes.add("指标没有指标值", name)
        notes = [f"{header}：{cell.text.strip()}" if header else cell.text.strip()
                 for header, cell in row.extra]  # fmt: skip
        if "note" in texts:
            notes.insert(0, texts["note"])
        monitoring = None
        if not _MONITORED.isdisjoint(texts):
            monitoring = IndicatorMonitoring(
                midyear=parse_value(texts["midyear"]) if "midyear" in texts else None,
                expected=parse_value(texts["expected"]) if "expected" in texts else None,
                likelihood=texts.get("likelihood"),
                cause=texts.get("cause"),
                remedy=texts.get("remedy"),
            )
        basis = texts.get("basis")
        return Indicator(
            level1=level1,
            level2=level2,
            name=texts.get("name", ""),
            description=texts.get("description"),
            target=parse_value(text),
            basis=basis,
            basis_kind=basis_kind(basis),
            category=_categorize(level1, level2),
            actual=parse_value(texts["actual"]) if "actual" in texts else None,
            weight=self._figure(row, "weight") if "weight" in texts else None,
            score=self._figure(row, "score") if "score" in texts else None,
            deviation=texts.get("deviation"),
            nature=nature,
            direction=texts.get("direction"),
            note="；".join(notes) or None,
            monitoring=monitoring,
        )

    def _figure(self, row: Row, name: str) -> Decimal | None:
        cell = row.cells.get(name)
        return figure(cell, self.notes) if cell is not None else None


_PLACEHOLDER = re.compile(r"[.…。·、\s-]*")
"""A cell holding only the template's "……" (or nothing)."""
_TEXT_FIELDS = frozenset({"deviation", "note", "cause", "remedy"})
"""Free-text columns a row may end with, whose empty cell a copy may drop."""
_VALUE_LIKE = re.compile(r"[≥≤<>=＞＜≧≦]*\s*[-+]?\d+(?:\.\d+)?\s*\S{0,4}")
"""A cell that is a value (16.3万亩, 85%, ≥90), not an indicator's name."""


def _filled_after(body: list[Cell], position: int) -> bool:
    return any(cell.text.strip() for cell in body[position:])


def _cut_category(text: str) -> str | None:
    """The category label whose start `text` is (生态 of 生态效益指标), for the last cell of a
    page cut off; None when it is no such start (or a whole label)."""
    key = text.strip()
    if not 2 <= len(key) <= 6:
        return None
    for level1 in framework():
        for name in (level1.name, *(level2.name for level2 in level1.level2)):
            if name.startswith(key) and name != key:
                return name
    return None


def _filled(body: list[Cell], position: int) -> bool:
    return position < len(body) and bool(body[position].text.strip())


def _starts_next_row(body: list[Cell], position: int, after: list[str]) -> bool:
    """Whether the cell at `position`, where a row's last free-text column (偏差原因, 备注 …) is
    expected, is rather the next row's name: a row fits from it (its 分值 and 得分 are numbers)
    and none fits from the cell after it. A copy drops an empty cell so (031's rows without
    their blank 偏差原因), and the row's text would swallow the next indicator's name."""
    if after[-1] not in _TEXT_FIELDS or not {"weight", "score"} & set(after):
        return False
    if not body[position].text.strip():
        return False
    return _row_fits(body, position, after) and not _row_fits(body, position + 1, after)


def _row_fits(body: list[Cell], start: int, after: list[str]) -> bool:
    """Whether an indicator row could begin at `start`: a name that is no value, and numbers
    (or blanks) where its 分值 and 得分 stand."""
    if start >= len(body):
        return False
    name = body[start].text.strip()
    if not name or _VALUE_LIKE.fullmatch(name) or _PLACEHOLDER.fullmatch(name):
        return False
    for offset, name in enumerate(after, start=start + 1):
        if name not in ("weight", "score"):
            continue
        if offset >= len(body):
            return True
        text = body[offset].text.strip()
        if text and not NUMBER.fullmatch(text):
            return False
    return True


def _heads_its_own(cell: Cell, body: list[Cell], position: int, level1: str | None) -> bool:
    """Whether a 二级 label of the current 一级 (成本指标 under 产出指标) is a 一级 itself: it
    names one, and the next cell is a 二级 of that 一级 and of no other (经济成本指标)."""
    own = find_level1(_scoreless(cell.text))
    current = find_level1(_scoreless(level1))
    if own is None or own is current:
        return False
    following = next((c for c in body[position:] if c.text), None)
    if following is None or own.find(following.key) is None:
        return False
    return current is None or current.find(following.key) is None


_TEXT_AFTER = "绩效指标表到此为止，其后的文字不在表格之内，未作为指标读入"
_MONITORED = frozenset({"midyear", "expected", "likelihood", "cause", "remedy"})
_FIELD_NAMES = {
    "target": "指标值", "op": "指标性质", "unit": "度量单位", "weight": "分值", "score": "得分",
    "actual": "完成值", "deviation": "偏差原因", "description": "指标解释", "note": "备注",
    "basis": "确定依据", "direction": "指标方向性", "midyear": "1-6月完成情况",
    "expected": "全年预计完成情况", "likelihood": "完成目标可能性", "cause": "偏差原因",
    "remedy": "纠偏措施",
}  # fmt: skip


class Results:
    """Below a self-evaluation's grid: 合计, 总分, 等级, 评价结论, 存在问题, 改进措施."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes

    def read(self, cells: list[Cell], start: int) -> dict[str, str]:
        found: dict[str, str] = {}
        stop = next((p for p in range(start + 1, len(cells)) if cells[p].outside), len(cells))
        position = next(
            (p for p in range(start + 1, stop) if cells[p].text and ends_grid(cells[p])), stop
        )
        waiting: str | None = None
        label: Cell | None = None
        for cell in cells[position:stop]:
            text = cell.text.strip()
            if not text:
                continue
            if is_trailer(cell) or squeezed(text[:20]).startswith(("项目负责人", "财务负责人")):
                break
            key = LABEL_NOISE.sub("", text)
            kind = EVALUATION_LABELS.get(key)
            if kind is None and key.startswith("合计"):
                self.notes.add("合计行未读入（合计可由各行算出）", cell)
                waiting = "sum"
                continue
            if kind is not None:
                if waiting is not None and waiting != "sum" and label is not None:
                    self.notes.add(f"「{label.text.strip()}」后没有内容", label)
                waiting, label = kind, cell
                continue
            if waiting == "sum":
                continue
            if waiting is not None:
                found.setdefault(waiting, text)
                waiting = None
        if waiting is not None and waiting != "sum" and label is not None:
            self.notes.add(f"「{label.text.strip()}」后没有内容；表格可能在此处被截断", label)
        return found


class Columns:
    """Long-term and annual columns side by side, one row per indicator, blank cells kept."""

    def __init__(self, source: str, headers: list[Cell]) -> None:
        self.source = source
        self.headers = [LABEL_NOISE.sub("", h.text) for h in headers]

    def read(self, cells: list[Cell], start: int) -> list[Indicator]:
        width = len(self.headers)
        rows = list(until_trailer(cells, start))
        while rows and not rows[-1].text:
            rows.pop()
        if len(rows) % width:
            raise IngestError(
                self.source, f"指标表有 {len(rows)} 个单元格，不是每行 {width} 个的整数倍",
                line=rows[-1].line if rows else None, expected=f"每行 {width} 个单元格（含空白）",
                hint="表格可能被截断或有单元格丢失。",
            )  # fmt: skip
        column = {name: n for n, name in enumerate(self.headers)}
        annual = {k: self._column(column, k, "年度") for k in ("二级指标", "三级指标", "指标值")}
        long_term = [n for n, name in enumerate(self.headers) if "长期" in name]
        indicators = []
        level1: str | None = None
        for offset in range(0, len(rows), width):
            row = rows[offset : offset + width]
            level1 = row[0].text.strip() or level1
            for n in long_term:
                if row[n].text.strip() and not level2_of(row[n].key):
                    raise IngestError(
                        self.source, f"长期指标「{row[n].text.strip()}」暂不能读入",
                        line=row[n].line,
                        expected="长期指标列为空（jixiao 目前只保存年度指标）",
                    )  # fmt: skip
            name = row[annual["三级指标"]].text.strip()
            if not name:
                continue
            level2 = row[annual["二级指标"]].text.strip() or None
            indicators.append(_indicator(level1, level2, name, row[annual["指标值"]].text))
        return indicators

    def _column(self, column: dict[str, int], name: str, period: str) -> int:
        for header, n in column.items():
            if header.startswith(name) and period in header:
                return n
        raise IngestError(self.source, f"指标表没有「{name}（{period}）」列", expected="年度指标列")


_TABLE_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    DESCRIPTION: "description",
    "指标值": "target",
    **dict.fromkeys(BASIS_HEADERS, "basis"),
}


class Table:
    """The grid with 绩效指标描述 and 指标值确定依据 columns (the Hebei form) read by place: one
    row a line (or, cell by cell, a header's width of cells), blank cells kept; a merged 一级 or
    二级 cell is written once, at the top of the rows it spans."""

    def __init__(self, source: str) -> None:
        self.source = source

    def read_rows(self, cells: list[Cell], first: int, start: int, end: int) -> list[Indicator]:
        """`cells[first:end]` is the header line, `cells[start]` its 一级指标."""
        columns = self._columns(cells[first:end], start - first)
        rows: list[list[Cell]] = []
        for cell in until_trailer(cells, end):
            if not rows or rows[-1][0].line != cell.line:
                rows.append([])
            rows[-1].append(cell)
        return self._read(columns, rows, cells[start])

    def read_chunks(self, cells: list[Cell], headers: list[Cell], start: int) -> list[Indicator]:
        columns = self._columns(headers, 0)
        width = len(headers)
        body = list(until_trailer(cells, start))
        while body and not body[-1].text:
            body.pop()
        if len(body) % width:
            raise IngestError(
                self.source, f"指标表有 {len(body)} 个单元格，不是每行 {width} 个的整数倍",
                line=body[-1].line if body else None, expected=f"每行 {width} 个单元格（含空白）",
                hint="表格可能被截断或有单元格丢失。",
            )  # fmt: skip
        rows = [body[offset : offset + width] for offset in range(0, len(body), width)]
        return self._read(columns, rows, headers[0])

    def _columns(self, header: list[Cell], level1: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        for index, cell in enumerate(header[level1:], start=level1):
            if not cell.text:
                continue
            name = _TABLE_COLUMNS.get(cell.key)
            if name is None:
                raise _unreadable_column(self.source, cell)
            columns.setdefault(name, index)
        for name, label in (("name", "三级指标"), ("target", "指标值")):
            if name not in columns:
                raise IngestError(
                    self.source, f"绩效指标表没有「{label}」列", line=header[level1].line,
                    expected="一级指标、二级指标、三级指标、指标值等列",
                )  # fmt: skip
        return columns

    def _read(
        self, columns: dict[str, int], rows: list[list[Cell]], header: Cell
    ) -> list[Indicator]:
        level1: str | None = None
        level2: str | None = None
        indicators: list[Indicator] = []
        for row in rows:
            fields = {
                name: row[index].text.strip() if index < len(row) else ""
                for name, index in columns.items()
            }
            if not any(fields.values()):
                continue
            if fields.get("level1"):
                level1, level2 = fields["level1"], fields.get("level2") or None
            elif fields.get("level2"):
                level2 = fields["level2"]
            if not fields["name"]:
                if fields["target"] or fields.get("description") or fields.get("basis"):
                    raise IngestError(
                        self.source, "指标行没有三级指标名称", line=row[0].line,
                        expected="每行一个三级指标及其指标值",
                    )  # fmt: skip
                continue
            if level1 is None and level2 is None:
                raise IngestError(
                    self.source, f"「{fields['name']}」之前没有一级指标", line=row[0].line,
                    expected="产出指标、效益指标、满意度指标等一级指标",
                )  # fmt: skip
            basis = fields.get("basis") or None
            indicators.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=fields["name"],
                    description=fields.get("description") or None,
                    target=parse_value(fields["target"]),
                    basis=basis,
                    basis_kind=basis_kind(basis),
                    category=categorize(level1, level2),
                )
            )
        if not indicators:
            raise IngestError(
                self.source, "绩效指标表中没有指标", line=header.line,
                expected="至少一行三级指标及其指标值",
            )  # fmt: skip
        return indicators


def basis_kind(basis: str | None) -> BasisKind | None:
    if not basis:
        return None
    return next((kind for kind in BASIS_KINDS if kind in basis), None)


def until_trailer(cells: list[Cell], start: int) -> Iterator[Cell]:
    """The cells from `start` up to a note or signature below the form, or to the page's text
    outside the table (`Cell.outside`)."""
    for cell in cells[start:]:
        if cell.outside or is_trailer(cell):
            return
        yield cell


def _indicator(level1: str | None, level2: str | None, name: str, value: str) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name.strip(),
        target=parse_value(value.strip()),
        category=categorize(level1, level2),
    )
