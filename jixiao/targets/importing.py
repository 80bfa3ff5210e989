"""Checking an upload before anything is stored: size, type, year, the layout read, the
department it goes under (chosen by its place in the tree among the user's, never by a code
alone) and everything `services.place` checks — the user's reach, units that exist, amounts.
The import page and the API (its dry run included) both call `check_upload`, then `store`, which
checks the same again: a dry run fails exactly when the import would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from jixiao.core.model import TargetDocument as CoreDocument
from jixiao.ingest import IngestError, read_bytes
from jixiao.org.access import User
from jixiao.org.models import Organisation
from jixiao.targets import workflow
from jixiao.targets.services import named_department, place

UPLOAD_SUFFIXES = (".txt", ".docx", ".doc", ".xlsx", ".xls", ".pdf", ".html", ".htm")


class ImportRefusedError(Exception):
    """An upload that cannot be imported; the message says why and what to do, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    document: CoreDocument
    year: int
    department: Organisation
    """Where it goes: the department the user chose, or the one of theirs the file names."""
    chosen: bool
    """Whether the user chose the department (rather than the file naming it)."""


def check_upload(
    user: User,
    upload: Any,
    year_text: str | None,
    department_code: str | None = None,
    *,
    department_id: int | None = None,
) -> CheckedUpload:
    """The upload read and checked for this user. The department is the one chosen by its key
    (`department_id`, the page's choice) or by its code among the user's (the API's
    `department`), else the user's department with the code the file names."""
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
    department, chosen = choose_department(user, document, department_code, department_id)
    try:
        place(document, department, user=user)
    except IngestError as error:
        raise ImportRefusedError(error.message) from None
    return CheckedUpload(document, year, department, chosen)


CHOOSE = "请在“主管部门”中选择后再上传。"


def choose_department(
    user: User, document: CoreDocument, code: str | None, key: int | None
) -> tuple[Organisation, bool]:
    """The department an upload goes under, among those the user may import into, and whether
    the user chose it. A code the user's departments share (under two fiscal bureaus) is never
    guessed between."""
    mine = workflow.importable_departments(user)
    if key is not None:
        found = next((d for d in mine if d.pk == key), None)
        if found is None:
            raise ImportRefusedError("所选的主管部门不在您可导入的范围内，" + CHOOSE)
        return found, True
    if code:
        return _coded(mine, code, f"主管部门「{code}」不在您可导入的范围内，请核对编码。"), True
    named = named_department(document)[0]
    if named is None:
        raise ImportRefusedError("文件中没有写明主管部门编码，" + CHOOSE)
    return _coded(mine, named, f"文件属于主管部门「{named}」，不在您可导入的范围内。"), False


def _coded(mine: list[Organisation], code: str, outside: str) -> Organisation:
    found = [d for d in mine if d.code == code]
    if not found:
        raise ImportRefusedError(outside)
    if len(found) > 1:
        places = "、".join(f"{d.parent.name if d.parent else ''}下的「{d.name}」" for d in found)
        raise ImportRefusedError(
            f"您可导入的主管部门中有 {len(found)} 个编码为「{code}」（{places}），" + CHOOSE
        )
    return found[0]


def upload_problem(upload: Any) -> str | None:
    if upload is None:
        return "请选择要导入的文件。"
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if upload.size > limit:
        size = upload.size / 1048576
        return f"文件「{upload.name}」有 {size:.1f} MB，超过 {limit // 1048576} MB 的上限。"
    if PurePath(upload.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
        return (
            f"文件「{upload.name}」的类型暂不支持：目前可导入 Word 文档（.docx）及 Word 97-2003 "
            "文档（.doc）、Excel 工作簿（.xlsx、.xls）、PDF 文件（.pdf）、另存的网页（.html、.htm）"
            "和纯文本（.txt）——Word 另存为的绩效目标文本，或从网页复制的绩效目标表。其他文件请用 "
            "Word、Excel 或 WPS“另存为”以上格式后再上传。"
        )
    return None


def parse_year(value: str | None) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


DRAFT_HOURS = 24
"""How long a preview waits for its confirm."""


DRAFTS_KEPT = 20
"""Previews a user may have waiting at once (several tabs, several files); older ones go."""


def keep_draft(user: User, checked: CheckedUpload) -> str:
    """Keep a previewed upload for its confirm; the token the session holds instead. Each
    preview waits for its own confirm (another tab's preview stays valid); everyone's expired
    previews go, and a user's beyond the last `DRAFTS_KEPT`."""
    from jixiao.targets.models import ImportDraft

    prune_drafts(user, DRAFTS_KEPT - 1)
    draft = ImportDraft.objects.create(
        user=user,
        department=checked.department,
        year=checked.year,
        content=checked.document.to_json(indent=None),
    )
    return str(draft.token)


def prune_drafts(user: User, keep: int) -> None:
    """Everyone's expired previews removed, and this user's beyond the last `keep`; the files
    of one upload of several (a `group`) count as one preview and go together."""
    from jixiao.targets.models import ImportDraft

    ImportDraft.objects.filter(created_at__lt=_expiry()).delete()
    previews: dict[object, None] = {}
    gone = []
    mine = ImportDraft.objects.filter(user=user).order_by("-created_at", "-pk")
    for pk, group in mine.values_list("pk", "group"):
        previews.setdefault(group or pk, None)
        if len(previews) > keep:
            gone.append(pk)
    if gone:
        ImportDraft.objects.filter(pk__in=gone).delete()


def take_draft(user: User, token: object) -> tuple[CoreDocument, int, int] | None:
    """The kept preview (document, year, department key) of this user, removed; None when it
    is gone, expired, another user's or no longer reads (kept by an older version)."""
    from jixiao.targets.models import ImportDraft

    if not isinstance(token, str):
        return None
    try:
        draft = ImportDraft.objects.filter(user=user, token=token).first()
    except ValidationError:  # not a token at all
        return None
    if draft is None:
        return None
    draft.delete()
    if draft.created_at < _expiry():
        return None
    try:
        document = CoreDocument.from_json(draft.content)
    except (ValueError, TypeError):  # pydantic's ValidationError is a ValueError
        return None
    return document, draft.year, draft.department_id


def _expiry() -> datetime:
    return timezone.now() - timedelta(hours=DRAFT_HOURS)
