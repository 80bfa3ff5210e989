"""Who is who: the organisation tree, fiscal years and each user's role in an organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr


class Organisation(models.Model):
    """A node of the budget tree: a 财政部门 above 主管部门, each above its 预算单位 (which may
    have units of their own: 二级、三级预算单位).

    A user's role in an organisation reaches that organisation and everything below it. `path`
    holds the keys from the root down to this node ("1/5/9/"), so "everything below" is one
    prefix match at any depth, and the nodes above are read without a query.
    """

    class Kind(models.TextChoices):
        FINANCE = "finance", "财政部门"
        DEPARTMENT = "department", "主管部门"
        UNIT = "unit", "预算单位"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    code = models.CharField("编码", max_length=32)
    name = models.CharField("名称", max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    path = models.CharField("路径", max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "code"],
                condition=~models.Q(code=""),
                name="org_unique_code_under_parent",
            ),
            # An organisation without a code is told apart by its name: two imports naming the
            # same new uncoded unit at once create it once.
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=models.Q(code=""),
                name="org_unique_uncoded_name_under_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.place()

    def place(self) -> None:
        """Set `path` from the parent's, and move the paths of everything below along with it."""
        old = self.path
        new = (self.parent.path if self.parent is not None else "") + f"{self.pk}/"
        if new == old:
            return
        if self.parent is not None and f"/{self.pk}/" in f"/{self.parent.path}":
            raise ValueError(f"「{self.name}」不能成为其下级组织的下级")
        type(self).objects.filter(pk=self.pk).update(path=new)
        if old:
            type(self).objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                path=Concat(Value(new), Substr("path", len(old) + 1))
            )
        self.path = new

    @property
    def lineage(self) -> list[int]:
        """The keys of this organisation and those above it, nearest first."""
        return [int(key) for key in reversed(self.path.split("/")) if key]


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField("预算年度", unique=True)
    is_open = models.BooleanField("可填报", default=True)

    class Meta:
        verbose_name = "预算年度"
        verbose_name_plural = "预算年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度"


class Membership(models.Model):
    """A user's role in one organisation (and so in the organisations below it)."""

    class Role(models.TextChoices):
        UNIT_FILLER = "unit_filler", "单位填报人"
        UNIT_REVIEWER = "unit_reviewer", "单位审核人"
        DEPARTMENT_REVIEWER = "department_reviewer", "主管部门审核人"
        FINANCE_REVIEWER = "finance_reviewer", "财政审核人"
        READONLY = "readonly", "只读（审计/查询）"
        ADMIN = "admin", "系统管理员"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
        related_name="memberships",
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, verbose_name="组织", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="org_unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
