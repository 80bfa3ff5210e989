"""Self-evaluation reports written as prose (`narrative-report`) through the import: a
department's report (052: named, no code; 021: no unit named) is refused until a department is
chosen — one whose name is the one the report names, if it names one —, then stored as the department's part with its 职能职责 or 绩效目标; a unit's filler may not
import it; a fund's report (057) names a unit that must exist below the chosen department."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.org.models import Membership, Organisation
from jixiao.targets.importing import ImportRefusedError, check_upload
from jixiao.targets.models import TargetDocument
from tests.web.conftest import Role, World, client_for

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
HESHAN = CORPUS / "052_hunan-heshan-chengguan-dept-selfeval.txt"
NANXIAN = CORPUS / "021_hunan-nanxian-zhengxie-dept-selfeval.txt"
QINGCHUAN = CORPUS / "057_sichuan-qingchuan-sifa-zhengfa-zhuanyi-selfeval.txt"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def test_a_department_report_is_imported_under_the_chosen_department(world: World) -> None:
    reviewer = world.users["department_reviewer"]
    with pytest.raises(
        ImportRefusedError, match="文件中没有写明主管部门编码，请在“主管部门”中选择"
    ):
        check_upload(reviewer, upload(HESHAN), "2019")
    # the report names its department: chosen as another one, it is refused
    with pytest.raises(
        ImportRefusedError, match="与导入的主管部门「322 秦皇岛市山海关区商务局」不一致"
    ):
        check_upload(reviewer, upload(HESHAN), "2019", department_id=world.commerce.pk)
    heshan = Organisation.objects.create(
        kind="department", code="501", name="益阳市赫山区城市管理和综合执法局", parent=world.finance
    )
    Membership.objects.create(user=reviewer, organisation=heshan, role=Role.DEPARTMENT_REVIEWER)
    client = client_for(world, "department_reviewer")
    fields = {"year": "2019", "file": upload(HESHAN), "department": str(heshan.pk)}
    preview = client.post("/import/", fields).content.decode()
    assert "版式 正文叙述的绩效自评（评价）报告" in preview
    assert "「机构设置」一节未读入" in preview
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert "已导入 益阳市赫山区城市管理和综合执法局 2019年度" in response.content.decode()
    stored = TargetDocument.objects.latest("pk")
    assert (stored.department, stored.fiscal_year.year, stored.layout) == (
        heshan, 2019, "narrative-report",
    )  # fmt: skip
    assert stored.data["name"] == "益阳市赫山区城市管理和综合执法局"
    assert stored.data["duties"].startswith("1.贯彻执行城市管理和综合执法工作")
    assert not stored.projects.exists()


def test_a_units_filler_may_not_import_a_departments_report(world: World) -> None:
    for path in (HESHAN, NANXIAN):  # 职能职责 alone (052), 部门整体支出绩效目标 (021)
        with pytest.raises(ImportRefusedError, match="部门整体绩效目标由主管部门导入"):
            check_upload(
                world.users["filler"], upload(path), "2021", department_id=world.commerce.pk
            )


def test_a_funds_report_names_its_unit_which_must_exist(world: World) -> None:
    reviewer = world.users["department_reviewer"]
    with pytest.raises(ImportRefusedError) as refused:
        check_upload(reviewer, upload(QINGCHUAN), "2021", department_id=world.commerce.pk)
    assert "青川县司法局" in refused.value.message
