"""The 审核结论 a document gets: errors send it back; a copy read only in part is not passed."""

from __future__ import annotations

from pathlib import Path

from jixiao.core.model import ReadWarning
from jixiao.ingest import read_path
from jixiao.review import review_document
from jixiao.review.summary import summarize

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


def verdict_of(path: Path) -> str:
    document = read_path(path)
    return str(summarize(document, review_document(document))["verdict"])


def test_a_copy_cut_off_before_its_indicators_gets_no_pass() -> None:
    # 058's copy stops before its indicator grid: nothing is wrong in what was read
    page = next(CORPUS.glob("058_*.txt"))
    said = verdict_of(page)
    assert said.startswith("暂不下结论：表「法治宣传经费、法治建设经费」读入时在中途截断")
    assert "请取得完整的表格后重新审核" in said
    assert "通过" not in said


def test_a_department_table_cut_off_gets_no_pass_either() -> None:
    # 009's copy of a 部门整体 self-evaluation stops at its cover, before any indicator table
    said = verdict_of(next(CORPUS.glob("009_*.txt")))
    assert said.startswith("暂不下结论：表「岳阳市城市管理监督指挥中心」读入时在中途截断")
    assert "通过" not in said


def test_errors_in_a_cut_copy_still_send_it_back() -> None:
    # cut (in 质量指标), with errors in the part read: five values that write only their unit
    page = next(CORPUS.glob("035_*.txt"))
    assert verdict_of(page).startswith("退回修改：")


def test_a_whole_table_is_judged_on_its_findings(seed_path: Path) -> None:
    document = read_path(seed_path)
    assert not document.warnings
    assert summarize(document, review_document(document))["verdict"].startswith("退回修改")
    clean = document.model_copy(update={"projects": document.projects[:1]})
    cut = clean.model_copy(
        update={
            "warnings": [
                ReadWarning(message="表格可能在此处被截断", table=clean.projects[0].name, line=40)
            ]
        }
    )
    findings = [f for f in review_document(cut) if f.severity != "错误"]
    assert summarize(cut, findings)["verdict"].startswith("暂不下结论")
