"""The 绩效自评 page and API as users meet them: what each role sees, the filler's form with the
score's arithmetic, errors shown where they are, the review actions, and the cost in queries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.evaluation import selfeval
from jixiao.evaluation.models import SelfEvaluation
from jixiao.targets.models import Project
from tests.evaluation.test_selfeval import ACTUALS, CODE, EXPLAINED, approved, filled
from tests.web.conftest import World, client_for

FORM = {
    "initial_budget": "300000.00",
    "full_year_budget": "300000.00",
    "executed": "251890.50",
    **{f"actual_{index}": actual for index, actual in ACTUALS.items()},
    **{f"deviation_{index}": "" for index in ACTUALS},
    "conclusion": "全年目标基本完成",
    "problems": "",
    "improvements": "",
}


def url(project: Project, action: str = "") -> str:
    return f"/evaluation/projects/{project.pk}/" + (f"{action}/" if action else "")


def text(response: Any) -> str:
    return response.content.decode()


def test_the_filler_starts_it_once_the_targets_are_approved(world: World) -> None:
    project = world.project(CODE)
    filler = client_for(world, "filler")
    page = text(filler.get(url(project)))
    assert "本项目尚未开始绩效自评" in page
    assert "批复（已批复）后才能开始绩效自评；本表当前为“草稿”" in page
    assert "开始绩效自评</button>" not in page
    approved(project)
    assert "开始绩效自评</button>" in text(filler.get(url(project)))
    assert "由本单位的单位填报人开始" in text(client_for(world, "unit_reviewer").get(url(project)))
    assert client_for(world, "unit_reviewer").post(url(project, "start")).status_code == 403
    response = filler.post(url(project, "start"), follow=True)
    page = text(response)
    assert "「人事代理专项补助经费」的绩效自评已开始" in page
    assert 'name="initial_budget" value="300000.00"' in page
    assert 'name="actual_0" value=""' in page
    assert "第 1 行「工作主动性比率」未计分：未填写实际完成值，不计分" in page  # what is still due
    assert "已开始绩效自评" in text(filler.post(url(project, "start"), follow=True))


def test_the_filler_saves_and_reads_each_score_with_its_arithmetic(world: World) -> None:
    project = approved(world.project(CODE))
    filler = client_for(world, "filler")
    filler.post(url(project, "start"))
    response = filler.post(url(project, "save"), FORM, follow=True)
    page = text(response)
    assert "已保存，并已按评分方案重新计分" in page
    assert "总分 93.87 分（满分 100 分），评价等级：优（90 分（含）以上）" in page
    assert (
        "执行率 = 全年执行数 251890.50 ÷ 全年预算数 300000.00 = 83.96%；"
        "得分 = 分值 10 × 83.96% = 8.40 分"
    ) in page
    assert "注：执行率 83.96% 低于 90%，须说明原因" in page
    assert "反向：目标 80% ÷ 实际 85% × 分值 16.67 = 15.69 分" in page
    assert "按评分方案分配（产出指标共 50 分）" in page
    assert page.count("未完全达成，须填写") == 3
    assert 'name="executed" value="251890.50"' in page  # as written
    assert "评分方案：中央部门项目支出绩效自评默认方案（central 第 2026.1 版）" in page
    assert "各项分值和计分规则是该评分方案的可配置设置" in page
    assert "评价等级（政策规定）：财政部预算司统一的等级划分标准" in page
    assert "反向指标（通行做法）" in page
    # the log says what changed, in the form's words
    assert "全年执行数：（空） → 251890.50" in page
    assert "第1行 实际完成值：（空） → 85%" in page


def test_bad_input_comes_back_with_the_error_and_what_was_typed(world: World) -> None:
    project = approved(world.project(CODE))
    filler = client_for(world, "filler")
    filler.post(url(project, "start"))
    response = filler.post(
        url(project, "save"), {**FORM, "executed": "约25万", "actual_1": "x" * 201}
    )
    assert response.status_code == 200
    page = text(response)
    assert "未保存" in page
    assert "全年执行数「约25万」不是可保存的金额" in page
    assert "第 2 行「工作完成情况比率」的实际完成值过长" in page
    assert 'name="executed" value="约25万"' in page
    assert 'name="actual_0" value="85%"' in page
    assert SelfEvaluation.objects.get(project=project).executed is None


def test_only_the_units_filler_edits_and_only_a_draft(world: World) -> None:
    project = approved(world.project(CODE))
    filled(world)
    for role in ("unit_reviewer", "department_reviewer", "finance_reviewer", "readonly", "admin"):
        client = client_for(world, role)
        page = text(client.get(url(project)))
        assert "93.87" in page
        assert 'name="actual_0"' not in page
        assert "人工调整得分" not in page
        assert client.post(url(project, "save"), FORM).status_code == 403
        assert (
            client.post(
                url(project, "adjust"), {"index": "0", "score": "1", "reason": "r"}
            ).status_code
            == 403
        )
    assert client_for(world, "other_filler").get(url(project)).status_code == 404
    filler = client_for(world, "filler")
    filler.post(url(project, "submit"))
    page = text(filler.get(url(project)))
    assert 'name="actual_0"' not in page
    assert "当前状态下您没有可执行的操作" in page
    response = filler.post(url(project, "save"), FORM, follow=True)
    assert "绩效自评当前为“已提交”，不能修改（草稿或已退回时才能修改）" in text(response)


def test_submitting_names_each_shortfall_without_an_explanation(world: World) -> None:
    project = approved(world.project(CODE))
    filler = client_for(world, "filler")
    filler.post(url(project, "start"))
    filler.post(url(project, "save"), FORM)
    saved = text(filler.get(url(project)))
    assert '执行率偏低的原因<span class="required">（须填写）</span>' in saved  # 83.96% < 90%
    assert 'name="execution_reason"' in saved
    page = text(filler.post(url(project, "submit"), follow=True))
    assert (
        "绩效自评还不能提交：预算执行率 83.96% 低于评分方案的要求，"
        "须在预算执行情况下方填写执行率偏低的原因；第 1 行「工作主动性比率」未完全达成"
    ) in page
    assert (
        "第 6 行「群众满意度」未完全达成（得分 8.95，分值 10.00），须填写偏差原因分析及改进措施"
        in page
    )
    assert SelfEvaluation.objects.get(project=project).status == "draft"
    explained = {
        **FORM,
        **{f"deviation_{i}": why for i, why in EXPLAINED.items()},
        "execution_reason": "两项代理服务合同延期签订，资金延后支付",
    }
    filler.post(url(project, "save"), explained)
    page = text(filler.post(url(project, "submit"), {"comment": "请审核"}, follow=True))
    assert "绩效自评已提交" in page
    assert "草稿 → 已提交" in page
    assert "提交时的自评内容" in page


def test_the_filler_adjusts_a_score_on_the_page(world: World) -> None:
    project = approved(world.project(CODE))
    filled(world)
    filler = client_for(world, "filler")
    page = text(
        filler.post(
            url(project, "adjust"), {"index": "3", "score": "14", "reason": " "}, follow=True
        )
    )
    assert "人工调整得分须写明理由" in page
    page = text(
        filler.post(
            url(project, "adjust"),
            {"index": "3", "score": "14", "reason": "应要求更新"},
            follow=True,
        )
    )
    assert "第 4 行的得分已调整" in page
    assert "人工调整：计算得分 12.50 分，调整为 14.00 分；理由：应要求更新（filler）" in page
    assert "第4行「资料更新比率」得分：12.50 → 14.00（人工调整）" in page
    assert "总分 95.37 分" in page


def test_reviewers_take_their_step_and_a_return_is_shown_to_the_unit(world: World) -> None:
    project = approved(world.project(CODE))
    selfeval.submit(filled(world), world.users["filler"])
    department = client_for(world, "department_reviewer")
    assert "审核通过</button>" not in text(department.get(url(project)))
    reviewer = client_for(world, "unit_reviewer")
    assert "审核通过</button>" in text(reviewer.get(url(project)))
    page = text(reviewer.post(url(project, "return"), {"comment": ""}, follow=True))
    assert "退回须填写退回意见" in page
    reviewer.post(url(project, "return"), {"comment": "第4行原因不具体"})
    page = text(client_for(world, "filler").get(url(project)))
    assert "绩效自评已被退回" in page
    assert "第4行原因不具体" in page
    assert 'name="deviation_3"' in page  # editable again


def test_the_page_costs_the_same_queries_however_many_rows_and_entries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    project = approved(world.project(CODE))
    filler, reviewer = client_for(world, "filler"), client_for(world, "unit_reviewer")

    def queries(client: Any, path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    page, api = url(project), f"/api/evaluation/projects/{project.pk}"
    filled(world)
    few = queries(filler, page), queries(filler, api)
    evaluation = SelfEvaluation.objects.get(project=project)
    data = project.data
    data["indicators"] = data["indicators"] * 5  # 30 rows
    Project.objects.filter(pk=project.pk).update(data=data)
    project.refresh_from_db()
    for step in range(5):
        evaluation = selfeval.save(
            evaluation, world.users["filler"],
            actuals={index: {"actual": ACTUALS[index % 6]} for index in range(30)},
            texts={"conclusion": f"第 {step + 1} 稿"},
        )  # fmt: skip
    assert (queries(filler, page), queries(filler, api)) == few
    # session, user, roles, the project with its self-evaluation and profile, the log
    with django_assert_max_num_queries(5):
        filler.get(page)
    with django_assert_max_num_queries(4):
        filler.get(api)
    selfeval.submit(
        selfeval.save(
            evaluation, world.users["filler"], actuals={i: {"deviation": "原因"} for i in range(30)}
        ),
        world.users["filler"],
    )
    with django_assert_max_num_queries(7):  # and who submitted it, and why it was returned
        assert "审核通过</button>" in text(reviewer.get(page))


def test_the_api_gives_the_arithmetic_and_answers_each_refusal(world: World) -> None:
    project = approved(world.project(CODE))
    filler = client_for(world, "filler")
    api = f"/api/evaluation/projects/{project.pk}"
    assert filler.get(api).json() == {"detail": "本项目尚未开始绩效自评"}
    started = filler.post(f"{api}/start", "{}", content_type="application/json")
    assert started.status_code == 200
    assert started.json()["figures"] == {
        "initial_budget": "300000.00", "full_year_budget": None, "executed": None,
    }  # fmt: skip
    body = {
        "full_year_budget": "300000.00",
        "executed": "251890.50",
        "actuals": [{"index": i, "actual": a} for i, a in ACTUALS.items()],
    }
    answer = filler.put(api, json.dumps(body), content_type="application/json")
    assert answer.status_code == 200
    data = answer.json()
    assert data["total_score"] == "93.87"
    assert data["grade"] == "优"
    assert data["profile"] == {
        "id": "central",
        "version": "2026.1",
        "title": "中央部门项目支出绩效自评默认方案",
    }
    assert (
        data["result"]["indicators"][0]["arithmetic"]
        == "反向：目标 80% ÷ 实际 85% × 分值 16.67 = 15.69 分"
    )
    assert len(data["submit_problems"]) == 4  # the low 执行率's reason and three shortfalls
    assert data["submit_problems"][0].startswith("预算执行率 83.96% 低于评分方案的要求")
    bad = filler.put(
        api,
        json.dumps({"executed": "abc", "actuals": [{"index": 7, "actual": "1"}]}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["problems"] == [
        "全年执行数「abc」不是可保存的金额，请填写如 251.89 的数字（单位：元；整数部分最多 14 位，小数最多 6 位）",
        "没有第 8 行指标：本表共 6 行",
    ]
    reviewer = client_for(world, "unit_reviewer")
    assert reviewer.put(api, json.dumps(body), content_type="application/json").status_code == 403
    adjusted = filler.post(
        f"{api}/adjust",
        json.dumps({"index": 3, "score": "14", "reason": "应要求更新"}),
        content_type="application/json",
    )
    assert adjusted.json()["result"]["indicators"][3]["adjustment"]["computed"] == "12.50"
    refused = filler.post(f"{api}/submit", "{}", content_type="application/json")
    assert refused.status_code == 409
    assert "须填写偏差原因分析及改进措施" in refused.json()["detail"]
    explained = {
        "actuals": [{"index": i, "deviation": why} for i, why in EXPLAINED.items()],
        "execution_reason": "两项代理服务合同延期签订，资金延后支付",
    }
    filler.put(api, json.dumps(explained), content_type="application/json")
    assert (
        filler.post(f"{api}/submit", "{}", content_type="application/json").json()["status"]
        == "submitted"
    )
    again = filler.put(api, json.dumps(body), content_type="application/json")
    assert again.status_code == 409
    assert again.json() == {"detail": "绩效自评当前为“已提交”，不能修改（草稿或已退回时才能修改）"}
    assert (
        reviewer.post(
            f"{api}/return", json.dumps({"comment": ""}), content_type="application/json"
        ).status_code
        == 409
    )
    assert (
        reviewer.post(f"{api}/approve", "{}", content_type="application/json").json()["status"]
        == "department_review"
    )
    assert client_for(world, "other_filler").get(api).status_code == 404


@pytest.mark.parametrize("path", ["save", "adjust", "submit", "start"])
def test_writes_need_the_csrf_token(world: World, path: str) -> None:
    project = approved(world.project(CODE))
    filled(world)
    client = client_for(world, "filler", csrf=True)
    assert client.post(url(project, path), FORM).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_page_in_a_browser(
    world: World, live_server: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The filler's page with the seed's table filled in, as a screenshot (selfeval.png): the
    form, each score's arithmetic, a row still to explain, an adjusted score, the log."""
    from tests.web.test_browser import CHROMIUM, SHOTS

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop; Django's ORM calls here are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    project = approved(world.project(CODE))
    evaluation = selfeval.save(
        filled(world), world.users["filler"], actuals={5: {"deviation": ""}},
        texts={"conclusion": "全年人事代理工作按计划推进，资料更新次数超出目标。"},
    )  # fmt: skip
    selfeval.adjust_score(evaluation, world.users["filler"], 3, "14", "两次更新系上级临时要求")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )  # fmt: skip
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        server = str(live_server)
        page.goto(f"{server}/login/")
        page.fill("input[name=username]", "filler")
        page.fill("input[name=password]", "pw-filler")
        page.click("text=登录 >> nth=-1")
        page.goto(f"{server}{url(project)}")
        body = page.inner_text("main")
        assert "反向：目标 80% ÷ 实际 85% × 分值 16.67 = 15.69 分" in body
        assert "人工调整：计算得分 12.50 分，调整为 14.00 分" in body
        assert page.locator("td.missing").count() == 1  # 群众满意度, still to explain
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.screenshot(path=str(SHOTS / "selfeval.png"), full_page=True)
        browser.close()
