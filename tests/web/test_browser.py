"""The main flow in a real browser (Debian's Chromium, headless): import, fix, submit, return,
resubmit, approve, lock, then the department-wide targets submitted and approved. A screenshot of
each page goes to artifacts/screenshots/ (or $JIXIAO_SCREENSHOTS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.framework import framework
from jixiao.targets.models import Project
from tests.web.conftest import CHROMIUM, SHOTS, World

CODE = "322-0601-YBN-5D8Z"

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def signed_in(browser: object, server: str, name: str, width: int = 1280) -> object:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()  # type: ignore[attr-defined]
    page.goto(f"{server}/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", f"pw-{name}")
    page.click("text=登录 >> nth=-1")
    return page


def shot(page: object, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_the_review_cycle_in_a_browser(
    browser: object, live_server: object, world: World, seed_path: Path
) -> None:
    server = str(live_server)
    filler = signed_in(browser, server, "filler")
    shot(filler, "01-todo")
    # the whole document (both units' tables, the department's own targets): the department
    # imports it; the unit's filler then works on their tables
    importer = signed_in(browser, server, "department_reviewer")
    importer.goto(f"{server}/import/")
    importer.fill("input[name=year]", "2025")
    importer.set_input_files("input[name=file]", str(seed_path))
    importer.click("text=上传并预览")
    assert "审核发现问题 75 处" in importer.content()
    # what was read, row by row: the raw value and how it was read, beside its findings
    read = importer.locator(f"details.read:has(summary:has-text('{CODE}'))")
    assert read.get_attribute("open") is not None  # tables with 错误 open by themselves
    row = read.locator("tr", has_text="群众满意度")
    assert row.locator("td").nth(5).inner_text() == "≤85%"
    assert row.locator("td").nth(6).inner_text() == "≤ 85 %"
    assert "建议改为「≥85%」" in row.inner_text()
    shot(importer, "02-import-preview")
    importer.click("text=确认导入")
    assert "已导入 秦皇岛市山海关区商务局 2025年度" in importer.content()
    assert "部门整体绩效目标" in importer.locator("h1").inner_text()  # lands on what was stored

    project = Project.objects.get(document__fiscal_year__year=2025, code=CODE)
    filler.goto(f"{server}/projects/{project.pk}/")
    assert "建议改为「≥85%」" in filler.content()
    shot(filler, "03-table-with-findings")
    filler.goto(f"{server}/projects/{project.pk}/indicators/5/")
    offered = "els => els.map(e => e.value)"
    every = [two.name for one in framework() for two in one.level2]
    assert filler.eval_on_selector_all("#level2 optgroup option", offered) == every
    assert filler.input_value("#level2") == "服务对象满意度指标"
    filler.fill("input[name=target]", "≥85%")
    filler.wait_for_selector("text=读作：≥ 85 %")
    shot(filler, "04-indicator-editor")
    filler.click("text=保存")
    assert "建议改为「≥85%」" not in filler.content()
    # the table still carries 错误: it goes only with the filler's reason
    assert "处错误。请先改正" in filler.content()
    filler.fill("form:has(button:text('确认带错误提交')) textarea", "名称与单位问题待部门统一口径")
    filler.click("button:text('确认带错误提交')")
    assert "已提交" in filler.content()

    def act(name: str, button: str, comment: str = "同意，错误已与单位沟通") -> object:
        page = signed_in(browser, server, name)
        page.goto(f"{server}/projects/{project.pk}/")
        page.fill(f"form:has(button:text('{button}')) textarea", comment)
        page.click(f"button:text('{button}')")
        return page

    act("unit_reviewer", "审核通过")
    act("department_reviewer", "审核通过")
    finance = act("finance_reviewer", "退回", "资料更新比率单位与名称不符，请修改后重报")
    assert "已退回" in finance.content()
    shot(finance, "05-returned")

    filler.goto(f"{server}/projects/{project.pk}/")
    banner = filler.locator(".banner.returned")
    assert "本表已被退回" in banner.inner_text()
    assert "资料更新比率单位与名称不符，请修改后重报" in banner.inner_text()
    assert filler.locator("h1 .status").inner_text() == "已退回"
    shot(filler, "05b-returned-banner")
    filler.goto(f"{server}/")
    assert "已退回：资料更新比率单位与名称不符" in filler.content()
    filler.goto(f"{server}/projects/{project.pk}/")
    filler.fill("form:has(button:text('确认带错误提交')) textarea", "已按意见说明，名称待统一")
    filler.click("button:text('确认带错误提交')")
    for name in ("unit_reviewer", "department_reviewer", "finance_reviewer"):
        page = act(name, "审核通过")
    assert "已批复" in page.content()
    filler.goto(f"{server}/projects/{project.pk}/")
    content = filler.content()
    assert "已批复" in content
    assert ">修改<" not in content  # locked: only 目标调整 remains
    assert "目标调整" in content
    shot(filler, "06-approved-locked")
    filler.goto(f"{server}/projects/{project.pk}/versions/")
    shot(filler, "07-versions")

    keeper = signed_in(browser, server, "department_reviewer")
    keeper.goto(f"{server}/documents/{project.document_id}/")
    keeper.click("button:text('提交财政审核')")
    assert "部门整体绩效目标已提交" in keeper.content()
    finance = signed_in(browser, server, "finance_reviewer")
    finance.goto(f"{server}/documents/{project.document_id}/")
    finance.click("button:text('审核通过')")
    content = finance.content()
    assert "部门整体绩效目标已审核通过" in content
    assert "财政审核 → 已批复" in content
    shot(finance, "08-department-approved")


def test_rows_on_a_phone(browser: object, live_server: object, world: World) -> None:
    """A 390 px phone: the page does not scroll sideways (its tables do, inside it), no column is
    squeezed to one character, the menu wraps; deleting a row asks first, a new row opens its
    editor, and the editor moves the 二级 into the group of the 一级 chosen."""
    server = str(live_server)
    project = world.project(CODE)
    phone = signed_in(browser, server, "filler", width=390)
    for url, name in (("/", "09-phone-todo"), (f"/projects/{project.pk}/", "10-phone-table")):
        phone.goto(server + url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        narrowest = phone.evaluate(
            "Math.min(...[...document.querySelectorAll('main td, main th')]"
            ".map(c => c.getBoundingClientRect().width))"
        )
        assert narrowest >= 50  # 4.5em at 16px: three characters and padding at the least
        header = phone.evaluate("document.querySelector('header').getBoundingClientRect().width")
        assert header <= 390
        shot(phone, name)

    rows = len(project.to_core().indicators)
    asked: list[str] = []

    def answer(dialog: object) -> None:
        asked.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    phone.on("dialog", answer)
    phone.click("form:has(input[name=index][value='0']) button:text('删除')")
    assert asked == ["确定删除第1行指标「工作主动性比率」吗？"]
    assert len(Project.objects.get(pk=project.pk).to_core().indicators) == rows  # dismissed

    phone.click("text=增加一行指标")
    phone.wait_for_url(f"**/projects/{project.pk}/indicators/{rows}/")
    assert f"第 {rows + 1} 行指标" in phone.content()
    phone.select_option("#level1", "效益指标")
    assert phone.input_value("#level2") == "经济效益指标"
    phone.select_option("#level2", "可持续影响指标")
    phone.select_option("#level1", "效益指标")
    assert phone.input_value("#level2") == "可持续影响指标"  # already in the group: kept
    shot(phone, "11-phone-indicator-editor")
