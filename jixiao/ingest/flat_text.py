"""Layout `flat-text`: a whole 项目支出绩效目标表 flattened into one line, as a document site's
preview or a docx-to-text converter gives it (``项目名称 委托业务项目 主管部门 … 一级指标 二级
指标 三级指标 指标值 产出指标 数量指标 培训人次 ≥95人次 …``), often after the site's own text.

Nothing marks a row, and a single space marks a cell at best, so the cells are recovered from
the form's own labels, and only where that leaves no doubt:

- the words between two header labels (项目名称, 主管部门, 实施单位, 年度资金总额 … as
  `cell_form` knows them) are one value, spaces kept; labels side by side (中期目标 年度目标)
  are followed by one word each;
- after 一级指标, a grid of the four columns (二级指标, 三级指标, 指标值) is a stream of words:
  the framework's 一级/二级 category names set the category, then each 三级指标 word is followed
  by its 指标值 word, as `cell_form` reads any stream of cells.

Anything else is refused with the line, what was recognised and what is missing, never guessed:
text run together without spaces (``项目名称镇域内基础设施建设项目属性…``: where a value ends
and a label starts cannot be told), a grid with more columns (年度指标值, 实际完成值, 分值, 得分,
偏差原因 …: a blank cell leaves no trace, so rows cannot be told apart), or a block of words
after labels side by side that does not split one word each.
"""

from __future__ import annotations

from functools import lru_cache

from jixiao.core.framework import find_level1, framework
from jixiao.core.model import TargetDocument
from jixiao.ingest import detect
from jixiao.ingest.cell_form import (
    ACHIEVED,
    GOALS,
    GRID_FIELDS,
    GRID_START,
    LABELS,
    LONG_TERM,
    NAME,
    Cell,
    read_cells,
)
from jixiao.ingest.cell_vocabulary import squeezed
from jixiao.ingest.errors import IngestError

LAYOUT = "flat-text"
_HEAD = 200_000
_MIN_LENGTH = 200
"""Characters a line holding a whole form has at least (a header row alone is shorter)."""
_LABEL_LENGTH = 24
_NAMES = tuple(label for label, kind in LABELS.items() if kind == NAME)
_HEADER_WORDS = ("主管部门", "实施单位", "预算单位", "资金总额", GRID_START)
_SIDE_BY_SIDE = frozenset({GOALS, LONG_TERM, ACHIEVED})
"""Labels that stand side by side above their texts (中期目标 | 年度目标)."""
_COLUMNS = ("二级指标", "三级指标")
_TARGETS = ("指标值", "年度指标值", "指标目标值", "目标值")
"""The one value column of a four-column grid, by its header (notes in brackets dropped)."""


def looks_like(text: str) -> bool:
    """A line of at least `_MIN_LENGTH` characters holding 项目名称 and another label of the
    form's header or grid. Substring tests at C speed, one pass over the lines of the head."""
    for line in detect.long_lines(text[:_HEAD], _MIN_LENGTH):
        if "|" in line:
            continue  # a row of a pipe table, however wide, is no flattened form
        if _holds_form(line) or _holds_form(squeezed(line)):  # labels spaced out: 项 目 名 称
            return True
    return False


def _holds_form(line: str) -> bool:
    return _names_a_form(line) and any(word in line for word in _HEADER_WORDS)


def _names_a_form(line: str) -> bool:
    return any(name in line for name in _NAMES)


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    return Cell(word, 0).key if len(word) <= _LABEL_LENGTH else ""


def _is_label(word: str) -> bool:
    key = _key(word)
    return key in LABELS or key == GRID_START


def _words(text: str) -> list[Cell]:
    """The words from the first line holding the form on, each with its line; a note in
    brackets after a label (``项目资金 (万元)``) stays with it."""
    found: list[Cell] = []
    started = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not started and len(line) >= _MIN_LENGTH:
            started = _names_a_form(line) or _names_a_form(squeezed(line))
        if not started:
            continue
        for word in detect.join_spaced(line.split(), _known):
            if (
                found
                and found[-1].line == number
                and word.startswith(("(", "（"))
                and _is_label(found[-1].text)
            ):
                found[-1] = Cell(found[-1].text + word, number)
            else:
                found.append(Cell(word, number))
    return found


def _known(text: str) -> bool:
    key = _key(text)
    return key in LABELS or key in GRID_FIELDS or _is_category(key)


def cells(text: str, source: str) -> list[Cell]:
    """The form's cells, or `IngestError` where the flattened text leaves them in doubt."""
    words = _words(text)
    name = next((n for n, word in enumerate(words) if LABELS.get(_key(word.text)) == NAME), None)
    grid = next((n for n, word in enumerate(words) if _key(word.text) == GRID_START), None)
    if name is None or (grid is not None and grid < name):
        raise _run_together(source, text, words)
    body = _grid(words[grid:], source) if grid is not None else []
    found = list(words[:name])  # the page's own text and the form's title: a word each
    found += _header(words[name : len(words) if grid is None else grid], source, text)
    return found + body


def _header(words: list[Cell], source: str, text: str) -> list[Cell]:
    """Labels as cells; the words up to the next label one value, or one word each after
    labels side by side."""
    found: list[Cell] = []
    waiting = 0  # labels in a row, each waiting for its value
    block: list[Cell] = []

    def flush() -> None:
        if not block:
            return
        if waiting > 1 and len(block) != waiting:
            labels = "」「".join(cell.text for cell in found[-waiting:])
            raise IngestError(
                source,
                f"整张表压成了一行，「{labels}」并排，其后的 {len(block)} 个词分不出各自的内容",
                line=block[0].line,
                expected="每个单元格一行（或以“|”、制表符分隔）的表格文本",
                hint=_HINT,
            )
        if waiting > 1:
            found.extend(block)
        else:
            found.append(Cell(" ".join(cell.text for cell in block), block[0].line))
        block.clear()

    for word in words:
        if _is_label(word.text):
            if block:
                flush()
                waiting = 0
            found.append(word)
            # goals side by side wait for a text each; any other label ends the run (a label
            # followed by another has no value)
            waiting = waiting + 1 if LABELS.get(_key(word.text)) in _SIDE_BY_SIDE else 0
        else:
            block.append(word)
    flush()
    if not any(_is_label(cell.text) for cell in found[1:]):
        raise _run_together(source, text, words)
    return found


def _grid(words: list[Cell], source: str) -> list[Cell]:
    """一级指标, its column headers, then the body a word a cell: only a four-column grid."""
    columns = [words[0]]
    position = 1
    while position < len(words) and not _is_category(_key(words[position].text)):
        columns.append(words[position])  # the header: every word up to the first category
        position += 1
    keys = [_key(cell.text) for cell in columns[1:]]
    targets = [key for key in keys if key in _TARGETS]
    if len(targets) != 1 or any(key not in _COLUMNS and key not in _TARGETS for key in keys):
        # a flattened grid keeps no trace of a blank cell: with more columns rows run together
        shown = "」「".join(cell.text for cell in columns[1:]) or "（无）"
        raise IngestError(
            source,
            f"整张表压成了一行，绩效指标表的列为「{shown}」：除三级指标和一列指标值外，"
            "空单元格不留痕迹，各行各列无法分清",
            line=columns[0].line,
            expected="每个单元格一行（或以“|”、制表符分隔）的表格文本；压成一行的表只能读"
            "一级指标、二级指标、三级指标、指标值四列",
            hint=_HINT,
        )
    return words


@lru_cache(maxsize=4096)
def _is_category(key: str) -> bool:
    if not key:
        return False
    return find_level1(key) is not None or any(l1.find(key) is not None for l1 in framework())


_HINT = "请取得原始的 Word 或 Excel 文件导入，或从原文件重新复制表格（保留换行）。"


def _run_together(source: str, text: str, words: list[Cell]) -> IngestError:
    """Labels found only inside longer words: the text is run together."""
    line = words[0].line if words else 1
    found = [label for label in (*_NAMES, *_HEADER_WORDS) if label in text[:_HEAD]]
    # 资金名称 within 专项资金名称 is no label of its own
    found = [label for label in found if not any(label != o and label in o for o in found)]
    return IngestError(
        source,
        "整张表压成了一行，文字连在一起（已认出「" + "」「".join(dict.fromkeys(found)) + "」），"
        "栏目和内容之间没有分隔，分不清各自的内容",
        line=line,
        expected="每个单元格一行（或以“|”、制表符、空格分隔）的表格文本",
        hint=_HINT,
    )


def read(text: str, source: str) -> TargetDocument:
    return read_cells(cells(text, source), source, LAYOUT, rows=False)
