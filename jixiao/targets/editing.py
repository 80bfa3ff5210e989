"""Changing a table's content: one function per edit, checked and audited like a state change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.audit.models import record
from jixiao.core.framework import categorize
from jixiao.core.model import BasisKind, Indicator
from jixiao.core.value import parse_value
from jixiao.org.access import User
from jixiao.targets.models import Project
from jixiao.targets.workflow import WorkflowError, can_edit

BASIS_KINDS: tuple[BasisKind, ...] = ("计划标准", "行业标准", "历史标准", "其他")


def update_indicator(project: Project, user: User, index: int, fields: dict[str, str]) -> Project:
    """Replace one indicator row from what the user typed; the value is read by `parse_value`
    and the category by the indicator framework, exactly as a reader would."""
    name = fields.get("name", "").strip()
    if not name:
        raise WorkflowError("三级指标名称不能为空")
    kind = fields.get("basis_kind") or None
    if kind is not None and kind not in BASIS_KINDS:
        raise WorkflowError(f"指标值确定依据应为{'、'.join(BASIS_KINDS)}之一")
    with transaction.atomic():
        locked = (
            Project.objects.select_for_update(of=("self",))
            .select_related("unit__parent__parent")
            .get(pk=project.pk)
        )
        if not can_edit(user, locked):
            raise PermissionDenied
        table = locked.to_core()
        if not 0 <= index < len(table.indicators):
            raise WorkflowError(f"没有第 {index + 1} 行指标")
        level1 = fields.get("level1", "").strip() or None
        level2 = fields.get("level2", "").strip() or None
        before = table.indicators[index]
        after = Indicator(
            level1=level1,
            level2=level2,
            name=name,
            description=fields.get("description", "").strip() or None,
            target=parse_value(fields.get("target")),
            basis=fields.get("basis", "").strip() or None,
            basis_kind=kind,  # type: ignore[arg-type]
            category=categorize(level1, level2),
        )
        indicators = list(table.indicators)
        indicators[index] = after
        changed = table.model_copy(update={"indicators": indicators})
        locked.data = changed.model_dump(mode="json")
        locked.save(update_fields=["data"])
        record(
            user, "edit_indicator", locked,
            before=_row(index, before), after=_row(index, after),
        )  # fmt: skip
    return locked


def _row(index: int, indicator: Indicator) -> dict[str, Any]:
    return {"row": index + 1, **indicator.model_dump(mode="json", include={
        "level1", "level2", "name", "description", "basis", "basis_kind"}),
        "target": indicator.target.raw}  # fmt: skip
