"""Storing target documents: parse → check → build in memory → write once, in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from jixiao.audit.models import AuditEntry, record
from jixiao.core import model as core
from jixiao.ingest import IngestError, read_bytes
from jixiao.org.models import FiscalYear, Organisation
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
) -> ImportResult:
    """Read a target document and store it under its department and year (see `store`)."""
    return store(
        read_bytes(data, source, encoding=encoding), year=year, department=department, user=user
    )


def store(
    document: core.TargetDocument,
    *,
    year: int,
    department: Organisation | None = None,
    user: AbstractBaseUser | None = None,
) -> ImportResult:
    """Store a parsed document, all or nothing. The same content imported again for the same
    department and year is found, not stored twice (`created` is False)."""
    document = document.model_copy(
        update={
            "year": year,
            "projects": [p.model_copy(update={"year": year}) for p in document.projects],
        }
    )
    digest = content_hash(document)
    with transaction.atomic():
        department = department or _department_of(document)
        fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
        existing = (
            TargetDocument.objects.select_related("department", "fiscal_year")
            .filter(department=department, fiscal_year=fiscal_year, content_hash=digest)
            .first()
        )
        if existing is not None:
            return ImportResult(existing, created=False)
        units = _units(document, department)
        stored = TargetDocument.objects.create(
            department=department,
            fiscal_year=fiscal_year,
            source=document.source,
            layout=document.layout or "",
            content_hash=digest,
            data=document.department.model_dump(mode="json") if document.department else None,
            imported_by=user,
        )
        projects = Project.objects.bulk_create(
            Project(
                document=stored,
                unit=units[_unit_key(project.unit)],
                position=position,
                **Project.fields_from_core(project),
            )
            for position, project in enumerate(document.projects, start=1)
        )
        record(
            user, "import", stored,
            after={"source": document.source, "year": year, "projects": len(projects)},
        )  # fmt: skip
        actor = user if user is not None and user.is_authenticated else None
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=actor,
                    action="import",
                    object_type=Project._meta.label_lower,
                    object_id=str(project.pk),
                    after={"source": document.source, "year": year, "position": project.position},
                )
                for project in projects
            ]
        )
    return ImportResult(stored, created=True)


def named_department(document: core.TargetDocument) -> tuple[str | None, str | None]:
    """The code and name of the department a document names: its own, or its tables' 主管部门."""
    identity = document.department
    supervisor = next((p.supervisor for p in document.projects if p.supervisor), None)
    code = (identity.code if identity else None) or (supervisor.code if supervisor else None)
    name = (identity.name if identity else None) or (supervisor.name if supervisor else None)
    return code, name


def _department_of(document: core.TargetDocument) -> Organisation:
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
    department, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.DEPARTMENT,
        code=code,
        defaults={"name": name, "parent": _finance_bureau()},
    )
    return department


def _finance_bureau() -> Organisation | None:
    bureaus = list(Organisation.objects.filter(kind=Organisation.Kind.FINANCE)[:2])
    return bureaus[0] if len(bureaus) == 1 else None


WHOLE, PLACES = BUDGET_DIGITS
NAME_MAX = Organisation._meta.get_field("name").max_length or 200
CODE_MAX = Organisation._meta.get_field("code").max_length or 32


def _unit_key(unit: core.Organisation) -> str:
    return unit.code or unit.name


def unknown_units(
    document: core.TargetDocument, department: Organisation | None
) -> list[core.Organisation]:
    """The budget units the document names that its department does not have yet (what a
    confirm would create), in table order. Reads only."""
    wanted = {_unit_key(p.unit): p.unit for p in document.projects}
    if department is None:
        return list(wanted.values())
    known = set()
    for code, name in Organisation.objects.filter(
        parent=department, kind=Organisation.Kind.UNIT
    ).values_list("code", "name"):
        known.add(code or name)
    return [unit for key, unit in wanted.items() if key not in known]


def _units(document: core.TargetDocument, department: Organisation) -> dict[str, Organisation]:
    """The budget units of the document under its department, created where new, in bulk."""
    wanted = {_unit_key(p.unit): p.unit for p in document.projects}
    for project in document.projects:
        total = project.budget.total
        if total is not None and not fits_budget_total(total):
            raise IngestError(
                document.source, f"项目「{project.name}」的预算数「{total}」超出可保存的范围",
                expected=f"整数部分最多 {WHOLE} 位、小数最多 {PLACES} 位的金额",
            )  # fmt: skip
    for unit in wanted.values():
        if len(unit.name) > NAME_MAX or len(unit.code or "") > CODE_MAX:
            raise IngestError(
                document.source, f"预算单位「{unit.name[:30]}…」的名称或编码过长",
                expected=f"名称不超过 {NAME_MAX} 字、编码不超过 {CODE_MAX} 字的预算单位",
                hint="表中的单位一栏可能混入了其他内容。",
            )  # fmt: skip
    known = {
        unit.code or unit.name: unit
        for unit in Organisation.objects.filter(parent=department, kind=Organisation.Kind.UNIT)
    }
    missing = [
        Organisation(
            kind=Organisation.Kind.UNIT, code=unit.code or "", name=unit.name, parent=department
        )
        for key, unit in wanted.items()
        if key not in known
    ]
    created = Organisation.objects.bulk_create(missing)
    for unit in created:
        unit.path = f"{department.path}{unit.pk}/"
        known[unit.code or unit.name] = unit
    Organisation.objects.bulk_update(created, ["path"])
    return known
