"""The department-wide targets' own review cycle: 草稿 → 财政审核 → 已批复, 退回 and 目标调整;
the page that runs it, its audit log and its versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from jixiao.audit.models import AuditEntry
from jixiao.targets import editing, reviewing, workflow
from jixiao.targets.models import DepartmentVersion, Status, TargetDocument
from tests.web.conftest import World, client_for, streamed

CODE = "322-0601-YBN-5D8Z"  # a 322003 table
OTHER_UNIT_CODE = "322-0503-JBN-G5SQ"  # a 322002 table


def document_of(world: World) -> TargetDocument:
    return world.project(CODE).document


def edit_goal(world: World, document: TargetDocument, goal: str) -> TargetDocument:
    department = document.to_core(projects=[]).department
    assert department is not None
    fields = {"overall_goal": goal, "safeguards": "\n".join(department.safeguards)}
    for number, sub_goal in enumerate(department.sub_goals):
        fields |= {
            f"title_{number}": sub_goal.title,
            f"goal_{number}": sub_goal.goal or "",
            f"indicators_{number}": sub_goal.indicator_text or "",
        }
    fields["sub_goal_count"] = str(len(department.sub_goals))
    return editing.update_department(document, world.users["department_reviewer"], fields)


def test_the_department_targets_go_through_their_cycle(world: World) -> None:
    users = world.users
    document = document_of(world)
    assert document.status == Status.DRAFT
    document = workflow.submit_department(document, users["department_reviewer"])
    assert document.status == Status.FINANCE_REVIEW
    with pytest.raises(workflow.WorkflowError, match="不能修改"):
        edit_goal(world, document, "改写的总体目标")
    with pytest.raises(workflow.WorkflowError, match="退回意见"):
        workflow.send_back_department(document, users["finance_reviewer"], " ")
    document = workflow.send_back_department(
        document, users["finance_reviewer"], "执法办案次数与项目表不一致，请核实"
    )
    assert document.status == Status.RETURNED
    document = edit_goal(world, document, "改写的总体目标")
    document = workflow.submit_department(document, users["department_reviewer"])
    document = workflow.approve_department(document, users["finance_reviewer"], "同意")
    assert (document.status, document.is_locked) == (Status.APPROVED, True)
    with pytest.raises(workflow.WorkflowError, match="目标调整"):
        edit_goal(world, document, "批复后直接改")

    entries = AuditEntry.objects.filter(
        object_type="targets.targetdocument", object_id=str(document.pk)
    ).order_by("pk")
    assert [(e.actor.username if e.actor else None, e.action) for e in entries] == [
        (None, "import"),
        ("department_reviewer", "submit"),
        ("finance_reviewer", "return"),
        ("department_reviewer", "edit_department"),
        ("department_reviewer", "submit"),
        ("finance_reviewer", "approve"),
    ]
    assert [v.event for v in document.versions.all()] == ["提交", "退回后重新提交", "已批复"]


def test_an_adjustment_needs_a_reason_and_opens_a_new_version(world: World) -> None:
    users = world.users
    document = workflow.submit_department(document_of(world), users["department_reviewer"])
    document = workflow.approve_department(document, users["finance_reviewer"])
    with pytest.raises(workflow.WorkflowError, match="调整原因"):
        workflow.adjust_department(document, users["department_reviewer"], "")
    document = workflow.adjust_department(
        document, users["department_reviewer"], "年中追加招商任务"
    )
    assert (document.status, document.version) == (Status.DRAFT, 2)
    snapshot = DepartmentVersion.objects.filter(document=document).latest("pk")
    assert (snapshot.number, snapshot.event) == (1, "已批复")
    assert snapshot.data == document.data


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("submit", {"department_reviewer"}),
        ("approve", {"finance_reviewer"}),
        ("return", {"finance_reviewer"}),
        ("adjust", {"department_reviewer"}),
    ],
)
def test_only_the_right_role_moves_the_department_targets(
    world: World, action: str, allowed: set[str]
) -> None:
    functions = {
        "submit": workflow.submit_department,
        "approve": lambda d, u: workflow.approve_department(d, u, "同意"),
        "return": lambda d, u: workflow.send_back_department(d, u, "请修改"),
        "adjust": lambda d, u: workflow.adjust_department(d, u, "调整"),
    }
    state = {"submit": Status.DRAFT, "adjust": Status.APPROVED}.get(action, Status.FINANCE_REVIEW)
    document = document_of(world)
    for name, user in world.users.items():
        TargetDocument.objects.filter(pk=document.pk).update(status=state)
        document.refresh_from_db()
        if name in allowed:
            functions[action](document, user)
        else:
            with pytest.raises(PermissionDenied):
                functions[action](document, user)


def test_a_unit_filler_neither_keeps_nor_sees_the_department_cycle_as_work(world: World) -> None:
    document = document_of(world)
    filler = world.users["filler"]
    assert not workflow.keeps_department(filler, document)
    assert not TargetDocument.objects.filter(workflow.department_todo(filler)).exists()
    waiting = TargetDocument.objects.filter(
        workflow.department_todo(world.users["department_reviewer"])
    )
    assert list(waiting) == [document]
    workflow.submit_department(document, world.users["department_reviewer"])
    assert not waiting.all().exists()
    finance = TargetDocument.objects.filter(
        workflow.department_todo(world.users["finance_reviewer"])
    )
    assert list(finance) == [document]


def test_the_document_page_runs_the_cycle(world: World) -> None:
    document = document_of(world)
    keeper = client_for(world, "department_reviewer")
    page = keeper.get(f"/documents/{document.pk}/").content.decode()
    assert "提交财政审核" in page
    assert "修改部门整体绩效目标" in page
    keeper.post(f"/documents/{document.pk}/submit/")
    page = keeper.get(f"/documents/{document.pk}/").content.decode()
    assert "财政审核</span>" in page
    assert "提交财政审核" not in page
    assert "修改部门整体绩效目标" not in page

    finance = client_for(world, "finance_reviewer")
    response = finance.post(f"/documents/{document.pk}/return/", {"comment": ""}, follow=True)
    assert "退回须填写退回意见" in response.content.decode()
    finance.post(f"/documents/{document.pk}/return/", {"comment": "请补充满意度目标"})
    document.refresh_from_db()
    assert document.status == Status.RETURNED
    page = keeper.get(f"/documents/{document.pk}/").content.decode()
    banner = page[page.index('class="banner returned"') :]
    assert banner.index("请补充满意度目标") < banner.index("</div>")  # the reason, on top
    assert "已退回</span>" in page
    assert "财政审核 → 已退回" in page


def test_the_document_log_shows_edits_before_and_after_but_only_reachable_tables(
    world: World,
) -> None:
    own, other = world.project(CODE), world.project(OTHER_UNIT_CODE)
    editing.update_indicator(
        own, world.users["filler"], 5,
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度",
         "target": "≥85%", "basis_kind": "计划标准"},
    )  # fmt: skip
    AuditEntry.objects.create(
        action="edit_header", object_type="targets.project", object_id=str(other.pk),
        before={"name": "甲"}, after={"name": "乙"}, reason="另一单位的修改",
    )  # fmt: skip
    page = client_for(world, "filler").get(f"/documents/{own.document_id}/").content.decode()
    assert "第6行 " in page
    assert "指标值：≤85% → ≥85%" in page
    assert f"{CODE} {own.name}" in page
    assert "另一单位的修改" not in page  # 322002's table is outside a 322003 filler's reach
    page = (
        client_for(world, "department_reviewer")
        .get(f"/documents/{own.document_id}/")
        .content.decode()
    )
    assert "另一单位的修改" in page
    assert "名称：甲 → 乙" in page
    assert "导入" in page
    assert "项目数：5" in page


def test_the_document_page_hides_findings_of_tables_out_of_reach(world: World) -> None:
    document = document_of(world)
    page = client_for(world, "filler").get(f"/documents/{document.pk}/").content.decode()
    assert OTHER_UNIT_CODE not in page  # neither the row nor its findings
    page = client_for(world, "department_reviewer").get(f"/documents/{document.pk}/")
    assert OTHER_UNIT_CODE in page.content.decode()


def test_department_versions_can_be_compared(world: World) -> None:
    users = world.users
    document = workflow.submit_department(document_of(world), users["department_reviewer"])
    document = workflow.send_back_department(document, users["finance_reviewer"], "请改总体目标")
    edit_goal(world, document, "改写的总体目标")
    page = client_for(world, "readonly").get(f"/documents/{document.pk}/versions/").content
    text = page.decode()
    assert "第1版（提交" in text
    assert "总体绩效目标" in text
    assert "改写的总体目标" in text


def test_editing_the_department_targets_refreshes_their_review(world: World) -> None:
    from jixiao.targets.reviewing import department_findings

    document = document_of(world)
    before = department_findings(document)
    assert any("推荐商贸领域行政执法" in f.message for f in before)
    edited = edit_goal(world, document, "推进商贸领域行政执法")
    document.refresh_from_db()
    assert document.revision == edited.revision + 1  # bumped in the edit's transaction
    after = department_findings(document)
    assert not any("推荐商贸领域行政执法" in f.message for f in after)


def test_the_printable_review_names_only_reachable_tables(world: World) -> None:
    document = document_of(world)
    page = streamed(client_for(world, "filler").get(f"/documents/{document.pk}/review/"))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>绩效目标审核意见</title>" in page
    assert f"<h3>{CODE} 人事代理专项补助经费</h3>" in page
    assert OTHER_UNIT_CODE not in page  # a 322002 table: not named, not counted
    assert "商务执法大队" not in page
    full = client_for(world, "department_reviewer").get(f"/documents/{document.pk}/review/")
    assert OTHER_UNIT_CODE in streamed(full)


def test_a_finding_quoting_another_units_table_does_not_name_it(world: World) -> None:
    other = world.project(OTHER_UNIT_CODE)  # 322002's table copies a 322003 goal
    table = other.to_core()
    other.data = table.model_copy(update={"goals": ["保障招商引资工作正常开展"]}).model_dump(
        mode="json"
    )
    other.save(update_fields=["data"])
    reviewing.refresh_tables(other.document, [other.pk])  # as an edit does
    own = world.project(CODE)
    seen = client_for(world, "filler").get(f"/projects/{own.pk}/").content.decode()
    assert OTHER_UNIT_CODE not in seen
    assert "商务执法大队工作经费" not in seen
    assert "其他预算单位的项目" in seen
    api = client_for(world, "filler").get(f"/api/projects/{own.pk}/findings").json()
    assert not any(OTHER_UNIT_CODE in f["message"] for f in api)
    assert not any(OTHER_UNIT_CODE in f["detail"] or "商务执法大队" in f["detail"] for f in api)
    full = client_for(world, "department_reviewer").get(f"/projects/{own.pk}/").content.decode()
    assert f"{OTHER_UNIT_CODE}「商务执法大队工作经费」" in full


def test_department_targets_without_content_cannot_go_to_the_fiscal_bureau(world: World) -> None:
    document = document_of(world)
    TargetDocument.objects.filter(pk=document.pk).update(data=None)
    document.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="没有部门整体绩效目标"):
        workflow.submit_department(document, world.users["department_reviewer"])
    page = client_for(world, "department_reviewer").get(f"/documents/{document.pk}/")
    assert "填写后才能报送财政审核" in page.content.decode()


def test_approving_while_tables_are_drafts_warns(world: World) -> None:
    document = workflow.submit_department(document_of(world), world.users["department_reviewer"])
    finance = client_for(world, "finance_reviewer")
    page = finance.get(f"/documents/{document.pk}/").content.decode()
    assert "张项目绩效目标表尚未提交" in page
    response = finance.post(f"/documents/{document.pk}/approve/", {"comment": "同意"}, follow=True)
    assert "张项目绩效目标表尚未提交" in response.content.decode()
    document.refresh_from_db()
    assert document.status == Status.APPROVED


def test_a_department_form_filled_in_before_another_save_is_refused(world: World) -> None:
    document = document_of(world)
    client = client_for(world, "department_reviewer")
    form = client.get(f"/documents/{document.pk}/department/").content.decode()
    stamp = form.split('name="stamp" value="', 1)[1].split('"', 1)[0]
    assert stamp == editing.department_stamp(document.data)
    edit_goal(world, document, "先保存的总体目标")  # someone else saves first
    # a table's edit meanwhile moves the document's revision, not the department's content
    answer = client.post(
        f"/documents/{document.pk}/department/",
        {"overall_goal": "后保存的总体目标", "sub_goal_count": "0", "stamp": stamp},
        follow=True,
    )
    assert "已被他人修改" in answer.content.decode()
    stored = TargetDocument.objects.get(pk=document.pk).to_core(projects=[]).department
    assert stored is not None
    assert stored.overall_goal == "先保存的总体目标"
    fresh = editing.department_stamp(TargetDocument.objects.get(pk=document.pk).data)
    client.post(
        f"/documents/{document.pk}/department/",
        {"overall_goal": "核对后保存", "sub_goal_count": "0", "stamp": fresh},
    )
    stored = TargetDocument.objects.get(pk=document.pk).to_core(projects=[]).department
    assert stored is not None
    assert stored.overall_goal == "核对后保存"


def test_a_table_edit_does_not_make_the_department_form_stale(world: World) -> None:
    document = document_of(world)
    stamp = editing.department_stamp(document.data)
    project = world.project(CODE)
    row = project.to_core().indicators[0]
    fields = {"name": row.name, "level1": row.level1 or "", "level2": row.level2 or ""}
    editing.update_indicator(project, world.users["filler"], 0, fields | {"target": "≥9次"})
    assert TargetDocument.objects.get(pk=document.pk).revision > document.revision
    form = {"overall_goal": "照常保存", "sub_goal_count": "0", "stamp": stamp}
    saved = editing.update_department(document, world.users["department_reviewer"], form)
    assert saved.to_core(projects=[]).department.overall_goal == "照常保存"  # type: ignore[union-attr]


def test_a_department_tables_duties_budget_and_indicators_are_on_the_document_page(
    world: World,
) -> None:
    """What a 部门整体支出绩效目标申报表 holds beyond the Hebei text is shown, its money in its unit."""
    document = document_of(world)
    document.data = {
        **(document.data or {}),
        "duties": "(一)负责全区商务工作\n(二)指导招商引资",
        "budget": {"total": "968.1918", "fiscal": "968.1918", "other": None},
        "money_unit": "万元",
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "招商项目数",
             "target": {"raw": "≥5个", "kind": "quantity"}},
        ],
    }  # fmt: skip
    document.save(update_fields=["data"])
    page = client_for(world, "department_reviewer").get(f"/documents/{document.pk}/")
    text = page.content.decode()
    assert "<h2>部门职能职责</h2><p>(一)负责全区商务工作</p><p>(二)指导招商引资</p>" in text
    assert "<h2>部门预算资金（万元）</h2>" in text
    assert "<td>968.1918</td>" in text
    assert "<td>招商项目数</td><td>≥5个</td>" in text


def test_the_departments_name_as_the_file_writes_it_is_shown_where_it_differs(
    world: World,
) -> None:
    """Department-wide targets stored under a department whose name is not the file's (found by
    its code, or by one name holding the other) say the file's name too, once."""
    document = document_of(world)
    client = client_for(world, "department_reviewer")
    url = f"/documents/{document.pk}/"
    assert (document.data or {})["name"] == world.commerce.name  # the seed's own name
    assert "文件中的部门名称" not in client.get(url).content.decode()
    for written, shown in [
        ("秦皇岛市山海关区商务局本级", "秦皇岛市山海关区商务局本级"),
        ("商务局<本级>", "商务局&lt;本级&gt;"),
        (" 秦皇岛市山海关区 商务局", None),  # the same name, spacing aside
    ]:
        document.data = {**(document.data or {}), "name": written}
        document.save(update_fields=["data"])
        page = client.get(url).content.decode()
        if shown is None:
            assert "文件中的部门名称" not in page
            continue
        assert page.count("文件中的部门名称") == 1
        assert f"<p>文件中的部门名称：{shown}</p>" in page
        assert f"<h1>{world.commerce.name} " in page  # the heading keeps the department's name
        detail = client.get(f"/api/documents/{document.pk}").json()
        assert (detail["department_name"], detail["department"]["name"]) == (
            world.commerce.name,
            written,
        )
