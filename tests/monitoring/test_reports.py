"""The 绩效运行监控表's cycle (submitted by the unit's filler, reviewed step by step, a return
with its comment, nobody reviewing their own), what a submission keeps, the department's summary
and 待办."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jixiao.monitoring import progress, reports
from jixiao.monitoring.models import (
    DepartmentMonitoring,
    MonitoringReport,
    MonitoringRound,
    Payment,
)
from jixiao.org.models import Membership
from jixiao.targets.models import Project, Status
from jixiao.targets.workflow import OwnSubmissionError, WorkflowError
from tests.monitoring.test_rounds import OWN, approve_all, issue
from tests.web.conftest import (
    World,
    client_for,
    close_stray_connections,  # noqa: F401 (the browser test's server)
    person,
)


@pytest.fixture
def explained(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The indicators' progress taken as complete (that part is tested with it): what
    `missing_explanations` answers, changed by a test through the list."""
    answer: list[list[str]] = [[]]
    monkeypatch.setattr(progress, "missing_explanations", lambda report: list(answer[0]))
    return answer


def own_report(world: World, paid: str | None = "200000.00", **fields) -> MonitoringReport:
    """The filler's report in a round of the 商务局; `paid` by 3月 (200000: on plan at 6月底)."""
    approve_all(world)
    issued = issue(world, **fields)
    if paid is not None:
        pay(world, paid)
    return MonitoringReport.objects.get(round=issued, project__code=OWN)


def pay(world: World, amount: str, on: date = date(2024, 3, 1)) -> None:
    Payment.objects.create(
        project=world.project(OWN), paid_on=on, amount=Decimal(amount),
        recorded_by=world.users["filler"],
    )  # fmt: skip


def test_the_report_goes_through_every_review_step(world: World, explained):
    report = own_report(world)  # 200000 paid: 66.67% by 6月底 (plan 65%), 正常
    filler = world.users["filler"]
    reports.update_report(report, filler, {"expected_executed": "300,000.00",
                                           "goal_progress": "按计划推进"})  # fmt: skip
    submitted = reports.submit(report, filler)
    assert submitted.status == Status.SUBMITTED
    assert submitted.submitted_at is not None
    stored = MonitoringReport.objects.get(pk=report.pk)
    assert stored.data["spending"]["spent"] == "200000.00"
    assert stored.data["spending"]["rate"] == "66.67"
    assert stored.data["spending"]["status"] == "正常"
    assert stored.data["round"] == {"title": "2024年1-6月绩效运行监控", "period": "1-6月",
                                    "as_of": "2024-06-30", "due": "2024-07-15"}  # fmt: skip
    assert stored.data["report"]["expected_executed"] == "300000.00"
    fund = stored.data["monitoring"]["funds"][0]
    assert (fund["midyear_executed"], fund["midyear_rate"], fund["expected_rate"]) == (
        "200000.00", "66.67", "100.00",
    )  # fmt: skip
    assert stored.data["monitoring"]["goal_progress"] == "按计划推进"
    for step, name in (
        (Status.DEPARTMENT_REVIEW, "unit_reviewer"),
        (Status.FINANCE_REVIEW, "department_reviewer"),
        (Status.APPROVED, "finance_reviewer"),
    ):
        assert reports.approve(report, world.users[name], "同意").status == step
    actions = [line.action for line in reports.log_of(report)]
    assert actions == ["审核通过", "审核通过", "审核通过", "提交", "填写监控表", "生成监控表"]


def test_a_wrong_reviewer_and_a_wrong_state_are_told_apart(world: World, explained):
    report = own_report(world)
    with pytest.raises(PermissionDenied, match="只有本单位的单位填报人"):
        reports.submit(report, world.users["unit_reviewer"])
    with pytest.raises(WorkflowError, match="当前状态为“草稿”"):
        reports.approve(report, world.users["unit_reviewer"])
    with pytest.raises(PermissionDenied):
        reports.approve(report, world.users["readonly"])
    reports.submit(report, world.users["filler"])
    with pytest.raises(PermissionDenied, match="只有单位审核人可以审核或退回"):
        reports.approve(report, world.users["department_reviewer"])
    with pytest.raises(WorkflowError, match="不能执行此操作"):
        reports.submit(report, world.users["filler"])


def test_a_return_needs_its_comment_and_the_unit_submits_again(world: World, explained):
    report = own_report(world)
    reports.submit(report, world.users["filler"])
    with pytest.raises(WorkflowError, match="退回须填写退回意见"):
        reports.send_back(report, world.users["unit_reviewer"], "  ")
    returned = reports.send_back(report, world.users["unit_reviewer"], "请补充绩效目标完成情况")
    assert returned.status == Status.RETURNED
    assert [r.reason for r in reports.returns_in(reports.log_of(report))] == [
        "请补充绩效目标完成情况"
    ]
    reports.update_report(report, world.users["filler"], {"goal_progress": "已补充"})
    assert reports.submit(report, world.users["filler"]).status == Status.SUBMITTED


def test_the_submitter_does_not_review_their_own(world: World, explained):
    report = own_report(world)
    both = person("both", world.investment_unit, Membership.Role.UNIT_FILLER)
    Membership.objects.create(
        user=both, organisation=world.investment_unit, role=Membership.Role.UNIT_REVIEWER
    )
    reports.submit(report, both)
    with pytest.raises(OwnSubmissionError, match="提交人不能审核自己提交的"):
        reports.approve(report, both)
    with pytest.raises(OwnSubmissionError):
        reports.send_back(report, both, "退回")
    assert reports.approve(report, world.users["unit_reviewer"]).status == Status.DEPARTMENT_REVIEW


def test_submission_is_refused_with_the_progress_gaps_listed(world: World, explained):
    report = own_report(world)
    explained[0] = ["指标「企业人数」未填写截至目前完成值", "指标「满意度」未选择完成目标可能性"]
    with pytest.raises(WorkflowError) as refused:
        reports.submit(report, world.users["filler"])
    assert str(refused.value) == (
        "监控表尚不能提交：指标「企业人数」未填写截至目前完成值；指标「满意度」未选择完成目标可能性"
    )
    assert MonitoringReport.objects.get(pk=report.pk).status == Status.DRAFT


def test_spending_behind_the_plan_needs_the_cause_and_remedy(world: World, explained):
    report = own_report(
        world, paid="75000.00"
    )  # 25% by 3月底 against 30%: 黄; nothing more by 6月底: 红
    filler = world.users["filler"]
    with pytest.raises(WorkflowError) as refused:
        reports.submit(report, filler)
    assert str(refused.value) == (
        "监控表尚不能提交：支出进度为红色预警，请选择支出偏差原因；支出进度为红色预警，请填写偏差原因说明；"
        "支出进度为红色预警，请填写纠偏措施"
    )
    reports.update_report(
        report, filler, {"cause_kind": "制度保障", "cause": "招标延后", "remedy": "加快招标"}
    )
    submitted = reports.submit(report, filler)
    assert submitted.data["spending"]["status"] == "红"
    assert submitted.data["report"]["cause_kind"] == "制度保障"


def test_the_progress_parts_own_words_for_spending_are_not_repeated(world: World, explained):
    report = own_report(world, paid=None)
    explained[0] = ["截至6月30日支出进度为“红”（…），须在监控表中填写支出偏差原因"]
    with pytest.raises(WorkflowError) as refused:
        reports.submit(report, world.users["filler"])
    assert str(refused.value).count("支出进度") == 1


def test_the_real_progress_check_is_asked(world: World):
    """Without the stand-in: the progress part's own check refuses a report with no progress."""
    report = own_report(world, as_of=date(2024, 2, 29))  # no checkpoint due yet
    with pytest.raises(WorkflowError, match="未填写截至目前完成值"):
        reports.submit(report, world.users["filler"])


def test_the_reports_fields_are_checked_and_audited(world: World):
    report = own_report(world)
    filler = world.users["filler"]
    with pytest.raises(ValidationError) as refused:
        reports.update_report(report, filler, {"expected_executed": "三十万", "cause_kind": "天气"})
    assert refused.value.messages == [
        "全年预计执行数：“三十万”不是金额，请以元为单位填写数字",
        "支出偏差原因：请从经费保障、制度保障、人员保障、硬件条件保障、其他中选择",
    ]
    with pytest.raises(ValidationError, match="最多两位小数"):
        reports.update_report(report, filler, {"expected_executed": "1.005"})
    with pytest.raises(PermissionDenied):
        reports.update_report(report, world.users["unit_reviewer"], {"goal_progress": "x"})
    reports.update_report(report, filler, {"expected_executed": "1234.50", "remedy": "加快"})
    stored = MonitoringReport.objects.get(pk=report.pk)
    assert stored.expected_executed == Decimal("1234.50")
    line = reports.log_of(report)[0]
    assert (line.action, line.change) == (
        "填写监控表", "全年预计执行数（元）：（空） → 1234.50；纠偏措施：（空） → 加快",
    )  # fmt: skip


def test_a_closed_round_takes_no_more_edits_or_submissions(world: World, explained):
    report = own_report(world)
    MonitoringRound.objects.filter(pk=report.round_id).update(closed_at=timezone.now())
    report.round.refresh_from_db()
    with pytest.raises(WorkflowError, match="本轮监控已结束"):
        reports.update_report(report, world.users["filler"], {"goal_progress": "x"})
    with pytest.raises(WorkflowError, match="本轮监控已结束"):
        reports.submit(report, world.users["filler"])


# The department's summary.


def summary_of(report: MonitoringReport) -> DepartmentMonitoring:
    return DepartmentMonitoring.objects.get(round=report.round, document=report.project.document_id)


def test_the_department_summary_rolls_up_its_reports(world: World, explained):
    report = own_report(world)
    reports.submit(report, world.users["filler"])
    summary = summary_of(report)
    keeper = world.users["department_reviewer"]
    with pytest.raises(PermissionDenied):
        reports.update_summary(summary, world.users["filler"], {"summary": "x"})
    with pytest.raises(WorkflowError, match="总体情况：请填写"):
        reports.submit_summary(summary, keeper)
    reports.update_summary(summary, keeper, {"summary": "总体按计划推进", "problems": "个别滞后"})
    submitted = reports.submit_summary(summary, keeper)
    assert submitted.status == Status.FINANCE_REVIEW
    data = DepartmentMonitoring.objects.get(pk=summary.pk).data
    assert data["reports"] == 5
    assert data["by_status"] == [
        {"status": "draft", "label": "草稿", "count": 4},
        {"status": "submitted", "label": "已提交", "count": 1},
    ]
    assert data["submitted"] == 1
    # 5 budgets (60000 + 1030000 + 300000 + 220000 + 500000), 200000 paid on one
    assert (data["budget"], data["spent"], data["rate"]) == ("2110000.00", "200000.00", "9.48")
    assert (data["yellow"], data["red"]) == (0, 4)  # nothing paid on the other four by 6月底
    assert sorted(w["code"] for w in data["warned"]) == sorted(
        p.code for p in world.projects if p.code != OWN
    )
    assert data["text"]["summary"] == "总体按计划推进"
    with pytest.raises(WorkflowError, match="退回须填写退回意见"):
        reports.send_back_summary(summary, world.users["finance_reviewer"], "")
    with pytest.raises(PermissionDenied, match="只有财政审核人"):
        reports.approve_summary(summary, keeper)
    back = reports.send_back_summary(summary, world.users["finance_reviewer"], "请说明红色预警")
    assert back.status == Status.RETURNED
    reports.submit_summary(summary, keeper)
    approved = reports.approve_summary(summary, world.users["finance_reviewer"], "同意")
    assert approved.status == Status.APPROVED


def test_the_summary_reviewer_does_not_approve_their_own(world: World):
    report = own_report(world)
    summary = summary_of(report)
    both = person("both", world.commerce, Membership.Role.DEPARTMENT_REVIEWER)
    Membership.objects.create(
        user=both, organisation=world.finance, role=Membership.Role.FINANCE_REVIEWER
    )
    reports.update_summary(summary, both, {"summary": "总体情况"})
    reports.submit_summary(summary, both)
    with pytest.raises(OwnSubmissionError, match="报送人不能审核自己报送的部门监控汇总"):
        reports.approve_summary(summary, both)


# 待办.


def test_todo_and_due_reports(world: World, explained):
    report = own_report(world, due=timezone.localdate() - timedelta(days=1))
    filler, reviewer = world.users["filler"], world.users["unit_reviewer"]
    waiting = MonitoringReport.objects.filter(reports.todo(filler))
    assert {r.project.unit for r in waiting} == {world.investment_unit}
    assert not MonitoringReport.objects.filter(reports.todo(reviewer)).exists()
    due = list(reports.due_reports(reviewer))
    assert {r.project.code for r in due} == {
        p.code for p in world.projects if p.unit == world.investment_unit
    }
    assert all(reports.is_overdue(r) for r in due)
    reports.submit(report, filler)
    assert list(MonitoringReport.objects.filter(reports.todo(reviewer))) == [report]
    assert report not in reports.due_reports(filler)  # submitted: no longer due
    MonitoringRound.objects.filter(pk=report.round_id).update(closed_at=timezone.now())
    assert not reports.due_reports(filler).exists()
    summary = summary_of(report)
    assert (
        DepartmentMonitoring.objects.filter(
            reports.summary_todo(world.users["department_reviewer"])
        ).count()
        == 0
    )  # closed: nothing to write any more
    assert summary.status == Status.DRAFT


def test_a_round_not_due_soon_is_waiting_but_not_due(world: World):
    own_report(world, due=timezone.localdate() + timedelta(days=30))
    assert MonitoringReport.objects.filter(reports.todo(world.users["filler"])).exists()
    assert not reports.due_reports(world.users["filler"]).exists()


# Pages.


def test_the_report_page_shows_what_the_filler_works_with(world: World, explained):
    report = own_report(world, paid="75000.00", due=timezone.localdate() - timedelta(days=1))
    client = client_for(world, "filler")
    page = client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "人事代理专项补助经费绩效运行监控表（1-6月）" in page
    assert "322003 秦皇岛市山海关区投资促进中心" in page
    assert "2024-06-30" in page
    assert "已逾期" in page
    assert "300,000.00" in page
    assert "75,000.00" in page
    assert "25.00%" in page
    assert "支出进度为红色预警，必填" in page
    assert f'href="/monitoring/projects/{report.project_id}/payments/"' in page
    assert f'href="/monitoring/reports/{report.pk}/progress/"' in page
    assert "提交审核" in page
    assert "审核通过" not in page
    saved = client.post(
        f"/monitoring/reports/{report.pk}/edit/",
        {"expected_executed": "abc", "goal_progress": "进展顺利"},
    )
    text = saved.content.decode()
    assert saved.status_code == 200
    assert "全年预计执行数：“abc”不是金额" in text
    assert "进展顺利" in text  # what was typed is kept
    client.post(
        f"/monitoring/reports/{report.pk}/edit/",
        {"expected_executed": "280000", "cause_kind": "其他", "cause": "延后", "remedy": "加快"},
    )
    client.post(f"/monitoring/reports/{report.pk}/submit/")
    reviewer = client_for(world, "unit_reviewer")
    review = reviewer.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "审核通过" in review
    assert "退回意见（必填）" in review
    assert "提交审核" not in review
    assert "280,000" in review
    assert "延后" in review
    reviewer.post(f"/monitoring/reports/{report.pk}/return/", {"comment": "请补充佐证"})
    back = client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "本监控表已被退回" in back
    assert "请补充佐证" in back
    assert "生成监控表" in back
    assert "填写监控表" in back
    assert "退回" in back
    readonly = client_for(world, "readonly").get(f"/monitoring/reports/{report.pk}/").content
    assert "当前状态下您没有可执行的操作" in readonly.decode()


def test_a_page_action_refused_by_the_state_says_why(world: World, explained):
    report = own_report(world)
    client = client_for(world, "unit_reviewer")
    answer = client.post(f"/monitoring/reports/{report.pk}/approve/", {"comment": ""}, follow=True)
    assert "当前状态为“草稿”，不能执行此操作" in answer.content.decode()


def test_the_report_page_stays_bounded(world: World, explained):
    report = own_report(world, paid=None)
    for n in range(30):
        pay(world, "100.00", date(2024, 1, 1) + timedelta(days=n))
    client = client_for(world, "filler")
    for n in range(5):
        client.post(f"/monitoring/reports/{report.pk}/edit/", {"goal_progress": f"第{n}次"})
    client.get(f"/monitoring/reports/{report.pk}/")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/monitoring/reports/{report.pk}/")
    assert len(queries) <= 9


def test_the_summary_page(world: World, explained):
    report = own_report(world)
    summary = summary_of(report)
    keeper = client_for(world, "department_reviewer")
    page = keeper.get(f"/monitoring/summaries/{summary.pk}/").content.decode()
    assert "秦皇岛市山海关区商务局绩效运行监控汇总（1-6月）" in page
    assert "5 张" in page
    assert "红色预警" in page
    assert "报送财政审核" in page
    keeper.post(f"/monitoring/summaries/{summary.pk}/edit/", {"summary": "总体平稳"})
    keeper.post(f"/monitoring/summaries/{summary.pk}/submit/")
    bureau = client_for(world, "finance_reviewer").get(f"/monitoring/summaries/{summary.pk}/")
    text = bureau.content.decode()
    assert "（报送时）" in text
    assert "总体平稳" in text
    assert "审核通过" in text
    assert (
        client_for(world, "filler").get(f"/monitoring/summaries/{summary.pk}/").status_code == 404
    )
    with CaptureQueriesContext(connection) as queries:
        keeper.get(f"/monitoring/summaries/{summary.pk}/")
    assert len(queries) <= 9


@pytest.mark.parametrize("extra", [0, 70])
def test_todo_shows_a_page_of_monitoring_reports_in_bounded_queries(
    world: World, explained, extra: int
):
    template = world.project(OWN)
    Project.objects.bulk_create(
        Project(document=template.document, unit=template.unit, position=100 + n, year=template.year, code=f"X{n}",
                name=f"复制{n}", money_unit="元", data=template.data, status=Status.APPROVED)
        for n in range(extra)
    )  # fmt: skip
    report = own_report(world, due=timezone.localdate() - timedelta(days=2))
    reports.submit(report, world.users["filler"])
    reports.send_back(report, world.users["unit_reviewer"], "请补充说明")
    client = client_for(world, "filler")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    monitoring = page[page.index("<h2>运行监控</h2>") : page.index("<h2>我可查看的项目</h2>")]
    assert monitoring.count('href="/monitoring/reports/') == min(3 + extra, 50)
    assert "已退回：请补充说明" in monitoring
    assert "已逾期" in monitoring
    if extra:
        assert "待办监控表共 73 张，第 1/2 页" in monitoring
    baseline = len(queries)
    assert baseline <= 16
    reviewer = client_for(world, "unit_reviewer")
    text = reviewer.get("/").content.decode()
    assert "即将到期或逾期未报送的监控表" in text  # the unit's drafts, past due
    keeper = client_for(world, "department_reviewer").get("/").content.decode()
    assert "待处理的部门监控汇总" in keeper


def test_todo_counts_the_same_queries_whatever_the_number_of_reports(world: World, explained):
    def measured() -> int:
        client = client_for(world, "department_reviewer")
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    approve_all(world)
    issue(world, title="一", due=timezone.localdate())
    few = measured()
    template = world.project(OWN)
    Project.objects.bulk_create(
        Project(document=template.document, unit=template.unit, position=100 + n, year=template.year, code=f"Y{n}",
                name=f"另{n}", money_unit="元", data=template.data, status=Status.APPROVED)
        for n in range(40)
    )  # fmt: skip
    issue(world, title="二", due=timezone.localdate())
    assert measured() == few


# The API.


def test_the_api_report_detail_and_actions(world: World, explained):
    report = own_report(world, paid="75000.00")
    client = client_for(world, "filler")
    detail = client.get(f"/api/monitoring/reports/{report.pk}").json()
    assert (detail["project_code"], detail["status"], detail["period"]) == (OWN, "draft", "1-6月")
    assert detail["spending"]["status"] == "红"
    assert detail["spending"]["spent"] == "75000.00"
    assert detail["submitted"] is None
    refused = client.post(
        f"/api/monitoring/reports/{report.pk}/submit", {}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert "请填写纠偏措施" in refused.json()["detail"]
    reports.update_report(report, world.users["filler"],
                          {"cause_kind": "其他", "cause": "延后", "remedy": "加快"})  # fmt: skip
    done = client.post(
        f"/api/monitoring/reports/{report.pk}/submit", {}, content_type="application/json"
    )
    assert (done.status_code, done.json()["status"]) == (200, "submitted")
    reviewer = client_for(world, "unit_reviewer")
    back = reviewer.post(f"/api/monitoring/reports/{report.pk}/return", {"comment": "请补充"},
                         content_type="application/json")  # fmt: skip
    assert back.json()["status_label"] == "已退回"
    detail = client.get(f"/api/monitoring/reports/{report.pk}").json()
    assert [r["reason"] for r in detail["returns"]] == ["请补充"]
    assert detail["submitted"]["spending"]["status"] == "红"
    summary = summary_of(report)
    keeper = client_for(world, "department_reviewer")
    answer = keeper.post(
        f"/api/monitoring/summaries/{summary.pk}/submit", {}, content_type="application/json"
    )
    assert answer.status_code == 409
    assert "总体情况" in answer.json()["detail"]
    assert keeper.get(f"/api/monitoring/summaries/{summary.pk}").json()["rollup"]["reports"] == 5


# In a browser: what the bureau and the unit see (screenshots in artifacts/screenshots/).


@pytest.mark.django_db(transaction=True)
def test_the_pages_in_a_browser(world: World, explained, live_server, monkeypatch) -> None:
    from tests.web.test_browser import CHROMIUM, shot, signed_in

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    report = own_report(world, paid="75000.00", due=timezone.localdate() - timedelta(days=1))
    pay(world, "12345.60", date(2024, 5, 20))
    server = str(live_server)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )  # fmt: skip
        bureau = signed_in(browser, server, "finance_reviewer")
        bureau.goto(f"{server}/monitoring/")
        bureau.click("text=发起监控")
        assert bureau.locator("input[name=period]").is_visible()
        assert "草稿 5" in bureau.content()
        shot(bureau, "monitoring-rounds")
        filler = signed_in(browser, server, "filler")
        filler.goto(f"{server}/monitoring/reports/{report.pk}/")
        filler.fill("input[name=expected_executed]", "280,000.00")
        filler.fill("textarea[name=goal_progress]", "项目按计划推进，已完成上半年招商推介活动。")
        filler.select_option("select[name=cause_kind]", "制度保障")
        filler.fill("textarea[name=cause]", "招标程序延后，合同款尚未支付。")
        filler.fill("textarea[name=remedy]", "7月完成招标，8月底前支付合同款。")
        filler.click("text=保存")
        assert "监控表已保存" in filler.content()
        filler.click("text=提交审核")
        assert "已提交" in filler.content()
        reviewer = signed_in(browser, server, "unit_reviewer")
        reviewer.goto(f"{server}/monitoring/reports/{report.pk}/")
        reviewer.fill("textarea[placeholder='退回意见（必填）']", "请补充招标进度的佐证材料。")
        reviewer.click("button:has-text('退回')")
        filler.goto(f"{server}/monitoring/reports/{report.pk}/")
        text = filler.content()
        assert "本监控表已被退回" in text
        assert "请补充招标进度的佐证材料" in text
        assert "87,345.60" in text  # 75000 + 12345.60 paid by 6月底
        shot(filler, "monitoring-report")
        keeper = signed_in(browser, server, "department_reviewer")
        keeper.goto(f"{server}/monitoring/summaries/{summary_of(report).pk}/")
        assert "红色预警" in keeper.content()
        shot(keeper, "monitoring-summary")
        browser.close()
