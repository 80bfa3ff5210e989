"""The 部门整体自评: each department-wide indicator's actual judged against its target, the roll-up
of the department's project self-evaluations (live, then as submitted), the cycle 草稿 → 财政审核 →
已批复 with its return, the page, the API and their query counts."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.core.value import parse_value
from jixiao.evaluate.profile import builtin
from jixiao.evaluation import department
from jixiao.evaluation.models import DepartmentSelfEvaluation, SelfEvaluation
from jixiao.org.models import Membership
from jixiao.targets import workflow
from jixiao.targets.models import Project, Status, TargetDocument
from tests.web.conftest import World, client_for, person

OWN = "322-0601-YBN-5D8Z"
# the seed's department-wide indicators, in the order of the text
NAMES = [
    "全区外贸企业出口额同比上年增长",
    "全区7家农贸市场全面达到全国卫生城市的创建标准",
    "每年执法行动",
    "执法案件结案率",
    "发展特色鲜明网店的数量",
    "参加专项推介会、专题对接、贸易展览会的客商数量",
]
FILLED = {
    "actual_0": "5.2%",
    "actual_1": "7家",
    "actual_2": "85次",
    "actual_3": "96%",
    "deviation_3": "4起案件跨年度办理，已督办，次年一季度结案",
    "actual_4": "320家",
    "actual_5": "210人",
    "summary": "部门整体绩效目标基本完成。",
    "problems": "个别案件办理周期长。",
    "improvements": "建立案件督办台账。",
}


def document_of(world: World) -> TargetDocument:
    return world.project(OWN).document


def approved(world: World) -> TargetDocument:
    document = document_of(world)
    TargetDocument.objects.filter(pk=document.pk).update(status=Status.APPROVED)
    document.refresh_from_db()
    return document


def fill(world: World, fields: dict[str, str] | None = None) -> None:
    client = client_for(world, "department_reviewer")
    response = client.post(
        f"/evaluation/documents/{document_of(world).pk}/save/", fields or FILLED, follow=True
    )
    assert "部门整体自评已保存" in response.content.decode()


def page(world: World, who: str) -> str:
    response = client_for(world, who).get(f"/evaluation/documents/{document_of(world).pk}/")
    assert response.status_code == 200
    return response.content.decode()


def evaluate(project: Project, status: str, score: str | None, grade: str, budget: str | None,
             executed: str | None) -> SelfEvaluation:  # fmt: skip
    return SelfEvaluation.objects.create(
        project=project, status=status, total_score=Decimal(score) if score else None, grade=grade,
        full_year_budget=Decimal(budget) if budget else None,
        executed=Decimal(executed) if executed else None,
    )  # fmt: skip


# -- completion -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "met", "words"),
    [
        ("不少于80次", "85次", True, "实际 85次，目标不低于 80次，达成"),
        ("不少于80次", "70次", False, "实际 70次，目标不低于 80次（完成目标的 87.5%），未达成"),
        ("不少于80次", "85", True, "实际 85次，目标不低于 80次，达成"),  # the target's unit
        ("达到100%", "100%", True, "实际 100%，目标不低于 100%，达成"),  # "=" as 正向
        ("达到100%", "96%", False, "实际 96%，目标不低于 100%（完成目标的 96%），未达成"),
        ("4%以上", "5.2%", True, "实际 5.2%，目标不低于 4%，达成"),
        ("≤5%", "6%", False, "实际 6%，目标不高于 5%，超出目标，未达成"),
        ("0起", "0起", True, "实际 0起，目标等于 0起，达成"),
        ("0起", "1起", False, "实际 1起，目标等于 0起，超出目标，未达成"),
        ("80%-90%", "85%", True, "实际 85% 在目标区间 80%-90% 之内"),
        ("80%-90%", "95%", False, "实际 95% 在目标区间 80%-90% 高于上限"),
        ("300家", "3万元", None, "实际的单位「万元」与目标「300家」的单位「家」不同，无法比较"),
        (
            "不少于300家",
            "已完成",
            None,
            "实际「已完成」不是数值，无法与目标「不少于300家」比较；请填写数值（如「300家」）",
        ),
        ("12月底前", "11月底", True, "实际「11月底」不晚于目标「12月底前」，按时完成"),
        ("12月底前", "次年2月", False, "实际「次年2月」晚于目标「12月底前」，未按时完成"),
        ("高", "高", True, "实际「高」，达到目标「高」"),
        (
            "有效提升",
            "基本完成",
            False,
            "实际「基本完成」属「部分达成年度指标并具有一定效果」，未完全达到目标「有效提升」",
        ),
        (
            "有效提升",
            "明显",
            None,
            "实际「明显」无法与目标「有效提升」自动比对，请在偏差说明中写明完成情况",
        ),
        ("不少于80次", " ", None, "未填写实际完成值"),
    ],
)
def test_each_indicator_is_judged_met_or_not_in_words(
    target: str, actual: str, met: bool | None, words: str
) -> None:
    judged = department.judge(parse_value(target), actual, builtin())
    assert (judged.met, judged.words) == (met, words)


def test_an_equal_target_is_met_exactly_under_a_profile_that_says_so() -> None:
    from dataclasses import replace

    from jixiao.evaluate.profile import Rule

    central = builtin()
    exact = replace(central, equal=Rule("exact", central.equal.standing))
    assert department.judge(parse_value("7家"), "8家", central).met is True
    assert (
        department.judge(parse_value("7家"), "8家", exact).words == "实际 8家，目标为 7家，未达成"
    )


# -- the page ---------------------------------------------------------------------------------


def test_the_page_shows_each_department_wide_indicator_with_its_target(world: World) -> None:
    approved(world)
    html = page(world, "department_reviewer")
    assert "秦皇岛市山海关区商务局 2024年度 · 部门整体绩效自评" in html
    assert '<span class="status">未开始</span>' in html
    for name, target in zip(NAMES, ["4%以上", "7家", "不少于80次", "达到100%", "不少于300家",
                                    "不少于200人"], strict=True):  # fmt: skip
        assert f'<td>{name}</td><td class="target">{target}</td>' in html
    assert html.count('name="actual_') == 6  # the keeper fills them in
    assert "以下为实时汇总，报送财政审核时保存" in html
    assert "<tr><td>5</td><td>5</td><td>0</td><td>0</td><td>0</td></tr>" in html  # none started


def test_saving_starts_the_self_evaluation_and_judges_each_indicator(world: World) -> None:
    approved(world)
    fill(world)
    evaluation = DepartmentSelfEvaluation.objects.get(document=document_of(world))
    assert evaluation.status == Status.DRAFT
    assert [(e["index"], e["name"], e["actual"]) for e in evaluation.actuals] == [
        (0, NAMES[0], "5.2%"), (1, NAMES[1], "7家"), (2, NAMES[2], "85次"), (3, NAMES[3], "96%"),
        (4, NAMES[4], "320家"), (5, NAMES[5], "210人"),
    ]  # fmt: skip
    html = page(world, "department_reviewer")
    assert html.count('<span class="met-true">达成</span>') == 5
    assert '<span class="met-false">未达成</span>' in html
    assert "实际 96%，目标不低于 100%（完成目标的 96%），未达成" in html
    entries = AuditEntry.objects.filter(object_type="evaluation.departmentselfevaluation")
    assert [e.action for e in entries.order_by("pk")] == ["selfeval_start", "selfeval_save"]
    assert entries.first().document_id == document_of(world).pk  # type: ignore[union-attr]
    assert "「执法案件结案率」实际完成值：（空） → 96%" in html  # the log, in words
    assert "开始部门整体自评" in html


def test_a_unit_filler_reads_it_without_inputs_and_another_department_not_at_all(
    world: World,
) -> None:
    approved(world)
    fill(world)
    html = page(world, "filler")
    assert 'name="actual_' not in html
    assert "85次" in html
    assert "当前状态下您没有可执行的操作" in html
    other = client_for(world, "other_filler")
    assert other.get(f"/evaluation/documents/{document_of(world).pk}/").status_code == 404


def test_nothing_is_written_before_the_targets_are_approved(world: World) -> None:
    client = client_for(world, "department_reviewer")
    response = client.post(
        f"/evaluation/documents/{document_of(world).pk}/save/", FILLED, follow=True
    )
    assert "部门整体绩效目标当前为“草稿”：批复后才能填写部门整体自评" in response.content.decode()
    assert not DepartmentSelfEvaluation.objects.exists()


def test_only_the_department_keeps_it(world: World) -> None:
    document = approved(world)
    for who in ("filler", "unit_reviewer", "finance_reviewer", "readonly", "admin"):
        with pytest.raises(PermissionDenied):
            department.save(document, world.users[who], department.Entry({0: ("1%", "")}))
    assert not DepartmentSelfEvaluation.objects.exists()


def test_bad_input_says_where_and_stores_nothing(world: World) -> None:
    document = approved(world)
    keeper = world.users["department_reviewer"]
    with pytest.raises(department.InputError, match="没有第 7 项部门整体绩效指标（共 6 项）"):
        department.save(document, keeper, department.Entry({6: ("1", "")}))
    with pytest.raises(department.InputError, match="第 1 项「全区外贸企业出口额同比上年增长」"):
        department.save(document, keeper, department.Entry({0: ("1" * 201, "")}))
    assert not DepartmentSelfEvaluation.objects.exists()


def test_a_form_filled_in_from_older_content_is_refused(world: World) -> None:
    document = approved(world)
    keeper = world.users["department_reviewer"]
    department.save(document, keeper, department.Entry({0: ("5%", "")}))
    stale = department.stamp_of(None)
    with pytest.raises(workflow.WorkflowError, match="已被他人修改"):
        department.save(document, keeper, department.Entry({0: ("6%", "")}, stamp=stale))
    evaluation = DepartmentSelfEvaluation.objects.get()
    assert evaluation.actuals[0]["actual"] == "5%"


# -- the roll-up --------------------------------------------------------------------------------


def test_the_roll_up_sums_the_projects_self_evaluations(world: World) -> None:
    projects = world.projects
    # one project's figures in 万元: summed in 元 with the others'
    Project.objects.filter(pk=projects[1].pk).update(money_unit="万元")
    evaluate(projects[0], Status.APPROVED, "95.50", "优", "60000.00", "60000.00")
    evaluate(projects[1], Status.FINANCE_REVIEW, "82.25", "良", "103.000000", "90.5")
    evaluate(projects[2], Status.RETURNED, "59.99", "差", "300000", "150000")
    evaluate(projects[3], Status.DRAFT, None, "", None, None)
    assert department.rollup(document_of(world)) == {
        "projects": 5,
        "not_started": 1,
        "draft": 2,
        "submitted": 1,
        "approved": 1,
        "scored": 3,
        "score_total": "237.74",
        "score_mean": "79.25",
        "grades": {"优": 1, "良": 1, "中": 0, "差": 1},
        "with_figures": 3,
        "budget": "1390000.00",  # 60000 + 1030000 (103万元) + 300000
        "executed": "1115000.00",  # 60000 + 905000 + 150000
        "rate": "80.22",
    }


def test_the_roll_up_of_a_department_without_self_evaluations_says_none(world: World) -> None:
    data = department.rollup(document_of(world))
    assert (data["projects"], data["not_started"], data["scored"]) == (5, 5, 0)
    assert (data["score_mean"], data["budget"], data["rate"]) == (None, None, None)
    html = page(world, "readonly")
    assert "<td>0</td><td>—</td><td>—</td>" in html  # no score, no mean


def test_the_page_shows_the_grade_distribution_and_the_execution_rate(world: World) -> None:
    evaluate(world.projects[0], Status.APPROVED, "95", "优", "60000.00", "54000.00")
    evaluate(world.projects[1], Status.APPROVED, "91", "优", "1030000.00", "1030000.00")
    evaluate(world.projects[2], Status.APPROVED, "70", "中", None, None)
    html = page(world, "finance_reviewer")
    assert "<td>3</td><td>256.00</td><td>85.33</td><td>2（66.7%）</td><td>0（0.0%）</td>" in html
    assert "<td>2</td><td>1,090,000.00</td><td>1,084,000.00</td><td>99.45%</td>" in html


# -- the cycle ------------------------------------------------------------------------------------


def test_the_self_evaluation_goes_through_its_cycle_with_the_roll_up_stored(
    world: World,
) -> None:
    document = approved(world)
    users = world.users
    fill(world)
    evaluate(world.projects[0], Status.APPROVED, "95", "优", "100", "100")
    evaluation = department.submit(document, users["department_reviewer"])
    assert evaluation.status == Status.FINANCE_REVIEW
    assert evaluation.submitted_at is not None
    assert evaluation.rollup["grades"]["优"] == 1
    # what happens to the projects afterwards does not change what was submitted
    evaluate(world.projects[1], Status.APPROVED, "50", "差", "100", "0")
    html = page(world, "finance_reviewer")
    assert "以下为报送时保存的汇总" in html
    assert "<td>1</td><td>95.00</td><td>95.00</td>" in html
    assert "审核通过" in html
    assert "退回意见（必填）" in html
    with pytest.raises(workflow.WorkflowError, match="退回意见"):
        department.send_back(document, users["finance_reviewer"], " ")
    with pytest.raises(workflow.WorkflowError, match="不能修改"):
        department.save(document, users["department_reviewer"], department.Entry({0: ("1%", "")}))
    department.send_back(document, users["finance_reviewer"], "出口额请附海关数据")
    html = page(world, "department_reviewer")
    assert "部门整体自评已被退回" in html
    assert "出口额请附海关数据" in html
    assert "<td>2</td><td>145.00</td><td>72.50</td>" in html  # live again
    fill(world, {**FILLED, "actual_0": "5.3%"})
    department.submit(document, users["department_reviewer"])
    evaluation = department.approve(document, users["finance_reviewer"], "同意")
    assert evaluation.status == Status.APPROVED
    assert evaluation.rollup["scored"] == 2
    entries = AuditEntry.objects.filter(
        object_type="evaluation.departmentselfevaluation", object_id=str(evaluation.pk)
    ).order_by("pk")
    assert [(e.actor.username, e.action) for e in entries] == [  # type: ignore[union-attr]
        ("department_reviewer", "selfeval_start"),
        ("department_reviewer", "selfeval_save"),
        ("department_reviewer", "submit"),
        ("finance_reviewer", "return"),
        ("department_reviewer", "selfeval_save"),
        ("department_reviewer", "submit"),
        ("finance_reviewer", "approve"),
    ]
    html = page(world, "readonly")
    assert "财政审核 → 已批复" in html
    assert "报送财政审核" in html


def test_a_submission_names_what_it_still_lacks(world: World) -> None:
    document = approved(world)
    keeper = world.users["department_reviewer"]
    with pytest.raises(workflow.WorkflowError, match="部门整体自评尚未开始"):
        department.submit(document, keeper)
    fill(world, {"actual_0": "3%", "actual_1": "7家"})
    with pytest.raises(workflow.WorkflowError) as refused:
        department.submit(document, keeper)
    message = str(refused.value)
    assert "以下指标未填写实际完成值：第 3 项「每年执法行动」、第 4 项「执法案件结案率」" in message
    assert "须填写偏差原因分析及改进措施：第 1 项「全区外贸企业出口额同比上年增长」" in message
    assert "请填写总体情况" in message
    assert DepartmentSelfEvaluation.objects.get().status == Status.DRAFT


def test_whoever_submitted_it_does_not_approve_it(world: World) -> None:
    document = approved(world)
    both = person("both", world.commerce, Membership.Role.DEPARTMENT_REVIEWER)
    Membership.objects.create(user=both, organisation=world.finance, role="finance_reviewer")
    fill(world)
    department.submit(document, both)
    with pytest.raises(workflow.OwnSubmissionError, match="报送人不能审核自己报送的部门整体自评"):
        department.approve(document, both)
    assert department.approve(document, world.users["finance_reviewer"]).status == Status.APPROVED


def test_the_roles_that_may_not_act_are_refused_before_the_state(world: World) -> None:
    document = approved(world)
    with pytest.raises(PermissionDenied):
        department.submit(document, world.users["finance_reviewer"])
    with pytest.raises(PermissionDenied):
        department.approve(document, world.users["department_reviewer"])
    fill(world)
    with pytest.raises(workflow.WorkflowError, match="不能执行此操作"):
        department.approve(document, world.users["finance_reviewer"])  # a draft: the state says


# -- the API ----------------------------------------------------------------------------------------


def test_the_api_reads_writes_and_moves_it(world: World) -> None:
    document = approved(world)
    keeper = client_for(world, "department_reviewer")
    url = f"/api/evaluation/documents/{document.pk}/self-evaluation"
    read = keeper.get(url).json()
    assert (read["started"], read["status_label"], read["rollup"]["projects"]) == (
        False,
        "未开始",
        5,
    )
    assert [row["target"] for row in read["indicators"]][:3] == ["4%以上", "7家", "不少于80次"]
    body = {
        "actuals": [{"index": i, "actual": FILLED[f"actual_{i}"],
                     "deviation": FILLED.get(f"deviation_{i}", "")} for i in range(6)],
        "summary": "基本完成", "stamp": read["stamp"],
    }  # fmt: skip
    written = keeper.put(url, json.dumps(body), content_type="application/json")
    assert written.status_code == 200
    answer = written.json()
    assert answer["status"] == "draft"
    assert answer["allowed"] == {"edit": True, "submit": True, "review": False}
    assert [row["met"] for row in answer["indicators"]] == [True, True, True, False, True, True]
    stale = keeper.put(url, json.dumps(body), content_type="application/json")
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["detail"]
    bad = keeper.put(url, json.dumps({"actuals": [{"index": 9, "actual": "1"}]}),
                     content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    assert "没有第 10 项" in bad.json()["detail"]
    submitted = keeper.post(f"{url}/submit", json.dumps({}), content_type="application/json")
    assert submitted.status_code == 200
    assert submitted.json()["rollup_live"] is False
    finance = client_for(world, "finance_reviewer")
    returned = finance.post(f"{url}/return", json.dumps({"comment": ""}),
                            content_type="application/json")  # fmt: skip
    assert returned.status_code == 409
    assert "退回意见" in returned.json()["detail"]
    done = finance.post(f"{url}/approve", json.dumps({"comment": "同意"}),
                        content_type="application/json")  # fmt: skip
    assert done.status_code == 200
    assert done.json()["status_label"] == "已批复"
    assert keeper.post(f"{url}/adjust", json.dumps({}), content_type="application/json")\
        .status_code == 404  # fmt: skip


# -- query counts -------------------------------------------------------------------------------


def many_projects(world: World, count: int) -> None:
    """More tables in the seed's document, each with a self-evaluation."""
    template = world.projects[0]
    made = Project.objects.bulk_create(
        Project(document=template.document, unit=template.unit, position=100 + n, year=template.year,
                code=f"322-9999-{n:04d}", name=f"项目{n}", money_unit="元", data=template.data)
        for n in range(count)
    )  # fmt: skip
    SelfEvaluation.objects.bulk_create(
        SelfEvaluation(project=p, status=Status.APPROVED, total_score=Decimal("88.5"), grade="良",
                       full_year_budget=Decimal("1000.00"), executed=Decimal("900.00"))
        for p in made
    )  # fmt: skip


def test_the_page_reads_a_bounded_number_of_queries_whatever_the_projects(world: World) -> None:
    approved(world)
    fill(world)
    client = client_for(world, "department_reviewer")
    url = f"/evaluation/documents/{document_of(world).pk}/"
    client.get(url)  # the first request stores the session's caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    many_projects(world, 300)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "<td>305</td>" in html
    assert "<td>300</td><td>26550.00</td><td>88.50</td>" in html
    assert len(many) == len(few) <= 14, [q["sql"] for q in many.captured_queries]


def test_the_api_reads_a_bounded_number_of_queries_whatever_the_projects(world: World) -> None:
    document = approved(world)
    client = client_for(world, "finance_reviewer")
    url = f"/api/evaluation/documents/{document.pk}/self-evaluation"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    many_projects(world, 300)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["rollup"]["projects"] == 305
    assert len(many) == len(few) <= 10
