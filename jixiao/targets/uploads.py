"""An upload of several files, or of a .zip: each file read and checked like a single upload
(`importing.check_upload`), previewed in one table, kept as drafts of one group and stored on one
confirm, each file all or nothing on its own.

A zip is opened in memory, never onto disk: its member names are only labels. Before anything is
decompressed the declared sizes and the member count are checked; while reading, each member's
actual bytes (never more than the limit plus one) and its compression ratio. An archive over any
limit is refused whole — nothing of it is previewed or stored. Zips inside the zip are not opened;
encrypted members are refused in words; members of other types are listed as skipped. Names that
Windows tools wrote in GBK (without the UTF-8 flag) are decoded as such."""

from __future__ import annotations

import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings

from jixiao.core.model import TargetDocument as CoreDocument
from jixiao.ingest import IngestError
from jixiao.org.access import User
from jixiao.review import review_document
from jixiao.review.engine import Finding
from jixiao.review.summary import summarize
from jixiao.targets import importing, reviewing, workflow
from jixiao.targets.importing import ImportRefusedError
from jixiao.targets.models import ImportDraft
from jixiao.targets.services import store

ZIP_SUFFIX = ".zip"

ZIP_MAX_MEMBERS = 200
"""Files one upload may hold in all (those of its zips included)."""

ZIP_MAX_TOTAL = 100 * 1024 * 1024
"""What a zip's members may come to once decompressed, together."""

ZIP_MAX_RATIO = 100
"""How many times its compressed size a member may decompress to (ordinary documents: under 20)."""

ZIP_RATIO_FLOOR = 1024 * 1024
"""Below this a member's ratio is not checked: a small text of blank lines compresses well."""

ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz")
"""Archives inside the archive: never opened."""

LABEL_MAX = 255
"""As the 来源文件 column holds."""

ENCRYPTED = 0x1
UTF8_NAME = 0x800
UNICODE_PATH_EXTRA = 0x7075
"""Info-ZIP's Unicode path field: the name in UTF-8 beside a legacy-encoded one (7-Zip, WinRAR)."""


def _mb(size: int) -> str:
    return f"{size / 1048576:.0f} MB"


def is_many(files: list[Any]) -> bool:
    """Whether an upload takes the many-file path: several files, or a zip."""
    return len(files) > 1 or any(_is_zip(f) for f in files)


def _is_zip(upload: Any) -> bool:
    return PurePosixPath(upload.name or "").suffix.lower() == ZIP_SUFFIX


@dataclass(frozen=True)
class MemberFile:
    """A file of the upload as `check_upload` reads it: a name (its label) and its bytes."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def read(self) -> bytes:
        return self.data


@dataclass(frozen=True)
class Entry:
    """One file of the upload: its bytes to check, or why it was skipped or refused unread."""

    label: str
    file: Any = None
    skipped: str | None = None
    problem: str | None = None


def entries(files: list[Any]) -> Iterator[Entry]:
    """The upload's files in order, a zip's members in its place; raises `ImportRefusedError`
    for a zip over a limit (the whole upload is then refused)."""
    count = 0
    for upload in files:
        inside = _members(upload) if _is_zip(upload) else iter([Entry(upload.name, upload)])
        for entry in inside:
            count += 1
            if count > ZIP_MAX_MEMBERS:
                raise ImportRefusedError(
                    f"一次最多导入 {ZIP_MAX_MEMBERS} 个文件（压缩包中的文件一并计算），请分批上传。"
                )
            yield entry


def _members(upload: Any) -> Iterator[Entry]:
    name = upload.name
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if upload.size > limit:
        raise ImportRefusedError(
            f"压缩包「{name}」有 {upload.size / 1048576:.1f} MB，超过 {_mb(limit)} 的上限。"
        )
    try:
        archive = zipfile.ZipFile(upload)
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportRefusedError(
            f"「{name}」不是可以打开的 zip 压缩包（可能已损坏或只上传了一部分），请重新压缩后上传。"
        ) from None
    if len(members) > ZIP_MAX_MEMBERS:
        raise ImportRefusedError(
            f"压缩包「{name}」中有 {len(members)} 个文件，超过一次 {ZIP_MAX_MEMBERS} 个的上限，"
            "请分成几个压缩包上传。"
        )
    declared = sum(m.file_size for m in members)
    if declared > ZIP_MAX_TOTAL:
        raise _too_large(name, declared)
    total = 0
    with archive:
        for member in members:
            label = _label(name, member_name(member))
            suffix = PurePosixPath(label).suffix.lower()
            if _is_system_file(member_name(member)):
                yield Entry(label, skipped="压缩软件附带的系统文件，不是绩效目标文件")
            elif suffix in ARCHIVE_SUFFIXES:
                yield Entry(
                    label,
                    problem="压缩包中的压缩包不予展开，请先解压，再上传其中的文件。",
                )
            elif suffix not in importing.UPLOAD_SUFFIXES:
                yield Entry(label, skipped="不是可导入的文件类型（Word、Excel、PDF、网页或文本）")
            elif member.flag_bits & ENCRYPTED:
                yield Entry(
                    label, problem="文件已加密（设有密码），无法读取：请去掉密码重新压缩后上传。"
                )
            else:
                data = _read_member(archive, member, name, label)
                if data is None:
                    yield Entry(
                        label,
                        problem="压缩包中的这个文件已损坏或压缩方式不受支持，请重新压缩后上传。",
                    )
                    continue
                total += len(data)
                if total > ZIP_MAX_TOTAL:
                    raise _too_large(name, total)
                yield Entry(label, MemberFile(label, data))


def _too_large(name: str, size: int) -> ImportRefusedError:
    return ImportRefusedError(
        f"压缩包「{name}」解压后超过 {_mb(ZIP_MAX_TOTAL)}（解压后总大小的上限），"
        f"可能是恶意构造的压缩包，未导入其中任何文件；如确为正常文件，请分成几个压缩包上传。"
    )


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, label: str
) -> bytes | None:
    """The member's bytes, never more than the limit plus one decompressed; None when it does
    not decompress."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if member.file_size > limit:
        raise _member_too_large(name, label, limit)
    if member.file_size > ZIP_RATIO_FLOOR and member.file_size > ZIP_MAX_RATIO * max(
        member.compress_size, 1
    ):
        raise _ratio_too_high(name, label)
    try:
        with archive.open(member) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError):
        return None
    if len(data) > limit:  # a header that lied about the size
        raise _member_too_large(name, label, limit)
    if len(data) > ZIP_RATIO_FLOOR and len(data) > ZIP_MAX_RATIO * max(member.compress_size, 1):
        raise _ratio_too_high(name, label)
    return data


def _member_too_large(name: str, label: str, limit: int) -> ImportRefusedError:
    return ImportRefusedError(
        f"压缩包「{name}」中的「{label}」解压后超过 {_mb(limit)}（单个文件的上限），"
        "未导入其中任何文件。"
    )


def _ratio_too_high(name: str, label: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"压缩包「{name}」中的「{label}」解压后是压缩时的 {ZIP_MAX_RATIO} 倍以上"
        f"（压缩比的上限），可能是恶意构造的压缩包，未导入其中任何文件。"
    )


def member_name(member: zipfile.ZipInfo) -> str:
    """The member's name as its maker meant it: UTF-8 when flagged so or given in the Unicode
    path field; else UTF-8 if it decodes, else GBK (Windows' Chinese code page), else as read."""
    if member.flag_bits & UTF8_NAME:
        return member.filename
    unicode_path = _unicode_path(member.extra)
    if unicode_path is not None:
        return unicode_path
    try:
        raw = member.filename.encode("cp437")  # how zipfile decoded the unflagged name
    except UnicodeEncodeError:
        return member.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return member.filename


def _unicode_path(extra: bytes) -> str | None:
    position = 0
    while position + 4 <= len(extra):
        kind = int.from_bytes(extra[position : position + 2], "little")
        size = int.from_bytes(extra[position + 2 : position + 4], "little")
        body = extra[position + 4 : position + 4 + size]
        if kind == UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        position += 4 + size
    return None


def _is_system_file(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts or parts[-1].startswith("._") or parts[-1] in ("Thumbs.db",)


def _label(archive: str, name: str) -> str:
    """The member's place in its zip as a label: folders kept, nothing that could climb out of
    a folder (`..`, a leading `/`, a drive), no control characters. Never a path on disk."""
    parts = []
    for written in name.replace("\\", "/").split("/"):
        part = "".join(c for c in written if unicodedata.category(c)[0] != "C").strip()
        if part in ("", ".", "..") or (len(part) == 2 and part[1] == ":"):
            continue
        parts.append(part)
    label = f"{archive}/{'/'.join(parts) or '（无名文件）'}"
    return label if len(label) <= LABEL_MAX else "…" + label[-(LABEL_MAX - 1) :]


# -- checking and storing ------------------------------------------------------------------------

READABLE = ("可导入", "有警告")


@dataclass
class FilePreview:
    """One file's row in the preview: 可导入 / 有警告 / 失败 / 跳过, and why."""

    label: str
    result: str
    note: str = ""
    checked: importing.CheckedUpload | None = None
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def projects(self) -> int | None:
        return len(self.checked.document.projects) if self.checked else None

    @property
    def counts(self) -> dict[str, int]:
        return {
            level: sum(1 for f in self.findings if f.severity == level)
            for level in ("错误", "警告", "提示")
        }


def check_many(
    user: User,
    files: list[Any],
    year_text: str | None,
    department_code: str | None = None,
    *,
    department_id: int | None = None,
) -> list[FilePreview]:
    """Each file of the upload checked as a single upload is (`check_upload`) and reviewed.
    Raises `ImportRefusedError` when the upload as a whole is refused (no year, no file, a zip
    over a limit)."""
    if not files:
        raise ImportRefusedError("请选择要导入的文件。")
    if importing.parse_year(year_text) is None:
        raise ImportRefusedError("请填写预算年度（2000—2100 之间，如 2024）。")
    previews = []
    for entry in entries(files):
        if entry.skipped is not None:
            previews.append(FilePreview(entry.label, "跳过", entry.skipped))
            continue
        if entry.problem is not None:
            previews.append(FilePreview(entry.label, "失败", entry.problem))
            continue
        try:
            checked = importing.check_upload(
                user, entry.file, year_text, department_code, department_id=department_id
            )
        except ImportRefusedError as refused:
            previews.append(FilePreview(entry.label, "失败", refused.message))
            continue
        document = checked.document
        findings = review_document(document)
        warnings = [w.text(document.source) for w in document.warnings]
        verdict = summarize(document, findings)["verdict"]
        where = f"主管部门 {checked.department.code} {checked.department.name}"
        previews.append(
            FilePreview(
                entry.label,
                "有警告" if warnings else "可导入",
                f"{where}；审核结论：{verdict}",
                checked,
                findings,
                warnings,
            )
        )
    if not previews:
        raise ImportRefusedError("压缩包中没有文件。")
    return previews


def keep_group(user: User, previews: list[FilePreview]) -> str | None:
    """The readable files kept as drafts of one group for the one confirm; the group's token
    (None when no file is readable)."""
    readable = [p for p in previews if p.checked is not None]
    if not readable:
        return None
    importing.prune_drafts(user, importing.DRAFTS_KEPT - 1)
    group = uuid.uuid4()
    ImportDraft.objects.bulk_create(
        ImportDraft(
            user=user, department=p.checked.department, year=p.checked.year, group=group,
            content=p.checked.document.to_json(indent=None), warnings=p.warnings,
        )
        for p in readable if p.checked is not None
    )  # fmt: skip
    return str(group)


@dataclass(frozen=True)
class Pending:
    """A kept file waiting for the confirm: None for a draft that no longer reads."""

    document: CoreDocument | None
    year: int
    department_id: int
    warnings: list[str]
    reviewed: reviewing.Reviewed | None = None
    """The review of `document` already made (the API stores what it checked at once)."""


def group_size(user: User, group: object) -> int | None:
    """How many files of this user's group wait for the confirm; None when the group is gone,
    expired or another user's."""
    drafts = _group_drafts(user, group)
    return None if drafts is None else len(drafts)


def store_next(user: User, group: object, number: int) -> Outcome | None:
    """The group's first waiting file stored (`store_each`) and its draft removed, in the
    caller's transaction; None when none waits. `number` counts the file in the upload."""
    token = _token(group)
    if token is None:
        return None
    draft = (
        ImportDraft.objects.select_for_update()
        .filter(user=user, group=token)
        .order_by("pk")
        .first()
    )
    if draft is None:
        return None
    draft.delete()
    return store_each(user, [_pending(draft)], first=number)[0]


def _token(group: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(group))
    except ValueError:
        return None


def _group_drafts(user: User, group: object) -> list[ImportDraft] | None:
    token = _token(group)
    if token is None:
        return None
    drafts = list(ImportDraft.objects.filter(user=user, group=token).order_by("pk"))
    if not drafts or min(d.created_at for d in drafts) < importing._expiry():
        return None
    return drafts


def _pending(draft: ImportDraft) -> Pending:
    try:
        document: CoreDocument | None = CoreDocument.from_json(draft.content)
    except (ValueError, TypeError):  # kept by an older version
        document = None
    return Pending(document, draft.year, draft.department_id, draft.warnings)


@dataclass(frozen=True)
class Outcome:
    """One file's row in the result: 成功 / 有警告 / 未重复保存 / 失败, and why."""

    label: str
    result: str
    projects: int | None = None
    note: str = ""
    document: Any = None
    """The stored (or already stored) document."""

    def as_row(self) -> dict[str, Any]:
        """The outcome as a job keeps it (the document by its key)."""
        return {
            "label": self.label, "result": self.result, "projects": self.projects,
            "note": self.note, "document": self.document.pk if self.document else None,
        }  # fmt: skip


def store_each(user: User, files: list[Pending], *, first: int = 1) -> list[Outcome]:
    """Each file stored on its own, all or nothing
    (`services.store`, checked again in its transaction): one that fails is reported, the
    others are stored. `first` numbers the first file (for a file whose draft no longer reads)."""
    departments = {d.pk: d for d in workflow.importable_departments(user)}
    outcomes = []
    for n, file in enumerate(files, start=first):
        document, year, department_id = file.document, file.year, file.department_id
        label = document.source if document is not None else f"第 {n} 个文件"
        if document is None:
            outcomes.append(Outcome(label, "失败", note="预览已失效，请重新上传这个文件。"))
            continue
        department = departments.get(department_id)
        if department is None:
            outcomes.append(
                Outcome(label, "失败", note="所选主管部门已不在您可导入的范围内，请重新上传。")
            )
            continue
        try:
            result = store(
                document, year=year, department=department, user=user, reviewed=file.reviewed
            )
        except IngestError as refused:
            outcomes.append(Outcome(label, "失败", note=refused.message))
            continue
        count = len(document.projects)
        stored = result.document
        if not result.created:
            outcomes.append(
                Outcome(label, "未重复保存", count, "此前已导入相同内容，未重复保存。", stored)
            )
        elif file.warnings:
            warnings = "；".join(file.warnings)
            outcomes.append(Outcome(label, "有警告", count, f"已导入；读取时：{warnings}", stored))
        else:
            outcomes.append(Outcome(label, "成功", count, "已导入。", stored))
    return outcomes


def pending_of(previews: list[FilePreview]) -> list[Pending]:
    """The readable files of a preview as `store_each` takes them (the API stores at once)."""
    return [
        Pending(
            p.checked.document, p.checked.year, p.checked.department.pk, p.warnings,
            reviewing.Reviewed(p.checked.document, p.findings),
        )
        for p in previews if p.checked is not None
    ]  # fmt: skip


def tally(results: list[str]) -> str:
    """「成功 2，有警告 1，失败 1」: the results that occur, in the tables' order."""
    order = ("可导入", "成功", "有警告", "未重复保存", "失败", "跳过")
    return "，".join(f"{r} {results.count(r)}" for r in order if r in results)
