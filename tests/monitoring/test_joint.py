"""The joint view (双监控): the spending curve against the plan and 序时进度, drawn on the server,
and each indicator's latest progress against its target, money ahead of results in words."""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.evaluate.spending import spending_status
from jixiao.monitoring.payments import monitoring_rules, payment_lines
from jixiao.monitoring.progress import save_progress
from jixiao.monitoring.views.progress import chart
from jixiao.targets.models import Project
from tests.monitoring.test_evidence import PDF
from tests.monitoring.test_progress import OWN, make_report, media, pay, set_targets  # noqa: F401
from tests.web.conftest import Role, World, client_for, person

D = Decimal


def joint(world: World, name: str = "readonly", project: Project | None = None) -> str:
    project = project or world.project(OWN)
    answer = client_for(world, name).get(f"/monitoring/projects/{project.pk}/joint/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_chart_draws_spending_plan_and_elapsed_time(world: World) -> None:
    project = world.project(OWN)
    pay(world, project, date(2024, 3, 20), "90000.00")
    pay(world, project, date(2024, 6, 10), "60000.00")
    text = joint(world)
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert '<title id="chart-title">累计支出进度与资金支出计划、序时进度对照</title>' in svg
    for label in (
        "3月底 30%",
        "6月底 65%",
        "10月底 90%",
        "12月底 100%",
        "1月",
        "12月",
        "累计支出",
        "资金支出计划",
        "序时进度",
    ):
        assert label in svg, label
    spent = re.search(r'class="spent" points="([^"]+)"', svg)
    assert spent is not None
    points = [tuple(map(D, p.split(","))) for p in spent[1].split()]
    # a step up on each payment day (30% then 50%), held to the year's end (the year is over)
    assert [p[1] for p in points] == [
        D("276.0"),
        D("276.0"),
        D("199.2"),
        D("199.2"),
        D("148.0"),
        D("148.0"),
    ]
    assert points[0][0] == D("52.0")
    assert points[-1][0] == D("736.0")
    assert "截至12月31日：累计支出 150,000.00 元，执行率 50.00%" in text
    # each checkpoint in words below the chart
    assert "截至6月30日支出 150000.00 元 ÷ 预算 300000.00 元 = 50.00%，计划 65.00%，红" in text


def test_the_chart_geometry_scales_past_a_hundred_percent(world: World) -> None:
    project = world.project(OWN)
    pay(world, project, date(2024, 2, 1), "330000.00")  # 110% of the budget
    spending = spending_status(
        project.to_core(), payment_lines(project), year=2024, as_of=date(2024, 4, 30),
        bands=monitoring_rules().spending,
    )  # fmt: skip
    drawn = chart(spending, 2024, date(2024, 4, 30), date(2024, 3, 31))
    assert drawn is not None
    assert [level.label for level in drawn.levels] == [
        "0%",
        "20%",
        "40%",
        "60%",
        "80%",
        "100%",
        "120%",
    ]
    assert drawn.today.label == "110.00%"
    assert drawn.as_of is not None
    assert drawn.as_of.label == "监控截至3月31日"


def test_no_budget_draws_no_chart(world: World) -> None:
    project = world.project(OWN)
    data = project.data
    data["budget"]["total"] = None
    Project.objects.filter(pk=project.pk).update(data=data)
    text = joint(world)
    assert "<svg" not in text
    assert "项目未填预算数，无法计算支出进度。" in text


def test_the_table_sets_the_latest_progress_against_the_money(world: World) -> None:
    project = world.project(OWN)
    set_targets(project, ["≥100人", "≥10次"])
    pay(world, project, date(2024, 3, 20), "240000.00")  # 80.00%
    older = make_report(world, as_of=date(2024, 3, 31))
    save_progress(older, world.users["filler"], {0: {"reached": "7人"}})
    latest = make_report(world, as_of=date(2024, 6, 30))
    save_progress(
        latest,
        world.users["filler"],
        {0: {"reached": "45人", "likelihood": "有可能"}, 1: {"reached": "6次"}},
    )
    text = joint(world)
    assert f'href="/monitoring/reports/{latest.pk}/progress/"' in text
    assert "截至6月30日资金已支出 80.00%" in text
    assert "资金已支出 80.00%，指标「工作主动性比率」完成 45.00%，相差 35.00 个百分点" in text
    assert "45人 ÷ 100人 = 45.00%" in text
    assert "有可能" in text
    assert "资金执行率高出完成比例 20.00 个百分点" in text  # 60% done: not flagged
    assert "为反向指标（越小越好），不计算完成比例" in text
    assert "7人" not in text  # the older round is not the latest


def test_a_project_without_a_report_lists_its_targets(world: World) -> None:
    text = joint(world)
    assert "本项目尚无绩效运行监控表，下表只列出年度指标值。" in text
    assert "群众满意度" in text
    assert "≤85%" in text
    assert "尚未填报" in text


def test_outside_reach_the_joint_view_is_not_found(world: World) -> None:
    project = world.project(OWN)
    assert (
        client_for(world, "other_filler")
        .get(f"/monitoring/projects/{project.pk}/joint/")
        .status_code
        == 404
    )
    assert "教育局项目" in joint(world, "other_filler", world.other_project)


def test_the_joint_view_reads_a_fixed_number_of_queries(world: World) -> None:
    project = world.project(OWN)
    client = client_for(world, "readonly")
    url = f"/monitoring/projects/{project.pk}/joint/"
    report = make_report(world)
    save_progress(report, world.users["filler"], {0: {"reached": "1%"}})
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        pay(world, project, date(2024, 1 + n % 12, 1 + n), "100.00")
    save_progress(report, world.users["filler"], {n: {"reached": f"{n}%"} for n in range(6)})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 10, [q["sql"] for q in many.captured_queries]


CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(
    os.environ.get("JIXIAO_SCREENSHOTS") or Path(__file__).parents[2] / "artifacts" / "screenshots"
)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True)
def test_the_pages_in_a_browser(
    world: World, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit fills in its progress and uploads evidence; a reviewer reads the joint view."""
    playwright = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    project = world.project("322-0503-JBN-G5SQ")  # 商务执法大队工作经费, 60000.00 元, unit 322002
    person("zhifa", world.commerce_unit, Role.UNIT_FILLER)
    for day, amount in (
        ((2, 15), "9000.00"),
        ((3, 25), "6000.00"),
        ((5, 20), "24000.00"),
        ((8, 10), "9000.00"),
    ):
        pay(world, project, date(2024, *day), amount)
    report = make_report(world, project)
    SHOTS.mkdir(parents=True, exist_ok=True)
    server = str(live_server)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"],
            env={**os.environ, "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"},  # the browser's own labels
        )  # fmt: skip
        for name in ("zhifa", "department_reviewer"):
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            page = context.new_page()
            page.goto(f"{server}/login/")
            page.fill("input[name=username]", name)
            page.fill("input[name=password]", f"pw-{name}")
            page.click("text=登录 >> nth=-1")
            if name == "zhifa":
                page.goto(f"{server}/monitoring/reports/{report.pk}/progress/")
                page.fill("input[name=reached_0]", "3次")
                page.fill("input[name=expected_0]", "10次")
                page.select_option("select[name=likelihood_0]", "有可能")
                page.select_option("select[name=cause_kind_0]", "人员保障")
                page.fill("textarea[name=cause_0]", "上半年执法人员参加集中培训，专项行动推迟")
                page.fill("textarea[name=remedy_0]", "三季度集中开展专项执法行动")
                page.fill("input[name=reached_1]", "2起")
                page.select_option("select[name=likelihood_1]", "确定能")
                page.click("text=保存指标完成情况")
                assert "已保存 2 行指标完成情况。" in page.content()
                page.set_input_files("#row-0 input[type=file]", files=[
                    {"name": "专项执法行动记录（1-6月）.pdf", "mimeType": "application/pdf", "buffer": PDF},
                ])  # fmt: skip
                page.click("#row-0 >> text=上传")
                assert "已上传佐证材料「专项执法行动记录（1-6月）.pdf」。" in page.content()
                assert (
                    "资金已支出 65.00%，指标「商务执法行动次数（次）」完成 30.00%，相差 35.00 个百分点"
                    in page.content()
                )
                page.screenshot(path=str(SHOTS / "monitoring-progress.png"), full_page=True)
            else:
                page.goto(f"{server}/monitoring/projects/{project.pk}/joint/")
                assert "截至12月31日：累计支出 48,000.00 元，执行率 80.00%" in page.content()
                page.screenshot(path=str(SHOTS / "monitoring-joint.png"), full_page=True)
        browser.close()
