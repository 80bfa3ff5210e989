"""A copy that stops among the 产出指标: every form lists its 产出指标 first and its 效益 and
满意度 below them, so a grid that ends the file there was cut off, and says so (and the review
then claims nothing is missing after the cut)."""

from __future__ import annotations

from pathlib import Path

from jixiao.ingest import read_path, read_text
from jixiao.review import review_document

CUT = "绩效指标表在产出指标处结束，文件也随之结束，没有效益、满意度指标；表格可能在此处被截断"
HEADER = (
    "项目名称", "农村饮水安全巩固提升", "主管部门", "某县水利局", "实施单位", "某县水利局",
    "资金总额", "500", "一级指标", "二级指标", "三级指标", "指标值",
)  # fmt: skip
OUTPUTS = ("产出指标", "数量指标", "受益人口", "≥9200人", "质量指标", "工程验收合格率", "≥95%")


def page(*cells: str) -> str:
    return "\n\n".join(cells) + "\n"


def cut_warnings(text: str) -> list[tuple[int | None, str | None]]:
    document = read_text(text, "page.txt")
    return [(w.line, w.cell) for w in document.warnings if w.message == CUT]


def test_a_grid_that_ends_the_file_among_the_outputs_was_cut_there() -> None:
    # the last cell read is named, not the row's name: the row itself is whole
    assert cut_warnings(page(*HEADER, *OUTPUTS)) == [(37, "≥95%")]


def test_a_grid_that_reaches_the_effects_or_satisfaction_is_no_cut() -> None:
    effects = ("效益指标", "社会效益指标", "饮水安全保障水平", "有所提高")
    satisfaction = ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%")
    assert cut_warnings(page(*HEADER, *OUTPUTS, *effects)) == []
    assert cut_warnings(page(*HEADER, *OUTPUTS, *satisfaction)) == []


def test_the_review_claims_no_category_missing_after_such_a_cut() -> None:
    document = read_text(page(*HEADER, *OUTPUTS), "page.txt")
    said = [f.message for f in review_document(document)]
    assert not any("没有效益指标" in m or "没有满意度指标" in m for m in said)
    # the same grid with the form's closing lines after it is whole: what it lacks, it lacks
    whole = read_text(page(*HEADER, *OUTPUTS, "填报人：张三", "联系电话：123"), "page.txt")
    assert whole.warnings == []
    said = [f.message for f in review_document(whole)]
    assert any("没有效益指标" in m for m in said)
    assert any("没有满意度指标" in m for m in said)


def test_real_copies_cut_among_the_outputs_say_so() -> None:
    corpus = Path(__file__).parents[1] / "fixtures" / "corpus"
    for number in ("026", "035"):
        document = read_path(next(corpus.glob(f"{number}_*.txt")))
        assert [w.message for w in document.warnings].count(CUT) == 1, number
