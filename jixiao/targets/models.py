"""A stored target document and its project tables.

The core model (`jixiao.core.model`) is the one schema: each row keeps its part of it as JSON
(`data`), exactly as the readers produced it (money as decimal strings, wording as written). The
columns beside it are copies for listing, filtering and summing.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from jixiao.core import model as core
from jixiao.org.models import FiscalYear, Organisation


class JSONValues(models.JSONField):  # type: ignore[type-arg]
    """A JSON column inserted in bulk one value a placeholder: PostgreSQL's bulk insert would
    otherwise send each column as one array, which psycopg quotes character by character in
    Python — most of an import's time for tables' content and findings."""

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"


class Status(models.TextChoices):
    """Where a project table stands in the review cycle."""

    DRAFT = "draft", "草稿"
    RETURNED = "returned", "已退回"
    SUBMITTED = "submitted", "已提交"
    DEPARTMENT_REVIEW = "department_review", "主管部门审核"
    FINANCE_REVIEW = "finance_review", "财政审核"
    APPROVED = "approved", "已批复"


EDITABLE = (Status.DRAFT, Status.RETURNED)
"""States in which the unit may still change the content (a returned table is edited and
submitted again)."""


class ReviewGrade(models.TextChoices):
    """The 审核结果 of 88号 第二十五条."""

    EXCELLENT = "优", "优"
    GOOD = "良", "良"
    FAIR = "中", "中"
    POOR = "差", "差"


class TargetDocument(models.Model):
    department = models.ForeignKey(
        Organisation, verbose_name="主管部门", on_delete=models.PROTECT, related_name="documents"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name="预算年度", on_delete=models.PROTECT, related_name="documents"
    )
    source = models.CharField("来源文件", max_length=255)
    layout = models.CharField("版式", max_length=32, blank=True)
    content_hash = models.CharField("内容摘要", max_length=64, editable=False)
    data = models.JSONField("部门整体绩效目标", null=True, blank=True)
    status = models.CharField(
        "部门整体目标状态", max_length=32, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField("部门整体目标版本", default=1)
    revision = models.PositiveIntegerField("内容修订号", default=0, editable=False)
    """Bumped by every change of content (a table's or the department's): the review of the
    document is cached under it."""
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    """Set when the document is withdrawn (作废): it leaves every list and page, its tables,
    versions and comments are kept, and the audit log keeps the why (see `targets.withdrawal`)."""
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="撤回人", null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    withdrawal_reason = models.TextField("撤回原因", blank=True, editable=False)

    class Meta:
        verbose_name = "绩效目标文本"
        verbose_name_plural = "绩效目标文本"
        ordering = ["-fiscal_year__year", "department__code", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "content_hash"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="targets_document_imported_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department.name} {self.fiscal_year.year}年度（{self.source}）"

    @property
    def title(self) -> str:
        return f"{self.department.name}部门整体绩效目标"

    @staticmethod
    def touch(document_id: int) -> None:
        """Record that the document's content changed (inside the transaction that changed it)."""
        TargetDocument.objects.filter(pk=document_id).update(revision=models.F("revision") + 1)

    @property
    def is_locked(self) -> bool:
        return self.status == Status.APPROVED

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def to_core(self, projects: list[Project] | None = None) -> core.TargetDocument:
        """The stored document as the core model (projects in table order)."""
        rows = projects if projects is not None else list(self.projects.order_by("position"))
        return core.TargetDocument(
            source=self.source,
            year=self.fiscal_year.year,
            layout=self.layout or None,
            department=core.Department.model_validate(self.data) if self.data else None,
            projects=[row.to_core() for row in rows],
        )


class Project(models.Model):
    document = models.ForeignKey(
        TargetDocument, verbose_name="绩效目标文本", on_delete=models.CASCADE,
        related_name="projects",
    )  # fmt: skip
    unit = models.ForeignKey(
        Organisation, verbose_name="预算单位", on_delete=models.PROTECT, related_name="projects"
    )
    position = models.PositiveIntegerField("序号")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    """The document's fiscal year, copied (it never changes): lists sort by it newest first, and
    an index on (year, document, position) gives a page of them without sorting every table."""
    code = models.CharField("项目编码", max_length=64, blank=True)
    name = models.CharField("项目名称", max_length=255)
    money_unit = models.CharField("金额单位", max_length=8)
    budget_total = models.DecimalField(
        "预算数", max_digits=20, decimal_places=6, null=True, blank=True
    )
    data = JSONValues("项目绩效目标表")
    status = models.CharField("状态", max_length=32, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    revision = models.PositiveIntegerField("表内修订号", default=0, editable=False)
    """Bumped by every edit of this table's content (`editing`): a form carries the revision it
    was filled in from, and saving it over a newer one is refused (已被他人修改)."""
    grade_override = models.CharField(
        "审核结果（审核人认定）", max_length=1, choices=ReviewGrade.choices, blank=True
    )
    """A reviewer's own 审核结果, overriding the computed one until the table is submitted again."""
    grade_reason = models.TextField("认定理由", blank=True)
    grade_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="认定人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "项目绩效目标表"
        verbose_name_plural = "项目绩效目标表"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="targets_project_position"
            )
        ]
        indexes = [
            # the lists' order (LISTED), read a page at a time without a sort
            models.Index(fields=["-year", "document", "position"], name="targets_project_listed"),
            # counts of the tables a user reaches in each state, from the index alone
            models.Index(fields=["unit", "document", "status"], name="targets_project_reach"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.year is None:
            self.year = self.document.fiscal_year.year
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return self.name

    def to_core(self) -> core.Project:
        return core.Project.model_validate(self.data)

    @property
    def is_locked(self) -> bool:
        """An approved table changes only through 目标调整 (a new version)."""
        return self.status == Status.APPROVED

    @classmethod
    def fields_from_core(cls, project: core.Project) -> dict[str, Any]:
        """The listing columns copied from a core project."""
        # The listing columns are copies: an over-long code or name is kept whole in `data`.
        return {
            "code": (project.code or "")[: cls._meta.get_field("code").max_length],
            "name": project.name[: cls._meta.get_field("name").max_length],
            "money_unit": project.money_unit,
            "budget_total": project.budget.total,
            "data": project.model_dump(mode="json"),
        }


LISTED = ("-year", "document_id", "position")
"""The order of every list of tables: the newest year first, then as each document has them."""

_TOTAL = Project._meta.get_field("budget_total")
BUDGET_DIGITS = (_TOTAL.max_digits - _TOTAL.decimal_places, _TOTAL.decimal_places)
"""Digits the 预算数 listing column holds before and after the point: (14, 6)."""


def fits_budget_total(amount: Decimal) -> bool:
    """Whether the amount fits the 预算数 listing column."""
    whole, places = BUDGET_DIGITS
    exponent = amount.as_tuple().exponent
    after = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return after <= places and abs(amount) < Decimal(10) ** whole


class Snapshot(models.Model):
    """Content as it stood at a step of a review cycle (submitted, before an adjustment): the
    history two versions are compared in."""

    number = models.PositiveIntegerField("版本")
    event = models.CharField("事件", max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        abstract = True


class ProjectVersion(Snapshot):
    """A project table as it stood when submitted or adjusted."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="versions"
    )
    data = models.JSONField("项目绩效目标表")

    class Meta:
        verbose_name = "项目版本"
        verbose_name_plural = "项目版本"
        ordering = ["project", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project} v{self.number} {self.event}"


class DepartmentVersion(Snapshot):
    """The department-wide targets as they stood when submitted or adjusted."""

    document = models.ForeignKey(
        TargetDocument, verbose_name="绩效目标文本", on_delete=models.CASCADE,
        related_name="versions",
    )  # fmt: skip
    data = models.JSONField("部门整体绩效目标", null=True)

    class Meta:
        verbose_name = "部门整体目标版本"
        verbose_name_plural = "部门整体目标版本"
        ordering = ["document", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document} v{self.number} {self.event}"


COMMENT_FIELDS = {
    "code": "项目编码",
    "name": "项目名称",
    "unit": "预算单位",
    "budget": "预算数",
    "purpose": "资金用途",
    "spending_plan": "资金支出计划",
    "goals": "绩效目标",
}
"""The header fields a remark can be pinned to, in the order of the form."""


class Comment(models.Model):
    """A reviewer's remark on a table, pinned to a field, an indicator row or a finding."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="意见人", on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField("栏目", max_length=32, blank=True)
    indicator_index = models.PositiveIntegerField("指标行", null=True, blank=True)
    rule = models.CharField("审核规则", max_length=64, blank=True)
    text = models.TextField("意见")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} 对 {self.project}：{self.text[:20]}"

    @property
    def field_label(self) -> str:
        return COMMENT_FIELDS.get(self.field, self.field)

    @property
    def rule_title(self) -> str:
        """The title of the finding's rule the remark answers, as the page names it."""
        if not self.rule:
            return ""
        from jixiao.review.engine import all_rules

        rule = all_rules().get(self.rule)
        return rule.title if rule is not None else "已停用的审核规则"


class TableReview(models.Model):
    """A table's review findings as stored when the table (or a table it is compared with)
    changed: pages, lists and the API read them here instead of reviewing in the request.

    `rules` says which rule set made them (a new rule set is re-run by `jixiao rereview`);
    `revision` is the table's `Project.revision` they were computed for. The counts and the
    computed 审核结果 are columns, so lists never decode the findings."""

    project = models.OneToOneField(
        Project, verbose_name="项目", on_delete=models.CASCADE, primary_key=True,
        related_name="stored_review",
    )  # fmt: skip
    document = models.ForeignKey(
        TargetDocument, verbose_name="绩效目标文本", on_delete=models.CASCADE, related_name="+"
    )
    rules = models.CharField("审核规则版本", max_length=16)
    revision = models.PositiveIntegerField("表内修订号")
    findings = JSONValues("审核意见", default=list)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    hints = models.PositiveIntegerField("提示", default=0)
    grade = models.CharField("审核结果（计算）", max_length=1, blank=True)
    categories = JSONValues("各类问题数", default=dict)
    indicators = models.PositiveIntegerField("三级指标数", default=0)
    fingerprint = JSONValues("比对摘要", default=dict)
    """What the rules that compare tables read of this one (its goals and indicator names): an
    edit re-runs them over these summaries of the document's tables, never their whole content."""
    compared = models.CharField("比对意见摘要", max_length=16, blank=True)
    """A hash of the findings those rules gave this table: an edit elsewhere reviews it again
    only when they change."""

    class Meta:
        verbose_name = "审核意见（项目）"
        verbose_name_plural = "审核意见（项目）"


class DepartmentReview(models.Model):
    """The findings on a document's department-wide targets, stored like `TableReview`."""

    document = models.OneToOneField(
        TargetDocument, verbose_name="绩效目标文本", on_delete=models.CASCADE, primary_key=True,
        related_name="stored_review",
    )  # fmt: skip
    rules = models.CharField("审核规则版本", max_length=16)
    findings = models.JSONField("审核意见", default=list)

    class Meta:
        verbose_name = "审核意见（部门整体）"
        verbose_name_plural = "审核意见（部门整体）"


class ImportDraft(models.Model):
    """An upload read and previewed, waiting for its confirm: kept here, not in the session (a
    large document would make every request of the session carry it)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    content = models.TextField()
    """The document read, as jixiao/1 JSON."""
    group = models.UUIDField(null=True, blank=True, db_index=True, editable=False)
    """The upload of several files (or a zip) it came in: its files wait for one confirm."""
    warnings = models.JSONField(default=list, blank=True)
    """What the reader kept without understanding it, in words (the JSON leaves them out)."""
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "导入预览"
        verbose_name_plural = "导入预览"
