"""Changing a table's content: one function per edit, checked and audited like a state change.

Every edit bumps the table's `revision` under the row lock. A form (or an API call) that says
which revision it was filled in from is refused with `EditConflictError` (已被他人修改, with what is
stored now) when the table changed since: a second editor never silently overwrites the first."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.audit.models import record
from jixiao.core.framework import categorize
from jixiao.core.model import BasisKind, Department, Indicator, SubGoal
from jixiao.core.sentences import indicators_from_sentence
from jixiao.core.value import parse_value
from jixiao.org.access import Role, User, roles_at
from jixiao.org.models import Organisation
from jixiao.targets import reviewing
from jixiao.targets.models import (
    BUDGET_DIGITS,
    EDITABLE,
    Comment,
    Project,
    TargetDocument,
)
from jixiao.targets.services import plan_problem
from jixiao.targets.workflow import WorkflowError, can_edit

BASIS_KINDS: tuple[BasisKind, ...] = ("计划标准", "行业标准", "历史标准", "其他")
MAX_SUB_GOALS = 50


class EditConflictError(WorkflowError):
    """The table changed after the form was filled in: nothing was saved. `current` is the table
    as stored now (its revision is the one to send again); the message says what it holds."""

    def __init__(self, message: str, current: Project) -> None:
        super().__init__(message)
        self.current = current


def expected_revision(fields: dict[str, Any]) -> int | None:
    """The revision a form or API call was filled in from (`revision`), None when it gives none
    (then nothing is compared). Anything but a number is a form of no known revision: stale."""
    value = fields.get("revision")
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else -1


def update_indicator(project: Project, user: User, index: int, fields: dict[str, Any]) -> Project:
    """Replace one indicator row from what the user typed; the value is read by `parse_value`
    and the category by the indicator framework, exactly as a reader would. With `revision`
    in the fields, a table changed since is refused (`EditConflictError`)."""
    name = fields.get("name", "").strip()
    if not name:
        raise WorkflowError("三级指标名称不能为空")
    kind = fields.get("basis_kind") or None
    if kind is not None and kind not in BASIS_KINDS:
        raise WorkflowError(f"指标值确定依据应为{'、'.join(BASIS_KINDS)}之一")
    with transaction.atomic():
        locked = _locked_for_edit(project, user)
        table = locked.to_core()
        _check_current(locked, fields, lambda: _row_now(table.indicators, index))
        _check_row(table.indicators, index)
        level1 = fields.get("level1", "").strip() or None
        level2 = fields.get("level2", "").strip() or None
        before = table.indicators[index]
        # The columns the form does not show (实际完成值, 权重, 得分 …) are kept as written.
        after = before.model_copy(
            update={
                "level1": level1,
                "level2": level2,
                "name": name,
                "description": fields.get("description", "").strip() or None,
                "target": parse_value(fields.get("target")),
                "basis": fields.get("basis", "").strip() or None,
                "basis_kind": kind,
                "category": categorize(level1, level2),
            }
        )
        indicators = list(table.indicators)
        indicators[index] = after
        changed = table.model_copy(update={"indicators": indicators})
        locked.data = changed.model_dump(mode="json")
        locked.revision += 1
        locked.save(update_fields=["data", "revision"])
        TargetDocument.touch(locked.document_id)
        reviewing.refresh_tables(locked.document, [locked.pk])
        record(
            user, "edit_indicator", locked,
            before=_row(index, before), after=_row(index, after),
        )  # fmt: skip
    return locked


def _check_current(locked: Project, fields: dict[str, Any], now: Callable[[], str]) -> None:
    """Under the row lock: refuse a form filled in from an older revision of the table."""
    revision = expected_revision(fields)
    if revision is not None and revision != locked.revision:
        raise EditConflictError(
            f"已被他人修改：您打开表单后，本表已由他人保存了新的内容，您的修改未保存。{now()}"
            "请核对现在的内容，需要时重新修改并保存。",
            locked,
        )


def _row_now(rows: list[Indicator], index: int) -> str:
    if not 0 <= index < len(rows):
        return f"第 {index + 1} 行已被删除或移动。"
    row = rows[index]
    return f"第 {index + 1} 行现在是：三级指标「{row.name}」，指标值「{row.target.raw}」。"


def _header_now(project: Project) -> str:
    table = project.to_core()
    total = _written(table.budget.total) or "（未填）"
    plan = "、".join(f"{p.by} {_written(p.percent) or '—'}%" for p in table.spending_plan)
    return (
        f"表头现在是：项目名称「{table.name}」，预算数「{total}」"
        + (f"，资金支出计划「{plan}」" if plan else "")
        + "。"
    )


def _row(index: int, indicator: Indicator) -> dict[str, Any]:
    return {"row": index + 1, **indicator.model_dump(mode="json", include={
        "level1", "level2", "name", "description", "basis", "basis_kind"}),
        "target": indicator.target.raw}  # fmt: skip


def header_fields(project: Project) -> dict[str, str]:
    """The header form's fields for a stored table, every number exactly as written ("500000.00",
    "70.00"): what `update_header` reads back, so that saving the form untouched changes nothing."""
    table = project.to_core()
    return {
        "code": table.code or "",
        "name": table.name,
        "unit": project.unit.code,
        "total": _written(table.budget.total),
        "fiscal": _written(table.budget.fiscal),
        "other": _written(table.budget.other),
        "purpose": table.purpose or "",
        **{f"plan_{n}": _written(point.percent) for n, point in enumerate(table.spending_plan)},
        "goals": "\n".join(table.goals),
        "revision": str(project.revision),
    }


def _written(number: Decimal | None) -> str:
    # format(..., "f") keeps the written precision and never localises (no separators).
    return "" if number is None else format(number, "f")


def update_header(project: Project, user: User, fields: dict[str, Any]) -> Project:
    """Replace the table's header: name, code, budget unit, purpose, money, 资金支出计划 and goals.

    Amounts and percentages must be decimal numbers, not negative; the plan's cumulative shares
    stay within 0–100% and never decrease; goals are one a line (numbering optional). The table
    may move to another budget unit of the same department where the user also fills in tables
    (`unit_choices`). With `revision` in the fields, a table changed since is refused.
    """
    name = fields.get("name", "").strip()
    if not name:
        raise WorkflowError("项目名称不能为空")
    if len(name) > 255 or len(fields.get("code", "").strip()) > 64:
        raise WorkflowError("项目名称最长 255 字，项目编码最长 64 字")
    budget = {
        key: _amount(fields.get(key, ""), label)
        for key, label in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金"))
    }
    for key, label in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金")):
        amount = budget[key]
        if amount is not None and amount < 0:
            raise WorkflowError(f"{label}不能为负数")
    with transaction.atomic():
        locked = _locked_for_edit(project, user)
        _check_current(locked, fields, lambda: _header_now(locked))
        table = locked.to_core()
        unit = _unit(locked, user, fields.get("unit", "").strip())
        plan = [
            point.model_copy(
                update={"percent": _amount(fields.get(f"plan_{n}", ""), f"{point.by}支出计划")}
            )
            for n, point in enumerate(table.spending_plan)
        ]
        problem = plan_problem(plan)
        if problem is not None:
            raise WorkflowError(f"{problem[0]}；应为{problem[1]}")
        goals = [
            _NUMBERING.sub("", line).strip()
            for line in fields.get("goals", "").splitlines()
            if line.strip()
        ]
        changed = table.model_copy(
            update={
                "name": name,
                "code": fields.get("code", "").strip() or None,
                "purpose": fields.get("purpose", "").strip() or None,
                "budget": table.budget.model_copy(update=budget),
                "spending_plan": plan,
                "goals": goals,
                "unit": table.unit.model_copy(update={"code": unit.code, "name": unit.name})
                if unit != locked.unit
                else table.unit,
            }
        )
        before = table.model_dump(mode="json", exclude={"indicators"})
        locked.data = changed.model_dump(mode="json")
        locked.name, locked.code = changed.name, changed.code or ""  # lengths checked above
        locked.budget_total = changed.budget.total
        locked.unit = unit
        locked.revision += 1
        locked.save(update_fields=["data", "name", "code", "budget_total", "unit", "revision"])
        TargetDocument.touch(locked.document_id)
        reviewing.refresh_tables(locked.document, [locked.pk])
        record(
            user, "edit_header", locked,
            before=before, after=changed.model_dump(mode="json", exclude={"indicators"}),
        )  # fmt: skip
    return locked


def unit_choices(project: Project, user: User) -> list[Organisation]:
    """The budget units of the table's department this user fills in tables for (the table's own
    unit first): where the table may be moved."""
    units = Organisation.objects.filter(
        parent_id=project.document.department_id, kind=Organisation.Kind.UNIT
    ).select_related("parent__parent")
    others = [u for u in units if u != project.unit and Role.UNIT_FILLER in roles_at(user, u)]
    return [project.unit, *others]


def _unit(project: Project, user: User, code: str) -> Organisation:
    if not code or code == project.unit.code:
        return project.unit
    for unit in unit_choices(project, user):
        if unit.code == code:
            return unit
    raise WorkflowError(f"预算单位「{code}」不在本部门内，或您不能为该单位填报，不能移入")


def add_indicator(project: Project, user: User) -> Project:
    """Append an empty row under the last row's categories, ready to be filled in."""
    return _rearrange(project, user, "add_indicator", lambda rows: [*rows, _blank(rows)])


def remove_indicator(
    project: Project, user: User, index: int, *, revision: int | None = None
) -> Project:
    """Remove a row; with the `revision` the page showed, refused if the rows changed since (the
    row at `index` may then be another)."""

    def remove(rows: list[Indicator]) -> list[Indicator]:
        _check_row(rows, index)
        return rows[:index] + rows[index + 1 :]

    return _rearrange(project, user, "remove_indicator", remove, row=index, revision=revision)


def move_indicator(
    project: Project, user: User, index: int, offset: int, *, revision: int | None = None
) -> Project:
    def move(rows: list[Indicator]) -> list[Indicator]:
        _check_row(rows, index)
        target = index + offset
        if not 0 <= target < len(rows):
            return rows
        rows = list(rows)
        rows[index], rows[target] = rows[target], rows[index]
        return rows

    return _rearrange(project, user, "move_indicator", move, row=index, revision=revision)


_NUMBERING = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[、.．)）]\s*")
_AMOUNT = re.compile(r"^-?\d{{1,{}}}(?:\.\d{{1,{}}})?$".format(*BUDGET_DIGITS))
"""What the 预算数 listing column holds (also the bound for the plan's percentages)."""


def _amount(text: str, label: str) -> Decimal | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not _AMOUNT.match(text):
        raise WorkflowError(
            f"{label}「{text}」不是可保存的数字，请填写如 60000.00 的金额或百分比"
            f"（整数部分最多 {BUDGET_DIGITS[0]} 位，小数最多 {BUDGET_DIGITS[1]} 位）"
        )
    return Decimal(text)


def _locked_for_edit(project: Project, user: User) -> Project:
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("unit__parent__parent")
        .get(pk=project.pk)
    )
    if not can_edit(user, locked):
        raise PermissionDenied
    return locked


def _check_row(rows: list[Indicator], index: int) -> None:
    if not 0 <= index < len(rows):
        raise WorkflowError(f"没有第 {index + 1} 行指标")


def _blank(rows: list[Indicator]) -> Indicator:
    last = rows[-1] if rows else None
    level1 = last.level1 if last else "产出指标"
    level2 = last.level2 if last else "数量指标"
    return Indicator(
        level1=level1, level2=level2, name="新指标", target=parse_value(""),
        category=categorize(level1, level2),
    )  # fmt: skip


def _rearrange(
    project: Project,
    user: User,
    action: str,
    change: Callable[[list[Indicator]], list[Indicator]],
    *,
    row: int | None = None,
    revision: int | None = None,
) -> Project:
    with transaction.atomic():
        locked = _locked_for_edit(project, user)
        table = locked.to_core()
        if row is not None:
            _check_current(locked, {"revision": revision}, lambda: _row_now(table.indicators, row))
        rows = change(list(table.indicators))
        names_before = [i.name for i in table.indicators]
        locked.data = table.model_copy(update={"indicators": rows}).model_dump(mode="json")
        locked.revision += 1
        locked.save(update_fields=["data", "revision"])
        TargetDocument.touch(locked.document_id)
        reviewing.refresh_tables(locked.document, [locked.pk])
        record(
            user, action, locked, before={"rows": names_before},
            after={"rows": [i.name for i in rows]},
            reason="" if row is None else f"第 {row + 1} 行",
        )  # fmt: skip
    return locked


def add_comment(
    project: Project, user: User, text: str, *, field: str = "", index: int | None = None,
    rule: str = "",
) -> Comment:  # fmt: skip
    """A remark on the table, a field, an indicator row or a finding (by rule id)."""
    from jixiao.targets.workflow import can_comment

    if not can_comment(user, project):
        raise PermissionDenied
    if not text.strip():
        raise WorkflowError("意见内容不能为空")
    if index is not None:
        _check_row(project.to_core().indicators, index)
    with transaction.atomic():
        comment = Comment.objects.create(
            project=project, author=user, text=text.strip(), field=field,
            indicator_index=index, rule=rule,
        )  # fmt: skip
        record(user, "comment", project, after={"field": field, "row": index, "rule": rule},
               reason=comment.text)  # fmt: skip
    return comment


def department_stamp(data: dict[str, Any] | None) -> str:
    """What the department-wide targets hold, hashed: the edit form carries it, and saving over
    content changed since is refused (the document's own revision moves with its tables too)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


DEPARTMENT_CHANGED = (
    "已被他人修改：您打开表单后，部门整体绩效目标已由他人保存了新的内容，您的修改未保存。"
    "请核对现在的内容，需要时重新修改并保存。"
)


def update_department(
    document: TargetDocument, user: User, fields: dict[str, str]
) -> TargetDocument:
    """Replace the department-wide targets: the overall goal, each sub-goal (title, goal, indicator
    sentence, read into indicators as the reader does) and the safeguards (one a line). With
    `stamp` in the fields (`department_stamp` of what the form showed), content changed since is
    refused."""
    from jixiao.targets.workflow import keeps_department

    if not keeps_department(user, document):
        raise PermissionDenied
    sub_goals = []
    count = fields.get("sub_goal_count", "0").strip() or "0"
    if not (count.isascii() and count.isdigit()) or int(count) > MAX_SUB_GOALS:
        raise WorkflowError(f"分项目标最多 {MAX_SUB_GOALS} 项")
    for number in range(int(count) + 1):
        title = fields.get(f"title_{number}", "").strip()
        if not title:
            continue
        sentence = fields.get(f"indicators_{number}", "").strip() or None
        sub_goals.append(
            SubGoal(
                title=title,
                goal=fields.get(f"goal_{number}", "").strip() or None,
                indicator_text=sentence,
                indicators=indicators_from_sentence(sentence or ""),
            )
        )
    safeguards = [
        _NUMBERING.sub("", line).strip()
        for line in fields.get("safeguards", "").splitlines()
        if line.strip()
    ]
    with transaction.atomic():
        locked = TargetDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
        if locked.status not in EDITABLE:
            raise WorkflowError(
                f"部门整体绩效目标当前状态为“{locked.get_status_display()}”，不能修改；"
                + ("已批复的目标请通过“目标调整”修改" if locked.is_locked else "请等待审核结果")
            )
        stamp = fields.get("stamp")
        if stamp is not None and stamp != department_stamp(locked.data):
            raise WorkflowError(DEPARTMENT_CHANGED)
        current = Department.model_validate(locked.data) if locked.data else Department()
        changed = current.model_copy(
            update={
                "overall_goal": fields.get("overall_goal", "").strip() or None,
                "sub_goals": sub_goals,
                "safeguards": safeguards,
            }
        )
        locked.data = changed.model_dump(mode="json")
        locked.save(update_fields=["data"])
        TargetDocument.touch(locked.pk)
        reviewing.department_changed(locked)
        record(user, "edit_department", locked, before=current.model_dump(mode="json"),
               after=locked.data)  # fmt: skip
    return locked
