"""Monitoring rounds: issued by the fiscal bureau over departments and units (a report for each
approved project reached, in bulk), seen by those taking part, closed by the bureau."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.monitoring import rounds
from jixiao.monitoring.models import DepartmentMonitoring, MonitoringReport, MonitoringRound
from jixiao.org.models import Organisation
from jixiao.targets.models import Project, Status
from jixiao.targets.workflow import WorkflowError
from tests.web.conftest import World, client_for

OWN = "322-0601-YBN-5D8Z"  # a 322003 table (the filler's unit)
AS_OF = date(2024, 6, 30)
DUE = date(2024, 7, 15)


def approve(*projects: Project) -> None:
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=Status.APPROVED)


def approve_all(world: World) -> None:
    approve(*world.projects, world.other_project)


def issue(world: World, *organisations: Organisation, by: str = "finance_reviewer", **fields):
    """A round issued by the world's fiscal bureau (over the 商务局 unless told)."""
    values = {
        "title": "2024年1-6月绩效运行监控", "period": "1-6月", "as_of": AS_OF, "due": DUE,
        **fields,
    }  # fmt: skip
    return rounds.issue_round(
        world.users[by], world.finance, organisations=list(organisations) or [world.commerce],
        **values,
    )  # fmt: skip


def test_the_bureau_issues_a_round_with_one_report_per_approved_project(world: World):
    approve(*world.projects[:4])  # the fifth stays a draft: it is not monitored
    issued = issue(world)
    reports = MonitoringReport.objects.filter(round=issued)
    assert sorted(r.project.code for r in reports) == sorted(p.code for p in world.projects[:4])
    assert {r.status for r in reports} == {Status.DRAFT}
    assert issued.fiscal_year.year == 2024
    assert list(issued.organisations.all()) == [world.commerce]
    summaries = DepartmentMonitoring.objects.filter(round=issued)
    assert [s.document_id for s in summaries] == [world.projects[0].document_id]
    entry = AuditEntry.objects.get(action="monitoring_round.issue")
    assert entry.after["reports"] == 4
    assert entry.after["organisations"] == ["秦皇岛市山海关区商务局"]
    created = AuditEntry.objects.filter(action="monitoring_report.create")
    assert created.count() == 4
    assert {e.document_id for e in created} == {world.projects[0].document_id}


def test_a_unit_chosen_reaches_only_its_own_projects(world: World):
    approve_all(world)
    issued = issue(world, world.investment_unit)
    codes = set(
        MonitoringReport.objects.filter(round=issued).values_list("project__code", flat=True)
    )
    assert codes == {p.code for p in world.projects if p.unit == world.investment_unit}


def test_named_projects_only_and_unknown_codes_are_named_by_row(world: World):
    approve_all(world)
    issued = issue(world, project_codes=[OWN])
    assert [r.project.code for r in issued.reports.all()] == [OWN]
    assert list(issued.projects.all()) == [world.project(OWN)]
    with pytest.raises(ValidationError) as refused:
        issue(world, project_codes=[OWN, "401-0001-XXX-0001", "不存在"])
    assert refused.value.messages == [
        "指定项目第 2 行：项目编码 401-0001-XXX-0001 不是所选单位 2024 年度已批复的项目",
        "指定项目第 3 行：项目编码 不存在 不是所选单位 2024 年度已批复的项目",
    ]
    assert MonitoringRound.objects.count() == 1  # nothing written by the refused one


def test_only_the_bureaus_reviewer_or_administrator_issues(world: World):
    approve_all(world)
    for name in ("filler", "unit_reviewer", "department_reviewer", "readonly", "other_filler"):
        with pytest.raises(PermissionDenied):
            issue(world, by=name)
    assert issue(world, by="admin").created_by == world.users["admin"]
    assert rounds.may_issue(world.users["admin"])
    assert not rounds.may_issue(world.users["department_reviewer"])


def test_every_problem_of_the_form_is_listed_with_its_field(world: World):
    approve_all(world)
    reviewer = world.users["finance_reviewer"]
    with pytest.raises(ValidationError) as refused:
        rounds.issue_from_form(reviewer, world.finance, {"as_of": "6月30日"}, [])
    assert refused.value.messages == [
        "名称：请填写监控轮次的名称，如“2024年1-6月绩效运行监控”",
        "监控期间：请填写，如“1-6月”或“1-8月”",
        "截至日期：请按“2024-06-30”的格式填写日期",
        "报送截止日期：请按“2024-06-30”的格式填写日期",
        "参加单位：请至少选择一个主管部门或预算单位",
    ]
    elsewhere = Organisation.objects.create(kind="finance", code="130302", name="海港区财政局")
    stranger = Organisation.objects.create(
        kind="department", code="9", name="海港区商务局", parent=elsewhere
    )
    fields = {"title": "监控", "period": "1-8月", "as_of": "2024-08-31", "due": "2024-08-01"}
    with pytest.raises(ValidationError) as refused:
        rounds.issue_from_form(reviewer, world.finance, fields, [str(stranger.pk)])
    assert refused.value.messages == [
        "报送截止日期：不能早于截至日期",
        "参加单位：海港区商务局 不在秦皇岛市山海关区财政局之下，不能参加本轮监控",
    ]
    fields |= {"as_of": "2031-06-30", "due": "2031-07-15"}
    with pytest.raises(ValidationError, match="没有 2031 年度"):
        rounds.issue_from_form(reviewer, world.finance, fields, [str(world.commerce.pk)])


def test_a_scope_without_approved_projects_is_refused_in_words(world: World):
    with pytest.raises(ValidationError) as refused:
        issue(world)
    assert refused.value.messages == [
        "所选单位没有 2024 年度已批复的项目绩效目标表，无法发起监控：请确认参加单位，或待项目批复后再发起"
    ]


def test_closing_a_round_once_by_the_bureau(world: World):
    approve_all(world)
    issued = issue(world)
    with pytest.raises(PermissionDenied):
        rounds.close_round(issued, world.users["department_reviewer"])
    closed = rounds.close_round(issued, world.users["admin"], "按期结束")
    assert closed.closed_at is not None
    with pytest.raises(WorkflowError, match="本轮监控已结束"):
        rounds.close_round(issued, world.users["finance_reviewer"])
    entry = AuditEntry.objects.get(action="monitoring_round.close")
    assert entry.reason == "按期结束"


def test_a_round_is_seen_by_the_organisations_taking_part(world: World):
    approve_all(world)
    commerce = issue(world, title="商务局监控")
    education = issue(world, world.other_unit, title="教育局监控")
    seen = {
        name: set(rounds.visible_rounds(world.users[name]).values_list("title", flat=True))
        for name in world.users
    }
    both = {"商务局监控", "教育局监控"}
    assert seen == {
        "filler": {"商务局监控"},  # its unit is below the department taking part
        "unit_reviewer": {"商务局监控"},
        "department_reviewer": {"商务局监控"},
        "readonly": {"商务局监控"},
        "finance_reviewer": both,
        "admin": both,
        "other_filler": {"教育局监控"},
    }
    # a unit taking part: its department sees the round too (the unit is below it)
    assert commerce.pk != education.pk


def test_counts_by_state_of_the_reports_the_user_reaches(world: World):
    approve_all(world)
    issued = issue(world)
    MonitoringReport.objects.filter(round=issued, project__code=OWN).update(status=Status.SUBMITTED)
    filler = rounds.counts_of(world.users["filler"], [issued])[issued.pk]
    assert (filler.total, filler.by_status) == (3, {"draft": 2, "submitted": 1})
    assert filler.label_counts() == [("draft", "草稿", 2), ("submitted", "已提交", 1)]
    department = rounds.counts_of(world.users["department_reviewer"], [issued])[issued.pk]
    assert department.total == 5


# Pages.


def test_the_rounds_page_lists_rounds_with_counts_and_offers_the_bureau_its_form(world: World):
    approve_all(world)
    issue(world)
    page = client_for(world, "filler").get("/monitoring/").content.decode()
    assert "2024年1-6月绩效运行监控" in page
    assert "草稿 3" in page
    assert "发起监控" not in page
    bureau = client_for(world, "finance_reviewer").get("/monitoring/").content.decode()
    assert "发起监控" in bureau
    assert "草稿 5" in bureau
    assert "秦皇岛市山海关区商务局" in bureau  # a department to choose
    assert "秦皇岛市山海关区教育局本级" in bureau  # and a unit below another


def test_issuing_from_the_page(world: World):
    approve_all(world)
    client = client_for(world, "finance_reviewer")
    answer = client.post(
        "/monitoring/rounds/new/",
        {"title": "1-8月监控", "period": "1-8月", "as_of": "2024年8月31日", "due": "2024/9/10",
         "organisations": [world.commerce.pk, world.other_unit.pk], "projects": ""},
    )  # fmt: skip
    issued = MonitoringRound.objects.get(title="1-8月监控")
    assert answer.status_code == 302
    assert answer["Location"] == f"/monitoring/rounds/{issued.pk}/"
    assert issued.reports.count() == 6
    page = client.get(answer["Location"]).content.decode()
    assert "已发起「1-8月监控」，生成绩效运行监控表 6 张。" in page
    assert "教育局项目" in page
    refused = client.post("/monitoring/rounds/new/", {"title": "", "period": "1-8月"})
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "名称：请填写监控轮次的名称" in text
    assert 'value="1-8月"' in text  # what was typed stays
    assert client_for(world, "filler").post("/monitoring/rounds/new/", {}).status_code == 403


def test_the_round_page_shows_the_reports_reached_and_the_close_button(world: World):
    approve_all(world)
    issued = issue(world, world.commerce, world.other_unit)
    filler = client_for(world, "filler").get(f"/monitoring/rounds/{issued.pk}/").content.decode()
    assert OWN in filler
    assert "教育局项目" not in filler  # another department's table, not reached
    assert "结束本轮监控" not in filler
    assert "部门监控汇总" not in filler  # a unit's user sees no department summary
    bureau = client_for(world, "finance_reviewer")
    page = bureau.get(f"/monitoring/rounds/{issued.pk}/").content.decode()
    assert "教育局项目" in page
    assert "结束本轮监控" in page
    assert "秦皇岛市山海关区教育局" in page  # its summary
    bureau.post(f"/monitoring/rounds/{issued.pk}/close/")
    after = bureau.get(f"/monitoring/rounds/{issued.pk}/").content.decode()
    assert "已结束：各单位不能再提交或修改本轮监控表" in after
    assert "结束本轮监控</button>" not in after
    assert client_for(world, "other_filler").get("/monitoring/rounds/0/").status_code == 404


def test_another_departments_round_is_not_found(world: World):
    approve_all(world)
    education = issue(world, world.other_unit)
    assert client_for(world, "filler").get(f"/monitoring/rounds/{education.pk}/").status_code == 404


@pytest.mark.parametrize("count", [2, 60])
def test_the_rounds_page_stays_bounded(world: World, count: int):
    approve_all(world)
    for n in range(count):
        issue(world, title=f"第{n}轮")
    client = client_for(world, "finance_reviewer")
    client.get("/monitoring/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/monitoring/").content.decode()
    assert page.count('href="/monitoring/rounds/') == min(count, 50)
    assert len(queries) <= 9


@pytest.mark.parametrize("extra", [0, 80])
def test_the_round_page_stays_bounded(world: World, extra: int):
    template = world.project(OWN)
    Project.objects.bulk_create(
        Project(document=template.document, unit=template.unit, position=100 + n, year=template.year, code=f"X{n}",
                name=f"复制{n}", money_unit="元", data=template.data, status=Status.APPROVED)
        for n in range(extra)
    )  # fmt: skip
    approve_all(world)
    issued = issue(world)
    client = client_for(world, "department_reviewer")
    client.get(f"/monitoring/rounds/{issued.pk}/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/monitoring/rounds/{issued.pk}/").content.decode()
    assert page.count('href="/monitoring/reports/') == min(5 + extra, 50)
    assert len(queries) <= 12


def test_the_api_lists_rounds_and_a_rounds_reports(world: World):
    approve_all(world)
    issued = issue(world, world.commerce, world.other_unit)
    client = client_for(world, "filler")
    listed = client.get("/api/monitoring/rounds").json()
    assert listed["count"] == 1
    row = listed["items"][0]
    assert (row["title"], row["period"], row["as_of"], row["reports"]) == (
        "2024年1-6月绩效运行监控", "1-6月", "2024-06-30", 3,
    )  # fmt: skip
    assert row["by_status"] == {"草稿": 3}
    detail = client.get(f"/api/monitoring/rounds/{issued.pk}").json()
    assert sorted(r["project_code"] for r in detail["reports_list"]) == sorted(
        p.code for p in world.projects if p.unit == world.investment_unit
    )
    assert detail["summaries"] == []
    bureau = client_for(world, "finance_reviewer").get(f"/api/monitoring/rounds/{issued.pk}").json()
    assert len(bureau["reports_list"]) == 6
    assert [s["department_name"] for s in bureau["summaries"]] == [
        "秦皇岛市山海关区商务局", "秦皇岛市山海关区教育局",
    ]  # fmt: skip
    other = client_for(world, "other_filler")
    assert other.get(f"/api/monitoring/rounds/{issued.pk}").json()["reports"] == 1
