"""A 财政部-style form with a 资金支出计划 row, in Word or PDF, is read as that form.

The Hebei table (the seed's) and the form `export.form_layout` draws both have a 资金支出计划
row; only the form has 主管部门 and 实施单位 rows, and only the Hebei table its 预算规模及资金用途.
A table of a unit below the department (the seed's 投资促进中心) written on its own is such a
form — the Hebei text would lose its 主管部门, 商务局 — and it was read as a broken Hebei table
("无法识别的表格行「主管部门」"), found by `make bench-readers`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.model import TargetDocument
from jixiao.export import docx_form, pdf_form
from jixiao.ingest import read_bytes, read_path
from jixiao.ingest.formats import doc

SEED = Path(__file__).parents[1] / "fixtures" / "shanhaiguan-commerce-targets.txt"
SKIP = {"source", "layout"}


@pytest.fixture(scope="module")
def table() -> TargetDocument:
    seed = read_path(SEED)
    [project] = [p for p in seed.projects if p.unit.code == "322003"][:1]
    return seed.model_copy(update={"department": None, "projects": [project]})


def test_one_seed_table_is_written_as_the_form_with_its_plan(table: TargetDocument) -> None:
    assert table.projects[0].spending_plan
    assert table.projects[0].supervisor is not None
    assert table.projects[0].supervisor.name != table.projects[0].unit.name
    assert docx_form.layout_for(table) == docx_form.FORM


def test_a_word_form_with_a_plan_reads_back_as_the_form(table: TargetDocument) -> None:
    again = read_bytes(docx_form.render(table), "table.docx")
    assert again.layout == "docx/form"
    assert again.model_dump(exclude=SKIP) == table.model_dump(exclude=SKIP)


def test_the_hebei_table_is_still_read_as_the_hebei_table() -> None:
    seed = read_path(SEED)
    again = read_bytes(docx_form.render(seed), "seed.docx")
    assert again.layout == "docx/seed-text"
    assert again.model_dump(exclude=SKIP) == seed.model_dump(exclude=SKIP)


@pytest.mark.skipif(doc.soffice_path() is None, reason="LibreOffice（soffice）未安装")
def test_a_printed_form_with_a_plan_reads_back_as_the_form(table: TargetDocument) -> None:
    again = read_bytes(pdf_form.render(table), "table.pdf")
    assert again.layout == "pdf/form"
    assert again.projects == table.projects
