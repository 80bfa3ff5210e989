from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao.monitoring.models import Payment, PaymentImport
from jixiao.monitoring.payments import (
    LedgerRow,
    bands_words,
    import_ledger,
    may_record,
    monitoring_rules,
    payment_lines,
    record_payment,
    spending_report,
    void_payment,
)
from jixiao.targets.models import Project
from jixiao.targets.workflow import WorkflowError
from tests.web.conftest import World


def filled(world):
    """The filler's first table, approved (payments are recorded against approved tables)."""
    filler = world.users["filler"]
    project = next(p for p in world.projects if may_record(filler, p))
    Project.objects.filter(pk=project.pk).update(status="approved")
    project.status = "approved"
    return project, filler


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


def test_payments_wait_for_the_approved_table(world: World):
    project, filler = filled(world)
    y = year_of(project)
    Project.objects.filter(pk=project.pk).update(status="finance_review")
    project.status = "finance_review"
    with pytest.raises(WorkflowError, match="当前状态为“财政审核”，批复（已批复）后才能录入"):
        record_payment(project, filler, paid_on=date(y, 3, 5), amount=Decimal(1), source="fiscal")
    with pytest.raises(WorkflowError, match="批复"):
        import_ledger(project, filler, [LedgerRow(2, date(y, 2, 1), Decimal(1), "fiscal")],
                      source="台账.csv", content_hash="x")  # fmt: skip
    # the role is told before the state
    with pytest.raises(PermissionDenied):
        record_payment(project, world.users["readonly"], paid_on=date(y, 3, 5),
                       amount=Decimal(1), source="fiscal")  # fmt: skip
    assert not Payment.objects.exists()


def test_a_table_approved_under_the_caller_is_checked_again_under_the_lock(world: World):
    project, filler = filled(world)
    Project.objects.filter(pk=project.pk).update(status="draft")  # adjusted meanwhile
    with pytest.raises(WorkflowError, match="草稿"):
        record_payment(project, filler, paid_on=date(year_of(project), 3, 5), amount=Decimal(1),
                       source="fiscal")  # fmt: skip
    assert not Payment.objects.exists()


def test_a_voided_payment_is_not_voided_twice_and_the_log_keeps_both(world: World):
    from jixiao.audit.models import AuditEntry

    project, filler = filled(world)
    payment = record_payment(project, filler, paid_on=date(year_of(project), 3, 5),
                             amount=Decimal("10.00"), source="fiscal", voucher="V9")  # fmt: skip
    voided = void_payment(payment, filler, "重复录入")
    assert voided.void_reason == "重复录入"
    assert voided.voided_by == filler
    with pytest.raises(WorkflowError, match="已作废"):
        void_payment(payment, filler, "再次作废")
    actions = list(
        AuditEntry.objects.filter(object_type="monitoring.payment", object_id=str(payment.pk))
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert actions == [("payment.record", ""), ("payment.void", "重复录入")]


def test_the_same_ledger_is_not_imported_twice_until_its_payments_are_voided(world: World):
    project, filler = filled(world)
    y = year_of(project)
    rows = [LedgerRow(2, date(y, 2, 1), Decimal("100.00"), "fiscal")]  # no voucher to catch it
    import_ledger(project, filler, rows, source="台账.csv", content_hash="abc")
    with pytest.raises(ValidationError, match=r"内容相同的台账「台账\.csv」已于 .* 导入过（1 笔）"):
        import_ledger(project, filler, rows, source="台账（副本）.csv", content_hash="abc")
    for payment in Payment.objects.filter(project=project):
        void_payment(payment, filler, "整批重导")
    import_ledger(project, filler, rows, source="台账.csv", content_hash="abc")
    assert PaymentImport.objects.filter(project=project).count() == 2


def test_the_bands_are_worded_with_their_source():
    words = bands_words(monitoring_rules().spending)
    assert words.startswith(
        "预警档次（默认设置）：不低于计划为“正常”，落后计划不超过 10 个百分点（含）为“黄”，"
        "超过 10 个百分点为“红”。说明：支出进度的预警档次为本系统的默认设置（各地自行确定）"
    )
    assert monitoring_rules().spending.source in words
