"""Editing keeps numbers as written: the forms show 500000.00 and 70.00 as stored, saving them
untouched changes not a byte, and a changed amount is stored as the user typed it."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jixiao.org.models import Membership
from jixiao.targets.models import Project
from tests.web.conftest import World, client_for

MONEY = ("total", "fiscal", "other")


@pytest.fixture
def editor(world: World) -> Client:
    """A filler of both the seed's budget units: every seed table is theirs to edit."""
    user = world.users["filler"]
    Membership.objects.create(
        user=user, organisation=world.commerce_unit, role=Membership.Role.UNIT_FILLER
    )
    return client_for(world, "filler")


def form_fields(page: str) -> dict[str, str]:
    """What a browser would post back from the page's form, untouched."""
    form = page[page.index('<form method="post">') :]
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input name="([^"]+)"[^>]*? value="([^"]*)"', form)
    }
    fields |= {
        name: html.unescape(text)
        for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S)
    }
    for name, options in re.findall(r'<select name="([^"]+)">(.*?)</select>', form, re.S):
        fields[name] = re.findall(r'<option value="([^"]*)" selected>', options)[0]
    return fields


def stored(pk: int) -> str:
    """The table's stored JSON, byte for byte (keys sorted: PostgreSQL's jsonb reorders them)."""
    return json.dumps(Project.objects.get(pk=pk).data, ensure_ascii=False, sort_keys=True)


def money_and_plan(data: dict[str, Any]) -> list[str | None]:
    return [data["budget"][key] for key in MONEY] + [p["percent"] for p in data["spending_plan"]]


def test_the_header_form_shows_amounts_and_percents_as_written(
    world: World, editor: Client
) -> None:
    project = world.project("322-0601-YBN-13RG")
    fields = form_fields(editor.get(f"/projects/{project.pk}/header/").content.decode())
    assert [fields[key] for key in (*MONEY, "plan_0", "plan_1", "plan_2", "plan_3")] == [
        "500000.00", "500000.00", "", "30.00", "70.00", "90.00", "100.00",
    ]  # fmt: skip


def test_saving_every_seed_header_unchanged_keeps_its_json_byte_identical(
    world: World, editor: Client
) -> None:
    assert len(world.projects) == 5
    for project in world.projects:
        before, total = stored(project.pk), project.budget_total
        form = form_fields(editor.get(f"/projects/{project.pk}/header/").content.decode())
        response = editor.post(f"/projects/{project.pk}/header/", form)
        assert response.status_code == 302, project.code
        assert stored(project.pk) == before, project.code
        assert Project.objects.get(pk=project.pk).budget_total == total


def test_saving_every_seed_row_unchanged_keeps_its_json_byte_identical(
    world: World, editor: Client
) -> None:
    for project in world.projects:
        before = stored(project.pk)
        for index, row in enumerate(project.to_core().indicators):
            fields = {
                "level1": row.level1 or "", "level2": row.level2 or "", "name": row.name,
                "description": row.description or "", "target": row.target.raw,
                "basis": row.basis or "", "basis_kind": row.basis_kind or "",
            }  # fmt: skip
            response = editor.post(f"/projects/{project.pk}/indicators/{index}/", fields)
            assert response.status_code == 302, (project.code, index)
        assert stored(project.pk) == before, project.code


def test_saving_every_seed_row_unchanged_through_the_api_keeps_its_json(
    world: World, editor: Client
) -> None:
    keys = ("level1", "level2", "name", "description", "target", "basis", "basis_kind")
    for project in world.projects:
        before = stored(project.pk)
        url = f"/api/projects/{project.pk}/indicators"
        for row in editor.get(url).json():
            body = {key: row[key] or "" for key in keys}
            response = editor.put(
                f"{url}/{row['index']}", json.dumps(body), content_type="application/json"
            )
            assert response.status_code == 200, (project.code, row["index"])
        assert stored(project.pk) == before, project.code


def test_a_changed_amount_keeps_the_precision_typed(world: World, editor: Client) -> None:
    project = world.project("322-0601-YBN-13RG")
    form = form_fields(editor.get(f"/projects/{project.pk}/header/").content.decode())
    changes = {"total": "1,234,567.80", "fiscal": "520000.5", "other": "0", "plan_1": "75.0"}
    assert editor.post(f"/projects/{project.pk}/header/", form | changes).status_code == 302
    data = Project.objects.get(pk=project.pk).data
    assert money_and_plan(data) == [
        "1234567.80",
        "520000.5",
        "0",
        "30.00",
        "75.0",
        "90.00",
        "100.00",
    ]
    assert Project.objects.get(pk=project.pk).budget_total == Decimal("1234567.80")
    again = form_fields(editor.get(f"/projects/{project.pk}/header/").content.decode())
    assert (again["total"], again["fiscal"], again["plan_1"]) == ("1234567.80", "520000.5", "75.0")


def test_a_refused_form_shows_again_what_was_typed_plan_included(
    world: World, editor: Client
) -> None:
    project = world.project("322-0601-YBN-13RG")
    form = form_fields(editor.get(f"/projects/{project.pk}/header/").content.decode())
    page = editor.post(
        f"/projects/{project.pk}/header/", form | {"total": "五十万", "plan_1": "75.0"}
    ).content.decode()
    assert "预算数「五十万」不是可保存的数字" in page
    shown = form_fields(page)
    assert (shown["total"], shown["plan_1"], shown["plan_2"]) == ("五十万", "75.0", "90.00")
    assert money_and_plan(Project.objects.get(pk=project.pk).data)[4] == "70.00"


def test_the_form_never_formats_numbers_even_with_separators_switched_on(
    world: World, editor: Client, settings: Any
) -> None:
    settings.USE_THOUSAND_SEPARATOR = True
    project = world.project("322-0503-JBN-SN7Q")
    form = form_fields(editor.get(f"/projects/{project.pk}/header/").content.decode())
    assert form["total"] == "1030000.00"
    before = stored(project.pk)
    assert editor.post(f"/projects/{project.pk}/header/", form).status_code == 302
    assert stored(project.pk) == before


def test_editing_a_row_keeps_the_columns_the_form_does_not_show(
    world: World, editor: Client
) -> None:
    project = world.project("322-0601-YBN-13RG")
    data = project.data
    data["indicators"][0] |= {"weight": "10.00", "score": "9.50", "deviation": "无"}
    Project.objects.filter(pk=project.pk).update(data=data)
    row = project.to_core().indicators[0]
    fields = {"level1": row.level1 or "", "level2": row.level2 or "", "name": row.name,
              "target": row.target.raw, "basis": row.basis or ""}  # fmt: skip
    editor.post(f"/projects/{project.pk}/indicators/0/", fields | {"description": "新的描述"})
    saved = Project.objects.get(pk=project.pk).data["indicators"][0]
    assert (saved["weight"], saved["score"], saved["deviation"]) == ("10.00", "9.50", "无")
    assert saved["description"] == "新的描述"


def test_a_filler_of_one_unit_posts_no_unit_and_the_table_stays(world: World) -> None:
    client = client_for(world, "filler")  # fills in tables for 322003 only
    project = world.project("322-0601-YBN-Y6VV")
    page = client.get(f"/projects/{project.pk}/header/").content.decode()
    assert 'name="unit"' not in page
    before = stored(project.pk)
    assert client.post(f"/projects/{project.pk}/header/", form_fields(page)).status_code == 302
    assert stored(project.pk) == before
