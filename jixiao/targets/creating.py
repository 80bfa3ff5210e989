"""Starting a table in jixiao itself: from a blank form or from a table of an earlier year.

One function per way of starting. Each checks that the user fills in tables for the unit (a
单位填报人 there: `PermissionDenied` otherwise), finds or creates the document of the unit's
主管部门 for the year, stores the new draft at the end of it, reviews it and writes the audit entry
— all in one transaction: a refused or failed creation leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max

from jixiao.audit.models import record
from jixiao.core import model as core
from jixiao.core.framework import categorize
from jixiao.core.value import parse_value
from jixiao.org.access import Role, User, memberships, reach_of, roles_at
from jixiao.org.models import FiscalYear, Organisation
from jixiao.targets import reviewing
from jixiao.targets.editing import _NUMBERING, _amount  # the header editor's own readings
from jixiao.targets.models import EDITABLE, Project, Status, TargetDocument
from jixiao.targets.services import plan_problem
from jixiao.targets.workflow import KEEPERS, WorkflowError, importable_departments

CREATED_SOURCE = "在线填报"
"""The 来源文件 of a document started in jixiao (no file was imported)."""

PLAN_POINTS = ("3月底", "6月底", "9月底", "12月底")
"""The 资金支出计划 points of a blank table: the quarters, as the published forms write them."""

FIRST_ROWS = (
    ("产出指标", "数量指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
)
"""A blank table's first row under each 一级指标 of the common (88号) tree. 成本指标 as a 一级
of its own (101号) is not verified for local use: a unit adds it where its form asks for it."""

NEW_ROW = "新指标"
MONEY_UNITS: tuple[core.MoneyUnit, ...] = ("元", "万元")
YEAR = re.compile(r"(?<!\d)(\d{4})(?=\s*年)")


def fillable_units(user: User) -> list[Organisation]:
    """The budget units the user fills in tables for (单位填报人 there or above), by code."""
    held = [m.organisation for m in memberships(user) if m.role == Role.UNIT_FILLER]
    if not held:
        return []
    return list(
        Organisation.objects.filter(reach_of(held), kind=Organisation.Kind.UNIT)
        .select_related("parent")
        .order_by("code", "pk")
    )


def department_of(unit: Organisation) -> Organisation:
    """The 主管部门 a budget unit belongs to (at any depth below it)."""
    above = Organisation.objects.filter(
        pk__in=unit.lineage, kind=Organisation.Kind.DEPARTMENT
    ).first()
    if above is None:
        raise WorkflowError(
            f"预算单位「{unit.name}」不在任何主管部门之下，请系统管理员核对组织架构"
        )
    return above


def documents_for(department: Organisation, year: int) -> list[TargetDocument]:
    """The department's documents of the year a table may be added to (not withdrawn)."""
    return list(
        TargetDocument.objects.filter(
            department=department, fiscal_year__year=year, withdrawn_at__isnull=True
        )
        .select_related("department", "fiscal_year")
        .order_by("imported_at", "pk")
    )


def blank_fields() -> dict[str, str]:
    """The blank form's fields (what `create_table` reads)."""
    fields = dict.fromkeys(("name", "code", "total", "fiscal", "other", "purpose", "goals"), "")
    return {**fields, "money_unit": "元", **{f"plan_{n}": "" for n in range(len(PLAN_POINTS))}}


def create_table(
    user: User,
    unit: Organisation,
    year: int,
    fields: dict[str, Any],
    *,
    document: TargetDocument | None = None,
) -> Project:
    """A new draft 项目绩效目标表 of the unit from the blank form: its header as typed (name,
    code, money, 资金支出计划, goals) and a first row under each 一级指标, to be filled in with the
    editors. Refused (`WorkflowError`, in Chinese) when a field cannot be stored."""
    _check_filler(user, unit)
    name = str(fields.get("name", "")).strip()
    code = str(fields.get("code", "")).strip()
    if not name:
        raise WorkflowError("请填写项目名称")
    if len(name) > 255 or len(code) > 64:
        raise WorkflowError("项目名称最长 255 字，项目编码最长 64 字")
    money_unit = str(fields.get("money_unit", "元")).strip() or "元"
    if money_unit not in MONEY_UNITS:
        raise WorkflowError("金额单位应为“元”或“万元”")
    budget = {
        key: _amount(str(fields.get(key, "")), label)
        for key, label in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金"))
    }
    for key, label in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金")):
        amount = budget[key]
        if amount is not None and amount < 0:
            raise WorkflowError(f"{label}不能为负数")
    plan = [
        core.Checkpoint(by=by, percent=_amount(str(fields.get(f"plan_{n}", "")), f"{by}支出计划"))
        for n, by in enumerate(PLAN_POINTS)
    ]
    problem = plan_problem(plan)
    if problem is not None:
        raise WorkflowError(f"{problem[0]}；应为{problem[1]}")
    department = department_of(unit)
    table = core.Project(
        code=code or None,
        name=name,
        year=year,
        unit=core.Organisation(code=unit.code or None, name=unit.name),
        supervisor=core.Organisation(code=department.code or None, name=department.name),
        money_unit=money_unit,  # one of MONEY_UNITS, checked above
        budget=core.Budget(**budget),
        purpose=str(fields.get("purpose", "")).strip() or None,
        spending_plan=plan,
        goals=_goals(str(fields.get("goals", ""))),
        indicators=[_first_row(level1, level2) for level1, level2 in FIRST_ROWS],
    )
    return _add(
        user, table, unit=unit, department=department, year=year, document=document,
        action="create_table", reason="",
    )  # fmt: skip


def copy_table(
    user: User, source: Project, year: int, *, document: TargetDocument | None = None
) -> Project:
    """A new draft for `year` from a table of an earlier year of a unit the user fills in for:
    name, code, purpose, goals and indicators kept as written; the year and all money cleared —
    预算数 and its split, and the 资金支出计划's shares (its points kept, a year in them moved to
    the new one: this year's plan is the unit's to make, not last year's to inherit) — and what
    belonged to the old year dropped (self-evaluation, monitoring, each row's 实际完成值, 得分,
    偏差 and monitoring columns). The audit entry names the source table."""
    _check_filler(user, source.unit)
    old = source.to_core()
    source_year = source.document.fiscal_year.year
    if year <= source_year:
        raise WorkflowError(
            f"「{source.name}」是 {source_year} 年度的表，"
            f"只能复制到以后的年度（如 {source_year + 1}）"
        )
    department = department_of(source.unit)
    table = old.model_copy(
        update={
            "year": year,
            "title": _moved(old.title, year) if old.title else None,
            "budget": core.Budget(),
            "spending_plan": [
                core.Checkpoint(by=_moved(point.by, year)) for point in old.spending_plan
            ],
            "evaluation": None,
            "monitoring": None,
            "indicators": [
                row.model_copy(
                    update={"actual": None, "score": None, "deviation": None, "monitoring": None}
                )
                for row in old.indicators
            ],
        }
    )
    reason = (
        f"复制自 {source_year} 年度「{source.name}」"
        + (f"（项目编码 {source.code}）" if source.code else "")
        + f"，原表编号 {source.pk}"
    )
    return _add(
        user, table, unit=source.unit, department=department, year=year, document=document,
        action="copy_table", reason=reason,
        source=f"{source_year} 年度「{source.name}」",
    )  # fmt: skip


def _check_filler(user: User, unit: Organisation) -> None:
    if Role.UNIT_FILLER not in roles_at(user, unit):
        raise PermissionDenied("只有本单位的单位填报人可以新建项目绩效目标表")


def _goals(text: str) -> list[str]:
    return [_NUMBERING.sub("", line).strip() for line in text.splitlines() if line.strip()]


def _first_row(level1: str, level2: str) -> core.Indicator:
    return core.Indicator(
        level1=level1, level2=level2, name=NEW_ROW, target=parse_value(""),
        category=categorize(level1, level2),
    )  # fmt: skip


def _moved(text: str, year: int) -> str:
    """A year written in the text ("2024年12月底") moved to the new year."""
    return YEAR.sub(str(year), text)


def _add(
    user: User,
    table: core.Project,
    *,
    unit: Organisation,
    department: Organisation,
    year: int,
    document: TargetDocument | None,
    action: str,
    reason: str,
    source: str = CREATED_SOURCE,
) -> Project:
    with transaction.atomic():
        fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
        if not fiscal_year.is_open:
            raise WorkflowError(f"{year} 年度已关闭填报，不能新建项目绩效目标表")
        target, created = _document(user, department, fiscal_year, document)
        locked = TargetDocument.objects.select_for_update(of=("self",)).get(pk=target.pk)
        last = locked.projects.aggregate(last=Max("position"))["last"] or 0
        project = Project.objects.create(
            document=locked, unit=unit, position=last + 1, year=year, status=Status.DRAFT,
            **Project.fields_from_core(table),
        )  # fmt: skip
        TargetDocument.touch(locked.pk)
        if created:
            reviewing.refresh_document(locked)
        else:
            reviewing.refresh_tables(locked, [project.pk])
        record(
            user, action, project, reason=reason,
            after={"source": source, "year": year, "name": table.name,
                   "total": _text(table.budget.total), "position": project.position},
        )  # fmt: skip
    return project


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")


def _document(
    user: User,
    department: Organisation,
    fiscal_year: FiscalYear,
    chosen: TargetDocument | None,
) -> tuple[TargetDocument, bool]:
    """The document the table goes into, and whether it was created now: the chosen one (of the
    unit's department and the year), the department's only one of the year, or a new one when
    it has none. Several and none chosen: the user is asked to choose."""
    if chosen is not None:
        if (
            chosen.department_id != department.pk
            or chosen.fiscal_year_id != fiscal_year.pk
            or chosen.withdrawn_at is not None
        ):
            raise WorkflowError("所选文本不是本单位主管部门该年度的绩效目标文本，请重新选择")
        return chosen, False
    found = documents_for(department, fiscal_year.year)
    if len(found) > 1:
        raise WorkflowError(
            f"「{department.name}」{fiscal_year.year} 年度有 {len(found)} 份绩效目标文本，"
            "请选择新表放入哪一份"
        )
    if found:
        return found[0], False
    # One document started in jixiao per department and year: two fillers starting at once
    # meet at the same row (targets_document_imported_once), never make two.
    digest = hashlib.sha256(
        f"jixiao-created/{department.pk}/{fiscal_year.year}".encode()
    ).hexdigest()
    try:
        with transaction.atomic():
            document = TargetDocument.objects.create(
                department=department, fiscal_year=fiscal_year, source=CREATED_SOURCE,
                content_hash=digest, imported_by=user if user.is_authenticated else None,
            )  # fmt: skip
    except IntegrityError:
        return TargetDocument.objects.get(
            department=department, fiscal_year=fiscal_year, content_hash=digest,
            withdrawn_at__isnull=True,
        ), False  # fmt: skip
    record(user, "create_document", document,
           after={"source": CREATED_SOURCE, "year": fiscal_year.year, "projects": 0})  # fmt: skip
    return document, True


def fills_tables(user: User) -> bool:
    """Whether the user is a 单位填报人 anywhere (from the memberships already read: no query)."""
    return any(m.role == Role.UNIT_FILLER for m in memberships(user))


def keeper_departments(user: User) -> list[Organisation]:
    """The 主管部门 whose department-wide targets the user keeps (their filler or reviewer)."""
    return [d for d in importable_departments(user) if roles_at(user, d) & KEEPERS]


class SeveralDocumentsError(WorkflowError):
    """The department has several documents of the year: `documents`, for the user to open the
    one they mean."""

    def __init__(self, message: str, documents: list[TargetDocument]) -> None:
        super().__init__(message)
        self.documents = documents


def start_department(user: User, department: Organisation, year: int) -> TargetDocument:
    """The department's document of the year, to fill its department-wide targets in: its only
    one, or a new one (audited and reviewed) when it has none. Several: `SeveralDocumentsError`,
    the user opens the one they mean."""
    if not roles_at(user, department) & KEEPERS:
        raise PermissionDenied("只有主管部门的填报人或审核人可以填写部门整体绩效目标")
    found = documents_for(department, year)
    if len(found) > 1:
        raise SeveralDocumentsError(
            f"「{department.name}」{year} 年度有 {len(found)} 份绩效目标文本，请选择在哪一份中填写",
            found,
        )
    with transaction.atomic():
        fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
        if not fiscal_year.is_open:
            raise WorkflowError(f"{year} 年度已关闭填报，不能新建部门整体绩效目标")
        document, created = _document(user, department, fiscal_year, None)
        if created:
            reviewing.refresh_document(document, [])
    return document


def keeps_departments(user: User) -> bool:
    """Whether the user keeps some department's targets (a keeper's role held at a 主管部门 or
    above: from the memberships already read, no query)."""
    above_units = (Organisation.Kind.DEPARTMENT, Organisation.Kind.FINANCE)
    return any(m.role in KEEPERS and m.organisation.kind in above_units for m in memberships(user))


def copy_sources(user: User, year: int) -> list[TargetDocument]:
    """The documents of earlier years whose department-wide targets the user may copy into
    `year`: of the departments the user keeps, with department-wide targets, newest first (at
    most `COPY_SOURCES`)."""
    kept = keeper_departments(user)
    return list(
        TargetDocument.objects.filter(
            department__in=kept, fiscal_year__year__lt=year, withdrawn_at__isnull=True,
            data__isnull=False,
        )
        .select_related("department", "fiscal_year")
        .order_by("-fiscal_year__year", "-pk")[:COPY_SOURCES]
    )  # fmt: skip


COPY_SOURCES = 20


def for_new_year(department: core.Department) -> core.Department:
    """Last year's department-wide targets as this year's starting point: the duties, goals,
    sub-goals, tasks and indicators kept as written; all money cleared (the budget, each task's
    预算金额 — this year's are the department's to set) and what belonged to the old year
    dropped (its self-evaluation and monitoring, each indicator's 实际完成值, 得分, 偏差 and
    monitoring columns)."""

    def fresh(indicator: core.Indicator) -> core.Indicator:
        return indicator.model_copy(
            update={"actual": None, "score": None, "deviation": None, "monitoring": None}
        )

    return department.model_copy(
        update={
            "budget": None,
            "tasks": [
                task.model_copy(update={"budget": core.Budget()}) for task in department.tasks
            ],
            "evaluation": None,
            "monitoring": None,
            "indicators": [fresh(indicator) for indicator in department.indicators],
            "sub_goals": [
                goal.model_copy(update={"indicators": [fresh(i) for i in goal.indicators]})
                for goal in department.sub_goals
            ],
        }
    )


def copy_department(user: User, source: TargetDocument, year: int) -> TargetDocument:
    """The department's document of `year` (found or made, as `start_department`) with the
    department-wide targets of an earlier year's document copied in (`for_new_year`). Refused
    when the year's document already has department-wide targets (they are edited, never
    overwritten) or is not editable; the audit entry names the source."""
    if not roles_at(user, source.department) & KEEPERS:
        raise PermissionDenied("只有主管部门的填报人或审核人可以填写部门整体绩效目标")
    source_year = source.fiscal_year.year
    if year <= source_year:
        raise WorkflowError(f"只能复制到 {source_year} 年度以后的年度（如 {source_year + 1}）")
    if not source.data:
        raise WorkflowError("所选文本没有部门整体绩效目标，无法复制")
    with transaction.atomic():  # the year's document made and filled, or neither
        document = start_department(user, source.department, year)
        locked = TargetDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
        if locked.data:
            raise WorkflowError(
                f"{year} 年度的文本已有部门整体绩效目标，不能用复制覆盖；请在其中直接修改"
            )
        if locked.status not in EDITABLE:
            raise WorkflowError(
                f"部门整体绩效目标当前状态为“{locked.get_status_display()}”，不能复制填写"
            )
        copied = for_new_year(core.Department.model_validate(source.data))
        locked.data = copied.model_dump(mode="json")
        locked.save(update_fields=["data"])
        TargetDocument.touch(locked.pk)
        reviewing.department_changed(locked)
        reason = (
            f"复制自 {source_year} 年度「{source.department.name}」的部门整体绩效目标"
            f"（文本编号 {source.pk}）"
        )
        record(user, "copy_department", locked, after=locked.data, reason=reason)
    return locked
