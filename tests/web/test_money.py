"""`money`: amounts on pages with thousands separators, their decimals exactly as written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from jixiao.targets.models import Project, ProjectVersion
from jixiao.targets.templatetags.amounts import money
from tests.web.conftest import World, client_for


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234567.89"), "1,234,567.89"),
        (Decimal("500000.00"), "500,000.00"),
        (Decimal("500000"), "500,000"),
        (Decimal("60000.000000"), "60,000.000000"),  # every written decimal kept
        (Decimal("999.5"), "999.5"),
        (Decimal("0.05"), "0.05"),
        (Decimal("-1234.50"), "-1,234.50"),
        (Decimal("5E+5"), "500,000"),  # never in exponent form
        (Decimal("12345678901234.123456"), "12,345,678,901,234.123456"),  # beyond float
        ("1030000.00", "1,030,000.00"),
        ("1,030,000.00", "1,030,000.00"),
        (" 50.5 ", "50.5"),  # 万元
        (1234567, "1,234,567"),
        (None, ""),
        ("", ""),
        ("（空）", "（空）"),
        ("三十万", "三十万"),
        (1234.5, 1234.5),  # a float is never taken apart: shown as it comes
    ],
)
def test_money_groups_digits_and_keeps_the_written_decimals(value: object, shown: object) -> None:
    assert money(value) == shown


def test_not_a_number_is_shown_as_it_comes() -> None:
    nan = Decimal("NaN")
    assert money(nan) is nan


def test_the_filter_loads_in_templates() -> None:
    template = Template("{% load amounts %}{{ a|money }} / {{ b|money }}")
    assert template.render(Context({"a": Decimal("1234567.80"), "b": None})) == "1,234,567.80 / "


def test_the_table_page_shows_its_amounts_with_separators(world: World) -> None:
    project = world.project("322-0503-JBN-SN7Q")
    page = client_for(world, "department_reviewer").get(f"/projects/{project.pk}/").content
    text = page.decode()
    assert "<th>预算数（元）</th><td>1,030,000.00</td>" in text
    assert "<th>其中：财政资金</th><td>1,030,000.00</td>" in text
    assert "1030000.00" not in text.split("<h2>", 1)[0]  # the header table, not the findings


def test_wan_yuan_amounts_keep_their_decimals(world: World) -> None:
    project = world.project("322-0601-YBN-13RG")
    data = project.data | {"money_unit": "万元"}
    data["budget"] = {"total": "1234.5600", "fiscal": "1234.5600", "other": None}
    Project.objects.filter(pk=project.pk).update(data=data)
    page = client_for(world, "filler").get(f"/projects/{project.pk}/").content.decode()
    assert "<th>预算数（万元）</th><td>1,234.5600</td>" in page


def test_the_versions_page_shows_changed_amounts_with_separators(world: World) -> None:
    project = world.project("322-0601-YBN-13RG")
    old = project.data | {"budget": {"total": "1234567.8", "fiscal": "500000.00", "other": None}}
    ProjectVersion.objects.create(project=project, number=1, event="提交", data=old)
    page = client_for(world, "filler").get(f"/projects/{project.pk}/versions/").content.decode()
    assert "<td>预算数</td><td>1,234,567.8</td><td>500,000.00</td>" in page
    assert "<td>财政资金</td>" not in page  # 500000.00 both times: no change


def test_the_import_preview_shows_budgets_with_separators(world: World, seed_text: str) -> None:
    upload = SimpleUploadedFile("seed.txt", seed_text.encode(), content_type="text/plain")
    client = client_for(world, "department_reviewer")
    page = client.post("/import/", {"year": "2025", "file": upload}).content.decode()
    assert "<td>1,030,000.00 元</td>" in page
    assert "<td>60,000.00 元</td>" in page
