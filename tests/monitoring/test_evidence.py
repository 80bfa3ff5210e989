"""Evidence files (佐证材料): checked by content and size, stored with a digest, removed softly,
served only to those who may see the project, under their Chinese names."""

from __future__ import annotations

import hashlib
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.audit.models import AuditEntry
from jixiao.monitoring.evidence import clean_name, kind_of
from jixiao.monitoring.models import Evidence, MonitoringReport
from tests.monitoring.test_progress import make_report
from tests.web.conftest import World, client_for

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def zipped(**members: bytes) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/").replace("_dot_", "."), data)
    return buffer.getvalue()


def docx() -> bytes:
    from docx import Document

    buffer = BytesIO()
    document = Document()
    document.add_paragraph("培训签到表")
    document.save(buffer)
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = BytesIO()
    book = Workbook()
    book.active["A1"] = "支付明细"
    book.save(buffer)
    return buffer.getvalue()


OFD = zipped(OFD_dot_xml=b"<ofd:OFD/>", Doc_0__Document_dot_xml=b"<ofd:Document/>")


def upload(client: Client, report: MonitoringReport, index: int, name: str, data: bytes) -> Any:
    return client.post(
        f"/monitoring/reports/{report.pk}/progress/{index}/evidence/",
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_the_filler_uploads_a_pdf_kept_with_its_digest_and_listed(
    world: World, media: Path
) -> None:
    report = make_report(world)
    client = client_for(world, "filler")
    answer = upload(client, report, 2, "培训签到表（6月）.pdf", PDF)
    text = answer.content.decode()
    assert "已上传佐证材料「培训签到表（6月）.pdf」。" in text
    stored = Evidence.objects.get()
    assert stored.progress.indicator_index == 2
    assert stored.progress.report == report
    assert (stored.name, stored.size, stored.content_type) == (
        "培训签到表（6月）.pdf",
        len(PDF),
        "application/pdf",
    )
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.uploaded_by == world.users["filler"]
    # stored under a random name below the media folder, never the user's
    assert stored.file.name.startswith("evidence/")
    assert stored.file.name.endswith(".pdf")
    assert "培训" not in stored.file.name
    assert (media / stored.file.name).read_bytes() == PDF
    assert f'href="/monitoring/evidence/{stored.pk}/"' in text
    entry = AuditEntry.objects.get(action="monitoring.evidence.upload")
    assert entry.after["sha256"] == stored.sha256
    assert entry.after["indicator"] == 2
    assert entry.document_id == report.project.document_id


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("照片.jpg", JPG, "image/jpeg"),
        ("照片.JPEG", JPG, "image/jpeg"),
        ("截图.png", PNG, "image/png"),
        (
            "签到表.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("明细.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("旧表.xls", FORMATS / "units.xls", "application/vnd.ms-excel"),
        ("旧文.doc", FORMATS / "form.doc", "application/msword"),
        ("电子发票.ofd", OFD, "application/ofd"),
    ],
)
def test_each_allowed_type_is_recognised_by_its_content(
    world: World, name: str, data: Any, content_type: str
) -> None:
    content = {"docx": docx, "xlsx": xlsx}[data]() if isinstance(data, str) else data
    content = content.read_bytes() if isinstance(content, Path) else content
    report = make_report(world)
    answer = upload(client_for(world, "filler"), report, 0, name, content)
    assert f"已上传佐证材料「{name}」。" in answer.content.decode()
    assert Evidence.objects.get().content_type == content_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "说明.pdf",
            b"just some text",
            "文件「说明.pdf」的类型不能作为佐证材料上传：可上传 PDF、JPG/PNG 图片",
        ),
        ("工具.exe", b"MZ\x90\x00" + b"\x00" * 60, "文件「工具.exe」的类型不能作为佐证材料上传"),
        ("材料.zip", zipped(a_dot_txt=b"x"), "文件「材料.zip」的类型不能作为佐证材料上传"),
        (
            "网页.html",
            b"<html><table><tr><td>x</td></tr></table></html>",
            "的类型不能作为佐证材料上传",
        ),
        (
            "截图.pdf",
            PNG,
            "文件「截图.pdf」的扩展名与内容不符（内容是PNG 图片，扩展名应为 .png），请核对后重新选择",
        ),
        ("报告.docx", PDF, "内容是PDF 文件，扩展名应为 .pdf"),
        ("坏的.docx", b"PK\x03\x04" + b"\x00" * 40, "文件「坏的.docx」已损坏，无法打开"),
        ("空的.pdf", b"", "文件「空的.pdf」是空文件，请重新选择"),
    ],
)
def test_a_file_of_another_type_is_refused_saying_what_to_upload(
    world: World, name: str, data: bytes, message: str, media: Path
) -> None:
    report = make_report(world)
    answer = upload(client_for(world, "filler"), report, 0, name, data)
    assert message in answer.content.decode()
    assert not Evidence.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_over_the_limit_is_refused(world: World, settings: Any) -> None:
    settings.JIXIAO_EVIDENCE_MAX_MB = 1
    report = make_report(world)
    answer = upload(
        client_for(world, "filler"), report, 0, "扫描件.pdf", PDF + b"0" * (1024 * 1024)
    )
    assert (
        "文件「扫描件.pdf」有 1.0 MB，超过 1 MB 的上限；请压缩图片或拆分文件后再上传"
        in answer.content.decode()
    )
    assert not Evidence.objects.exists()


def test_the_default_limit_is_twenty_megabytes() -> None:
    from jixiao.monitoring.evidence import max_bytes

    assert max_bytes() == 20 * 1024 * 1024


def test_the_same_content_twice_on_one_indicator_is_refused(world: World) -> None:
    report = make_report(world)
    client = client_for(world, "filler")
    upload(client, report, 0, "a.pdf", PDF)
    answer = upload(client, report, 0, "b.pdf", PDF)
    assert (
        "指标「工作主动性比率」已有内容相同的佐证材料「a.pdf」，无须重复上传"
        in answer.content.decode()
    )
    upload(client, report, 1, "b.pdf", PDF)  # another indicator may carry it too
    assert Evidence.objects.count() == 2


def test_a_name_is_only_a_label(world: World) -> None:
    assert clean_name("../../etc/计划.pdf") == "计划.pdf"
    assert clean_name("C:\\Users\\张三\\照片.jpg") == "照片.jpg"
    assert clean_name("坏\r\n名\x00字.pdf") == "坏名字.pdf"
    assert clean_name("") == "佐证材料"
    long = clean_name("长" * 300 + ".pdf")
    assert len(long) == 255
    assert long.endswith(".pdf")


def test_kind_of_reads_content_not_names() -> None:
    assert kind_of(PDF) == "pdf"
    assert kind_of(OFD) == "ofd"
    assert kind_of(docx()) == "docx"
    assert kind_of((FORMATS / "seed.xls").read_bytes()) == "xls"
    assert kind_of((FORMATS / "seed.doc").read_bytes()) == "doc"
    assert kind_of(b"GIF89a") is None


def test_a_reader_downloads_under_the_chinese_name(world: World) -> None:
    report = make_report(world)
    upload(client_for(world, "filler"), report, 0, '签到表"第1期".pdf', PDF)
    stored = Evidence.objects.get()
    answer = client_for(world, "readonly").get(f"/monitoring/evidence/{stored.pk}/")
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF  # read to its end: the file is closed
    assert answer["Content-Type"] == "application/pdf"
    disposition = answer["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f"filename*=utf-8''{quote(stored.name)}" in disposition
    assert "\n" not in disposition
    assert '"第1期"' not in disposition


def test_outside_the_project_the_file_is_not_found(world: World) -> None:
    report = make_report(world)
    upload(client_for(world, "filler"), report, 0, "a.pdf", PDF)
    stored = Evidence.objects.get()
    assert (
        client_for(world, "other_filler").get(f"/monitoring/evidence/{stored.pk}/").status_code
        == 404
    )
    api = client_for(world, "other_filler").get(f"/api/monitoring/evidence/{stored.pk}")
    assert (api.status_code, api.json()["detail"]) == (404, "没有这个佐证材料，或您无权查看")


def test_removing_is_soft_and_audited(world: World, media: Path) -> None:
    report = make_report(world)
    client = client_for(world, "filler")
    upload(client, report, 0, "a.pdf", PDF)
    stored = Evidence.objects.get()
    answer = client.post(f"/monitoring/evidence/{stored.pk}/remove/", follow=True)
    text = answer.content.decode()
    assert "已移除佐证材料「a.pdf」。" in text
    assert f"/monitoring/evidence/{stored.pk}/" not in text
    stored.refresh_from_db()
    assert stored.removed_at is not None
    assert (media / stored.file.name).exists()  # the file is kept
    entry = AuditEntry.objects.get(action="monitoring.evidence.remove")
    assert entry.before["name"] == "a.pdf"
    assert entry.object_id == str(stored.pk)
    assert client.get(f"/monitoring/evidence/{stored.pk}/").status_code == 404
    # once removed, the same content may come again
    upload(client, report, 0, "a.pdf", PDF)
    assert Evidence.objects.filter(removed_at__isnull=True).count() == 1


def test_a_submitted_report_keeps_its_evidence(world: World) -> None:
    report = make_report(world)
    client = client_for(world, "filler")
    upload(client, report, 0, "a.pdf", PDF)
    stored = Evidence.objects.get()
    MonitoringReport.objects.filter(pk=report.pk).update(status="submitted")
    refused = upload(client, report, 0, "b.pdf", PDF + b"b")
    assert "不能再修改指标完成情况或佐证材料" in refused.content.decode()
    gone = client.post(f"/monitoring/evidence/{stored.pk}/remove/", follow=True)
    assert "不能再修改指标完成情况或佐证材料" in gone.content.decode()
    assert Evidence.objects.filter(removed_at__isnull=True).count() == 1
    text = client.get(f"/monitoring/reports/{report.pk}/progress/").content.decode()
    assert "a.pdf" in text
    assert "移除</button>" not in text
    assert 'type="file"' not in text


def test_the_api_uploads_downloads_and_removes(world: World) -> None:
    report = make_report(world)
    client = client_for(world, "filler")
    created = client.post(
        f"/api/monitoring/reports/{report.pk}/progress/3/evidence",
        {"file": SimpleUploadedFile("现场照片.png", PNG)},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["content_type"], body["size"]) == (
        "现场照片.png",
        "image/png",
        len(PNG),
    )
    assert body["download"] == f"/api/monitoring/evidence/{body['id']}"
    listed = client.get(f"/api/monitoring/reports/{report.pk}/progress").json()
    assert [e["name"] for e in listed[3]["evidence"]] == ["现场照片.png"]
    got = client_for(world, "finance_reviewer").get(body["download"])
    assert b"".join(got.streaming_content) == PNG
    bad = client.post(
        f"/api/monitoring/reports/{report.pk}/progress/3/evidence",
        {"file": SimpleUploadedFile("x.png", b"not a picture")},
    )
    assert bad.status_code == 400
    assert "类型不能作为佐证材料上传" in bad.json()["detail"]
    denied = client_for(world, "readonly").delete(body["download"])
    assert denied.status_code == 403
    removed = client.delete(body["download"] + "?reason=传错了")
    assert removed.status_code == 200
    assert AuditEntry.objects.get(action="monitoring.evidence.remove").reason == "传错了"
    assert client.get(body["download"]).status_code == 404
