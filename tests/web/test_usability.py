"""What a person meets on the pages: error pages with a way back, a menu of what the role may use,
names instead of login names, their own password, asked before a row is deleted, every category
in the indicator editor, the audit log in words, and the static files served by the application
itself (DEBUG off, as in a deployment: Django's test client runs with DEBUG False)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from jixiao.audit.models import AuditEntry
from jixiao.core.framework import framework
from jixiao.targets.history import describe, history
from jixiao.targets.models import Project
from tests.web.conftest import World, client_for

CODE = "322-0601-YBN-5D8Z"
TEMPLATES = Path(settings.BASE_DIR) / "jixiao" / "web" / "templates"


def page_of(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def assert_way_back(page: str) -> None:
    assert '<a href="/" data-back>返回上一页</a>' in page  # back.js: history.back()
    assert '<a href="/">回到待办</a>' in page
    assert not settings.DEBUG


# Error pages --------------------------------------------------------------------------------------


def test_404_says_why_in_chinese_with_a_way_back(world: World) -> None:
    client = client_for(world, "other_filler")
    response = client.get(f"/projects/{world.project(CODE).pk}/")
    assert response.status_code == 404
    page = page_of(response)
    assert "<h1>页面不存在</h1>" in page
    assert "没有这个项目，或您无权查看" in page
    assert_way_back(page)
    assert "待办</a>" in page  # in the site's layout: the menu is there

    nowhere = client.get("/no-such-page/")
    assert nowhere.status_code == 404
    assert "您要打开的页面不存在" in page_of(nowhere)
    assert "Resolver404" not in page_of(nowhere)
    assert "Not Found" not in page_of(nowhere)


def test_403_in_chinese_with_a_way_back(world: World) -> None:
    response = client_for(world, "readonly").get("/import/")
    assert response.status_code == 403
    page = page_of(response)
    assert "<h1>无权操作</h1>" in page
    assert "您的角色不能使用这个页面或操作" in page
    assert_way_back(page)


def test_405_for_a_form_address_opened_in_the_browser(world: World) -> None:
    response = client_for(world, "filler").get(f"/projects/{world.project(CODE).pk}/submit/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = page_of(response)
    assert "<h1>不能这样打开</h1>" in page
    assert_way_back(page)


def test_the_api_keeps_its_own_405(world: World) -> None:
    response = client_for(world, "filler").get(f"/api/projects/{world.project(CODE).pk}/submit")
    assert response.status_code == 405
    assert "<h1>" not in page_of(response)


@pytest.mark.urls("tests.web.error_urls")
def test_500_in_chinese_with_a_way_back(world: World) -> None:
    client = client_for(world, "filler")
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    page = page_of(response)
    assert "<h1>系统出错</h1>" in page
    assert "测试用的故障" not in page  # the cause is logged, not shown
    assert_way_back(page)


def test_an_expired_form_gets_a_chinese_page(world: World) -> None:
    client = client_for(world, "filler", csrf=True)
    response = client.post(f"/projects/{world.project(CODE).pk}/rows/add/")
    assert response.status_code == 403
    assert "<h1>页面已过期</h1>" in page_of(response)


# The menu and who is signed in ---------------------------------------------------------------------


def menu_of(page: str) -> list[str]:
    nav = re.search(r"<nav>(.*?)</nav>", page, re.S)
    assert nav is not None
    return re.findall(r">([^<]+)</a>", nav.group(1))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("filler", ["待办", "绩效目标文本", "运行监控", "导入"]),
        ("department_reviewer", ["待办", "绩效目标文本", "运行监控", "导入"]),
        ("readonly", ["待办", "绩效目标文本", "运行监控"]),
        ("unit_reviewer", ["待办", "绩效目标文本", "运行监控"]),
        ("finance_reviewer", ["待办", "绩效目标文本", "运行监控"]),
        ("admin", ["待办", "绩效目标文本", "运行监控", "导入", "评分方案"]),
    ],
)
def test_the_menu_offers_only_what_the_role_may_use(
    world: World, role: str, expected: list[str]
) -> None:
    page = page_of(client_for(world, role).get("/"))
    assert menu_of(page) == expected
    for label, url in (("导入", "/import/"), ("评分方案", "/evaluation/profiles/")):
        if label not in expected:
            assert client_for(world, role).get(url).status_code == 403


def test_the_admin_is_in_the_menu_of_staff_only(world: World) -> None:
    assert "管理后台" not in menu_of(page_of(client_for(world, "admin").get("/")))
    world.users["admin"].is_staff = True
    world.users["admin"].save()
    page = page_of(client_for(world, "admin").get("/"))
    assert menu_of(page)[-1] == "管理后台"
    assert '<a href="/admin/">管理后台</a>' in page


def test_the_current_page_is_marked_in_the_menu(world: World) -> None:
    page = page_of(client_for(world, "filler").get("/documents/"))
    assert '<a href="/documents/" aria-current="page">绩效目标文本</a>' in page


def test_the_header_shows_the_name_and_unit(world: World) -> None:
    filler = world.users["filler"]
    filler.first_name = "田宝"
    filler.save()
    page = page_of(client_for(world, "filler").get("/"))
    header = page[page.index("<header>") : page.index("</header>")]
    assert ">田宝</span>" in header
    assert f"<small>{world.investment_unit.name}</small>" in header
    assert '<a href="/password/">修改密码</a>' in header
    # without a name, the login name
    header = page_of(client_for(world, "readonly").get("/"))
    assert ">readonly</span><small>秦皇岛市山海关区商务局</small>" in header


def test_comments_and_the_audit_log_show_the_name(world: World) -> None:
    reviewer = world.users["department_reviewer"]
    reviewer.first_name = "朱冠"
    reviewer.save()
    project = world.project(CODE)
    client = client_for(world, "department_reviewer")
    client.post(f"/projects/{project.pk}/comments/", {"text": "请核实", "target": "row:1"})
    page = page_of(client_for(world, "filler").get(f"/projects/{project.pk}/"))
    assert '<span class="tag">意见</span><strong>朱冠</strong>：请核实' in page  # beside the row
    assert "<strong>朱冠</strong> " in page  # in the list of remarks
    assert "department_reviewer" not in page
    assert "<td>朱冠</td><td>审核意见</td><td>针对第2行</td><td>请核实</td>" in page


# Password -----------------------------------------------------------------------------------------


def test_the_standard_password_validators_are_configured() -> None:
    from django.contrib.auth.password_validation import get_default_password_validators

    names = [type(v).__name__ for v in get_default_password_validators()]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


def test_a_user_changes_their_password(world: World) -> None:
    client = client_for(world, "filler")
    page = page_of(client.get("/password/"))
    assert "<h1>修改密码</h1>" in page
    assert "旧密码" in page
    short = client.post(
        "/password/",
        {"old_password": "pw-filler", "new_password1": "12345", "new_password2": "12345"},
    )
    assert short.status_code == 200
    refused = page_of(short)
    assert "密码" in refused
    assert "too short" not in refused
    assert "太短" in refused
    new = "Shanhaiguan-2024-xy"
    response = client.post(
        "/password/", {"old_password": "pw-filler", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response["Location"] == "/password/done/"
    assert "<h1>密码已修改</h1>" in page_of(client.get("/password/done/"))
    # django-axes checks every authentication against a request (its lockout is per address)
    assert Client().login(request=HttpRequest(), username="filler", password=new)
    assert not Client().login(request=HttpRequest(), username="filler", password="pw-filler")


def test_the_admins_own_password_page_is_left_alone(world: World) -> None:
    admin = world.users["admin"]
    admin.is_staff = True
    admin.save()
    page = page_of(client_for(world, "admin").get("/admin/password_change/"))
    assert "<nav>" not in page  # Django's admin template, not the site's page


# Indicator rows -----------------------------------------------------------------------------------


def test_deleting_a_row_asks_first(world: World) -> None:
    project = world.project(CODE)
    page = page_of(client_for(world, "filler").get(f"/projects/{project.pk}/"))
    assert 'data-confirm="确定删除第1行指标「工作主动性比率」吗？"' in page  # asked by confirm.js
    rows = len(project.to_core().indicators)
    assert page.count("data-confirm=") == rows  # the delete buttons only
    assert page.count("确定删除第") == rows


def test_a_row_name_cannot_break_out_of_the_confirm(world: World) -> None:
    project = world.project(CODE)
    client = client_for(world, "filler")
    client.post(
        f"/projects/{project.pk}/indicators/0/",
        {"level1": "产出指标", "level2": "质量指标", "name": "x');alert(1);('", "target": "≥1次"},
    )
    page = page_of(client.get(f"/projects/{project.pk}/"))
    assert "alert(1)" in page
    assert "x');alert(1)" not in page
    # an attribute's text, escaped for HTML: confirm.js shows it, nothing runs it
    assert 'data-confirm="确定删除第1行指标「x&#x27;);alert(1);(&#x27;」吗？"' in page


def test_adding_a_row_opens_its_editor(world: World) -> None:
    project = world.project(CODE)
    rows = len(project.to_core().indicators)
    client = client_for(world, "filler")
    response = client.post(f"/projects/{project.pk}/rows/add/")
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/indicators/{rows}/"
    assert f"第 {rows + 1} 行指标" in page_of(client.get(response["Location"]))


def test_no_row_is_added_to_a_submitted_table(world: World) -> None:
    project = world.project(CODE)
    Project.objects.filter(pk=project.pk).update(status="submitted")
    response = client_for(world, "filler").post(f"/projects/{project.pk}/rows/add/")
    assert response.status_code == 403


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def selected(page: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select is not None
    found = re.findall(r'<option value="([^"]*)" ?selected', select.group(0))
    assert len(found) == 1, found
    return found[0]


def test_the_editor_offers_every_category_of_the_framework(world: World) -> None:
    project = world.project(CODE)
    page = page_of(client_for(world, "filler").get(f"/projects/{project.pk}/indicators/3/"))
    level2 = options(page, "level2")
    for one in framework():
        assert one.name in options(page, "level1")
        for two in one.level2:
            assert two.name in level2, two.name
        group = re.search(rf'<optgroup label="{one.name}">(.*?)</optgroup>', page, re.S)
        assert group is not None
        assert re.findall(r'value="([^"]*)"', group.group(1)) == [t.name for t in one.level2]
    for name in ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
                 "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标"):  # fmt: skip
        assert name in level2
    # the seed's own wording of this row's 一级 (效果指标) is kept, and chosen
    assert selected(page, "level1") == "效果指标"
    assert "效果指标（表中原写法）" in page
    assert selected(page, "level2") == "经济效益指标"


def test_saving_the_editor_untouched_keeps_the_rows_wording(world: World) -> None:
    project = world.project(CODE)
    client = client_for(world, "filler")
    before = project.to_core().indicators[3]
    response = client.post(
        f"/projects/{project.pk}/indicators/3/",
        {"level1": "效果指标", "level2": "经济效益指标", "name": before.name,
         "description": before.description or "", "target": before.target.raw,
         "basis": before.basis or "", "basis_kind": before.basis_kind or ""},
    )  # fmt: skip
    assert response.status_code == 302
    after = Project.objects.get(pk=project.pk).to_core().indicators[3]
    assert (after.level1, after.level2) == ("效果指标", "经济效益指标")
    assert after.category is not None
    assert after.category.level1 == "效益指标"


def test_a_blank_category_is_offered_as_blank(world: World) -> None:
    project = world.project(CODE)
    client = client_for(world, "filler")
    client.post(
        f"/projects/{project.pk}/indicators/0/",
        {"level1": "", "level2": "", "name": "企业人数", "target": "≥5人"},
    )
    page = page_of(client.get(f"/projects/{project.pk}/indicators/0/"))
    assert selected(page, "level1") == ""
    assert selected(page, "level2") == ""
    assert "表中原写法" not in page


# Glyphs -----------------------------------------------------------------------------------------


def test_no_template_uses_a_glyph_the_cjk_font_lacks() -> None:
    """Emoji and other symbols outside the Basic Multilingual Plane, or in its emoji blocks, have
    no glyph in Noto Sans CJK (the font the pages ask for): they render as an empty box."""
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        odd = [c for c in text if ord(c) > 0xFFFF or 0x2600 <= ord(c) <= 0x27BF]
        assert not odd, (template.name, odd)


def test_a_comment_is_marked_in_words(world: World) -> None:
    project = world.project(CODE)
    client_for(world, "department_reviewer").post(
        f"/projects/{project.pk}/comments/", {"text": "请补充依据", "target": "field:purpose"}
    )
    page = page_of(client_for(world, "filler").get(f"/projects/{project.pk}/"))
    assert '<span class="tag">意见</span><strong>department_reviewer</strong>：请补充依据' in page


# The audit log ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "change"),
    [
        ({"target": "row:1"}, "针对第2行"),
        ({"target": "row:0"}, "针对第1行"),
        ({"target": "field:purpose"}, "针对资金用途"),
        ({"target": ""}, "针对整张表"),
        ({"index": "5", "rule": "direction.positive-upper-bound"}, "针对第6行、审核意见「"),
    ],
)
def test_a_comments_audit_entry_reads_in_words(world: World, post: dict, change: str) -> None:
    project = world.project(CODE)
    client_for(world, "department_reviewer").post(
        f"/projects/{project.pk}/comments/", {"text": "请核实", **post}
    )
    entry = AuditEntry.objects.get(action="comment")
    assert describe(entry).startswith(change)
    assert "row" not in describe(entry)
    assert "field" not in describe(entry)
    assert "direction." not in describe(entry)  # rules are named by their title
    line = history([project])[0]
    assert (line.action, line.reason) == ("审核意见", "请核实")


# Static files and the API docs, served by the application -----------------------------------------


def body(response: object) -> bytes:
    try:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    finally:
        response.close()  # type: ignore[attr-defined]


def test_ninja_is_an_installed_app() -> None:
    assert "ninja" in settings.INSTALLED_APPS


def test_the_admin_is_styled_from_the_installed_apps_before_collectstatic(
    db: None, settings: object, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "not-collected"  # type: ignore[attr-defined]
    response = Client().get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert b"body" in body(response)


def test_collected_static_files_are_served(db: None, settings: object, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path / "static"  # type: ignore[attr-defined]
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "admin" / "css" / "base.css").is_file()
    response = Client().get("/static/admin/css/base.css", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"  # compressed by collectstatic
    body(response)
    assert Client().get("/static/admin/css/no-such.css").status_code == 404


def test_the_api_docs_load_nothing_from_outside(world: World) -> None:
    client = client_for(world, "filler")
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = page_of(response)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert "validatorUrl" in page  # Swagger UI asks no outside validator either
    for source in sources:
        assert source.startswith("/static/ninja/"), source
        served = client.get(source)
        assert served.status_code == 200, source
        body(served)


def test_the_admin_is_in_chinese(world: World) -> None:
    admin = world.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    page = page_of(client_for(world, "admin").get("/admin/"))
    assert "绩效 jixiao 管理" in page
    for label in ("组织与人员", "绩效目标", "审计日志", "组织", "角色分配", "绩效目标文本"):
        assert label in page, label
    assert "Site administration" not in page
    assert 'href="/static/admin/css/base.css"' in page


def test_the_readme_shows_only_paths_inside_the_repository() -> None:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme
    assert "tests/fixtures/corpus/*.txt" in readme
    assert list((Path(settings.BASE_DIR) / "tests" / "fixtures" / "corpus").glob("*.txt"))
    assert "jixiao demo --reset-passwords" in readme
    assert "manage.py changepassword tianbao" in readme
