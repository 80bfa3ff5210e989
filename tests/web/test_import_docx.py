"""Importing a Word document (.docx) through the upload page: previewed, then stored as the
same tables its text would give."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.core.model import TargetDocument as CoreDocument
from jixiao.export.docx_form import render
from jixiao.targets.models import TargetDocument
from tests.web.conftest import World, client_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client: Client, name: str, content: bytes, year: str = "2025") -> str:
    file = SimpleUploadedFile(name, content, content_type=DOCX)
    return client.post("/import/", {"year": year, "file": file}).content.decode()


def without_year(document: CoreDocument) -> dict[str, object]:
    data = document.model_dump(mode="json", exclude={"source", "year", "layout"})
    for project in data["projects"]:
        del project["year"]
    return data


def test_the_seed_as_a_word_document_is_previewed_then_stored(
    world: World, seed: CoreDocument
) -> None:
    client = client_for(world, "department_reviewer")  # the whole seed: both units' tables
    page = upload(client, "山海关区商务局.docx", render(seed))
    assert "预览：山海关区商务局.docx" in page
    assert "版式 Word 文档 · 河北版式绩效目标文本" in page
    assert "审核发现问题 75 处（错误 16，警告 37，提示 22）" in page  # as for the seed's text
    assert TargetDocument.objects.count() == 2  # nothing stored before the confirmation
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert "已导入 秦皇岛市山海关区商务局 2025年度" in response.content.decode()
    stored = TargetDocument.objects.get(fiscal_year__year=2025)
    assert (stored.source, stored.layout) == ("山海关区商务局.docx", "docx/seed-text")
    from_text = world.projects[0].document.to_core()  # the world's seed, imported from its text
    assert without_year(stored.to_core()) == without_year(from_text)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04" + bytes(200), "文件已损坏"),  # a zip without its index: cut off
        (render(CoreDocument(source="空白")), "Word 文档中没有文字"),
    ],
)
def test_a_word_document_that_cannot_be_read_is_refused(
    world: World, content: bytes, message: str
) -> None:
    page = upload(client_for(world, "department_reviewer"), "坏.docx", content)
    assert message in page
    assert "预览：" not in page
    assert TargetDocument.objects.count() == 2


def test_other_word_formats_are_still_refused_by_type(world: World) -> None:
    page = upload(client_for(world, "filler"), "老版本.wps", b"\xd0\xcf\x11\xe0")
    assert "类型暂不支持：目前可导入 Word 文档（.docx）" in page


def test_an_xls_upload_is_previewed(world: World) -> None:
    from pathlib import Path

    content = (Path(__file__).parents[1] / "fixtures" / "formats" / "units.xls").read_bytes()
    page = upload(client_for(world, "department_reviewer"), "units.xls", content)
    assert "预览：units.xls" in page
    assert "版式 Excel 97-2003 工作簿" in page
    assert TargetDocument.objects.count() == 2  # nothing stored before the confirmation


def test_a_pdf_upload_is_read_and_checked_against_the_users_departments(world: World) -> None:
    from pathlib import Path

    content = (Path(__file__).parents[1] / "fixtures" / "formats" / "form.pdf").read_bytes()
    page = upload(client_for(world, "department_reviewer"), "form.pdf", content)
    assert "类型暂不支持" not in page
    assert "文件属于主管部门「015001」，不在您可导入的范围内" in page  # read from the PDF
    assert TargetDocument.objects.count() == 2
