"""A table read without its header (the copy begins at its indicator grid): the review says the
name is missing — once, as the header's finding — and claims nothing the header would hold (the
budget, goals and code are missing from the copy, not from the table)."""

from __future__ import annotations

from pathlib import Path

from jixiao.core.model import Indicator, Organisation, Project, ReadWarning, TargetDocument
from jixiao.core.value import parse_value
from jixiao.ingest import read_path
from jixiao.review import review_document

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
HEADLESS = "文件中没有这张表的表头（项目名称、主管部门、实施单位、资金等），项目名称和预算单位留空"


def test_the_real_grid_without_its_header_gets_one_finding_for_its_name() -> None:
    document = read_path(CORPUS / "038_sichuan-daying-minzheng-zhuanyi-zhifu-selfeval.txt")
    findings = review_document(document)
    header = [f for f in findings if f.indicator is None and f.rule.startswith("completeness")]
    assert [(f.rule, f.message) for f in header] == [
        (
            "completeness.missing-field",
            "项目（未写明项目名称）：没有项目名称（文件中没有这张表的表头）",
        ),
    ]
    assert header[0].suggestion == "补全表头：填写项目名称、主管部门、实施单位和资金"
    assert not [f for f in findings if f.rule.startswith("relevance")]  # nothing to relate to


def table(name: str, warnings: list[ReadWarning]) -> TargetDocument:
    indicator = Indicator(
        level1="产出指标", level2="数量指标", name="培训人次", target=parse_value("≥200人次")
    )
    project = Project(name=name, unit=Organisation(name=""), indicators=[indicator])
    return TargetDocument(source="t.txt", projects=[project], warnings=warnings)


def test_a_name_left_empty_is_a_finding_with_or_without_the_readers_warning() -> None:
    lost = table("", [ReadWarning(message=HEADLESS, line=3, table="")])
    plain = table("", [])
    rules = lambda document: sorted(f.rule for f in review_document(document))  # noqa: E731
    assert "completeness.missing-code" not in rules(lost)
    assert "completeness.missing-code" in rules(plain)
    messages = [f.detail for f in review_document(plain) if f.rule == "completeness.missing-field"]
    assert messages == ["没有项目名称", "绩效目标为空", "预算数为空"]
