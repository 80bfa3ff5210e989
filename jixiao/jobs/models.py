"""A job's record: what it does, who started it, how far it got and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Kind(models.TextChoices):
        REREVIEW = "rereview", "重新审核"
        IMPORT = "import", "批量导入"
        REVIEW = "review", "审核"
        REPORT = "report", "生成报表"

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("任务", max_length=32, choices=Kind.choices)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.QUEUED)
    scope = models.JSONField("范围", default=dict)
    """What the job works on (e.g. the documents' keys), as its task reads it."""
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("共计", default=0)
    message = models.TextField("结果", blank=True)
    results = models.JSONField("逐项结果", default=list, blank=True)
    """One row per item done (a batch import's files: label, result, projects, note, document),
    appended as each step commits."""
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_state_display()} {self.done}/{self.total}）"

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.done * 100 // self.total

    @property
    def unit(self) -> str:
        """What `done` and `total` count, as the page says it."""
        return {self.Kind.IMPORT: "个文件", self.Kind.REPORT: "张项目表"}.get(
            self.Kind(self.kind), "个文本"
        )

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
