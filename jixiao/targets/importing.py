"""Checking an upload before anything is stored: size, type, year, the layout read, and the
department it goes under. The import page and the API both call `check_upload`, then `store`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings

from jixiao.core.model import TargetDocument as CoreDocument
from jixiao.ingest import IngestError, read_bytes
from jixiao.org.access import User
from jixiao.org.models import Organisation
from jixiao.targets import workflow
from jixiao.targets.services import named_department

UPLOAD_SUFFIXES = (".txt",)


class ImportRefusedError(Exception):
    """An upload that cannot be imported; the message says why and what to do, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    document: CoreDocument
    year: int
    department: Organisation | None
    """The department the user chose; None when the file names its own."""


def check_upload(
    user: User, upload: Any, year_text: str | None, department_code: str | None
) -> CheckedUpload:
    problem = upload_problem(upload)
    if problem is not None:
        raise ImportRefusedError(problem)
    year = parse_year(year_text)
    if year is None:
        raise ImportRefusedError("请填写预算年度（2000—2100 之间，如 2024）。")
    try:
        document = read_bytes(upload.read(), upload.name or "上传文件")
    except IngestError as error:
        raise ImportRefusedError(error.message) from None
    chosen = next(
        (d for d in workflow.importable_departments(user) if d.code == (department_code or "")),
        None,
    )
    code = chosen.code if chosen else named_department(document)[0]
    if code is None:
        raise ImportRefusedError("文件中没有写明主管部门编码，请在“主管部门”中选择后再上传。")
    if not workflow.may_import_into(user, code):
        raise ImportRefusedError(f"文件属于主管部门「{code}」，不在您可导入的范围内。")
    return CheckedUpload(document, year, chosen)


def upload_problem(upload: Any) -> str | None:
    if upload is None:
        return "请选择要导入的文件。"
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if upload.size > limit:
        size = upload.size / 1048576
        return f"文件「{upload.name}」有 {size:.1f} MB，超过 {limit // 1048576} MB 的上限。"
    if PurePath(upload.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
        return (
            f"文件「{upload.name}」的类型暂不支持：目前可导入纯文本（.txt）——Word 另存为的"
            "绩效目标文本，或从网页复制的绩效目标表。Word 文件请“另存为—纯文本”后再上传。"
        )
    return None


def parse_year(value: str | None) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None
