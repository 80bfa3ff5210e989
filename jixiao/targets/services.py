"""Storing target documents: parse → check → build in memory → write once, in one transaction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q

from jixiao.audit.models import AuditEntry, bulk_record, record
from jixiao.core import model as core
from jixiao.ingest import IngestError, read_bytes
from jixiao.ops import bulk
from jixiao.org.access import roles_at
from jixiao.org.models import FiscalYear, Organisation
from jixiao.targets import reviewing, workflow
from jixiao.targets.models import BUDGET_DIGITS, Project, TargetDocument, fits_budget_total


@dataclass(frozen=True)
class ImportResult:
    document: TargetDocument
    created: bool


def content_hash(document: core.TargetDocument) -> str:
    """What makes two imports the same document: the content, whatever the file was called."""
    canonical = document.model_dump_json(exclude={"source"})
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def import_file(
    data: bytes,
    *,
    source: str,
    year: int,
    department: Organisation | None = None,
    user: AbstractBaseUser | None = None,
    encoding: str | None = None,
    create_units: bool = False,
) -> ImportResult:
    """Read a target document and store it under its department and year (see `store`)."""
    return store(
        read_bytes(data, source, encoding=encoding), year=year, department=department, user=user,
        create_units=create_units,
    )  # fmt: skip


def store(
    document: core.TargetDocument,
    *,
    year: int,
    department: Organisation | None = None,
    user: AbstractBaseUser | None = None,
    create_units: bool = False,
    reviewed: reviewing.Reviewed | None = None,
) -> ImportResult:
    """Store a parsed document, all or nothing, after `place` checked it (the user's reach
    included, when a user imports). The same content imported again for the same department
    and year is found, not stored twice (`created` is False) — also when the two imports run at
    the same moment. Without `department` (the command line) the file's own is found by its
    code; units (and, then, the department) are created only with `create_units`.

    `reviewed`: the review the caller already made of this `document` (the import's answer),
    stored as the document's review instead of reviewing it again when the review runs in this
    transaction (a review of another document object is not trusted; the year stamped on the
    stored copy below is read by no rule)."""
    review = reviewed.findings if reviewed is not None and reviewed.document is document else None
    document = document.model_copy(
        update={
            "year": year,
            "projects": [p.model_copy(update={"year": year}) for p in document.projects],
        }
    )
    digest = content_hash(document)
    with transaction.atomic():
        department = department or _department_of(document, create=create_units)
        placement = place(document, department, user=user, create_units=create_units)
        fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
        existing = (
            TargetDocument.objects.select_related("department", "fiscal_year")
            .filter(department=department, fiscal_year=fiscal_year, content_hash=digest)
            .filter(withdrawn_at__isnull=True)  # a withdrawn document is imported anew
        )
        if (found := existing.first()) is not None:
            return ImportResult(found, created=False)
        units = _create_units(placement)
        try:
            with transaction.atomic():  # a savepoint: the same file imported at this moment
                stored = TargetDocument.objects.create(
                    department=department,
                    fiscal_year=fiscal_year,
                    source=document.source,
                    layout=document.layout or "",
                    content_hash=digest,
                    data=document.department.model_dump(mode="json")
                    if document.department
                    else None,
                    imported_by=user,
                )
        except IntegrityError:
            # the other import committed first (targets_document_imported_once): its document
            return ImportResult(existing.get(), created=False)
        projects = list(
            bulk.insert(
                Project,
                [
                    Project(
                        document=stored,
                        unit=units[_unit_key(project.unit)],
                        position=position,
                        year=year,
                        **Project.fields_from_core(project),
                    )
                    for position, project in enumerate(document.projects, start=1)
                ],
            )
        )
        reviewing.review_imported(stored, projects, document, user, review)  # here or after
        record(
            user, "import", stored,
            after={"source": document.source, "year": year, "projects": len(projects)},
        )  # fmt: skip
        actor = user if user is not None and user.is_authenticated else None
        bulk_record(  # chained onto the audit log's hash chain
            [
                AuditEntry(
                    actor=actor,
                    action="import",
                    object_type=Project._meta.label_lower,
                    object_id=str(project.pk),
                    after={"source": document.source, "year": year, "position": project.position},
                    document_id=stored.pk,
                    unit_id=project.unit_id,
                )
                for project in projects
            ]
        )
        # what the new tables refer to, planned as it now is
        bulk.analyze_after_commit(
            len(projects), AuditEntry, TargetDocument, Organisation, FiscalYear
        )
    return ImportResult(stored, created=True)


def named_department(document: core.TargetDocument) -> tuple[str | None, str | None]:
    """The code and name of the department a document names: its own, or its tables' 主管部门."""
    identity = document.department
    supervisor = next((p.supervisor for p in document.projects if p.supervisor), None)
    code = (identity.code if identity else None) or (supervisor.code if supervisor else None)
    name = (identity.name if identity else None) or (supervisor.name if supervisor else None)
    return code, name


def _department_of(document: core.TargetDocument, *, create: bool) -> Organisation:
    """The department a document names, for the command line (the pages and the API always
    choose one among the user's): the one department with its code, created under the only
    fiscal bureau when asked to create and there is none. Two departments with the code (under
    two fiscal bureaus) are never guessed between."""
    code, name = named_department(document)
    if not code or not name:
        raise IngestError(
            document.source,
            "文件中没有写明主管部门",
            expected="导入时指定主管部门（命令行加 --department 编码）",
        )
    if len(name) > NAME_MAX or len(code) > CODE_MAX:
        raise IngestError(
            document.source, f"主管部门「{name[:30]}…」的名称或编码过长",
            expected=f"名称不超过 {NAME_MAX} 字、编码不超过 {CODE_MAX} 字；或导入时指定主管部门",
        )  # fmt: skip
    found = list(
        Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, code=code)
        .select_related("parent")
        .order_by("path")
    )
    if len(found) > 1:
        raise IngestError(
            document.source,
            f"有 {len(found)} 个编码为「{code}」的主管部门（{department_places(found)}）",
            hint="请指明导入到哪一个：命令行写 --department 财政部门编码/主管部门编码，"
            f"如 --department {found[0].parent.code if found[0].parent else ''}/{code}。",
        )  # fmt: skip
    if found:
        return found[0]
    if not create:
        raise IngestError(
            document.source, f"没有编码为「{code}」的主管部门「{name}」",
            hint="请系统管理员先在系统管理中建立该主管部门；"
            "命令行导入可加 --create-units 一并建立。",
        )  # fmt: skip
    department, _ = Organisation.objects.get_or_create(  # race-safe: (parent, code) is unique
        kind=Organisation.Kind.DEPARTMENT, code=code, parent=_finance_bureau(),
        defaults={"name": name},
    )  # fmt: skip
    return department


def departments_named(spec: str) -> list[Organisation]:
    """The departments with this code, or, written "130303/322", with this code under the
    organisation coded 130303: what the command line's --department names."""
    above, _, own = spec.rpartition("/")
    found = Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, code=own)
    if above:
        found = found.filter(parent__code=above)
    return list(found.select_related("parent").order_by("path"))


def department_places(departments: list[Organisation]) -> str:
    return "、".join(
        f"{d.parent.name}下的「{d.code} {d.name}」" if d.parent else f"「{d.code} {d.name}」"
        for d in departments
    )


def _finance_bureau() -> Organisation | None:
    bureaus = list(Organisation.objects.filter(kind=Organisation.Kind.FINANCE)[:2])
    return bureaus[0] if len(bureaus) == 1 else None


WHOLE, PLACES = BUDGET_DIGITS
NAME_MAX = Organisation._meta.get_field("name").max_length or 200
CODE_MAX = Organisation._meta.get_field("code").max_length or 32
IMPORTERS = frozenset(workflow.IMPORTERS)


def _unit_key(unit: core.Organisation) -> str:
    return unit.code or unit.name


def _label(unit: core.Organisation | core.Department | Organisation) -> str:
    return f"{unit.code} {unit.name}" if unit.code else (unit.name or "")


class UnknownUnitsError(IngestError):
    """Budget units a document names that its department does not have: nothing is created
    (outside the command line's --create-units)."""

    def __init__(
        self, source: str, department: Organisation, units: list[core.Organisation]
    ) -> None:
        self.units = units
        super().__init__(
            source,
            f"以下预算单位在「{department.name}」下尚不存在：{'、'.join(map(_label, units))}",
            hint="请核对表中的单位名称和编码；确属新单位的，请系统管理员先在系统管理中建立该单位"
            "（上级为该主管部门），再重新导入。",
        )


@dataclass(frozen=True)
class Placement:
    """Where a checked document's tables go: the department, the units found under it (by the
    tables' unit key) and those to create (only when asked to)."""

    department: Organisation
    units: dict[str, Organisation]
    missing: list[core.Organisation]


def place(
    document: core.TargetDocument,
    department: Organisation,
    *,
    user: AbstractBaseUser | AnonymousUser | None = None,
    create_units: bool = False,
) -> Placement:
    """Check, reading only, that the document can be stored under the department: the
    department the file names (if it names one) is this one, every amount and plan can be
    stored, every table's budget unit exists below the department (unless `create_units`: the
    command line's explicit flag), and — for an importer (`user`; the command line has none) —
    the department and every table's unit are within the user's reach, and department-wide
    targets come from someone who keeps them. The one check of the import page, the API (its
    dry run included) and the command line; `store` runs it again in its transaction. Raises
    `IngestError` saying what and where, in Chinese."""
    _check_department(document, department)
    _check_content(document)
    units, missing = _find_units(document, department)
    if missing and not create_units:
        raise UnknownUnitsError(document.source, department, missing)
    if user is not None:
        _check_reach(document, department, units, user)
    _check_department_name(document, department)  # after the reach: a filler is told that first
    return Placement(department, units, missing)


def _check_department(document: core.TargetDocument, department: Organisation) -> None:
    named = [document.department] + [p.supervisor for p in document.projects]
    for other in named:
        if other is not None and other.code and other.code != department.code:
            raise _other_department(document, other, department)


def _check_department_name(document: core.TargetDocument, department: Organisation) -> None:
    """Department-wide targets that name their department but give no code to compare: the
    name must be the chosen department's (else they are another department's)."""
    own = document.department
    if own is not None and not own.code and own.name and not _alike(own.name, department.name):
        raise _other_department(document, own, department)


def _other_department(
    document: core.TargetDocument,
    other: core.Organisation | core.Department,
    department: Organisation,
) -> IngestError:
    return IngestError(
        document.source,
        f"文件写明的主管部门是「{_label(other)}」，与导入的主管部门「{_label(department)}」不一致",
        hint="请选择文件所属的主管部门后重新上传；文件中的主管部门写错的，请改正后再导入。",
    )


def _alike(written: str, name: str) -> bool:
    """Whether a department's name as a file writes it is this organisation's (one name holds
    the other: 商务局 / 秦皇岛市山海关区商务局; a bracketed note such as （本级） left out)."""

    def bare(text: str) -> str:
        return re.sub(r"[（(][^（()）]*[)）]|\s", "", text)

    a, b = bare(written), bare(name)
    return bool(a and b) and (a in b or b in a)


def _check_content(document: core.TargetDocument) -> None:
    """What the editor refuses, refused on import too: amounts that cannot be stored or are
    negative, a 资金支出计划 outside 0–100% or decreasing, over-long unit names and codes."""
    for number, project in enumerate(document.projects, start=1):
        if not project.name.strip():  # a copy without the table's header: no name, no unit
            raise IngestError(
                document.source,
                f"第{number}张表没有写明项目名称（文件中缺少这张表的表头），无法导入",
                expected="含项目名称、主管部门、实施单位等表头的绩效目标表",
                hint="文件可能是从表格中间开始复制的；请取得完整的表格（从表头起）后重新导入。",
            )  # fmt: skip
        where = f"项目「{project.name[:60]}」"
        if not project.unit.name.strip() and not project.unit.code:
            raise IngestError(
                document.source,
                f"第{number}张表（{where}）没有写明实施单位，不知道它属于哪个预算单位，无法导入",
                expected="写明实施单位（或项目单位、预算单位）的绩效目标表",
                hint="请在表中补上实施单位后重新导入。",
            )  # fmt: skip
        total = project.budget.total
        if total is not None and not fits_budget_total(total):
            raise IngestError(
                document.source, f"{where}的预算数「{total}」超出可保存的范围",
                expected=f"整数部分最多 {WHOLE} 位、小数最多 {PLACES} 位的金额",
            )  # fmt: skip
        budget = project.budget
        for label, amount in (
            ("预算数", total),
            ("财政资金", budget.fiscal),
            ("其他资金", budget.other),
        ):
            if amount is not None and amount < 0:
                raise IngestError(
                    document.source, f"{where}的{label}「{format(amount, 'f')}」为负数",
                    expected="不小于 0 的金额", hint="请改正文件后重新导入。",
                )  # fmt: skip
        problem = plan_problem(project.spending_plan)
        if problem is not None:
            raise IngestError(
                document.source, f"{where}的{problem[0]}", expected=problem[1],
                hint="请改正文件后重新导入。",
            )  # fmt: skip
        unit = project.unit
        if len(unit.name) > NAME_MAX or len(unit.code or "") > CODE_MAX:
            raise IngestError(
                document.source, f"预算单位「{unit.name[:30]}…」的名称或编码过长",
                expected=f"名称不超过 {NAME_MAX} 字、编码不超过 {CODE_MAX} 字的预算单位",
                hint="表中的单位一栏可能混入了其他内容。",
            )  # fmt: skip


HUNDRED = Decimal(100)


def plan_problem(plan: list[core.Checkpoint]) -> tuple[str, str] | None:
    """What is wrong with a 资金支出计划 that must not be stored, and what it should be: a share
    outside 0–100%, or one below the share before it (the plan is cumulative). Blank points are
    passed over. The editor and the import both ask this."""
    before: core.Checkpoint | None = None
    for point in plan:
        percent = point.percent
        if percent is None:
            continue
        if not 0 <= percent <= HUNDRED:
            return (
                f"资金支出计划「{point.by}」为 {format(percent, 'f')}%，不在 0—100% 之间",
                "0 到 100 之间的累计百分比",
            )
        if before is not None and before.percent is not None and percent < before.percent:
            return (
                f"资金支出计划逐期减少：{point.by} {format(percent, 'f')}% "
                f"少于 {before.by} {format(before.percent, 'f')}%",
                "逐期不减的累计百分比（后一时点不少于前一时点）",
            )
        before = point
    return None


def _find_units(
    document: core.TargetDocument, department: Organisation
) -> tuple[dict[str, Organisation], list[core.Organisation]]:
    """The tables' budget units below the department (at any depth): by code, or by name for a
    table that gives none. Reads only."""
    wanted = {_unit_key(p.unit): p.unit for p in document.projects}
    below = Organisation.objects.filter(kind=Organisation.Kind.UNIT).select_related("parent")
    below = (
        below.filter(path__startswith=department.path)
        if department.path
        else below.filter(parent=department)
    )
    by_code: dict[str, list[Organisation]] = {}
    by_name: dict[str, list[Organisation]] = {}
    for unit in below:
        if unit.code:
            by_code.setdefault(unit.code, []).append(unit)
        by_name.setdefault(unit.name, []).append(unit)
    found: dict[str, Organisation] = {}
    missing: list[core.Organisation] = []
    for key, unit in wanted.items():
        candidates = by_code.get(unit.code, []) if unit.code else by_name.get(unit.name, [])
        if len(candidates) > 1:
            raise IngestError(
                document.source,
                f"「{department.name}」下有 {len(candidates)} 个"
                f"{'编码' if unit.code else '名称'}为「{key}」的预算单位，无法确定表属于哪一个",
                hint="请系统管理员核对这些单位（同一主管部门下的单位编码、名称应各不相同），"
                "或在表中写明单位编码后重新导入。",
            )
        if candidates:
            found[key] = candidates[0]
        else:
            missing.append(unit)
    return found, missing


def _check_reach(
    document: core.TargetDocument,
    department: Organisation,
    units: dict[str, Organisation],
    user: AbstractBaseUser | AnonymousUser,
) -> None:
    if not workflow.may_import_into(user, department):
        raise IngestError(
            document.source, f"主管部门「{_label(department)}」不在您可导入的范围内",
            hint="请选择您所在的主管部门；其他部门的文件请由该部门导入。",
        )  # fmt: skip
    for project in document.projects:
        unit = units.get(_unit_key(project.unit), department)  # a unit to create: its parent
        if not roles_at(user, unit) & IMPORTERS:
            raise IngestError(
                document.source,
                f"项目「{project.name[:60]}」属于预算单位「{_label(unit)}」，不在您可导入的范围内",
                hint="单位填报人只能导入本单位（及下级单位）的项目绩效目标表：请删去其他单位的表后"
                "重新上传，或请主管部门审核人导入整份文件。",
            )
    targets = document.department
    has_targets = targets is not None and bool(
        targets.overall_goal or targets.sub_goals or targets.safeguards or targets.duties
    )
    if has_targets and not roles_at(user, department) & IMPORTERS:
        raise IngestError(
            document.source,
            f"文件含「{department.name}」的部门整体绩效目标，不在您可导入的范围内",
            hint="部门整体绩效目标由主管部门导入；单位填报人请只上传本单位的项目绩效目标表。",
        )


def _create_units(placement: Placement) -> dict[str, Organisation]:
    """The placement's units, the missing ones created under its department in bulk. Race-safe:
    a unit another import creates at the same moment is found, not created twice (the unique
    constraints on (parent, code) and, for units without a code, (parent, name))."""
    units = dict(placement.units)
    if not placement.missing:
        return units
    department = placement.department
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind=Organisation.Kind.UNIT, code=unit.code or "", name=unit.name, parent=department
            )
            for unit in placement.missing
        ],
        ignore_conflicts=True,
    )
    coded = [unit.code for unit in placement.missing if unit.code]
    uncoded = [unit.name for unit in placement.missing if not unit.code]
    fresh = list(
        Organisation.objects.filter(parent=department, kind=Organisation.Kind.UNIT).filter(
            Q(code__in=coded) | Q(code="", name__in=uncoded)
        )
    )
    unplaced = [unit for unit in fresh if not unit.path]  # the ones this import created
    for unit in unplaced:
        unit.path = f"{department.path}{unit.pk}/"
    Organisation.objects.bulk_update(unplaced, ["path"])
    for unit in fresh:
        units[unit.code or unit.name] = unit
    return units
