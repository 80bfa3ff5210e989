"""An imported 部门整体支出绩效自评表 (031): stored with its self-evaluation, shown on the document
page (money block, 实际完成情况, each indicator's 实际完成值 | 分值 | 得分), and the in-app 部门整体
自评 starts from the actual values the file wrote."""

from __future__ import annotations

from pathlib import Path

from jixiao.evaluate.profile import builtin
from jixiao.evaluation import department as department_selfeval
from jixiao.org.models import Organisation
from jixiao.targets.services import import_file
from tests.web.conftest import World, client_for

PAGE = (
    Path(__file__).parents[1] / "fixtures" / "corpus" / "031_hunan-lingling-linye-dept-selfeval.txt"
)


def imported(world: World) -> object:
    forestry = Organisation.objects.create(
        kind="department", code="416", name="零陵区林业局", parent=world.finance
    )
    return import_file(PAGE.read_bytes(), source=PAGE.name, year=2021, department=forestry).document


def test_the_document_page_shows_the_departments_self_evaluation(world: World) -> None:
    document = imported(world)
    department = document.to_core(projects=[]).department  # type: ignore[attr-defined]
    assert department is not None
    assert department.evaluation is not None
    assert department.evaluation.funds[0].executed is not None
    page = client_for(world, "finance_reviewer").get(f"/documents/{document.pk}/")  # type: ignore[attr-defined]
    assert page.status_code == 200
    html = page.content.decode()
    assert "部门整体支出自评：资金（万元）" in html
    assert "3,824.26" in html  # 全年执行数
    assert "<th>实际完成值</th><th>分值</th><th>得分</th>" in html
    assert "<td>1093万元</td><td>6</td><td>5</td>" in html  # 木材销售收入
    assert "总体目标实际完成情况" in html
    assert "文件中的部门名称：陵区林业局" in html  # the copy lost its 零


def test_the_in_app_self_evaluation_starts_from_the_files_actual_values(world: World) -> None:
    document = imported(world)
    rows = department_selfeval.rows_of(document, None, builtin("central"))  # type: ignore[arg-type]
    by_name = {row.indicator.name: row for row in rows}
    assert by_name["木材销售收入"].actual == "1093万元"
    assert by_name["造林面积"].actual == "1.2万亩"


def test_the_import_preview_shows_what_was_read_of_the_department(world: World) -> None:
    """A 部门整体支出绩效自评表's preview: its budget, money block, 实际完成情况 and each indicator's
    实际完成值 | 分值 | 得分, to check against the file before confirming."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    forestry = Organisation.objects.create(
        kind="department", code="416", name="零陵区林业局", parent=world.finance
    )
    upload = SimpleUploadedFile(PAGE.name, PAGE.read_bytes(), content_type="text/plain")
    client = client_for(world, "admin")
    page = client.post(
        "/import/", {"year": "2021", "department": str(forestry.pk), "file": upload}
    ).content.decode()
    assert "部门预算（万元）" in page
    assert "<td>年度资金总额</td><td>4,753.66</td><td>4,753.66</td><td>3,824.26</td>" in page
    assert "实际完成情况" in page
    assert "<td>1093万元</td><td>6</td><td>5</td>" in page  # 木材销售收入
    assert "<th>项目编码</th>" not in page  # no table of projects for a file that has none
