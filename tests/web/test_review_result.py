"""The 审核结果 and the returned state as the filler and the reviewers see them: on the table,
in 待办, in the printable review and in the API."""

from __future__ import annotations

import json

import pytest

from jixiao.audit.models import AuditEntry
from jixiao.targets import grading, workflow
from jixiao.targets.models import Project, Status
from tests.web.conftest import SUBMIT_WHY, World, client_for, streamed

CODE = "322-0601-YBN-5D8Z"
WHY = SUBMIT_WHY["comment"]


def test_the_table_page_shows_the_result_its_consequence_and_arithmetic(world: World) -> None:
    page = client_for(world, "filler").get(f"/projects/{world.project(CODE).pk}/").content.decode()
    box = page[page.index('aria-label="审核结果"') : page.index("</section>")]
    assert '审核结果：<span class="grade-mark">差</span>' in box
    assert "不得进入下一步预算安排流程" in box
    assert "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）第二十五条" in box
    assert "可行性 25 − 错误 2 处 × 8 − 警告 4 处 × 3 = 0（不低于 0）" in box
    assert "改定审核结果" not in box  # the filler does not judge their own table


def test_each_row_shows_what_is_wrong_and_the_fix_without_hovering(world: World) -> None:
    page = client_for(world, "filler").get(f"/projects/{world.project(CODE).pk}/").content.decode()
    row = page[page.index("<td>群众满意度</td>") :]
    row = row[: row.index("</tr>")]
    assert "指标值：「满意度」类指标越大越好，指标值「≤85%」却用「≤」设了上限" in row
    assert "建议：正向指标应设下限，建议改为「≥85%」" in row
    assert '<p class="finding" title=' not in row


def test_a_reviewer_overrides_the_result_with_a_reason_and_it_is_logged(world: World) -> None:
    project = workflow.submit(world.project(CODE), world.users["filler"], WHY)
    reviewer = client_for(world, "unit_reviewer")
    response = reviewer.post(f"/projects/{project.pk}/grade/", {"grade": "中"}, follow=True)
    assert "改定审核结果须说明理由" in response.content.decode()
    reviewer.post(
        f"/projects/{project.pk}/grade/", {"grade": "中", "reason": "方向错误易改，可修改后重报"}
    )
    stored = Project.objects.get(pk=project.pk)
    assert (stored.grade_override, stored.grade_reason) == ("中", "方向错误易改，可修改后重报")
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.after, entry.reason) == (
        "grade", {"grade": "中"}, "方向错误易改，可修改后重报",
    )  # fmt: skip
    page = client_for(world, "filler").get(f"/projects/{project.pk}/").content.decode()
    assert "改定为“中”（按审核评分为“差”），理由：方向错误易改，可修改后重报" in page
    assert "按程序重新报送审核" in page
    history = page[page.index("审计日志") :]
    assert "改定审核结果</td><td>审核结果：（空） → 中</td>" in history
    printable = streamed(reviewer.get(f"/documents/{project.document_id}/review/"))
    assert "审核结果：中。审核人改定，理由：方向错误易改，可修改后重报。" in printable


def test_a_new_submission_is_judged_anew(world: World) -> None:
    users = world.users
    project = workflow.submit(world.project(CODE), users["filler"], WHY)
    grading.set_grade(project, users["unit_reviewer"], "良", "电话沟通后可接受")
    project = workflow.send_back(project, users["unit_reviewer"], "请改满意度方向")
    assert Project.objects.get(pk=project.pk).grade_override == "良"
    workflow.submit(project, users["filler"], WHY)
    assert Project.objects.get(pk=project.pk).grade_override == ""


def test_only_the_reviewer_of_the_step_sets_the_result(world: World) -> None:
    project = workflow.submit(world.project(CODE), world.users["filler"], WHY)
    with pytest.raises(workflow.WorkflowError, match="不在您的审核环节"):
        grading.set_grade(project, world.users["department_reviewer"], "良", "可以")
    api = client_for(world, "readonly")
    response = api.post(
        f"/api/projects/{project.pk}/grade",
        json.dumps({"grade": "良", "reason": "可以"}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_api_gives_the_result_with_its_arithmetic(world: World) -> None:
    body = client_for(world, "readonly").get(f"/api/projects/{world.project(CODE).pk}").json()
    result = body["review_result"]
    assert (result["grade"], result["override"]) == ("差", None)
    assert result["consequence"] == "不得进入下一步预算安排流程"
    assert result["computed"]["score"] == "41.5"
    assert [d["name"] for d in result["computed"]["dimensions"]] == [
        "完整性", "相关性", "适当性", "可行性",
    ]  # fmt: skip
    merged = [f for f in body["findings"] if f["merged"]]
    assert merged
    assert merged[0]["detail"]


def test_a_returned_table_shows_why_on_top_and_in_the_fillers_todo(world: World) -> None:
    users = world.users
    project = workflow.submit(world.project(CODE), users["filler"], WHY)
    workflow.send_back(project, users["unit_reviewer"], "群众满意度应为≥85%，请改正")
    filler = client_for(world, "filler")
    page = filler.get(f"/projects/{project.pk}/").content.decode()
    assert '<span class="status">已退回</span>' in page
    banner = page[page.index('class="banner returned"') :]
    banner = banner[: banner.index("</div>")]
    assert "本表已被退回" in banner
    assert "群众满意度应为≥85%，请改正" in banner
    todo = filler.get("/").content.decode()
    row = todo[todo.index("人事代理专项补助经费") :]
    row = row[: row.index("</tr>")]
    assert "已退回：群众满意度应为≥85%，请改正" in row
    exchange = page[page.index("审核意见交流") : page.index("审计日志")]
    assert '<span class="step">退回</span>：群众满意度应为≥85%，请改正' in exchange
    assert f'<span class="step">提交</span>：{WHY}' in exchange
    listed = filler.get("/?status=returned").content.decode()
    listing = listed[listed.index("我可查看的项目") :]
    assert "共 1 个项目" in listing
    assert Project.objects.get(pk=project.pk).status == Status.RETURNED


def test_a_row_comment_shows_on_that_row(world: World) -> None:
    project = workflow.submit(world.project(CODE), world.users["filler"], WHY)
    client_for(world, "unit_reviewer").post(
        f"/projects/{project.pk}/comments/",
        {"text": "方向请改为≥", "target": "row:5", "rule": "direction.positive-upper-bound"},
    )
    page = client_for(world, "filler").get(f"/projects/{project.pk}/").content.decode()
    row = page[page.index("<td>群众满意度</td>") :]
    assert "方向请改为≥" in row[: row.index("</tr>")]
    assert "审核意见「正向指标设了上限」：方向请改为≥" in page
