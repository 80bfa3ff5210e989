"""绩效自评 as stored: the scoring profiles in force (versioned, never edited in place), each
project's self-evaluation with the score computed under a recorded profile, and the department's
roll-up. Scoring itself is `jixiao.evaluate` (pure functions); these rows keep its inputs and
what it said."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.targets.models import Project, Status, TargetDocument


class ScoringProfile(models.Model):
    """One version of a scoring profile, as TOML text (`jixiao.evaluate.profile`). The system
    administrator edits a profile by saving a new version; the old one stays for the scores
    computed under it."""

    key = models.CharField("方案标识", max_length=64)
    version = models.CharField("版本", max_length=32)
    title = models.CharField("名称", max_length=200)
    text = models.TextField("方案内容（TOML）")
    in_force = models.BooleanField("当前使用", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "评分方案"
        verbose_name_plural = "评分方案"
        ordering = ["key", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="evaluation_profile_version"),
            models.UniqueConstraint(
                fields=["in_force"],
                condition=models.Q(in_force=True),
                name="evaluation_one_profile_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class SelfEvaluation(models.Model):
    """A project's year-end self-evaluation (项目支出绩效自评表): the budget figures, each
    indicator's actual value and deviation analysis (`actuals`: [{"index", "actual",
    "deviation"}]), manual adjustments with reasons (`adjustments`), and the score computed under
    `profile` with its arithmetic (`result`). Workflow as the targets."""

    project = models.OneToOneField(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="self_evaluation"
    )
    status = models.CharField("状态", max_length=32, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    initial_budget = models.DecimalField(
        "年初预算数", max_digits=20, decimal_places=6, null=True, blank=True
    )
    full_year_budget = models.DecimalField(
        "全年预算数", max_digits=20, decimal_places=6, null=True, blank=True
    )
    executed = models.DecimalField(
        "全年执行数", max_digits=20, decimal_places=6, null=True, blank=True
    )
    """In the project's 金额单位, as written."""
    execution_reason = models.TextField("执行率偏低的原因", blank=True)
    """Required when the 执行率 is below the profile's line (90% in the 中央 default)."""
    actuals = models.JSONField("实际完成值", default=list, blank=True)
    adjustments = models.JSONField("人工调整", default=list, blank=True)
    conclusion = models.TextField("总体完成情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    improvements = models.TextField("改进措施", blank=True)
    profile = models.ForeignKey(
        ScoringProfile, verbose_name="评分方案", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    total_score = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等级", max_length=1, blank=True)
    result = models.JSONField("评分过程", null=True, blank=True, editable=False)
    computed_at = models.DateTimeField("评分时间", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "项目绩效自评"
        verbose_name_plural = "项目绩效自评"

    lock_related = ("project__unit__parent__parent",)
    """What the workflow reads under the row lock (`targets.workflow.change_state`)."""

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.project.name}绩效自评表"


class DepartmentSelfEvaluation(models.Model):
    """The 部门整体自评: the department-wide indicators' actual values (`actuals`, as for a
    project) and the roll-up of its projects' self-evaluations (`rollup`: totals, grade
    distribution), reviewed by the fiscal bureau."""

    document = models.OneToOneField(
        TargetDocument, verbose_name="绩效目标文本", on_delete=models.PROTECT,
        related_name="self_evaluation",
    )  # fmt: skip
    status = models.CharField("状态", max_length=32, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    actuals = models.JSONField("部门整体指标实际完成值", default=list, blank=True)
    summary = models.TextField("总体情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    improvements = models.TextField("改进措施", blank=True)
    rollup = models.JSONField("汇总", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "部门整体自评"
        verbose_name_plural = "部门整体自评"

    lock_related = ("document__department__parent",)

    @property
    def title(self) -> str:
        return f"{self.document.department.name}部门整体绩效自评"
