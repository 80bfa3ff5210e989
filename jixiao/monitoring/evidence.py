"""Evidence files of indicator progress (佐证材料): checked, stored, removed, served.

An upload is checked by its size (JIXIAO_EVIDENCE_MAX_MB, default 20) and by its content, never
by its name alone: PDF, JPG/PNG images, Word (.docx, .doc), Excel (.xlsx, .xls) and OFD (the
national fixed-layout format of electronic invoices). Its extension must agree with what the
content is. Archives (.zip, .rar) are refused: a reviewer could not see what they hold, and
each piece of evidence belongs to one indicator — several files are uploaded one by one.

Files go to Django's default storage (a folder under the data directory, MEDIA_ROOT; another
backend such as S3-compatible storage works the same through STORAGES) under a random name; the
user's file name is kept only as a label for the download. Files are served only through
`download`, to users who may see the project (404 for anyone else), never from a public URL.
Removing is soft (`removed_at`): the file stays, the audit log says who removed it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone

from jixiao.ingest.formats import sniff
from jixiao.monitoring.models import Evidence, MonitoringReport
from jixiao.monitoring.progress import FILLER_ONLY, audit, lock_for_filling, locked_row, may_fill
from jixiao.org.access import User
from jixiao.targets.workflow import visible_projects

DEFAULT_MAX_MB = 20
MAX_FILES = 20
"""Evidence files one indicator may carry at once (removed ones not counted)."""
NAME_LENGTH = 255


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    suffixes: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "pdf": Kind("PDF 文件", "application/pdf", (".pdf",)),
    "jpg": Kind("JPG 图片", "image/jpeg", (".jpg", ".jpeg")),
    "png": Kind("PNG 图片", "image/png", (".png",)),
    "docx": Kind(
        "Word 文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "xlsx": Kind(
        "Excel 工作簿",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
    ),
    "doc": Kind("Word 97-2003 文档", "application/msword", (".doc",)),
    "xls": Kind("Excel 97-2003 工作簿", "application/vnd.ms-excel", (".xls",)),
    "ofd": Kind("OFD 版式文件", "application/ofd", (".ofd",)),
}
ALLOWED = "PDF、JPG/PNG 图片、Word（.docx、.doc）、Excel（.xlsx、.xls）和 OFD 版式文件（电子发票）"


def max_bytes() -> int:
    return int(getattr(settings, "JIXIAO_EVIDENCE_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def kind_of(data: bytes) -> str | None:
    """What the content is, by its first bytes (and a zip's member names): a key of KINDS, or
    "damaged" for an Office or OFD file that cannot be opened, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "damaged"
        if "OFD.xml" in names:
            return "ofd"
    found = sniff(data)
    if found in ("pdf", "docx", "xlsx", "doc", "xls"):
        return found
    return "damaged" if found in ("damaged-zip", "damaged-ole") else None


def clean_name(name: str | None) -> str:
    """The file name as a label: no folders, no control characters, at most 255 characters
    (the extension kept)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().strip(".")
    suffix = PurePosixPath(base).suffix[:16]
    stem = base[: len(base) - len(suffix)] if suffix else base
    return (stem[: NAME_LENGTH - len(suffix)] or "佐证材料") + suffix


def check_file(upload: Any) -> tuple[bytes, str, str]:
    """The upload's bytes, its kind and its cleaned name; ValidationError (in Chinese, naming
    the file) when it is missing, empty, too large or of a type not allowed."""
    if upload is None:
        raise ValidationError("请选择要上传的佐证材料文件")
    name = clean_name(getattr(upload, "name", ""))
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"文件「{name}」有 {upload.size / 1048576:.1f} MB，超过 {limit // 1048576} MB 的上限；"
            "请压缩图片或拆分文件后再上传"
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"文件「{name}」超过 {limit // 1048576} MB 的上限")
    if not data:
        raise ValidationError(f"文件「{name}」是空文件，请重新选择")
    kind = kind_of(data)
    if kind == "damaged":
        raise ValidationError(
            f"文件「{name}」已损坏，无法打开；请在原软件中打开确认能正常显示，另存后重新上传"
        )
    if kind is None:
        raise ValidationError(f"文件「{name}」的类型不能作为佐证材料上传：可上传 {ALLOWED}")
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in KINDS[kind].suffixes:
        raise ValidationError(
            f"文件「{name}」的扩展名与内容不符（内容是{KINDS[kind].label}，扩展名应为 "
            f"{'、'.join(KINDS[kind].suffixes)}），请核对后重新选择"
        )
    return data, kind, name


def store_evidence(report: MonitoringReport, index: int, user: User, upload: Any) -> Evidence:
    """Keep an uploaded file as evidence of the report's `index`-th indicator: the unit's
    单位填报人 only (PermissionDenied), while the report is 草稿 or 已退回 (WorkflowError), a
    file that passes `check_file` and is not there already (ValidationError)."""
    if not may_fill(user, report.project):
        raise PermissionDenied(FILLER_ONLY)
    with transaction.atomic():
        locked, row = locked_row(report, index)
        data, kind, name = check_file(upload)
        digest = hashlib.sha256(data).hexdigest()
        live = list(row.evidence.filter(removed_at__isnull=True).only("name", "sha256"))
        same = next((e for e in live if e.sha256 == digest), None)
        if same is not None:
            raise ValidationError(
                f"指标「{row.indicator_name}」已有内容相同的佐证材料「{same.name}」，无须重复上传"
            )
        if len(live) >= MAX_FILES:
            raise ValidationError(
                f"指标「{row.indicator_name}」已有 {len(live)} 个佐证材料，达到上限；"
                "请移除不需要的文件后再上传"
            )
        evidence = Evidence(
            progress=row, name=name, size=len(data), content_type=KINDS[kind].content_type,
            sha256=digest, uploaded_by=user,
        )  # fmt: skip
        suffix = KINDS[kind].suffixes[0]
        evidence.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(data), save=False)
        try:
            evidence.save()
            audit(user, "monitoring.evidence.upload", evidence, locked, after=_snapshot(evidence))
        except BaseException:
            evidence.file.delete(save=False)  # no row, no file
            raise
    return evidence


def remove_evidence(evidence: Evidence, user: User, reason: str = "") -> Evidence:
    """Take a file off the indicator (soft: the row and the file stay, `removed_at` set), with
    the same rights as uploading it; audited with the reason given."""
    report = evidence.progress.report
    if not may_fill(user, report.project):
        raise PermissionDenied(FILLER_ONLY)
    with transaction.atomic():
        locked = lock_for_filling(report)
        current = Evidence.objects.select_for_update(of=("self",)).get(pk=evidence.pk)
        if current.removed_at is not None:
            raise ValidationError(f"佐证材料「{current.name}」已移除")
        current.removed_at = timezone.now()
        current.save(update_fields=["removed_at"])
        audit(
            user, "monitoring.evidence.remove", current, locked, before=_snapshot(current),
            reason=reason.strip()[:500],
        )  # fmt: skip
    return current


def visible_evidence(user: User) -> QuerySet[Evidence]:
    """Evidence not removed, of the projects the user may see."""
    return Evidence.objects.filter(
        removed_at__isnull=True, progress__report__project__in=visible_projects(user)
    ).select_related("progress__report__project__unit", "progress__report__round")


def evidence_for(user: User, pk: int) -> Evidence:
    found = visible_evidence(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个佐证材料，或您无权查看")
    return found


def download(evidence: Evidence) -> FileResponse:
    """The file as an attachment under its Chinese name (RFC 6266 `filename*`, so no browser
    mangles it and no name can break the header), with the type its content was checked as."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("该佐证材料的文件已不在存储中，请联系系统管理员") from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )


def _snapshot(evidence: Evidence) -> dict[str, Any]:
    return {
        "indicator": evidence.progress.indicator_index, "name": evidence.name,
        "size": evidence.size, "sha256": evidence.sha256, "file": evidence.file.name,
    }  # fmt: skip
