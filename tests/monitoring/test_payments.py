from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao.monitoring.models import Payment
from jixiao.monitoring.payments import (
    LedgerRow,
    import_ledger,
    may_record,
    monitoring_rules,
    payment_lines,
    record_payment,
    spending_report,
    void_payment,
)
from tests.web.conftest import World


def filled(world):
    filler = world.users["filler"]
    return next(p for p in world.projects if may_record(filler, p)), filler


def year_of(project):
    return project.document.fiscal_year.year


def test_filler_records_and_voids_with_reason(world: World):
    project, filler = filled(world)
    y = year_of(project)
    payment = record_payment(
        project, filler, paid_on=date(y, 3, 5), amount=Decimal("1234.50"), source="fiscal",
        voucher="记-001", payee="某公司", note="",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="已录入过"):
        record_payment(project, filler, paid_on=date(y, 3, 6), amount=Decimal(1), source="fiscal",
                       voucher="记-001")  # fmt: skip
    with pytest.raises(ValidationError, match="须说明原因"):
        void_payment(payment, filler, " ")
    void_payment(payment, filler, "金额录错")
    assert payment_lines(project) == []
    record_payment(project, filler, paid_on=date(y, 3, 6), amount=Decimal(1), source="fiscal",
                   voucher="记-001")  # fmt: skip
    assert Payment.objects.filter(project=project).count() == 2


def test_bad_values_and_roles_are_refused(world: World):
    project, filler = filled(world)
    y = year_of(project)
    with pytest.raises(ValidationError) as error:
        record_payment(project, filler, paid_on=date(y - 1, 12, 31), amount=Decimal(0),
                       source="fiscal")  # fmt: skip
    assert "不在项目年度" in str(error.value)
    assert "应大于 0" in str(error.value)
    with pytest.raises(PermissionDenied):
        record_payment(project, world.users["unit_reviewer"], paid_on=date(y, 1, 2),
                       amount=Decimal(1), source="fiscal")  # fmt: skip


def test_ledger_import_is_all_or_nothing(world: World):
    project, filler = filled(world)
    y = year_of(project)
    record_payment(project, filler, paid_on=date(y, 1, 2), amount=Decimal(5), source="fiscal",
                   voucher="V1")  # fmt: skip
    rows = [
        LedgerRow(2, date(y, 2, 1), Decimal("100.00"), "fiscal", "V2"),
        LedgerRow(3, date(y, 2, 2), Decimal("50.00"), "other", "V2"),
        LedgerRow(4, date(y, 2, 3), Decimal("10.00"), "fiscal", "V1"),
    ]
    with pytest.raises(ValidationError) as error:
        import_ledger(project, filler, rows, source="台账.xlsx", content_hash="x")
    messages = error.value.messages
    assert "第 3 行：凭证号 V2 与第 2 行重复" in messages
    assert "第 4 行：凭证号 V1 已录入过，不能重复导入" in messages
    assert Payment.objects.filter(project=project).count() == 1
    batch = import_ledger(project, filler, rows[:1], source="台账.xlsx", content_hash="x")
    assert batch.rows == 1
    assert len(payment_lines(project)) == 2


def test_spending_report_uses_the_configured_rules(world: World, settings, tmp_path):
    project, filler = filled(world)
    y = year_of(project)
    record_payment(project, filler, paid_on=date(y, 1, 2), amount=Decimal(5), source="other")
    report = spending_report(project, date(y, 12, 31))
    assert report.spent == Decimal(5)
    assert report.by_source == {"other": Decimal(5)}
    rules = tmp_path / "rules.toml"
    rules.write_text("[spending]\nyellow_below = 30\n", "utf-8")
    settings.JIXIAO_MONITORING_RULES = str(rules)
    assert monitoring_rules().spending.yellow_below == Decimal(30)
