"""The web-page writer: the official form as an HTML table per project, read back to the same
model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.core.model import TargetDocument
from jixiao.export.html_form import render
from jixiao.ingest import read_bytes, read_path
from tests.cli.test_parse import run
from tests.export.corpus_tables import (
    comparable,
    corpus_document,
    project_cases,
    round_trip_cases,
)


def test_the_seeds_tables_read_back_identically(seed: TargetDocument) -> None:
    back = read_bytes(render(seed).encode(), "seed.html")
    assert back.layout == "html"
    assert back.department is None  # only the project tables are written
    assert [p.model_dump(mode="json") for p in back.projects] == [
        p.model_dump(mode="json") for p in seed.projects
    ]


@pytest.mark.parametrize("path", round_trip_cases())
def test_every_readable_corpus_table_reads_back_identically(path: Path) -> None:
    document = corpus_document(path)
    back = read_bytes(render(document).encode(), path.stem + ".html")
    assert comparable(back) == comparable(document)


@pytest.mark.parametrize("path", project_cases())
def test_every_readable_corpus_tables_projects_read_back_identically(path: Path) -> None:
    document = corpus_document(path)
    back = read_bytes(render(document).encode(), path.stem + ".html")
    assert [p.model_dump(mode="json") for p in back.projects] == [
        p.model_dump(mode="json") for p in document.projects
    ]
    assert back.year == document.year


def test_one_table_per_project_with_rowspan_and_colspan(seed: TargetDocument) -> None:
    page = render(seed)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<script" not in page
    assert page.count('<table class="form">') == 5
    assert '<th class="label" rowspan="3">项目资金（元）</th>' in page
    assert '<th class="title" colspan="7">商务执法大队工作经费绩效目标表</th>' in page
    assert '<td class="amount" colspan="5">60000.00</td>' in page
    assert "1、认真开展商务综合执法工作<br>2、认真开展商务综合执法工作" in page
    # 产出指标 over the three 质量指标 rows of 人事代理专项补助经费
    assert re.search(
        r'<td class="indicator" rowspan="3">产出指标</td><td class="indicator" rowspan="3">质量指标</td>',
        page,
    )


def test_text_is_escaped_and_spaces_kept(seed: TargetDocument) -> None:
    project = seed.projects[0]
    named = project.model_copy(update={"name": "<b>A & B</b>  两格空格"})
    document = seed.model_copy(update={"department": None, "projects": [named]})
    page = render(document)
    assert "&lt;b&gt;A &amp; B&lt;/b&gt; &nbsp;两格空格" in page
    [back] = read_bytes(page.encode(), "x.html").projects
    assert back.name == "<b>A & B</b>  两格空格"


def test_jixiao_export_writes_a_page(seed_path: Path, seed: TargetDocument, tmp_path: Path) -> None:
    written = tmp_path / "seed.html"
    code, _, err = run("export", str(seed_path), "--format", "html", "-o", str(written))
    assert code == 0
    assert "部门整体绩效目标未写出" in err
    assert read_path(written).projects == seed.projects
    code, out, _ = run("export", str(seed_path), "--format", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")


def test_a_self_evaluation_page_has_its_money_block_and_results() -> None:
    document = corpus_document(
        Path(__file__).parents[1]
        / "fixtures"
        / "corpus"
        / "002_sichuan-qingshen-fagai-selfeval.txt"
    )
    page = render(document)
    assert '<th class="title" colspan="9">部门预算项目支出绩效自评表(2023年度)</th>' in page
    assert '<th class="label" rowspan="6">项目资金（万元）</th>' in page  # header and five lines
    assert '<th class="header">执行率</th>' in page
    assert '<td class="amount">238.93</td>' in page
    assert '<th class="header">偏差原因分析及改进措施</th>' in page
    assert '<th class="label">存在问题</th>' in page
