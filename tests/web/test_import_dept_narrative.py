"""A department-wide narrative (062: 部门整体绩效目标 as a web page's text, no projects, no
department named) through the import page: refused until a department is chosen, then previewed
with its warnings and stored as the department's targets; a unit's filler may not import it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.targets.importing import ImportRefusedError, check_upload
from jixiao.targets.models import TargetDocument
from tests.web.conftest import World, client_for

PAGE = Path(__file__).parents[1] / "fixtures" / "corpus"
CHENGAN = PAGE / "062_hebei-chengan-jiaoti-depttarget-narrative.txt"


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile(CHENGAN.name, CHENGAN.read_bytes(), content_type="text/plain")


def test_a_narrative_naming_no_department_is_imported_under_the_chosen_one(world: World) -> None:
    reviewer = world.users["department_reviewer"]
    with pytest.raises(
        ImportRefusedError, match="文件中没有写明主管部门编码，请在“主管部门”中选择"
    ):
        check_upload(reviewer, upload(), "2020")
    with pytest.raises(ImportRefusedError, match="部门整体绩效目标由主管部门导入"):
        check_upload(world.users["filler"], upload(), "2020", department_id=world.commerce.pk)
    client = client_for(world, "department_reviewer")
    fields = {"year": "2020", "file": upload(), "department": str(world.commerce.pk)}
    preview = client.post("/import/", fields).content.decode()
    assert "版式 部门整体绩效目标的说明文字（河北版式）" in preview
    assert "文件到分项「义务教育职责」的绩效目标为止" in preview
    assert "学前教育职责" in preview
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert "已导入 秦皇岛市山海关区商务局 2020年度" in response.content.decode()
    stored = TargetDocument.objects.latest("pk")
    assert (stored.department, stored.fiscal_year.year, stored.layout) == (
        world.commerce, 2020, "dept-narrative",
    )  # fmt: skip
    assert [goal["title"] for goal in stored.data["sub_goals"]] == [
        "学前教育职责", "特殊教育职责", "义务教育职责",
    ]  # fmt: skip
    assert not stored.projects.exists()
