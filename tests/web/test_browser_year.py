"""The rest of the year in a real browser (Debian's Chromium, headless), after the targets are
approved: the fiscal bureau issues a monitoring round; the unit's filler records payments, the
indicators' progress with an evidence file, and submits the 绩效运行监控表; a reviewer returns
it, the filler submits it again, and each step approves it. At year end the filler scores the
self-evaluation (the page asks for the deviation analysis where a target was missed), submits it,
a reviewer returns it and every step approves it. A screenshot of each page goes to
artifacts/screenshots/ (or $JIXIAO_SCREENSHOTS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.evaluation.models import SelfEvaluation
from jixiao.monitoring.models import Evidence, MonitoringReport, Payment
from jixiao.targets.models import Project
from tests.web.conftest import CHROMIUM, World
from tests.web.test_browser import shot, signed_in

CODE = "322-0601-YBN-5D8Z"  # 人事代理专项补助经费, 300,000 元, unit 322003
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def test_monitoring_and_self_evaluation_in_a_browser(
    browser: object, live_server: object, world: World, tmp_path: Path, settings: object
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    server = str(live_server)
    project = world.project(CODE)
    Project.objects.filter(pk=project.pk).update(status="approved")  # the targets' cycle is done

    # the fiscal bureau issues the 1-6月 round for the department and everything below it
    finance = signed_in(browser, server, "finance_reviewer")
    finance.goto(f"{server}/monitoring/")
    finance.click("summary:has-text('发起监控')")
    finance.fill("input[name=title]", "2024年1-6月绩效运行监控")
    finance.fill("input[name=period]", "1-6月")
    finance.fill("input[name=as_of]", "2024-06-30")
    finance.fill("input[name=due]", "2024-07-15")
    finance.check(f"input[name=organisations][value='{world.commerce.pk}']")
    shot(finance, "20-round-form")
    finance.click("button:text('发起监控')")
    assert "人事代理专项补助经费" in finance.content()
    shot(finance, "21-round")
    report = MonitoringReport.objects.get(project=project)

    # the filler: two payments, on plan at both checkpoints
    filler = signed_in(browser, server, "filler")
    filler.goto(f"{server}/projects/{project.pk}/")
    filler.click("text=支付记录与支出进度")
    for paid_on, amount, voucher in (
        ("2024-03-20", "90000", "记-031"),
        ("2024-05-30", "110000", "记-058"),
    ):
        filler.fill("input[name=paid_on]", paid_on)
        filler.fill("input[name=amount]", amount)
        filler.fill("input[name=voucher]", voucher)
        filler.fill("input[name=payee]", "秦皇岛市人力资源服务有限公司")
        filler.click("button:text('录入')")
    assert Payment.objects.filter(project=project).count() == 2
    filler.goto(f"{server}/monitoring/projects/{project.pk}/payments/?as_of=2024-06-30")
    assert "200,000.00" in filler.content()
    shot(filler, "22-payments")

    # 待办 names the report; its progress page takes each indicator and an evidence file
    filler.goto(f"{server}/")
    waiting = filler.locator(f"a[href='/monitoring/reports/{report.pk}/']").first
    assert waiting.inner_text() == "人事代理专项补助经费"
    assert "已逾期" in waiting.evaluate("a => a.closest('tr').innerText")  # due 2024-07-15
    shot(filler, "22b-todo-monitoring")
    waiting.click()
    filler.click("text=填写指标完成进度")
    filler.wait_for_url(f"**/monitoring/reports/{report.pk}/progress/")
    rows = len(project.to_core().indicators)
    for n in range(rows):
        filler.fill(f"input[name=reached_{n}]", ["70%", "75%", "72%", "6次", "85%", "80%"][n])
        filler.select_option(f"select[name=likelihood_{n}]", "确定能")
    filler.click("button:text('保存指标完成情况')")
    evidence = tmp_path / "人事代理服务记录（1-6月）.pdf"
    evidence.write_bytes(PDF)
    first = filler.locator("form:has(input[name=file])").first
    first.locator("input[name=file]").set_input_files(str(evidence))
    first.locator("button:text('上传')").click()
    assert "已上传佐证材料「人事代理服务记录（1-6月）.pdf」" in filler.content()
    assert Evidence.objects.filter(progress__report=report).count() == 1
    shot(filler, "23-progress")
    filler.goto(f"{server}/monitoring/reports/{report.pk}/")
    filler.fill("textarea[name=goal_progress]", "上半年人事代理服务按计划推进，各项指标进度正常。")
    filler.click("form.report-form button:text('保存')")
    filler.click("button:text('提交审核')")
    assert MonitoringReport.objects.get(pk=report.pk).status == "submitted"
    shot(filler, "24-report-submitted")

    def act(name: str, button: str, path: str, comment: str = "同意") -> object:
        page = signed_in(browser, server, name)
        page.goto(server + path)
        page.fill(f"form:has(button:text('{button}')) textarea[name=comment]", comment)
        page.click(f"button:text('{button}')")
        return page

    report_page = f"/monitoring/reports/{report.pk}/"
    returned = act("unit_reviewer", "退回", report_page, "请补充招商宣传的佐证材料")
    assert MonitoringReport.objects.get(pk=report.pk).status == "returned"
    shot(returned, "25-report-returned")
    filler.goto(server + report_page)
    assert "请补充招商宣传的佐证材料" in filler.content()
    filler.click("button:text('提交审核')")
    for name in ("unit_reviewer", "department_reviewer", "finance_reviewer"):
        page = act(name, "审核通过", report_page)
    assert MonitoringReport.objects.get(pk=report.pk).status == "approved"
    shot(page, "26-report-approved")
    filler.goto(f"{server}/monitoring/projects/{project.pk}/joint/")
    assert "<svg" in filler.content()
    shot(filler, "27-joint")

    # year end: the self-evaluation, scored as it is filled
    filler.goto(f"{server}/evaluation/projects/{project.pk}/")
    filler.click("button:text('开始绩效自评')")
    filler.fill("input[name=full_year_budget]", "300000")
    filler.fill("input[name=executed]", "285000")
    for n, actual in enumerate(["78%", "80%", "75%", "9次", "88%", "90%"]):
        filler.fill(f"input[name=actual_{n}]", actual)
    filler.fill("textarea[name=conclusion]", "全年人事代理工作按计划完成。")
    filler.click("button:text('保存并重新计分')")
    content = filler.content()
    rate = filler.locator("p.arith").first.inner_text()
    assert "285000" in rate, rate
    assert "= 95.00%" in rate, rate
    assert "未完全达成，须填写" in content  # 群众满意度 ≤85%, 90% reached: missed
    filler.fill(
        f"textarea[name=deviation_{rows - 1}]", "部分群众对办理时限不满意；已压缩办理时限。"
    )
    filler.click("button:text('保存并重新计分')")
    shot(filler, "28-selfeval")
    filler.click("form:has(button:text('提交审核')) button")
    assert SelfEvaluation.objects.get(project=project).status == "submitted"

    selfeval_page = f"/evaluation/projects/{project.pk}/"
    returned = act("unit_reviewer", "退回", selfeval_page, "满意度偏差原因请写明调查数据")
    assert SelfEvaluation.objects.get(project=project).status == "returned"
    filler.goto(server + selfeval_page)
    assert "满意度偏差原因请写明调查数据" in filler.content()
    filler.fill(
        f"textarea[name=deviation_{rows - 1}]",
        "满意度调查 200 份，90% 满意（目标不高于 85% 的写法有误，下年改正）；已压缩办理时限。",
    )
    filler.click("button:text('保存并重新计分')")
    filler.click("form:has(button:text('提交审核')) button")
    for name in ("unit_reviewer", "department_reviewer", "finance_reviewer"):
        page = act(name, "审核通过", selfeval_page)
    evaluation = SelfEvaluation.objects.get(project=project)
    assert evaluation.status == "approved"
    assert evaluation.total_score is not None
    assert evaluation.grade in ("优", "良", "中", "差")
    shot(page, "29-selfeval-approved")
