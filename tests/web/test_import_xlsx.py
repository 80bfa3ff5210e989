"""The seed uploaded as an Excel workbook (and a saved web page) through the import page: the
tables carry their 主管部门's code, so the file names its department and is stored whole."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from jixiao.core.model import TargetDocument as CoreDocument
from jixiao.export import html_form, xlsx_form
from jixiao.targets.models import Project, TargetDocument
from tests.ingest.test_xlsx import workbook_bytes
from tests.web.conftest import World, client_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client: Client, name: str, content: bytes, content_type: str) -> str:
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post("/import/", {"year": "2025", "file": file}).content.decode()


def page_bytes(document: CoreDocument) -> bytes:
    return html_form.render(document).encode()


@pytest.mark.parametrize(
    ("name", "render", "content_type", "layout"),
    [
        ("shanhaiguan.xlsx", xlsx_form.render, XLSX_TYPE, "xlsx"),
        ("shanhaiguan.html", page_bytes, "text/html", "html"),
        ("shanhaiguan.htm", page_bytes, "text/html", "html"),
    ],
)
def test_the_seed_as_a_workbook_or_page_is_imported_with_its_five_tables(
    world: World,
    seed: CoreDocument,
    name: str,
    render: Callable[[CoreDocument], bytes],
    content_type: str,
    layout: str,
) -> None:
    client = client_for(world, "department_reviewer")
    page = upload(client, name, render(seed), content_type)
    assert f"预览：{name}" in page
    assert "主管部门 322 秦皇岛市山海关区商务局" in page
    assert "项目 5 个" in page
    assert TargetDocument.objects.count() == 2  # the fixture's two documents so far
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert "已导入 秦皇岛市山海关区商务局 2025年度" in response.content.decode()
    stored = TargetDocument.objects.latest("pk")
    assert (stored.source, stored.layout) == (name, layout)
    projects = list(Project.objects.filter(document=stored).order_by("position"))
    assert len(projects) == 5
    assert [p.code for p in projects] == [p.code for p in seed.projects]
    assert {p.unit.code for p in projects} == {"322002", "322003"}
    first = next(p for p in projects if p.code == "322-0601-YBN-5D8Z")
    assert (first.money_unit, first.budget_total) == ("元", Decimal("300000.00"))


def test_a_workbook_that_is_no_form_is_refused_in_words(world: World) -> None:
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "123"])
    page = upload(
        client_for(world, "department_reviewer"), "名单.xlsx", workbook_bytes(book), XLSX_TYPE
    )
    assert "无法识别的版式" in page
    assert "工作表「Sheet」" in page
    assert TargetDocument.objects.count() == 2
