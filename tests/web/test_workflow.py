"""The review cycle: one domain function per state change, each checked, locked and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from jixiao.audit.models import AuditEntry
from jixiao.org.access import Role, reach
from jixiao.targets import workflow
from jixiao.targets.models import Project, ProjectVersion, Status
from tests.web.conftest import World, person

CODE = "322-0601-YBN-5D8Z"
"""A seed table with 错误: it is submitted and approved only with a stated reason."""
WHY = "已知晓错误，按部门要求先报送"


def run_to_approval(world: World) -> Project:
    users = world.users
    project = workflow.submit(world.project(CODE), users["filler"], WHY)
    project = workflow.approve(project, users["unit_reviewer"], "同意")
    project = workflow.approve(project, users["department_reviewer"], "同意")
    return workflow.approve(project, users["finance_reviewer"], "批复")


def test_a_table_goes_through_every_step_to_approval(world: World) -> None:
    project = run_to_approval(world)
    assert project.status == Status.APPROVED
    assert project.is_locked
    entries = AuditEntry.objects.filter(
        object_type="targets.project", object_id=str(project.pk)
    ).exclude(action="import")
    assert [
        (e.actor.username, e.action, e.before["status"], e.after["status"])
        for e in entries.order_by("pk")
    ] == [
        ("filler", "submit", "draft", "submitted"),
        ("unit_reviewer", "approve", "submitted", "department_review"),
        ("department_reviewer", "approve", "department_review", "finance_review"),
        ("finance_reviewer", "approve", "finance_review", "approved"),
    ]


def test_a_return_needs_a_comment_and_makes_the_table_returned(world: World) -> None:
    users = world.users
    project = workflow.submit(world.project(CODE), users["filler"], WHY)
    project = workflow.approve(project, users["unit_reviewer"], "同意")
    with pytest.raises(workflow.WorkflowError, match="退回意见"):
        workflow.send_back(project, users["department_reviewer"], "  ")
    project = workflow.send_back(
        project, users["department_reviewer"], "满意度指标方向错误，请改为≥"
    )
    assert project.status == Status.RETURNED
    assert project.get_status_display() == "已退回"
    assert workflow.can_edit(users["filler"], project)
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.reason) == ("return", "满意度指标方向错误，请改为≥")
    # submitted again: the version says what made it
    workflow.submit(project, users["filler"], WHY)
    versions = ProjectVersion.objects.filter(project=project).order_by("pk")
    assert [v.event for v in versions] == ["提交", "退回后重新提交"]


@pytest.mark.parametrize(
    ("step", "allowed"),
    [
        ("submit", {"filler"}),
        ("unit_review", {"unit_reviewer"}),
        ("department_review", {"department_reviewer"}),
        ("finance_review", {"finance_reviewer"}),
    ],
)
def test_only_the_role_of_each_step_may_take_it(world: World, step: str, allowed: set[str]) -> None:
    users = world.users
    project = world.project(CODE)
    steps = ["submit", "unit_review", "department_review", "finance_review"]
    actors = ["filler", "unit_reviewer", "department_reviewer", "finance_reviewer"]
    for earlier, actor in zip(steps[: steps.index(step)], actors, strict=False):
        project = (
            workflow.submit(project, users[actor], WHY)
            if earlier == "submit"
            else workflow.approve(project, users[actor], "同意")
        )
    for name, user in users.items():
        action = workflow.submit if step == "submit" else workflow.approve
        if name in allowed:
            continue
        with pytest.raises(PermissionDenied):
            action(project, user)
    assert Project.objects.get(pk=project.pk).status == project.status


def test_another_units_filler_cannot_touch_the_table(world: World) -> None:
    with pytest.raises(PermissionDenied):
        workflow.submit(world.project(CODE), world.users["other_filler"])
    # and the unit filler of 322003 cannot submit 322002's tables either
    with pytest.raises(PermissionDenied):
        workflow.submit(world.project("322-0503-JBN-G5SQ"), world.users["filler"])


def test_a_step_out_of_order_is_refused_in_chinese(world: World) -> None:
    with pytest.raises(workflow.WorkflowError, match="当前状态为“草稿”"):
        workflow.approve(world.project(CODE), world.users["unit_reviewer"])


def test_an_approved_table_changes_only_through_an_adjustment_with_a_reason(world: World) -> None:
    project = run_to_approval(world)
    assert not workflow.can_edit(world.users["filler"], project)
    with pytest.raises(workflow.WorkflowError, match="调整原因"):
        workflow.adjust(project, world.users["filler"], "")
    project = workflow.adjust(project, world.users["filler"], "年中预算调整，活动次数增加")
    assert (project.status, project.version) == (Status.DRAFT, 2)
    assert workflow.can_edit(world.users["filler"], project)
    versions = ProjectVersion.objects.filter(project=project).order_by("pk")
    assert [(v.number, v.event) for v in versions] == [(1, "提交"), (1, "已批复")]
    workflow.submit(project, world.users["filler"], WHY)
    assert ProjectVersion.objects.filter(project=project).latest("pk").event == "目标调整"


def test_audit_entries_cannot_be_changed_or_deleted(world: World) -> None:
    entry = AuditEntry.objects.latest("pk")
    assert entry.action == "import"
    entry.reason = "篡改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.parametrize(
    ("name", "visible"),
    [
        ("filler", {"322-0601-YBN-5D8Z", "322-0601-YBN-Y6VV", "322-0601-YBN-13RG"}),
        ("department_reviewer", "all seed"),
        ("finance_reviewer", "everything"),
        ("readonly", "all seed"),
        ("other_filler", {"401-0001-XXX-0001"}),
    ],
)
def test_each_user_sees_the_tables_of_the_units_they_reach(
    world: World, name: str, visible: object
) -> None:
    seed = {p.code for p in world.projects}
    named = {"all seed": seed, "everything": seed | {"401-0001-XXX-0001"}}
    expected = named[visible] if isinstance(visible, str) else visible
    found = set(
        Project.objects.filter(reach(world.users[name], "unit__")).values_list("code", flat=True)
    )
    assert found == expected


def test_a_table_with_errors_is_submitted_only_with_a_reason_which_the_log_keeps(
    world: World,
) -> None:
    filler = world.users["filler"]
    with pytest.raises(workflow.WorkflowError, match=r"本表还有 \d+ 处错误"):
        workflow.submit(world.project(CODE), filler)
    assert world.project(CODE).status == Status.DRAFT
    project = workflow.submit(world.project(CODE), filler, WHY)
    entry = AuditEntry.objects.latest("pk")
    assert (project.status, entry.action, entry.reason) == (Status.SUBMITTED, "submit", WHY)


def test_approving_with_errors_outstanding_needs_the_reviewers_reason(world: World) -> None:
    project = workflow.submit(world.project(CODE), world.users["filler"], WHY)
    with pytest.raises(workflow.WorkflowError, match="须在审核意见中写明理由"):
        workflow.approve(project, world.users["unit_reviewer"], " ")
    project = workflow.approve(
        project, world.users["unit_reviewer"], "错误已电话沟通，下一环节改正"
    )
    assert project.status == Status.DEPARTMENT_REVIEW


def test_a_table_without_errors_goes_without_a_reason(world: World) -> None:
    # 322-0503-JBN-G5SQ has warnings and hints only
    filler = person("commerce_filler", world.commerce_unit, Role.UNIT_FILLER)
    project = workflow.submit(world.project("322-0503-JBN-G5SQ"), filler)
    assert project.status == Status.SUBMITTED


def test_a_wrong_role_is_told_the_role_not_the_state(world: World) -> None:
    """The unit reviewer asked to approve a draft: the state is wrong (they may approve later);
    the readonly user asked to: the role is (they never may)."""
    with pytest.raises(PermissionDenied, match="只有本单位的单位填报人"):
        workflow.submit(world.project(CODE), world.users["readonly"])
    project = workflow.submit(world.project(CODE), world.users["filler"], WHY)
    project = workflow.approve(project, world.users["unit_reviewer"], "同意")
    with pytest.raises(PermissionDenied, match="只有主管部门审核人"):
        workflow.approve(project, world.users["unit_reviewer"], "同意")
