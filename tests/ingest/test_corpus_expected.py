"""Real corpus pages read to the model an expert reads from them.

Each `tests/fixtures/corpus/expected/<page>.json` is the `TargetDocument` of the page of that
name in `tests/fixtures/corpus/`, checked field by field against the text. A model holds only
what the page writes: 037's 年度资金总额 heads a column of amounts and writes none of its own,
so its total is that of its parts （一）财政拨款小计 6.30, （二）自有资金小计 0.00, （三）其他收入 0.00
(6.30, the parts other than 财政拨款 its 其他资金 0.00); 028's 财政拨款 is the sum of its levels'
rows (中央资金, 市级资金 153.5184, 区级资金); 008's 总额 10606.7522 is written with its parts
财政拨款 6923.3552, 二、自有资金 0 and 三、其他 3683.3970, so its 其他资金 is 3683.3970; 006's
项目预算成本构成 (a costs table with its 合计) is no budget: the form labels none; 047's
"其中:财政投款" (sic) is no label the form knows, so its amount is not taken for 财政拨款. A page cut off is read as far as it goes: the part present, and a
warning where it stops (a cut cell, such as 047's "≧" of "≧90%", is left out, never read as a
value). Warnings are no part of the model's JSON; `<page>.warnings.json` holds them, and the last
(where the page stops) is compared by where it points (line, table, cell); the others only need
to name their table. A section the model has no field for is warned of by name, not read: 066's
资金管理情况, 009's 年度主要工作内容 (beside its 职能职责概述) and 总体运行情况. A report written as
prose (020, 021, 045, 052, 057) keeps the sections the model has a field for (职能职责, 部门整体
支出绩效目标, a fund's 绩效目标 and 目标完成情况) and names every other one; 021's 部门决算收支 are
the year's execution, no budget, and are warned of, not read. 030's 当年绩效目标 is
cut inside its cell: the part present is its goal, with the warning where the row stops.
A header's cells that are no label of the form and no label's value are warned of in one
warning, never dropped silently: 037's breakdown of its parts by kind of fund (1、一般公共预算
6.30, 2、政府性基金 0.00 …), which the model has no field for.

A copy that begins below its table's header (018, 038: the grid alone) is read as a table
whose name and unit are not given — empty, never taken from the page's title or prose (038's
title names the unit and year, 018's report names the project only in its text) — its warnings
naming that table "". 068 writes each label with its value glued after it (项目名称环保局…,
金额:100 万元): its header is read as far as the page goes; its 专项立项依据 and 实施计划 are
warned of by name. 007 and 060 (Hubei's 部门整体支出绩效目标申报表 printed to PDF and flattened
into one line, both cut inside 部门职能概述) read their department's name and duties; their
money block's numbers are out of their columns and are warned of, not read; 007's title names
no year (its 填报日期 is no budget year), 060's file-name line names 2023.

033's money block writes 年底金额(万元) 120 (年度金额, mistyped) above 其中:省级补助 120: the
mistyped label is no label of the form, so its 120 is warned of and only the 省级补助 is read (its
财政拨款); its title's 2024 names the fund (2024年省级财政衔接…补助资金), no year of the form.

031 is a 部门整体支出绩效自评表 copied from a page made from Word: every line inside a cell became a
cell of its own (年初 / 预算数, 数量 / 指标, 产出指标 / (50)), joined back only where the pieces
make a label together; its 级预算单位名称 and 陵区林业局 lost their first character, so the label is
told by its tail and the name kept as written. Its money by kind (按收入性质分：一般公共预算
1873.66万元 … 其他资金 2880万元) is its 财政拨款 and 其他资金; the 按支出性质分 parts are warned of.
Its goals and their 实际完成情况 were written a column after the other, each numbered from 目标1.
Rows that drop their empty 偏差原因 cell do not swallow the next indicator's name, and the page
stops at 生态 (of 生态效益指标), which is no indicator.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.core.model import TargetDocument
from jixiao.ingest import read_bytes

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
EXPECTED = sorted(
    path
    for path in (CORPUS / "expected").glob("*.json")
    if not path.name.endswith(".warnings.json")
)
CUT = {
    "001", "006", "007", "008", "009", "014", "016", "017", "018", "020", "021", "025", "027",
    "028", "030", "031", "033", "034", "035", "036", "039", "045", "047", "048", "050", "052", "054", "057",
    "058", "060", "062", "066", "068",
}  # fmt: skip
"""Pages the corpus has only the start of (INDEX.md: truncated)."""


Place = tuple[int | None, str | None, str | None]


def places(document: TargetDocument) -> list[Place]:
    return [(warning.line, warning.table, warning.cell) for warning in document.warnings]


def expected_places(expected: Path) -> list[Place]:
    """The warnings' places from `<page>.warnings.json` (warnings are no part of the model's
    JSON: they describe one reading of the file)."""
    path = expected.with_name(f"{expected.stem}.warnings.json")
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(item["line"], item["table"], item["cell"]) for item in data]


def read(expected: Path) -> tuple[TargetDocument, TargetDocument]:
    page = CORPUS / f"{expected.stem}.txt"
    document = read_bytes(page.read_bytes(), page.name)
    return document, TargetDocument.from_json(expected.read_text(encoding="utf-8"))


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda path: path.stem[:3])
def test_a_corpus_page_reads_to_its_expected_model(expected: Path) -> None:
    document, wanted = read(expected)
    assert document.model_copy(update={"warnings": []}) == wanted
    # where the page stops is said last; the other warnings' number and wording may change
    assert places(document)[-1:] == expected_places(expected)[-1:]
    # every warning names one of the document's tables ("" for a table whose name is not given)
    tables = {project.name for project in document.projects}
    tables |= {document.department.name} if document.department else set()
    assert all(warning.table in tables for warning in document.warnings)


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda path: path.stem[:3])
def test_a_cut_page_says_where_it_stops_and_a_whole_one_loses_no_indicator(
    expected: Path,
) -> None:
    page = CORPUS / f"{expected.stem}.txt"
    document = read_bytes(page.read_bytes(), page.name)
    if expected.stem[:3] in CUT:
        assert document.warnings, "a cut page is read with a warning where it stops"
    else:
        assert all(i.target.raw for p in document.projects for i in p.indicators)


def test_every_expected_model_has_its_page() -> None:
    assert len(EXPECTED) >= 7
    assert all((CORPUS / f"{expected.stem}.txt").is_file() for expected in EXPECTED)
