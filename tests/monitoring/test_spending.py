from datetime import date
from decimal import Decimal

import pytest

from jixiao.core import model as core
from jixiao.evaluate.monitoring_rules import RulesError, SpendingBands, load_rules
from jixiao.evaluate.spending import (
    PaymentLine,
    checkpoint_date,
    elapsed_percent,
    spending_status,
)

D = Decimal
BANDS = SpendingBands()


def project(plan=(), total="60", unit="万元"):
    return core.Project(
        name="农贸市场改造",
        unit=core.Organisation(name="市商务局"),
        money_unit=unit,
        budget=core.Budget(total=D(total) if total is not None else None),
        spending_plan=[core.Checkpoint(by=by, percent=D(p) if p else None) for by, p in plan],
    )


def pay(day, amount, source="fiscal"):
    return PaymentLine(paid_on=date(2026, *day), amount=D(amount), source=source)


@pytest.mark.parametrize(
    ("by", "due"),
    [
        ("3月底", date(2026, 3, 31)),
        ("3月末", date(2026, 3, 31)),
        ("6月30日", date(2026, 6, 30)),
        ("9月", date(2026, 9, 30)),
        ("十二月底", date(2026, 12, 31)),
        ("12月底", date(2026, 12, 31)),
        ("第一季度末", date(2026, 3, 31)),
        ("二季度", date(2026, 6, 30)),
        ("第三季度末", date(2026, 9, 30)),
        ("上半年", date(2026, 6, 30)),
        ("年底", date(2026, 12, 31)),
        ("全年", date(2026, 12, 31)),
        ("截至 2月底", date(2026, 2, 28)),
        ("2026年5月15日", date(2026, 5, 15)),
        ("视进度", None),
        ("2月30日", None),
        ("13月底", None),
    ],
)
def test_checkpoint_wordings(by, due):
    assert checkpoint_date(by, 2026) == due


def test_elapsed_percent_counts_the_day_itself():
    assert elapsed_percent(date(2026, 3, 31), 2026) == D("24.66")  # 90 / 365
    assert elapsed_percent(date(2026, 12, 31), 2026) == D("100.00")
    assert elapsed_percent(date(2024, 6, 30), 2024) == D("49.73")  # 182 / 366


def test_checkpoint_words_show_the_arithmetic_in_wan_yuan():
    report = spending_status(
        project([("3月底", "25")]), [pay((2, 1), "100000"), pay((3, 5), "50000")],
        year=2026, as_of=date(2026, 4, 10), bands=BANDS,
    )  # fmt: skip
    (cp,) = report.checkpoints
    assert report.budget == D("600000")
    assert cp.spent == D("150000")
    assert cp.actual_percent == D("25.00")
    assert cp.gap == D("0.00")
    assert cp.status == "正常"
    assert cp.words == "截至3月31日支出 15.00 万元 ÷ 预算 60.00 万元 = 25.00%，计划 25.00%，正常"


@pytest.mark.parametrize(
    ("spent", "gap", "status"),
    [
        ("150000", "0.00", "正常"),  # on the plan
        ("160000", "-1.67", "正常"),  # ahead of it
        ("149940", "0.01", "黄"),  # just behind
        ("90000", "10.00", "黄"),  # 10 points behind: still 黄
        ("89940", "10.01", "红"),  # beyond 10
    ],
)
def test_band_boundaries(spent, gap, status):
    report = spending_status(
        project([("3月底", "25")]), [pay((3, 1), spent)], year=2026, as_of=date(2026, 6, 1),
        bands=BANDS,
    )  # fmt: skip
    (cp,) = report.checkpoints
    assert (cp.gap, cp.status) == (D(gap), status)
    assert report.status == status


def test_configured_bands_apply():
    loose = SpendingBands(normal_below=D(5), yellow_below=D(20))
    report = spending_status(
        project([("3月底", "25")]), [pay((3, 1), "90000")], year=2026, as_of=date(2026, 6, 1),
        bands=loose,
    )  # fmt: skip
    assert report.checkpoints[0].status == "黄"


def test_checkpoint_not_yet_due_and_the_worst_due_one_wins():
    report = spending_status(
        project([("3月底", "25"), ("6月底", "65"), ("12月底", "100")]),
        [pay((3, 20), "150000"), pay((5, 2), "120000"), pay((7, 1), "1")],
        year=2026, as_of=date(2026, 6, 30), bands=BANDS,
    )  # fmt: skip
    march, june, december = report.checkpoints
    assert march.status == "正常"
    assert june.actual_percent == D("45.00")
    assert june.gap == D("20.00")
    assert june.status == "红"
    assert december.status == "未到期"
    assert december.spent == D("270000")
    assert "尚未到期" in december.words
    assert report.status == "红"
    assert report.spent == D("270000")
    assert report.rate == D("45.00")
    assert report.curve == ((date(2026, 3, 20), D("150000")), (date(2026, 5, 2), D("270000")))


def test_empty_plan_is_measured_against_elapsed_time():
    report = spending_status(
        project(), [pay((3, 31), "100000", "fiscal"), pay((3, 31), "30000", "other")],
        year=2026, as_of=date(2026, 6, 30), bands=BANDS,
    )  # fmt: skip
    assert report.elapsed_percent == D("49.59")  # 181 / 365
    assert report.rate == D("21.67")
    assert report.status == "红"  # 27.92 points behind 序时进度
    assert report.by_source == {"fiscal": D("100000"), "other": D("30000")}
    assert report.curve == ((date(2026, 3, 31), D("130000")),)


def test_budget_in_yuan_and_missing_budget():
    report = spending_status(
        project([("3月底", "50")], total="1000.50", unit="元"), [pay((1, 2), "500.25")],
        year=2026, as_of=date(2026, 4, 1), bands=BANDS,
    )  # fmt: skip
    assert report.checkpoints[0].actual_percent == D("50.00")
    assert "支出 500.25 元 ÷ 预算 1000.50 元" in report.checkpoints[0].words
    none = spending_status(
        project([("3月底", "50")], total=None), [pay((1, 2), "5")], year=2026,
        as_of=date(2026, 4, 1), bands=BANDS,
    )  # fmt: skip
    assert none.rate is None
    assert none.checkpoints[0].actual_percent is None
    assert "未填预算数" in none.checkpoints[0].words


def test_unreadable_checkpoint_is_not_judged():
    report = spending_status(
        project([("按进度", "50")]), [], year=2026, as_of=date(2026, 4, 1), bands=BANDS
    )
    (cp,) = report.checkpoints
    assert cp.due is None
    assert cp.status == "未到期"
    assert "未写明日期" in cp.words


def test_small_wan_yuan_amount_keeps_its_precision():
    report = spending_status(
        project([("3月底", "1")]), [pay((1, 2), "123.45")], year=2026, as_of=date(2026, 4, 1),
        bands=BANDS,
    )  # fmt: skip
    assert "支出 0.012345 万元" in report.checkpoints[0].words


def test_default_rules_file():
    rules = load_rules()
    assert rules.spending.yellow_below == D(10)
    assert rules.spending.normal_below == D(0)
    assert rules.spending.basis == "default"
    assert "默认设置" in rules.spending.source
    assert isinstance(rules.progress, dict)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[spending]\nyellow_below = 'ten'\n", "spending.yellow_below"),
        ("[spending]\nyellow_below = 120\n", "0 到 100"),
        ("[spending]\nnormal_below = 5\nyellow_below = 2\n", "不能小于"),
        ("[spending]\nbasis = 'law'\n", "spending.basis"),
        ("[spending\n", "格式有误"),
        ("progress = 3\n", "[progress]"),
    ],
)
def test_bad_rules_file_is_refused_in_chinese(tmp_path, text, message):
    path = tmp_path / "rules.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulesError, match=message.replace("[", r"\[")) as error:
        load_rules(path)
    assert "rules.toml" in str(error.value)
