"""What a unit records during the year (运行监控, "双监控"): payments against the project's
资金支出计划, and each indicator's progress at a monitoring round with its evidence.

Money here is always in 元 (a payment ledger's unit), whatever the project's 金额单位; the
spending functions convert. Rows are never deleted: a wrong payment is voided with a reason,
and the audit log keeps who did what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.org.models import FiscalYear, Organisation
from jixiao.targets.models import Project, Status, TargetDocument


class FundSource(models.TextChoices):
    FISCAL = "fiscal", "财政资金"
    OTHER = "other", "其他资金"


class PaymentImport(models.Model):
    """One payment ledger file taken in (all its rows or none)."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="payment_imports"
    )
    source = models.CharField("来源文件", max_length=255)
    content_hash = models.CharField("内容摘要", max_length=64)
    rows = models.PositiveIntegerField("笔数")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "支付台账导入"
        verbose_name_plural = "支付台账导入"
        ordering = ["-imported_at", "-pk"]


class Payment(models.Model):
    """One payment (支付记录) of a project."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField("支付日期")
    amount = models.DecimalField("金额（元）", max_digits=18, decimal_places=2)
    source = models.CharField(
        "资金来源", max_length=16, choices=FundSource.choices, default=FundSource.FISCAL
    )
    voucher = models.CharField("凭证号", max_length=64, blank=True)
    payee = models.CharField("收款方", max_length=200, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    batch = models.ForeignKey(
        PaymentImport, verbose_name="导入批次", null=True, blank=True, on_delete=models.PROTECT,
        related_name="payments",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    void_reason = models.CharField("作废原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "支付记录"
        verbose_name_plural = "支付记录"
        ordering = ["project", "paid_on", "pk"]
        constraints = [
            # one voucher is paid once per project (a voided one may be entered again)
            models.UniqueConstraint(
                fields=["project", "voucher"],
                condition=~models.Q(voucher="") & models.Q(voided_at__isnull=True),
                name="monitoring_payment_voucher_once",
            )
        ]
        indexes = [models.Index(fields=["project", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}元 {self.voucher}"


class MonitoringRound(models.Model):
    """A monitoring round issued by a fiscal bureau: which units report, as of which date (1–6月,
    1–8月 … as local practice has it), by when."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name="预算年度", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        Organisation, verbose_name="组织部门", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("名称", max_length=200)
    period = models.CharField("监控期间", max_length=32)
    """As the forms head their columns: "1-6月", "1-8月"."""
    as_of = models.DateField("截至日期")
    due = models.DateField("报送截止日期")
    organisations = models.ManyToManyField(
        Organisation, verbose_name="参加单位", related_name="monitoring_rounds", blank=True
    )
    """The departments or units that report (each with everything below it)."""
    projects = models.ManyToManyField(
        Project, verbose_name="指定项目", related_name="monitoring_rounds", blank=True
    )
    """When set, only these projects report; otherwise every project of the units reached."""
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "监控轮次"
        verbose_name_plural = "监控轮次"
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return self.title


class LikelihoodChoice(models.TextChoices):
    CERTAIN = "确定能", "确定能"
    POSSIBLE = "有可能", "有可能"
    IMPOSSIBLE = "不可能", "不可能"


class CauseChoice(models.TextChoices):
    FUNDING = "经费保障", "经费保障"
    RULES = "制度保障", "制度保障"
    STAFF = "人员保障", "人员保障"
    FACILITIES = "硬件条件保障", "硬件条件保障"
    OTHER = "其他", "其他"


class MonitoringReport(models.Model):
    """A project's 绩效运行监控表 in one round: it goes 草稿 → 已提交 → 主管部门审核 → 财政审核 →
    已批复 like the targets. Spending to date is computed from the payments; `data` keeps the
    report as submitted (core `Monitoring` and the indicators' progress), so history stays."""

    round = models.ForeignKey(
        MonitoringRound, verbose_name="监控轮次", on_delete=models.PROTECT, related_name="reports"
    )
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="monitoring_reports"
    )
    status = models.CharField("状态", max_length=32, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    expected_executed = models.DecimalField(
        "全年预计执行数（元）", max_digits=18, decimal_places=2, null=True, blank=True
    )
    goal_progress = models.TextField("绩效目标完成情况", blank=True)
    cause_kind = models.CharField(
        "支出偏差原因", max_length=16, choices=CauseChoice.choices, blank=True
    )
    cause = models.TextField("偏差原因说明", blank=True)
    remedy = models.TextField("纠偏措施", blank=True)
    data = models.JSONField("提交时的监控表", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "绩效运行监控表"
        verbose_name_plural = "绩效运行监控表"
        ordering = ["round", "project__position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="monitoring_report_once")
        ]

    lock_related = ("project__unit__parent__parent", "round")
    """What the workflow reads under the row lock (`targets.workflow.change_state`)."""

    def __str__(self) -> str:
        return f"{self.project.name}（{self.round.period}）"

    @property
    def title(self) -> str:
        return f"{self.project.name}绩效运行监控表（{self.round.period}）"


class IndicatorProgress(models.Model):
    """One indicator's progress in a monitoring report: the value reached by the round's date,
    the projected year-end value, the likelihood of meeting the target, and why not / what next."""

    report = models.ForeignKey(
        MonitoringReport, verbose_name="监控表", on_delete=models.CASCADE, related_name="progress"
    )
    indicator_index = models.PositiveIntegerField("指标行")
    """The indicator's position in the project's table (`Project.data["indicators"]`)."""
    indicator_name = models.CharField("三级指标", max_length=255)
    """The name as it stood when the progress was recorded (the table may be adjusted later)."""
    reached = models.CharField("截至目前完成值", max_length=200, blank=True)
    expected = models.CharField("全年预计完成值", max_length=200, blank=True)
    likelihood = models.CharField(
        "完成目标可能性", max_length=8, choices=LikelihoodChoice.choices, blank=True
    )
    cause_kind = models.CharField(
        "偏差原因", max_length=16, choices=CauseChoice.choices, blank=True
    )
    cause = models.TextField("偏差原因说明", blank=True)
    remedy = models.TextField("纠偏措施", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", null=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "指标完成进度"
        verbose_name_plural = "指标完成进度"
        ordering = ["report", "indicator_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator_index"], name="monitoring_progress_once"
            )
        ]


class Evidence(models.Model):
    """A file backing an indicator's progress (佐证材料): stored under the data directory (or
    S3-compatible storage), served only to those who may see the project."""

    progress = models.ForeignKey(
        IndicatorProgress, verbose_name="指标完成进度", on_delete=models.PROTECT,
        related_name="evidence",
    )  # fmt: skip
    file = models.FileField("文件", upload_to="evidence/%Y/%m/", max_length=255)
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    removed_at = models.DateTimeField("移除时间", null=True, blank=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["progress", "uploaded_at", "pk"]


class DepartmentMonitoring(models.Model):
    """A department's summary of one round (部门绩效运行监控汇总): written by the 主管部门 over its
    projects' reports, reviewed by the fiscal bureau (草稿 → 财政审核 → 已批复)."""

    round = models.ForeignKey(
        MonitoringRound, verbose_name="监控轮次", on_delete=models.PROTECT, related_name="summaries"
    )
    document = models.ForeignKey(
        TargetDocument, verbose_name="绩效目标文本", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=32, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    summary = models.TextField("总体情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    remedy = models.TextField("改进措施", blank=True)
    data = models.JSONField("提交时的汇总", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "部门监控汇总"
        verbose_name_plural = "部门监控汇总"
        constraints = [
            models.UniqueConstraint(fields=["round", "document"], name="monitoring_summary_once")
        ]

    lock_related = ("document__department__parent", "round")

    @property
    def title(self) -> str:
        return f"{self.document.department.name}绩效运行监控汇总（{self.round.period}）"
