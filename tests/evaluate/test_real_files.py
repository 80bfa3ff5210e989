"""Published self-evaluations read from the page text as published (002 and 036, copied
unchanged from the corpus) and recomputed: the figures the tables print, and their mistakes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.evaluate.check import check_document
from jixiao.evaluate.profile import builtin
from jixiao.ingest import read_path

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
CENTRAL = builtin("central")


def test_002_as_published_execution_100_percent_gives_10_of_10() -> None:
    document = read_path(CORPUS / "002_sichuan-qingshen-fagai-selfeval.txt")
    [check] = check_document(document, CENTRAL)
    execution = check.result.execution
    assert (execution.budget, execution.executed) == (Decimal("251.89"), Decimal("251.89"))
    assert execution.rate_percent == Decimal("100.00")
    assert (execution.score, execution.weight) == (Decimal("10.00"), Decimal("10"))
    assert [item.weight for item in check.result.indicators] == [Decimal("60"), Decimal("30")]
    assert check.result.points == Decimal(100)
    assert [(f.severity, f.detail) for f in check.findings] == [
        ("提示", "产出指标分值合计 60 分，评分方案为 50 分")
    ]


def test_036_as_published_two_unmet_indicators_given_full_marks() -> None:
    document = read_path(CORPUS / "036_anhui-suixi-minzheng-linshijiuzhu-selfeval.txt")
    [check] = check_document(document, CENTRAL)
    assert check.result.execution.score == Decimal("10.00")
    assert check.result.points == Decimal(100)
    details = [(f.field, f.indicator_index, f.detail) for f in check.findings]
    assert details == [
        ("score", 3, "得分写作 5 分，按评分规则应为 4.84 分（正向：实际 4604人 ÷ 目标 4754人 × 分值 5 = "
                     "4.84 分）"),
        ("score", 7, "得分写作 10 分，按评分规则应为 9.09 分（反向：目标 5300元/户 ÷ 实际 5830元/户 × "
                     "分值 10 = 9.09 分）"),
        ("deviation", 7, "未完全达成（得分 9.09 分，分值 10 分），未填写偏差原因分析及改进措施"),
    ]  # fmt: skip
    # The page is cut off in the 满意度 row: its actual is missing, so the total stays open.
    assert check.result.unscored == (9,)
    assert check.result.grade is None


def test_031_a_department_self_evaluation_is_scored_as_its_own_table() -> None:
    """A 部门整体支出绩效自评表 (031) is recomputed like a project's: its 执行率 100% is 3824.26 ÷
    4753.66 = 80.45%, and its findings are placed on the department, no table."""
    document = read_path(CORPUS / "031_hunan-lingling-linye-dept-selfeval.txt")
    [check] = check_document(document, CENTRAL)
    assert check.department
    assert check.position == -1
    execution = check.result.execution
    assert (execution.budget, execution.executed) == (Decimal("4753.66"), Decimal("3824.26"))
    assert execution.rate_percent == Decimal("80.45")
    rate = next(f for f in check.findings if f.field == "rate" and f.severity == "错误")
    assert rate.message.startswith("部门整体自评预算执行率的执行率：执行率写作 100%")
    assert all(f.project_index is None and f.project_name is None for f in check.findings)
    assert len(check.result.indicators) == 10
